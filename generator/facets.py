"""The facet registry: every way to group entries (province, regency, sector, ...) declared once.

Modelled on Datasette's facets: a `Facet` says how to read an entry's terms and how to list every
term (empty ones too: an SDG without innovations is information), with its one label, and
whether it has index pages or is a range. Index pages, the search filters and `katalog stats`
all read `FACETS`; everything else (indexes, counts, pagination, URLs) is shared. Adding a facet
is one declaration below (plus, when it has pages, its URL pattern in urls.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from .entries.catalogue import Catalogue
from .labels import AGENCY_TYPE_LABELS, STAGE_LABELS, STATUS_LABELS, UNSTATED, UNSTATED_LABEL
from .model import Entry
from .urls import DEFAULT_PATTERNS, UrlPatterns

# `katalog stats` counts entries that name no term (no launch year, regency, stage or status)
# under labels.UNSTATED; pages say the same in words.
__all__ = ["UNSTATED", "UNSTATED_LABEL"]


@dataclass(frozen=True, slots=True)
class FacetTerm:
    """One value of a facet: its slug (also the value entries carry) and how to show it."""

    slug: str
    label: str
    description: str = ""
    colour: str = ""  # SDG goals carry their UN colour
    short: str = ""  # a compact label for badges and tile maps
    parent: str = ""  # a sub-term (an award level) names its term; it has no page of its own
    group: str = ""  # the province a regency lies in, for lists grouped by province


Scope = Sequence[str]  # the provinces a hub publishes; empty: all


@dataclass(frozen=True, slots=True)
class Facet:
    key: str  # URL parameter in /cari/, key in `katalog stats`, navigation section
    label: str  # the one label: index pages, search filter, stats and docs
    label_en: str
    noun: str  # how a sentence names one term: "provinsi", "tujuan TPB/SDG"
    terms_of: Callable[[Entry], Sequence[str]]
    list_terms: Callable[[Catalogue, Scope], Sequence[FacetTerm]]
    pattern: str = ""  # the UrlPatterns field placing its index pages; "": no pages
    heading: str = "{label}"  # a term page's title, format string with {label} and {slug}
    is_range: bool = False  # terms are ordered values a filter selects from-to (years)
    in_search: bool = True
    counts_unstated: bool = False  # entries naming no term are counted as not stated
    filters_unstated: bool = False  # and the search filter offers them as a value
    # A finer facet whose pages list this one's entries (a province's regencies): page 1 links
    # each of its terms, and the later pages list only the entries naming none of them.
    split_by: str = ""

    @property
    def has_pages(self) -> bool:
        return bool(self.pattern)


def _provinces(catalogue: Catalogue, scope: Scope) -> list[FacetTerm]:
    """A hub fork lists only its own provinces; the national site lists all and `nasional`."""
    return [
        FacetTerm(p.slug, p.name, short=_province_short(p.name))
        for p in catalogue.vocab.provinces.values()
        if not scope or p.slug in scope
    ]


def _province_short(name: str) -> str:
    return name.replace("Kepulauan ", "Kep. ").replace("Nasional (Kementerian/Lembaga)", "Nasional")


def _regencies(catalogue: Catalogue, scope: Scope) -> list[FacetTerm]:
    """Kemendagri codes are the slugs (`32.75`); each regency or city says its province."""
    terms = []
    for province in _provinces(catalogue, scope):
        for regency in catalogue.vocab.regencies_of(province.slug):
            terms.append(FacetTerm(regency.code, regency.name, province.label, group=province.slug))
    return terms


def _sectors(catalogue: Catalogue, scope: Scope) -> list[FacetTerm]:
    return [FacetTerm(t.slug, t.name, t.description) for t in catalogue.vocab.sectors.values()]


def _goals(catalogue: Catalogue, scope: Scope) -> list[FacetTerm]:
    return [
        FacetTerm(str(g.number), g.name, g.name_en, g.colour, f"TPB {g.number}")
        for g in catalogue.vocab.goals.values()
    ]


def _years(catalogue: Catalogue, scope: Scope) -> list[FacetTerm]:
    # Every year between the first and the last launch, so a gap year shows as a zero, not a hole.
    years = [e.launched for e in catalogue.entries if e.launched is not None]
    if not years:
        return []
    return [FacetTerm(str(y), str(y)) for y in range(min(years), max(years) + 1)]


def _awards(catalogue: Catalogue, scope: Scope) -> list[FacetTerm]:
    """Each programme, followed by its levels (`kipp/top-99`), which filter but have no page."""
    terms = []
    for program in catalogue.vocab.awards.values():
        terms.append(
            FacetTerm(program.slug, program.name, program.description or program.organiser)
        )
        terms += [
            FacetTerm(f"{program.slug}/{level.slug}", level.name, parent=program.slug)
            for level in program.levels
        ]
    return terms


def _award_terms(entry: Entry) -> tuple[str, ...]:
    programs = [a.program for a in entry.awards]
    return tuple(dict.fromkeys(programs + [f"{a.program}/{a.level}" for a in entry.awards]))


def _labelled(labels: Mapping[str, str]) -> Callable[[Catalogue, Scope], list[FacetTerm]]:
    return lambda catalogue, scope: [FacetTerm(slug, label) for slug, label in labels.items()]


FACETS: tuple[Facet, ...] = (
    Facet("provinsi", "Provinsi", "Province", "provinsi",
          lambda e: (e.province,), _provinces, "province", split_by="kabupaten-kota"),
    Facet("kabupaten-kota", "Kabupaten/kota", "Regency/city", "kabupaten/kota",
          lambda e: (e.regency,) if e.regency else (), _regencies, "regency",
          counts_unstated=True),
    Facet("sektor", "Sektor", "Sector", "sektor",
          lambda e: e.sectors, _sectors, "sector", "Sektor {label}"),
    Facet("sdg", "TPB/SDG", "SDG", "tujuan TPB/SDG",
          lambda e: tuple(str(n) for n in e.sdgs), _goals, "sdg", "TPB {slug}: {label}"),
    Facet("tahun", "Tahun peluncuran", "Launch year", "tahun peluncuran",
          lambda e: (str(e.launched),) if e.launched is not None else (), _years, "year",
          "Diluncurkan tahun {label}", is_range=True, counts_unstated=True),
    Facet("penghargaan", "Penghargaan", "Award", "program penghargaan",
          _award_terms, _awards, "award"),
    Facet("instansi", "Jenis instansi", "Agency type", "jenis instansi",
          lambda e: (e.agency.type,), _labelled(AGENCY_TYPE_LABELS)),
    Facet("tahap", "Tahap", "Stage", "tahap",
          lambda e: (e.stage,) if e.stage else (), _labelled(STAGE_LABELS),
          counts_unstated=True, filters_unstated=True),
    Facet("status", "Status", "Status", "status",
          lambda e: (e.status,) if e.status else (), _labelled(STATUS_LABELS),
          counts_unstated=True, filters_unstated=True),
)  # fmt: skip
FACETS_BY_KEY: dict[str, Facet] = {facet.key: facet for facet in FACETS}
PAGED_FACETS = tuple(facet for facet in FACETS if facet.has_pages)


@dataclass(frozen=True, slots=True)
class FacetIndex:
    """Every term of one facet with the entries (indexes into `catalogue.entries`) it lists."""

    facet: Facet
    terms: tuple[FacetTerm, ...]
    members: Mapping[str, tuple[int, ...]]  # term slug -> entry positions, in the order given
    unstated_members: tuple[int, ...] = ()  # entries that name no term of this facet
    patterns: UrlPatterns = DEFAULT_PATTERNS

    @property
    def unstated(self) -> int:
        return len(self.unstated_members)

    def count(self, slug: str) -> int:
        return len(self.members.get(slug, ()))

    def url(self, slug: str, page: int = 1) -> str:
        return self.patterns.term_url(self.facet.pattern, slug, page)

    @property
    def overview_url(self) -> str:
        return self.patterns.overview_url(self.facet.pattern)


def display_order(entries: Sequence[Entry]) -> list[int]:
    """Positions of `entries` in the order index pages list them: by title, then id."""
    return sorted(range(len(entries)), key=lambda i: (entries[i].title.casefold(), entries[i].id))


def index_facet(
    facet: Facet,
    catalogue: Catalogue,
    order: Sequence[int],
    scope: Scope = (),
    patterns: UrlPatterns = DEFAULT_PATTERNS,
    with_subterms: bool = False,
) -> FacetIndex:
    """One pass over the catalogue; terms an entry names that the list lacks are ignored
    (validation already refused them; a hub's province scope may hide some). Sub-terms (award
    levels) are indexed only `with_subterms`: search filters and stats have them, pages not."""
    terms = tuple(t for t in facet.list_terms(catalogue, scope) if with_subterms or not t.parent)
    members: dict[str, list[int]] = {t.slug: [] for t in terms}
    unstated: list[int] = []
    for position in order:
        slugs = facet.terms_of(catalogue.entries[position])
        if not slugs:
            unstated.append(position)
        for slug in slugs:
            bucket = members.get(slug)
            if bucket is not None:
                bucket.append(position)
    frozen = {slug: tuple(ids) for slug, ids in members.items()}
    return FacetIndex(facet, terms, frozen, tuple(unstated), patterns)


def unsplit_members(
    index: FacetIndex, finer: FacetIndex, catalogue: Catalogue
) -> dict[str, tuple[int, ...]]:
    """For each term of `index`, its entries on no page of `finer` (a province's entries that
    name no regency of the catalogue), in display order."""
    terms_of = finer.facet.terms_of
    entries = catalogue.entries
    return {
        slug: tuple(p for p in members if not any(t in finer.members for t in terms_of(entries[p])))
        for slug, members in index.members.items()
    }


def index_facets(
    facets: Sequence[Facet],
    catalogue: Catalogue,
    scope: Scope = (),
    patterns: UrlPatterns = DEFAULT_PATTERNS,
) -> tuple[FacetIndex, ...]:
    """The index pages' view: entries in display order, no sub-terms."""
    order = display_order(catalogue.entries)
    return tuple(index_facet(f, catalogue, order, scope, patterns) for f in facets)


@dataclass(frozen=True, slots=True)
class Paging:
    """How a paginated list splits: page 1 holds `first` items (cards, the page people land on),
    every later page `rest` (compact rows: an entry is on about seven lists, so the later pages
    are most of the site's index bytes). Both fixed, so no page grows with the catalogue."""

    first: int
    rest: int

    def count(self, items: int) -> int:
        """Pages of a list of `items`: at least one, so an empty term still has its page."""
        return 1 + max(0, -(-(items - self.first) // self.rest))

    def slice(self, items: Sequence[int], number: int) -> Sequence[int]:
        """The items on page `number` (1-based)."""
        if number <= 1:
            return items[: self.first]
        start = self.first + (number - 2) * self.rest
        return items[start : start + self.rest]

    def later(self, items: Sequence[int], apart: Sequence[int] | None = None) -> Sequence[int]:
        """What pages 2 onwards list: the items page 1 has no room for or, for a list split into
        finer ones (`apart`: the items on none of them), those items, all of them, whenever page 1
        cannot hold the whole list. `later_count` and `later_slice` page the result."""
        if len(items) <= self.first:
            return ()
        return items[self.first :] if apart is None else apart

    def later_count(self, later: Sequence[int]) -> int:
        """Pages of a list whose later pages list `later` (see `later`): page 1 and theirs."""
        return 1 + -(-len(later) // self.rest)

    def later_slice(self, items: Sequence[int], later: Sequence[int], number: int) -> Sequence[int]:
        """The items on page `number` (1-based) of `items`, whose later pages list `later`."""
        if number <= 1:
            return items[: self.first]
        start = (number - 2) * self.rest
        return later[start : start + self.rest]
