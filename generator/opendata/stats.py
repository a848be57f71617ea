"""Counts over the catalogue (per province, sector, SDG, year, award, ...) for `katalog stats`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from ..entries.catalogue import Catalogue
from ..entries.vocabularies import Vocabularies
from ..labels import AGENCY_TYPE_LABELS, STAGE_LABELS, STATUS_LABELS, UNSTATED, UNSTATED_LABEL
from ..model import Entry

UNKNOWN_YEAR = "tidak-diketahui"


@dataclass(frozen=True, slots=True)
class StatFacet:
    """One way to count entries: the terms an entry has, and the names of all terms in order."""

    key: str
    label: str
    terms_of: Callable[[Entry], Iterable[str]]
    names: Callable[[Vocabularies], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class Count:
    key: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Stats:
    entries: int
    facets: tuple[tuple[StatFacet, tuple[Count, ...]], ...]
    replication_links: int  # entries naming an origin + adopters listed by origins
    replicating_entries: int
    listed_adopters: int
    replicated_innovations: int  # distinct origins
    errors: int
    warnings: int
    files_with_problems: int


def _award_levels(vocab: Vocabularies) -> dict[str, str]:
    return {
        f"{a.slug}/{level.slug}": f"{a.name}: {level.name}"
        for a in vocab.awards.values()
        for level in a.levels
    }


FACETS = (
    StatFacet(
        "provinces",
        "Provinsi",
        lambda e: [e.province],
        lambda v: {p.slug: p.name for p in v.provinces.values()},
    ),
    StatFacet(
        "sectors",
        "Sektor",
        lambda e: e.sectors,
        lambda v: {t.slug: t.name for t in v.sectors.values()},
    ),
    StatFacet(
        "sdgs",
        "TPB/SDG",
        lambda e: [str(n) for n in e.sdgs],
        lambda v: {str(g.number): f"{g.number}. {g.name}" for g in v.goals.values()},
    ),
    StatFacet(
        "years",
        "Tahun mulai",
        lambda e: [str(e.launched) if e.launched else UNKNOWN_YEAR],
        lambda v: {UNKNOWN_YEAR: "tidak diketahui"},
    ),
    StatFacet(
        "awards",
        "Program penghargaan",
        lambda e: sorted({a.program for a in e.awards}),
        lambda v: {a.slug: a.name for a in v.awards.values()},
    ),
    StatFacet(
        "award_levels",
        "Penghargaan per tingkat",
        lambda e: sorted({f"{a.program}/{a.level}" for a in e.awards}),
        _award_levels,
    ),
    StatFacet(
        "agency_types", "Jenis instansi", lambda e: [e.agency.type], lambda v: AGENCY_TYPE_LABELS
    ),
    StatFacet(
        "stages",
        "Tahap",
        lambda e: [e.stage or UNSTATED],
        lambda v: STAGE_LABELS | {UNSTATED: UNSTATED_LABEL},
    ),
    StatFacet(
        "statuses",
        "Status",
        lambda e: [e.status or UNSTATED],
        lambda v: STATUS_LABELS | {UNSTATED: UNSTATED_LABEL},
    ),
)
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}


def count_facet(facet: StatFacet, catalogue: Catalogue) -> tuple[Count, ...]:
    """Entries per term (once per entry), terms in vocabulary order, zero counts left out."""
    counter = Counter(term for entry in catalogue.entries for term in set(facet.terms_of(entry)))
    names = facet.names(catalogue.vocab)
    order = {key: index for index, key in enumerate(names)}
    # Terms without a vocabulary order (years) follow it, sorted; the unknown year comes last.
    keys = sorted(counter, key=lambda k: (k == UNKNOWN_YEAR, order.get(k, len(order)), k))
    return tuple(Count(key, names.get(key, key), counter[key]) for key in keys)


def compute_stats(catalogue: Catalogue) -> Stats:
    replicating = sum(1 for e in catalogue.entries if e.replicates is not None)
    adopters = sum(len(e.replications) for e in catalogue.entries)
    origins = {e.replicates for e in catalogue.entries if e.replicates is not None}
    origins.update(e.id for e in catalogue.entries if e.replications)
    errors = len(catalogue.errors)
    return Stats(
        entries=len(catalogue.entries),
        facets=tuple((facet, count_facet(facet, catalogue)) for facet in FACETS),
        replication_links=replicating + adopters,
        replicating_entries=replicating,
        listed_adopters=adopters,
        replicated_innovations=len(origins),
        errors=errors,
        warnings=len(catalogue.problems) - errors,
        files_with_problems=len({p.path for p in catalogue.problems}),
    )


def stats_to_data(stats: Stats) -> dict[str, object]:
    return {
        "entries": stats.entries,
        "replications": {
            "links": stats.replication_links,
            "entries": stats.replicating_entries,
            "adopters": stats.listed_adopters,
            "innovations": stats.replicated_innovations,
        },
        "problems": {
            "errors": stats.errors,
            "warnings": stats.warnings,
            "files": stats.files_with_problems,
        },
        "facets": {
            facet.key: [{"key": c.key, "name": c.name, "count": c.count} for c in counts]
            for facet, counts in stats.facets
        },
    }


def format_json(stats: Stats) -> str:
    return json.dumps(stats_to_data(stats), ensure_ascii=False, indent=2)


def format_text(stats: Stats) -> str:
    """For people: each facet's terms by count (largest first), then replications and problems."""
    lines = [f"Entri: {stats.entries}"]
    for facet, counts in stats.facets:
        lines += ["", f"{facet.label} ({len(counts)}):"]
        width = max((len(str(c.count)) for c in counts), default=1)
        for c in sorted(counts, key=lambda c: -c.count):  # stable: ties keep vocabulary order
            lines.append(f"  {c.count:>{width}}  {c.name} [{c.key}]")
    lines += [
        "",
        f"Replikasi: {stats.replication_links} tautan "
        f"({stats.replicating_entries} entri mereplikasi entri lain, "
        f"{stats.listed_adopters} pereplikasi tanpa entri sendiri), "
        f"{stats.replicated_innovations} inovasi direplikasi",
        f"Masalah: {stats.errors} error, {stats.warnings} peringatan "
        f"di {stats.files_with_problems} berkas",
    ]
    return "\n".join(lines)


FORMATTERS_BY_NAME: dict[str, Callable[[Stats], str]] = {"text": format_text, "json": format_json}
