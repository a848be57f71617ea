"""Facet invariants on generated catalogues: membership, pagination, independence of file order."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.entries.catalogue import Catalogue
from generator.entries.vocabularies import load_vocabularies
from generator.facets import page_count, page_slice
from generator.model import Agency, Award, Entry, Replication
from generator.settings import SiteSettings
from generator.site.plan import TERM, build_site, plan_pages
from generator.site.rendering import render_page
from tests.site_fixture import FIXTURE

VOCAB, _ = load_vocabularies(FIXTURE)
PROVINCES = ["aceh", "bali", "jawa-barat", "nasional"]
SECTORS = sorted(VOCAB.sectors)[:5]


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
                body="Teks.",
                body_line=5,
                launched=draw(st.none() | st.integers(2015, 2020)),
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
@given(entries(), st.integers(1, 4))
def test_each_entry_is_on_exactly_the_pages_of_its_terms(items: list[Entry], size: int) -> None:
    site = build_site(catalogue_of(items), SiteSettings(page_size=size))
    for index in site.facets:
        listed: dict[str, set[str]] = {e.id: set() for e in items}
        for term in index.terms:
            members = index.members[term.slug]
            for number in range(1, page_count(len(members), size) + 1):
                for position in page_slice(members, number, size):
                    listed[items[position].id].add(term.slug)
        known = {t.slug for t in index.terms}
        for entry in items:
            assert listed[entry.id] == set(index.facet.terms_of(entry)) & known


@settings(max_examples=60, deadline=None)
@given(entries(), st.integers(1, 4))
def test_pagination_loses_and_repeats_nothing(items: list[Entry], size: int) -> None:
    site = build_site(catalogue_of(items), SiteSettings(page_size=size))
    jobs = [job for job in plan_pages(site) if job.kind == TERM]
    for index in site.facets:
        for term in index.terms:
            members = index.members[term.slug]
            pages = [j for j in jobs if j.key == index.facet.name and j.term == term.slug]
            assert [j.number for j in pages] == list(range(1, page_count(len(members), size) + 1))
            shown = [p for j in pages for p in page_slice(members, j.number, size)]
            assert shown == list(members) and len(set(shown)) == len(shown)
            assert all(len(page_slice(members, j.number, size)) <= size for j in pages)


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
