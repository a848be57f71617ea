"""What a site build needs to know besides the catalogue: names, scope and URLs, engine-neutral."""

from __future__ import annotations

from dataclasses import dataclass, field

from .urls import DEFAULT_PATTERNS, UrlPatterns


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """Set from the MkDocs plugin config or the CLI; a hub fork changes these, never code."""

    site_name: str = "Katalog Inovasi Pelayanan Publik"
    site_url: str = ""  # absolute base URL of the published site, for feeds and canonical links
    repo_edit_url: str = (
        ""  # e.g. https://github.com/org/repo/edit/main/ (the file path is appended)
    )
    province_scope: tuple[str, ...] = ()  # a hub publishes only these provinces; empty: all
    page_size: int = 24  # cards per index page; fixed so no page grows with the catalogue
    language: str = "id"
    patterns: UrlPatterns = DEFAULT_PATTERNS  # where every page lives (urls.py)


@dataclass(frozen=True, slots=True)
class OutputFile:
    """One file of the built site, relative to the site root (e.g. `data/katalog.json`)."""

    path: str
    content: bytes = field(repr=False)
