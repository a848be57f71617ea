"""Rendered entry bodies kept across builds, keyed by content hash: an edit re-renders one entry.

The cache is an optimisation, never an input. It lives outside the repository (a pull request
cannot ship one), every row carries an HMAC under a per-machine secret (a row this machine did not
write is a miss), and a cache that cannot be opened, read or written is a warning: the build goes
on rendering every body.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import sqlite3
import stat
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..model import Entry
from ..settings import CACHE_DIR_ENV, default_cache_dir
from .bodies import SANITIZER_VERSION, render_body

log = logging.getLogger("katalog")

SECRET_NAME = "secret"
_SECRET_BYTES = 32
# Bumped when the table changes; a file of another version starts empty.
_SCHEMA_VERSION = 2


def cache_file(folder: Path, project: Path) -> Path:
    """One file per project folder, so two checkouts sharing the user's cache folder do not evict
    each other's bodies (see `BodyCache.keep_only`)."""
    digest = hashlib.blake2b(str(project).encode("utf-8"), digest_size=8).hexdigest()
    return folder / f"bodies-{digest}.sqlite"


def body_key(markdown: str, media_prefix: str) -> str:
    """Same body, same renderer and allow-list, same HTML: so they make up the key."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (SANITIZER_VERSION, media_prefix, markdown):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


class CacheUnusable(Exception):
    """Why a cache folder or file cannot be trusted or used."""


class BodyCache:
    """A SQLite file: one writer at a time, any number of readers, safe across processes.

    Any failure disables the cache for the rest of the build, with one warning."""

    def __init__(self, path: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        self._secret = b""
        self._path = path
        if path is None:
            return
        try:
            self._secret = load_secret(path.parent)
            self._db = _open(path)
        except (CacheUnusable, OSError, sqlite3.Error) as error:
            self._disable(error)

    @property
    def is_usable(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT html, mac FROM body WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._disable(error)
            return None
        if row is None:
            return None
        html, mac = row
        if not (isinstance(html, str) and isinstance(mac, str)):
            return None
        return html if hmac.compare_digest(mac, self._mac(key, html)) else None

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        rows = [(key, html, self._mac(key, html)) for key, html in items]
        if self._db is None or not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?, ?)", rows)
        except sqlite3.Error as error:
            self._disable(error)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget bodies no entry has any more, so the cache does not grow with every edit."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM live")
                self._db.executemany("INSERT OR IGNORE INTO live VALUES (?)", ((k,) for k in keys))
                self._db.execute("DELETE FROM body WHERE key NOT IN (SELECT key FROM live)")
        except sqlite3.Error as error:
            self._disable(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _mac(self, key: str, html: str) -> str:
        message = key.encode("utf-8") + b"\0" + html.encode("utf-8", "surrogatepass")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def _disable(self, error: BaseException) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None
        log.warning(
            "katalog: body cache %s unusable (%s); building without it", self._path, error
        )


def _open(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None)
    try:
        # Switching the journal mode takes an exclusive lock that ignores the busy timeout,
        # so forked writers that all switch at once fail; the mode persists in the file.
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        with db:
            # A write on every open: a read-only file fails here, once, not in every worker.
            db.execute("BEGIN IMMEDIATE")
            if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
                db.execute("DROP TABLE IF EXISTS body")
            db.execute(
                "CREATE TABLE IF NOT EXISTS body (key TEXT PRIMARY KEY, html TEXT, mac TEXT)"
            )
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        # A truncated or damaged file often opens; reading its pages is what fails.
        db.execute("SELECT count(*), max(length(mac)) FROM body").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def load_secret(folder: Path) -> bytes:
    """The machine's cache key in `<folder>/secret`, made on first use. Only a file this user
    made private counts: a git checkout cannot produce one (it writes files readable by all)."""
    path = folder / SECRET_NAME
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = folder / f"{SECRET_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, secrets.token_bytes(_SECRET_BYTES))
    finally:
        os.close(fd)
    try:
        os.link(partial, path)  # atomic and never overwrites: concurrent builds agree on one
    except FileExistsError:
        pass
    finally:
        partial.unlink()
    return _read_secret(path)


def _read_secret(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CacheUnusable(f"{path} is not a regular file")
        if info.st_uid != os.getuid() or info.st_mode & 0o077:
            raise CacheUnusable(f"{path} must belong to this user, with mode 0600")
        secret = os.read(fd, _SECRET_BYTES + 1)
    finally:
        os.close(fd)
    if len(secret) != _SECRET_BYTES:
        raise CacheUnusable(f"{path} does not hold a {_SECRET_BYTES}-byte key")
    return secret


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
        cache.keep_only(body_key(e.body, media_prefix(e)) for e in entries)
    finally:
        cache.close()
