"""The built site in the system Chromium: navigation, a phone screenshot, axe-core (WCAG 2.1 AA).

The fixture catalogue (synthetic) is built with the real theme and served on 127.0.0.1.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest

from tests.browser.chromium import ARGS, AXE, CHROMIUM, require_chromium, serve_folder
from tests.site_fixture import build_site

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ENTRY = "inovasi/jawa-barat/antrean-puskesmas-daring/"
BARE_ENTRY = "inovasi/jawa-tengah/akta-kelahiran-kilat/"  # states neither stage nor status
STATED_ENTRY = ENTRY  # states both


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(tmp_path_factory.mktemp("browser"))
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core from npm (tests/browser/package.json), installed here if `make test` has not."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("axe-core missing and no npm: run `npm ci --prefix tests/browser`")
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(HERE)],
                       check=True)  # fmt: skip
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Only the local site: a request anywhere else (fonts, CDNs) would fail the product's promise.
    foreign: list[str] = []

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith(base_url):
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    yield tab
    context.close()
    assert not foreign, f"requests outside the site: {foreign}"


def test_home_to_facet_to_entry_and_back(page: Any, base_url: str) -> None:
    page.goto(base_url)
    assert page.locator("h1").inner_text() == "Katalog Uji"
    page.locator(".kt-explore").get_by_role("link", name="Provinsi", exact=True).click()
    page.wait_for_url(f"{base_url}provinsi/")
    page.locator(".kt-terms").get_by_role("link", name="Jawa Barat").click()
    page.wait_for_url(f"{base_url}provinsi/jawa-barat/")
    assert page.locator(".kt-card").count() == 2  # page_size 2 of 3 entries
    page.get_by_role("link", name="Berikutnya").click()
    page.wait_for_url(f"{base_url}provinsi/jawa-barat/2/")
    # later pages list compact rows; a row's link is reached and followed from the keyboard
    assert page.locator(".kt-card").count() == 0
    row = page.locator(".kt-rows li")
    assert row.count() == 1 and row.inner_text().startswith("[UJI] Cek Izin Usaha\n")
    page.get_by_role("link", name="[UJI] Cek Izin Usaha").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}inovasi/jawa-barat/cek-izin-usaha/")
    assert page.locator("h1").inner_text() == "[UJI] Cek Izin Usaha"
    page.locator(".kt-facts").get_by_role("link", name="Perizinan").click()
    page.wait_for_url(f"{base_url}sektor/perizinan/")
    assert "[UJI] Cek Izin Usaha" in page.locator(".kt-cards").inner_text()


def test_replication_links_both_ways(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}inovasi/jawa-tengah/akta-kelahiran-kilat/")
    page.locator(".kt-replication").get_by_role(
        "link", name="[UJI] Antrean Puskesmas Daring"
    ).click()
    page.wait_for_url(f"{base_url}{ENTRY}")
    adopters = page.locator(".kt-adopters").inner_text()
    assert "Disdukcapil Kota Uji Tengah" in adopters and "Uji Timur" in adopters


def test_entry_page_on_a_phone(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    tab = context.new_page()
    tab.goto(f"{base_url}{ENTRY}")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "entry-360x740.png"))
    tab.screenshot(path=str(ARTIFACTS / "entry-360-full.png"), full_page=True)
    for url in ("", "provinsi/", ENTRY, "provinsi/jawa-barat/"):
        tab.goto(f"{base_url}{url}")
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{url or 'home'} scrolls sideways on a phone ({width}px)"
    context.close()


# Every kind of page: home, each overview and a term page (its first page, with cards, and a later
# one, with rows), entries with and without optional
# fields, the replication pages, the docs pages and the 404 page.
EVERY_PAGE_TYPE = [
    "", "provinsi/", "sektor/", "sdg/", "tahun/", "penghargaan/", "provinsi/jawa-barat/",
    "provinsi/jawa-barat/2/", "sektor/perizinan/", "tahun/2019/", ENTRY, BARE_ENTRY,
    "replikasi/", "cari/", "data/", "kontribusi/", "tentang/", "404.html",
]  # fmt: skip


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", EVERY_PAGE_TYPE)
def test_no_page_scrolls_sideways_on_a_phone(phone: Any, base_url: str, url: str) -> None:
    phone.goto(f"{base_url}{url}")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{url or 'home'} scrolls sideways on a phone ({width}px)"


@pytest.mark.parametrize("url", ["", "provinsi/"])
def test_tile_map_numbers_are_readable_or_the_list_stands_in(
    browser: Any, base_url: str, url: str
) -> None:
    for width in (360, 1280):
        context = browser.new_context(viewport={"width": width, "height": 740})
        tab = context.new_page()
        tab.goto(f"{base_url}{url}")
        tiles = tab.locator(".kt-tilemap")
        if tiles.is_visible():
            heights = tab.eval_on_selector_all(
                ".kt-tilemap .kt-tilemap__count",
                "els => els.map(e => e.getBBox().height * e.ownerSVGElement.getScreenCTM().d)",
            )
            sizes = tab.eval_on_selector_all(
                ".kt-tilemap rect", "els => els.map(e => e.getBoundingClientRect().width)"
            )
            assert min(heights) >= 12 and min(sizes) >= 24, (width, min(heights), min(sizes))
        else:
            items = tab.locator(".kt-tilelist li a")
            assert width < 600 and items.count() > 0
            names = items.locator(".kt-tilelist__name").all_inner_texts()
            counts = [int(c) for c in items.locator(".kt-tilelist__count").all_inner_texts()]
            assert counts == sorted(counts, reverse=True) and "Jawa Barat" in names
            assert items.first.get_attribute("href", timeout=1000).endswith("provinsi/jawa-barat/")
        # every tile links to its province and names it for a screen reader
        first = tab.locator(".kt-tilemap a").first
        assert first.get_attribute("href").endswith("/aceh/") and first.get_attribute("aria-label")
        context.close()


def test_facts_panel_shows_stage_and_status_only_when_stated(phone: Any, base_url: str) -> None:
    phone.goto(f"{base_url}{BARE_ENTRY}")
    facts = phone.locator(".kt-facts").inner_text()
    assert "Tahap" not in facts and "Status" not in facts and "Penerapan" not in facts
    phone.goto(f"{base_url}{STATED_ENTRY}")
    facts = phone.locator(".kt-facts").inner_text()
    assert "Tahap" in facts and "Status" in facts


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("url", EVERY_PAGE_TYPE)
def test_no_serious_accessibility_violation(
    browser: Any, base_url: str, axe_source: str, url: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(f"{base_url}{url}")
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert not serious, "\n".join(serious)
