"""The build cache: one SQLite file per project, every row signed; the body and entry caches' store.

The cache is an optimisation, never an input. It lives outside the repository (a pull request
cannot ship one), every row carries an HMAC under a per-machine secret over its table, key and
value (a row this machine did not write, or moved from another key or table, is a miss), and a
cache that cannot be opened, read or written is one warning: the build goes on without it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import importlib.metadata
import logging
import os
import secrets
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, ClassVar, Self, cast

from .settings import SiteSettings

log = logging.getLogger("katalog")

SECRET_NAME = "secret"
_SECRET_BYTES = 32
# Bumped when a table changes; a file of another version starts empty.
_SCHEMA_VERSION = 3
# Table -> its value column: rendered bodies (site.bodycache), checked entries (entries.entrycache).
TABLES = {"body": "html", "entry": "entry"}

GENERATOR_DIR = Path(__file__).resolve().parent
# Signed files (a snapshot, a record) start with their MAC, this many bytes.
_FILE_MAC_BYTES = 32

# Cache files already warned about in this process: a damaged file is one warning per build,
# however many caches (entries, then bodies) try it.
_WARNED: set[str] = set()


def build_cache_file(settings: SiteSettings) -> Path | None:
    """The cache file of the project `settings` describe, in `settings.cache_dir`; None: none."""
    if settings.cache_dir is None:
        return None
    return cache_file(settings.cache_dir, settings.config_dir.resolve())


def cache_file(folder: Path, project: Path) -> Path:
    """One file per project folder, so two checkouts sharing the user's cache folder do not evict
    each other's rows (see `SignedCache.keep_only`)."""
    digest = hashlib.blake2b(str(project).encode("utf-8"), digest_size=8).hexdigest()
    return folder / f"bodies-{digest}.sqlite"


class CacheUnusable(Exception):
    """Why a cache folder or file cannot be trusted or used."""


class SignedCache:
    """One table of the cache file: text values by key, each signed. One writer at a time, any
    number of readers, safe across processes. Any failure disables the cache for the rest of the
    build, with one warning."""

    TABLE: ClassVar[str]

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

    @property
    def path(self) -> Path | None:
        return self._path

    def get(self, key: str) -> str | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                f"SELECT {TABLES[self.TABLE]}, mac FROM {self.TABLE} WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as error:
            self._disable(error)
            return None
        if row is None:
            return None
        value, mac = row
        if not (isinstance(value, str) and isinstance(mac, str)):
            return None
        return value if hmac.compare_digest(mac, self._mac(key, value)) else None

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        if self._db is None:
            return
        rows = [(key, value, self._mac(key, value)) for key, value in items]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(f"INSERT OR REPLACE INTO {self.TABLE} VALUES (?, ?, ?)", rows)
        except sqlite3.Error as error:
            self._disable(error)

    def keep_only(self, keys: Iterable[str]) -> None:
        """Forget rows no entry has any more, so the cache does not grow with every edit."""
        if self._db is None:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.execute("CREATE TEMP TABLE IF NOT EXISTS live (key TEXT PRIMARY KEY)")
                self._db.execute("DELETE FROM live")
                self._db.executemany("INSERT OR IGNORE INTO live VALUES (?)", ((k,) for k in keys))
                self._db.execute(
                    f"DELETE FROM {self.TABLE} WHERE key NOT IN (SELECT key FROM live)"
                )
        except sqlite3.Error as error:
            self._disable(error)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _mac(self, key: str, value: str) -> str:
        message = b"\0".join(
            part.encode("utf-8", "surrogatepass") for part in (self.TABLE, key, value)
        )
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def _disable(self, error: BaseException) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        if str(self._path) not in _WARNED:
            _WARNED.add(str(self._path))
            log.warning(
                "katalog: entry and body cache %s unusable (%s); building without it",
                self._path,
                error,
            )


# Cache files this process read whole without an error, by (path, device, inode): their size
# when last opened.
_READ_WHOLE: dict[tuple[str, int, int], int] = {}


def _identity(path: Path) -> tuple[tuple[str, int, int], int]:
    stat = path.stat()
    return (str(path), stat.st_dev, stat.st_ino), stat.st_size


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
                for table in TABLES:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
            for table, column in TABLES.items():
                columns = f"key TEXT PRIMARY KEY, {column} TEXT, mac TEXT"
                db.execute(f"CREATE TABLE IF NOT EXISTS {table} ({columns})")
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        # A truncated or damaged file often opens; reading its pages is what fails. Reading every
        # page takes 70 ms at 50k entries (300 MB of rows), and a build opens the file several
        # times, a preview server on every edit: a process reads it whole once, and again only
        # if it was replaced or shrank since. Damage the read misses only disables the cache
        # (every read and write checks).
        identity, size = _identity(path)
        seen = _READ_WHOLE.get(identity)
        if seen is None or size < seen:
            for table in TABLES:
                db.execute(f"SELECT count(*), max(length(mac)) FROM {table}").fetchone()
        _READ_WHOLE[identity] = size
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


@functools.cache
def generator_digest() -> bytes:
    """Everything of the generator's own that shapes a build's output: every file of the package
    (code, templates, reference data, assets), Python, and the installed libraries' versions
    (Markdown, Jinja and YAML among them)."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(GENERATOR_DIR.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        digest.update(str(path.relative_to(GENERATOR_DIR)).encode("utf-8", "surrogatepass") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    versions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\0".join([sys.version, *versions]).encode("utf-8"))
    return digest.digest()


def write_signed(path: Path, purpose: str, *parts: bytes) -> None:
    """Write `parts` one after another to `path` (in a cache folder) behind a MAC under the
    machine's secret and `purpose`, atomically; a cache that cannot be written is one warning."""

    def write(out: BinaryIO) -> None:
        for part in parts:
            out.write(part)

    write_signed_stream(path, purpose, write)


class _SigningWriter:
    """A file that signs what goes through it."""

    def __init__(self, handle: BinaryIO, tag: hashlib.blake2b) -> None:
        self._handle, self._tag = handle, tag

    def write(self, data: bytes | memoryview) -> int:
        self._tag.update(data)
        return self._handle.write(data)


def write_signed_stream(path: Path, purpose: str, write: Callable[[BinaryIO], None]) -> None:
    """`write_signed` of what `write` writes to the file it is given, as it comes: a snapshot is
    never a second copy in memory (pickling the 50k catalogue to bytes took 231 MB more)."""
    try:
        tag = _file_mac(load_secret(path.parent), purpose)
        partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with open(partial, "wb") as handle:
                handle.write(bytes(_FILE_MAC_BYTES))  # the MAC, once everything is through
                write(cast(BinaryIO, _SigningWriter(handle, tag)))
                handle.seek(0)
                handle.write(tag.digest())
            os.replace(partial, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            raise
    except (CacheUnusable, OSError) as error:
        log.warning("katalog: cache file %s not written (%s)", path, error)


def read_signed(path: Path, purpose: str) -> bytes | None:
    """The data `write_signed` wrote to `path` for `purpose`; None when the file is absent,
    unreadable, or not signed by this machine for this purpose."""
    try:
        secret = load_secret(path.parent)
        with open(path, "rb") as handle:
            mac, data = handle.read(_FILE_MAC_BYTES), handle.read()
    except FileNotFoundError:
        return None
    except (CacheUnusable, OSError) as error:
        log.warning("katalog: cache file %s unusable (%s)", path, error)
        return None
    tag = _file_mac(secret, purpose)
    tag.update(data)
    return data if hmac.compare_digest(mac, tag.digest()) else None


def read_signed_large(path: Path, purpose: str) -> bytes | None:
    """`read_signed` of a large file (the catalogue snapshot: 230 MB at 50k, whose MAC took 0.3 s
    of a 5 s no-change build), checked in full once: after that, while the file keeps the stats
    recorded (signed) beside it, its bytes are trusted without hashing them again. Any write to
    the file moves its change time, which no tool sets back, and a file put in its place has
    another inode; a file changed within a timestamp tick of now is not recorded, since a second
    write within that tick could leave its stats alike (as `snapshot.known_digest` does)."""
    record_path = path.with_name(path.name + ".checked")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        log.warning("katalog: cache file %s unusable (%s)", path, error)
        return None
    stats = _file_stats(info)
    if read_signed(record_path, purpose + "-checked") == stats:
        try:
            with open(path, "rb") as handle:
                handle.seek(_FILE_MAC_BYTES)
                data = handle.read()
                unchanged = _file_stats(os.fstat(handle.fileno())) == stats
            if unchanged:  # the file read is the one whose stats were looked up
                return data
        except OSError as error:
            log.warning("katalog: cache file %s unusable (%s)", path, error)
            return None
    checked = read_signed(path, purpose)
    if checked is not None:
        _record_if_settled(record_path, purpose, info)
    return checked


def confirm_signed_large(path: Path, purpose: str) -> None:
    """Check a large signed file in full now and record its stats (`read_signed_large`), so the
    next read skips the hashing: the end of the build that wrote the snapshot, seconds after the
    write, pays for it instead of the next no-change build. Streams: no second copy in memory."""
    record_path = path.with_name(path.name + ".checked")
    try:
        info = os.stat(path)
        if read_signed(record_path, purpose + "-checked") == _file_stats(info):
            return
        tag = _file_mac(load_secret(path.parent), purpose)
        with open(path, "rb") as handle:
            mac = handle.read(_FILE_MAC_BYTES)
            while chunk := handle.read(1 << 20):
                tag.update(chunk)
            unchanged = _file_stats(os.fstat(handle.fileno())) == _file_stats(info)
    except FileNotFoundError:
        return
    except (CacheUnusable, OSError) as error:
        log.warning("katalog: cache file %s unusable (%s)", path, error)
        return
    if unchanged and hmac.compare_digest(mac, tag.digest()):
        _record_if_settled(record_path, purpose, info)


def _record_if_settled(record_path: Path, purpose: str, info: os.stat_result) -> None:
    if max(info.st_mtime_ns, info.st_ctime_ns) < time.time_ns() - _RACY_NS:
        write_signed(record_path, purpose + "-checked", _file_stats(info))


# How long after a write a file's stats are not trusted to tell it from a second write: longer
# than a coarse file system clock's tick (Linux stamps files with the kernel's tick clock).
_RACY_NS = 2_000_000_000


def _file_stats(info: os.stat_result) -> bytes:
    return b"%d %d %d %d %d" % (
        info.st_dev,
        info.st_ino,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
    )


def remove_signed(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _file_mac(secret: bytes, purpose: str) -> hashlib.blake2b:
    # Keyed BLAKE2b is a MAC, and reads a 100 MB snapshot several times faster than HMAC-SHA256.
    return hashlib.blake2b(key=secret, digest_size=_FILE_MAC_BYTES, person=purpose.encode()[:16])
