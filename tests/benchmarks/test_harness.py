"""The benchmark harness end to end on a small catalogue, and the synthetic generator's contract.

Nothing here asserts a timing: figures must be reported, not fast (timed assertions are flaky on a
shared machine; budgets are checked by reading `make bench`'s report)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks import synth
from benchmarks.ours import check_available
from benchmarks.report import BEGIN, END, write_report
from benchmarks.results import Figures, Result, load_saved
from benchmarks.run import Options, measure, parse_args, run_benchmarks
from benchmarks.target import BuildTarget, Unavailable, read_through

ENTRIES = 200
SEED = 3
# Set to skip the stock MkDocs reference build (about 6 s here); Hugo runs whenever installed.
SKIP_STOCK = os.environ.get("KATALOG_BENCH_SKIP_STOCK") == "1"
HUGO = shutil.which("hugo")

ALLOWED_KEYS = {
    "title", "summary", "agency", "regency", "sectors", "sdgs", "sdg_targets", "launched", "stage",
    "status", "awards", "replicates", "replications", "legal_basis", "links", "contact", "tags",
    "updated", "translations", "redirect_from",
}  # fmt: skip
ALLOWED_NESTED = {
    "agency": {"name", "type"},
    "awards": {"program", "year", "level", "decree"},
    "replications": {"agency", "province", "regency", "year", "status", "note"},
    "links": {"title", "url"},
    "contact": {"unit", "email", "phone"},
    "translations": {"en"},
}
SECTION_HEADINGS = [f"## {title}" for title in synth.SECTIONS]


def ours_unavailable() -> str | None:
    try:
        check_available(synth.PROJECT_ROOT)
    except Unavailable as exc:
        return str(exc)
    return None


@pytest.fixture(scope="module")
def harness_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Result], Path]:
    out = tmp_path_factory.mktemp("bench")
    tools = ("ours",) + (() if SKIP_STOCK else ("mkdocs",)) + (("hugo",) if HUGO else ())
    options = Options(
        sizes=(ENTRIES,),
        seed=SEED,
        out=out,
        tools=tools,
        report=out / "benchmarks.md",
        timeout_s=300,
        project=synth.PROJECT_ROOT,
        command="pytest tests/benchmarks",
        pasted=False,  # drives Chromium: tests/benchmarks/test_pasted.py, marked browser
    )
    return run_benchmarks(options), out


def result_of(run: tuple[list[Result], Path], tool: str) -> Result:
    return next(r for r in run[0] if r.tool == tool)


@pytest.mark.parametrize("tool", ["ours", "mkdocs", "hugo"])
def test_every_figure_is_reported(harness_run: tuple[list[Result], Path], tool: str) -> None:
    if tool == "ours" and (reason := ours_unavailable()):
        pytest.fail(f"our build is not ready: {reason}")
    if tool == "mkdocs" and SKIP_STOCK:
        pytest.skip("KATALOG_BENCH_SKIP_STOCK=1")
    if tool == "hugo" and HUGO is None:
        pytest.fail("hugo is not installed: apt-get install -y hugo")
    result = result_of(harness_run, tool)
    assert result.status == "ok", result.message
    assert result.figures is not None
    for field in fields(Figures):
        if field.name.startswith("pasted_"):
            continue  # not attempted here (pasted=False); see test_pasted.py
        value = getattr(result.figures, field.name)
        if field.name == "kept_cold_s" and tool != "ours":
            assert value is None  # their cold build keeps what their rebuilds read
            continue
        assert value is not None, field.name
        if field.name.startswith("search_"):
            assert value >= 0, field.name  # a build may have no search index yet
        else:
            assert value > 0, field.name
    assert result.figures.entry_pages == ENTRIES
    assert result.figures.edit_visible
    if tool == "mkdocs":
        assert result.figures.search_bytes > 0  # Material's search_index.json


def test_results_are_saved_and_reported(harness_run: tuple[list[Result], Path]) -> None:
    results, out = harness_run
    saved = load_saved(out, SEED)
    assert {tool for (_size, tool) in saved} == {r.tool for r in results}
    report = (out / "benchmarks.md").read_text(encoding="utf-8")
    assert f"| {ENTRIES:,} entries |" in report
    for result in results:
        assert result.label in report
        if result.ok:
            assert result.build_command in report
    assert "$ free -m" in report


def test_report_keeps_text_around_the_generated_part(
    harness_run: tuple[list[Result], Path], tmp_path: Path
) -> None:
    note = tmp_path / "note.md"
    note.write_text(f"# Judul\n\nProsa sebelum.\n\n{BEGIN}\nlama\n{END}\n\nProsa sesudah.\n")
    write_report(note, load_saved(harness_run[1], SEED), SEED)
    text = note.read_text(encoding="utf-8")
    assert text.startswith("# Judul\n\nProsa sebelum.\n")
    assert text.rstrip().endswith("Prosa sesudah.")
    assert "lama" not in text and f"| {ENTRIES:,} entries |" in text


# --- the synthetic generator -----------------------------------------------------------------


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = synth.write_catalogue(40, tmp_path / "a", seed=SEED)
    second = synth.write_catalogue(40, tmp_path / "b", seed=SEED)
    other = synth.write_catalogue(40, tmp_path / "c", seed=SEED + 1)
    assert tree_bytes(first) == tree_bytes(second)
    assert tree_bytes(first) != tree_bytes(other)


def test_a_smaller_catalogue_is_a_prefix_of_a_larger_one() -> None:
    small = [e.id for e in synth.iter_entries(20, SEED)]
    large = [e.id for e in synth.iter_entries(50, SEED)]
    assert large[:20] == small


def split_entry(text: str) -> tuple[dict[str, Any], str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


@pytest.fixture(scope="module")
def entries(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict[str, Any], str]]:
    content = synth.write_catalogue(300, tmp_path_factory.mktemp("synth"), seed=SEED)
    innovations = content / "innovations"
    return {
        str(path.relative_to(innovations).with_suffix("")): split_entry(path.read_text("utf-8"))
        for path in sorted(innovations.glob("*/*.md"))
    }


def test_front_matter_uses_only_allowed_keys(
    entries: dict[str, tuple[dict[str, Any], str]],
) -> None:
    for entry_id, (front, _body) in entries.items():
        assert set(front) <= ALLOWED_KEYS, entry_id
        for key, allowed in ALLOWED_NESTED.items():
            values = front.get(key) or []
            for value in values if isinstance(values, list) else [values]:
                assert set(value) <= allowed, (entry_id, key)


def test_entries_are_clearly_synthetic_and_realistically_sized(
    entries: dict[str, tuple[dict[str, Any], str]],
) -> None:
    for entry_id, (front, body) in entries.items():
        assert front["title"].startswith("[SINTETIS] "), entry_id
        assert "sintetis" in front["tags"] and len(front["tags"]) <= 8
        assert "Contoh" in front["agency"]["name"]
        assert 80 <= len(front["summary"]) <= 300, entry_id
        assert 2000 <= len(body.encode()) <= 6000, entry_id
        headings = [line for line in body.splitlines() if line.startswith("## ")]
        assert headings == SECTION_HEADINGS, entry_id


def test_entries_use_the_vocabularies(entries: dict[str, tuple[dict[str, Any], str]]) -> None:
    ref = synth.load_reference_data()
    for entry_id, (front, _body) in entries.items():
        province = entry_id.split("/")[0]
        assert province in ref.provinces or province == "nasional"
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id.split("/")[1])
        if "regency" in front:
            assert front["regency"] in {r.code for r in ref.regencies[province]}, entry_id
        assert 1 <= len(front["sectors"]) <= 3 and set(front["sectors"]) <= set(ref.sectors)
        assert 1 <= len(front["sdgs"]) <= 3 and set(front["sdgs"]) <= set(range(1, 18))
        for award in front.get("awards", []):
            assert award["level"] in ref.award_levels[award["program"]]
        if "replicates" in front:
            assert front["replicates"] in entries and front["replicates"] != entry_id


def test_distributions_are_skewed(entries: dict[str, tuple[dict[str, Any], str]]) -> None:
    per_province: dict[str, int] = {}
    for entry_id in entries:
        province = entry_id.split("/")[0]
        per_province[province] = per_province.get(province, 0) + 1
    counts = sorted(per_province.values(), reverse=True)
    assert counts[0] >= 4 * counts[len(counts) // 2]  # Zipf-like: a few provinces dominate
    with_awards = sum("awards" in front for front, _ in entries.values())
    assert 0.03 * len(entries) < with_awards < 0.2 * len(entries)


def test_catalogue_passes_the_validator(tmp_path: Path) -> None:
    katalog = Path(sys.executable).with_name("katalog")
    if not katalog.exists():
        pytest.fail("the katalog command is not installed: make .venv/.installed")
    content = synth.write_catalogue(300, tmp_path / "catalogue", seed=SEED)
    done = subprocess.run(
        [str(katalog), "validate", "--strict", str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _stand_in(tmp_path: Path, name: str, **options: Any) -> tuple[BuildTarget, Path]:
    """A stand-in build of one entry: it copies the entry's source into the entry's page (so an
    edit shows) and logs each run as the MARK variable it saw ("-" without one)."""
    entries = tmp_path / "entries"
    source = entries / "aceh" / "satu.md"
    source.parent.mkdir(parents=True)
    source.write_text("---\ntitle: Satu\n---\n", encoding="utf-8")
    site = tmp_path / "site"
    builds = tmp_path / "builds.log"
    script = (
        "import os, pathlib, sys; site = pathlib.Path(sys.argv[1]); "
        "page = site / 'inovasi' / 'aceh' / 'satu' / 'index.html'; "
        "page.parent.mkdir(parents=True, exist_ok=True); "
        "page.write_text(pathlib.Path(sys.argv[3]).read_text()); "
        "open(sys.argv[2], 'a').write(os.environ.get('MARK', '-') + '\\n')"
    )
    target = BuildTarget(
        name=name,
        label="stand-in",
        argv=(sys.executable, "-c", script, str(site), str(builds), str(source)),
        cwd=tmp_path,
        site_dir=site,
        entries_dir=entries,
        fresh_dirs=(site,),
        **options,
    )
    return target, builds


def test_a_cold_only_measure_builds_once_and_leaves_rebuilds_unmeasured(tmp_path: Path) -> None:
    """--references-cold-only: the reference builds run once, cold, and the report says their
    rebuilds were not measured rather than showing a figure or flagging an unseen edit."""
    target, builds = _stand_in(tmp_path, "hugo")
    options = replace(parse_args(["--references-cold-only", "--no-serve"]), out=tmp_path)
    figures = measure(target, ["aceh/satu"], options, tmp_path / "logs", cold_only=True)
    assert builds.read_text(encoding="utf-8").splitlines() == ["-"]
    assert figures.cold_s > 0 and figures.entry_pages == 1
    assert (figures.noop_s, figures.edit_s, figures.edit_visible) == (None, None, None)
    assert figures.kept_cold_s is None
    assert options.references_cold_only and not parse_args([]).references_cold_only


def test_the_cold_build_runs_as_published_and_the_rebuilds_follow_a_build_that_keeps_caches(
    tmp_path: Path,
) -> None:
    """Ours: the cold build is the publish workflow's one-off build (its `cold_env`); the
    rebuilds then need a cold build that keeps its caches, timed apart, without that env."""
    target, builds = _stand_in(tmp_path, "ours", cold_env={"MARK": "one-off"})
    options = replace(parse_args(["--no-serve", "--no-pasted"]), out=tmp_path)
    figures = measure(target, ["aceh/satu"], options, tmp_path / "logs")
    marks = builds.read_text(encoding="utf-8").splitlines()
    assert marks == ["one-off", "-", "-", "-"]  # cold, cold keeping caches, no-change, edit
    assert figures.kept_cold_s is not None and figures.kept_cold_s > 0
    assert figures.noop_s is not None and figures.edit_visible


def test_sources_are_read_through_before_each_tool_builds(tmp_path: Path) -> None:
    """Every file of the catalogue is read once (its bytes counted), nested folders included."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.md").write_bytes(b"x" * 10)
    (tmp_path / "a" / "b" / "two.md").write_bytes(b"y" * 32)
    assert read_through(tmp_path) == 42
