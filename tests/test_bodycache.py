"""The body cache survives many processes opening a fresh cache file at the same moment."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from generator.site.bodycache import BodyCache


def _open_and_write(path: str, worker: int) -> None:
    cache = BodyCache(Path(path))
    try:
        cache.put_many([(f"k{worker}-{i}", "<p>x</p>") for i in range(50)])
    finally:
        cache.close()


def test_concurrent_writers_on_a_new_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "bodies.sqlite"
    BodyCache(path).close()  # what write_pages does before forking
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_open_and_write, args=(str(path), n)) for n in range(6)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
    assert [p.exitcode for p in workers] == [0] * 6
    cache = BodyCache(path)
    try:
        assert cache.get("k5-49") == "<p>x</p>"
    finally:
        cache.close()
