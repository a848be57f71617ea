"""The commands the workflows are glue to: the hosting gate, the freshness report, the reporters."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.entries.freshness import find_stale, months_before
from generator.entries.reporting import (
    ANNOTATIONS_PER_LEVEL,
    ReportContext,
    changed_first,
    report_github,
    report_markdown,
)
from generator.model import Problem, Severity
from generator.site.hosting import FILE_LIMIT, SITE_LIMIT, measure_site
from tests.conftest import ROOT


def _problems(count: int, path: str = "content/innovations/aceh/a.md") -> list[Problem]:
    return [Problem(path, line, "title", "missing-key") for line in range(1, count + 1)]


def test_github_annotations_stop_at_the_cap_and_count_the_rest():
    warnings = [
        Problem("b.md", n, "body", "section-missing", (("missing", "Dampak"),), Severity.WARNING)
        for n in range(1, 13)
    ]
    lines = report_github([*_problems(14), *warnings], "id").splitlines()
    assert sum(line.startswith("::error ") for line in lines) == ANNOTATIONS_PER_LEVEL
    assert sum(line.startswith("::warning ") for line in lines) == ANNOTATIONS_PER_LEVEL
    assert lines[-1] == (
        "::notice title=katalog validate::6 masalah lagi tidak ditampilkan sebagai anotasi "
        "(GitHub membatasi jumlahnya); semuanya tercantum di ringkasan job (tab Summary) dan di "
        "keluaran 'katalog validate'"
    )
    assert len(lines) == 2 * ANNOTATIONS_PER_LEVEL + 1


def test_github_annotations_under_the_cap_have_no_notice():
    lines = report_github(_problems(3), "en").splitlines()
    assert lines == [
        f"::error file=content/innovations/aceh/a.md,line={n},title=katalog validate::"
        "title: required key is missing" + lines[n - 1].split("missing", 1)[1]
        for n in (1, 2, 3)
    ]
    assert not any("notice" in line for line in lines)


def test_changed_files_first_keeps_each_group_in_order():
    old, new = _problems(2, "a/old.md"), _problems(2, "z/new.md")
    assert changed_first([*old, *new], {"z/new.md"}) == [*new, *old]


def test_markdown_summary_verdicts():
    clean = report_markdown([], "id")
    assert clean.splitlines()[0] == "## ✅ Semua entri sah"
    two = report_markdown([*_problems(2, "a.md"), *_problems(1, "b.md")], "id")
    assert two.splitlines()[0] == "## ❌ 2 berkas perlu diperbaiki"
    assert "| `a.md` | 2 | `title` | error | kunci wajib belum diisi" in two
    english = report_markdown(_problems(1, "a.md"), "en", ReportContext(docs_url="https://x/y"))
    assert english.splitlines()[0] == "## ❌ 1 file(s) need fixing"
    assert "[https://x/y](https://x/y)" in english


def test_markdown_summary_escapes_table_syntax():
    problem = Problem("a|b.md", 1, "title", "yaml-duplicate-key", (("detail", "x|`y`"),))
    row = next(line for line in report_markdown([problem], "id").splitlines() if "a\\|b" in line)
    assert row.count(" | ") == 4 and "`y`" not in row.split(" | ")[-1]


def test_check_site_passes_a_small_site_and_reports_its_size(tmp_path: Path):
    (tmp_path / "index.html").write_text("<p>halo</p>")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.json").write_text("{}")
    summary = tmp_path.parent / f"{tmp_path.name}-summary.md"
    result = CliRunner().invoke(main, ["check-site", str(tmp_path), "--summary", str(summary)])
    assert result.exit_code == 0, result.output
    assert "Situs terbangun: 13 B dalam 2 berkas (batas GitHub Pages 1.0 GiB)" in result.output
    assert summary.read_text().startswith("## ✅ Situs muat di GitHub Pages\n")


def test_check_site_fails_on_a_file_over_100_mb(tmp_path: Path):
    with (tmp_path / "video.mp4").open("wb") as handle:  # sparse: no disk is used
        handle.truncate(FILE_LIMIT + 1)
    result = CliRunner().invoke(main, ["check-site", str(tmp_path), "--format", "markdown"])
    assert result.exit_code == 1
    assert "## ❌ Situs tidak dapat diterbitkan di GitHub Pages" in result.output
    assert "berkas video.mp4 berukuran 100.0 MiB, melebihi batas 100.0 MiB per berkas" in (
        result.output
    )


def test_check_site_fails_on_a_site_over_1_gib(tmp_path: Path):
    for n in range(20):
        with (tmp_path / f"part-{n}.bin").open("wb") as handle:
            handle.truncate(SITE_LIMIT // 19)
    size = measure_site(tmp_path)
    assert size.files == 20 and size.total > SITE_LIMIT and not size.oversized
    result = CliRunner().invoke(main, ["check-site", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 1
    assert "the site is 1.1 GiB, over GitHub Pages' 1.0 GiB limit" in result.output


def test_check_site_without_a_site_says_to_build(tmp_path: Path):
    result = CliRunner().invoke(main, ["check-site", str(tmp_path / "site")])
    assert result.exit_code == 2
    assert "bangun situs dulu (make build)" in result.output


def test_months_before_clamps_to_the_month_end():
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 12, 1), 12) == dt.date(2025, 12, 1)
    assert months_before(dt.date(2026, 1, 15), 13) == dt.date(2024, 12, 15)


def _entry(province: str, slug: str, updated: str | None) -> str:
    line = f"updated: {updated}\n" if updated else ""
    return (
        f'---\ntitle: "Entri {slug}"\nsummary: "Ringkasan yang cukup panjang untuk entri uji."\n'
        'agency:\n  name: "Dinas Uji"\n  type: lainnya\nsectors: [kesehatan]\nsdgs: [3]\n'
        f"{line}---\n"
    )


def test_stale_lists_old_and_undated_entries_per_province(tmp_path: Path):
    content = tmp_path / "content"
    (content / "taxonomies").mkdir(parents=True)
    for name in ("sectors.yml", "awards.yml"):
        (content / "taxonomies" / name).write_bytes(
            (ROOT / "content" / "taxonomies" / name).read_bytes()
        )
    today = dt.date.today()
    files = {
        ("aceh", "lama"): (today - dt.timedelta(days=800)).isoformat(),
        ("aceh", "tanpa-tanggal"): None,
        ("bali", "baru"): today.isoformat(),
        ("bali", "lama-juga"): (today - dt.timedelta(days=400)).isoformat(),
    }
    for (province, slug), updated in files.items():
        path = content / "innovations" / province / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_entry(province, slug, updated))
    runner = CliRunner()
    os.chdir(tmp_path)
    try:
        text = runner.invoke(main, ["stale", "--content", "content"])
        data = runner.invoke(main, ["stale", "--content", "content", "--format", "json"])
        months = runner.invoke(main, ["stale", "--content", "content", "--months", "24"])
        markdown = runner.invoke(main, ["stale", "--content", "content", "--format", "markdown"])
    finally:
        os.chdir(ROOT)
    assert text.exit_code == 0, text.output
    assert text.output.splitlines()[:3] == [
        "aceh (2)",
        f"  content/innovations/aceh/lama.md: {files[('aceh', 'lama')]}",
        "  content/innovations/aceh/tanpa-tanggal.md: updated tidak diisi",
    ]
    assert "bali (1)" in text.output and "baru.md" not in text.output
    assert text.output.splitlines()[-1].startswith("3 dari 4 entri belum diperbarui 12 bulan")
    report = json.loads(data.output)
    assert {p: [e["id"] for e in es] for p, es in report["provinces"].items()} == {
        "aceh": ["aceh/lama", "aceh/tanpa-tanggal"],
        "bali": ["bali/lama-juga"],
    }
    assert report["provinces"]["aceh"][1]["updated"] is None
    assert "2 dari 4 entri" in months.output
    assert markdown.output.startswith("## 3 dari 4 entri")
    assert "### aceh (2)" in markdown.output


def test_find_stale_on_no_entries():
    report = find_stale([], dt.date(2026, 1, 1), 12)
    assert report.stale == 0 and report.by_province == ()
