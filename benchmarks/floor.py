"""The file system's share of a cold build: the time to write a built site's files again, and
nothing else (no reading of sources, no rendering), with as many processes as the build forks.

    python -m benchmarks.floor benchmarks/out/work/50000-s1/ours/site

Every tool of the harness writes its whole site on a cold build, and on some machines creating
tens of thousands of files and folders is a large part of that (on this project's 2-core
machine, about 4 s for the 64,432 files of the 50k site with nothing deleted before, and up to
28 s right after a tree of that size was deleted: docs/benchmarks.md, *Cold build*). This gives
that part for one tree, so a build's time can be read against the floor its output sets. The
copy is written beside the site and removed afterwards (unless --keep).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Floor:
    files: int
    bytes: int
    seconds: float  # writing every file of the tree (folders made as needed), all processes


def read_tree(root: Path) -> list[tuple[str, bytes]]:
    """Every file under `root` as (path relative to it, content), in a stable order."""
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            with open(path, "rb") as handle:
                found.append((os.path.relpath(path, root), handle.read()))
    return found


def _write_share(files: Sequence[tuple[str, bytes]], target: Path) -> None:
    made: set[str] = set()
    for relative, content in files:
        path = os.path.join(target, relative)
        folder = os.path.dirname(path)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(path, "wb") as handle:
            handle.write(content)


def write_tree(files: Sequence[tuple[str, bytes]], target: Path, processes: int = 2) -> Floor:
    """Write `files` under `target` (which must not exist), every `processes`-th file in one
    forked process each, as the build's writers share pages; timed from the first fork to the
    last exit."""
    if target.exists():
        raise FileExistsError(f"{target} exists: the floor is measured into a new folder")
    target.mkdir(parents=True)
    processes = max(1, processes)
    start = time.perf_counter()
    children = []
    for share in range(1, processes):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            status = 0
            try:
                _write_share(files[share::processes], target)
            except BaseException:
                status = 1
            os._exit(status)
        children.append(pid)
    _write_share(files[0::processes], target)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    seconds = time.perf_counter() - start
    if failed:
        raise RuntimeError(f"{len(failed)} writer process(es) failed writing under {target}")
    return Floor(len(files), sum(len(content) for _, content in files), round(seconds, 2))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.floor", description=__doc__)
    parser.add_argument("site", type=Path, help="a built site folder")
    parser.add_argument("--processes", type=int, default=2, help="writers (default: 2)")
    parser.add_argument("--keep", action="store_true", help="leave the copy in place")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"{args.site}: not a folder", file=sys.stderr)
        return 2
    files = read_tree(args.site)
    copy = args.site.with_name(f"{args.site.name}.floor-{os.getpid()}")
    try:
        floor = write_tree(files, copy, args.processes)
    finally:
        if not args.keep:
            shutil.rmtree(copy, ignore_errors=True)
    print(
        f"{args.site}: {floor.files:,} files, {floor.bytes / 1e6:,.1f} MB written in "
        f"{floor.seconds:.2f} s by {args.processes} process(es)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
