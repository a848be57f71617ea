"""Who replicated what: flows from an innovation to its adopters, indexed once for every page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..model import Replication
from .catalogue import Catalogue

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Flow:
    """One adoption of an innovation: by a catalogue entry (`replicates`) or by an adopter
    listed in the origin's `replications` (no entry of its own)."""

    origin: int  # position in catalogue.entries
    adopter: int | None  # position of the adopting entry, when it has one
    record: Replication | None
    province: str  # the adopter's province slug
    year: int | None
    status: str | None


@dataclass(frozen=True, slots=True)
class ReplicationIndex:
    flows: tuple[Flow, ...]  # newest first
    of_origin: Mapping[int, tuple[int, ...]]  # origin position -> flow positions
    exported: Mapping[str, tuple[int, ...]]  # province -> flows of its entries adopted elsewhere
    imported: Mapping[str, tuple[int, ...]]  # province -> flows adopting other provinces' entries
    within: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # adopted in its province


def index_replications(catalogue: Catalogue) -> ReplicationIndex:
    """Both directions in one pass, so no page ever scans the catalogue for its replications."""
    entries = catalogue.entries
    position = {e.id: i for i, e in enumerate(entries)}
    flows: list[Flow] = []
    for i, entry in enumerate(entries):
        origin = position.get(entry.replicates) if entry.replicates else None
        if origin is not None:  # a hub's scope may leave the origin out: then nothing to link
            flows.append(Flow(origin, i, None, entry.province, entry.launched, None))
        flows.extend(Flow(i, None, r, r.province, r.year, r.status) for r in entry.replications)

    def order(flow: Flow) -> tuple[int, str, str, str]:
        adopter = entries[flow.adopter].id if flow.adopter is not None else ""
        label = flow.record.agency if flow.record is not None else ""
        return (-(flow.year or 0), entries[flow.origin].id, adopter, label)

    flows.sort(key=order)
    of_origin: dict[int, list[int]] = {}
    exported: dict[str, list[int]] = {}
    imported: dict[str, list[int]] = {}
    within: dict[str, list[int]] = {}
    for n, flow in enumerate(flows):
        of_origin.setdefault(flow.origin, []).append(n)
        source = entries[flow.origin].province
        if source != flow.province:
            exported.setdefault(source, []).append(n)
            imported.setdefault(flow.province, []).append(n)
        else:
            within.setdefault(source, []).append(n)
    return ReplicationIndex(
        tuple(flows), _freeze(of_origin), _freeze(exported), _freeze(imported), _freeze(within)
    )


def _freeze(groups: Mapping[K, Sequence[int]]) -> dict[K, tuple[int, ...]]:
    return {key: tuple(items) for key, items in groups.items()}
