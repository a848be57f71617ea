"""The catalogue: the valid entries and all problems of a content folder, passed downstream."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Entry, Problem
from .loading import display_path, iter_entry_files, media_owner, read_entry, repository_root
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

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


def load_catalogue(
    content_dir: Path,
    this_year: int | None = None,
    province_scope: Iterable[str] = (),
    today: dt.date | None = None,
) -> Catalogue:
    """Read and validate every entry under `content_dir`; nothing raises for bad content.

    `today` (default: the clock's) is the build's date: `updated` may not lie after it.
    """
    day = today or dt.date.today()
    year = this_year or day.year
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
    entries, entry_problems = _validate_files(paths, content_dir, vocab, year, day)
    problems.extend(entry_problems)
    entries.sort(key=lambda e: e.id)
    by_id = {e.id: e for e in entries}
    problems.extend(check_references(entries, by_id, content_dir))
    scope = tuple(province_scope)
    if scope:
        entries = [e for e in entries if e.province in scope]
        by_id = {e.id: e for e in entries}
    accepted = {entry_id: tuple(media[entry_id]) for entry_id in by_id if entry_id in media}
    return Catalogue(
        content_dir, vocab, tuple(entries), by_id, tuple(sorted(set(problems))), scope, accepted
    )


# A long-lived process (`mkdocs serve`) re-reads only the files that changed since its last
# build: path -> (file stamp, vocabulary stamp, entry, problems).
_Cached = tuple[tuple[int, int, int], tuple[object, ...], Entry | None, list[Problem]]
_FILE_CACHE: dict[str, _Cached] = {}


def _stamp(path: Path) -> tuple[int, int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1, -1)
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _validate_files(
    paths: list[Path], content_dir: Path, vocab: Vocabularies, year: int, day: dt.date
) -> tuple[list[Entry], list[Problem]]:
    context = (
        os.getcwd(),
        year,
        day,
        *(
            _stamp(content_dir / name)
            for name in ("taxonomies/sectors.yml", "taxonomies/awards.yml")
        ),
    )
    entries: list[Entry] = []
    problems: list[Problem] = []
    stale: list[Path] = []
    stamps = {}
    for path in paths:
        key = os.path.abspath(path)
        stamps[key] = stamp = _stamp(path)
        cached = _FILE_CACHE.get(key)
        if cached is not None and cached[0] == stamp and cached[1] == context:
            if cached[2] is not None:
                entries.append(cached[2])
            problems.extend(cached[3])
        else:
            stale.append(path)
    # One process: measured on 2 cores at 50k entries, 28 s against 38 s in two workers (sending
    # validated entries back cost more than it saved), so there is no worker pool.
    fresh = _validate_chunk(stale, content_dir, vocab, year, day)
    for path, (entry, entry_problems) in zip(stale, fresh, strict=True):
        key = os.path.abspath(path)
        _FILE_CACHE[key] = (stamps[key], context, entry, entry_problems)
        if entry is not None:
            entries.append(entry)
        problems.extend(entry_problems)
    return entries, problems


def _validate_chunk(
    paths: list[Path], content_dir: Path, vocab: Vocabularies, year: int, day: dt.date
) -> list[tuple[Entry | None, list[Problem]]]:
    return [validate_entry(read_entry(path, content_dir), vocab, year, day) for path in paths]


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
