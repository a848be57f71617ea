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

from generator.cache import read_signed, write_signed, write_signed_stream
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
