"""Site URLs: the one place every published URL is formatted, from patterns a fork may change."""

from __future__ import annotations

import posixpath
from dataclasses import asdict, dataclass

# Relative links keep the site working under any base path (a GitHub Pages project site, a hub's
# subfolder) without knowing it at build time; MkDocs' own pages link the same way.

# Pages MkDocs renders from docs/ (their URL is their file name there), linked by generated pages.
SEARCH_PAGE = "cari/"
DATA_PAGE = "data/"
CONTRIBUTE_PAGE = "kontribusi/"
ENGLISH_ROOT = "en/"  # English pages mirror the Indonesian URLs under it

# Open-data files at fixed places (docs/data.md documents them; portals link them).
FEED = "feed.xml"
JSON_EXPORT = "data/katalog.json"
FULL_JSON_EXPORT = "data/katalog-lengkap.json.gz"
CSV_EXPORT = "data/katalog.csv"
# katalog.csv gzipped in blocks of rows (exports.ROWS_PER_RANGE): always on the site, so the
# download on /cari/ can read a result set's rows when katalog.csv itself is a release asset.
CSV_GZ_EXPORT = "data/katalog.csv.gz"
REPLICATIONS_CSV = "data/replikasi.csv"
TABLE_SCHEMA = "data/katalog.schema.json"
DATA_PACKAGE = "data/datapackage.json"
DCAT_CATALOGUE = "data/dcat.jsonld"
# Where the blocks of katalog.csv.gz start, for the download on /cari/, beside that page
# (docs/cari.md names it): the page fetches only the byte ranges that hold a result set's rows.
RESULT_ROWS = SEARCH_PAGE + "baris.json"
# The exports that leave a site published from a repository (docs/publikasi.md): the release of
# this tag holds them, as assets named after the files, and the publish workflow uploads them.
RELEASE_TAG = "data-terbaru"
RELEASE_EXPORTS = (JSON_EXPORT, FULL_JSON_EXPORT, CSV_EXPORT)


@dataclass(frozen=True, slots=True)
class UrlPatterns:
    """Format strings for every generated URL; a fork may rename them, never the defaults.

    Each facet's index pages are placed by the field its declaration names (facets.py).
    """

    entry: str = "inovasi/{id}/"
    province: str = "provinsi/{slug}/"
    regency: str = "kabupaten-kota/{slug}/"
    sector: str = "sektor/{slug}/"
    sdg: str = "sdg/{slug}/"
    year: str = "tahun/{slug}/"
    award: str = "penghargaan/{slug}/"
    replication: str = "replikasi/"
    province_replication: str = "provinsi/{slug}/replikasi/"
    page: str = "{base}{number}/"  # page 2 onwards of a paginated list

    def entry_url(self, entry_id: str) -> str:
        return self.entry.format(id=entry_id)

    # Files that belong to a page follow the page's pattern, so a fork that moves the page
    # moves them too. The entry's JSON sits beside its page: it adds no name to the province
    # folder, which holds up to every entry of a province (see docs/data.md).
    def entry_json_url(self, entry_id: str) -> str:
        return self.entry_url(entry_id) + "index.json"

    def english_entry_url(self, entry_id: str) -> str:
        return ENGLISH_ROOT + self.entry_url(entry_id)

    def term_feed_url(self, term_url: str) -> str:
        """The Atom feed of the term whose first index page is at `term_url`, beside it."""
        return term_url + "feed.xml"

    def term_url(self, field: str, slug: str, number: int = 1) -> str:
        """Page `number` of the index of `slug` in the facet placed by pattern `field`."""
        pattern: str = getattr(self, field)
        return self.page_url(pattern.format(slug=slug), number)

    def overview_url(self, field: str) -> str:
        return overview_url(getattr(self, field))

    def province_replication_url(self, slug: str, number: int = 1) -> str:
        return self.page_url(self.province_replication.format(slug=slug), number)

    def page_url(self, base: str, number: int) -> str:
        """The URL of page `number` (1-based) of the paginated list at `base`."""
        return base if number <= 1 else self.page.format(base=base, number=number)

    def as_data(self) -> dict[str, str]:
        """The patterns as published in the search index, so its script links the same way."""
        return asdict(self)


DEFAULT_PATTERNS = UrlPatterns()


def overview_url(term_pattern: str) -> str:
    """`provinsi/{slug}/` -> `provinsi/`: the overview lives where the term pages branch off."""
    head = term_pattern.split("{", 1)[0]
    return head if head.endswith("/") else posixpath.dirname(head) + "/"


def page_url(base: str, number: int, patterns: UrlPatterns) -> str:
    """The URL of page `number` (1-based) of the paginated list at `base`."""
    return patterns.page_url(base, number)


def depth(url: str) -> int:
    """How many folders deep a directory URL is: `` 0, `provinsi/` 1, `inovasi/a/b/` 3."""
    return url.count("/")


def absolute(site_url: str, url: str) -> str:
    """`url` (site-root-relative) under the published base, or unchanged without one."""
    return site_url.rstrip("/") + "/" + url if site_url else url


def release_asset_url(repo_url: str, path: str) -> str:
    """`https://github.com/org/katalog/releases/download/data-terbaru/katalog.json`: where the
    release of `RELEASE_TAG` of the repository at `repo_url` serves the site file `path`."""
    repository = repo_url.rstrip("/").removesuffix(".git")
    return f"{repository}/releases/download/{RELEASE_TAG}/{posixpath.basename(path)}"
