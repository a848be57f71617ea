"""Every setting of a site build, declared once: the MkDocs plugin options and the CLI's `--config`
both come from `OPTIONS` and end up in one `SiteSettings`."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .hubs import Hub, HubError, declared_catalogues, read_hub
from .urls import DEFAULT_PATTERNS, RELEASE_EXPORTS, UrlPatterns, release_asset_url


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """What a site build needs to know besides the catalogue; a hub fork changes these, never code.

    Set from the `katalog:` block of mkdocs.yml (see `OPTIONS`), by the plugin or by the CLI."""

    site_name: str = "Katalog Inovasi Pelayanan Publik"
    site_url: str = ""  # absolute base URL of the published site, for feeds and canonical links
    repo_edit_url: str = ""  # e.g. https://github.com/org/repo/edit/main/ (the path is appended)
    repo_url: str = ""  # the repository the site is published from (MkDocs' `repo_url`)
    # With a repository, the largest exports (the two JSON, 3 KB an entry, 300 MB at 100,000, and
    # katalog.csv, 0.7 KB) are that repository's release assets instead of site files: GitHub
    # Pages publishes at most 1 GB.
    release_exports: bool = True
    content_dir: Path = Path("content")
    province_scope: tuple[str, ...] = ()  # a hub publishes only these provinces; empty: all
    page_size: int = 24  # cards on an index's first page; fixed so no page grows with N
    rows_per_page: int = 100  # compact rows on each later page (facets.Paging)
    patterns: UrlPatterns = DEFAULT_PATTERNS  # where every page lives (urls.py)
    # The theme's own stylesheet, which the site's stylesheet starts with, so that a page loads
    # one stylesheet and names one (its link is on 100,000 pages); None: the site's rules alone.
    theme_stylesheet: Path | None = None
    palette_primary: str = "#0b3a75"
    palette_accent: str = "#b07d00"
    search: bool = True
    # `inovasi/<id>/index.json` beside every entry page: one more file an entry (236,000 files at
    # 100,000 entries, over GitLab Pages' 200,000) and ~5 KB, so off unless a site asks for it
    entry_json: bool = False
    processes: int = 0  # 0: every available core
    cache_dir: Path | None = None  # checked entries and rendered bodies between builds; None: none
    config_dir: Path = Path(".")  # mkdocs.yml's folder: the project, one body cache file each
    language: str = "id"
    hub: str = ""  # the province whose hub site this is (hubs/<province>/); empty: national
    hub_intro: str = ""  # Markdown of a hub's home introduction (hubs/<province>/beranda.md)
    hub_logo: Path | None = None  # the hub folder's logo, published under hubs.LOGO_URL
    hub_card: Path | None = None  # the hub folder's link-preview card, published at hubs.CARD_URL
    national_url: str = ""  # the national catalogue's address, which a hub site's footer links
    # province slug -> the hub's own catalogue, as its hub folder declares it (the /hub/ page)
    hub_catalogues: tuple[tuple[str, str], ...] = ()

    @property
    def released_paths(self) -> tuple[str, ...]:
        """The exports this site leaves to its repository's release (none without a repository:
        a local preview, or a host with no releases, keeps them)."""
        return RELEASE_EXPORTS if self.release_exports and self.repo_url else ()

    def export_url(self, path: str) -> str | None:
        """Where a released export is downloaded from; None for a file the site itself holds."""
        return release_asset_url(self.repo_url, path) if path in self.released_paths else None


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site, relative to the site root (e.g. `data/katalog.json`).

    Its bytes, or for the files that grow with the catalogue (the exports: 100 MB at 100,000
    entries) a function giving them piece by piece, called when the file is written: a build
    never holds such a file, and a list of files holds none of their bytes."""

    path: str
    source: bytes | Callable[[], Iterable[bytes]] = field(repr=False)

    @property
    def content(self) -> bytes:
        return self.source if isinstance(self.source, bytes) else b"".join(self.source())

    def chunks(self) -> Iterable[bytes]:
        return (self.source,) if isinstance(self.source, bytes) else self.source()


DEFAULTS = SiteSettings()


@dataclass(frozen=True, slots=True)
class Option:
    """One key of the `katalog:` block: its type, default and the sentence docs/hub.md expands."""

    name: str
    kind: type  # str, int, bool, or list (of str)
    default: object
    doc: str
    minimum: int | None = None  # the least an int option may be (a page of no items is none)


def _pattern_options() -> tuple[Option, ...]:
    docs = {
        "entry": "Where an entry's page lives; `{id}` is `<province>/<slug>`.",
        "province": "Where a province's index pages live; `{slug}` is the province slug.",
        "regency": "Where a regency's or city's index pages live; `{slug}` is its Kemendagri code.",
        "sector": "Where a sector's index pages live.",
        "sdg": "Where an SDG goal's index pages live; `{slug}` is the goal number.",
        "year": "Where a launch year's index pages live.",
        "award": "Where an award programme's index pages live.",
        "replication": "The replication overview.",
        "province_replication": "A province's replications to and from other regions.",
        "page": "Page 2 onwards of a paginated list; `{base}` is page 1's URL.",
    }
    return tuple(
        Option(f"{f.name}_url", str, getattr(DEFAULT_PATTERNS, f.name), docs[f.name])
        for f in fields(UrlPatterns)
    )


OPTIONS: tuple[Option, ...] = (
    Option("content_dir", str, "content",
           "Folder holding `innovations/` and `taxonomies/`, relative to mkdocs.yml."),
    Option("province_scope", list, [],
           "Province slugs a hub publishes; empty publishes every province and `nasional`."),
    Option("edit_url", str, "",
           "Base URL to which an entry's source path is appended for its \"edit\" link; "
           "default: `<repo_url>/edit/main/` when `repo_url` is set."),
    Option("page_size", int, DEFAULTS.page_size,
           "Cards on the first page of an index (a province, sector, goal, year or award "
           "page): fixed, so no page grows with the catalogue.", minimum=1),
    Option("rows_per_page", int, DEFAULTS.rows_per_page,
           "Compact rows (title, agency, region) on each later page of an index (a "
           "province's later pages: its entries that name no regency), and replication flows "
           "on each later page of a province's replication list.", minimum=1),
    Option("hub", str, DEFAULTS.hub,
           "The province whose hub site this is: its folder `hubs/<province>/` gives the home "
           "introduction (`beranda.md`) and the logo. `katalog hub new` sets it in the hub's "
           "own `hubs/<province>/mkdocs.yml`."),
    Option("national_url", str, DEFAULTS.national_url,
           "The national catalogue's address, which a hub site's footer links; set once in the "
           "national mkdocs.yml, every hub inherits it."),
    Option("palette_primary", str, DEFAULTS.palette_primary,
           "Main colour (`#rrggbb`) when the theme palette says `primary: custom`."),
    Option("palette_accent", str, DEFAULTS.palette_accent,
           "Accent colour (`#rrggbb`) when the theme palette says `accent: custom`."),
    *_pattern_options(),
    Option("search", bool, DEFAULTS.search,
           "Build the search index; `false` makes a quick preview build without search."),
    Option("entry_json", bool, DEFAULTS.entry_json,
           "Publish each entry's record as `index.json` beside its page (docs/data.md)."),
    Option("release_exports", bool, DEFAULTS.release_exports,
           "With `repo_url` set, `katalog.json` and `katalog-lengkap.json.gz` are published as "
           "assets of the repository's GitHub release `data-terbaru` (the publish workflow "
           "uploads them; `katalog release-assets` writes them), not in the site, and every "
           "link points there; `false` keeps them in the site. Without `repo_url` they are "
           "always in the site."),
    Option("processes", int, DEFAULTS.processes,
           "Worker processes for entry pages; 0 uses every available core."),
    Option("cache_dir", str, "",
           "Where checked entries, rendered bodies, the whole catalogue and the record of the "
           "last build's files are kept between builds (relative to mkdocs.yml); default "
           "`$KATALOG_CACHE_DIR`, else `$XDG_CACHE_HOME/katalog`, else `~/.cache/katalog`."),
    Option("cache", bool, True,
           "Keep those between builds. `false` makes a one-off build that writes none of them "
           "and reads none: the publish workflow's, whose machine starts empty and is thrown "
           "away after (the project's mkdocs.yml reads it from `$KATALOG_CACHE`). The site is "
           "the same either way."),
)  # fmt: skip
OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


CACHE_DIR_ENV = "KATALOG_CACHE_DIR"


class SettingsError(ValueError):
    """A `katalog:` option has an unknown name or the wrong type."""


def check_options(options: Mapping[str, object]) -> dict[str, Any]:
    """Every option with its default filled in; raises SettingsError naming the bad key.
    (MkDocs checks the plugin's options itself; this is the same check for the CLI.)"""
    unknown = sorted(set(options) - set(OPTIONS_BY_NAME))
    if unknown:
        raise SettingsError(f"katalog: unknown option(s): {', '.join(unknown)}")
    checked: dict[str, Any] = {}
    for option in OPTIONS:
        value = options.get(option.name, option.default)
        if value is None:
            value = option.default
        # bool is an int in Python; an option typed int must not take `true`.
        wrong_bool = option.kind is int and isinstance(value, bool)
        if not isinstance(value, option.kind) or wrong_bool:
            raise SettingsError(
                f"katalog.{option.name}: expected {option.kind.__name__}, got {value!r}"
            )
        if option.minimum is not None and isinstance(value, int) and value < option.minimum:
            raise SettingsError(
                f"katalog.{option.name}: expected at least {option.minimum}, got {value!r}"
            )
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise SettingsError(f"katalog.{option.name}: expected a list of strings")
        checked[option.name] = value
    return checked


def settings_from_options(
    options: Mapping[str, object],
    config_dir: Path,
    *,
    site_name: str = DEFAULTS.site_name,
    site_url: str = "",
    repo_url: str = "",
    theme_stylesheet: Path | None = None,
) -> SiteSettings:
    """The settings a `katalog:` block means, with paths relative to `config_dir` (mkdocs.yml's
    folder), the site-wide keys MkDocs owns (`site_name`, `site_url`, `repo_url`) and the theme's
    stylesheet, which the engine's theme provides."""
    o = check_options(options)
    edit = str(o["edit_url"])
    if not edit and repo_url:
        edit = repo_url.rstrip("/") + "/edit/main/"
    patterns = UrlPatterns(**{f.name: str(o[f"{f.name}_url"]) for f in fields(UrlPatterns)})
    cache = str(o["cache_dir"])
    content_dir = config_dir / str(o["content_dir"])
    hub = _read_hub(content_dir, str(o["hub"]))
    return SiteSettings(
        site_name=site_name,
        site_url=site_url,
        repo_edit_url=edit,
        repo_url=repo_url,
        release_exports=bool(o["release_exports"]),
        content_dir=content_dir,
        province_scope=tuple(o["province_scope"]),
        page_size=int(o["page_size"]),
        rows_per_page=int(o["rows_per_page"]),
        patterns=patterns,
        theme_stylesheet=theme_stylesheet,
        palette_primary=str(o["palette_primary"]),
        palette_accent=str(o["palette_accent"]),
        search=bool(o["search"]),
        entry_json=bool(o["entry_json"]),
        processes=int(o["processes"]),
        cache_dir=(config_dir / cache if cache else default_cache_dir()) if o["cache"] else None,
        config_dir=config_dir,
        hub=str(o["hub"]),
        hub_intro=hub.intro if hub else "",
        hub_logo=hub.logo if hub else None,
        hub_card=hub.card if hub else None,
        national_url=str(o["national_url"]),
        hub_catalogues=tuple(declared_catalogues(content_dir).items()),
    )


# Material's stylesheet, which its base.html links by this hashed name.
THEME_STYLESHEET_GLOB = "assets/stylesheets/main.*.min.css"


def find_theme_stylesheet(theme: str, dirs: Iterable[Path]) -> Path | None:
    """Material's main stylesheet in its template folders, which the site's stylesheet then
    starts with (the project's theme_overrides link it in the theme's place); None for another
    theme, which links the site's stylesheet as an extra one."""
    if theme != "material":
        return None
    found = [path for folder in dirs for path in Path(folder).glob(THEME_STYLESHEET_GLOB)]
    return found[0] if len(found) == 1 else None


def _read_hub(content_dir: Path, province: str) -> Hub | None:
    if not province:
        return None
    try:
        return read_hub(content_dir, province)
    except HubError as exc:
        raise SettingsError(f"katalog.hub: {exc}") from None


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """`$KATALOG_CACHE_DIR`, else `$XDG_CACHE_HOME/katalog`, else `~/.cache/katalog`: the user's
    cache folder, never the checkout (whose files a pull request controls)."""
    if environ.get(CACHE_DIR_ENV):
        return Path(environ[CACHE_DIR_ENV]).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "")
    # The XDG spec ignores a relative value: it would land in the working directory.
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "katalog"


def with_overrides(settings: SiteSettings, **changes: object) -> SiteSettings:
    """`settings` with the given fields replaced, skipping those left unset (None or empty):
    command-line flags override the config file only where given."""
    given: dict[str, Any] = {k: v for k, v in changes.items() if v not in (None, "", ())}
    return replace(settings, **given)
