"""Facet invariants on generated catalogues: membership, pagination, independence of file order."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.entries.catalogue import Catalogue, load_catalogue
from generator.entries.vocabularies import load_vocabularies
from generator.facets import FACETS, FACETS_BY_KEY
from generator.model import Agency, Award, Entry, Replication, pack_body
from generator.opendata.stats import compute_stats
from generator.search.index import build_index_files
from generator.settings import SiteSettings
from generator.site.plan import (
    OVERVIEW,
    PROVINCE_REPLICATION,
    REPLICATION,
    TERM,
    build_site,
    plan_pages,
    province_flows,
)
from generator.site.rendering import render_page
from tests.site_fixture import FIXTURE

VOCAB, _ = load_vocabularies(FIXTURE)
PROVINCES = ["aceh", "bali", "jawa-barat", "nasional"]
SECTORS = sorted(VOCAB.sectors)[:5]
# A few regencies per province (none for `nasional`); `None` stays possible for every entry.
REGENCIES = {p: [r.code for r in VOCAB.regencies_of(p)][:3] or [None] for p in PROVINCES}


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    count = draw(st.integers(0, 12))
    made: list[Entry] = []
    for n in range(count):
        province = draw(st.sampled_from(PROVINCES))
        slug = f"inovasi-{n:03d}"
        earlier = [e.id for e in made]
        made.append(
            Entry(
                id=f"{province}/{slug}",
                province=province,
                slug=slug,
                source_path=f"content/innovations/{province}/{slug}.md",
                title=draw(st.sampled_from(["Antrean", "Akta", "antrean", "Zona"])) + f" {n}",
                summary="Ringkasan inovasi sintetis untuk uji properti.",
                agency=Agency("Dinas Uji", "lainnya"),
                sectors=tuple(draw(st.sets(st.sampled_from(SECTORS), min_size=1, max_size=3))),
                sdgs=tuple(sorted(draw(st.sets(st.integers(1, 17), min_size=1, max_size=3)))),
                packed_body=pack_body("Teks."),
                body_line=5,
                launched=draw(st.none() | st.integers(2015, 2020)),
                regency=draw(st.none() | st.sampled_from(REGENCIES[province])),
                awards=tuple(
                    Award(p, 2020, "top-99" if p == "kipp" else "penerima")
                    for p in draw(st.sets(st.sampled_from(["kipp", "iga"]), max_size=2))
                ),
                replicates=draw(st.none() | st.sampled_from(earlier)) if earlier else None,
                replications=tuple(
                    Replication("Adopter uji", p, 2021)
                    for p in draw(st.lists(st.sampled_from(PROVINCES), max_size=2))
                ),
            )
        )
    return made


def catalogue_of(items: list[Entry]) -> Catalogue:
    return Catalogue(Path("content"), VOCAB, tuple(items), {e.id: e for e in items}, ())


@settings(max_examples=60, deadline=None)
@given(entries(), st.integers(1, 4), st.integers(1, 4))
def test_each_entry_is_on_exactly_the_pages_of_its_terms(
    items: list[Entry], first: int, rest: int
) -> None:
    site = build_site(catalogue_of(items), SiteSettings(page_size=first, rows_per_page=rest))
    paging = site.paging
    for index in site.facets:
        listed: dict[str, set[str]] = {e.id: set() for e in items}
        for term in index.terms:
            members = index.members[term.slug]
            for number in range(1, paging.count(len(members)) + 1):
                for position in paging.slice(members, number):
                    listed[items[position].id].add(term.slug)
        known = {t.slug for t in index.terms}
        for entry in items:
            assert listed[entry.id] == set(index.facet.terms_of(entry)) & known


@settings(max_examples=60, deadline=None)
@given(entries(), st.integers(1, 4), st.integers(1, 4))
def test_pagination_loses_and_repeats_nothing(items: list[Entry], first: int, rest: int) -> None:
    site = build_site(catalogue_of(items), SiteSettings(page_size=first, rows_per_page=rest))
    paging = site.paging
    jobs = [job for job in plan_pages(site) if job.kind == TERM]
    for index in site.facets:
        if index.facet.split_by:
            continue  # see test_a_split_list_reaches_every_entry_through_its_finer_pages
        for term in index.terms:
            members = index.members[term.slug]
            pages = [j for j in jobs if j.key == index.facet.key and j.term == term.slug]
            assert [j.number for j in pages] == list(range(1, paging.count(len(members)) + 1))
            slices = [paging.slice(members, j.number) for j in pages]
            shown = [p for part in slices for p in part]
            assert shown == list(members) and len(set(shown)) == len(shown)
            # page 1 holds up to `first` cards, every later page 1 to `rest` rows
            assert len(slices[0]) <= first and all(1 <= len(s) <= rest for s in slices[1:])


@settings(max_examples=60, deadline=None)
@given(entries(), st.integers(1, 4), st.integers(1, 4))
def test_a_split_list_reaches_every_entry_through_its_finer_pages(
    items: list[Entry], first: int, rest: int
) -> None:
    """A province's page 1 shows its first cards and links each of its regencies; its later pages
    list, once each, exactly its entries that name no regency (the rest are on regency pages)."""
    site = build_site(catalogue_of(items), SiteSettings(page_size=first, rows_per_page=rest))
    provinces, regencies = site.facet("provinsi"), site.facet("kabupaten-kota")
    assert provinces.facet.split_by == regencies.facet.key
    jobs = [job for job in plan_pages(site) if job.kind == TERM and job.key == "provinsi"]
    for term in provinces.terms:
        members = provinces.members[term.slug]
        pages = [j for j in jobs if j.term == term.slug]
        later = site.later_members(provinces, term.slug)
        assert [j.number for j in pages] == list(range(1, len(pages) + 1))
        slices = [site.paging.later_slice(members, later, j.number) for j in pages]
        assert list(slices[0]) == list(members[:first])
        rows = [p for part in slices[1:] for p in part]
        apart = [p for p in members if items[p].regency is None]
        assert rows == (apart if len(members) > first else [])
        assert all(1 <= len(s) <= rest for s in slices[1:])
        # every entry of the province: on its page 1, its later pages or its regency's pages
        reached = set(slices[0]) | set(rows)
        for regency in regencies.terms:
            if regency.group == term.slug:
                reached |= set(regencies.members[regency.slug])
        assert reached == set(members)


@settings(max_examples=40, deadline=None)
@given(entries())
def test_every_flow_is_on_the_pages_of_its_origins_and_its_adopters_province(
    items: list[Entry],
) -> None:
    """The national replication page is one page (the newest flows, each province's count):
    the full lists are the provinces', and an adoption within a province is on its list too."""
    site = build_site(catalogue_of(items), SiteSettings(page_size=2, rows_per_page=2))
    jobs = list(plan_pages(site))
    national = [job for job in jobs if job.kind == REPLICATION]
    assert [job.url for job in national] == [site.patterns.replication]
    page = render_page(site, national[0], lambda _: "").body
    listed: dict[int, set[str]] = {n: set() for n in range(len(site.replications.flows))}
    for job in jobs:
        if job.kind == PROVINCE_REPLICATION:
            for n in site.paging.slice(province_flows(site, job.term), job.number):
                listed[n].add(job.term)
            if job.number == 1:
                assert f'<a href="../{job.url}">' in page
    for n, flow in enumerate(site.replications.flows):
        assert listed[n] == {items[flow.origin].province, flow.province}


@settings(max_examples=30, deadline=None)
@given(entries(), st.randoms(use_true_random=False))
def test_pages_do_not_depend_on_entry_order(items: list[Entry], random) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(items)
    random.shuffle(shuffled)
    rendered = []
    for order in (items, shuffled):
        site = build_site(catalogue_of(order), SiteSettings(page_size=2))
        rendered.append(
            {job.url: render_page(site, job, lambda _: "").body for job in plan_pages(site)}
        )
    assert rendered[0] == rendered[1]


def test_every_facet_reads_the_same_key_and_label_everywhere() -> None:
    """One declaration per facet: pages, search filters and stats show its key and label."""
    catalogue = load_catalogue(FIXTURE)
    site = build_site(catalogue, SiteSettings(page_size=2))
    overviews = {
        job.key: render_page(site, job, lambda _: "")
        for job in plan_pages(site)
        if job.kind == OVERVIEW
    }
    assert list(overviews) == [f.key for f in FACETS if f.has_pages]
    for key, page in overviews.items():
        assert page.title == FACETS_BY_KEY[key].label
    meta = json.loads(
        next(
            f.content
            for f in build_index_files(catalogue, SiteSettings())
            if f.path == "search/meta.json"
        )
    )
    assert [(f["key"], f["label"]) for f in meta["facets"]] == [
        (f.key, f.label) for f in FACETS if f.in_search
    ]
    stats = compute_stats(catalogue)
    assert [(f.key, f.label) for f, _ in stats.facets] == [(f.key, f.label) for f in FACETS]
    assert len(set(FACETS_BY_KEY)) == len(FACETS)


def test_regency_pages_paginate_and_the_province_page_counts_them() -> None:
    catalogue = load_catalogue(FIXTURE)
    site = build_site(catalogue, SiteSettings(page_size=1))
    regencies = site.facet("kabupaten-kota")
    stated = [e for e in catalogue.entries if e.regency]
    assert sum(regencies.count(t.slug) for t in regencies.terms) == len(stated)
    assert regencies.unstated == len(catalogue.entries) - len(stated) > 0
    jobs = {job.url: job for job in plan_pages(site)}
    for entry in stated:
        job = jobs[f"kabupaten-kota/{entry.regency}/"]
        assert job.pages == regencies.count(str(entry.regency))
        body = render_page(site, job, lambda _: "").body
        assert site.patterns.entry_url(entry.id) in body  # one entry per page: page 1 holds it
    # Every regency of the catalogue's vocabulary has its page, empty ones too.
    assert all(regencies.url(t.slug) in jobs for t in regencies.terms)
    page = render_page(site, jobs["provinsi/jawa-barat/"], lambda _: "").body
    assert '<a href="../../kabupaten-kota/32.75/">' in page
    # the province's later pages list what no regency page does, and page 1 says where
    assert (
        '<a href="../../provinsi/jawa-barat/2/">1 inovasi tidak mencantumkan kabupaten/kota</a>.'
        in page
    )
    overview = render_page(site, jobs["kabupaten-kota/"], lambda _: "").body
    assert "<h2>Jawa Barat</h2>" in overview
    assert f"{regencies.unstated} inovasi tidak mencantumkan kabupaten/kota." in overview


def test_a_hub_lists_only_the_regencies_of_its_provinces() -> None:
    site = build_site(
        load_catalogue(FIXTURE, province_scope=["bali"]),
        SiteSettings(page_size=2, province_scope=("bali",)),
    )
    terms = site.facet("kabupaten-kota").terms
    assert terms and {t.group for t in terms} == {"bali"}
