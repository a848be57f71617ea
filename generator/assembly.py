"""The whole site, engine-neutral: every file it has apart from the theme's chrome.

Both the MkDocs plugin and `katalog pages` build the site from here, so another engine gets the
same files. A new kind of site file is one producer function added to `PRODUCERS`:
`(catalogue, settings) -> Iterable[OutputFile]`, paths relative to the site root. Pages are the
exception: there are tens of thousands, so they are rendered in parallel straight to disk, and the
engine gives their chrome (`Wrap`).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from markupsafe import escape

from .cache import build_cache_file
from .entries.catalogue import Catalogue
from .hubs import CARD_URL, LOGO_URL
from .opendata.exports import EXPORTS_BY_PATH, build_export_files, build_result_rows_index
from .search.index import SEARCH_ASSETS, build_index_files, search_asset_files
from .settings import OutputFile, SiteSettings
from .site.bodycache import EntryBodies, forget_other_bodies, prepare_cache
from .site.plan import Page, PageJob, Site, build_site, plan_pages
from .site.portable import MANIFEST, written_before
from .site.redirects import redirect_files
from .site.rendering import bodies_shown, render_hub_network, render_page
from .site.sitemap import build_robots, is_empty_index, sitemaps_of
from .site.stylesheet import STYLESHEET_PATH, build_stylesheet
from .site.writing import (
    SharedChunks,
    SiteFolder,
    default_processes,
    remove_files,
    run_forked,
    write_file,
    write_files,
)  # fmt: skip
from .urls import RESULT_ROWS

Producer = Callable[[Catalogue, SiteSettings], Iterable[OutputFile]]
Wrap = Callable[[Page], str]  # a page in the engine's chrome, as the HTML file's text

# Where a docs/ page (the hub guide, /hub/) shows the Hub JIPP networks (fill_hand_written).
HUB_NETWORK_MARKER = "<!-- katalog: hub-jipp -->"
PARALLEL_THRESHOLD = 2000  # pages; below this, starting workers costs more than it saves
# Pages a worker takes at a time: small enough to balance (0.1 s of work), large enough that
# their bodies rendered together stay warm in the processor's caches (EntryBodies.prepare).
PAGE_RUN = 128


def stylesheet_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    theme = settings.theme_stylesheet
    css = build_stylesheet(
        catalogue.vocab.goals.values(),
        settings.palette_primary,
        settings.palette_accent,
        theme.read_text(encoding="utf-8") if theme else "",
    )
    yield OutputFile(STYLESHEET_PATH, css.encode("utf-8"))


def search_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """The search UI's assets always (the search page links them), the index unless turned off."""
    yield from search_asset_files()
    if settings.search:
        yield from build_index_files(catalogue, settings)
        yield OutputFile(RESULT_ROWS, build_result_rows_index(catalogue, settings))


def open_data_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """JSON, CSV, the Atom feed and the contribution form's files; the exports the site leaves
    to its repository's release (`katalog release-assets` writes those) are not site files."""
    released = settings.released_paths
    yield from (f for f in build_export_files(catalogue, settings) if f.path not in released)


def media_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """Images beside an entry (`<province>/<slug>/`) are published beside its page: only those
    validation accepted (regular image files, never a symlink)."""
    for entry_id, paths in sorted(catalogue.media.items()):
        for path in paths:
            yield OutputFile(settings.patterns.entry_url(entry_id) + path.name, path.read_bytes())


def hub_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """A hub site's logo (and favicon), from its hub folder; the hub's mkdocs.yml points there.
    Its own link-preview card, when it has drawn one, replaces the theme's national card (written
    after the theme's files, at the path every page's og:image names)."""
    if settings.hub_logo is not None:
        yield OutputFile(hub_logo_path(settings.hub_logo), settings.hub_logo.read_bytes())
    if settings.hub_card is not None:
        yield OutputFile(CARD_URL, settings.hub_card.read_bytes())


def hub_logo_path(logo: Path) -> str:
    return LOGO_URL + logo.name


# Every site file besides pages and the sitemap, in the order they are written.
PRODUCERS: list[Producer] = [
    stylesheet_files,
    search_files,
    open_data_files,
    media_files,
    hub_files,
    redirect_files,  # pages at entries' former URLs (`redirect_from`)
]


def site_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """Every file of every producer."""
    for produce in PRODUCERS:
        yield from produce(catalogue, settings)


def linked_paths(settings: SiteSettings) -> list[str]:
    """Producer files that hand-written pages (docs/) may link to, known before they are built:
    an engine that checks links (MkDocs --strict) is told of them up front."""
    search = ["search/meta.json"] if settings.search else []
    logo = [hub_logo_path(settings.hub_logo)] if settings.hub_logo is not None else []
    exports = [path for path in EXPORTS_BY_PATH if path not in settings.released_paths]
    return [STYLESHEET_PATH, *(f"assets/{name}" for name in SEARCH_ASSETS), *exports,
            *search, *logo]  # fmt: skip


def fill_hand_written(site: Site, html: str) -> str:
    """A hand-written page (docs/) asks for what only the catalogue knows with a marker: the
    hub guide shows the Hub JIPP networks of the reference data where it says
    `HUB_NETWORK_MARKER`, and a download link marked `data-export="<path>"` points where the
    file is published (see `link_exports`). The engine calls this on each such page's HTML."""
    html = link_exports(html, site.settings)
    if HUB_NETWORK_MARKER not in html:
        return html
    return html.replace(HUB_NETWORK_MARKER, render_hub_network(site))


EXPORT_LINK = re.compile(r'href="[^"]*"(\s+data-export="([^"]+)")')
SIZE_OF = re.compile(r'<span class="kt-size" data-size-of="([^"]+)">[^<]*</span>')
RELEASED_NOTE = "rilis GitHub"


def link_exports(html: str, settings: SiteSettings) -> str:
    """`<a href="../data/katalog.json" data-export="data/katalog.json">`: the link as written
    for a file the site holds; for one the repository's release holds, its release URL, and the
    size slot says where it is (the build never makes that file, so it has no size to give)."""

    def link(match: re.Match[str]) -> str:
        url = settings.export_url(match.group(2))
        return match.group(0) if url is None else f'href="{escape(url)}"{match.group(1)}'

    def size(match: re.Match[str]) -> str:
        if settings.export_url(match.group(1)) is None:
            return match.group(0)
        return f'<span class="kt-size">{RELEASED_NOTE}</span>'

    return SIZE_OF.sub(size, EXPORT_LINK.sub(link, html))


def page_path(url: str) -> str:
    return url + "index.html"


def page_files(
    site: Site, jobs: Iterable[PageJob], wrap: Wrap, bodies: Callable[[int], str]
) -> Iterator[OutputFile]:
    for job in jobs:
        yield OutputFile(page_path(job.url), wrap(render_page(site, job, bodies)).encode("utf-8"))


def write_pages(
    site: Site,
    jobs: Sequence[PageJob],
    wrap: Wrap,
    out_dir: Path,
    cache_path: Path | None = None,
    first: Callable[[], None] | None = None,
    forget: bool = True,
) -> None:
    """Render and write `jobs` into `out_dir`, in `settings.processes` forked workers when there
    are many. The workers take runs of pages as they are free (SharedChunks), which balances the
    heavy entry pages; output does not depend on the split. `first` runs in this process before
    it joins the page writers: a process of its own would be a third copy of every entry it
    touches (forked workers end up with their own copy of what they read, see
    docs/benchmarks.md), and on all cores but one it would cost as much time. `forget`: drop the
    cached bodies of entries gone (O(N); a preview leaves it to write_data_apart)."""
    settings = site.settings
    workers = settings.processes or default_processes()
    if len(jobs) < PARALLEL_THRESHOLD:
        workers = min(workers, 1 if first is None else 2)  # the data files beside a few pages
    folder = SiteFolder(out_dir)
    for job in jobs:  # every target is checked before anything is written
        folder.target(page_path(job.url))
    cache = prepare_cache(cache_path)
    with SharedChunks(len(jobs), PAGE_RUN) as runs:

        def write() -> None:
            with EntryBodies(site.catalogue.entries, cache) as bodies:

                def mine() -> Iterator[PageJob]:
                    for run in runs:
                        taken = [jobs[n] for n in run]
                        bodies.prepare(bodies_shown(taken))
                        yield from taken

                write_files(out_dir, page_files(site, mine(), wrap, bodies))

        def first_then_write() -> None:
            if first is not None:
                first()
            write()

        run_forked([first_then_write, *[write] * (max(workers, 1) - 1)])
    if forget:
        forget_other_bodies(cache, site.catalogue.entries)


def write_sitemaps(settings: SiteSettings, urls: Iterable[str], out_dir: Path) -> list[str]:
    """sitemap.xml of `urls` (every page's directory URL); none without `site_url`, since a
    sitemap needs absolute URLs."""
    files = {"robots.txt": build_robots(settings.site_url)}  # names the sitemap when there is one
    if settings.site_url:
        files.update(sitemaps_of(settings.site_url, tuple(urls)))
    for name, content in files.items():
        write_file(out_dir, name, content)
    return sorted(files)


def write_data(catalogue: Catalogue, settings: SiteSettings, out_dir: Path) -> list[str]:
    """Write every producer's files; returns their paths."""
    return write_files(out_dir, site_files(catalogue, settings))


# How much lower than the server a preview's data refresh runs (see `nice(2)`).
DATA_NICENESS = 10


def write_data_apart(site: Site, out_dir: Path) -> list[str]:
    """What a preview's rebuild leaves for after its pages: every producer's files, and the body
    cache's bodies of entries gone (`write_pages(..., forget=False)`), in a forked process at a
    lower priority (where there is fork; else here, one after the other). In a thread of the
    server's process this work queued with the next edit's rebuild on the interpreter's lock: a
    10k-entry rebuild measured 12 s instead of 1.4 s."""
    server = os.getpid()
    with tempfile.TemporaryFile() as listing:

        def data() -> None:
            if os.getpid() != server:  # the child: the next rebuild goes first
                os.nice(DATA_NICENESS)
            forget_other_bodies(
                prepare_cache(build_cache_file(site.settings)), site.catalogue.entries
            )
            paths = write_data(site.catalogue, site.settings, out_dir)
            listing.write("\n".join(paths).encode("utf-8"))
            listing.flush()

        run_forked([_nothing, data])
        listing.seek(0)
        return [path for path in listing.read().decode("utf-8").split("\n") if path]


def _nothing() -> None:
    """The parent's share of `write_data_apart`: it only waits."""


def write_site(site: Site, jobs: Sequence[PageJob], wrap: Wrap, out_dir: Path) -> list[str]:
    """`jobs`' pages and every producer's files (written by this process first, while the
    forked workers start on the pages); returns the producer files' paths."""
    paths: list[str] = []

    def data() -> None:
        paths.extend(write_data(site.catalogue, site.settings, out_dir))

    write_pages(site, jobs, wrap, out_dir, build_cache_file(site.settings), first=data)
    return paths


def build_portable_site(
    catalogue: Catalogue, settings: SiteSettings, out_dir: Path, wrap: Wrap
) -> tuple[int, list[str]]:
    """The whole site with every page wrapped by `wrap`, no theme engine needed; returns the
    number of pages and every path written. Files of an earlier run that the site no longer has
    are removed."""
    previous = written_before(out_dir)  # before writing: NotOurFolder refuses a foreign folder
    site = build_site(catalogue, settings)
    jobs = list(plan_pages(site))
    written = [page_path(job.url) for job in jobs]
    written += write_site(site, jobs, wrap, out_dir)
    public = (job.url for job in jobs if not is_empty_index(site, job))
    written += write_sitemaps(settings, public, out_dir)
    remove_files(out_dir, sorted(previous - set(written)))
    write_file(out_dir, MANIFEST, ("\n".join(sorted(written)) + "\n").encode("utf-8"))
    return len(jobs), written
