"""Hostile entry bodies, sanitised, in the system Chromium: no script runs, no foreign frame loads.

Each payload of tests/test_rendering.py (and the embed bypasses the audit found) is rendered by
`render_body` into its own page, served on 127.0.0.1; the browser reports every dialog, every
script-set marker and every request that leaves the loopback server.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import playwright.sync_api as playwright_api
import pytest

from generator.site.bodies import render_body
from tests.browser.chromium import ARGS, CHROMIUM, require_chromium, serve_folder
from tests.test_rendering import HOSTILE, HOSTILE_EMBEDS, VIDEO

pytestmark = pytest.mark.browser

PREFIX = "contoh/"
MARK = "window.top.__pwned=1"
PAYLOADS = [
    *HOSTILE,
    *(f'<iframe src="{url}"></iframe>' for url in HOSTILE_EMBEDS),
    f'<iframe src="https://evil.example\\@www.youtube.com/embed/{VIDEO}" '
    'allow="camera; microphone" sandbox="allow-top-navigation"></iframe>',
    f'<img src="{PREFIX}javascript:{MARK}">',
    f'<img src="./javascript:{MARK}">',
    f"![x]({PREFIX}javascript:{MARK})",
    f'<iframe src="{PREFIX}javascript:{MARK}"></iframe>',
    f'<a href="{PREFIX}javascript:{MARK}" id="link">x</a>',
    f'<img src="x" onerror="{MARK}">',
    f'<iframe srcdoc="<script>{MARK}</script>"></iframe>',
]
YOUTUBE_HOSTS = {"www.youtube.com", "www.youtube-nocookie.com"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("bodies")
    for number, markdown in enumerate(PAYLOADS):
        body = render_body(f"Teks.\n\n{markdown}\n", PREFIX)
        page = (
            '<!doctype html><html lang="id"><meta charset="utf-8"><title>uji</title>'
            f"<main>{body}</main><p id=source>{html.escape(markdown)}</p></html>"
        )
        (root / f"{number}.html").write_text(page, encoding="utf-8")
    with serve_folder(root) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.mark.parametrize("number", range(len(PAYLOADS)), ids=[p[:60] for p in PAYLOADS])
def test_a_hostile_body_neither_runs_script_nor_frames_another_site(
    browser: Any, served: str, number: int
) -> None:
    context = browser.new_context()
    foreign: list[str] = []
    dialogs: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(served):
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(f"{served}{number}.html")
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(200)
    pwned = tab.evaluate("() => window.__pwned === 1")
    # What a click would open, as the browser parses each link and image.
    schemes = tab.evaluate(
        "() => [...document.querySelectorAll('main a[href], main img[src]')]"
        ".map(e => new URL(e.getAttribute('href') ?? e.getAttribute('src'), location).protocol)"
    )
    frames = [frame.url for frame in tab.frames[1:]]
    context.close()
    assert dialogs == [] and not pwned, PAYLOADS[number]
    assert set(schemes) <= {"http:", "https:", "mailto:", "tel:"}, (PAYLOADS[number], schemes)
    allowed = [u for u in foreign if urlsplit(u).hostname in YOUTUBE_HOSTS]
    assert foreign == allowed, (PAYLOADS[number], foreign)
    assert all(urlsplit(u).hostname in YOUTUBE_HOSTS | {None} for u in frames if u != "about:blank")
    assert "evil" not in " ".join(foreign + frames)


def test_a_youtube_embed_loads_from_youtube_in_a_sandbox(browser: Any, tmp_path: Path) -> None:
    body = render_body(f'<iframe src="https://www.youtube.com/embed/{VIDEO}"></iframe>\n')
    (tmp_path / "video.html").write_text(f"<!doctype html><main>{body}</main>", encoding="utf-8")
    with serve_folder(tmp_path) as base:
        context = browser.new_context()
        requested: list[str] = []

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith(base):
                request_route.continue_()
            else:
                requested.append(url)
                request_route.fulfill(status=200, content_type="text/html", body="<p>player</p>")

        context.route("**/*", route)
        tab = context.new_page()
        tab.goto(f"{base}video.html")
        frame = tab.locator("iframe")
        frame.scroll_into_view_if_needed()
        tab.wait_for_timeout(300)
        sandbox = frame.get_attribute("sandbox")
        context.close()
    assert requested == [f"https://www.youtube.com/embed/{VIDEO}"]
    assert sandbox == "allow-scripts allow-same-origin allow-presentation"
