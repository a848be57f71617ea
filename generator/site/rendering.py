"""Pages from Jinja templates: one function per kind of page, each O(its own content)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import charts
from .bodies import render_body

from .. import labels
from ..facets import FacetIndex, FacetTerm
from ..model import Entry
from .plan import (
    ENGLISH_ENTRY,
    ENTRY,
    HOME,
    OVERVIEW,
    PROVINCE_REPLICATION,
    REPLICATION,
    TERM,
    Page,
    PageJob,
    Site,
    province_flows,
)
from ..entries.replication import Flow
from ..opendata.feed import FEED_FACETS
from ..urls import (
    FEED,
    CONTRIBUTE_PAGE,
    DATA_PAGE,
    SEARCH_PAGE,
    absolute,
    page_url,
)
from ..model import AwardProgram, Goal, Term
from . import head
from .languages import ENGLISH, INDONESIAN, LANGUAGES_BY_CODE
from .shell import drop_block_newlines

TEMPLATES_DIR = Path(__file__).parent / "templates"
NEWEST_COUNT = 6
PREVIEW_FLOWS = 5  # replication flows shown on a province page before "see all"
MAX_ADOPTERS = 50  # an entry page lists at most this many adopters, then links on
PAGER_WINDOW = 2  # page links either side of the current one

BodyOf = Callable[[int], str]  # an entry's body HTML by position: bodycache.EntryBodies

# Cards are the hot path: an entry's card appears on ~5 index pages, so it is rendered once per
# process with this token where the links' "../" prefix goes. The token cannot occur in entry
# text: the loader refuses NUL bytes.
ROOT_TOKEN = "\x00"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every metadata string is contributor input
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are the package's own, which a running build or server never sees
        # change (its code would not either): checking each one's time stamp for every page was
        # 0.8 s of CPU in a 50k build.
        auto_reload=False,
    )
    env.globals.update(
        agency_type=lambda v: labels.label(labels.AGENCY_TYPE_LABELS, v),
        stage_label=lambda v: labels.label(labels.STAGE_LABELS, v),
        status_label=lambda v: labels.label(labels.STATUS_LABELS, v),
        replication_status=lambda v: labels.label(labels.REPLICATION_STATUS_LABELS, v),
        format_date=labels.format_date,
        count=labels.format_count,
        docs_pages={"search": SEARCH_PAGE, "data": DATA_PAGE, "contribute": CONTRIBUTE_PAGE},
    )
    return env


def render_page(site: Site, job: PageJob, body_of: BodyOf) -> Page:
    return RENDERERS_BY_KIND[job.kind](_View(site, job), body_of)


class _View:
    """What every template needs about the page being rendered: the site and where links start."""

    def __init__(self, site: Site, job: PageJob, language: str = INDONESIAN) -> None:
        self.site = site
        self.job = job
        self.vocab = site.catalogue.vocab
        self.patterns = site.patterns
        self.root = "../" * job.url.count("/")  # relative links; see urls.py
        self.lang = LANGUAGES_BY_CODE[language]
        self.t = self.lang.t
        self.english = language == ENGLISH

    def link(self, url: str) -> str:
        return self.root + url if (self.root or url) else "./"

    def absolute_link(self, url: str) -> str:
        """For what leaves the page (structured data): absolute once the site has an address."""
        site_url = self.site.settings.site_url
        return absolute(site_url, url) if site_url else self.link(url)

    def entry_link(self, entry: Entry) -> str:
        return self.link(self.patterns.entry_url(entry.id))

    def term_link(self, facet: str, slug: str) -> str:
        return self.link(self.site.facet(facet).url(slug))

    def province_name(self, slug: str) -> str:
        province = self.vocab.provinces.get(slug)
        if province is None:
            return slug
        return (province.name_en or province.name) if self.english else province.name

    def regency_name(self, code: str | None) -> str:
        regency = self.vocab.regencies.get(code or "")
        return regency.name if regency else ""

    def sector_name(self, slug: str) -> str:
        term = self.vocab.sectors.get(slug)
        return _named(term, self.english) if term else slug

    def award_name(self, slug: str) -> str:
        program = self.vocab.awards.get(slug)
        return _named(program, self.english) if program else slug

    def award_level(self, program: str, level: str) -> str:
        found = self.vocab.awards.get(program)
        term = found.level(level) if found else None
        return _named(term, self.english) if term else level

    def goal_name(self, number: int) -> str:
        goal = self.vocab.goals.get(number)
        return _named(goal, self.english) if goal else str(number)

    def region(self, entry: Entry) -> str:
        regency = self.regency_name(entry.regency)
        province = self.province_name(entry.province)
        return f"{regency}, {province}" if regency else province

    def cards(self, positions: Sequence[int]) -> Markup:
        """The cards of the entries at `positions`, as a list."""
        cache = self.site.cards
        items = []
        for position in positions:
            card = cache.get(position)
            if card is None:
                card = cache[position] = render_card(self, position)
            items.append(card)
        return Markup(
            '<ul class="kt-cards">\n' + "".join(items).replace(ROOT_TOKEN, self.root) + "</ul>"
        )

    def rows(self, positions: Sequence[int]) -> Markup:
        """The compact rows of the entries at `positions` (a later index page), as a list: what
        the page's own term says (its province, its regency) is left out of each row."""
        facet = self.job.key
        cache = self.site.rows
        items = []
        for position in positions:
            row = cache.get((position, facet))
            if row is None:
                row = cache[position, facet] = render_row(self, position, facet)
            items.append(row)
        return Markup(
            '<ul class="kt-rows">\n' + "".join(items).replace(ROOT_TOKEN, self.root) + "</ul>"
        )

    def flows(self, positions: Sequence[int]) -> list[Flow]:
        return [self.site.replications.flows[p] for p in positions]

    def entry_at(self, position: int | None) -> Entry | None:
        return None if position is None else self.site.catalogue.entries[position]

    def page_link(self, number: int) -> str:
        return self.link(page_url(self.job.base, number, self.patterns))

    def pager(self) -> list[int | None]:
        """Page numbers for a windowed pager (first, last, and the current one's neighbours);
        None marks a gap, so the pager has a fixed size however long the list."""
        job = self.job
        low, high = max(1, job.number - PAGER_WINDOW), min(job.pages, job.number + PAGER_WINDOW)
        shown = sorted({1, job.pages, *range(low, high + 1)})
        items: list[int | None] = []
        for previous, number in zip([0, *shown], shown, strict=False):
            if number - previous > 1:
                items.append(None)
            items.append(number)
        return items


def _named(item: Term | Goal | AwardProgram, english: bool) -> str:
    return (item.name_en or item.name) if english else item.name


# An entry is on about seven index pages (its province, sectors, goals, year, award), so its card
# is paid seven times over: the summary is cut to a card's excerpt (the entry page has it whole).
CARD_SUMMARY_LIMIT = 140
# An entry page's meta description: search engines show about this much of it in a snippet, and
# link previews read it too; the page's lead has the whole summary.
DESCRIPTION_LIMIT = 160


def excerpt(text: str, limit: int = CARD_SUMMARY_LIMIT) -> str:
    """`text` cut at the last word boundary within `limit` characters, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def render_card(view: _View, position: int) -> str:
    """One entry's card (title, agency, region, summary excerpt, SDG badges), links from
    ROOT_TOKEN. SDG names are on the entry page; the card shows the numbers."""
    entry = view.site.catalogue.entries[position]
    href = escape(ROOT_TOKEN + view.patterns.entry_url(entry.id))
    badges = "".join(f'<span class="kt-sdg kt-sdg--{n}">TPB {n}</span>' for n in entry.sdgs)
    return (
        f'<li class="kt-card">\n<h3 class="kt-card__title"><a href="{href}">'
        f"{escape(entry.title)}</a></h3>\n"
        f'<p class="kt-card__meta">{escape(entry.agency.name)} · {escape(view.region(entry))}</p>\n'
        f'<p class="kt-card__summary">{escape(excerpt(entry.summary))}</p>\n'
        f'<span class="kt-sdgs">{badges}</span>\n</li>\n'
    )


def render_row(view: _View, position: int, facet: str) -> str:
    """One entry's compact row on a later index page: its title linked (from ROOT_TOKEN), then
    agency and region on the next line, without the region the page is about. About a third of
    a card: an entry is on some seven index pages, most of them later pages."""
    entry = view.site.catalogue.entries[position]
    href = escape(ROOT_TOKEN + view.patterns.entry_url(entry.id))
    if facet == "kabupaten-kota":
        where = ""
    elif facet == "provinsi":
        where = view.regency_name(entry.regency)
    else:
        where = view.region(entry)
    meta = f"{entry.agency.name} · {where}" if where else entry.agency.name
    # No </li>: the next <li> or the list's end closes it (HTML's optional end tags).
    return f'<li><a href="{href}">{escape(entry.title)}</a><br>{escape(meta)}\n'


def _render(
    view: _View, template: str, title: str, description: str, head: str = "", /, **context: object
) -> Page:
    body = (
        environment()
        .get_template(template)
        .render(view=view, site=view.site, job=view.job, title=title, **context)
    )
    return Page(view.job.url, title, description, body, view.job.section, head)


def render_home(view: _View, _: BodyOf) -> Page:
    site = view.site
    catalogue = site.catalogue
    entries = catalogue.entries
    newest = sorted(
        range(len(entries)),
        key=lambda i: (-(u.toordinal() if (u := entries[i].updated) else 0), entries[i].id),
    )[:NEWEST_COUNT]
    provinces = site.facet("provinsi")
    counts = {
        "entries": len(catalogue.entries),
        "provinces": sum(1 for t in provinces.terms if provinces.count(t.slug)),
        "agencies": len({e.agency.name for e in catalogue.entries}),
        "replications": len(site.replications.flows),
        "awarded": sum(1 for e in catalogue.entries if e.awards),
    }
    primary = site.settings.palette_primary
    single = _single_province(site)
    pictures = {
        "sdg_chart": Markup(charts.sdg_chart(site.facet("sdg"), view.link)),
        "province_chart": Markup(
            "" if single else charts.province_chart(provinces, view.link, primary=primary)
        ),
        "tile_map": Markup(_province_picture(view, single)),
        "map_caption": (
            f"Inovasi per kabupaten/kota di {view.province_name(single)}"
            if single
            else "Inovasi per provinsi (peta petak)"
        ),
    }
    intro = site.settings.hub_intro
    name = site.settings.site_name
    return _render(
        view,
        "home.html",
        name,
        f"{name}: {labels.format_count(counts['entries'])} inovasi pelayanan publik, "
        "per provinsi, sektor, TPB/SDG, tahun dan penghargaan.",
        head.feed_link(view.link(FEED), f"{name}: inovasi terbaru"),
        newest=newest,
        counts=counts,
        intro=Markup(render_body(intro, "")) if intro.strip() else None,
        **pictures,
    )


def _single_province(site: Site) -> str:
    """The province a one-province site (a hub) shows, or "" for a site of many."""
    terms = site.facet("provinsi").terms
    if len(terms) != 1:
        return ""
    province = site.catalogue.vocab.provinces.get(terms[0].slug)
    return terms[0].slug if province is not None and province.code is not None else ""


def _province_picture(view: _View, single: str) -> str:
    """Where the entries are: the province tile map, or for a one-province site its regencies
    and cities (one province tile says nothing)."""
    primary = view.site.settings.palette_primary
    if not single:
        return charts.tile_map(view.site.facet("provinsi"), view.link, primary)
    regencies = view.site.facet("kabupaten-kota")
    return charts.regency_map(regencies, single, view.province_name(single), view.link, primary)


def render_overview(view: _View, _: BodyOf) -> Page:
    index = view.site.facet(view.job.key)
    facet = index.facet
    extra: dict[str, object] = {}
    if facet.key == "provinsi":
        extra["tile_map"] = Markup(_province_picture(view, _single_province(view.site)))
    listed = {position for members in index.members.values() for position in members}
    return _render(
        view,
        "overview.html",
        facet.label,
        f"Inovasi pelayanan publik per {facet.noun}, dengan jumlahnya.",
        index=index,
        groups=term_groups(view, index),
        unstated=index.unstated if facet.counts_unstated else 0,
        entries=len(listed),
        used=sum(1 for t in index.terms if index.count(t.slug)),
        # a sector or goal page may list an entry more than once over the terms: say so
        shared=sum(index.count(t.slug) for t in index.terms) > len(listed),
        **extra,
    )


def term_groups(view: _View, index: FacetIndex) -> list[tuple[str, list[FacetTerm]]]:
    """The overview's lists: one per province for grouped terms (regencies), else one; a
    range lists its latest value first."""
    terms = list(reversed(index.terms)) if index.facet.is_range else list(index.terms)
    groups: dict[str, list[FacetTerm]] = {}
    for term in terms:
        groups.setdefault(term.group, []).append(term)
    return [(view.province_name(group) if group else "", items) for group, items in groups.items()]


def render_term(view: _View, _: BodyOf) -> Page:
    job = view.job
    index: FacetIndex = view.site.facet(job.key)
    term = next(t for t in index.terms if t.slug == job.term)
    members = index.members.get(term.slug, ())
    later = view.site.later_members(index, term.slug)
    shown = view.site.paging.later_slice(members, later, job.number)
    heading = index.facet.heading.format(label=term.label, slug=term.slug)
    title = heading if job.number == 1 else f"{heading} (halaman {job.number})"
    extra: dict[str, object] = {}
    split = index.facet.split_by
    if split and job.number > 1 and index.facet.key in view.site.unsplit:
        # A split list's later pages hold only what no finer page lists: say so and link those.
        extra = {"unsplit_total": len(later), "finer": view.site.facet(split)}
    if index.facet.key == "provinsi" and job.number == 1:
        exported = view.site.replications.exported.get(term.slug, ())
        imported = view.site.replications.imported.get(term.slug, ())
        regencies = view.site.facet("kabupaten-kota")
        counted = [(t, regencies.count(t.slug)) for t in regencies.terms if t.group == term.slug]
        extra = {
            "regencies": regencies,
            "regency_counts": [(t, n) for t, n in counted if n],
            "regency_unstated": len(members) - sum(n for _, n in counted),
            "exported": view.flows(exported[:PREVIEW_FLOWS]),
            "imported": view.flows(imported[:PREVIEW_FLOWS]),
            "exported_count": len(exported),
            "imported_count": len(imported),
            "replication_link": view.link(view.patterns.province_replication_url(term.slug)),
        }
    description = f"{labels.format_count(len(members))} inovasi pelayanan publik: {heading}."
    tags = []
    if index.facet.key in FEED_FACETS:
        feed = view.patterns.term_feed_url(index.url(term.slug))
        tags.append(head.feed_link(view.link(feed), f"{heading}: inovasi terbaru"))
    if not members:
        tags.append(head.noindex())  # the page says "none yet": nothing for a search engine
    return _render(
        view,
        "term.html",
        title,
        description,
        "".join(tags),
        heading=heading,
        index=index,
        term=term,
        total=len(members),
        listed=shown,
        **extra,
    )


def bodies_shown(jobs: Iterable[PageJob]) -> list[int]:
    """The entries (positions) whose body the pages of `jobs` show: the Indonesian entry pages'
    (an English page links to the body instead)."""
    return [int(job.key) for job in jobs if job.kind == ENTRY]


def render_entry(view: _View, body_of: BodyOf) -> Page:
    return _entry_page(view, body_of)


def render_english_entry(view: _View, body_of: BodyOf) -> Page:
    """The English page of a translated entry: English title, summary, names and chrome, and a
    link to the body on the Indonesian page (bodies are written in Indonesian only)."""
    return _entry_page(_View(view.site, view.job, ENGLISH), body_of)


def _entry_page(view: _View, body_of: BodyOf) -> Page:
    position = int(view.job.key)
    site = view.site
    entry = site.catalogue.entries[position]
    replicated = site.positions.get(entry.replicates or "")
    adopters = site.replications.of_origin.get(position, ())
    edit_base = site.settings.repo_edit_url
    shown_adopters = view.flows(adopters[:MAX_ADOPTERS])
    title, summary = entry.title, entry.summary
    translation = entry.translation_en
    if view.english and translation is not None:
        title, summary = translation.title, translation.summary
    service = head.government_service(site, entry, view.absolute_link, shown_adopters)
    service["name"] = title
    tags = []
    alternate = None
    if translation is not None:
        pages = {
            INDONESIAN: site.patterns.entry.format(id=entry.id),
            ENGLISH: site.patterns.english_entry_url(entry.id),
        }
        tags.append(head.language_links([(c, view.absolute_link(u)) for c, u in pages.items()]))
        other = INDONESIAN if view.english else ENGLISH
        switch = "Baca dalam bahasa Indonesia" if view.english else "Baca dalam bahasa Inggris"
        alternate = {
            "code": other,
            "href": view.link(pages[other]),
            "label": LANGUAGES_BY_CODE[other].t(switch),
        }
    page = _render(
        view,
        "entry.html",
        title,
        excerpt(summary, DESCRIPTION_LIMIT),
        "".join(tags),
        entry=entry,
        heading=title,
        lead=summary,
        alternate=alternate,
        body=Markup(_BODY_MARK),
        # In the page, not the chrome: it describes this entry (crawlers read it anywhere).
        structured_data=Markup(head.json_ld(service)),
        replicates=view.entry_at(replicated),
        adopters=shown_adopters,
        adopters_count=len(adopters),
        edit_url=edit_base + entry.source_path if edit_base else "",
    )
    # The template's own newlines beside block tags go (the page is repeated 100,000 times); the
    # body's stay as written, since it may hold preformatted text.
    html = drop_block_newlines(page.body)
    if not view.english:  # the English page links to the body instead of repeating it
        html = html.replace(_BODY_MARK, body_of(position), 1)
    return replace(page, body=html, language=view.lang.code)


# Where an entry's body goes in its rendered template; no escaped text can contain it.
_BODY_MARK = "<!--katalog-entry-body-->"


def render_replication(view: _View, _: BodyOf) -> Page:
    """The newest flows, then each province with the flows on its replication pages: the one
    place every flow is listed in full is its origin's province (and its adopter's)."""
    site = view.site
    flows = site.replications.flows
    provinces = []
    for term in site.facet("provinsi").terms:
        n = len(province_flows(site, term.slug))
        if n:
            link = view.link(site.patterns.province_replication_url(term.slug))
            provinces.append((term.short or term.label, link, n))  # a tile: the short name
    return _render(
        view,
        "replication.html",
        "Replikasi",
        "Siapa mereplikasi inovasi apa, di mana dan kapan.",
        flows=flows[: site.paging.first],
        total=len(flows),
        province=None,
        provinces=provinces,
    )


def render_province_replication(view: _View, _: BodyOf) -> Page:
    job = view.job
    positions = province_flows(view.site, job.term)
    shown = view.site.paging.slice(positions, job.number)
    name = view.province_name(job.term)
    title = f"Replikasi dari dan ke {name}"
    if job.number > 1:
        title += f" (halaman {job.number})"
    return _render(
        view,
        "replication.html",
        title,
        f"Inovasi {name} yang direplikasi di daerah lain, dan inovasi daerah lain yang "
        f"direplikasi di {name}.",
        flows=view.flows(shown),
        total=len(positions),
        province=job.term,
        provinces=(),
    )


RENDERERS_BY_KIND: dict[str, Callable[[_View, BodyOf], Page]] = {
    HOME: render_home,
    OVERVIEW: render_overview,
    TERM: render_term,
    ENTRY: render_entry,
    ENGLISH_ENTRY: render_english_entry,
    REPLICATION: render_replication,
    PROVINCE_REPLICATION: render_province_replication,
}


def render_hub_network(site: Site) -> str:
    """The Hub JIPP networks from the reference data, with their decrees, linking each hub's own
    catalogue where its hub folder declares one; an HTML fragment for the hub guide's page."""
    hubs = [p for p in site.catalogue.vocab.provinces.values() if p.hub_jipp is not None]
    sources = {
        source: None
        for p in hubs
        if p.hub_jipp is not None
        for source in (p.hub_jipp.source, p.hub_jipp.existed_by_source)
        if source
    }
    return (
        environment()
        .get_template("hub_network.html")
        .render(hubs=hubs, catalogues=dict(site.settings.hub_catalogues), sources=list(sources))
    )
