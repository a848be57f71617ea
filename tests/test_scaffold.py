"""`katalog new`: scaffolds an entry the validator accepts, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.entries.catalogue import load_catalogue
from generator.entries.characters import is_blank, visible_length
from generator.entries.messages import render_text, say
from generator.entries.scaffold import Answers, check_answers, render_entry
from generator.entries.vocabularies import load_vocabularies

from .conftest import ROOT

FLAGS = [
    "--no-input",
    "--province",
    "jawa-barat",
    "--slug",
    "antrean-uji",
    "--title",
    "Antrean Uji",
    "--summary",
    "Ringkasan uji yang cukup panjang untuk lolos.",
    "--agency-name",
    "Dinas Uji",
    "--agency-type",
    "pemerintah-kota",
    "--regency",
    "32.75",
    "--sector",
    "kesehatan",
    "--sdg",
    "3",
]


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content/taxonomies", content / "taxonomies")
    return content


def test_new_from_flags_writes_a_valid_entry(tmp_path: Path) -> None:
    content = _content(tmp_path)
    result = CliRunner().invoke(main, ["new", "--content", str(content), *FLAGS])
    assert result.exit_code == 0, result.output
    path = content / "innovations/jawa-barat/antrean-uji.md"
    assert path.exists()
    catalogue = load_catalogue(content)
    # valid; only the untouched sections are warned about, so --strict asks to write them
    assert catalogue.errors == ()
    assert {p.code for p in catalogue.problems} == {"section-empty"}
    assert len(catalogue.problems) == 5
    assert [e.id for e in catalogue.entries] == ["jawa-barat/antrean-uji"]


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    content = _content(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["new", "--content", str(content), *FLAGS]).exit_code == 0
    path = content / "innovations/jawa-barat/antrean-uji.md"
    path.write_text(path.read_text() + "\nTeks asli kontributor.\n")
    again = runner.invoke(main, ["new", "--content", str(content), *FLAGS])
    assert again.exit_code == 1
    assert "sudah ada" in again.output
    assert "Teks asli kontributor." in path.read_text()


def test_new_refuses_invalid_answers_with_the_validators_words(tmp_path: Path) -> None:
    content = _content(tmp_path)
    flags = [*FLAGS]
    flags[flags.index("32.75")] = "33.02"  # Banyumas lies in Jawa Tengah
    result = CliRunner().invoke(main, ["new", "--content", str(content), *flags])
    assert result.exit_code == 1
    assert "tidak terletak di provinsi 'jawa-barat'" in result.output
    assert not (content / "innovations/jawa-barat/antrean-uji.md").exists()


def test_new_prompts_with_choices(tmp_path: Path) -> None:
    content = _content(tmp_path)
    answers = (
        "\n".join(
            [
                "di-yogyakarta",
                "",
                "Contoh Interaktif",
                "contoh-interaktif",
                "Ringkasan interaktif yang cukup panjang.",
                "Dinas Uji",
                "pemerintah-provinsi",
                "pendidikan",
                "4",
                "",
            ]
        )
        + "\n"
    )
    result = CliRunner().invoke(main, ["new", "--content", str(content)], input=answers)
    assert result.exit_code == 0, result.output
    assert "Kabupaten/kota di di-yogyakarta" in result.output
    assert load_catalogue(content).errors == ()


VISIBLE = st.characters(exclude_categories=("Cc", "Cs", "Cf", "Co", "Cn"))


@settings(max_examples=60, deadline=None)
@given(
    # Lengths count what a reader sees: fillers such as U+3164 draw nothing (characters.py).
    title=st.text(VISIBLE, min_size=3, max_size=120).filter(
        lambda s: visible_length(" ".join(s.split())) >= 3 and not is_blank(s)
    ),
    summary=st.text(VISIBLE, min_size=20, max_size=400).filter(
        lambda s: visible_length(" ".join(s.split())) >= 20 and not is_blank(s)
    ),
)
def test_any_text_survives_quoting(title: str, summary: str) -> None:
    # Whatever a contributor types, the scaffold's YAML reads back as that same text.
    vocab, _ = load_vocabularies(ROOT / "content")
    answers = Answers(
        "jawa-barat",
        "uji-teks",
        title,
        summary,
        "Dinas Uji",
        "pemerintah-kota",
        ("kesehatan",),
        (3,),
    )
    problems = check_answers(answers, vocab, 2026)
    if "<" in summary and ">" in summary:
        return  # HTML-looking summaries are refused on purpose
    assert problems == [], render_entry(answers)


def test_scaffold_problems_are_the_catalogues_sentences_in_either_language() -> None:
    vocab, _ = load_vocabularies(ROOT / "content")
    answers = Answers(
        province="jawa-barta",
        slug="Bukan_Slug",
        title="Antrean Uji",
        summary="Ringkasan uji yang cukup panjang untuk lolos.",
        agency_name="Dinas Uji",
        agency_type="pemerintah-kota",
        sectors=("kesehatan",),
        sdgs=(3,),
    )
    for lang in ("id", "en"):
        problems = check_answers(answers, vocab, 2026, lang=lang)
        assert problems[0] == "slug: " + say("slug-invalid", lang, slug="Bukan_Slug")
        assert problems[1].startswith("province: ")
        assert "'jawa-barat'" in problems[1]  # the nearest valid province is suggested
    english = check_answers(answers, vocab, 2026, lang="en")
    assert english[1].startswith("province: unknown value 'jawa-barta'; did you mean 'jawa-barat'?")
    assert render_text("new-section-hint", "en") in render_entry(answers, "en")
