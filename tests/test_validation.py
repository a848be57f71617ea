"""The validator against the fixture catalogue: one defect per invalid file, a golden report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import CATALOGUE

GOLDEN = CATALOGUE / "invalid.golden.txt"
INVALID = CATALOGUE / "invalid"
PROBLEM_LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<severity>error|warning): ")


def run_validate(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.output


def fixture_files() -> set[str]:
    root = INVALID / "innovations"
    return {
        path.relative_to(Path.cwd()).as_posix()
        for path in root.rglob("*")
        if path.is_file() or path.is_symlink()
    }


def test_invalid_catalogue_matches_golden_report(at_root: Path, update_golden: bool) -> None:
    code, output = run_validate("tests/catalogue/invalid")
    if update_golden:
        GOLDEN.write_text(output, encoding="utf-8")
    assert code == 1
    assert output == GOLDEN.read_text(encoding="utf-8")


def test_every_fixture_has_an_expectation_and_every_expectation_a_fixture(at_root: Path) -> None:
    reported = {
        match["path"]
        for line in GOLDEN.read_text(encoding="utf-8").splitlines()
        if (match := PROBLEM_LINE.match(line))
    }
    assert fixture_files() == reported


def test_each_invalid_entry_reports_one_defect(at_root: Path) -> None:
    # "One defect per file" keeps each expectation about a single rule.
    counts: dict[str, int] = {}
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if match := PROBLEM_LINE.match(line):
            counts[match["path"]] = counts.get(match["path"], 0) + 1
    assert {path: n for path, n in counts.items() if n != 1} == {}


def test_reported_lines_point_at_the_defect(at_root: Path) -> None:
    # Spot checks that the line is the defect's line, not the start of the file.
    lines = GOLDEN.read_text(encoding="utf-8")
    assert "jawa-barat/sectors-unknown.md:8: error: sectors[0]:" in lines
    assert "jawa-barat/regency-unquoted.md:7: error: regency: YAML membaca 32.75" in lines
    assert "jawa-barat/file-not-utf8.md:2: error: file:" in lines
    assert "jawa-barat/yaml-python-tag.md:10: error:" in lines


def test_valid_catalogue_is_clean_even_when_strict(at_root: Path) -> None:
    code, output = run_validate("--strict", "tests/catalogue/valid")
    assert code == 0, output
    assert output.strip() == "0 error, 0 peringatan"


def test_real_content_is_clean(at_root: Path) -> None:
    code, output = run_validate("content")
    assert code == 0, output


def test_english_messages(at_root: Path) -> None:
    code, output = run_validate(
        "--lang", "en", "tests/catalogue/invalid/innovations/jawa-barat/sectors-unknown.md"
    )
    assert code == 1
    assert (
        "sectors[0]: unknown value 'kesehtan'; did you mean 'kesehatan'? valid values: pendidikan"
        in output
    )
    assert "(see tests/catalogue/invalid/taxonomies/sectors.yml)" in output


def test_single_file_reports_only_that_file(at_root: Path) -> None:
    code, output = run_validate("tests/catalogue/invalid/innovations/jawa-barat/stage-unknown.md")
    assert code == 1
    problem_lines = [ln for ln in output.splitlines() if PROBLEM_LINE.match(ln)]
    assert len(problem_lines) == 1
    assert "stage-unknown.md:10: error: stage:" in problem_lines[0]


def test_warnings_pass_unless_strict(at_root: Path) -> None:
    path = "tests/catalogue/invalid/innovations/jawa-barat/body-sections-missing.md"
    assert run_validate(path)[0] == 0
    assert run_validate("--strict", path)[0] == 1


def test_github_format_annotates_lines(at_root: Path) -> None:
    code, output = run_validate(
        "--format", "github", "tests/catalogue/invalid/innovations/jawa-barat/links-http.md"
    )
    assert code == 1
    assert output.startswith(
        "::error file=tests/catalogue/invalid/innovations/jawa-barat/links-http.md,line=12,"
    )


def test_json_format_is_machine_readable(at_root: Path) -> None:
    import json

    code, output = run_validate(
        "--format", "json", "tests/catalogue/invalid/innovations/jawa-barat/stage-unknown.md"
    )
    assert code == 1
    [problem] = json.loads(output)
    assert problem["line"] == 10
    assert problem["key"] == "stage"
    assert problem["code"] == "unknown-value"


def test_usage_errors_exit_2(at_root: Path, tmp_path: Path) -> None:
    assert run_validate("does/not/exist")[0] == 2
    assert run_validate("--format", "xml", "content")[0] == 2
    outside = tmp_path / "loose.md"
    outside.write_text("---\ntitle: x\n---\n")
    assert run_validate(str(outside))[0] == 2


def test_a_symlinked_folder_is_a_problem_not_followed(tmp_path: Path) -> None:
    import shutil

    from generator.entries.catalogue import load_catalogue

    content = tmp_path / "content"
    shutil.copytree(CATALOGUE / "valid", content)
    outside = tmp_path / "outside"
    shutil.copytree(CATALOGUE / "valid/innovations/jawa-barat", outside)
    (content / "innovations/bali").symlink_to(outside, target_is_directory=True)
    catalogue = load_catalogue(content)
    assert [p.code for p in catalogue.errors] == ["file-symlink"]
    assert all(e.province != "bali" for e in catalogue.entries)


def test_stage_and_status_are_only_what_the_file_states() -> None:
    """No default is filled in: an unstated stage or status stays None all the way down."""
    from generator.entries.catalogue import load_catalogue

    catalogue = load_catalogue(CATALOGUE / "valid", this_year=2026)
    minimal = catalogue.by_id["di-yogyakarta/contoh-minimal"]
    full = catalogue.by_id["jawa-barat/contoh-lengkap"]
    assert (minimal.stage, minimal.status) == (None, None)
    assert (full.stage, full.status) == ("penerapan", "aktif")


@pytest.mark.parametrize("folder", ["innovations", "taxonomies"])
def test_a_symlinked_content_subfolder_is_refused_not_walked(tmp_path: Path, folder: str) -> None:
    import shutil

    from generator.entries.catalogue import load_catalogue

    content = tmp_path / "content"
    shutil.copytree(CATALOGUE / "valid", content)
    shutil.move(content / folder, tmp_path / "elsewhere")
    (content / folder).symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    catalogue = load_catalogue(content)
    refused = [p for p in catalogue.errors if p.code == "file-symlink"]
    assert [p.path.endswith(f"content/{folder}") for p in refused] == [True]
    if folder == "innovations":
        assert catalogue.entries == () and catalogue.media == {}
    else:
        assert catalogue.vocab.sectors == {} and catalogue.vocab.awards == {}


def _content_with(tmp_path: Path, name: str, text: str) -> Path:
    """A copy of the valid catalogue plus one entry file `name` in jawa-barat."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CATALOGUE / "valid", content)
    (content / "innovations/jawa-barat" / name).write_text(text, encoding="utf-8")
    return content


VALID_ENTRY = (
    (INVALID / "innovations/jawa-barat/title-too-short.md")
    .read_text(encoding="utf-8")
    .replace('title: "AB"', 'title: "Judul Uji"')
)


def test_text_report_is_inert_for_hostile_names_and_values(tmp_path: Path) -> None:
    # A file name holding a newline and a terminal escape, and a key made of escapes: every
    # problem stays one line, and no control character reaches the terminal.
    front = VALID_ENTRY.replace("sdgs: [3]\n", 'sdgs: [3]\n"\\e[2J\\rX\\u202e": 1\n')
    content = _content_with(tmp_path, "nama\n\x1b[31mjahat.md", front)
    # GitHub's workflow commands have their own escapes for line breaks.
    shown = {"text": ("\\n", "\\r"), "github": ("%0A", "%0D")}
    for output_format, (newline, carriage_return) in shown.items():
        code, output = run_validate("--format", output_format, str(content))
        assert code == 1
        assert not any(ch in output for ch in "\x1b\r\u202e"), repr(output)
        problems = output.splitlines()[:-1] if output_format == "text" else output.splitlines()
        assert len(problems) == 2, problems
        name = f"nama{newline}\\x1b[31mjahat.md"
        assert any(name in line for line in problems), problems
        key = f"\\x1b[2J{carriage_return}X\\u202e"
        assert any(key in line for line in problems), problems


def test_json_report_is_valid_and_inert_even_for_lone_surrogates(tmp_path: Path) -> None:
    import json
    import os

    content = _content_with(tmp_path, "baik-dulu.md", VALID_ENTRY)
    # A name that is not UTF-8 reaches Python as a lone surrogate (surrogateescape).
    os.rename(
        content / "innovations/jawa-barat/baik-dulu.md",
        os.fsencode(content / "innovations/jawa-barat") + b"/bukan-\xff-utf8.md",
    )
    code, output = run_validate("--format", "json", str(content))
    assert code == 1
    [problem] = [p for p in json.loads(output) if p["code"] == "slug-invalid"]
    assert problem["path"].endswith("bukan-\udcff-utf8.md")
    output.encode("utf-8")  # printable as UTF-8: no raw surrogate left
    _, text = run_validate(str(content))
    assert "bukan-\\udcff-utf8.md:1: error: file:" in text


def test_the_unknown_key_scan_reads_the_key_index_once_per_mapping() -> None:
    # 44,000 unknown keys took 20 s when each problem scanned the key list for its line.
    import datetime as dt

    from generator.entries.loading import RawEntry
    from generator.entries.validation import validate_entry
    from generator.entries.vocabularies import load_vocabularies
    from generator.entries.yamlnodes import YNode

    class CountingLines(tuple):  # type: ignore[type-arg]
        reads = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            CountingLines.reads += 1
            return super().__iter__()

    count = 44_000
    names = [f"k{index}" for index in range(count)]
    fields = {name: YNode(index + 2, "int", 1, raw="1") for index, name in enumerate(names)}
    lines = CountingLines((name, index + 2) for index, name in enumerate(names))
    front = YNode(2, "map", fields, key_lines=lines)
    vocab, _ = load_vocabularies(CATALOGUE / "valid")
    raw = RawEntry(
        "x/jawa-barat/uji.md", "x/jawa-barat/uji.md", "jawa-barat", "uji", front, "", count + 3, ()
    )
    _, problems = validate_entry(raw, vocab, 2026, dt.date(2026, 12, 1))
    unknown = [p for p in problems if p.code == "unknown-key"]
    assert len(unknown) == count
    assert unknown[-1].line == count + 1  # each at its own key's line
    assert CountingLines.reads <= 2


@pytest.mark.parametrize(("offset", "accepted"), [(-400, True), (0, True), (1, True), (2, False)])
def test_updated_may_lead_the_build_date_by_one_day_only(offset: int, accepted: bool) -> None:
    import datetime as dt

    from generator.entries.loading import RawEntry
    from generator.entries.validation import validate_entry
    from generator.entries.vocabularies import load_vocabularies
    from generator.entries.yamlnodes import compose

    today = dt.date(2026, 12, 1)
    date = today + dt.timedelta(days=offset)
    text = VALID_ENTRY.split("---\n")[1] + f"updated: {date.isoformat()}\n"
    vocab, _ = load_vocabularies(CATALOGUE / "valid")
    raw = RawEntry("e.md", "e.md", "jawa-barat", "uji-tanggal", compose(text, 1), "", 12, ())
    entry, problems = validate_entry(raw, vocab, 2026, today)
    errors = [(p.line, p.code) for p in problems if p.is_error]
    if accepted:
        assert entry is not None and entry.updated == date and errors == []
    else:
        assert entry is None and errors == [(10, "updated-future")]
