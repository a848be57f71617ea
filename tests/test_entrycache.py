"""The entry cache: a warm build equals a clean one byte for byte; an edit re-reads what it touches
(one entry, or every entry when vocabularies or reference data change); a row this machine did not
write, or did not write for that key, is refused; problems are the same warm and cold."""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cache import cache_file
from generator.entries import catalogue as catalogue_module
from generator.entries import vocabularies
from generator.entries.catalogue import Catalogue, load_catalogue
from generator.entries.entrycache import EntryCache, RowInvalid, decode_result, encode_result
from generator.entries.loading import EntryFile
from generator.entries.messages import format_problem

from .conftest import CATALOGUE
from .site_fixture import FIXTURE, build_site, site_files

SCRIPT = "<script>alert('entry cache')</script>"
ENTRY = "innovations/jawa-barat/bank-sampah-digital.md"


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed (YAML read, then validated) by each load, in a process whose in-memory
    results start empty, as a new build's does: what is left comes from the build cache."""
    seen: list[str] = []
    real = catalogue_module.parse_entry

    def counting(file: EntryFile) -> object:
        if file.data is not None:  # an unreadable file (symlink, too large) has nothing to parse
            seen.append("innovations/" + file.source.split("/innovations/", 1)[-1])
        return real(file)

    monkeypatch.setattr(catalogue_module, "parse_entry", counting)
    monkeypatch.setattr(catalogue_module, "_FILE_CACHE", {})
    return seen


def _fresh_load(
    content: Path, cache: Path | None, parsed: list[str], **options: object
) -> Catalogue:
    """A load as a new process makes it: nothing remembered in memory, only the cache file."""
    catalogue_module._FILE_CACHE.clear()
    parsed.clear()
    return load_catalogue(content, cache_path=cache, **options)  # type: ignore[arg-type]


def _copy(source: Path, tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(source, content)
    return content


def _same(a: Catalogue, b: Catalogue) -> None:
    assert a.entries == b.entries
    # fields equality leaves out: where keys and redirects stand, and the problems' severity
    assert [(e.key_lines, e.redirect_lines) for e in a.entries] == [
        (e.key_lines, e.redirect_lines) for e in b.entries
    ]
    assert [(p, p.severity) for p in a.problems] == [(p, p.severity) for p in b.problems]
    assert a.media == b.media


def test_a_warm_build_equals_a_clean_build_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue_module, "_FILE_CACHE", {})
    clean = site_files(build_site(tmp_path / "clean", cache_dir=str(tmp_path / "clean-cache")))
    cache_dir = tmp_path / "cache"
    catalogue_module._FILE_CACHE.clear()
    build_site(tmp_path / "first", cache_dir=str(cache_dir))
    (path,) = cache_dir.glob("bodies-*.sqlite")
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT count(*) FROM entry").fetchone()[0]
    assert rows == len(list((FIXTURE / "innovations").rglob("*.md")))
    catalogue_module._FILE_CACHE.clear()  # as a new `mkdocs build` process starts
    shutil.rmtree(tmp_path / "first" / "site")
    warm = site_files(build_site(tmp_path / "first", cache_dir=str(cache_dir)))
    assert warm == clean


def test_a_warm_load_parses_nothing_and_gives_the_same_catalogue(
    tmp_path: Path, parsed: list[str]
) -> None:
    cache = tmp_path / "cache" / "c.sqlite"
    cold = _fresh_load(FIXTURE, cache, parsed)
    assert len(parsed) == len(list((FIXTURE / "innovations").rglob("*.md")))
    warm = _fresh_load(FIXTURE, cache, parsed)
    assert parsed == []
    _same(warm, cold)
    _same(warm, load_catalogue(FIXTURE))


@pytest.mark.parametrize("folder", ["invalid", "invalid-vocabularies", "valid", "exports"])
def test_problems_are_the_same_warm_and_cold(
    tmp_path: Path, parsed: list[str], folder: str, at_root: Path
) -> None:
    cache = tmp_path / "c.sqlite"
    cold = _fresh_load(CATALOGUE / folder, cache, parsed)
    warm = _fresh_load(CATALOGUE / folder, cache, parsed)
    assert parsed == []
    _same(warm, cold)
    messages = [format_problem(p) for p in warm.problems]
    assert messages == [format_problem(p) for p in cold.problems]
    if folder == "invalid":  # broken entries are cached too, and still say file and line
        assert any(p.path.endswith(".md") and p.line > 1 for p in warm.errors)


def test_editing_one_entry_parses_exactly_that_entry(tmp_path: Path, parsed: list[str]) -> None:
    content = _copy(FIXTURE, tmp_path)
    cache = tmp_path / "c.sqlite"
    _fresh_load(content, cache, parsed)
    edited = content / ENTRY
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("Bank Sampah Digital", "Bank Sampah Daring"),
        encoding="utf-8",
    )
    warm = _fresh_load(content, cache, parsed)
    assert parsed == [ENTRY]
    assert warm.by_id["jawa-barat/bank-sampah-digital"].title == "[UJI] Bank Sampah Daring"
    _same(warm, load_catalogue(content))
    # ... and the same in one long-lived process (`mkdocs serve`): only the edited file is read
    edited.write_text(edited.read_text(encoding="utf-8") + "\nLagi.\n", encoding="utf-8")
    parsed.clear()
    load_catalogue(content, cache_path=cache)
    assert parsed == [ENTRY]


def test_an_image_added_to_a_media_folder_rechecks_only_its_entry(
    tmp_path: Path, parsed: list[str]
) -> None:
    content = _copy(FIXTURE, tmp_path)
    cache = tmp_path / "c.sqlite"
    _fresh_load(content, cache, parsed)
    folder = content / "innovations/jawa-barat/bank-sampah-digital"
    folder.mkdir()
    (folder / "foto.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    warm = _fresh_load(content, cache, parsed)
    assert parsed == [ENTRY]
    assert [p.name for p in warm.media["jawa-barat/bank-sampah-digital"]] == ["foto.png"]


def _edit_sectors(content: Path) -> None:
    sectors = content / "taxonomies/sectors.yml"
    text = sectors.read_text(encoding="utf-8")
    sectors.write_text(text.replace('name: "Pendidikan"', 'name: "Pendidikan Dasar"', 1), "utf-8")


def _add_hub_sector(content: Path) -> None:
    hub = content.parent / "hubs/jawa-barat/taxonomies"
    hub.mkdir(parents=True)
    (hub / "sectors.yml").write_text(
        "terms:\n  - slug: sektor-hub\n    name: Sektor Hub\n    name_en: Hub Sector\n", "utf-8"
    )


def _edit_awards(content: Path) -> None:
    awards = content / "taxonomies/awards.yml"
    awards.write_text(awards.read_text(encoding="utf-8") + "# catatan\n", encoding="utf-8")


VOCABULARY_EDITS: dict[str, Callable[[Path], None]] = {
    "a sector renamed": _edit_sectors,
    "a hub adds a sector": _add_hub_sector,
}


@pytest.mark.parametrize("edit", sorted(VOCABULARY_EDITS))
@pytest.mark.parametrize("process", ["new process", "same process"])
def test_changing_a_vocabulary_rechecks_every_entry(
    tmp_path: Path, parsed: list[str], edit: str, process: str
) -> None:
    content = _copy(FIXTURE, tmp_path)
    cache = tmp_path / "c.sqlite"
    _fresh_load(content, cache, parsed)
    VOCABULARY_EDITS[edit](content)
    if process == "new process":
        warm = _fresh_load(content, cache, parsed)
    else:
        parsed.clear()
        warm = load_catalogue(content, cache_path=cache)
    assert sorted(parsed) == sorted(
        str(p.relative_to(content)) for p in (content / "innovations").rglob("*.md")
    )
    _same(warm, load_catalogue(content))


def test_a_comment_in_a_vocabulary_file_rechecks_nothing(tmp_path: Path, parsed: list[str]) -> None:
    content = _copy(FIXTURE, tmp_path)
    cache = tmp_path / "c.sqlite"
    _fresh_load(content, cache, parsed)
    _edit_awards(content)  # the terms as loaded are unchanged: so is every result
    _fresh_load(content, cache, parsed)
    assert parsed == []


def test_changed_reference_data_rechecks_every_entry(
    tmp_path: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    before = _fresh_load(FIXTURE, cache, parsed)
    assert "jawa-barat/bank-sampah-digital" in before.by_id
    reference = vocabularies.load_reference_data()
    regencies = dict(reference.regencies)
    del regencies["32.75"]  # the regency bank-sampah-digital names leaves the national list
    changed = dataclasses.replace(reference, regencies=regencies)
    monkeypatch.setattr(vocabularies, "load_reference_data", lambda: changed)
    after = _fresh_load(FIXTURE, cache, parsed)
    assert len(parsed) == len(list((FIXTURE / "innovations").rglob("*.md")))
    assert "jawa-barat/bank-sampah-digital" not in after.by_id
    assert any(p.code == "regency-unknown" for p in after.problems)


def test_another_build_date_rechecks_every_entry(tmp_path: Path, parsed: list[str]) -> None:
    import datetime as dt

    cache = tmp_path / "c.sqlite"
    _fresh_load(FIXTURE, cache, parsed, today=dt.date(2025, 1, 1))
    _fresh_load(FIXTURE, cache, parsed, today=dt.date(2025, 1, 2))
    assert len(parsed) == len(list((FIXTURE / "innovations").rglob("*.md")))


def _rows(cache: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(cache) as db:
        return list(db.execute("SELECT key, entry, mac FROM entry"))


@pytest.mark.parametrize("forgery", ["row-edited", "mac-under-another-secret", "row-moved"])
def test_a_tampered_row_is_refused(tmp_path: Path, parsed: list[str], forgery: str) -> None:
    cache = tmp_path / "cache" / "c.sqlite"
    clean = _fresh_load(FIXTURE, cache, parsed)
    rows = _rows(cache)
    forged: list[tuple[str, str, str]] = []
    if forgery == "row-edited":  # an entry's values swapped under the MAC of the real ones
        forged = [(key, value.replace("[UJI]", SCRIPT), mac) for key, value, mac in rows]
    elif forgery == "mac-under-another-secret":  # signed with a secret the attacker knows
        attacker = EntryCache(tmp_path / "attacker" / "c.sqlite")
        for key, value, _ in rows:
            forged_value = value.replace("[UJI]", SCRIPT)
            forged.append((key, forged_value, attacker._mac(key, forged_value)))
        attacker.close()
    else:  # a genuine row of one file, and its MAC, under every other file's key
        donor = next(value for _, value, _ in rows if "Bank Sampah" in value)
        donor_mac = next(mac for _, value, mac in rows if value == donor)
        forged = [(key, donor, donor_mac) for key, _, _ in rows]
    with sqlite3.connect(cache) as db:
        db.executemany("INSERT OR REPLACE INTO entry VALUES (?, ?, ?)", forged)
    warm = _fresh_load(FIXTURE, cache, parsed)
    # every forged row was a miss, so each file was read again (the donor's own row is genuine)
    assert len(parsed) == len(rows) - (forgery == "row-moved")
    assert all(SCRIPT not in e.title for e in warm.entries)
    _same(warm, clean)


def test_a_row_of_another_shape_is_refused() -> None:
    entry, problems = load_catalogue(FIXTURE).entries[0], []
    row = encode_result((entry, problems))
    assert decode_result(row, lambda: (entry.packed_body, entry.body_line))[0] == entry
    for broken in (
        row.replace('"problems":[]', '"problems":{}'),
        row.replace(f'"{entry.title}"', "42"),
        row[:-2] + ',"x"]}',
        "[]",
        "not json",
    ):
        with pytest.raises(RowInvalid):
            decode_result(broken, lambda: (entry.packed_body, entry.body_line))


def test_a_damaged_cache_is_one_warning_and_the_load_goes_on(
    tmp_path: Path, parsed: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    path = cache_file(tmp_path / "cache", tmp_path)
    path.parent.mkdir()
    path.write_bytes(b"not a database\n" * 400)
    with caplog.at_level(logging.WARNING, logger="katalog"):
        damaged = _fresh_load(FIXTURE, path, parsed)
        _fresh_load(FIXTURE, path, parsed)
    _same(damaged, load_catalogue(FIXTURE))
    warnings = [r.getMessage() for r in caplog.records if "cache" in r.getMessage()]
    assert len(warnings) == 1 and str(path) in warnings[0], warnings


def _parsed_by_process(log: Path) -> dict[str, set[str]]:
    by_process: dict[str, set[str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, source = line.split(" ", 1)
        by_process.setdefault(pid, set()).add(source)
    return by_process


@pytest.mark.parametrize("cached", [True, False], ids=["cached", "one-off"])
@pytest.mark.parametrize("content", [FIXTURE, CATALOGUE / "invalid"], ids=["valid", "invalid"])
def test_a_load_split_over_two_processes_equals_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: Path, cached: bool
) -> None:
    """With processes=2 a forked process checks the last half of the new files into the cache
    and ships back their rows and packed bodies: the same entries and problems as one process,
    every file with data parsed exactly once, in one process or the other, and the parent
    opens none of the helper's files and reads no body a second time. A one-off build (no
    cache: `cache: false`) splits the same way and leaves no file behind."""
    log = tmp_path / "parsed.log"
    real = catalogue_module.parse_entry
    real_read_body = catalogue_module.read_body
    real_open = catalogue_module.open_entry
    bodies_read: list[int] = []
    opened: list[str] = []

    def opening(path: Path, content_dir: Path) -> EntryFile:
        if os.getpid() == parent:
            opened.append(str(path))
        return real_open(path, content_dir)

    def logged(file: EntryFile) -> object:
        with log.open("a", encoding="utf-8") as out:  # one short line a write: no interleaving
            out.write(f"{os.getpid()} {file.source}\n")
        return real(file)

    def reading(data: bytes) -> tuple[str, int]:
        bodies_read.append(os.getpid())
        return real_read_body(data)

    monkeypatch.setattr(catalogue_module, "parse_entry", logged)
    monkeypatch.setattr(catalogue_module, "read_body", reading)
    monkeypatch.setattr(catalogue_module, "open_entry", opening)
    monkeypatch.setattr(catalogue_module, "PARALLEL_LOAD_MIN", 1)
    parent = os.getpid()
    alone = _fresh_load(content, tmp_path / "one" / "cache.sqlite", [], processes=1)
    assert set(_parsed_by_process(log)) == {str(os.getpid())}
    log.unlink()
    everything = sorted(opened)
    opened.clear()
    kept = tmp_path / "two" / "cache.sqlite" if cached else None
    split = _fresh_load(content, kept, [], processes=2)
    _same(alone, split)
    assert (tmp_path / "two").exists() == cached
    assert bodies_read == []  # the helper's entries came with their bodies
    assert len(opened) == len(everything) - len(everything) // 2  # the parent's half only
    by_process = _parsed_by_process(log)
    assert len(by_process) == 2 and str(os.getpid()) in by_process
    here, there = by_process.pop(str(os.getpid())), next(iter(by_process.values()))
    assert here and there
    if content == FIXTURE:  # every file readable: each has its row, read back once written
        assert not here & there
        lines = log.read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(here | there) == len(list((content / "innovations").rglob("*.md")))


def test_a_cut_shipment_keeps_its_whole_records() -> None:
    """A helper that died while shipping leaves a last record cut short: the records before it
    are taken, the cut one is not (the parent checks that file itself)."""
    entries = [*load_catalogue(FIXTURE).entries[:2], None]
    rows = [encode_result((entry, [])) for entry in entries]
    with tempfile.TemporaryFile() as out:
        for n, (entry, row) in enumerate(zip(entries, rows, strict=True)):
            catalogue_module._ship(out, f"/c/é{n}.md", f"{n:040x}", row, entry)
        whole = out.tell()
        out.flush()
        assert list(catalogue_module._records(out)) == [
            (
                f"/c/é{n}.md",
                (
                    f"{n:040x}",
                    row,
                    entry.packed_body if entry else b"",
                    entry.body_line if entry else 0,
                ),
            )
            for n, (entry, row) in enumerate(zip(entries, rows, strict=True))
        ]
        out.truncate(whole - 1)
        assert [path for path, _ in catalogue_module._records(out)] == ["/c/é0.md", "/c/é1.md"]
        # Taken in the order written: another file gets nothing, and the next record waits.
        shipment = catalogue_module._Shipment([out])
        assert shipment.take("/c/é1.md") is None
        assert shipment.take("/c/é0.md") is not None
        assert shipment.take("/c/é0.md") is None and shipment.take("/c/é1.md") is not None
        assert shipment.take("/c/é2.md") is None


def test_a_failed_helper_process_leaves_its_files_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("helper broke")

    monkeypatch.setattr(catalogue_module, "PARALLEL_LOAD_MIN", 1)
    monkeypatch.setattr(catalogue_module, "_check_into_cache", broken)
    alone = _fresh_load(FIXTURE, tmp_path / "one" / "cache.sqlite", [], processes=1)
    split = _fresh_load(FIXTURE, tmp_path / "two" / "cache.sqlite", [], processes=2)
    _same(alone, split)
    assert "helper broke" in capfd.readouterr().err


@pytest.mark.parametrize("processes", [1, 2])
def test_a_file_name_that_is_not_utf8_is_an_error_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    """Linux allows any bytes in a name; the name reaches Python with surrogates, which the cache
    cannot store. The build reports the file (its name is no slug), as it does without a cache."""
    content = _copy(FIXTURE, tmp_path)
    entry = content / ENTRY
    odd = os.fsdecode(os.fsencode(str(entry.parent)) + b"/nama-\xff.md")
    shutil.copyfile(entry, odd)
    monkeypatch.setattr(catalogue_module, "PARALLEL_LOAD_MIN", 1)
    catalogue_module._FILE_CACHE.clear()
    uncached = load_catalogue(content)
    assert any("nama-" in p.path and p.is_error for p in uncached.problems)
    cache = tmp_path / "cache" / "cache.sqlite"
    _same(uncached, _fresh_load(content, cache, [], processes=processes))  # cold
    _same(uncached, _fresh_load(content, cache, [], processes=processes))  # warm


def test_a_one_off_build_keeps_nothing_and_makes_the_same_site(tmp_path: Path) -> None:
    """`cache: false` (the publish workflow's build): the same site byte for byte as a build
    that keeps its caches, and no cache file anywhere (its folder, or beside mkdocs.yml)."""
    kept = site_files(build_site(tmp_path / "kept", cache_dir=str(tmp_path / "kept-cache")))
    assert list((tmp_path / "kept-cache").iterdir())  # the comparison build did keep them
    folder = tmp_path / "one-off"
    one_off = build_site(folder, cache_dir=str(tmp_path / "one-off-cache"), cache=False)
    assert site_files(one_off) == kept
    assert not (tmp_path / "one-off-cache").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["mkdocs.yml", "site"]


@pytest.mark.parametrize(("value", "keeps"), [(None, True), ("true", True), ("false", False)])
def test_the_projects_config_reads_the_cache_switch_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, value: str | None, keeps: bool
) -> None:
    """The publish workflow sets KATALOG_CACHE=false; `make build` elsewhere keeps caches."""
    from generator.configfile import load_settings

    from .conftest import ROOT

    if value is None:
        monkeypatch.delenv("KATALOG_CACHE", raising=False)
    else:
        monkeypatch.setenv("KATALOG_CACHE", value)
    assert (load_settings(ROOT / "mkdocs.yml").cache_dir is not None) == keeps
