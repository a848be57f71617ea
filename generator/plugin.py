"""The `katalog` MkDocs plugin: glue that publishes the engine-neutral site (assembly.py).

Section pages (home, overviews) are generated Markdown files that MkDocs renders like any page.
Entry and index pages, tens of thousands of them, are not: MkDocs renders one placeholder page per
URL depth (see shell.py), this plugin captures it and fills it for every page after the build.
Every other site file (search, open data, media, stylesheet) comes from the assembly's producers.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment
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
    write_data_apart,
    write_pages,
    write_site,
    write_sitemaps,
)
from .cache import build_cache_file
from .collector import leave_to_exit
from .entries.catalogue import load_catalogue, reread_entries
from .entries.messages import format_problem, render_text
from .entries.snapshot import confirm_snapshot
from .entries.vocabularies import hubs_root
from .opendata.dcat import dataset_json_ld
from .settings import (
    OPTIONS,
    Option,
    SettingsError,
    SiteSettings,
    find_theme_stylesheet,
    settings_from_options,
)
from .site.afterdata import fill_files, has_slots
from .site.bodycache import EntryBodies
from .site.head import json_ld
from .site.keeping import KeptSite, output_fingerprint, record_file
from .site.plan import Page, PagePlan, Site, build_site, split_plan
from .site.preview import Preview, TemplateCode, Written, site_after_edit, template_code_file
from .site.rendering import render_page
from .site.shell import HEAD, Shell, placeholder_markdown, placeholder_uris, shell_wrapper
from .site.sitemap import is_empty_index
from .site.stylesheet import STYLESHEET_PATH
from .site.themelisting import ThemeListing, theme_listing_file, with_listing
from .site.watch import ContentWatch, stop_watching, watch_natively
from .site.writing import ForkedWorkFailed, OutsideSite, default_processes
from .urls import DATA_PAGE

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


class KatalogPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    config_class = KatalogConfig

    def __init__(self) -> None:
        self._preview = Preview()  # kept across rebuilds: MkDocs keeps this instance
        self._settings = SiteSettings()
        self._site: Site | None = None
        self._section_pages: dict[str, Page] = {}
        self._plan: PagePlan | None = None  # the site's, kept while its indexes are
        self._bulk_urls: list[str] = []  # the plan's bulk pages the sitemap lists
        self._bulk_pages: frozenset[str] = frozenset()  # and the files they are written to
        self._shell_uris: dict[str, int] = {}  # placeholder src_uri -> URL depth
        self._shells: dict[int, Shell] = {}
        self._theme_urls: list[str] = []  # pages MkDocs itself renders, for the sitemap
        self._watch: ContentWatch | None = None  # inotify over the content, while serving
        self._loaded_on = dt.date.min  # the date the catalogue was last loaded for
        self._keeps = False  # `mkdocs build`, which empties the site folder: keep what it can
        self._kept: KeptSite | None = None
        self._template_code: TemplateCode | None = None  # `mkdocs build`: kept in the cache
        self._theme_listing: ThemeListing | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._preview.active = command == "serve" and dirty
        self._keeps = command == "build" and not dirty

    def on_shutdown(self) -> None:
        if self._keeps:  # `mkdocs build`, whose process ends right after
            leave_to_exit(self._site, self._plan, self._section_pages)
            self._site, self._plan, self._section_pages = None, None, {}
        # MkDocs keeps this instance: the next command starts up anew, and a build that does
        # not start up (mkdocs.commands.build called directly) is a plain one.
        self._keeps = False
        self._preview.active = False
        stop_watching(self._watch)
        self._watch = None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        cache_dir = self._settings.cache_dir
        self._kept = None
        if self._keeps and cache_dir is not None:  # before MkDocs empties the folder
            site_dir = Path(config.site_dir)
            self._kept = KeptSite(site_dir, record_file(cache_dir, site_dir))
            self._kept.set_aside()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            self._settings = settings_from_options(
                {o.name: self.config[o.name] for o in OPTIONS},
                Path(config.config_file_path or ".").resolve().parent,
                site_name=config.site_name,
                site_url=config.site_url or "",
                repo_url=config.repo_url or "",
                theme_stylesheet=find_theme_stylesheet(
                    config.theme.name or "", [Path(d) for d in config.theme.dirs]
                ),
            )
        except SettingsError as exc:
            raise PluginError(str(exc)) from None
        if self._theme_listing is None:  # one for a server's whole life
            cache = build_cache_file(self._settings)
            self._theme_listing = ThemeListing(cache and theme_listing_file(cache))
        config.theme.get_env = with_listing(  # type: ignore[method-assign]
            config.theme.get_env, self._theme_listing
        )
        theme_css = self._settings.theme_stylesheet
        if theme_css is None:
            if STYLESHEET_PATH not in config.extra_css:
                config.extra_css.insert(0, STYLESHEET_PATH)
            return config
        # The pages link the site's stylesheet in the theme's place (theme_overrides' `styles`
        # blocks): it starts with the theme's, so it is not an extra one.
        if STYLESHEET_PATH in config.extra_css:
            config.extra_css.remove(STYLESHEET_PATH)
        for folder in config.theme.dirs:  # the theme's link, as its templates write it
            if theme_css.is_relative_to(folder):
                config.extra["katalog_theme_stylesheet"] = theme_css.relative_to(folder).as_posix()
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        settings = self._settings
        site = self._site_after_edit()
        # A site after an edit has the last site's indexes, so its plan and section pages: no
        # entry changed what other pages show.
        kept_sections = self._section_pages if site is not None else {}
        if site is None or self._plan is None:
            self._plan = None
        if site is None:
            self._loaded_on = dt.date.today()
            catalogue = load_catalogue(
                settings.content_dir,
                province_scope=settings.province_scope,
                today=self._loaded_on,
                cache_path=build_cache_file(settings),
                snapshot=self._kept is not None,
                processes=settings.processes or default_processes(),
            )
            for problem in catalogue.problems:
                (log.error if problem.is_error else log.info)(format_problem(problem))
            if catalogue.errors:
                self._site = None  # the next build must not start from a refused one
                raise PluginError(render_text("build-refused", errors=len(catalogue.errors)))
            site = build_site(catalogue, settings)
        else:
            for problem in site.catalogue.problems:  # warnings only: an error means a full load
                log.info(format_problem(problem))
        self._site = site
        catalogue = site.catalogue
        if self._plan is None:
            self._plan = plan = split_plan(site)
            self._bulk_urls = [job.url for job in plan.bulk if not is_empty_index(site, job)]
            self._bulk_pages = frozenset(page_path(job.url) for job in plan.bulk)
            self._shell_uris = placeholder_uris(SHELL_ROOT, plan.bulk)
        self._section_pages = {}
        no_bodies = EntryBodies(catalogue.entries)  # section pages show none
        for job in self._plan.sections:
            src_uri = f"{job.url}index.md"
            if files.get_file_from_path(src_uri) is not None:
                log.info(f"katalog: {src_uri} in docs/ replaces the generated page")
                continue
            page = kept_sections.get(src_uri) or render_page(site, job, no_bodies)
            self._section_pages[src_uri] = page
            files.append(File.generated(config, src_uri, content=_front_matter(page)))
        for src_uri in self._shell_uris:
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

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if self._preview.active:
            env.bytecode_cache = self._preview.template_code
        elif (cache := build_cache_file(self._settings)) is not None:
            self._template_code = TemplateCode.load(template_code_file(cache))
            env.bytecode_cache = self._template_code
        return env

    def _site_after_edit(self) -> Site | None:
        """In a preview whose watch says only entry files changed, and only in what their own
        pages show: the last build's site with those files re-read, the rest neither read nor
        indexed again. None: load and index the whole catalogue."""
        watch, previous = self._watch, self._site
        changed = watch.take_changes() if watch is not None else frozenset()
        today = dt.date.today()
        if not changed or previous is None or previous.settings != self._settings:
            return None
        if today != self._loaded_on:
            return None  # `updated` is checked against the build's date
        cache = build_cache_file(self._settings)
        catalogue = reread_entries(previous.catalogue, sorted(changed), today, cache)
        site = None if catalogue is None else site_after_edit(previous, catalogue)
        if site is not None:
            log.info(f"katalog: {len(changed)} changed file(s) read again, the rest kept")
        return site

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
            if has_slots(output):  # kept across rebuilds: a dirty one may not render it again
                self._preview.slotted.add(page.file.dest_uri)
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

    def on_build_error(self, *, error: Exception) -> None:
        if self._kept is not None:
            self._kept.put_back()
            self._kept = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._template_code is not None:
            self._template_code.save()
            self._template_code = None
        if self._theme_listing is not None:
            self._theme_listing.save()
        try:
            self._post_build(config)
        except (ForkedWorkFailed, OutsideSite) as error:
            raise PluginError(str(error)) from None
        cache = build_cache_file(self._settings)
        if self._keeps and cache is not None:  # the build that saved a snapshot checks it
            confirm_snapshot(cache)

    def _post_build(self, config: MkDocsConfig) -> None:
        if self._site is None:
            return
        site, shells, site_dir = self._site, self._shells, Path(config.site_dir)
        missing = set(self._shell_uris.values()) - set(shells)
        if missing:
            raise PluginError(f"katalog: placeholder pages not rendered for depths {missing}")
        wrap = shell_wrapper(site, shells, mark_active_section)
        preview, every = self._preview, self._plan.bulk if self._plan is not None else ()
        jobs = preview.pages_to_write(site_dir, site, shells, every)
        if len(jobs) < len(every):
            log.info(f"katalog: {len(jobs)} of {len(every)} pages touched by the edit")
        kept, fingerprint = self._kept, output_fingerprint(site, shells)
        not_kept = kept.restore(fingerprint) if kept is not None else ""
        if not_kept is None:
            log.info("katalog: nothing changed since the last build; its pages and data kept")
            fill_files(site_dir, sorted(preview.slotted))
        elif preview.active and preview.last(site_dir) is not None:
            write_pages(site, jobs, wrap, site_dir, build_cache_file(site.settings), forget=False)
            data = partial(write_data_apart, site, site_dir)
            preview.write_data_later(site_dir, data, partial(fill_files, site_dir), _done)
        else:
            if kept is not None:
                log.info(f"katalog: every page written: {not_kept}")
                kept.reuse()
            ours = [page_path(job.url) for job in jobs]

            def everything() -> list[str]:
                data = write_site(site, jobs, wrap, site_dir)
                ours.extend(data)
                return data

            preview.write_data(site_dir, everything, partial(fill_files, site_dir))
            if kept is not None:
                kept.remember(fingerprint, ours)
        # MkDocs' sitemap lists the placeholders and misses the filled pages: replace it (and
        # drop its gzip copy, which carries a timestamp).
        (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
        (site_dir / "sitemap.xml").unlink(missing_ok=True)
        urls = self._theme_urls + self._bulk_urls
        pages = self._bulk_pages | set(write_sitemaps(site.settings, urls, site_dir))
        preview.pages_written(site_dir, Written(site, dict(shells), every, pages))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        folders = [
            folder
            for folder in (self._settings.content_dir, hubs_root(self._settings.content_dir))
            if folder.is_dir()
        ]
        stop_watching(self._watch)
        self._watch = watch_natively(server, folders)
        if self._watch is None:
            for folder in folders:
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
    # The lean chrome's tabs (theme_overrides/katalog-lean.html) carry no classes of their own;
    # the current one gets a short one (katalog.css gives it Material's active look).
    return html.replace(f'<li><a href="{href}">', f'<li class="kt-on"><a href="{href}">', 1)


def _done(error: BaseException | None) -> None:
    """How a preview's data refresh ended, for the person watching the server."""
    if error is None:
        log.info("katalog: search index and open data refreshed")
    else:
        log.error(f"katalog: search index and open data not refreshed: {error!r}")


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
