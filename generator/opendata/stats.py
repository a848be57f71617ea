"""Counts over the catalogue per facet of the registry (facets.py), for `katalog stats`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..entries.catalogue import Catalogue
from ..facets import FACETS, UNSTATED, UNSTATED_LABEL, Facet, index_facet


@dataclass(frozen=True, slots=True)
class Count:
    key: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Stats:
    entries: int
    facets: tuple[tuple[Facet, tuple[Count, ...]], ...]
    replication_links: int  # entries naming an origin + adopters listed by origins
    replicating_entries: int
    listed_adopters: int
    replicated_innovations: int  # distinct origins
    errors: int
    warnings: int
    files_with_problems: int


def count_facet(facet: Facet, catalogue: Catalogue) -> tuple[Count, ...]:
    """Entries per term (once per entry), terms in the registry's order, zero counts left out;
    entries naming no term last, as not stated, where the facet counts them."""
    index = index_facet(facet, catalogue, range(len(catalogue.entries)), with_subterms=True)
    labels = {t.slug: t.label for t in index.terms}
    counts = [
        Count(t.slug, f"{labels[t.parent]}: {t.label}" if t.parent else t.label, n)
        for t in index.terms
        if (n := index.count(t.slug))
    ]
    if facet.counts_unstated and index.unstated:
        counts.append(Count(UNSTATED, UNSTATED_LABEL, index.unstated))
    return tuple(counts)


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
