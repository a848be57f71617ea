"""`katalog import`: a full export back into entry files, validated, sourced, never overwriting
a local change silently. The catalogues here are synthetic ([SINTETIS])."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.entries.catalogue import load_catalogue
from generator.entries.importing import SOURCE_LINK_TITLE
from generator.model import Entry, Link
from generator.opendata.exports import build_full_json_gz
from generator.settings import SiteSettings

from .conftest import CATALOGUE

FIXTURE = CATALOGUE / "site"
SITE_URL = "https://sumber.example/"


def content_folder(root: Path) -> Path:
    """An empty catalogue with the fixture's vocabularies."""
    content = root / "content"
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    (content / "innovations").mkdir()
    return content


def export_of(content: Path, path: Path) -> Path:
    catalogue = load_catalogue(content)
    assert catalogue.errors == ()
    path.write_bytes(build_full_json_gz(catalogue, SiteSettings(site_url=SITE_URL)))
    return path


def import_into(content: Path, source: Path, province: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main, ["import", str(source), "--province", province, "--content", str(content)]
    )
    return result.exit_code, result.output


def comparable(entry: Entry) -> Entry:
    """An entry without what depends on where its file is, or on the import's own source link."""
    links = tuple(link for link in entry.links if link.title != SOURCE_LINK_TITLE)
    return dataclasses.replace(entry, source_path="", body_line=0, key_lines=(), links=links)


texts = (
    st.text(
        # Letters, digits and plain punctuation in any script: text the validator accepts whatever
        # it refuses for safety (markup, control characters).
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs"))
        | st.sampled_from(".,-()'"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(lambda t: len(t) >= 3)
)
entries = st.fixed_dictionaries(
    {
        "title": texts.map(lambda t: f"[SINTETIS] {t}"),
        "summary": texts.map(lambda t: f"Data uji sintetis untuk impor: {t}"),
        "agency": st.fixed_dictionaries(
            {"name": texts.map(lambda t: f"Dinas {t}"), "type": st.just("pemerintah-kota")}
        ),
        "sectors": st.lists(
            st.sampled_from(["kesehatan", "perizinan", "pendidikan"]), min_size=1, max_size=3,
            unique=True,
        ),
        "sdgs": st.lists(st.integers(1, 17), min_size=1, max_size=3, unique=True),
    },
    optional={
        "regency": st.sampled_from(["32.75", "32.73", "32.01"]),
        "launched": st.integers(1995, 2024),
        "status": st.sampled_from(["aktif", "berhenti"]),
        "tags": st.lists(
            st.sampled_from(["digital", "antrean", "desa"]), min_size=1, max_size=3, unique=True
        ),
        "links": st.lists(
            st.fixed_dictionaries(
                {"title": texts, "url": st.sampled_from(["https://a.example/", "https://b.example/x"])}
            ),
            min_size=1,
            max_size=2,
            unique_by=lambda link: link["url"],
        ),
        "updated": st.dates(dt.date(2015, 1, 1), dt.date(2024, 12, 31)).map(str),
    },
)  # fmt: skip
bodies = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.just("\n"),
    max_size=80,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(entries, bodies), min_size=1, max_size=4))
def test_export_then_import_reproduces_the_same_entries(items: list[tuple[dict, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = content_folder(root / "source")
        for number, (front, body) in enumerate(items):
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
            path = source / f"innovations/jawa-barat/entri-{number}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        exported = load_catalogue(source)
        assert exported.errors == (), exported.errors  # the strategy writes valid entries only
        target = content_folder(root / "target")
        code, output = import_into(target, export_of(source, root / "export.json.gz"), "jawa-barat")
        assert code == 0, output
        imported = load_catalogue(target)
        assert imported.errors == ()
        assert [comparable(e) for e in imported.entries] == [
            comparable(e) for e in exported.entries
        ]
        for entry in imported.entries:  # each keeps its source
            assert Link(SOURCE_LINK_TITLE, f"{SITE_URL}inovasi/{entry.id}/") in entry.links
        # A second import of the same export finds nothing to do.
        code, output = import_into(target, root / "export.json.gz", "jawa-barat")
        assert code == 0 and f"0 ditambahkan, 0 diubah, {len(items)} dilewati" in output


def test_import_reports_added_changed_skipped_and_conflicts(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    export = export_of(source, tmp_path / "katalog-lengkap.json.gz")
    target = content_folder(tmp_path / "target")
    code, output = import_into(target, export, "jawa-barat")
    assert code == 0, output
    count = len(list((source / "innovations/jawa-barat").glob("*.md")))
    assert f"{count} ditambahkan, 0 diubah, 0 dilewati, 0 konflik, 0 error" in output
    assert not (target / "innovations/jawa-tengah").exists()  # only the asked province

    # Upstream edits two entries; here, one of them was edited too.
    for name in ("cek-izin-usaha", "antrean-puskesmas-daring"):
        path = source / f"innovations/jawa-barat/{name}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nDiperbarui di sumber.\n")
    local = target / "innovations/jawa-barat/cek-izin-usaha.md"
    local.write_text(local.read_text(encoding="utf-8") + "\nDisunting di sini.\n")
    local_text = local.read_text(encoding="utf-8")
    export = export_of(source, tmp_path / "katalog-lengkap.json.gz")
    code, output = import_into(target, export, "jawa-barat")
    assert code == 1
    assert f"0 ditambahkan, 1 diubah, {count - 2} dilewati, 1 konflik, 0 error" in output
    assert "cek-izin-usaha.md: konflik: diubah di sini sejak impor terakhir" in output
    assert local.read_text(encoding="utf-8") == local_text  # never overwritten silently
    changed = target / "innovations/jawa-barat/antrean-puskesmas-daring.md"
    assert "Diperbarui di sumber." in changed.read_text(encoding="utf-8")

    # A file the import never wrote (written by hand before any import) is not overwritten either.
    record = target.parent / "hubs/jawa-barat/imports.json"  # a hub-owned path
    record.unlink()
    code, output = import_into(target, export, "jawa-barat")
    assert code == 1
    assert "cek-izin-usaha.md: konflik: sudah ada di sini dan tidak ditulis" in output
    assert local.read_text(encoding="utf-8") == local_text


def test_import_refuses_an_entry_the_vocabulary_lacks(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    export = export_of(source, tmp_path / "export.json.gz")
    document = json.loads(gzip.decompress(export.read_bytes()))
    document["entries"][0]["sectors"] = [{"slug": "tak-dikenal", "name": "X", "name_en": "X"}]
    province = document["entries"][0]["province"]["slug"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    target = content_folder(tmp_path / "target")
    code, output = import_into(target, broken, province)
    assert code == 1
    assert "error: sectors[0]:" in output and "tak-dikenal" in output
    assert not (target / f"innovations/{document['entries'][0]['id']}.md").exists()


def test_import_of_something_that_is_not_an_export(tmp_path: Path) -> None:
    target = content_folder(tmp_path / "target")
    junk = tmp_path / "junk.json"
    junk.write_text('{"halo": 1}', encoding="utf-8")
    code, output = import_into(target, junk, "bali")
    assert code == 1 and "bukan ekspor katalog" in output
    code, output = import_into(target, tmp_path / "absent.json.gz", "bali")
    assert code == 1 and "tidak dapat dibaca" in output


def test_import_writes_into_the_repository_content_folder_by_default(
    tmp_path: Path, monkeypatch: Any
) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    export = export_of(source, tmp_path / "katalog-lengkap.json.gz")
    content_folder(tmp_path / "target")
    monkeypatch.chdir(tmp_path / "target")  # a repository: run from its root, as the guide does
    result = CliRunner().invoke(main, ["import", str(export), "--province", "jawa-barat"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in Path("content/innovations/jawa-barat").glob("*.md"))
    assert written == sorted(p.name for p in (source / "innovations/jawa-barat").glob("*.md"))


def test_import_refuses_an_export_that_cannot_name_its_source(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(FIXTURE, source, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    unpublished = tmp_path / "katalog-lengkap.json.gz"  # built without site_url, read from disk
    unpublished.write_bytes(build_full_json_gz(load_catalogue(source), SiteSettings()))
    target = content_folder(tmp_path / "target")
    code, output = import_into(target, unpublished, "jawa-barat")
    assert code == 1
    assert "tidak menyebut alamat situsnya (meta.site_url)" in output
    assert list((target / "innovations").iterdir()) == []  # nothing written, no record either
    assert not (target.parent / "hubs").exists()
