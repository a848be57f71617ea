"""The preview (`mkdocs serve --dirty`): a rebuild rewrites the pages an edit touches and leaves
the rest on disk, removes the files the site no longer has (no ghost pages, media or search
shards), and refreshes the search index and open data once the pages are up."""

from __future__ import annotations

import contextlib
import pickle
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path

import jinja2

from ..cache import generator_digest, read_signed, write_signed
from ..entries.catalogue import Catalogue
from ..model import Entry
from .plan import ENGLISH_ENTRY, ENTRY, PROVINCE_REPLICATION, REPLICATION, TERM, PageJob, Site
from .shell import Shell
from .writing import remove_files

REFRESH_THREAD = "katalog-data-refresh"

# Entry fields no page shows but the entry's own (its Indonesian and English pages): no card,
# flow, facet, ordering or partner's page reads them. Section pages that do (the home page's
# newest entries read `updated`) are rendered by MkDocs on every build; search, feeds and open
# data are refreshed after the pages. An edit of these alone rewrites the entry's pages only.
OWN_PAGE_FIELDS = frozenset(
    {"packed_body", "body_line", "legal_basis", "links", "contact", "sdg_targets", "tags", "updated"}
)
_SHOWN_ELSEWHERE = tuple(
    f.name for f in fields(Entry) if f.compare and f.name not in OWN_PAGE_FIELDS
)


@dataclass(frozen=True, slots=True)
class Written:
    """What one build wrote into a site folder: the next build compares itself with it."""

    site: Site
    shells: Mapping[int, Shell]
    jobs: tuple[PageJob, ...]
    pages: frozenset[str]  # page files and sitemaps


def pages_to_rewrite(
    previous: Written | None,
    site: Site,
    shells: Mapping[int, Shell],
    jobs: Sequence[PageJob],
    folder_kept: bool,
) -> Sequence[PageJob]:
    """The jobs whose pages may differ from what `previous` wrote; every job when there is no
    previous build, the theme's chrome changed, or the folder was emptied (`folder_kept` false)."""
    if previous is None or dict(previous.shells) != dict(shells) or not folder_kept:
        return jobs
    urls = affected_urls(previous.site, site, jobs)
    if urls is None:
        return jobs
    urls |= {job.url for job in jobs} - {job.url for job in previous.jobs}
    return [job for job in jobs if job.url in urls]


def stale(before: Iterable[str], now: Iterable[str]) -> list[str]:
    """Files a build wrote that the next one did not: the site no longer has them."""
    return sorted(set(before) - set(now))


class TemplateCode(jinja2.BytecodeCache):
    """The theme's compiled templates, kept across a server's rebuilds, and across builds in a
    signed file of the build cache (`load`, `save`). MkDocs makes a new Jinja environment for
    every build, which would parse and compile each template again (about a quarter of a second
    for Material's, 5% of a no-change build at 50k). Jinja stores a checksum of the source with
    the code and compiles an edited template afresh; the file is dropped whole when the generator,
    Python or a library changes (`generator_digest`)."""

    def __init__(self, path: Path | None = None, code: dict[str, bytes] | None = None) -> None:
        self._path = path
        self._code: dict[str, bytes] = code or {}
        self._changed = False

    @classmethod
    def load(cls, path: Path) -> TemplateCode:
        data = read_signed(path, _TEMPLATE_CODE_PURPOSE)
        prefix = generator_digest() + b"\0"
        code = None
        if data is not None and data.startswith(prefix):
            with contextlib.suppress(pickle.UnpicklingError, ValueError, EOFError):
                loaded = pickle.loads(memoryview(data)[len(prefix) :])
                if isinstance(loaded, dict):
                    code = loaded
        return cls(path, code)

    def save(self) -> None:
        if self._path is not None and self._changed:
            data = pickle.dumps(self._code, pickle.HIGHEST_PROTOCOL)
            write_signed(self._path, _TEMPLATE_CODE_PURPOSE, generator_digest() + b"\0", data)
            self._changed = False

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
        self._changed = True


_TEMPLATE_CODE_PURPOSE = "template-code"


def template_code_file(cache_path: Path) -> Path:
    """Where `TemplateCode` keeps the compiled templates, beside the build cache `cache_path`."""
    return cache_path.with_name(cache_path.stem + "-templates")


class Preview:
    """What one server remembers across its rebuilds. It lives on the plugin instance, which
    MkDocs keeps for the whole `mkdocs serve` (plugins with on_startup are cached)."""

    def __init__(self) -> None:
        self.active = False  # `mkdocs serve --dirty`: data files follow the pages
        self.slotted: set[str] = set()  # theme pages naming files written after them
        self._written: dict[str, Written] = {}  # site folder -> its last build's pages
        self._data: dict[str, frozenset[str]] = {}  # site folder -> producer files there
        self._data_lock = threading.Lock()  # one data writer at a time per server
        self.template_code = TemplateCode()

    def last(self, site_dir: Path) -> Written | None:
        """The last build into `site_dir` this instance made."""
        return self._written.get(str(site_dir))

    def pages_to_write(
        self, site_dir: Path, site: Site, shells: Mapping[int, Shell], jobs: Sequence[PageJob]
    ) -> Sequence[PageJob]:
        kept = bool(jobs) and (site_dir / jobs[-1].url / "index.html").exists()
        return pages_to_rewrite(self.last(site_dir), site, shells, jobs, kept)

    def pages_written(self, site_dir: Path, written: Written) -> None:
        """Record this build's pages; remove the last build's pages it no longer has."""
        previous = self._written.get(str(site_dir))
        if previous is not None:
            remove_files(site_dir, stale(previous.pages, written.pages))
        self._written[str(site_dir)] = written

    def write_data(
        self,
        site_dir: Path,
        write: Callable[[], Sequence[str]],
        fill: Callable[[Sequence[str]], None],
        sized: Sequence[str] | None = None,
    ) -> None:
        """Run `write` (it writes the producer files, returning their paths), remove the files
        of the last one it no longer writes, then `fill` the slotted pages (`sized`: the ones
        known when the work was asked for)."""
        with self._data_lock:
            now = frozenset(write())
            remove_files(site_dir, stale(self._data.get(str(site_dir), ()), now))
            self._data[str(site_dir)] = now
            fill(sorted(self.slotted) if sized is None else sized)

    def write_data_later(
        self,
        site_dir: Path,
        write: Callable[[], Sequence[str]],
        fill: Callable[[Sequence[str]], None],
        done: Callable[[BaseException | None], None],
    ) -> threading.Thread:
        """`write_data` in a thread, so the edited pages are served first; a later rebuild's
        refresh waits for this one. `done` hears how it ended: a failure is reported, never lost
        in the thread."""
        sized = sorted(self.slotted)

        def refresh() -> None:
            try:
                self.write_data(site_dir, write, fill, sized)
            except Exception as error:  # noqa: BLE001 - handed to `done`, which reports it
                done(error)
            else:
                done(None)

        thread = threading.Thread(target=refresh, name=REFRESH_THREAD, daemon=True)
        thread.start()
        return thread


def changed_entries(old: Site, new: Site) -> set[str] | None:
    """Ids whose entry differs between two builds; None when entries were added or removed,
    since positions, page counts and neighbours then shift across the whole site, and when the
    vocabularies or settings changed, since pages show their names (a sector renamed)."""
    if old.catalogue.vocab != new.catalogue.vocab or old.settings != new.settings:
        return None
    old_ids = old.catalogue.by_id
    new_ids = new.catalogue.by_id
    if old_ids.keys() != new_ids.keys():
        return None
    # A re-read keeps every other entry as the same object: `is` settles those at once.
    return {
        entry_id
        for entry_id, entry in new_ids.items()
        if old_ids[entry_id] is not entry and old_ids[entry_id] != entry
    }


def affected_urls(old: Site, new: Site, jobs: Sequence[PageJob]) -> set[str] | None:
    """URLs of the pages that may render differently after the edit; None means all of them."""
    changed = changed_entries(old, new)
    if changed is None:
        return None
    # Entries whose change shows beyond their own pages: their cards, flows, facets, partners.
    shown = {
        entry_id
        for entry_id in changed
        if shown_elsewhere(old.catalogue.by_id[entry_id])
        != shown_elsewhere(new.catalogue.by_id[entry_id])
    }
    partners = set(shown)
    touches_replication = False
    for site in (old, new):
        for entry_id in shown:
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
        for entry_id in shown:
            for flow in site.replications.of_origin.get(site.positions[entry_id], ()):
                terms.add(("provinsi", site.replications.flows[flow].province))
    pages_of = partners | changed
    entry_urls = {new.patterns.entry_url(entry_id) for entry_id in pages_of}
    urls = set()
    for job in jobs:
        if (
            (job.kind == ENTRY and job.url in entry_urls)
            or (job.kind == ENGLISH_ENTRY and new.catalogue.entries[int(job.key)].id in pages_of)
            or (job.kind == TERM and (job.key, job.term) in terms)
            or (touches_replication and job.kind in (REPLICATION, PROVINCE_REPLICATION))
        ):
            urls.add(job.url)
    return urls


def site_after_edit(previous: Site, catalogue: Catalogue) -> Site | None:
    """`previous`'s indexes over `catalogue`, the same entries with some re-read
    (catalogue.reread_entries), when no re-read entry changed what indexes, cards or other pages
    are built from (shown_elsewhere); None when the site must be built again."""
    old = previous.catalogue.entries
    new = catalogue.entries
    if len(old) != len(new) or catalogue.vocab != previous.catalogue.vocab:
        return None
    for before, after in zip(old, new, strict=True):
        if after is not before and shown_elsewhere(after) != shown_elsewhere(before):
            return None
    return replace(previous, catalogue=catalogue, cards=dict(previous.cards))


def shown_elsewhere(entry: Entry) -> tuple[object, ...]:
    """What of an entry pages other than its own may show (every field outside OWN_PAGE_FIELDS)."""
    return tuple(getattr(entry, name) for name in _SHOWN_ELSEWHERE)


def _partners(site: Site, entry: Entry) -> Iterable[str]:
    """Entries whose pages name this one: what it replicates and what replicates it."""
    if entry.replicates is not None:
        yield entry.replicates
    index = site.replications
    for flow in index.of_origin.get(site.positions[entry.id], ()):
        adopter = index.flows[flow].adopter
        if adopter is not None:
            yield site.catalogue.entries[adopter].id
