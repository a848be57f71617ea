"""Site URLs: the patterns that place every page, and links relative to the page holding them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

# Relative links keep the site working under any base path (a GitHub Pages project site, a hub's
# subfolder) without knowing it at build time; MkDocs' own pages link the same way.


@dataclass(frozen=True, slots=True)
class UrlPatterns:
    """Format strings for every generated URL; a fork may rename them, never the defaults."""

    entry: str = "inovasi/{id}/"
    province: str = "provinsi/{slug}/"
    sector: str = "sektor/{slug}/"
    sdg: str = "sdg/{slug}/"
    year: str = "tahun/{slug}/"
    award: str = "penghargaan/{slug}/"
    replication: str = "replikasi/"
    province_replication: str = "provinsi/{slug}/replikasi/"
    page: str = "{base}{number}/"  # page 2 onwards of a paginated list
    # Open data and alternates. The entry's JSON sits beside its page: no new names in the
    # province folder (which holds up to every entry of a province; see docs/data.md).
    entry_json: str = "inovasi/{id}/index.json"
    english_entry: str = "en/inovasi/{id}/"
    province_csv: str = "data/provinsi/{slug}.csv"
    feed: str = "feed.xml"
    term_feed: str = "{term}feed.xml"  # beside a term's first index page
    data_page: str = "data/"
    search_page: str = "cari/"
    contribution_page: str = "kontribusi/"
    data_package: str = "data/datapackage.json"
    table_schema: str = "data/katalog.schema.json"
    dcat_catalogue: str = "data/dcat.jsonld"
    json_export: str = "data/katalog.json"
    full_json_export: str = "data/katalog-lengkap.json.gz"
    csv_export: str = "data/katalog.csv"
    replications_csv: str = "data/replikasi.csv"


DEFAULT_PATTERNS = UrlPatterns()


def overview_url(term_pattern: str) -> str:
    """`provinsi/{slug}/` -> `provinsi/`: the overview lives where the term pages branch off."""
    head = term_pattern.split("{", 1)[0]
    return head if head.endswith("/") else posixpath.dirname(head) + "/"


def entry_json_url(entry_id: str, patterns: UrlPatterns = DEFAULT_PATTERNS) -> str:
    return patterns.entry_json.format(id=entry_id)


def english_entry_url(entry_id: str, patterns: UrlPatterns = DEFAULT_PATTERNS) -> str:
    return patterns.english_entry.format(id=entry_id)


def term_feed_url(term_url: str, patterns: UrlPatterns = DEFAULT_PATTERNS) -> str:
    """The Atom feed of the term whose first index page is at `term_url`."""
    return patterns.term_feed.format(term=term_url)


def absolute(url: str, site_url: str) -> str:
    """`url` (site-root-relative) under `site_url`; unchanged while the site has no address."""
    return site_url.rstrip("/") + "/" + url if site_url else url


def page_url(base: str, number: int, patterns: UrlPatterns) -> str:
    """The URL of page `number` (1-based) of the paginated list at `base`."""
    return base if number <= 1 else patterns.page.format(base=base, number=number)


def depth(url: str) -> int:
    """How many folders deep a directory URL is: `` 0, `provinsi/` 1, `inovasi/a/b/` 3."""
    return url.count("/")


def relative(target: str, source: str) -> str:
    """`target` as a link from the page at `source` (both site-root-relative directory URLs)."""
    prefix = "../" * depth(source)
    return prefix + target if (prefix or target) else "./"
