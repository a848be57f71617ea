"""A no-change `mkdocs build` keeps the last build's files and catalogue: it equals a clean build
byte for byte, and an edit to an entry, a vocabulary, the reference data, a setting or the theme's
chrome invalidates what it should (site/keeping.py, entries/snapshot.py)."""

from __future__ import annotations

import gc
import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator import cache as cache_module
from generator.cache import cache_file, read_signed, write_signed
from generator.entries import catalogue as catalogue_module
from generator.entries import snapshot as snapshot_module
from generator.entries.catalogue import load_catalogue
from generator.entries.snapshot import snapshot_file
from generator.site.keeping import PREVIOUS, KeptSite, owned_units, record_file

from .site_fixture import FIXTURE, site_files, write_config

ENTRY = "innovations/jawa-barat/bank-sampah-digital.md"
ENTRY_PAGE = "inovasi/jawa-barat/bank-sampah-digital/index.html"


def _copy_fixture(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    return content


def _build(folder: Path, content: Path, **options: Any) -> Path:
    """`mkdocs build` as the command line runs it (on_startup included), in a new process's
    state: what is kept comes from the cache folder and the site folder only."""
    catalogue_module._FILE_CACHE.clear()
    folder.mkdir(parents=True, exist_ok=True)
    config = load_config(str(write_config(folder, content, **options)), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return folder / "site"


def _clean(tmp_path: Path, content: Path, **options: Any) -> dict[str, bytes]:
    """A clean build of `content`: a folder and cache of its own."""
    folder = tmp_path / "clean"
    shutil.rmtree(folder, ignore_errors=True)
    return site_files(_build(folder, content, **options))


def _edit(content: Path, old: str, new: str, path: str = ENTRY) -> None:
    file = content / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entries each build parsed and validated."""
    seen: list[str] = []
    real = catalogue_module.parse_entry

    def counting(file: Any) -> Any:
        seen.append(file.source)
        return real(file)

    monkeypatch.setattr(catalogue_module, "parse_entry", counting)
    return seen


def test_a_no_change_build_keeps_every_file_and_equals_a_clean_build(
    tmp_path: Path, validated: list[str]
) -> None:
    content = _copy_fixture(tmp_path)
    site = _build(tmp_path / "kept", content)
    page = site / ENTRY_PAGE
    inode = page.stat().st_ino
    validated.clear()
    _build(tmp_path / "kept", content)
    assert validated == []  # the catalogue came from its snapshot
    assert page.stat().st_ino == inode  # moved back, not written again
    assert not (site / PREVIOUS).exists()
    assert site_files(site) == _clean(tmp_path, content)
    # and again: the record survives a build that used it
    _build(tmp_path / "kept", content)
    assert page.stat().st_ino == inode


@pytest.mark.parametrize(
    ("path", "old", "new", "seen"),
    [
        (ENTRY, "Bank Sampah Digital", "Bank Sampah Daring", "Bank Sampah Daring"),
        ("taxonomies/sectors.yml", "Lingkungan Hidup", "Lingkungan Lestari", "Lingkungan Lestari"),
    ],
    ids=["entry", "vocabulary"],
)
def test_an_edited_entry_or_vocabulary_is_rebuilt_as_a_clean_build_would(
    tmp_path: Path, path: str, old: str, new: str, seen: str
) -> None:
    content = _copy_fixture(tmp_path)
    _build(tmp_path / "kept", content)
    _edit(content, old, new, path)
    site = _build(tmp_path / "kept", content)
    assert seen in (site / ENTRY_PAGE).read_text(encoding="utf-8")
    assert site_files(site) == _clean(tmp_path, content)


def test_a_changed_setting_or_theme_chrome_is_rebuilt(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    _build(tmp_path / "kept", content)
    site = _build(tmp_path / "kept", content, page_size=3)
    assert site_files(site) == _clean(tmp_path, content, page_size=3)
    # The footer's copyright is the theme's: only the captured page shells change.
    folder = tmp_path / "kept"
    config = load_config(str(write_config(folder, content)), strict=True)
    config["copyright"] = "Hak cipta uji kedua"
    config.plugins.on_startup(command="build", dirty=False)
    catalogue_module._FILE_CACHE.clear()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    assert "Hak cipta uji kedua" in (site / ENTRY_PAGE).read_text(encoding="utf-8")


def test_a_deleted_entry_leaves_no_page_behind(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    _build(tmp_path / "kept", content)
    (content / "innovations/bali/sekolah-pantai.md").unlink()  # no entry names it
    site = _build(tmp_path / "kept", content)
    assert not (site / "inovasi/bali/sekolah-pantai/index.html").exists()
    assert site_files(site) == _clean(tmp_path, content)


def test_a_broken_entry_is_reported_with_its_line_on_every_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = _copy_fixture(tmp_path)
    _build(tmp_path / "kept", content)
    _edit(content, "sectors: [lingkungan-hidup]", "sectors: [lingkungan-hidupp]")
    reports = []
    for _ in range(2):  # the second load comes from the snapshot
        caplog.clear()
        with caplog.at_level(logging.ERROR), pytest.raises(Abort):
            _build(tmp_path / "kept", content)
        reports.append([r.getMessage() for r in caplog.records if ": error: sectors" in r.message])
    assert reports[0] == reports[1]
    assert len(reports[0]) == 1 and f"{ENTRY}:" in reports[0][0]
    # The failed builds left the last good build in place, and fixing the entry keeps it.
    site = tmp_path / "kept" / "site"
    assert not (site / PREVIOUS).exists()
    inode = (site / ENTRY_PAGE).stat().st_ino
    _edit(content, "sectors: [lingkungan-hidupp]", "sectors: [lingkungan-hidup]")
    _build(tmp_path / "kept", content)
    assert (site / ENTRY_PAGE).stat().st_ino == inode
    assert site_files(site) == _clean(tmp_path, content)


def test_the_snapshot_follows_vocabularies_and_reference_data(
    tmp_path: Path, validated: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _copy_fixture(tmp_path)
    cache = cache_file(tmp_path / "cache", tmp_path)
    first = load_catalogue(content, cache_path=cache, snapshot=True)
    validated.clear()
    assert load_catalogue(content, cache_path=cache, snapshot=True) == first
    assert validated == []
    _edit(content, "Lingkungan Hidup", "Lingkungan Lestari", "taxonomies/sectors.yml")
    catalogue_module._FILE_CACHE.clear()
    edited = load_catalogue(content, cache_path=cache, snapshot=True)
    assert edited.digest != first.digest
    assert "Lingkungan Lestari" in repr(edited.vocab)
    # The reference data lives in the generator's package, which the digest reads file by file.
    package = tmp_path / "generator"
    shutil.copytree(cache_module.GENERATOR_DIR / "data", package / "data")
    monkeypatch.setattr(cache_module, "GENERATOR_DIR", package)
    before = cache_module.generator_digest.__wrapped__()
    with (package / "data" / "regencies.csv").open("a", encoding="utf-8") as handle:
        handle.write("99.01,Kabupaten Uji\n")
    assert cache_module.generator_digest.__wrapped__() != before


def test_a_loaded_snapshot_is_kept_out_of_the_collector(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    cache = cache_file(tmp_path / "cache", tmp_path)
    load_catalogue(content, cache_path=cache, snapshot=True)  # checks the files, saves it
    gc.unfreeze()
    try:
        kept = load_catalogue(content, cache_path=cache, snapshot=True)
        frozen = gc.get_freeze_count()
        # Every record the snapshot made sits in the permanent generation, none in the others.
        assert frozen >= 3 * len(kept.entries)
        young = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
        assert all(gc.is_tracked(e) and id(e) not in young for e in kept.entries)
    finally:
        gc.unfreeze()


def test_a_fresh_load_keeps_the_collector_off_and_a_plain_build_retires_its_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _copy_fixture(tmp_path)
    collecting: list[bool] = []
    real = catalogue_module.validate_entry

    def validate(*args: Any) -> Any:
        collecting.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(catalogue_module, "validate_entry", validate)
    gc.unfreeze()
    try:
        preview = load_catalogue(content, cache_path=cache_file(tmp_path / "a", tmp_path))
        assert collecting and not any(collecting) and gc.isenabled()
        assert gc.get_freeze_count() == 0  # a long-lived preview keeps collecting its objects
        catalogue_module._FILE_CACHE.clear()
        collecting.clear()
        plain = load_catalogue(
            content, cache_path=cache_file(tmp_path / "b", tmp_path), snapshot=True
        )
        assert collecting and not any(collecting) and gc.isenabled()
        assert plain.entries == preview.entries and plain.problems == preview.problems
        young = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
        assert all(gc.is_tracked(e) and id(e) not in young for e in plain.entries)
    finally:
        gc.unfreeze()


def test_a_snapshot_this_machine_did_not_sign_is_never_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    unpickled: list[int] = []
    real = snapshot_module.pickle.loads
    monkeypatch.setattr(
        snapshot_module.pickle, "loads", lambda data: unpickled.append(1) or real(data)
    )
    content = _copy_fixture(tmp_path)
    cache = cache_file(tmp_path / "cache", tmp_path)
    first = load_catalogue(content, cache_path=cache, snapshot=True)
    kept = snapshot_file(cache)
    forged = bytearray(kept.read_bytes())
    forged[-1] ^= 1
    kept.write_bytes(bytes(forged))
    catalogue_module._FILE_CACHE.clear()
    assert load_catalogue(content, cache_path=cache, snapshot=True) == first
    assert unpickled == []  # loaded from the files (and the entry cache) instead
    assert read_signed(kept, "catalogue") is not None  # and saved anew
    assert load_catalogue(content, cache_path=cache, snapshot=True) == first
    assert unpickled == [1]


def test_a_record_naming_paths_outside_the_site_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("a", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("keep", encoding="utf-8")
    kept = KeptSite(site, record_file(tmp_path / "cache", site))
    kept.set_aside()
    for units in (["../secret.txt"], ["/etc"], [".katalog-previous/a"], ["a/../../x"]):
        record = json.dumps({"fingerprint": "f", "units": units}).encode()
        write_signed(kept.record, "kept-site", record)
        assert kept.restore("f") is not None
    assert (tmp_path / "secret.txt").exists()
    write_signed(
        kept.record, "kept-site", json.dumps({"fingerprint": "f", "units": ["a"]}).encode()
    )
    assert kept.restore("g") is not None  # another fingerprint
    assert kept.restore("f") is None
    assert (site / "a" / "index.html").read_text(encoding="utf-8") == "a"


def test_a_file_the_engine_now_writes_where_a_kept_folder_was_means_a_full_write(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    (site / "inovasi" / "x").mkdir(parents=True)
    (site / "inovasi" / "x" / "index.html").write_text("ours", encoding="utf-8")
    kept = KeptSite(site, record_file(tmp_path / "cache", site))
    kept.remember("f", ["inovasi/x/index.html"])
    kept.set_aside()
    (site / "inovasi").mkdir()
    (site / "inovasi" / "index.html").write_text("the engine's", encoding="utf-8")
    assert kept.restore("f") == "the theme now writes files where the last build's were"


def test_owned_units_take_whole_folders_that_hold_only_ours(tmp_path: Path) -> None:
    for path in ("index.html", "inovasi/a/index.html", "inovasi/b/index.html",
                 "provinsi/index.html", "provinsi/bali/index.html", "assets/x.css"):  # fmt: skip
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(path, encoding="utf-8")
    ours = {"inovasi/a/index.html", "inovasi/b/index.html", "provinsi/bali/index.html"}
    assert owned_units(tmp_path, ours) == ["inovasi", "provinsi/bali"]
