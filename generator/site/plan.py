"""The site's page plan: every URL the catalogue publishes, computed once, rendered on demand."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..entries.catalogue import Catalogue
from ..entries.replication import ReplicationIndex, index_replications
from ..facets import PAGED_FACETS, FacetIndex, Paging, index_facets, unsplit_members
from ..settings import SiteSettings
from ..urls import UrlPatterns, page_url

# What each kind of page is; the renderer has one function per kind.
HOME = "home"
OVERVIEW = "overview"  # a facet's list of terms with counts
TERM = "term"  # one term's entries, paginated
ENTRY = "entry"
ENGLISH_ENTRY = "entry-en"  # the English page of an entry with `translations.en`
REPLICATION = "replication"  # all replication flows, paginated
PROVINCE_REPLICATION = "province-replication"  # one province's exports and imports, paginated


@dataclass(frozen=True, slots=True)
class Page:
    """One rendered page, engine-neutral: a theme wraps `body` (an HTML fragment) in its chrome."""

    url: str  # directory URL relative to the site root: `` or `inovasi/jawa-barat/pikobar/`
    title: str
    description: str
    body: str
    section: str  # the navigation section it belongs to ("" for the home page)
    head: str = ""  # tags this page adds to <head> (see head.py), already HTML
    language: str = "id"


@dataclass(frozen=True, slots=True)
class PageJob:
    """A page still to render: small and picklable, so worker processes can take a share."""

    kind: str
    url: str
    section: str
    key: str = ""  # facet name, or entry position as text
    term: str = ""
    number: int = 1
    pages: int = 1
    base: str = ""  # the URL of page 1 of a paginated list

    @property
    def is_section(self) -> bool:
        """Section pages are few and in the navigation; the theme may render them fully."""
        return self.kind in (HOME, OVERVIEW) or (self.kind == REPLICATION and self.number == 1)


@dataclass(frozen=True, slots=True)
class Site:
    """The catalogue with every index a page needs, built once per build (O(N))."""

    catalogue: Catalogue
    settings: SiteSettings
    facets: tuple[FacetIndex, ...]
    replications: ReplicationIndex
    positions: Mapping[str, int] = field(repr=False)
    # Facet key -> term slug -> the term's entries on none of the finer facet's pages, for each
    # facet split by a finer one (Facet.split_by) that has pages: what its later pages list.
    unsplit: Mapping[str, Mapping[str, tuple[int, ...]]] = field(default_factory=dict, repr=False)
    # Rendered cards by entry position, filled as pages need them (see rendering.render_card).
    cards: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    # Rendered rows by (entry position, facet), likewise (see rendering.render_row).
    rows: dict[tuple[int, str], str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def patterns(self) -> UrlPatterns:
        return self.settings.patterns

    @property
    def paging(self) -> Paging:
        """How every paginated list splits: cards on page 1, compact rows after."""
        return Paging(self.settings.page_size, self.settings.rows_per_page)

    def facet(self, name: str) -> FacetIndex:
        return next(f for f in self.facets if f.facet.key == name)

    def later_members(self, index: FacetIndex, slug: str) -> Sequence[int]:
        """What the later pages of a term list (Paging.later): the entries after page 1's or,
        for a facet split by a finer one, its entries on none of the finer terms' pages."""
        members = index.members.get(slug, ())
        unsplit = self.unsplit.get(index.facet.key)
        return self.paging.later(members, None if unsplit is None else unsplit.get(slug, ()))


def build_site(catalogue: Catalogue, settings: SiteSettings) -> Site:
    facets = index_facets(PAGED_FACETS, catalogue, catalogue.province_scope, settings.patterns)
    positions = {e.id: i for i, e in enumerate(catalogue.entries)}
    by_key = {index.facet.key: index for index in facets}
    unsplit = {
        index.facet.key: unsplit_members(index, by_key[index.facet.split_by], catalogue)
        for index in facets
        if index.facet.split_by in by_key
    }
    return Site(catalogue, settings, facets, index_replications(catalogue), positions, unsplit)


def plan_pages(site: Site) -> Iterator[PageJob]:
    """Every page of the site, sections first, in a fixed order."""
    paging = site.paging
    yield PageJob(HOME, "", "")
    for index in site.facets:
        yield PageJob(OVERVIEW, index.overview_url, index.facet.key, index.facet.key)
    # One page: the newest flows and each province's count. Every flow is on the replication
    # pages of its origin's province (and of its adopter's), so the whole list is not repeated.
    yield PageJob(REPLICATION, site.patterns.replication, "replikasi")
    for index in site.facets:
        facet = index.facet
        for term in index.terms:
            pages = paging.later_count(site.later_members(index, term.slug))
            base = index.url(term.slug)
            for number in range(1, pages + 1):
                url = page_url(base, number, site.patterns)
                yield PageJob(TERM, url, facet.key, facet.key, term.slug, number, pages, base)
    yield from _province_replication_jobs(site)
    for position, entry in enumerate(site.catalogue.entries):
        url = site.patterns.entry_url(entry.id)
        yield PageJob(ENTRY, url, "provinsi", str(position))
    for position, entry in enumerate(site.catalogue.entries):
        if entry.translation_en is not None:
            url = site.patterns.english_entry_url(entry.id)
            yield PageJob(ENGLISH_ENTRY, url, "provinsi", str(position))


@dataclass(frozen=True, slots=True)
class PagePlan:
    """The plan as the build uses it: section pages (few, rendered by the theme) and bulk pages.
    It depends on the site's indexes alone, so a preview rebuild that keeps them
    (preview.site_after_edit) keeps the plan: at 50k entries, planning again took about a
    third of a one-entry edit's rebuild."""

    sections: tuple[PageJob, ...]
    bulk: tuple[PageJob, ...]


def split_plan(site: Site) -> PagePlan:
    sections: list[PageJob] = []
    bulk: list[PageJob] = []
    for job in plan_pages(site):
        (sections if job.is_section else bulk).append(job)
    return PagePlan(tuple(sections), tuple(bulk))


def _province_replication_jobs(site: Site) -> Iterator[PageJob]:
    for term in site.facet("provinsi").terms:
        flows = province_flows(site, term.slug)
        if not flows:
            continue
        base = site.patterns.province_replication_url(term.slug)
        pages = site.paging.count(len(flows))
        for number in range(1, pages + 1):
            url = page_url(base, number, site.patterns)
            yield PageJob(PROVINCE_REPLICATION, url, "provinsi", "", term.slug, number, pages, base)


def province_flows(site: Site, province: str) -> tuple[int, ...]:
    """Flow positions that leave, stay in or reach `province`: its exports, the adoptions
    within it, then its imports. Every flow is on its origin's province list."""
    index = site.replications
    return (
        index.exported.get(province, ())
        + index.within.get(province, ())
        + index.imported.get(province, ())
    )
