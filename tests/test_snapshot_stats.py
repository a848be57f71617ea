"""The catalogue snapshot's key without reading every file: a record of the sources' digest under
their file stats (entries.snapshot.known_digest) must never hide a change."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from generator import cache
from generator.cache import read_signed, read_signed_large, write_signed, write_signed_stream
from generator.entries import snapshot
from generator.entries.snapshot import known_digest, source_digest, stats_file

from .site_fixture import FIXTURE

DAY = dt.date(2026, 12, 2)
ENTRY = "innovations/jawa-barat/bank-sampah-digital.md"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    for part in ("innovations", "taxonomies"):
        shutil.copytree(FIXTURE / part, folder / part)
    time.sleep(snapshot._RACY_COARSE_S + 0.1)  # the copy's change times past the racy window
    return folder


def _digest(cache: Path, content: Path) -> str:
    return known_digest(cache, content, (), DAY, DAY.year)


def test_an_unchanged_tree_is_not_read_again(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "build.sqlite"
    cache.parent.mkdir()
    first = _digest(cache, content)
    assert first == source_digest(content, (), DAY, DAY.year)
    assert stats_file(cache).is_file()

    def unread(*_args: object) -> str:
        raise AssertionError("the sources were read again")

    monkeypatch.setattr(snapshot, "source_digest", unread)
    assert _digest(cache, content) == first


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "build.sqlite"
    cache.parent.mkdir()
    first = _digest(cache, content)
    entry = content / ENTRY
    before = entry.stat()
    text = entry.read_bytes()
    index = text.index(b"a", text.index(b"\n---", 3))  # a letter of the body
    entry.write_bytes(text[:index] + b"e" + text[index + 1 :])  # same size
    os.utime(entry, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back
    assert entry.stat().st_size == before.st_size
    edited = _digest(cache, content)
    assert edited != first
    assert edited == source_digest(content, (), DAY, DAY.year)


def test_a_tree_written_just_now_is_not_recorded(content: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "build.sqlite"
    cache.parent.mkdir()
    (content / ENTRY).write_bytes((content / ENTRY).read_bytes())  # written just now
    past = time.time() - 60
    os.utime(content / ENTRY, (past, past))  # an old mtime: the change time still says now
    _digest(cache, content)
    assert not stats_file(cache).exists()
    time.sleep(snapshot._RACY_COARSE_S + 0.1)
    _digest(cache, content)
    assert stats_file(cache).is_file()


def test_coarse_timestamps_get_the_wide_window() -> None:
    """Times in whole hundredths of a second (FAT, exFAT) tick too slowly for the narrow window."""
    assert snapshot._racy_window(1_764_650_000_000_000_000) == snapshot._RACY_COARSE_S
    assert snapshot._racy_window(1_764_650_000_123_456_789) == snapshot._RACY_S


def test_a_streamed_signed_file_reads_back_and_a_failed_one_leaves_nothing(
    tmp_path: Path,
) -> None:
    """The snapshot is pickled straight into its signed file: it must read back as the same
    bytes `write_signed` would sign, and a pickling error must leave no file, whole or partial."""
    folder = tmp_path / "cache"
    folder.mkdir()
    streamed, whole = folder / "streamed", folder / "whole"

    def write(out: BinaryIO) -> None:
        out.write(b"kepala\0")
        pickle.dump({"isi": list(range(50_000))}, out, pickle.HIGHEST_PROTOCOL)

    write_signed_stream(streamed, "uji", write)
    data = read_signed(streamed, "uji")
    assert data is not None and data.startswith(b"kepala\0")
    assert pickle.loads(data[len(b"kepala\0") :]) == {"isi": list(range(50_000))}
    write_signed(whole, "uji", data)
    assert whole.read_bytes() == streamed.read_bytes()
    assert read_signed(streamed, "lain") is None  # signed for its purpose only

    def broken(out: BinaryIO) -> None:
        out.write(b"setengah")
        raise pickle.PicklingError("tidak bisa")

    with pytest.raises(pickle.PicklingError):
        write_signed_stream(folder / "broken", "uji", broken)
    assert sorted(p.name for p in folder.iterdir()) == sorted(["secret", "streamed", "whole"])


def _signed_snapshot(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "cache" / "snapshot.pickle"
    path.parent.mkdir(exist_ok=True)
    write_signed(path, "snap", data)
    return path


def test_a_large_signed_file_is_hashed_once_then_known_by_its_stats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _signed_snapshot(tmp_path, b"catalogue bytes")
    monkeypatch.setattr(cache, "_RACY_NS", 0)  # the file counts as written long ago
    assert read_signed_large(path, "snap") == b"catalogue bytes"  # checked in full, recorded

    def unhashed(*_args: object) -> bytes:
        raise AssertionError("the file was hashed again")

    monkeypatch.setattr(cache, "read_signed", _only_records(unhashed))
    assert read_signed_large(path, "snap") == b"catalogue bytes"


def _only_records(otherwise: object) -> object:
    """`read_signed` for the small stats records, `otherwise` for anything else."""
    real = read_signed

    def read(path: Path, purpose: str) -> bytes | None:
        if path.name.endswith(".checked"):
            return real(path, purpose)
        return otherwise(path, purpose)  # type: ignore[operator]

    return read


def test_a_large_file_changed_in_place_after_its_check_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _signed_snapshot(tmp_path, b"catalogue bytes")
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    assert read_signed_large(path, "snap") == b"catalogue bytes"
    before = path.stat()
    time.sleep(0.05)  # past a tick of the file system's clock
    with open(path, "r+b") as handle:  # same inode, same size, the old modification time back
        handle.seek(-5, os.SEEK_END)
        handle.write(b"EVIL!")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_ino == before.st_ino
    assert read_signed_large(path, "snap") is None  # the change time moved: hashed, refused


def test_a_large_file_put_in_place_of_a_checked_one_is_hashed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _signed_snapshot(tmp_path, b"catalogue bytes")
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    assert read_signed_large(path, "snap") == b"catalogue bytes"
    other = tmp_path / "other.pickle"
    other.write_bytes(path.read_bytes()[:-5] + b"EVIL!")
    os.replace(other, path)  # another inode
    assert read_signed_large(path, "snap") is None


def test_a_large_file_written_just_now_is_not_recorded(tmp_path: Path) -> None:
    path = _signed_snapshot(tmp_path, b"catalogue bytes")
    assert read_signed_large(path, "snap") == b"catalogue bytes"
    assert not path.with_name(path.name + ".checked").exists()
    assert read_signed_large(tmp_path / "cache" / "absent.pickle", "snap") is None


def test_confirming_a_large_file_records_it_and_refuses_a_forged_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _signed_snapshot(tmp_path, b"catalogue bytes")
    record = path.with_name(path.name + ".checked")
    cache.confirm_signed_large(path, "snap")
    assert not record.exists()  # written just now: not yet
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    cache.confirm_signed_large(path, "snap")
    assert record.is_file()
    monkeypatch.setattr(cache, "read_signed", _only_records(lambda *_: None))
    assert read_signed_large(path, "snap") == b"catalogue bytes"  # known by its stats
    monkeypatch.undo()
    forged = tmp_path / "forged"
    forged.write_bytes(bytes(32) + b"catalogue bytes")
    os.replace(forged, path)
    monkeypatch.setattr(cache, "_RACY_NS", 0)
    cache.confirm_signed_large(path, "snap")
    assert read_signed_large(path, "snap") is None
