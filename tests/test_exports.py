"""Exports: deterministic bytes, every field in the JSON, spreadsheet-safe CSV, a valid feed."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import gzip
import io
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.entries.catalogue import Catalogue, load_catalogue
from generator.model import (
    Agency,
    Award,
    Contact,
    Entry,
    Link,
    Replication,
    Translation,
    pack_body,
)
from generator.opendata.exports import (
    CSV_COLUMNS,
    FORMULA_STARTS,
    REPLICATION_COLUMNS,
    STREAMS_BY_PATH,
    build_export_files,
    safe_cell,
)
from generator.opendata.feed import FEED_SIZE
from generator.opendata.form import PATTERNS_BY_NAME, form_vocabulary, new_file_url
from generator.settings import SiteSettings

from .conftest import CATALOGUE

FIXTURE = CATALOGUE / "exports"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "jawa-barat/judul-berbahaya"
FULL = "jawa-barat/layanan-uji-lengkap"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    loaded = load_catalogue(FIXTURE, this_year=2026)
    assert loaded.problems == ()
    return loaded


def files(catalogue: Catalogue, settings: SiteSettings | None = None) -> dict[str, bytes]:
    return {f.path: f.content for f in build_export_files(catalogue, settings or SiteSettings())}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("entry_json", [True, False])
def test_paths_are_sorted_and_complete(catalogue: Catalogue, entry_json: bool) -> None:
    paths = [f.path for f in build_export_files(catalogue, SiteSettings(entry_json=entry_json))]
    assert paths == sorted(paths)
    fixed = {
        "data/katalog.json",
        "data/katalog-lengkap.json.gz",
        "data/katalog.csv",
        "data/katalog.csv.gz",
        "data/replikasi.csv",
        "data/katalog.schema.json",
        "data/datapackage.json",
        "data/dcat.jsonld",
        "feed.xml",
        "kontribusi/vocab.json",
        "assets/kontribusi/form.js",
        "assets/kontribusi/form.css",
    }
    # one file an entry only where asked for (entry_json): at 100,000 entries it is too many
    per_entry = {f"inovasi/{e.id}/index.json" for e in catalogue.entries if entry_json}
    feeds = {f"provinsi/{slug}/feed.xml" for slug in catalogue.vocab.provinces}
    feeds |= {f"sektor/{slug}/feed.xml" for slug in catalogue.vocab.sectors}
    feeds |= {f"sdg/{n}/feed.xml" for n in catalogue.vocab.goals}
    # no CSV a province: its rows would only copy katalog.csv's (docs/data.md)
    assert set(paths) == fixed | per_entry | feeds


def test_same_input_same_bytes_whatever_the_order_or_folder(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = files(catalogue)
    reordered = dataclasses.replace(catalogue, entries=tuple(reversed(catalogue.entries)))
    assert files(reordered) == first
    monkeypatch.chdir(tmp_path)  # reported paths depend on the working folder; exports must not
    assert files(load_catalogue(FIXTURE.absolute(), this_year=2026)) == first


def entry_from_record(record: dict[str, Any], original: Entry) -> Entry:
    """Rebuild the model from the JSON alone (bookkeeping fields aside) to prove nothing is lost."""
    contact = record["contact"]
    english = record["translations"].get("en")
    return Entry(
        id=record["id"],
        province=record["province"]["slug"],
        slug=record["slug"],
        source_path=original.source_path,
        title=record["title"],
        summary=record["summary"],
        agency=Agency(record["agency"]["name"], record["agency"]["type"]),
        sectors=tuple(s["slug"] for s in record["sectors"]),
        sdgs=tuple(g["number"] for g in record["sdgs"]),
        packed_body=pack_body(record["body"]),
        body_line=original.body_line,
        regency=record["regency"]["code"] if record["regency"] else None,
        sdg_targets=tuple(record["sdg_targets"]),
        launched=record["launched"],
        stage=record["stage"],
        status=record["status"],
        awards=tuple(
            Award(a["program"], a["year"], a["level"], a["decree"]) for a in record["awards"]
        ),
        replicates=record["replicates"]["id"] if record["replicates"] else None,
        replications=tuple(
            Replication(
                r["agency"],
                r["province"]["slug"],
                r["year"],
                r["regency"]["code"] if r["regency"] else None,
                r["status"],
                r["note"],
            )
            for r in record["replications"]
        ),
        legal_basis=tuple(record["legal_basis"]),
        links=tuple(Link(link["title"], link["url"]) for link in record["links"]),
        contact=Contact(contact["unit"], contact["email"], contact["phone"]) if contact else None,
        tags=tuple(record["tags"]),
        updated=dt.date.fromisoformat(record["updated"]) if record["updated"] else None,
        translation_en=Translation(english["title"], english["summary"]) if english else None,
        redirect_from=tuple(record["redirect_from"]),
    )


def test_light_json_is_the_full_one_without_bodies(catalogue: Catalogue) -> None:
    light = json.loads(files(catalogue)["data/katalog.json"])
    full = json.loads(gzip.decompress(files(catalogue)["data/katalog-lengkap.json.gz"]))
    assert light["meta"] == full["meta"]
    for light_record, full_record in zip(light["entries"], full["entries"], strict=True):
        assert "body" not in light_record
        assert light_record == {k: v for k, v in full_record.items() if k != "body"}


def test_exports_without_bodies_never_inflate_one(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bodies are held packed; the light JSON and the CSV files have no body column, so a
    build must not inflate 100,000 bodies to drop them (and they stay the same bytes)."""
    before = files(catalogue)
    paths = ("data/katalog.json", "data/katalog.csv", "data/katalog.csv.gz")

    def refuse(_: Entry) -> str:
        raise AssertionError("a body was inflated")

    monkeypatch.setattr(Entry, "body", property(refuse))
    for path in paths:
        assert b"".join(STREAMS_BY_PATH[path](catalogue, SiteSettings())) == before[path]
    with pytest.raises(AssertionError, match="inflated"):
        b"".join(STREAMS_BY_PATH["data/katalog-lengkap.json.gz"](catalogue, SiteSettings()))


def test_json_round_trips_every_field(catalogue: Catalogue) -> None:
    data = json.loads(gzip.decompress(files(catalogue)["data/katalog-lengkap.json.gz"]))
    assert [r["id"] for r in data["entries"]] == [e.id for e in catalogue.entries]
    for record, entry in zip(data["entries"], catalogue.entries, strict=True):
        assert entry_from_record(record, entry) == entry
    # the fixture must exercise every field, or the round trip proves little
    full = catalogue.by_id[FULL]
    defaults = Entry(
        "x/y", "x", "y", "", "", "", Agency("", ""), (), (), pack_body(""), 1, stage="", status=""
    )
    skipped = {"id", "province", "slug", "source_path", "body_line", "key_lines", "replicates"}
    for field in dataclasses.fields(Entry):
        if field.name not in skipped:
            assert getattr(full, field.name) != getattr(defaults, field.name), field.name
    assert catalogue.by_id["kalimantan-barat/replikasi-uji"].replicates == FULL


def test_json_resolves_names_and_urls(catalogue: Catalogue) -> None:
    data = json.loads(files(catalogue)["data/katalog.json"])
    meta = data["meta"]
    assert meta["count"] == 4
    assert meta["schema_version"] == 1
    assert meta["updated"] == "2026-11-01"  # derived from the entries, not the clock
    assert meta["licence"]["content"]["name"] == "CC BY 4.0"
    assert meta["licence"]["area_data"]["note"] == "Memuat informasi dari idn-area-data (ODbL)"
    full = next(r for r in data["entries"] if r["id"] == FULL)
    assert full["url"] == "inovasi/jawa-barat/layanan-uji-lengkap/"
    # the repository path of the file (the fixture lives in tests/catalogue/exports/)
    assert full["source"] == "tests/catalogue/exports/innovations/jawa-barat/layanan-uji-lengkap.md"
    assert full["province"] == {"slug": "jawa-barat", "name": "Jawa Barat", "code": "32"}
    assert full["regency"] == {"code": "32.75", "name": "Kota Bekasi"}
    assert full["sectors"][0]["name"] == "Administrasi Kependudukan"
    assert full["sdgs"][0]["number"] == 16 and full["sdgs"][0]["name"].startswith("Perdamaian")
    assert full["awards"][0]["program_name"].startswith("Kompetisi Inovasi Pelayanan Publik")
    assert full["awards"][0]["level_name"] == "Top 99"
    assert full["replications"][0]["regency"] == {"code": "61.01", "name": "Kabupaten Sambas"}
    assert full["replicated_by"] == ["kalimantan-barat/replikasi-uji"]
    copy = next(r for r in data["entries"] if r["id"] == "kalimantan-barat/replikasi-uji")
    assert copy["replicates"]["title"] == "Layanan Uji Lengkap (data uji)"
    assert copy["replicates"]["url"] == "inovasi/jawa-barat/layanan-uji-lengkap/"


def test_csv_is_excel_friendly(catalogue: Catalogue) -> None:
    data = files(catalogue)["data/katalog.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.count("\r\n") == text.count("\n") == 5  # header + 4 rows, every line CRLF
    rows = csv_rows(data)
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["id"] for r in rows] == [e.id for e in catalogue.entries]
    full = next(r for r in rows if r["id"] == FULL)
    assert full["sectors"] == "administrasi-kependudukan; tata-kelola"
    assert full["sdgs"] == "16; 10"
    assert full["awards"] == "kipp 2021 top-99; unpsa 2022 finalis"
    assert full["regency_name"] == "Kota Bekasi"
    assert full["replications"] == "2"
    assert full["replicated_by"] == "kalimantan-barat/replikasi-uji"
    assert full["title_en"] == "Complete Test Service (test data)"


def test_unstated_stage_and_status_stay_empty(catalogue: Catalogue) -> None:
    """No default stands in for a fact the file does not state: null in JSON, empty in CSV."""
    built = files(catalogue)
    unstated = "nasional/layanan-uji-nasional"
    record = next(
        r for r in json.loads(built["data/katalog.json"])["entries"] if r["id"] == unstated
    )
    assert (record["stage"], record["status"]) == (None, None)
    row = next(r for r in csv_rows(built["data/katalog.csv"]) if r["id"] == unstated)
    assert (row["stage"], row["status"]) == ("", "")
    full = next(r for r in csv_rows(built["data/katalog.csv"]) if r["id"] == FULL)
    assert (full["stage"], full["status"]) == ("uji-coba", "aktif")


def test_csv_neutralises_formulas(catalogue: Catalogue) -> None:
    out = files(catalogue)
    for path in ("data/katalog.csv", "data/replikasi.csv"):
        for row in csv_rows(out[path]):
            for cell in row.values():
                assert cell[:1] not in FORMULA_STARTS, (path, cell)
    hostile = next(r for r in csv_rows(out["data/katalog.csv"]) if r["id"] == HOSTILE)
    assert hostile["title"].startswith("'=HYPERLINK(")
    assert hostile["summary"].startswith("'@SUM(1+1)")
    assert hostile["agency_name"] == "'+Badan Uji Berbahaya"
    assert hostile["contact_phone"] == ""
    full = next(r for r in csv_rows(out["data/katalog.csv"]) if r["id"] == FULL)
    assert full["contact_phone"] == "'+62 21 5550 100"
    assert [safe_cell(v) for v in ("-1", "\tx", "\rx", "a=b", None, ["=a", "b"])] == [
        "'-1",
        "'\tx",
        "'\rx",
        "a=b",
        "",
        "'=a; b",
    ]


def test_replications_csv_lists_both_kinds(catalogue: Catalogue) -> None:
    rows = csv_rows(files(catalogue)["data/replikasi.csv"])
    assert list(rows[0]) == list(REPLICATION_COLUMNS)
    assert [(r["origin_id"], r["kind"], r["adopter"], r["province"]) for r in rows] == [
        (FULL, "adopter", "Pemerintah Kabupaten Uji", "kalimantan-barat"),
        (FULL, "adopter", "Pemerintah Kota Uji Lain", "jawa-tengah"),
        (FULL, "entry", "Pemerintah Kabupaten Sambas (uji)", "kalimantan-barat"),
    ]
    adopter, _, entry = rows
    assert adopter["regency"] == "61.01" and adopter["regency_name"] == "Kabupaten Sambas"
    assert adopter["year"] == "2022" and adopter["status"] == "berjalan"
    assert adopter["note"] == "Catatan uji; bukan fakta"
    assert entry["adopter_id"] == "kalimantan-barat/replikasi-uji"
    assert entry["year"] == "2022" and entry["status"] == "berhenti"
    assert entry["origin_title"] == "Layanan Uji Lengkap (data uji)"


def parse_feed(data: bytes) -> ET.Element:
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    return root


def test_feed_without_site_url_uses_tag_ids_and_relative_links(catalogue: Catalogue) -> None:
    root = parse_feed(files(catalogue)["feed.xml"])
    assert root.findtext(f"{ATOM}id", "").startswith("tag:")
    assert root.findtext(f"{ATOM}updated") == "2026-11-01T00:00:00Z"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id", "") for e in entries]
    assert all(re.fullmatch(r"tag:[a-z0-9.-]+,\d{4}:\S+", i) for i in ids)
    links = [e.find(f"{ATOM}link").get("href") for e in entries]  # type: ignore[union-attr]
    # newest `updated` first, ties by id, entries without a date last
    assert links == [
        "inovasi/kalimantan-barat/replikasi-uji/",
        "inovasi/jawa-barat/judul-berbahaya/",
        "inovasi/jawa-barat/layanan-uji-lengkap/",
        "inovasi/nasional/layanan-uji-nasional/",
    ]
    assert entries[-1].findtext(f"{ATOM}updated") == "1990-01-01T00:00:00Z"
    for entry in entries:
        for tag in ("title", "updated", "summary", "author"):
            assert entry.find(f"{ATOM}{tag}") is not None


def test_feed_with_site_url_is_absolute(catalogue: Catalogue) -> None:
    settings = SiteSettings(site_url="https://katalog.example.org/sub")
    root = parse_feed(files(catalogue, settings)["feed.xml"])
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None
    assert self_link.get("href") == "https://katalog.example.org/sub/feed.xml"
    relative = parse_feed(files(catalogue)["feed.xml"])
    pairs = zip(root.findall(f"{ATOM}entry"), relative.findall(f"{ATOM}entry"), strict=True)
    for entry, same in pairs:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("href", "").startswith("https://katalog.example.org/sub/inovasi/")
        # ids never change, so a reader does not see every entry again when the site moves
        assert entry.findtext(f"{ATOM}id") == same.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}id") == relative.findtext(f"{ATOM}id")


def test_feed_escapes_hostile_text(catalogue: Catalogue) -> None:
    data = files(catalogue)["feed.xml"]
    assert b"<script>" not in data
    root = parse_feed(data)
    hostile = catalogue.by_id[HOSTILE]
    entry = next(e for e in root.findall(f"{ATOM}entry") if HOSTILE in e.findtext(f"{ATOM}id", ""))
    assert entry.findtext(f"{ATOM}title") == hostile.title
    assert entry.findtext(f"{ATOM}summary") == hostile.summary
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "+Badan Uji Berbahaya"


def test_feed_drops_characters_xml_forbids_and_keeps_fifty(catalogue: Catalogue) -> None:
    base = catalogue.by_id[FULL]
    many = tuple(
        dataclasses.replace(
            base,
            id=f"jawa-barat/uji-{n:03d}",
            slug=f"uji-{n:03d}",
            title=f"Uji\x01\x0b {n}",
            updated=dt.date(2020, 1, 1) + dt.timedelta(days=n),
        )
        for n in range(FEED_SIZE + 10)
    )
    big = dataclasses.replace(catalogue, entries=many, by_id={e.id: e for e in many})
    entries = parse_feed(files(big)["feed.xml"]).findall(f"{ATOM}entry")
    assert len(entries) == FEED_SIZE
    assert entries[0].findtext(f"{ATOM}title") == f"Uji {FEED_SIZE + 9}"


def test_form_vocabulary_carries_every_list(catalogue: Catalogue) -> None:
    vocab = json.loads(files(catalogue)["kontribusi/vocab.json"])
    assert vocab == form_vocabulary(catalogue, SiteSettings()) | {
        "limits": {k: list(v) if isinstance(v, tuple) else v for k, v in vocab["limits"].items()}
    }
    assert len(vocab["provinces"]) == len(catalogue.vocab.provinces)
    assert sum(len(r) for r in vocab["regencies"].values()) == len(catalogue.vocab.regencies)
    assert ["32.75", "Kota Bekasi"] in vocab["regencies"]["jawa-barat"]
    assert vocab["regencies"]["nasional"] == []
    assert [g["number"] for g in vocab["goals"]] == list(range(1, 18))
    assert {a["slug"] for a in vocab["awards"]} >= {"kipp", "iga", "unpsa"}
    assert len(vocab["agency_types"]) == 10
    assert vocab["new_file_url"] == ""
    for name, pattern in vocab["patterns"].items():
        assert re.compile(pattern).pattern == PATTERNS_BY_NAME[name].pattern


def test_new_file_url_from_edit_url() -> None:
    github = SiteSettings(repo_edit_url="https://github.com/org/katalog/edit/main/")
    assert new_file_url(github) == "https://github.com/org/katalog/new/main/content/innovations/"
    gitlab = SiteSettings(repo_edit_url="https://gitlab.com/org/katalog/-/edit/main")
    assert new_file_url(gitlab) == "https://gitlab.com/org/katalog/-/new/main/content/innovations/"
    assert new_file_url(SiteSettings(repo_edit_url="https://example.org/")) == ""
    assert new_file_url(SiteSettings()) == ""


def test_cli_export_writes_the_files(tmp_path: Path, catalogue: Catalogue) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main, ["export", "--content", str(FIXTURE), "--out", str(tmp_path), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    assert set(written) == {"data/katalog.csv", "data/katalog.csv.gz", "data/replikasi.csv"}
    result = runner.invoke(main, ["export", "--content", str(FIXTURE), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "feed.xml").is_file() and (tmp_path / "kontribusi" / "vocab.json").is_file()
    assert (tmp_path / "assets" / "kontribusi" / "form.js").is_file()


def test_cli_export_refuses_a_catalogue_with_errors(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", "--content", str(CATALOGUE / "invalid"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("per_range", [1, 2, 32])
def test_result_rows_index_points_at_katalog_csv_gz_members_in_search_order(
    catalogue: Catalogue, per_range: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """cari/baris.json: member i of katalog.csv.gz holds rows i*rows.. of katalog.csv, each
    member inflates on its own, and row n is document n of the search index, so "Unduh hasil
    (CSV)" needs no copy of the rows."""
    from generator.opendata import exports
    from generator.search.index import build_index_files

    monkeypatch.setattr(exports, "ROWS_PER_RANGE", per_range)
    whole = files(catalogue)["data/katalog.csv"]
    packed = exports.build_csv_gz(catalogue, SiteSettings())
    assert gzip.decompress(packed) == whole  # gunzip gives katalog.csv byte for byte
    index = json.loads(exports.build_result_rows_index(catalogue, SiteSettings()))
    assert index["csv"] == "../data/katalog.csv.gz" and index["rows"] == per_range
    offsets = index["offsets"]
    header = gzip.decompress(packed[: offsets[0]])
    assert header.decode("utf-8") == "\ufeff" + index["header"]
    assert offsets[-1] == len(packed)
    rows = []
    for start, end in itertools.pairwise(offsets):
        member = gzip.decompress(packed[start:end])
        assert len(csv_rows(header + member)) <= per_range
        rows += csv_rows(header + member)
    assert rows == csv_rows(whole)
    assert len(offsets) - 1 == -(-len(catalogue.entries) // per_range)
    search = {f.path: f.content for f in build_index_files(catalogue, SiteSettings())}
    docs = [d[0] for n in range(len(search)) if (p := f"search/docs/{n}.json.gz") in search
            for d in json.loads(gzip.decompress(search[p]))]  # fmt: skip
    assert [row["id"] for row in rows] == docs


def test_csv_bytes_do_not_depend_on_the_piece_size(catalogue: Catalogue) -> None:
    from generator.opendata.exports import CSV_COLUMNS, csv_chunks

    table = [[f"={n}", f"baris\r\n{n}", '"kutip"'] for n in range(7)]
    header = list(CSV_COLUMNS)[:3]
    pieces = {b"".join(csv_chunks(header, table, per_piece)) for per_piece in (1, 3, 256)}
    assert len(pieces) == 1
