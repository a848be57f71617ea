"""A link check over a built site: every internal link of every output format, and where it lands.

Reusable by any test that builds a site: `broken_links(site, site_url)` lists the links that do
not resolve to a file in the site folder; `internal_links(site, site_url)` yields them all, so a
test can also assert where links point (e.g. no default URL after the patterns changed).
Formats read: HTML (href, src), sitemap.xml (loc), feed.xml (link, id, category term), the JSON
exports (entry and replicated-entry urls), the CSV export (url column), and the search index
(every result's URL, formatted in the browser from meta.json's patterns), and the file the search
page's "Unduh hasil (CSV)" reads its rows from (cari/baris.json).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True, slots=True)
class Link:
    source: str  # the file holding the link, relative to the site folder
    href: str  # the link as written
    target: str  # where it lands, relative to the site folder ("" is the home page)

    def __str__(self) -> str:
        return f"{self.source} -> {self.href}"


class _HtmlLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def _resolve(site: Path, source: str, href: str, site_url: str, base: str | None) -> str | None:
    """The site-relative path `href` lands on, or None for a link that leaves the site."""
    if site_url and href.startswith(site_url.rstrip("/") + "/"):
        href = "/" + href[len(site_url.rstrip("/")) + 1 :]
        base = ""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("/"):  # root-relative: 404.html links from the root (site_url's path "/")
        folder = site
    else:
        folder = (site / source).parent if base is None else site / base
    target = (folder / path.lstrip("/")).resolve()
    try:
        return target.relative_to(site.resolve()).as_posix()
    except ValueError:
        return "../" + path  # above the site root: never resolves


def _json_urls(text: str) -> Iterator[str]:
    data = json.loads(text)
    for record in data.get("entries", ()):
        yield record["url"]
        if record.get("replicates"):
            yield record["replicates"]["url"]


def _raw_links(site: Path, path: Path, site_url: str) -> Iterator[tuple[str, str | None]]:
    """(href, base) pairs of one file; base None: relative to the file, else to that folder."""
    name = path.relative_to(site).as_posix()
    if path.suffix == ".html":
        parser = _HtmlLinks()
        parser.feed(path.read_text(encoding="utf-8"))
        yield from ((link, None) for link in parser.links)
    elif name.startswith("sitemap") and name.endswith((".xml", ".xml.gz")):
        data = path.read_bytes()
        root = ET.fromstring(gzip.decompress(data) if name.endswith(".gz") else data)
        for loc in root.iter(f"{SITEMAP}loc"):
            yield (loc.text or ""), ""
    elif name == "feed.xml":
        root = ET.parse(path).getroot()
        for link in root.iter(f"{ATOM}link"):
            yield link.get("href", ""), ""
        for category in root.iter(f"{ATOM}category"):
            yield category.get("term", ""), ""
        if site_url:
            for ident in root.iter(f"{ATOM}id"):
                yield (ident.text or ""), ""
    elif name == "data/katalog.json":
        yield from ((url, "") for url in _json_urls(path.read_text(encoding="utf-8")))
    elif name == "data/katalog-lengkap.json.gz":
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        yield from ((url, "") for url in _json_urls(text))
    elif name in ("data/katalog.csv", "data/katalog.csv.gz"):
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8-sig")
        rows = csv.DictReader(io.StringIO(text))
        yield from ((row["url"], "") for row in rows)
    elif name == "cari/baris.json":  # the search page's download reads katalog.csv.gz's rows
        yield json.loads(path.read_text(encoding="utf-8"))["csv"], None
    elif name == "search/meta.json":
        meta = json.loads(path.read_text(encoding="utf-8"))
        pattern = meta["urls"]["entry"]
        for docs in sorted((site / "search/docs").glob("*.json.gz")):
            for record in json.loads(gzip.decompress(docs.read_bytes())):
                yield pattern.replace("{id}", record[0]), ""


def internal_links(site: Path, site_url: str = "") -> Iterator[Link]:
    """Every link from the site to itself, in every format listed in the module docstring."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        source = path.relative_to(site).as_posix()
        for href, base in _raw_links(site, path, site_url):
            target = _resolve(site, source, href, site_url, base)
            if target is not None:
                yield Link(source, href, "" if target == "." else target)


def lands(site: Path, target: str) -> bool:
    """A directory URL lands on its index.html; a file URL on the file."""
    path = site / target
    return path.is_file() or (path / "index.html").is_file()


def broken_links(site: Path, site_url: str = "", optional: tuple[str, ...] = ()) -> list[str]:
    """Links that resolve to no file; `optional` lists target prefixes a fixture leaves out."""
    return [
        str(link)
        for link in internal_links(site, site_url)
        if not lands(site, link.target) and not (link.target + "/").startswith(optional)
    ]
