"""One facet mechanism for province, sector, SDG, launch year and award: terms, memberships, pages.

Modelled on Datasette's facets: a `Facet` says how to read an entry's terms and how to list every
term (empty ones too: an SDG without innovations is information), and everything else (indexes,
counts, pagination, URLs) is shared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .entries.catalogue import Catalogue
from .model import Entry
from .urls import DEFAULT_PATTERNS, UrlPatterns, overview_url, page_url


@dataclass(frozen=True, slots=True)
class FacetTerm:
    """One value of a facet: its URL slug (also the value entries carry) and how to show it."""

    slug: str
    label: str
    description: str = ""
    colour: str = ""  # SDG goals carry their UN colour
    short: str = ""  # a compact label for badges and tile maps


@dataclass(frozen=True, slots=True)
class Facet:
    name: str  # also the navigation section: "provinsi"
    title: str  # "Provinsi"
    noun: str  # how a sentence names one term: "provinsi", "tujuan"
    heading: str  # a term page's title, format string with {label} and {slug}
    term_url: str  # format string with {slug}
    terms_of: Callable[[Entry], Sequence[str]]
    list_terms: Callable[[Catalogue], Sequence[FacetTerm]]

    @property
    def overview_url(self) -> str:
        return overview_url(self.term_url)

    def url(self, slug: str, page: int = 1, patterns: UrlPatterns = DEFAULT_PATTERNS) -> str:
        return page_url(self.term_url.format(slug=slug), page, patterns)


def _provinces_in(scope: Sequence[str]) -> Callable[[Catalogue], list[FacetTerm]]:
    """A hub fork lists only its own provinces; the national site lists all and `nasional`."""

    def provinces(catalogue: Catalogue) -> list[FacetTerm]:
        return [
            FacetTerm(p.slug, p.name, short=_province_short(p.name))
            for p in catalogue.vocab.provinces.values()
            if not scope or p.slug in scope
        ]

    return provinces


def _province_short(name: str) -> str:
    return name.replace("Kepulauan ", "Kep. ").replace("Nasional (Kementerian/Lembaga)", "Nasional")


def _sectors(catalogue: Catalogue) -> list[FacetTerm]:
    return [FacetTerm(t.slug, t.name, t.description) for t in catalogue.vocab.sectors.values()]


def _goals(catalogue: Catalogue) -> list[FacetTerm]:
    return [
        FacetTerm(str(g.number), g.name, g.name_en, g.colour, f"TPB {g.number}")
        for g in catalogue.vocab.goals.values()
    ]


def _years(catalogue: Catalogue) -> list[FacetTerm]:
    # Every year between the first and the last launch, so a gap year shows as a zero, not a hole.
    years = [e.launched for e in catalogue.entries if e.launched is not None]
    if not years:
        return []
    return [FacetTerm(str(y), str(y)) for y in range(max(years), min(years) - 1, -1)]


def _awards(catalogue: Catalogue) -> list[FacetTerm]:
    return [
        FacetTerm(a.slug, a.name, a.description or a.organiser)
        for a in catalogue.vocab.awards.values()
    ]


def _award_programs(entry: Entry) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.program for a in entry.awards))


def build_facets(
    patterns: UrlPatterns = DEFAULT_PATTERNS, province_scope: Sequence[str] = ()
) -> tuple[Facet, ...]:
    """The five facets, in navigation order, placed by `patterns`."""
    return (
        Facet("provinsi", "Provinsi", "provinsi", "{label}", patterns.province,
              lambda e: (e.province,), _provinces_in(tuple(province_scope))),
        Facet("sektor", "Sektor", "sektor", "Sektor {label}", patterns.sector,
              lambda e: e.sectors, _sectors),
        Facet("sdg", "TPB/SDG", "tujuan TPB/SDG", "TPB {slug}: {label}", patterns.sdg,
              lambda e: tuple(str(n) for n in e.sdgs), _goals),
        Facet("tahun", "Tahun", "tahun peluncuran", "Diluncurkan tahun {label}", patterns.year,
              lambda e: (str(e.launched),) if e.launched is not None else (), _years),
        Facet("penghargaan", "Penghargaan", "program penghargaan", "{label}", patterns.award,
              _award_programs, _awards),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class FacetIndex:
    """Every term of one facet with the entries (indexes into `catalogue.entries`) it lists."""

    facet: Facet
    terms: tuple[FacetTerm, ...]
    members: Mapping[str, tuple[int, ...]]  # term slug -> entry positions, in display order

    def count(self, slug: str) -> int:
        return len(self.members.get(slug, ()))


def display_order(entries: Sequence[Entry]) -> list[int]:
    """Positions of `entries` in the order index pages list them: by title, then id."""
    return sorted(range(len(entries)), key=lambda i: (entries[i].title.casefold(), entries[i].id))


def index_facet(facet: Facet, catalogue: Catalogue, order: Sequence[int]) -> FacetIndex:
    """One pass over the catalogue; terms an entry names that the vocabulary lacks are ignored
    (validation already refused them; a hub's province scope may hide some)."""
    terms = tuple(facet.list_terms(catalogue))
    members: dict[str, list[int]] = {t.slug: [] for t in terms}
    for position in order:
        for slug in facet.terms_of(catalogue.entries[position]):
            bucket = members.get(slug)
            if bucket is not None:
                bucket.append(position)
    return FacetIndex(facet, terms, {slug: tuple(ids) for slug, ids in members.items()})


def index_facets(facets: Sequence[Facet], catalogue: Catalogue) -> tuple[FacetIndex, ...]:
    order = display_order(catalogue.entries)
    return tuple(index_facet(f, catalogue, order) for f in facets)


def page_count(items: int, page_size: int) -> int:
    """Pages of a list of `items`: at least one, so an empty term still has its page."""
    return max(1, -(-items // page_size))


def page_slice(items: Sequence[int], number: int, page_size: int) -> Sequence[int]:
    start = (number - 1) * page_size
    return items[start : start + page_size]
