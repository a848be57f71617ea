"""Search budgets at 1k/10k/50k synthetic entries: index build time and memory, bytes a visitor
downloads (gzip, as static hosts serve JSON/JS/CSS) and time to results on throttled "Fast 3G".

    python -m benchmarks.search_bench --entries 1000 10000 50000

Pages come from a small site built by MkDocs with the katalog plugin (tests/catalogue/search);
its `search/` folder is replaced by the index of the synthetic catalogue, which is all the
search code reads. Synthetic catalogues are written under benchmarks/out/ (never published).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.synth import write_catalogue
from generator.entries.catalogue import load_catalogue
from generator.search.index import build_search_files
from generator.settings import SiteSettings
from generator.site.afterdata import fill_page
from tests.browser.chromium import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
# Chrome DevTools' "Fast 3G" preset: 1.6 Mbps down and 750 kbps up, each x0.9, and 150 ms RTT
# x3.75 = 562.5 ms added to every request (the browser-side model Lighthouse also uses).
FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1_000_000 / 8 * 0.9,
    "uploadThroughput": 750 * 1_000 / 8 * 0.9,
}
TEXT_TYPES = (".json", ".js", ".css", ".html", ".svg", ".xml")
TYPING_DELAY_MS = 150  # about 7 characters a second, a quick phone typist


# ---- index build -----------------------------------------------------------------------------


def _pss_kib(pid: int) -> int:
    """Proportional set size: pages shared with forked workers count once across the tree."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    found = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                for child in handle.read().split():
                    found += _tree(int(child))
    except OSError:
        pass
    return found


@dataclass
class BuildFigures:
    entries: int
    load_s: float
    index_s: float
    index_cpu_s: float
    baseline_mib: float  # the process after loading the catalogue
    peak_mib: float  # the process and its workers while indexing (PSS)
    files: int
    raw_bytes: int
    gzip_bytes: int


def build_index(n: int, site: Path) -> BuildFigures:
    """Loads and indexes in a fresh process (no threads, so it may fork workers as a real build
    does) while this one samples the memory of its process tree."""
    folder = OUT / f"search-{n}"
    if not (folder / "content" / "innovations").exists():
        write_catalogue(n, folder)
    shutil.rmtree(site / "search", ignore_errors=True)
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.search_bench", "--index-only", str(folder / "content"),
         str(site)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert child.stdout is not None
    baseline = peak = 0
    loaded = threading.Event()

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            if loaded.is_set():
                peak = max(peak, sum(_pss_kib(p) for p in _tree(child.pid)))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    first = child.stdout.readline()
    baseline = _pss_kib(child.pid)
    loaded.set()
    rest = child.stdout.read()
    child.wait()
    sampler.join()
    _refill_inlined_index(site)
    figures = json.loads(first) | json.loads(rest)
    return BuildFigures(
        n, figures["load_s"], figures["index_s"], figures["index_cpu_s"], baseline / 1024,
        peak / 1024, figures["files"], figures["raw_bytes"], figures["gzip_bytes"],
    )  # fmt: skip


def _refill_inlined_index(site: Path) -> None:
    """/cari/ carries search/meta.json inline (filled when the site was built): give it the
    synthetic index's, as a build of that catalogue would."""
    page = site / "cari" / "index.html"
    if page.is_file():

        def read(path: str) -> bytes | None:
            target = site / path
            return target.read_bytes() if target.is_file() else None

        page.write_text(fill_page(page.read_text(encoding="utf-8"), read), encoding="utf-8")


def _cpu_seconds() -> float:
    # CPU time is steadier than wall time when other work shares the machine's two cores
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def index_only(content: Path, site: Path) -> None:
    """The child side of build_index: prints load figures, then index figures, as JSON lines."""
    start = time.perf_counter()
    catalogue = load_catalogue(content)
    print(json.dumps({"load_s": round(time.perf_counter() - start, 2)}), flush=True)
    time.sleep(0.1)  # let the parent take the baseline
    cpu = _cpu_seconds()
    start = time.perf_counter()
    files = build_search_files(catalogue, SiteSettings())
    index_s = time.perf_counter() - start
    index_cpu = _cpu_seconds() - cpu
    raw = packed = 0
    for output in files:
        target = site / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.content)
        raw += len(output.content)
        packed += len(gzip.compress(output.content, 6)) if output.path.endswith(TEXT_TYPES) else 0
    print(json.dumps({
        "index_s": round(index_s, 2), "index_cpu_s": round(index_cpu, 2), "files": len(files),
        "raw_bytes": raw, "gzip_bytes": packed,
    }), flush=True)  # fmt: skip


# ---- serving with gzip and counting ----------------------------------------------------------


@dataclass
class Traffic:
    sent: list[tuple[str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def mark(self) -> int:
        with self.lock:
            return len(self.sent)

    def since(self, mark: int, prefix: tuple[str, ...] = ("/",)) -> tuple[int, int]:
        with self.lock:
            hits = [b for path, b in self.sent[mark:] if path.startswith(prefix)]
        return sum(hits), len(hits)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as static hosts (which also speak HTTP/2)
    traffic: Traffic
    cache: dict[str, bytes]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        local = Path(self.translate_path(path))
        if local.is_dir():
            local = local / "index.html"
        if not local.is_file():
            self.send_error(404)
            return
        body = local.read_bytes()
        gz = "gzip" in self.headers.get("Accept-Encoding", "") and local.suffix in TEXT_TYPES
        if gz:
            key = str(local)
            if key not in self.cache:
                self.cache[key] = gzip.compress(body, 6)
            body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        self.send_header("Content-Length", str(len(body)))
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        with self.traffic.lock:
            self.traffic.sent.append((path, len(body)))


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser closed while a response was still on its way (a page's later fetches): not
        # the server's error, and no traceback in the harness's output.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path) -> Iterator[tuple[str, Traffic]]:
    traffic = Traffic()
    handler = type("Handler", (_GzipHandler,), {"traffic": traffic, "cache": {}})
    server = _QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/", traffic
    finally:
        server.shutdown()
        server.server_close()


# ---- browser scenarios -----------------------------------------------------------------------

SEARCH_FILES = ("/search/", "/assets/search/")
# Wrapped in an object: evaluate_handle would otherwise wait for the promise itself.
WATCH = """([selector, query]) => ({done: new Promise(resolve => {
  const t0 = performance.now();
  const done = () => {
    const el = document.querySelector(selector);
    return el && el.getAttribute('data-query') === query && el.children.length > 0;
  };
  if (done()) return resolve(0);
  new MutationObserver((_, obs) => {
    if (done()) { obs.disconnect(); resolve(performance.now() - t0); }
  }).observe(document.body, {subtree: true, childList: true, attributes: true});
})})"""


def throttled_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    return page, cdp


def header_query(
    browser: Any, base: str, traffic: Traffic, query: str, typed: bool
) -> dict[str, Any]:
    """From a province page: focus the header box, type (or paste) `query`; results visible?"""
    page, cdp = throttled_page(browser)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + "provinsi/")
    page.wait_for_load_state("load")
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    mark = traffic.mark()
    page.focus("#kat-search-input")
    if typed:
        page.keyboard.type(query[:-1], delay=TYPING_DELAY_MS)
    else:
        page.wait_for_timeout(50)
    watcher = page.evaluate_handle(WATCH, ["#kat-search-results", query])
    if typed:
        page.keyboard.type(query[-1])
    else:
        page.fill("#kat-search-input", query)
    elapsed = page.evaluate("w => w.done", watcher)
    page.wait_for_timeout(200)
    search_bytes, search_requests = traffic.since(mark, SEARCH_FILES)
    all_bytes, _ = traffic.since(mark)
    page.context.close()
    return {
        "ms": round(elapsed),
        "search_kb": round(search_bytes / 1000, 1),
        "requests": search_requests,
        "all_kb": round(all_bytes / 1000, 1),
    }


def page_view(browser: Any, base: str, traffic: Traffic, query_string: str) -> dict[str, Any]:
    """/cari/ opened at a shared URL: bytes of search files until results and counts show."""
    page, cdp = throttled_page(browser)
    cdp.send("Network.emulateNetworkConditions", FAST_3G)
    mark = traffic.mark()
    start = time.perf_counter()
    page.goto(base + "cari/" + query_string)
    page.wait_for_selector("[data-kat-cari][data-state=ready]", timeout=120_000)
    elapsed = time.perf_counter() - start
    page.wait_for_timeout(200)
    search_bytes, search_requests = traffic.since(mark, SEARCH_FILES)
    all_bytes, _ = traffic.since(mark)
    total = page.inner_text("[data-kat-status]")
    page.context.close()
    return {
        "s_to_ready": round(elapsed, 2),
        "search_kb": round(search_bytes / 1000, 1),
        "requests": search_requests,
        "page_total_kb": round(all_bytes / 1000, 1),
        "status": total,
    }


def run_browser(site: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with serve(site) as (base, traffic), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        out["header_typed_antrean_puskesmas"] = header_query(
            browser, base, traffic, "antrean puskesmas", typed=True
        )
        out["header_typed_pelayanan"] = header_query(browser, base, traffic, "pelayanan", True)
        out["header_pasted_akta_kelahiran"] = header_query(
            browser, base, traffic, "akta kelahiran", typed=False
        )
        out["page_text_query"] = page_view(browser, base, traffic, "?q=akta+kelahiran")
        out["page_filter_sector"] = page_view(browser, base, traffic, "?sektor=kesehatan")
        out["page_filter_combined"] = page_view(
            browser, base, traffic,
            "?provinsi=jawa-barat&provinsi=jawa-timur&sdg=3&tahun=2015-2020&status=aktif",
        )  # fmt: skip
        out["page_filter_rare_award"] = page_view(browser, base, traffic, "?penghargaan=unpsa")
        out["page_text_and_filters"] = page_view(
            browser, base, traffic, "?q=pelayanan&sektor=kesehatan&instansi=rumah-sakit"
        )
        browser.close()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--no-browser", action="store_true", help="index figures only")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--index-only", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.index_only:
        index_only(*args.index_only)
        return
    from tests.browser.test_search import build_test_site

    results = []
    for n in args.entries:
        work = OUT / f"search-site-{n}"
        shutil.rmtree(work, ignore_errors=True)
        site = build_test_site(work)
        figures = build_index(n, site)
        row: dict[str, Any] = {"build": figures.__dict__}
        print(json.dumps(row["build"]), flush=True)
        if not args.no_browser:
            row["browser"] = run_browser(site)
            print(json.dumps(row["browser"], ensure_ascii=False, indent=1), flush=True)
        results.append(row)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    print(f"cores available: {len(os.sched_getaffinity(0))}; python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
