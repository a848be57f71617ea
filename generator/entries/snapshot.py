"""The whole catalogue kept across builds: a build whose sources did not change loads it in one
read, skipping the walk, YAML, validation and the checks across entries.

The key (`source_digest`) hashes every file of the content folder and of the hub folders beside
it (path, kind and bytes: taxonomies, entries, media), the generator (its code and reference
data, Python and the libraries: `generator_digest`), the build's date, the province scope and
where the build runs from (problems name files relative to the working folder). Any change to
any of them is a miss, and the per-entry cache (entrycache) then re-checks only what changed.

The snapshot is a pickle, so it is only ever read back after its MAC under the machine's secret
checks out (generator/cache.py `read_signed`): a file this machine did not write is never
unpickled. Once checked, it is known by its file stats (`read_signed_large`) until it changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import stat
import time
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from ..cache import (
    confirm_signed_large,
    generator_digest,
    read_signed,
    read_signed_large,
    write_signed,
    write_signed_stream,
)
from ..collector import collector_paused, retire_from_collection
from .loading import repository_root
from .vocabularies import hubs_root

if TYPE_CHECKING:
    from .catalogue import Catalogue

_PURPOSE = "catalogue"
_STATS_PURPOSE = "catalogue-stats"
# A file changed less than one timestamp tick before its stats were read could be written again
# within that tick, its stats unchanged ("racy git"): such a tree is not recorded. Linux file
# systems keep nanoseconds and tick in milliseconds, so a tenth of a second is a wide margin;
# where times come in whole hundredths or seconds (FAT, exFAT, some network shares), two seconds.
_RACY_S = 0.1
_RACY_COARSE_S = 2.0
_COARSE_NS = 10_000_000
# Bumped when the Catalogue's shape changes in a way the generator digest would not show.
_FORMAT = b"katalog-catalogue-1"


def source_digest(content_dir: Path, scope: tuple[str, ...], today: dt.date, year: int) -> str:
    """Everything a loaded catalogue depends on (see the module's docstring)."""
    absolute = os.path.abspath(content_dir)
    digest = hashlib.blake2b(_FORMAT, digest_size=20)
    digest.update(_build_context(content_dir, absolute, scope, today, year))
    for root in (Path(absolute), hubs_root(Path(absolute))):
        _hash_tree(digest, str(root))
    return digest.hexdigest()


def known_digest(
    cache_path: Path, content_dir: Path, scope: tuple[str, ...], today: dt.date, year: int
) -> str:
    """`source_digest`, without reading every file when none changed: the digest is recorded
    (signed, beside the snapshot) under a hash of the same inputs with each file's stats in
    place of its bytes. The stats include the change time, which every write moves and no tool
    sets back, so an edited file is always read again. A tree written within a tick of now is
    not recorded, since a second write within that tick could leave its stats alike."""
    started = time.time_ns()
    stats, newest = _stats_key(content_dir, scope, today, year)
    record = read_signed(stats_file(cache_path), _STATS_PURPOSE)
    prefix = stats.encode() + b"\0"
    if record is not None and record.startswith(prefix):
        return record[len(prefix) :].decode("ascii")
    digest = source_digest(content_dir, scope, today, year)
    if newest < started - _racy_window(newest) * 1e9:
        write_signed(stats_file(cache_path), _STATS_PURPOSE, prefix, digest.encode("ascii"))
    return digest


def _racy_window(newest_ns: int) -> float:
    return _RACY_COARSE_S if newest_ns % _COARSE_NS == 0 else _RACY_S


def _build_context(
    content_dir: Path, absolute: str, scope: tuple[str, ...], today: dt.date, year: int
) -> bytes:
    """What both keys hash besides the files: where the build runs, its date and scope, and the
    generator itself."""
    where = (
        str(content_dir),
        absolute,
        os.getcwd(),
        repository_root(absolute),
        today.isoformat(),
        str(year),
    )
    text = "\0".join((*where, *scope)).encode("utf-8", "surrogatepass") + b"\0"
    return text + generator_digest()


def _stats_key(
    content_dir: Path, scope: tuple[str, ...], today: dt.date, year: int
) -> tuple[str, int]:
    """A hash of what `source_digest` covers, with file stats for file bytes; and the newest
    modification or change time among the files (nanoseconds)."""
    absolute = os.path.abspath(content_dir)
    digest = hashlib.blake2b(_FORMAT + b"-stats", digest_size=20)
    digest.update(_build_context(content_dir, absolute, scope, today, year))
    newest = 0
    for root in (absolute, str(hubs_root(Path(absolute)))):
        digest.update(b"\0root %d\0" % os.path.lexists(root))
        for folder, folders, names in os.walk(root):
            folders.sort()
            for name in sorted(names + folders):
                path = os.path.join(folder, name)
                info = os.lstat(path)
                digest.update(path.encode("utf-8", "surrogatepass"))
                digest.update(
                    b"\0%d %d %d %d %d %d\0"
                    % (info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                       info.st_ino, info.st_dev)
                )  # fmt: skip
                newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
    return digest.hexdigest(), newest


def _hash_tree(digest: hashlib.blake2b, root: str) -> None:
    if not os.path.lexists(root):
        digest.update(b"\0absent\0")
        return
    for folder, folders, names in os.walk(root):
        folders.sort()
        digest.update(b"\0d" + folder.encode("utf-8", "surrogatepass"))
        for name in sorted(names + [f for f in folders if os.path.islink(os.path.join(folder, f))]):
            path = os.path.join(folder, name)
            digest.update(b"\0f" + name.encode("utf-8", "surrogatepass") + b"\0")
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):  # the loader refuses links: what one points at is its content
                digest.update(b"l" + os.readlink(path).encode("utf-8", "surrogatepass"))
            elif stat.S_ISREG(mode):
                with open(path, "rb") as handle:
                    data = handle.read()
                digest.update(b"r%d\0" % len(data))
                digest.update(data)
            else:
                digest.update(b"o%d" % stat.S_IFMT(mode))


def snapshot_file(cache_path: Path) -> Path:
    """The snapshot beside the build cache file `cache_path` (one per project)."""
    return cache_path.with_name(cache_path.stem + "-catalogue.pickle")


def stats_file(cache_path: Path) -> Path:
    """Where `known_digest` records the sources' digest under their stats."""
    return cache_path.with_name(cache_path.stem + "-catalogue-stats")


def load_snapshot(cache_path: Path, digest: str) -> Catalogue | None:
    """The catalogue saved under `digest`, or None."""
    data = read_signed_large(snapshot_file(cache_path), _PURPOSE)
    if data is None or not data.startswith(digest.encode() + b"\0"):
        return None
    # Unpickling makes ~3 objects an entry, each of which counts towards the next collection:
    # the collector ran over and over, and the load took twice as long (measured at 10k).
    from .catalogue import Catalogue

    with collector_paused():
        try:
            catalogue = pickle.loads(memoryview(data)[len(digest) + 1 :])
        except (pickle.UnpicklingError, AttributeError, TypeError, ValueError, EOFError):
            return None  # written by another version of the model: a miss
        if type(catalogue) is not Catalogue or catalogue.digest != digest:
            return None
        # Made with the collector off, every object of the catalogue waits in its youngest
        # generation, and the first collections would walk them all, more than once: at 50k,
        # sorting the entries for the index pages right after took 0.28 s instead of 0.08 s.
        # Only a plain build loads a snapshot, so they may leave the collector's care; before
        # it is back on, since the first allocation after would start that walk.
        retire_from_collection()
    return catalogue


def confirm_snapshot(cache_path: Path) -> None:
    """At the end of a build: check the snapshot in full once, so that the next load need not
    (`read_signed_large`)."""
    confirm_signed_large(snapshot_file(cache_path), _PURPOSE)


def save_snapshot(cache_path: Path, catalogue: Catalogue) -> None:
    """Keep `catalogue` (loaded with a digest) for the next build."""

    def write(out: BinaryIO) -> None:
        out.write(catalogue.digest.encode() + b"\0")
        pickle.dump(catalogue, out, pickle.HIGHEST_PROTOCOL)

    write_signed_stream(snapshot_file(cache_path), _PURPOSE, write)
