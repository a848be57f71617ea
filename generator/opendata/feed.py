"""The Atom feed of the newest entries (`feed.xml`), deterministic and escaped."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from ..entries.catalogue import Catalogue
from ..entries.rules import FIRST_YEAR
from ..model import Entry
from ..settings import SiteSettings
from .licences import AREA_LICENCE, CONTENT_LICENCE

FEED_SIZE = 50
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


def build_feed(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """Atom 1.0: absolute links and ids from `site_url`; without it, tag: ids, relative links."""
    base = settings.site_url.rstrip("/") + "/" if settings.site_url else ""
    entries = feed_entries(catalogue.entries)
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": settings.language})
    _add(feed, "id", base + "feed.xml" if base else f"tag:{TAG_AUTHORITY}:feed")
    _add(feed, "title", settings.site_name)
    _add(feed, "subtitle", "Inovasi pelayanan publik terbaru di katalog")
    _add(feed, "updated", _atom_date(last_updated(entries)))
    _add(feed, "link", rel="self", type="application/atom+xml", href=base + "feed.xml")
    _add(feed, "link", rel="alternate", type="text/html", href=base or "./")
    _add(_add(feed, "author"), "name", settings.site_name)
    _add(feed, "rights", f"{CONTENT_LICENCE['name']}; {AREA_LICENCE['note']}")
    _add(feed, "generator", "katalog-inovasi")
    patterns = settings.patterns
    for entry in entries:
        url = patterns.entry_url(entry.id)
        item = _add(feed, "entry")
        _add(item, "id", base + url if base else f"tag:{TAG_AUTHORITY}:{url}")
        _add(item, "title", entry.title, type="text")
        _add(item, "updated", _atom_date(entry.updated))
        _add(item, "link", rel="alternate", type="text/html", href=base + url)
        _add(_add(item, "author"), "name", entry.agency.name)
        _add(item, "summary", entry.summary, type="text")
        province = catalogue.vocab.provinces[entry.province]
        # A category's term is its index page, so a reader can follow it to the entries.
        term = patterns.term_url("province", province.slug)
        _add(item, "category", term=base + term, label=province.name)
        for slug in entry.sectors:
            term = patterns.term_url("sector", slug)
            _add(item, "category", term=base + term, label=catalogue.vocab.sectors[slug].name)
    ET.indent(feed)
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"
