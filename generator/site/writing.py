"""Writing the site's files: the one writer (atomic replaces) and the one fork helper.

Files are replaced atomically so a preview server never serves a half-written one. Work is
spread over forked processes, so workers share the catalogue and its indexes with the parent
without pickling anything (copy-on-write); the parent takes a share too.
"""

from __future__ import annotations

import contextlib
import gc
import os
import struct
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from ..settings import OutputFile


class OutsideSite(ValueError):
    """A path the build was asked to write (or read back) that does not lie inside the site
    folder."""

    def __init__(self, path: str, out_dir: Path, verb: str = "write") -> None:
        super().__init__(
            f"katalog: refusing to {verb} {path!r}: it lies outside the site folder {out_dir}"
        )


def site_path(out_dir: Path, path: str, verb: str = "write") -> Path:
    """`<out_dir>/<path>` once resolved, or OutsideSite: every file the build writes, or reads
    back from the site, goes through here, so no URL, vocabulary slug, output name or page
    attribute can reach the rest of the file system."""
    return Path(SiteFolder(out_dir).target(path, verb))


class SiteFolder:
    """The site folder resolved once, for the many paths of one batch: resolving it per file, and
    pathlib's parsing of every target, showed in the profile of a 10k-entry build."""

    def __init__(self, out_dir: Path) -> None:
        self._out_dir = out_dir
        self._root = str(out_dir.resolve())
        self._inside = self._root.rstrip(os.sep) + os.sep
        self._folders: set[str] = set()  # made (or found) during this batch

    def target(self, path: str, verb: str = "write") -> str:
        """The absolute path `site_path` gives, as text."""
        if not path or "\0" in path or os.path.isabs(path):
            raise OutsideSite(path, self._out_dir, verb)
        target = os.path.normpath(os.path.join(self._root, path))
        if not target.startswith(self._inside):
            raise OutsideSite(path, self._out_dir, verb)
        return target

    def write(self, path: str, content: bytes | Iterable[bytes]) -> str:
        """Write one file as `write_file` does; returns its absolute path."""
        target = self.target(path)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        partial = os.path.join(folder, f".{os.path.basename(target)}.{os.getpid()}.tmp")
        try:
            with open(partial, "wb") as handle:
                if isinstance(content, bytes):
                    handle.write(content)
                else:
                    for chunk in content:
                        handle.write(chunk)
            os.replace(partial, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
            raise
        return target


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def write_file(root: Path, path: str, content: bytes | Iterable[bytes]) -> Path:
    """Write `<root>/<path>` by renaming a finished temporary file over it (a visitor never reads
    a half-written file); OutsideSite for a path that would leave `root`. `content` may come in
    pieces, written as they come (a large export is never whole in memory)."""
    return Path(SiteFolder(root).write(path, content))


def write_output(out_dir: Path, output: OutputFile) -> Path:
    return write_file(out_dir, output.path, output.chunks())


def write_files(root: Path, outputs: Iterable[OutputFile]) -> list[str]:
    """Write every output under `root`; returns their paths, in order."""
    folder = SiteFolder(root)
    written = []
    for output in outputs:
        folder.write(output.path, output.chunks())
        written.append(output.path)
    return written


def remove_files(root: Path, paths: Iterable[str]) -> None:
    """Delete files the site no longer has (a preview's deleted entries, media, index shards),
    and the folders that leaves empty."""
    resolved = root.resolve()
    for path in paths:
        target = site_path(root, path)  # a tampered manifest cannot reach outside
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == resolved or not folder.is_relative_to(resolved):
                break
            try:
                folder.rmdir()
            except OSError:
                break  # not empty: other files live there


class ForkedWorkFailed(RuntimeError):
    """A forked worker raised; its traceback is on stderr."""


def run_forked(tasks: Sequence[Callable[[], None]]) -> None:
    """Run `tasks[0]` here and every other task in a forked child at the same time; raise
    ForkedWorkFailed after all ended if any failed. Without fork, they run one after another."""
    if len(tasks) <= 1 or not hasattr(os, "fork"):
        for task in tasks:
            task()
        return
    # Objects that survive the fork untouched stay shared: keep the collector off them.
    gc.freeze()
    children = []
    try:
        for task in tasks[1:]:
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                status = 0
                try:
                    task()
                except BaseException:
                    traceback.print_exc()
                    status = 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(status)
            children.append(pid)
        tasks[0]()
    finally:
        failed = 0
        for pid in children:
            _, status = os.waitpid(pid, 0)
            failed += os.waitstatus_to_exitcode(status) != 0
        gc.unfreeze()
    if failed:
        raise ForkedWorkFailed(
            f"katalog: {failed} worker process(es) failed; see the traceback above"
        )


class SharedChunks:
    """`range(count)` cut in runs of `size`, each handed to whichever process asks first: the
    runs wait in a pipe made before the fork, and a read of one run's record is atomic, so
    forked processes share the work without a lock. A process busy with other work first (the
    data files) simply takes fewer runs; the split never changes what is written."""

    _RECORD = struct.Struct("=I")
    # The runs are written whole before any reader exists: never more than a pipe holds at the
    # least (one page, PIPE_BUF), so that write neither blocks nor splits.
    MAX_RUNS = 4096 // _RECORD.size

    def __init__(self, count: int, size: int) -> None:
        self.count = count
        self.size = max(1, size, -(-count // self.MAX_RUNS))
        self._read, write = os.pipe()
        try:
            records = b"".join(self._RECORD.pack(start) for start in range(0, count, self.size))
            os.write(write, records)  # fits the pipe (MAX_RUNS): one write, never blocks
        finally:
            os.close(write)  # readers see the end once every run is taken

    def __iter__(self) -> Iterator[range]:
        """The runs this process takes, until none is left."""
        while True:
            record = os.read(self._read, self._RECORD.size)
            if not record:
                return
            (start,) = self._RECORD.unpack(record)
            yield range(start, min(start + self.size, self.count))

    def close(self) -> None:
        os.close(self._read)

    def __enter__(self) -> SharedChunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
