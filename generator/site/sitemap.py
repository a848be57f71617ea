"""sitemap.xml for every published page, in a fixed order, with no dates (builds stay identical)."""

from __future__ import annotations

import functools
import gzip
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from xml.sax.saxutils import escape

from .plan import TERM, PageJob, Site

MAX_URLS = 50_000  # the sitemap protocol's limit per file; beyond it, an index of parts


def build_sitemaps(site_url: str, urls: Iterable[str]) -> dict[str, bytes]:
    """`sitemap.xml`, and when there are many pages gzipped `sitemap-<n>.xml.gz` parts listed by
    it: crawlers read gzipped sitemaps, and the parts are a tenth of their plain size (the site's
    weight counts against the host's limit)."""
    base = site_url.rstrip("/") + "/"
    ordered = sorted(set(urls))
    if len(ordered) <= MAX_URLS:
        return {"sitemap.xml": _urlset(base, ordered)}
    files: dict[str, bytes] = {}
    for n, start in enumerate(range(0, len(ordered), MAX_URLS), 1):
        part = _urlset(base, ordered[start : start + MAX_URLS])
        files[f"sitemap-{n}.xml.gz"] = gzip.compress(part, compresslevel=9, mtime=0)
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    index += [f"<sitemap><loc>{escape(base + name)}</loc></sitemap>" for name in sorted(files)]
    index.append("</sitemapindex>")
    files["sitemap.xml"] = ("\n".join(index) + "\n").encode("utf-8")
    return files


@functools.lru_cache(maxsize=1)
def sitemaps_of(site_url: str, urls: tuple[str, ...]) -> Mapping[str, bytes]:
    """`build_sitemaps`, kept for the same pages: a preview server's edit that adds or removes
    no page gets the last rebuild's files instead of sorting and escaping every URL again
    (~0.08 s at 50k, of a 1 s budget)."""
    return MappingProxyType(build_sitemaps(site_url, urls))


def is_empty_index(site: Site, job: PageJob) -> bool:
    """A term page that lists no entry yet: published (the zero is information) but not worth
    a search engine's visit."""
    return job.kind == TERM and site.facet(job.key).count(job.term) == 0


def build_robots(site_url: str) -> bytes:
    """robots.txt: everything may be crawled; the sitemap is named once the site has an address
    (the protocol wants an absolute URL)."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += ["", f"Sitemap: {site_url.rstrip('/')}/sitemap.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _urlset(base: str, urls: list[str]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']  # fmt: skip
    lines += [f"<url><loc>{escape(base + url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
