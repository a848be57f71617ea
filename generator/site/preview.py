"""Which pages an edit touches, so a preview rebuild rewrites those and leaves the rest on disk."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Entry
from .plan import ENGLISH_ENTRY, ENTRY, PROVINCE_REPLICATION, REPLICATION, TERM, PageJob, Site


def changed_entries(old: Site, new: Site) -> set[str] | None:
    """Ids whose entry differs between two builds; None when entries were added or removed,
    since positions, page counts and neighbours then shift across the whole site."""
    old_ids = old.catalogue.by_id
    new_ids = new.catalogue.by_id
    if old_ids.keys() != new_ids.keys():
        return None
    return {entry_id for entry_id, entry in new_ids.items() if old_ids[entry_id] != entry}


def affected_urls(old: Site, new: Site, jobs: Sequence[PageJob]) -> set[str] | None:
    """URLs of the pages that may render differently after the edit; None means all of them."""
    changed = changed_entries(old, new)
    if changed is None:
        return None
    partners = set(changed)
    touches_replication = False
    for site in (old, new):
        for entry_id in changed:
            entry = site.catalogue.by_id[entry_id]
            linked = set(_partners(site, entry))
            partners |= linked
            touches_replication |= bool(linked or entry.replications)
    # A partner's card and page name the edited entry, so its term pages change too.
    terms: set[tuple[str, str]] = set()
    for site in (old, new):
        for entry_id in partners:
            entry = site.catalogue.by_id[entry_id]
            for index in site.facets:
                terms.update((index.facet.key, slug) for slug in index.facet.terms_of(entry))
        # An adopter without an entry (the origin's `replications`) still lists the origin on
        # its province's page.
        for entry_id in changed:
            for flow in site.replications.of_origin.get(site.positions[entry_id], ()):
                terms.add(("provinsi", site.replications.flows[flow].province))
    entry_urls = {new.patterns.entry_url(entry_id) for entry_id in partners}
    urls = set()
    for job in jobs:
        if (
            (job.kind == ENTRY and job.url in entry_urls)
            or (job.kind == ENGLISH_ENTRY and new.catalogue.entries[int(job.key)].id in partners)
            or (job.kind == TERM and (job.key, job.term) in terms)
            or (touches_replication and job.kind in (REPLICATION, PROVINCE_REPLICATION))
        ):
            urls.add(job.url)
    return urls


def _partners(site: Site, entry: Entry) -> Iterable[str]:
    """Entries whose pages name this one: what it replicates and what replicates it."""
    if entry.replicates is not None:
        yield entry.replicates
    index = site.replications
    for flow in index.of_origin.get(site.positions[entry.id], ()):
        adopter = index.flows[flow].adopter
        if adopter is not None:
            yield site.catalogue.entries[adopter].id
