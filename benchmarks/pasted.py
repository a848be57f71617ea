"""A query pasted into a cold /cari/ on "Fast 3G": issue 12's search budget (results ≤ 1.2 s).

One page load: a browser with an empty cache opens /cari/ of a built site (served with gzip, as
static hosts serve it) on the throttled profile and waits until the page has settled; then the
query is pasted into the page's box. The figure is the time from the paste until the result
list shows the query's results; what was downloaded in between comes from the page's own
Resource Timing (the same clock), so a file fetched after the results (the facet counts) does
not count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.search_bench import FAST_3G, serve

QUERY = "akta kelahiran"  # two words that many synthetic entries share: large posting lists
CHROMIUM = Path("/usr/bin/chromium")
# See tests/browser/chromium.py: the closed network refuses Chromium's background calls, and as
# root it needs --no-sandbox.
ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
PAGE_TIMEOUT_MS = 120_000

# Resolves (wrapped in an object, or evaluate_handle would wait for it) with the time of the
# paste (the box's first input event, seen by window before the page's own listener starts any
# fetch) and the time the result list first holds the query's results; performance.now()'s clock.
_WATCH = """([selector, query, limit]) => ({done: new Promise(resolve => {
  let start = null;
  setTimeout(() => resolve({start, end: null}), limit);
  window.addEventListener('input', () => { if (start === null) start = performance.now(); },
                          {capture: true});
  const done = () => {
    const el = document.querySelector(selector);
    return start !== null && el && el.getAttribute('data-query') === query &&
      el.children.length > 0;
  };
  new MutationObserver((_, obs) => {
    if (done()) { obs.disconnect(); resolve({start, end: performance.now()}); }
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
})})"""
_RESOURCES = """() => performance.getEntriesByType('resource').map(e => ({
  name: e.name, start: e.startTime, end: e.responseEnd, bytes: e.transferSize
}))"""


class NoResults(RuntimeError):
    """The page never listed results for the pasted query (within PAGE_TIMEOUT_MS)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """One request of the page, as Resource Timing reports it (milliseconds, page clock)."""

    url: str
    start_ms: float
    end_ms: float
    bytes: int  # transferred: headers and the (gzipped) body


@dataclass(frozen=True, slots=True)
class PastedQuery:
    seconds: float  # from the paste until the results are shown
    bytes: int  # transferred in between
    requests: int
    round_trips: int  # waves of requests, each waiting on a response of the one before
    files: tuple[str, ...]  # the paths fetched, in request order


def not_measured_reason(site_dir: Path) -> str | None:
    """Why the pasted query cannot be measured here, or None when it can."""
    if not (site_dir / "cari" / "index.html").is_file():
        return "the site has no /cari/ page"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make .venv/.installed)"
    return None


def fetched_between(
    resources: Sequence[Mapping[str, Any]], start: float, end: float
) -> list[Fetched]:
    """The requests made after `start` whose response was complete by `end`, in request order."""
    found = [
        Fetched(str(r["name"]), float(r["start"]), float(r["end"]), int(r["bytes"]))
        for r in resources
        if float(r["start"]) >= start and 0 < float(r["end"]) <= end
    ]
    return sorted(found, key=lambda f: f.start_ms)


def round_trips(fetched: Sequence[Fetched]) -> int:
    """Waves of requests: a request opens a new wave when it starts after a response of the
    current wave arrived (it could have waited on it); the rest went out together."""
    waves = 0
    first_end = None
    for item in sorted(fetched, key=lambda f: f.start_ms):
        if first_end is None or item.start_ms >= first_end:
            waves += 1
            first_end = item.end_ms
        else:
            first_end = min(first_end, item.end_ms)
    return waves


def summarize(times: Mapping[str, float], resources: Sequence[Mapping[str, Any]]) -> PastedQuery:
    """The figure from what the page reported: the watcher's times and its resource entries."""
    if times.get("start") is None or times.get("end") is None:
        raise NoResults("the pasted query showed no results")
    start, end = float(times["start"]), float(times["end"])
    fetched = fetched_between(resources, start, end)
    return PastedQuery(
        seconds=round((end - start) / 1000, 3),
        bytes=sum(f.bytes for f in fetched),
        requests=len(fetched),
        round_trips=round_trips(fetched),
        files=tuple(_path(f.url) for f in fetched),
    )


def _path(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


def measure_pasted_query(site_dir: Path, query: str = QUERY) -> PastedQuery:
    """Open /cari/ cold on Fast 3G, paste `query` into its box, wait for the results."""
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as (base, _traffic), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=list(ARGS))
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", FAST_3G)
            page.goto(base + "cari/", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_selector("[data-kat-cari][data-state=ready]", timeout=PAGE_TIMEOUT_MS)
            page.wait_for_load_state("networkidle", timeout=PAGE_TIMEOUT_MS)
            watcher = page.evaluate_handle(_WATCH, ["[data-kat-results]", query, PAGE_TIMEOUT_MS])
            page.fill("[data-kat-cari] input[type=search]", query)
            times = page.evaluate("w => w.done", watcher)
            resources = page.evaluate(_RESOURCES)
            context.close()
        finally:
            browser.close()
    return summarize(times, resources)
