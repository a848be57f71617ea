"""The `katalog` MkDocs plugin: glue that publishes the engine-neutral site (assembly.py).

Section pages (home, overviews) are generated Markdown files that MkDocs renders like any page.
Entry and index pages, tens of thousands of them, are not: MkDocs renders one placeholder page per
URL depth (see shell.py), this plugin captures it and fills it for every page after the build.
Every other site file (search, open data, media, stylesheet) comes from the assembly's producers.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Sequence
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

from .assembly import (
    fill_hand_written,
    linked_paths,
    page_path,
    write_data,
    write_pages,
    write_site,
    write_sitemaps,
)  # fmt: skip
from .cache import build_cache_file
from .entries.catalogue import load_catalogue
from .entries.messages import format_problem
from .hubs import hubs_root
from .opendata.dcat import dataset_json_ld
from .settings import OPTIONS, Option, SettingsError, SiteSettings, settings_from_options
from .site.afterdata import fill_page, has_slots
from .site.bodycache import EntryBodies
from .site.head import json_ld
from .site.languages import INDONESIAN, LANGUAGES_BY_CODE
from .site.plan import Page, PageJob, Site, build_site, plan_pages
from .site.preview import affected_urls
from .site.rendering import render_page
from .site.shell import HEAD, Shell, placeholder_markdown, set_language
from .site.sitemap import is_empty_index
from .site.stylesheet import STYLESHEET_PATH
from .site.writing import ForkedWorkFailed, OutsideSite, remove_files
from .urls import DATA_PAGE, depth

log = logging.getLogger("mkdocs.plugins.katalog")
SHELL_ROOT = "katalog-shell"


def _config_option(option: Option) -> base.BaseConfigOption[Any]:
    if option.kind is list:
        return c.ListOfItems(c.Type(str), default=list(option.default))  # type: ignore[call-overload]
    return c.Type(option.kind, default=option.default)


# The options are settings.OPTIONS, each declared (with its documentation) there only.
KatalogConfig: type[base.Config] = type(
    "KatalogConfig", (base.Config,), {o.name: _config_option(o) for o in OPTIONS}
)


@dataclass(slots=True)
class _Build:
    """What the last build wrote into a site folder, so the next (`--dirty`) one rewrites only
    what an edit touches and removes what the site no longer has."""

    site: Site
    shells: dict[int, Shell]
    jobs: tuple[PageJob, ...]
    pages: set[str]  # page files and sitemaps the plugin wrote


class KatalogPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    config_class = KatalogConfig

    def __init__(self) -> None:
        # MkDocs keeps one instance for the whole `mkdocs serve` (plugins with on_startup are
        # cached), so the previous builds live here.
        self._builds: dict[str, _Build] = {}
        self._preview = False  # `mkdocs serve --dirty`: data files follow the pages
        self._refresh_lock = threading.Lock()
        self._data: dict[str, set[str]] = {}  # site folder -> producer files written there
        self._settings = SiteSettings()
        self._site: Site | None = None
        self._section_pages: dict[str, Page] = {}
        self._bulk_jobs: list[PageJob] = []
        self._shell_uris: dict[str, int] = {}  # placeholder src_uri -> URL depth
        self._shells: dict[int, Shell] = {}
        self._theme_urls: list[str] = []  # pages MkDocs itself renders, for the sitemap
        # Pages naming the size of a file written after them. Kept across builds: a dirty
        # rebuild does not render them again, but the files they describe may have changed.
        self._slotted_pages: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._preview = command == "serve" and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self._settings = settings_from_options(
                {o.name: self.config[o.name] for o in OPTIONS},
                Path(config.config_file_path or ".").resolve().parent,
                site_name=config.site_name,
                site_url=config.site_url or "",
                repo_url=config.repo_url or "",
            )
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        if STYLESHEET_PATH not in config.extra_css:
            config.extra_css.insert(0, STYLESHEET_PATH)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self._settings
        catalogue = load_catalogue(
            settings.content_dir,
            province_scope=settings.province_scope,
            cache_path=build_cache_file(settings),
        )
        for problem in catalogue.problems:
            (log.error if problem.is_error else log.info)(format_problem(problem))
        if catalogue.errors:
            raise PluginError(
                f"{len(catalogue.errors)} error di katalog (lihat baris di atas); "
                "perbaiki lalu bangun ulang"
            )
        site = self._site = build_site(catalogue, settings)
        self._section_pages, self._bulk_jobs = {}, []
        no_bodies = EntryBodies(catalogue.entries)  # section pages show none
        for job in plan_pages(site):
            if not job.is_section:
                self._bulk_jobs.append(job)
                continue
            src_uri = f"{job.url}index.md"
            if files.get_file_from_path(src_uri) is not None:
                log.info(f"katalog: {src_uri} in docs/ replaces the generated page")
                continue
            page = self._section_pages[src_uri] = render_page(site, job, no_bodies)
            files.append(File.generated(config, src_uri, content=_front_matter(page)))
        self._shell_uris = {}
        for level in sorted({depth(job.url) for job in self._bulk_jobs}):
            src_uri = "/".join([SHELL_ROOT, *["x"] * (level - 1)]) + ".md"
            self._shell_uris[src_uri] = level
            files.append(File.generated(config, src_uri, content=placeholder_markdown()))
        # Every page, read here rather than as pages render: a dirty build renders only some.
        # Pages kept out of the nav on purpose (the benchmark report) stay out of the sitemap.
        self._theme_urls = [
            f.url
            for f in files.documentation_pages()
            if f.src_uri not in self._shell_uris and f.inclusion.is_in_nav()  # type: ignore[no-untyped-call]
        ]
        # MkDocs is told of the producer files pages link to, but leaves the writing to us.
        for path in linked_paths(settings):
            files.append(_WrittenByPlugin.generated(config, path, content=b""))
        return files

    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str | None:
        generated = self._section_pages.get(page.file.src_uri)
        if generated is not None:
            return generated.body
        return fill_hand_written(self._site, html) if self._site is not None else html

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        level = self._shell_uris.get(page.file.src_uri)
        if level is None:
            if has_slots(output):
                self._slotted_pages.add(page.file.dest_uri)
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
        site, shells, site_dir = self._site, self._shells, Path(config.site_dir)
        missing = set(self._shell_uris.values()) - set(shells)
        if missing:
            raise PluginError(f"katalog: placeholder pages not rendered for depths {missing}")
        sections = {index.facet.key: index.overview_url for index in site.facets}
        sections["replikasi"] = site.patterns.replication
        variants: dict[tuple[int, str, str], Shell] = {}

        def wrap(page: Page) -> str:
            key = (depth(page.url), page.section, page.language)
            shell = variants.get(key)
            if shell is None:
                target = "../" * key[0] + sections.get(page.section, "")
                language = LANGUAGES_BY_CODE[page.language]

                def edit(html: str) -> str:
                    html = mark_active_section(html, target)
                    if language.code == INDONESIAN:
                        return html
                    return set_language(html, language.code, language.locale)

                shell = variants[key] = shells[key[0]].edited(edit)
            return shell.fill(page)

        previous = self._builds.get(str(site_dir))
        jobs = self._jobs_to_write(site_dir, previous)
        build = _Build(site, dict(shells), tuple(self._bulk_jobs), set())
        try:
            if self._preview and previous is not None:
                write_pages(site, jobs, wrap, site_dir, build_cache_file(site.settings))
                self._refresh_data_later(site, site_dir)
            else:
                with self._refresh_lock:
                    self._record_data(site_dir, write_site(site, jobs, wrap, site_dir))
                    _fill_slots(site_dir, sorted(self._slotted_pages))
        except (ForkedWorkFailed, OutsideSite) as failed:
            raise PluginError(f"katalog: {failed}") from None
        # MkDocs' sitemap lists the placeholders and misses the filled pages: replace it (and
        # drop its gzip copy, which carries a timestamp).
        (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
        (site_dir / "sitemap.xml").unlink(missing_ok=True)
        urls = self._theme_urls + [
            job.url for job in self._bulk_jobs if not is_empty_index(site, job)
        ]
        build.pages = {page_path(job.url) for job in self._bulk_jobs}
        build.pages.update(write_sitemaps(site.settings, urls, site_dir))
        if previous is not None:
            remove_files(site_dir, sorted(previous.pages - build.pages))
        self._builds[str(site_dir)] = build

    def _record_data(self, site_dir: Path, written: Sequence[str]) -> None:
        """Remember the producer files now in `site_dir`; remove those of the last build that
        the site no longer has (a deleted entry's media, search shards). Hold _refresh_lock."""
        now, before = set(written), self._data.get(str(site_dir), set())
        remove_files(site_dir, sorted(before - now))
        self._data[str(site_dir)] = now

    def _refresh_data_later(self, site: Site, site_dir: Path) -> None:
        """Rewrite the search index and open data after the pages are up; a later edit waits."""
        sized = sorted(self._slotted_pages)

        def refresh() -> None:
            with self._refresh_lock:
                self._record_data(site_dir, write_data(site.catalogue, site.settings, site_dir))
                _fill_slots(site_dir, sized)
                log.info("katalog: search index and open data refreshed")

        threading.Thread(target=refresh, name="katalog-data-refresh", daemon=True).start()

    def _jobs_to_write(self, site_dir: Path, previous: _Build | None) -> Sequence[PageJob]:
        jobs = self._bulk_jobs
        if previous is None or previous.shells != self._shells or not jobs:
            return jobs
        if not (site_dir / jobs[-1].url / "index.html").exists():
            return jobs  # a clean build emptied the folder
        assert self._site is not None
        urls = affected_urls(previous.site, self._site, jobs)
        if urls is None:
            return jobs
        urls |= {job.url for job in jobs} - {job.url for job in previous.jobs}
        log.info(f"katalog: {len(urls)} of {len(jobs)} pages touched by the edit")
        return [job for job in jobs if job.url in urls]

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        for folder in (self._settings.content_dir, hubs_root(self._settings.content_dir)):
            if folder.is_dir():
                server.watch(str(folder))
        return server


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
    # The lean chrome's tabs (theme_overrides/katalog-lean.html) carry no classes of their own.
    return html.replace(
        f'<li><a href="{href}">', f'<li class="md-tabs__item--active"><a href="{href}">', 1
    )


def _fill_slots(site_dir: Path, pages: Sequence[str]) -> None:
    """Write what theme pages say about the files just written: sizes, inlined JSON."""
    for dest in pages:
        page = site_dir / dest
        if not page.is_file():
            continue  # a dirty build did not render it
        html = page.read_text(encoding="utf-8")
        filled = fill_page(html, lambda path: _read_site_file(site_dir, path))
        if filled != html:
            page.write_text(filled, encoding="utf-8")


def _read_site_file(site_dir: Path, path: str) -> bytes | None:
    target = site_dir / path
    return target.read_bytes() if target.is_file() else None


def _front_matter(page: Page) -> str:
    """A generated section page: the theme reads title and description; the body is replaced
    after Markdown (on_page_content), so Markdown never sees our HTML."""
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
