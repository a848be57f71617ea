"""Atom feeds of the newest entries: the whole catalogue's and one per facet term; deterministic."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from ..entries.catalogue import Catalogue
from ..entries.rules import FIRST_YEAR
from ..facets import FACETS_BY_KEY, display_order, index_facet
from ..model import Entry
from ..settings import OutputFile, SiteSettings
from ..urls import FEED
from .licences import AREA_LICENCE, CONTENT_LICENCE

FEED_SIZE = 50
FEED_FACETS = ("provinsi", "sektor", "sdg")  # facets whose terms each have their own feed
ATOM = "http://www.w3.org/2005/Atom"
# Atom needs a date on every entry; one without `updated` gets the catalogue's first year.
UNKNOWN_UPDATED = dt.date(FIRST_YEAR, 1, 1)
# tag: URIs (RFC 4151) serve as ids while the site has no absolute URL; this never changes.
TAG_AUTHORITY = "katalog-inovasi-pelayanan-publik,2026"
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def feed_entries(entries: Iterable[Entry], size: int = FEED_SIZE) -> list[Entry]:
    """The newest entries by `updated` (those without it last), ties broken by id."""
    ordered = sorted(entries, key=lambda e: (-(e.updated or UNKNOWN_UPDATED).toordinal(), e.id))
    return ordered[:size]


def last_updated(entries: Iterable[Entry]) -> dt.date | None:
    return max((e.updated for e in entries if e.updated), default=None)


def _xml_text(value: str) -> str:
    # ElementTree escapes markup but would write control characters that XML 1.0 forbids.
    return _XML_INVALID.sub("", value)


def _atom_date(day: dt.date | None) -> str:
    return f"{(day or UNKNOWN_UPDATED).isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = _xml_text(text)
    return element


def entry_tag(entry_id: str) -> str:
    """An entry's id in every feed: the same with or without `site_url`, and when a fork
    renames its URLs (RFC 4287 asks ids never to change)."""
    return f"tag:{TAG_AUTHORITY}:entri:{entry_id}"


def build_feed(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`feed.xml`: the newest entries of the whole catalogue."""
    return build_atom(
        catalogue,
        settings,
        catalogue.entries,
        FEED,
        "",
        settings.site_name,
        "Inovasi pelayanan publik terbaru di katalog",
        "feed",
    )


def build_term_feeds(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """One feed per province, sector and SDG goal, beside the term's first index page; a term
    without entries has its (empty) feed too, so a reader may subscribe before the first one."""
    patterns = settings.patterns
    facets = [FACETS_BY_KEY[key] for key in FEED_FACETS]
    order = display_order(catalogue.entries)
    for facet in facets:
        index = index_facet(facet, catalogue, order, settings.province_scope, patterns)
        for term in index.terms:
            page = index.url(term.slug)
            path = patterns.term_feed_url(page)
            members = [catalogue.entries[i] for i in index.members.get(term.slug, ())]
            heading = facet.heading.format(label=term.label, slug=term.slug)
            yield OutputFile(
                path,
                build_atom(
                    catalogue,
                    settings,
                    members,
                    path,
                    page,
                    f"{heading} - {settings.site_name}",
                    f"Inovasi pelayanan publik terbaru: {heading}",
                    f"{facet.key}:{term.slug}",
                ),
            )


def build_atom(
    catalogue: Catalogue,
    settings: SiteSettings,
    entries: Iterable[Entry],
    path: str,
    page: str,
    title: str,
    subtitle: str,
    key: str,
) -> bytes:
    """Atom 1.0 of the newest of `entries`, at `path`, about the page at `page`. Links are
    absolute under `site_url`, otherwise relative to the feed; ids are tag: URIs either way."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else ""
    prefix = base or "../" * path.count("/")  # relative links start from the feed's folder
    patterns = settings.patterns
    newest = feed_entries(entries)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": settings.language})
    _add(feed, "id", f"tag:{TAG_AUTHORITY}:{key}")
    _add(feed, "title", title)
    _add(feed, "subtitle", subtitle)
    _add(feed, "updated", _atom_date(last_updated(newest)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=prefix + path)
    _add(feed, "link", rel="alternate", type="text/html", href=(prefix + page) or "./")
    _add(_add(feed, "author"), "name", settings.site_name)
    _add(feed, "rights", f"{CONTENT_LICENCE['name']}; {AREA_LICENCE['note']}")
    _add(feed, "generator", "katalog-inovasi")
    for entry in newest:
        url = patterns.entry_url(entry.id)
        item = _add(feed, "entry")
        _add(item, "id", entry_tag(entry.id))
        _add(item, "title", entry.title, type="text")
        _add(item, "updated", _atom_date(entry.updated))
        _add(item, "link", rel="alternate", type="text/html", href=prefix + url)
        _add(_add(item, "author"), "name", entry.agency.name)
        _add(item, "summary", entry.summary, type="text")
        province = catalogue.vocab.provinces[entry.province]
        # A category's term is its index page, so a reader can follow it to the entries.
        term = patterns.term_url("province", province.slug)
        _add(item, "category", term=prefix + term, label=province.name)
        for slug in entry.sectors:
            term = patterns.term_url("sector", slug)
            _add(item, "category", term=prefix + term, label=catalogue.vocab.sectors[slug].name)
    ET.indent(feed)
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"
