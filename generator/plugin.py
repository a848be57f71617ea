"""The `katalog` MkDocs plugin: a thin adapter that publishes the generator's pages through MkDocs.

Section pages (home, overviews) are generated Markdown files that MkDocs renders like any page.
Entry and index pages, tens of thousands of them, are not: MkDocs renders one placeholder page per
URL depth (see shell.py), this plugin captures it and fills it for every page after the build.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from .entries.catalogue import load_catalogue
from .entries.messages import format_problem
from .opendata.dcat import dataset_json_ld
from .opendata.exports import EXPORTS_BY_PATH, build_export_files, build_result_row_files
from .search.index import build_index_files, search_asset_files
from .settings import OutputFile, SiteSettings
from .site.afterdata import fill_page, has_slots
from .site.bodycache import cache_file, default_cache_dir
from .site.head import json_ld
from .site.languages import INDONESIAN, LANGUAGES_BY_CODE
from .site.plan import Page, PageJob, Site, build_site, plan_pages
from .site.preview import affected_urls
from .site.redirects import redirect_files
from .site.rendering import body_renderer, render_page
from .site.shell import HEAD, Shell, placeholder_markdown, set_language
from .site.sitemap import build_robots, build_sitemaps, is_empty_index
from .site.stylesheet import STYLESHEET_PATH, build_stylesheet
from .site.writing import OutsideSite, write_output, write_pages
from .urls import DATA_PAGE, DEFAULT_PATTERNS, UrlPatterns, depth

log = logging.getLogger("mkdocs.plugins.katalog")
SHELL_ROOT = "katalog-shell"


class KatalogConfig(base.Config):  # type: ignore[no-untyped-call]
    content_dir = c.Type(str, default="content")
    """Folder holding `innovations/` and `taxonomies/`, relative to mkdocs.yml."""
    province_scope = c.ListOfItems(c.Type(str), default=[])
    """Province slugs a hub publishes; empty publishes every province and `nasional`."""
    edit_url = c.Type(str, default="")
    """Base URL to which an entry's source path is appended for its "edit" link; default:
    `<repo_url>/edit/main/` when `repo_url` is set."""
    page_size = c.Type(int, default=24)
    """Cards per index page: fixed, so no page grows with the catalogue."""
    palette_primary = c.Type(str, default="#0b3a75")
    """Main colour (`#rrggbb`) when the theme palette says `primary: custom`."""
    palette_accent = c.Type(str, default="#b07d00")
    """Accent colour (`#rrggbb`) when the theme palette says `accent: custom`."""
    entry_url = c.Type(str, default=DEFAULT_PATTERNS.entry)
    """Where an entry's page lives; `{id}` is `<province>/<slug>`."""
    province_url = c.Type(str, default=DEFAULT_PATTERNS.province)
    """Where a province's index pages live; `{slug}` is the province slug."""
    regency_url = c.Type(str, default=DEFAULT_PATTERNS.regency)
    """Where a regency's or city's index pages live; `{slug}` is its Kemendagri code."""
    sector_url = c.Type(str, default=DEFAULT_PATTERNS.sector)
    """Where a sector's index pages live."""
    sdg_url = c.Type(str, default=DEFAULT_PATTERNS.sdg)
    """Where an SDG goal's index pages live; `{slug}` is the goal number."""
    year_url = c.Type(str, default=DEFAULT_PATTERNS.year)
    """Where a launch year's index pages live."""
    award_url = c.Type(str, default=DEFAULT_PATTERNS.award)
    """Where an award programme's index pages live."""
    replication_url = c.Type(str, default=DEFAULT_PATTERNS.replication)
    """The replication overview."""
    province_replication_url = c.Type(str, default=DEFAULT_PATTERNS.province_replication)
    """A province's replications to and from other regions."""
    search = c.Type(bool, default=True)
    """Build the search index; `false` makes a quick preview build without search."""
    processes = c.Type(int, default=0)
    """Worker processes for entry pages; 0 uses every available core."""
    cache_dir = c.Type(str, default="")
    """Where rendered bodies are kept between builds, relative to mkdocs.yml; default
    `$KATALOG_CACHE_DIR`, else `$XDG_CACHE_HOME/katalog`, else `~/.cache/katalog`."""


class KatalogPlugin(BasePlugin[KatalogConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self._site: Site | None = None
        self._section_pages: dict[str, Page] = {}
        self._bulk_jobs: list[PageJob] = []
        self._shell_uris: dict[str, int] = {}  # placeholder src_uri -> URL depth
        self._slotted_pages: list[str] = []  # pages naming the size of a file written after them
        self._shells: dict[int, Shell] = {}
        self._theme_urls: list[str] = []  # pages MkDocs itself wrote, for the sitemap
        self._content_dir = Path("content")
        self._deferred_data = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        global _PREVIEW_DIRTY
        _PREVIEW_DIRTY = command == "serve" and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        here = Path(config.config_file_path or ".").resolve().parent
        self._content_dir = here / self.config.content_dir
        if STYLESHEET_PATH not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET_PATH)
        return config

    def settings(self, config: MkDocsConfig) -> SiteSettings:
        edit = self.config.edit_url
        if not edit and config.repo_url:
            edit = config.repo_url.rstrip("/") + "/edit/main/"
        return SiteSettings(
            site_name=config.site_name,
            site_url=config.site_url or "",
            repo_edit_url=edit,
            province_scope=tuple(self.config.province_scope),
            page_size=self.config.page_size,
            patterns=self.patterns(),
        )

    def patterns(self) -> UrlPatterns:
        o = self.config
        return UrlPatterns(
            entry=o.entry_url, province=o.province_url, regency=o.regency_url,
            sector=o.sector_url, sdg=o.sdg_url, year=o.year_url, award=o.award_url,
            replication=o.replication_url,
            province_replication=o.province_replication_url,
        )  # fmt: skip

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self.settings(config)
        catalogue = load_catalogue(self._content_dir, province_scope=settings.province_scope)
        for problem in catalogue.problems:
            (log.error if problem.is_error else log.info)(format_problem(problem))
        if catalogue.errors:
            raise PluginError(
                f"{len(catalogue.errors)} error di katalog (lihat baris di atas); "
                "perbaiki lalu bangun ulang"
            )
        site = self._site = build_site(catalogue, settings)
        self._section_pages = {}
        self._slotted_pages = []
        self._bulk_jobs = []
        self._theme_urls = []
        body_of = body_renderer(site)
        for job in plan_pages(site):
            if not job.is_section:
                self._bulk_jobs.append(job)
                continue
            src_uri = f"{job.url}index.md"
            if files.get_file_from_path(src_uri) is not None:
                log.info(f"katalog: {src_uri} in docs/ replaces the generated page")
                continue
            page = render_page(site, job, body_of)
            self._section_pages[src_uri] = page
            files.append(File.generated(config, src_uri, content=_front_matter(page)))
        self._shell_uris = {}
        for level in sorted({depth(job.url) for job in self._bulk_jobs}):
            src_uri = "/".join([SHELL_ROOT, *["x"] * (level - 1)]) + ".md"
            self._shell_uris[src_uri] = level
            files.append(File.generated(config, src_uri, content=placeholder_markdown()))
        stylesheet = build_stylesheet(
            catalogue.vocab.goals.values(), self.config.palette_primary, self.config.palette_accent
        )
        files.append(File.generated(config, STYLESHEET_PATH, content=stylesheet))
        for output in search_asset_files():
            files.append(File.generated(config, output.path, content=output.content))
        # The search index and open data span the whole catalogue: they are written beside the
        # pages in on_post_build, and after them in a preview rebuild. MkDocs is told of the
        # files (pages link to them) but leaves the writing to us.
        self._deferred_data = _is_preview_rebuild(Path(config.site_dir))
        for data_path in _data_paths(self.config.search):
            files.append(_WrittenByPlugin.generated(config, data_path, content=b""))
        for src_uri, path in _media_files(site):
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        return files

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self._section_pages.get(page.file.src_uri)
        return generated.body if generated is not None else html

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        level = self._shell_uris.get(page.file.src_uri)
        if level is None:
            # Pages kept out of the nav on purpose (the benchmark report) stay out of the sitemap.
            if page.file.inclusion.is_in_nav():  # type: ignore[no-untyped-call]
                self._theme_urls.append(page.url)
            if has_slots(output):
                self._slotted_pages.append(page.file.dest_uri)
            return output.replace(HEAD, self._theme_page_head(page), 1)
        self._shells[level] = Shell.capture(output, page.url)
        return ""  # MkDocs writes nothing for an empty page: the placeholder never ships

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str:
        return output_content.replace(HEAD, "", 1)  # 404.html: no page-specific head tags

    def _theme_page_head(self, page: MkDocsPage) -> str:
        """The head tags of a page MkDocs renders: a generated section page's own, and the
        Dataset description on the open-data page."""
        generated = self._section_pages.get(page.file.src_uri)
        if generated is not None:
            return generated.head
        site = self._site
        if site is not None and page.url == DATA_PAGE:
            return json_ld(dataset_json_ld(site.catalogue, site.settings))
        return ""

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        try:
            self._post_build(config)
        except OutsideSite as error:
            raise PluginError(str(error)) from None

    def _post_build(self, config: MkDocsConfig) -> None:
        if self._site is None:
            return
        shells = self._shells
        missing = set(self._shell_uris.values()) - set(shells)
        if missing:
            raise PluginError(f"katalog: placeholder pages not rendered for depths {missing}")

        sections = {index.facet.key: index.overview_url for index in self._site.facets}
        sections["replikasi"] = self._site.patterns.replication
        variants: dict[tuple[int, str, str], Shell] = {}

        def wrap(page: Page) -> str:
            key = (depth(page.url), page.section, page.language)
            shell = variants.get(key)
            if shell is None:
                target = "../" * key[0] + sections.get(page.section, "")
                language = LANGUAGES_BY_CODE[page.language]
                shell = variants[key] = shells[key[0]].edited(
                    lambda html: (
                        set_language(
                            mark_active_section(html, target), language.code, language.locale
                        )
                        if language.code != INDONESIAN
                        else mark_active_section(html, target)
                    )
                )
            return shell.fill(page)

        site_dir = Path(config.site_dir)
        jobs = _jobs_to_write(site_dir, self._site, shells, self._bulk_jobs)
        site, search = self._site, self.config.search
        sized = tuple(self._slotted_pages)
        if self._deferred_data:
            write_pages(site, jobs, wrap, site_dir, self._cache_path(config), self.config.processes)
            _refresh_data_later(site, search, site_dir, sized)
        else:
            # A core that page writers leave idle builds the search index and open data meanwhile.
            with _beside(lambda: _write_outputs(_data_outputs(site, search), site_dir)):
                write_pages(
                    site, jobs, wrap, site_dir, self._cache_path(config), self.config.processes
                )
            _fill_slots(site_dir, sized)
        _PREVIOUS_BUILDS[str(site_dir)] = _Build(site, dict(shells), tuple(self._bulk_jobs))
        self._write_sitemaps(site_dir)

    def _write_sitemaps(self, site_dir: Path) -> None:
        """MkDocs' sitemap lists the placeholders and misses the filled pages: replace it
        (and drop its gzip copy, which carries a timestamp)."""
        assert self._site is not None
        (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
        (site_dir / "sitemap.xml").unlink(missing_ok=True)
        if not self._site.settings.site_url:
            (site_dir / "robots.txt").write_bytes(build_robots(""))
            return  # a sitemap needs absolute URLs
        urls = self._theme_urls + [
            job.url for job in self._bulk_jobs if not is_empty_index(self._site, job)
        ]
        site_url = self._site.settings.site_url
        for name, content in build_sitemaps(site_url, urls).items():
            (site_dir / name).write_bytes(content)
        (site_dir / "robots.txt").write_bytes(build_robots(site_url))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self._content_dir))
        return server

    def _cache_path(self, config: MkDocsConfig) -> Path:
        here = Path(config.config_file_path or ".").resolve().parent
        folder = here / self.config.cache_dir if self.config.cache_dir else default_cache_dir()
        return cache_file(folder, here)


@dataclass(frozen=True, slots=True)
class _Build:
    site: Site
    shells: dict[int, Shell]
    jobs: tuple[PageJob, ...]


# `mkdocs serve` makes a new plugin for every rebuild but keeps the process: the last build of
# each site folder is remembered here, so a `--dirty` preview rewrites only what an edit touches.
_PREVIOUS_BUILDS: dict[str, _Build] = {}


# Set by on_startup: `mkdocs serve --dirty`, the preview `make serve` runs.
_PREVIEW_DIRTY = False
_REFRESH_LOCK = threading.Lock()


def _is_preview_rebuild(site_dir: Path) -> bool:
    return _PREVIEW_DIRTY and str(site_dir) in _PREVIOUS_BUILDS


def _refresh_data_later(site: Site, search: bool, site_dir: Path, sized: Sequence[str]) -> None:
    """Rewrite the search index and open data after the pages are up; a later edit waits."""

    def refresh() -> None:
        with _REFRESH_LOCK:
            _write_outputs(_data_outputs(site, search), site_dir)
            _fill_slots(site_dir, sized)
            log.info("katalog: search index and open data refreshed")

    threading.Thread(target=refresh, name="katalog-data-refresh", daemon=True).start()


def _fill_slots(site_dir: Path, pages: Sequence[str]) -> None:
    """Write what the pages say about the files just written: sizes, inlined JSON."""
    for dest in pages:
        page = site_dir / dest
        html = page.read_text(encoding="utf-8")
        filled = fill_page(html, lambda path: _read_site_file(site_dir, path))
        if filled != html:
            page.write_text(filled, encoding="utf-8")


def _read_site_file(site_dir: Path, path: str) -> bytes | None:
    target = site_dir / path
    return target.read_bytes() if target.is_file() else None


def _write_outputs(outputs: list[OutputFile], site_dir: Path) -> None:
    for output in outputs:
        write_output(site_dir, output)


@contextmanager
def _beside(work: Callable[[], None]) -> Iterator[None]:
    """Run `work` in a forked process while the body of the `with` runs; fail if it fails."""
    if not hasattr(os, "fork"):
        work()
        yield
        return
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        status = 0
        try:
            work()
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            os._exit(status)
    try:
        yield
    finally:
        _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise PluginError("katalog: writing the search index and open data failed (see above)")


def _jobs_to_write(
    site_dir: Path, site: Site, shells: dict[int, Shell], jobs: list[PageJob]
) -> Sequence[PageJob]:
    previous = _PREVIOUS_BUILDS.get(str(site_dir))
    if previous is None or previous.shells != shells or not jobs:
        return jobs
    if not (site_dir / jobs[-1].url / "index.html").exists():
        return jobs  # a clean build emptied the folder
    urls = affected_urls(previous.site, site, jobs)
    if urls is None:
        return jobs
    current = {job.url for job in jobs}
    for gone in {job.url for job in previous.jobs} - current:
        (site_dir / gone / "index.html").unlink(missing_ok=True)
    urls |= current - {job.url for job in previous.jobs}
    log.info(f"katalog: {len(urls)} of {len(jobs)} pages touched by the edit")
    return [job for job in jobs if job.url in urls]


def mark_active_section(html: str, href: str) -> str:
    """Highlight the section a filled page belongs to, as Material does for pages in its nav
    (the placeholder is in no section). Markup that does not match is left alone."""
    for item, link in (("md-tabs__item", "md-tabs__link"), ("md-nav__item", "md-nav__link")):
        html = re.sub(
            rf'<li class="{item}">(\s*)<a href="{re.escape(href)}" class="{link}">',
            rf'<li class="{item} {item}--active">\1<a href="{href}" class="{link}">',
            html,
            count=1,
        )
    return html


def _front_matter(page: Page) -> str:
    """A generated section page: the theme reads title and description; the body is replaced
    after Markdown (on_page_content), so Markdown never sees our HTML."""
    import json

    # JSON strings are valid YAML scalars, and escape everything YAML would trip on. The home
    # page states no title: the theme then titles it with the site name alone, where a title
    # would read "<site name> - <site name>".
    title = f"title: {json.dumps(page.title)}\n" if page.url else ""
    return (
        f"---\n{title}description: {json.dumps(page.description)}\n"
        "hide: [navigation, toc]\n---\n\nkatalog\n"
    )


class _WrittenByPlugin(File):
    """A file MkDocs knows of (for links and the sitemap) but the plugin writes itself."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _data_paths(search: bool) -> list[str]:
    # Only the files pages link to; the search index's own shards are fetched by script.
    return [*EXPORTS_BY_PATH, *(["search/meta.json"] if search else [])]


def _data_outputs(site: Site, search: bool) -> list[OutputFile]:
    """Open data, feed, form vocabulary, the pages at former URLs and (unless turned off) the
    search index: everything built from the whole catalogue rather than page by page."""
    outputs = build_export_files(site.catalogue, site.settings)
    outputs += redirect_files(site.catalogue, site.settings)
    if search:
        outputs += build_index_files(site.catalogue, site.settings)
        outputs += build_result_row_files(site.catalogue, site.settings)
    return outputs


def _media_files(site: Site) -> list[tuple[str, Path]]:
    """Images beside an entry (`<province>/<slug>/`) are published beside its page: only those
    validation accepted (regular image files, never a symlink)."""
    return [
        (site.patterns.entry_url(entry_id) + path.name, path)
        for entry_id, paths in sorted(site.catalogue.media.items())
        for path in paths
    ]
