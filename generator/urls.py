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


DEFAULT_PATTERNS = UrlPatterns()


def overview_url(term_pattern: str) -> str:
    """`provinsi/{slug}/` -> `provinsi/`: the overview lives where the term pages branch off."""
    head = term_pattern.split("{", 1)[0]
    return head if head.endswith("/") else posixpath.dirname(head) + "/"


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
