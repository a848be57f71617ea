"""Render and write many pages, in parallel worker processes when there are many of them.

Workers are forked, so they share the catalogue and its indexes with the parent without pickling
anything (copy-on-write); each takes every n-th page, which balances the heavy entry pages evenly,
and the parent works too, so n processes use n cores. Output does not depend on the split.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from ..settings import OutputFile
from .bodycache import BodyCache, body_key
from .plan import Page, PageJob, Site
from .rendering import render_page
from .bodies import render_body

class OutsideSite(ValueError):
    """A path the build was asked to write that does not lie inside the site folder."""

    def __init__(self, path: str, out_dir: Path) -> None:
        super().__init__(
            f"katalog: refusing to write {path!r}: it lies outside the site folder {out_dir}"
        )


def site_path(out_dir: Path, path: str) -> Path:
    """`<out_dir>/<path>` once resolved, or OutsideSite: every file the build writes goes through
    here, so no URL, vocabulary slug or output name can reach the rest of the file system."""
    root = out_dir.resolve()
    if not path or "\0" in path or os.path.isabs(path):
        raise OutsideSite(path, out_dir)
    target = Path(os.path.normpath(root / path))
    if target == root or root not in target.parents:
        raise OutsideSite(path, out_dir)
    return target


def write_output(out_dir: Path, output: OutputFile) -> Path:
    """Write one file of the site whole: a visitor never reads a half-written file."""
    target = site_path(out_dir, output.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    partial.write_bytes(output.content)
    partial.replace(target)
    return target


PARALLEL_THRESHOLD = 2000  # below this, starting workers costs more than it saves

Wrap = Callable[[Page], str]


def default_processes() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def write_pages(
    site: Site,
    jobs: Sequence[PageJob],
    wrap: Wrap,
    out_dir: Path,
    cache_path: Path | None = None,
    processes: int = 0,
) -> None:
    """Write each job's page to `<out_dir>/<url>/index.html` (or the name `wrap` expects)."""
    for job in jobs:  # every target is checked before anything is written
        site_path(out_dir, job.url + "index.html")
    workers = processes or default_processes()
    # Opened once up front (creating the file and its WAL mode before writers race for it): an
    # unusable cache is one warning here, not one per worker.
    if cache_path is not None:
        probe = BodyCache(cache_path)
        if not probe.is_usable:
            cache_path = None
        probe.close()
    if workers <= 1 or len(jobs) < PARALLEL_THRESHOLD or not hasattr(os, "fork"):
        _write_share(site, jobs, wrap, out_dir, cache_path)
    else:
        _write_forked(site, jobs, wrap, out_dir, cache_path, workers)
    if cache_path is not None:
        cache = BodyCache(cache_path)
        try:
            entries = site.catalogue.entries
            cache.keep_only(body_key(e.body, f"{e.slug}/") for e in entries)
        finally:
            cache.close()


def _write_forked(
    site: Site,
    jobs: Sequence[PageJob],
    wrap: Wrap,
    out_dir: Path,
    cache_path: Path | None,
    workers: int,
) -> None:
    # Objects that survive the fork untouched stay shared: keep the collector off them.
    gc.freeze()
    children = []
    try:
        for share in range(1, workers):
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                status = 0
                try:
                    _write_share(site, jobs[share::workers], wrap, out_dir, cache_path)
                except BaseException:
                    traceback.print_exc()
                    status = 1
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(status)
            children.append(pid)
        _write_share(site, jobs[0::workers], wrap, out_dir, cache_path)
    finally:
        failed = 0
        for pid in children:
            _, status = os.waitpid(pid, 0)
            failed += os.waitstatus_to_exitcode(status) != 0
        gc.unfreeze()
    if failed:
        raise RuntimeError(f"{failed} page-writing worker(s) failed; see the traceback above")


def _write_share(
    site: Site, jobs: Sequence[PageJob], wrap: Wrap, out_dir: Path, cache_path: Path | None
) -> None:
    cache = BodyCache(cache_path)
    fresh: list[tuple[str, str]] = []

    def body_of(position: int) -> str:
        entry = site.catalogue.entries[position]
        prefix = f"{entry.slug}/"
        key = body_key(entry.body, prefix)
        html = cache.get(key)
        if html is None:
            html = render_body(entry.body, prefix)
            fresh.append((key, html))
        return html

    try:
        for job in jobs:
            page = render_page(site, job, body_of)
            target = site_path(out_dir, job.url + "index.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(wrap(page).encode("utf-8"))
            if len(fresh) >= 500:  # bound the memory of a cold build's new bodies
                cache.put_many(fresh)
                fresh.clear()
        cache.put_many(fresh)
    finally:
        cache.close()
