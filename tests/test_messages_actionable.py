"""Messages a civil servant can act on: the nearest valid name first, tabs named as tabs, quoted
years blamed on the quotes, empty sections flagged, and the file's other problems kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.entries.catalogue import load_catalogue
from generator.entries.messages import format_problem, render_message
from generator.entries.validation import suggest
from tests.conftest import CATALOGUE

ENTRY = """---
title: "Contoh Entri Uji"
summary: "Contoh data uji: satu cacat per berkas untuk menguji pesan validator."
agency:
  name: "Dinas Contoh (data uji)"
  type: pemerintah-kota
sectors: [kesehatan]
sdgs: [3]
---

## Latar Belakang

Teks uji.

## Inovasi

Teks uji.

## Dampak

Teks uji.

## Keberlanjutan

Teks uji.

## Replikasi

Teks uji.
"""


def _problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> list[str]:
    content = tmp_path / "content"
    (content / "taxonomies").mkdir(parents=True)
    for name in ("sectors.yml", "awards.yml"):
        (content / "taxonomies" / name).write_bytes(
            (CATALOGUE / "valid/taxonomies" / name).read_bytes()
        )
    path = content / "innovations" / "jawa-barat" / "contoh-entri.md"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    problems = load_catalogue(Path("content")).problems
    return [format_problem(p)[len(p.path) + 1 :] for p in problems]


def test_suggest_prefers_aliases_then_case_then_difflib():
    keys = ["title", "summary", "sectors", "launched"]
    assert suggest("ringkasan", keys) == "summary"
    assert suggest("Title", keys) == "title"
    assert suggest("sumary", keys) == "summary"
    assert suggest("xyz", keys) == ""


def test_a_typod_key_gets_the_nearest_key_first(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace("sectors: [kesehatan]", "sektors: [kesehatan]")
    problems = _problems(tmp_path, monkeypatch, text)
    assert (
        "7: error: sektors: kunci 'sektors' tidak dikenal; mungkin maksudnya 'sectors'? "
        "kunci yang sah: title, summary," in " ".join(problems)
    )
    # the missing required key says what line to add
    assert "7: error: sectors: kunci wajib belum diisi; tambahkan baris 'sectors: ...'" in (
        " ".join(problems).replace("2: error: sectors", "7: error: sectors")
    )


def test_an_indonesian_key_name_suggests_the_format_key(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace("summary:", "ringkasan:")
    problems = _problems(tmp_path, monkeypatch, text)
    assert any(
        "kunci 'ringkasan' tidak dikenal; mungkin maksudnya 'summary'?" in p for p in problems
    )


def test_a_typod_sector_gets_the_nearest_sector_first(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    problems = _problems(
        tmp_path, monkeypatch, ENTRY.replace("[kesehatan]", "[Kesehatan, pendidkan]")
    )
    assert problems[0].startswith(
        "7: error: sectors[0]: nilai 'Kesehatan' tidak dikenal; mungkin maksudnya 'kesehatan'? "
        "nilai yang sah: "
    )
    assert problems[1].startswith(
        "7: error: sectors[1]: nilai 'pendidkan' tidak dikenal; mungkin maksudnya 'pendidikan'?"
    )


def test_an_sdg_target_under_a_mistyped_goal_suggests_the_listed_goal(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace("sdgs: [3]", 'sdgs: [3, 16]\nsdg_targets: ["13.8", "16.10"]')
    (problem,) = _problems(tmp_path, monkeypatch, text)
    assert problem == (
        "9: error: sdg_targets[0]: target '13.8' milik tujuan 13, yang tidak tercantum di sdgs; "
        "mungkin maksudnya '3.8'? bila target ini memang benar, tambahkan 13 ke sdgs"
    )


def test_no_suggestion_when_nothing_is_close(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    (problem,) = _problems(tmp_path, monkeypatch, ENTRY.replace("[kesehatan]", "[antariksa]"))
    assert "mungkin" not in problem and "nilai yang sah: pendidikan, kesehatan" in problem


def test_a_tab_is_named_with_its_line_and_the_other_problems_still_reported(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace('  name: "Dinas', '\tname: "Dinas').replace("sdgs: [3]", "sdgs: [30]")
    text = text.replace("  type: pemerintah-kota", "\ttype: dinas")
    assert _problems(tmp_path, monkeypatch, text) == [
        "5: error: front-matter: baris ini memakai tab; YAML hanya menerima spasi untuk "
        "indentasi: ganti tab dengan spasi (mis. dua spasi)",
        "6: error: agency.type: nilai 'dinas' tidak dikenal; nilai yang sah: kementerian, "
        "lembaga, pemerintah-provinsi, pemerintah-kabupaten, pemerintah-kota, bumn, bumd, "
        "rumah-sakit, perguruan-tinggi, lainnya",
        "6: error: front-matter: baris ini memakai tab; YAML hanya menerima spasi untuk "
        "indentasi: ganti tab dengan spasi (mis. dua spasi)",
        "8: error: sdgs[0]: nilai 30 di luar rentang; tulis angka 1-17",
    ]


def test_a_tab_inside_quotes_is_no_problem(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace('name: "Dinas Contoh', 'name: "Dinas\tContoh')
    assert _problems(tmp_path, monkeypatch, text) == []


def test_a_quoted_year_blames_the_quotes(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace("sdgs: [3]", 'sdgs: ["3"]\nlaunched: "2019"')
    assert _problems(tmp_path, monkeypatch, text) == [
        '8: error: sdgs[0]: angka ditulis dengan tanda kutip ("3"), jadi dibaca sebagai teks; '
        "hapus tanda kutipnya: 3",
        '9: error: launched: tahun ditulis dengan tanda kutip ("2019"), jadi dibaca sebagai '
        "teks; hapus tanda kutipnya: 2019",
    ]


def test_an_empty_section_is_a_warning_with_its_heading_line(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    text = ENTRY.replace("## Dampak\n\nTeks uji.", "## Dampak\n\n<!-- nanti -->\n").replace(
        "## Replikasi\n\nTeks uji.\n", "## Replikasi\n"
    )
    text = text.replace("## Inovasi\n\nTeks uji.", "## Inovasi\n\n### Rincian\n\nAda isinya.")
    assert _problems(tmp_path, monkeypatch, text) == [
        "21: warning: body: bagian '## Dampak' masih kosong; tulis isinya (hanya fakta yang "
        "bersumber) atau hapus judulnya",
        "30: warning: body: bagian '## Replikasi' masih kosong; tulis isinya (hanya fakta yang "
        "bersumber) atau hapus judulnya",
    ]


def test_an_untouched_scaffold_fails_strict(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    (tmp_path / "content" / "taxonomies").mkdir(parents=True)
    for name in ("sectors.yml", "awards.yml"):
        (tmp_path / "content" / "taxonomies" / name).write_bytes(
            (CATALOGUE / "valid/taxonomies" / name).read_bytes()
        )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    made = runner.invoke(
        main,
        ["new", "--no-input", "--province", "jawa-barat", "--slug", "contoh-baru",
         "--title", "Contoh Baru", "--summary", "Ringkasan contoh yang cukup panjang untuk uji.",
         "--agency-name", "Dinas Contoh", "--agency-type", "pemerintah-kota",
         "--sector", "kesehatan", "--sdg", "3"],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert runner.invoke(main, ["validate", "content"]).exit_code == 0
    strict = runner.invoke(main, ["validate", "content", "--strict"])
    assert strict.exit_code == 1
    assert strict.output.count("masih kosong") == 5


def test_english_suggestions():  # the same problem in English
    from generator.model import Problem

    problem = Problem(
        "a.md",
        3,
        "stage",
        "unknown-value",
        (("found", "uji"), ("suggestion", "uji-coba"), ("allowed", "inisiatif, uji-coba")),
    )
    assert render_message(problem, "en") == (
        "unknown value 'uji'; did you mean 'uji-coba'? valid values: inisiatif, uji-coba"
    )
