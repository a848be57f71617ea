"""What a page adds to its <head>: feeds it announces, language alternates, schema.org JSON-LD.

The theme's shell carries the tags every page has (OpenGraph, Twitter card, canonical link);
these are the ones that differ by page, filled into the shell's `head` slot.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import escape

from ..entries.replication import Flow
from ..model import Entry
from .plan import Site

Link = Callable[[str], str]  # a site-root-relative URL -> a link from the page being rendered


def json_ld(data: dict[str, Any]) -> str:
    """A JSON-LD script block; `<` is escaped so no text can close the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def feed_link(href: str, title: str) -> str:
    return (
        f'<link rel="alternate" type="application/atom+xml" title="{escape(title)}" '
        f'href="{escape(href)}">'
    )


def language_links(pairs: Sequence[tuple[str, str]]) -> str:
    """`hreflang` alternates: every language version names all of them, itself included."""
    return "".join(
        f'<link rel="alternate" hreflang="{lang}" href="{escape(href)}">' for lang, href in pairs
    )


def noindex() -> str:
    return '<meta name="robots" content="noindex, follow">'


def government_service(
    site: Site, entry: Entry, link: Link, adopters: Sequence[Flow]
) -> dict[str, Any]:
    """schema.org `GovernmentService` of an entry: who provides it, where, in which sectors,
    its awards, and what it replicates or was replicated by (as related services, named by their
    pages' URLs). No `description`: the page's meta description and its lead carry the summary
    already, and a node without `@id` is identified by its `url`; both are paid on every page.
    No `inLanguage` either: schema.org defines it for creative works and events, not services
    (the page's `lang` gives the language)."""
    vocab = site.catalogue.vocab
    patterns = site.patterns
    href = link(patterns.entry_url(entry.id))
    province = vocab.provinces[entry.province]
    regency = vocab.regencies.get(entry.regency or "")
    area: dict[str, Any]
    if province.code is None:  # `nasional`: a ministry serves the whole country
        area = {"@type": "Country", "name": "Indonesia", "identifier": "ID"}
    else:
        area = _area(province.name, province.code)
        if regency is not None:
            area = _area(regency.name, regency.code) | {"containedInPlace": area}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": entry.title,
        "url": href,
        "provider": {"@type": "GovernmentOrganization", "name": entry.agency.name},
        "areaServed": area,
        "category": [vocab.sectors[s].name for s in entry.sectors if s in vocab.sectors],
    }
    if entry.awards:
        data["award"] = [_award(site, a.program, a.level, a.year) for a in entry.awards]
    origin = site.catalogue.by_id.get(entry.replicates or "")
    if origin is not None:
        data["isRelatedTo"] = _service_ref(link(patterns.entry_url(origin.id)))
    similar = []
    for flow in adopters:
        adopter = None if flow.adopter is None else site.catalogue.entries[flow.adopter]
        if adopter is not None:
            similar.append(_service_ref(link(patterns.entry_url(adopter.id))))
    if similar:
        data["isSimilarTo"] = similar
    if entry.updated is not None:
        data["dateModified"] = entry.updated.isoformat()
    return data


def _area(name: str, code: str) -> dict[str, Any]:
    """A province or regency with its Kemendagri code as a plain `identifier` (schema.org allows
    text), as `katalog.csv` and the search index carry it: a `PropertyValue` naming the code list
    cost ~55 bytes an area on every page, and no search engine reads it (docs/data.md says which
    codes these are)."""
    return {"@type": "AdministrativeArea", "name": name, "identifier": code}


def _award(site: Site, program: str, level: str, year: int) -> str:
    found = site.catalogue.vocab.awards.get(program)
    level_term = found.level(level) if found else None
    name = found.name if found else program
    return f"{name} {year}: {level_term.name if level_term else level}"


def _service_ref(href: str) -> dict[str, Any]:
    """Another entry, by its page: that page's own structured data names it (the name here cost
    some 70 bytes a relation on every page that has one)."""
    return {"@type": "GovernmentService", "url": href}
