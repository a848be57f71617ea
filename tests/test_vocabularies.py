"""The shipped reference data and the content vocabularies: complete, consistent, sourced."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.entries.messages import format_problem
from generator.entries.rules import is_valid_slug
from generator.entries.vocabularies import DATA_DIR, load_reference_data, load_vocabularies

from .conftest import ROOT

PILOT_HUBS = {
    "jawa-timur",
    "sumatera-selatan",
    "sulawesi-selatan",
    "jawa-tengah",
    "sumatera-barat",
    "kepulauan-bangka-belitung",
    "kalimantan-selatan",
    "gorontalo",
    "kalimantan-barat",
    "riau",
    "bali",
    "maluku",
}


def test_provinces_are_the_38_plus_nasional() -> None:
    provinces = load_reference_data().provinces
    assert len(provinces) == 39
    assert provinces["nasional"].code is None
    codes = [p.code for p in provinces.values() if p.slug != "nasional"]
    assert len(set(codes)) == 38
    assert provinces["aceh"].code == "11"
    assert provinces["papua-barat-daya"].code == "96"
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", slug) for slug in provinces)


def test_the_twelve_pilot_hubs_are_recorded() -> None:
    provinces = load_reference_data().provinces
    hubs = {slug for slug, p in provinces.items() if p.hub_jipp is not None}
    assert hubs == PILOT_HUBS
    assert all("94" in provinces[s].hub_jipp.decree for s in hubs)  # type: ignore[union-attr]


def test_regencies_are_514_and_each_lies_in_a_province() -> None:
    reference = load_reference_data()
    assert len(reference.regencies) == 514
    province_codes = {p.code for p in reference.provinces.values()}
    for code, regency in reference.regencies.items():
        assert re.fullmatch(r"\d{2}\.\d{2}", code)
        assert code.startswith(regency.province_code + ".")
        assert regency.province_code in province_codes
    assert reference.regencies["32.75"].name == "Kota Bekasi"


def test_goals_have_names_and_un_colours() -> None:
    goals = load_reference_data().goals
    assert sorted(goals) == list(range(1, 18))
    assert goals[16].name_en.startswith("Peace")
    assert goals[1].colour.upper() == "#E5243B"
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", g.colour) for g in goals.values())


def test_every_data_file_names_its_source() -> None:
    for path in DATA_DIR.iterdir():
        if path.suffix in {".yml", ".csv"}:
            head = path.read_text(encoding="utf-8")[:2000].lower()
            assert "source" in head and "2026" in head, path


def test_content_vocabularies_load_cleanly() -> None:
    vocab, problems = load_vocabularies(ROOT / "content")
    assert problems == []
    assert len(vocab.sectors) >= 20
    assert {"kipp", "iga", "unpsa"} <= set(vocab.awards)
    assert {lvl.slug for lvl in vocab.awards["kipp"].levels} >= {
        "top-99",
        "top-45",
        "outstanding-achievement",
        "top-5-replikasi",
    }


def test_a_hub_can_add_a_sector_by_data_alone(tmp_path: Path) -> None:
    (tmp_path / "taxonomies").mkdir()
    sectors = (ROOT / "content/taxonomies/sectors.yml").read_text(encoding="utf-8")
    sectors += (
        "  - slug: ekonomi-kreatif\n    name: Ekonomi Kreatif\n    name_en: Creative Economy\n"
    )
    (tmp_path / "taxonomies/sectors.yml").write_text(sectors, encoding="utf-8")
    awards = (ROOT / "content/taxonomies/awards.yml").read_text(encoding="utf-8")
    (tmp_path / "taxonomies/awards.yml").write_text(awards, encoding="utf-8")
    vocab, problems = load_vocabularies(tmp_path)
    assert problems == []
    assert "ekonomi-kreatif" in vocab.sectors


def test_a_broken_vocabulary_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "taxonomies").mkdir()
    (tmp_path / "taxonomies/sectors.yml").write_text("terms:\n  - slug: [\n", encoding="utf-8")
    vocab, problems = load_vocabularies(tmp_path)
    codes = {p.code for p in problems}
    assert "yaml-syntax" in codes and "taxonomy-missing" in codes  # awards.yml is absent
    assert vocab.sectors == {}


def _national_with_hubs(tmp_path: Path, hubs: dict[str, str]) -> Path:
    """A repository-like folder: the national vocabularies in content/, and for each hub its
    `hubs/<name>/taxonomies/sectors.yml` with the given text."""
    content = tmp_path / "content"
    (content / "taxonomies").mkdir(parents=True)
    for name in ("sectors.yml", "awards.yml"):
        text = (ROOT / "content/taxonomies" / name).read_text(encoding="utf-8")
        (content / "taxonomies" / name).write_text(text, encoding="utf-8")
    for hub, sectors in hubs.items():
        folder = tmp_path / "hubs" / hub / "taxonomies"
        folder.mkdir(parents=True)
        (folder / "sectors.yml").write_text(sectors, encoding="utf-8")
    return content


SECTOR_BATIK = "terms:\n  - slug: batik\n    name: Batik\n    name_en: Batik\n"


def test_hub_vocabulary_additions_are_part_of_every_build(tmp_path: Path) -> None:
    awards = (
        "terms:\n  - slug: kipp-provinsi\n    name: Kompetisi Provinsi\n    name_en: Provincial\n"
        "    organiser: Pemprov\n    levels:\n      - slug: terbaik\n        name: Terbaik\n"
        "        name_en: Best\n"
    )
    content = _national_with_hubs(tmp_path, {"jawa-timur": SECTOR_BATIK})
    (tmp_path / "hubs/jawa-timur/taxonomies/awards.yml").write_text(awards, encoding="utf-8")
    (tmp_path / "hubs/bali").mkdir()  # a hub adding nothing needs no taxonomies
    vocab, problems = load_vocabularies(content)
    assert problems == []
    assert vocab.sectors["batik"].name == "Batik"
    assert "kesehatan" in vocab.sectors
    assert vocab.awards["kipp-provinsi"].level("terbaik") is not None


def test_a_hub_redefining_a_national_slug_is_an_error_at_its_line(tmp_path: Path) -> None:
    sectors = SECTOR_BATIK + "  - slug: kesehatan\n    name: Sehat\n    name_en: Health\n"
    content = _national_with_hubs(tmp_path, {"jawa-timur": sectors})
    vocab, problems = load_vocabularies(content)
    assert [(p.line, p.code) for p in problems] == [(5, "taxonomy-hub-national")]
    problem = problems[0]
    assert problem.path.endswith("hubs/jawa-timur/taxonomies/sectors.yml")
    message = format_problem(problem)
    assert ":5: error: slug: slug 'kesehatan' sudah ada di kosakata nasional" in message
    assert "content/taxonomies/sectors.yml:" in message
    assert vocab.sectors["kesehatan"].name == "Kesehatan"  # the national term stands


def test_two_hubs_adding_one_slug_differently_is_an_error_naming_both(tmp_path: Path) -> None:
    other = "terms:\n  - slug: batik\n    name: Batik Tulis\n    name_en: Batik\n"
    content = _national_with_hubs(tmp_path, {"bali": SECTOR_BATIK, "jawa-timur": other})
    _, problems = load_vocabularies(content)
    assert [p.code for p in problems] == ["taxonomy-hub-conflict"]
    message = format_problem(problems[0], "en")
    assert "hubs/jawa-timur/taxonomies/sectors.yml:2: error: slug:" in message
    assert "hubs/bali/taxonomies/sectors.yml:2" in message


def test_two_hubs_adding_the_same_term_identically_is_fine(tmp_path: Path) -> None:
    content = _national_with_hubs(tmp_path, {"bali": SECTOR_BATIK, "jawa-timur": SECTOR_BATIK})
    vocab, problems = load_vocabularies(content)
    assert problems == []
    assert "batik" in vocab.sectors


def test_a_broken_hub_vocabulary_is_reported_with_its_file(tmp_path: Path) -> None:
    content = _national_with_hubs(tmp_path, {"bali": "terms:\n  - slug: x\n"})
    _, problems = load_vocabularies(content)
    assert [(p.code, p.line) for p in problems] == [("taxonomy-term-field", 2)]
    assert problems[0].path.endswith("hubs/bali/taxonomies/sectors.yml")


HOSTILE = ROOT / "tests/catalogue/invalid-vocabularies"
HOSTILE_GOLDEN = ROOT / "tests/catalogue/invalid-vocabularies.golden.txt"


def test_hostile_vocabulary_terms_match_the_golden_report(
    monkeypatch: pytest.MonkeyPatch, update_golden: bool
) -> None:
    # Sector and award slugs become folders of the site: `..` overwrote the home page, `../cari`
    # the search page and `../../tmp/x` wrote outside site/. They follow the entries' slug rule.
    from click.testing import CliRunner

    from generator.cli import main

    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["validate", "tests/catalogue/invalid-vocabularies"])
    if update_golden:
        HOSTILE_GOLDEN.write_text(result.output, encoding="utf-8")
    assert result.exit_code == 1
    assert result.output == HOSTILE_GOLDEN.read_text(encoding="utf-8")


def test_refused_terms_never_reach_the_vocabularies() -> None:
    vocab, problems = load_vocabularies(HOSTILE)
    every_slug = [*vocab.sectors, *vocab.awards]
    every_slug += [level.slug for award in vocab.awards.values() for level in award.levels]
    assert all(is_valid_slug(slug) for slug in every_slug), every_slug
    assert vocab.sectors["kesehatan"].name == "Kesehatan"  # the first of a duplicate slug wins
    assert "sektor-kendali" not in vocab.sectors
    assert {p.code for p in problems} == {"taxonomy-slug", "taxonomy-duplicate", "text-control"}


@pytest.mark.parametrize("kind", ["symlink", "fifo"])
def test_a_vocabulary_file_must_be_a_regular_file(tmp_path: Path, kind: str) -> None:
    import os
    import shutil

    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/catalogue/valid", content)
    sectors = content / "taxonomies/sectors.yml"
    secret = tmp_path / "secret.yml"
    secret.write_text("terms:\n  - slug: rahasia\n    name: R\n    name_en: S\n", "utf-8")
    sectors.unlink()
    if kind == "symlink":
        sectors.symlink_to(secret)
    else:
        os.mkfifo(sectors)  # opening it would block the build forever
    vocab, problems = load_vocabularies(content)
    code = "file-symlink" if kind == "symlink" else "file-not-regular"
    assert [(p.line, p.code) for p in problems] == [(1, code)]
    assert problems[0].path.endswith("taxonomies/sectors.yml")
    assert vocab.sectors == {}
