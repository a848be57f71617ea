"""Rendered entry bodies kept across builds, keyed by content hash: an edit re-renders one entry.

The rows live in the signed build cache (generator/cache.py: outside the repository, HMAC'd, a
warning when unusable); an unusable cache means every body is rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..cache import SignedCache
from ..model import Entry
from .bodies import SANITIZER_VERSION, render_body


def body_key(entry: Entry) -> str:
    """Same body, same renderer and allow-list, same HTML: so they make up the key. The packed
    body stands for the body (the same text packs to the same bytes), so a page whose body is
    cached never unpacks it."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (SANITIZER_VERSION, media_prefix(entry)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    digest.update(entry.packed_body)
    return digest.hexdigest()


class BodyCache(SignedCache):
    """Body HTML by `body_key`, in the project's build cache file (see generator/cache.py)."""

    TABLE = "body"


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
        self._ready: dict[int, str] = {}

    def prepare(self, positions: Iterable[int]) -> None:
        """Get the bodies of `positions` now, one after the other, for the pages about to be
        rendered: the sanitiser's and the Markdown parser's code and tables stay in the
        processor's caches. Rendered between their pages (Jinja, writing) they cost about a
        third more time (docs/benchmarks.md, *Cold build*)."""
        for position in positions:
            if position not in self._ready:
                self._ready[position] = self._body(position)

    def __call__(self, position: int) -> str:
        ready = self._ready.pop(position, None)
        return self._body(position) if ready is None else ready

    def _body(self, position: int) -> str:
        entry = self._entries[position]
        key = body_key(entry)
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


def prepare_cache(cache_path: Path | None) -> Path | None:
    """Open the cache once up front, creating the file and its WAL mode before forked writers
    race for it; an unusable cache is one warning here (None: build without it)."""
    if cache_path is None:
        return None
    probe = BodyCache(cache_path)
    usable = probe.is_usable
    probe.close()
    return cache_path if usable else None


def forget_other_bodies(cache_path: Path | None, entries: Sequence[Entry]) -> None:
    """Keep only the bodies of `entries`, so the cache does not grow with every edit."""
    if cache_path is None:
        return
    cache = BodyCache(cache_path)
    try:
        cache.keep_only(body_key(e) for e in entries)
    finally:
        cache.close()
