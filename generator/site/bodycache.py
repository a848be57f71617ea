"""The body pipeline: an entry's Markdown to sanitised HTML (bodies.py), kept across builds in a
SQLite cache keyed by content hash, so an edit re-renders one entry. Pages get bodies only here."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..model import Entry
from .bodies import SANITIZER_VERSION, render_body


def body_key(markdown: str, media_prefix: str) -> str:
    """Same body, same renderer and allow-list, same HTML: so they make up the key."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (SANITIZER_VERSION, media_prefix, markdown):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class BodyCache:
    """A SQLite file: one writer at a time, any number of readers, safe across processes."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
            # Switching the journal mode takes an exclusive lock that ignores the busy timeout,
            # so forked writers that all switch at once fail; the mode persists in the file.
            if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, html TEXT)")

    def get(self, key: str) -> str | None:
        if self._db is None:
            return None
        row = self._db.execute("SELECT html FROM body WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        rows = list(items)
        if self._db is None or not rows:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?)", rows)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget bodies no entry has any more, so the cache does not grow with every edit."""
        if self._db is None:
            return
        with self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM live")
            self._db.executemany("INSERT OR IGNORE INTO live VALUES (?)", ((k,) for k in keys))
            self._db.execute("DELETE FROM body WHERE key NOT IN (SELECT key FROM live)")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def media_prefix(entry: Entry) -> str:
    """How the entry's .md file refers to its media folder (`<slug>/`)."""
    return f"{entry.slug}/"


class EntryBodies:
    """Bodies by entry position: from the cache when unchanged, else rendered and kept.

    A callable for `rendering.render_page`; use it as a context manager so new bodies are saved.
    Without a cache path, every body is rendered (tests, small catalogues)."""

    FLUSH_EVERY = 500  # bound the memory of a cold build's new bodies

    def __init__(self, entries: Sequence[Entry], cache_path: Path | None = None) -> None:
        self._entries = entries
        self._cache = BodyCache(cache_path)
        self._fresh: list[tuple[str, str]] = []

    def __call__(self, position: int) -> str:
        entry = self._entries[position]
        key = body_key(entry.body, media_prefix(entry))
        html = self._cache.get(key)
        if html is None:
            html = render_body(entry.body, media_prefix(entry))
            self._fresh.append((key, html))
            if len(self._fresh) >= self.FLUSH_EVERY:
                self.flush()
        return html

    def flush(self) -> None:
        self._cache.put_many(self._fresh)
        self._fresh.clear()

    def __enter__(self) -> EntryBodies:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.flush()
        finally:
            self._cache.close()


def prepare_cache(cache_path: Path | None) -> None:
    """Create the file and its WAL mode before forked writers race for it."""
    BodyCache(cache_path).close()


def forget_other_bodies(cache_path: Path | None, entries: Sequence[Entry]) -> None:
    """Keep only the bodies of `entries`, so the cache does not grow with every edit."""
    if cache_path is None:
        return
    cache = BodyCache(cache_path)
    try:
        cache.keep_only(body_key(e.body, media_prefix(e)) for e in entries)
    finally:
        cache.close()
