"""The catalogue: the valid entries and all problems of a content folder, passed downstream."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import struct
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO

from ..collector import collector_paused, retire_from_collection
from ..model import Entry, Problem, pack_body
from ..site.writing import ForkedWorkFailed, run_forked
from .entrycache import (
    EntryCache,
    Result,
    RowInvalid,
    context_key,
    decode_result,
    encode_result,
    entry_key,
)
from .loading import (
    EntryFile,
    display_path,
    iter_entry_files,
    media_owner,
    open_entry,
    parse_entry,
    read_body,
    repository_root,
)
from .snapshot import known_digest, load_snapshot, save_snapshot
from .validation import validate_entry
from .vocabularies import Vocabularies, load_vocabularies


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Valid entries sorted by id, with the vocabularies they were checked against."""

    content_dir: Path
    vocab: Vocabularies
    entries: tuple[Entry, ...]
    by_id: Mapping[str, Entry]
    problems: tuple[Problem, ...]
    province_scope: tuple[str, ...] = ()  # the provinces a hub publishes; empty: all
    # Entry id -> the images in its media folder that validation accepted: regular files with an
    # image suffix, never a symlink. The build publishes these and nothing else from the folder.
    media: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    # What the catalogue was loaded from (snapshot.source_digest); empty: not known.
    digest: str = ""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def load_catalogue(
    content_dir: Path,
    this_year: int | None = None,
    province_scope: Iterable[str] = (),
    today: dt.date | None = None,
    cache_path: Path | None = None,
    snapshot: bool = False,
    processes: int = 1,
) -> Catalogue:
    """Read and validate every entry under `content_dir`; nothing raises for bad content.

    `today` (default: the clock's) is the build's date: `updated` may not lie after it.
    `cache_path` (the project's build cache file; None: none) keeps checked entries across
    builds, so an unchanged file is neither parsed nor validated again. With `snapshot` (and a
    cache), the whole catalogue is kept there too, under a digest of its sources: a build where
    nothing changed loads it in one read (entries.snapshot). A long-lived preview server leaves
    it off: it re-reads only what changed, and saving the whole catalogue on every edit would
    cost more than that. With `processes` above 1 (and a cache), forked processes check part of
    the files first when many are new (see `_validate_files`).
    """
    day = today or dt.date.today()
    year = this_year or day.year
    scope = tuple(province_scope)
    digest = ""
    if snapshot and cache_path is not None:
        digest = known_digest(cache_path, content_dir, scope, day, year)
        kept = load_snapshot(cache_path, digest)
        if kept is not None:
            return kept
    with collector_paused():
        catalogue = _load(content_dir, year, scope, day, cache_path, processes, digest)
        if snapshot:  # a plain build: as a loaded snapshot's (entries.snapshot.load_snapshot)
            retire_from_collection()
    return catalogue


def _load(
    content_dir: Path,
    year: int,
    scope: tuple[str, ...],
    day: dt.date,
    cache_path: Path | None,
    processes: int,
    digest: str,
) -> Catalogue:
    vocab, problems = load_vocabularies(content_dir)
    paths: list[Path] = []
    media: dict[str, list[Path]] = {}
    for path, file_problems in iter_entry_files(content_dir):
        problems.extend(file_problems)
        if file_problems:
            continue
        owner = media_owner(path, content_dir)
        if owner is not None:
            media.setdefault(owner, []).append(path)
        elif path.suffix == ".md":
            paths.append(path)
    # An entry's media folder is the file's path without `.md`: its images, as validation saw them.
    listings = {
        folder: tuple(p.name for p in images)
        for folder, images in _media_folders(content_dir, media).items()
    }
    with EntryCache(cache_path) as cache:
        entries, entry_problems = _validate_files(
            paths, content_dir, vocab, year, day, listings, cache, processes
        )
    problems.extend(entry_problems)
    entries.sort(key=lambda e: e.id)
    by_id = {e.id: e for e in entries}
    problems.extend(check_references(entries, by_id, content_dir))
    if scope:
        entries = [e for e in entries if e.province in scope]
        by_id = {e.id: e for e in entries}
    accepted = {entry_id: tuple(media[entry_id]) for entry_id in by_id if entry_id in media}
    catalogue = Catalogue(
        content_dir, vocab, tuple(entries), by_id, tuple(sorted(set(problems))), scope, accepted,
        digest,
    )  # fmt: skip
    if digest and cache_path is not None:
        save_snapshot(cache_path, catalogue)
    return catalogue


def reread_entries(
    previous: Catalogue,
    paths: Iterable[Path],
    today: dt.date,
    cache_path: Path | None = None,
) -> Catalogue | None:
    """`previous` (the last catalogue this process loaded, on `today`) with the entry files at
    `paths` read and checked again and no other file looked at: for a preview server, whose watch
    says which files changed. None when the change may reach beyond those entries: a file added,
    removed, renamed or unreadable, one that is not an entry or has media, an error in it, or a
    change to what other entries are checked against (`replicates`, `redirect_from`); the caller
    then loads the whole catalogue."""
    context = context_key(previous.vocab, today.year, today)
    entries = list(previous.entries)
    by_id = dict(previous.by_id)
    gone: set[Problem] = set()
    found: list[Problem] = []
    fresh: list[tuple[str, str]] = []
    innovations = os.path.join(os.path.abspath(previous.content_dir), "innovations") + os.sep
    shown = {problem.path for problem in previous.problems}
    with EntryCache(cache_path) as cache:
        for path in dict.fromkeys(paths):
            absolute = os.path.abspath(path)
            memo = _FILE_CACHE.get(absolute)
            if not absolute.startswith(innovations):
                return None
            if not os.path.lexists(path):
                never_read = memo is None and not _is_media(previous, absolute)
                if never_read and display_path(path) not in shown:
                    continue  # gone, and no input of `previous`: an editor's temporary file
                return None
            if not path.name.endswith(".md") or not os.path.isfile(path) or memo is None:
                return None
            file = open_entry(path, previous.content_dir)
            old = by_id.get(f"{file.province}/{file.slug}")
            # The memo must be this catalogue's reading of the file; media change validation.
            if old is None or memo[4] is not old or memo[2] or previous.media.get(old.id):
                return None
            key, (entry, problems) = _check_file(file, context, (), previous.vocab,
                                                 today.year, today, cache, fresh)  # fmt: skip
            if entry is None or entry.id != old.id or any(p.is_error for p in problems):
                return None
            if (entry.replicates, entry.redirect_from) != (old.replicates, old.redirect_from):
                return None
            _FILE_CACHE[absolute] = (_stamp(path), context, (), key, entry, problems)
            gone.update(memo[5])
            found.extend(problems)
            entries[next(i for i, e in enumerate(entries) if e.id == old.id)] = entry
            by_id[entry.id] = entry
        if fresh:
            cache.put_many(fresh)
    problems_now = tuple(sorted((set(previous.problems) - gone) | set(found)))
    return replace(
        previous, entries=tuple(entries), by_id=by_id, problems=problems_now, digest=""
    )  # its sources changed: the digest is no longer known


def _is_media(catalogue: Catalogue, absolute: str) -> bool:
    return any(
        os.path.abspath(image) == absolute
        for images in catalogue.media.values()
        for image in images
    )


def _media_folders(content_dir: Path, media: Mapping[str, list[Path]]) -> dict[str, list[Path]]:
    root = os.path.join(os.path.abspath(content_dir), "innovations")
    return {os.path.join(root, owner): images for owner, images in media.items()}


# A long-lived process (`mkdocs serve`) re-reads only the files that changed since its last
# build: path -> (file stamp, context key, media listing, cache key, entry, problems). A new
# process finds the same results, by content hash, in the build cache (entrycache).
_Memo = tuple[tuple[int, int, int], bytes, tuple[str, ...], str, Entry | None, list[Problem]]
_FILE_CACHE: dict[str, _Memo] = {}


def _stamp(path: Path) -> tuple[int, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1, -1)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _validate_files(
    paths: list[Path],
    content_dir: Path,
    vocab: Vocabularies,
    year: int,
    day: dt.date,
    listings: Mapping[str, tuple[str, ...]],
    cache: EntryCache,
    processes: int = 1,
) -> tuple[list[Entry], list[Problem]]:
    context = context_key(vocab, year, day)
    entries: list[Entry] = []
    problems: list[Problem] = []
    fresh: list[tuple[str, str]] = []
    kept = fresh if cache.is_usable else None  # a one-off build keeps no rows
    keys: list[str] = []
    places = [(path, os.path.abspath(path), _stamp(path)) for path in paths]

    def listing_of(absolute: str) -> tuple[str, ...]:
        return listings.get(os.path.splitext(absolute)[0], ())

    def check(
        chosen: Sequence[tuple[Path, str, tuple[int, int, int]]],
        shipment: _Shipment | None = None,
    ) -> None:
        for path, absolute, stamp in chosen:
            listing = listing_of(absolute)
            memo = _FILE_CACHE.get(absolute)
            if memo is not None and memo[:3] == (stamp, context, listing):
                key, entry, entry_problems = memo[3:]
            else:
                received = _received(shipment.take(absolute)) if shipment else None
                if received is None:
                    file = open_entry(path, content_dir)
                    received = _check_file(file, context, listing, vocab, year, day, cache, kept)
                key, (entry, entry_problems) = received
                _FILE_CACHE[absolute] = (stamp, context, listing, key, entry, entry_problems)
            if key:
                keys.append(key)
            if entry is not None:
                entries.append(entry)
            problems.extend(entry_problems)

    new = [place for place in places if not _memo_holds(place, context, listing_of(place[1]))]
    cache_path = cache.path if cache.is_usable else None
    forking = processes > 1 and hasattr(os, "fork") and len(new) >= PARALLEL_LOAD_MIN
    with contextlib.ExitStack() as stack:
        shipment = None
        if forking:
            # Forked processes check the last part of the new files (into the cache, if there
            # is one) while this one checks the first, and ship back each file's cache row and
            # packed body (see _ship); this one then decodes them as a warm build decodes its
            # rows, without reading those files again. Pickling the entries back through a
            # pool cost more than it saved (38 s against 28 s at 50k in an earlier trial). The
            # split is even: the rows are read back only once every helper is done.
            share = len(new) // processes
            first = len(new) - share * (processes - 1)
            mine = new[:first]
            parts = [new[first + n * share : first + (n + 1) * share] for n in range(processes - 1)]
            outs = [stack.enter_context(tempfile.TemporaryFile()) for _ in parts]
            # A forked process that failed left its traceback on stderr; what it did not check
            # or ship is checked below.
            with contextlib.suppress(ForkedWorkFailed):
                run_forked([
                    partial(check, mine),
                    *(partial(_check_into_cache, part, cache_path, content_dir, context,
                              listing_of, vocab, year, day, out)
                      for part, out in zip(parts, outs, strict=True)),
                ])  # fmt: skip
            shipment = _Shipment(outs)
            done = {place[1] for place in mine}
            places = [place for place in places if place[1] not in done]
        check(places, shipment)
    if fresh:  # only new rows can leave rows of files that are gone or changed behind
        cache.put_many(fresh)
        cache.keep_only(keys)
    return entries, problems


# Below this many files to check, one process: a fork and the second reading cost more.
PARALLEL_LOAD_MIN = 2000


def _memo_holds(
    place: tuple[Path, str, tuple[int, int, int]], context: bytes, listing: tuple[str, ...]
) -> bool:
    memo = _FILE_CACHE.get(place[1])
    return memo is not None and memo[:3] == (place[2], context, listing)


# What a helper ships back for each file it checked, by absolute path: the cache key, the cache
# row and the entry's packed body and body line (b"" and 0 for a file with no entry).
_Shipped = tuple[str, str, bytes, int]
# A shipped record: the lengths of the path, key, row and packed body, and the body line; then
# the four, in that order. Without them the parent would read, hash and look up every file
# again, and read and pack every body (at 50k, 25,000 files: 2.6 s while the other core idles).
_RECORD = struct.Struct("=IIIII")


def _ship(out: IO[bytes], absolute: str, key: str, row: str, entry: Entry | None) -> None:
    parts = (os.fsencode(absolute), key.encode("ascii"), row.encode("utf-8"))
    packed, line = (entry.packed_body, entry.body_line) if entry is not None else (b"", 0)
    out.write(_RECORD.pack(*map(len, parts), len(packed), line))
    out.write(b"".join((*parts, packed)))


def _records(out: IO[bytes]) -> Iterator[tuple[str, _Shipped]]:
    """A helper's records in the order it wrote them: (absolute path, what it shipped). A record
    cut short (the helper died writing it) ends them; its file is checked as usual."""
    out.seek(0)
    while len(head := out.read(_RECORD.size)) == _RECORD.size:
        *sizes, line = _RECORD.unpack(head)
        data = out.read(sum(sizes))
        if len(data) < sum(sizes):
            return
        ends = list(itertools.accumulate(sizes))
        path, key, row, packed = (data[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True))
        yield os.fsdecode(path), (key.decode("ascii"), row.decode("utf-8"), packed, line)


class _Shipment:
    """The helpers' records, read one at a time: they come in the order this process meets
    their files (each helper's part is a run of the new files, in order), so only the next one
    is ever held; a file without a record (unreadable, or the helper stopped) is skipped."""

    def __init__(self, outs: Sequence[IO[bytes]]) -> None:
        self._records = itertools.chain.from_iterable(map(_records, outs))
        self._next = next(self._records, None)

    def take(self, absolute: str) -> _Shipped | None:
        if self._next is None or self._next[0] != absolute:
            return None
        shipped = self._next[1]
        self._next = next(self._records, None)
        return shipped


def _received(sent: _Shipped | None) -> tuple[str, Result] | None:
    """(cache key, result) of a shipped file; None when nothing was shipped for it or its row is
    not an entry row (then the file is checked here)."""
    if sent is None:
        return None
    key, row, packed, line = sent
    try:
        return key, decode_result(row, lambda: (packed, line))
    except RowInvalid:
        return None


def _check_into_cache(
    chosen: Sequence[tuple[Path, str, tuple[int, int, int]]],
    cache_path: Path | None,
    content_dir: Path,
    context: bytes,
    listing_of: Callable[[str], tuple[str, ...]],
    vocab: Vocabularies,
    year: int,
    day: dt.date,
    out: IO[bytes],
) -> None:
    """In a forked process: check `chosen`, leave the results in the cache (None: none) and ship
    each file's row and packed body to `out`."""
    fresh: list[tuple[str, str]] = []
    with EntryCache(cache_path) as cache:
        for path, absolute, _ in chosen:
            file = open_entry(path, content_dir)
            before = len(fresh)
            key, (entry, _) = _check_file(
                file, context, listing_of(absolute), vocab, year, day, cache, fresh
            )
            row = fresh[-1][1] if len(fresh) > before else cache.get(key) if key else None
            if row is not None:
                _ship(out, absolute, key, row, entry)
            if len(fresh) >= 1000:
                cache.put_many(fresh)
                fresh.clear()
        cache.put_many(fresh)
    out.flush()  # the process ends with os._exit, which flushes nothing


def _check_file(
    file: EntryFile,
    context: bytes,
    listing: tuple[str, ...],
    vocab: Vocabularies,
    year: int,
    day: dt.date,
    cache: EntryCache,
    fresh: list[tuple[str, str]] | None,
) -> tuple[str, Result]:
    """(cache key, result) of one file: from the cache when this exact file was checked in this
    context, else parsed and validated (and queued in `fresh`). An unreadable file has no key,
    nor has any file when `fresh` is None: rows nobody keeps are neither looked up nor made."""
    data = file.data
    if data is None or fresh is None:
        return "", validate_entry(parse_entry(file), vocab, year, day)
    key = entry_key(context, file, listing)
    row = cache.get(key)
    if row is not None:

        def body() -> tuple[bytes, int]:
            text, line = read_body(data)
            return pack_body(text), line

        try:
            return key, decode_result(row, body)
        except RowInvalid:
            pass  # a row of another shape (the cache is never an input): check the file
    result = validate_entry(parse_entry(file), vocab, year, day)
    if _is_text(file.source):
        fresh.append((key, encode_result(result)))
    return key, result


def _is_text(name: str) -> bool:
    """Whether a file's name is text the cache can store: a name that is not UTF-8 reaches
    Python with surrogates in it (and its problems quote it), which SQLite refuses. Such a file
    is always refused (its name is no slug) and simply checked again on every build."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_references(
    entries: list[Entry], by_id: Mapping[str, Entry], content_dir: Path
) -> list[Problem]:
    """Checks that need the whole catalogue: `replicates` targets and former ids."""
    problems: list[Problem] = []
    claims: dict[str, list[tuple[Entry, int, str]]] = {}
    root = repository_root(os.path.abspath(content_dir))

    def shown(entry: Entry) -> str:  # problems name the file as the contributor types it
        return display_path(Path(root, entry.source_path))

    for entry in entries:
        if entry.replicates is not None and entry.replicates not in by_id:
            problems.append(
                Problem(
                    shown(entry),
                    _key_line(entry, "replicates"),
                    "replicates",
                    "replicates-missing",
                    (("found", entry.replicates),),
                )
            )
        for index, former in enumerate(entry.redirect_from):
            line = (
                entry.redirect_lines[index]
                if index < len(entry.redirect_lines)
                else _key_line(entry, "redirect_from")
            )
            key = f"redirect_from[{index}]"
            if former in by_id:
                problems.append(
                    Problem(shown(entry), line, key, "redirect-taken", (("found", former),))
                )
            else:
                claims.setdefault(former, []).append((entry, line, key))
    for former, claimants in claims.items():
        if len(claimants) < 2:
            continue
        # every claimant is told, each pointing at the others: either may be the one to fix
        for entry, line, key in claimants:
            others = ", ".join(other.id for other, _, _ in claimants if other is not entry)
            params = (("found", former), ("other", others))
            problems.append(Problem(shown(entry), line, key, "redirect-duplicate", params))
    return problems


def _key_line(entry: Entry, key: str) -> int:
    return dict(entry.key_lines).get(key, 1)
