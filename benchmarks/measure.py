"""Time a build command, track its peak memory, and size what it wrote."""

from __future__ import annotations

import os
import resource
import signal
import statistics
import subprocess
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# Sampling /proc costs CPU on a 2-core machine: a few times a second is enough to see a peak that
# lasts as long as a build's rendering phase.
SAMPLE_INTERVAL_S = 0.2


class BuildFailed(RuntimeError):
    """The build exited non-zero or ran past its timeout."""


@dataclass(frozen=True, slots=True)
class Run:
    """One timed run of a build command."""

    seconds: float
    returncode: int
    # ru_maxrss of the largest single process (kernel-accounted, exact)
    peak_process_bytes: int
    # sum of proportional set size (PSS) over the build's processes, sampled: the honest figure
    # for a build that forks workers, whose shared copy-on-write pages RSS would count per worker
    peak_tree_bytes: int
    timed_out: bool

    @property
    def peak_bytes(self) -> int:
        return max(self.peak_process_bytes, self.peak_tree_bytes)


def run_measured(
    argv: Sequence[str],
    *,
    cwd: Path,
    log: Path,
    timeout_s: float,
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run `argv` in its own session; wall time, peak memory, and a hard timeout."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(argv)}\n".encode())
        out.flush()
        started = time.perf_counter()
        # A new session gives the build and all its workers one id to sample and to kill.
        proc = subprocess.Popen(
            list(argv),
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        status, rusage, peak_tree, timed_out = _wait(proc.pid, started + timeout_s)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, tell Popen
    return Run(
        seconds=seconds,
        returncode=proc.returncode,
        peak_process_bytes=rusage.ru_maxrss * 1024,  # Linux reports KiB
        peak_tree_bytes=peak_tree,
        timed_out=timed_out,
    )


def _wait(pid: int, deadline: float) -> tuple[int, resource.struct_rusage, int, bool]:
    peak_tree = 0
    timed_out = False
    while True:
        # wait4 rather than Popen.wait: its rusage is this child's own, not every child's so far.
        done, status, rusage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, rusage, peak_tree, timed_out
        peak_tree = max(peak_tree, session_memory_bytes(pid))
        if not timed_out and time.perf_counter() > deadline:
            timed_out = True
            os.killpg(pid, signal.SIGKILL)
        time.sleep(SAMPLE_INTERVAL_S)


def session_memory_bytes(session_id: int) -> int:
    """Memory of every process in a session (the build and its workers): PSS, so pages that
    forked workers share are counted once; RSS where PSS is unreadable."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
            # Fields after the command name, which may itself contain spaces and parentheses.
            fields = stat[stat.rfind(b")") + 2 :].split()
            if int(fields[3]) == session_id:
                total += pss_bytes(entry.name) or int(fields[21]) * PAGE_SIZE
        except OSError:  # the process ended between listing and reading
            continue
    return total


def pss_bytes(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:  # older kernels, or the process just ended: the caller falls back to RSS
        return 0
    return 0


def check(run: Run, what: str, log: Path) -> Run:
    if run.timed_out:
        raise BuildFailed(f"{what}: timed out after {run.seconds:.0f} s (log: {log})")
    if run.returncode != 0:
        raise BuildFailed(f"{what}: exit {run.returncode}; last lines of {log}:\n{tail(log)}")
    return run


def tail(path: Path, lines: int = 15) -> str:
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


# --- output sizes ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TreeSize:
    bytes: int
    files: int
    # entries (files and folders) of the fullest folder: hosts cap it (Netlify: 54,000)
    largest_folder: int


def tree_size(root: Path) -> TreeSize:
    total = files = largest = 0
    for folder, dirs, names in os.walk(root):
        largest = max(largest, len(dirs) + len(names))
        for name in names:
            total += os.stat(os.path.join(folder, name)).st_size
            files += 1
    return TreeSize(total, files, largest)


def iter_files(root: Path) -> Iterable[Path]:
    for folder, _dirs, names in os.walk(root):
        for name in names:
            yield Path(folder, name)


@dataclass(frozen=True, slots=True)
class PageSizes:
    count: int
    largest: int
    median: int


def entry_page_sizes(site: Path, ids: Iterable[str]) -> PageSizes:
    """Sizes of `/inovasi/<id>/index.html`, the same URL in every build compared here."""
    sizes = [(site / "inovasi" / entry_id / "index.html").stat().st_size for entry_id in ids]
    if not sizes:
        return PageSizes(0, 0, 0)
    return PageSizes(len(sizes), max(sizes), int(statistics.median(sizes)))


@dataclass(frozen=True, slots=True)
class SearchSize:
    files: int
    bytes: int
    gzip_bytes: int  # what a host that compresses actually sends
    largest_file: int  # a lower bound of a first query's transfer if the index is sharded


def search_size(site: Path) -> SearchSize:
    paths = search_files(site)
    sizes = [path.stat().st_size for path in paths]
    return SearchSize(
        files=len(paths),
        bytes=sum(sizes),
        gzip_bytes=sum(gzip_size(path) for path in paths),
        largest_file=max(sizes, default=0),
    )


def search_files(site: Path) -> list[Path]:
    """Search index files: Material's `search/`, data under `/cari/`, any `*search_index*`."""
    found: set[Path] = set()
    if (site / "search").is_dir():
        found.update(iter_files(site / "search"))
    if (site / "cari").is_dir():
        found.update(p for p in iter_files(site / "cari") if p.suffix != ".html")
    for folder, _dirs, names in os.walk(site):
        found.update(Path(folder, name) for name in names if "search_index" in name)
    return sorted(found)


def gzip_size(path: Path) -> int:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: gzip framing
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            size += len(compressor.compress(chunk))
    return size + len(compressor.flush())
