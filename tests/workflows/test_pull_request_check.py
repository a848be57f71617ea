"""The pull-request check run as GitHub runs it: a real git repository, a branch with broken
entries, the workflow's own `run:` line and the variables a pull_request event sets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.entries.reporting import ANNOTATIONS_PER_LEVEL
from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ANNOTATION_RE = re.compile(
    r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),title=katalog validate::"
    r"(?P<message>.*)$"
)
NOTICE_RE = re.compile(r"^::notice title=katalog validate::(?P<more>\d+) masalah lagi")

GOOD = """---
title: "Layanan Antrean Daring"
summary: "Warga mengambil nomor antrean puskesmas dari rumah lewat aplikasi, tanpa datang pagi."
agency:
  name: "Dinas Kesehatan Kota Bandung"
  type: pemerintah-kota
regency: "32.73"
sectors: [kesehatan]
sdgs: [3]
launched: 2021
updated: 2026-01-10
---

## Latar Belakang

Antrean panjang.

## Inovasi

Nomor antrean daring.

## Dampak

Antrean pendek.

## Keberlanjutan

Anggaran daerah.

## Replikasi

Belum ada.
"""


def _entry(front: str) -> str:
    body = GOOD.split("---\n", 2)[2]
    return f"---\n{front}---\n{body}"


# Three broken entries the pull request adds, at known lines: with the touched old entry, 9 errors,
# so the 10 error annotations GitHub shows are these 9 and then one untouched file's.
BROKEN = {
    "content/innovations/jawa-barat/izin-kilat.md": _entry(
        'title: "Izin Kilat"\n'  # 2
        'summary: "Izin usaha mikro selesai dalam satu hari lewat satu loket daring."\n'  # 3
        "agency:\n"  # 4
        '  name: "Dinas Penanaman Modal"\n'  # 5
        "  type: dinas\n"  # 6: unknown agency type
        "sectors: [perizinan]\n"  # 7
        "sdgs: [8, 18]\n"  # 8: goal out of range
        'launched: "2019"\n'  # 9: quoted year
    ),
    "content/innovations/jawa-barat/sekolah-terbuka.md": _entry(
        'title: "Sekolah Terbuka"\n'
        'summary: "Anak putus sekolah belajar kembali di balai desa dengan guru keliling."\n'
        "agency:\n"
        '  name: "Dinas Pendidikan"\n'
        "  type: pemerintah-kabupaten\n"
        "sectors: [pendidkan]\n"  # 7: unknown sector
        "sdgs: [4]\n"
        "ringkasan: lain\n"  # 9: unknown key
    ),
    "content/innovations/jawa-tengah/desa-digital.md": _entry(
        "title: yes\n"  # 2: YAML boolean
        'summary: "Desa melayani surat keterangan lewat kios digital di balai desa."\n'
        "agency:\n"
        '  name: "Pemerintah Desa"\n'
        "  type: lainnya\n"
        "sectors: [tata-kelola]\n"
        "sdgs: [16]\n"
        "links:\n"
        '  - title: "Situs"\n'
        '    url: "http://desa.example.org"\n'  # 11: not https
    ),
}
GOOD_PATH = "content/innovations/jawa-barat/antrean-daring.md"
# Old entries already broken on main, in a province that sorts first: their problems must come
# after the pull request's own, although a plain sort would list them first.
OLD_BROKEN = {
    f"content/innovations/aceh/lama-{n}.md": _entry(
        f'title: "Lama {n}"\n'
        'summary: "Entri lama yang sudah rusak sebelum pull request ini dibuka."\n'
        "agency:\n"
        '  name: "Dinas Lama"\n'
        "  type: kantor\n"  # 6
        "sectors: [kesehatan, kesehatan]\n"  # 7
        "sdgs: [3]\n"
    )
    for n in range(1, 5)
}
TOUCHED = "content/innovations/aceh/lama-3.md"


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Uji", "GIT_AUTHOR_EMAIL": "uji@example.org",
           "GIT_COMMITTER_NAME": "Uji", "GIT_COMMITTER_EMAIL": "uji@example.org"}  # fmt: skip
    result = subprocess.run(
        ["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout


def _write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def pull_request(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """main with old entries (some broken), then the branch `usulan` a contributor pushed."""
    repo = tmp_path_factory.mktemp("repo")
    # The project's own build files; copy2 keeps pyproject older than the shared venv's stamp.
    for name in ("Makefile", "pyproject.toml", "constraints.txt", "mkdocs.yml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / ".github", repo / ".github")
    shutil.copytree(ROOT / "content" / "taxonomies", repo / "content" / "taxonomies")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    (repo / ".gitignore").write_text(".venv\nsite/\n")
    _write(repo, OLD_BROKEN)
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "usulan")
    _write(repo, {**BROKEN, GOOD_PATH: GOOD})
    touched = repo / TOUCHED
    touched.write_text(touched.read_text().replace('"Lama 3"', '"Lama 3, diperbarui"'))
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "usulan entri")
    # What actions/checkout leaves with fetch-depth 0: the base branch as origin/<base>.
    _git(repo, "update-ref", "refs/remotes/origin/main", "main")
    return repo


def _step_runs(workflow: str, job: str) -> list[str]:
    document = yaml.safe_load((WORKFLOWS / workflow).read_text())
    return [step["run"] for step in document["jobs"][job]["steps"] if "run" in step]


@pytest.fixture(scope="module")
def check_run(pull_request: Path) -> tuple[int, list[str], str]:
    """Every `run:` step of the check's entries job, with a pull_request event's variables."""
    summary = pull_request.parent / "step-summary.md"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "MAKE"))},
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_BASE_REF": "main",
        "GITHUB_HEAD_REF": "usulan",
        "GITHUB_REF": "refs/pull/7/merge",
        "GITHUB_REPOSITORY": "contoh/katalog",
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_WORKSPACE": str(pull_request),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    runs = _step_runs("check.yml", "entries")
    assert runs == ["make ci-check"]
    output: list[str] = []
    status = 0
    for run in runs:
        # GitHub's default shell for run steps: bash -e {0}
        done = subprocess.run(
            ["bash", "-e", "-c", run], cwd=pull_request, env=env, capture_output=True, text=True
        )
        output += done.stdout.splitlines()
        status = done.returncode
        assert "katalog validate" in done.stdout, done.stderr
        if status:
            break
    return status, output, summary.read_text(encoding="utf-8")


def _annotations(output: list[str]) -> list[tuple[str, str, int, str]]:
    found = []
    for line in output:
        match = ANNOTATION_RE.match(line)
        if match:
            found.append((match[1], match["file"], int(match["line"]), match["message"]))
    return found


def test_the_check_fails_and_annotates_the_broken_lines(check_run: tuple[int, list[str], str]):
    status, output, _ = check_run
    assert status != 0
    annotations = _annotations(output)
    by_place = {(file, line): message for _, file, line, message in annotations}
    izin = "content/innovations/jawa-barat/izin-kilat.md"
    assert by_place[(izin, 6)].startswith("agency.type: nilai 'dinas' tidak dikenal")
    assert by_place[(izin, 8)].startswith("sdgs[1]: nilai 18 di luar rentang")
    assert "tanda kutip" in by_place[(izin, 9)] and by_place[(izin, 9)].startswith("launched:")
    sekolah = "content/innovations/jawa-barat/sekolah-terbuka.md"
    assert by_place[(sekolah, 7)].startswith("sectors[0]: nilai 'pendidkan' tidak dikenal")
    assert by_place[(sekolah, 9)].startswith("ringkasan: kunci 'ringkasan' tidak dikenal")
    desa = "content/innovations/jawa-tengah/desa-digital.md"
    assert by_place[(desa, 2)].startswith("title: YAML membaca yes sebagai boolean")
    assert by_place[(desa, 11)].startswith("links[0].url: tautan 'http://desa.example.org'")
    # repository-relative paths only, and nothing about the good entry
    assert all(not Path(file).is_absolute() for _, file, _, _ in annotations)
    assert not any(file == GOOD_PATH for _, file, _, _ in annotations)


def test_changed_files_come_first_and_the_cap_is_announced(
    check_run: tuple[int, list[str], str], pull_request: Path
):
    _, output, _ = check_run
    annotations = _annotations(output)
    errors = [a for a in annotations if a[0] == "error"]
    assert len(errors) == ANNOTATIONS_PER_LEVEL
    changed = {*BROKEN, TOUCHED}
    flags = [file in changed for _, file, _, _ in errors]
    # every changed file's problem before any untouched file's, though aceh/ sorts first
    assert flags == sorted(flags, reverse=True)
    assert flags[0] and not flags[-1]
    assert any(file == TOUCHED for _, file, _, _ in errors)
    # the last annotation says how many were left out, and the count is right
    all_problems = json.loads(
        subprocess.run(
            [str(ROOT / ".venv/bin/katalog"), "validate", "content", "--format", "json"],
            cwd=pull_request, capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    notices = [NOTICE_RE.match(line) for line in output if line.startswith("::notice")]
    assert output[-1].startswith("::notice") or not output[-1].startswith("::")
    last_annotation = [line for line in output if line.startswith("::")][-1]
    assert NOTICE_RE.match(last_annotation)
    (notice,) = [n for n in notices if n]
    assert int(notice["more"]) == len(all_problems) - len(annotations) > 0


def test_the_summary_lists_every_problem(check_run: tuple[int, list[str], str], pull_request: Path):
    _, _, summary = check_run
    problems = json.loads(
        subprocess.run(
            [str(ROOT / ".venv/bin/katalog"), "validate", "content", "--format", "json"],
            cwd=pull_request, capture_output=True, text=True,
        ).stdout
    )  # fmt: skip
    broken_files = {p["path"] for p in problems if p["severity"] == "error"}
    assert summary.startswith(f"## ❌ {len(broken_files)} berkas perlu diperbaiki\n")
    rows = [line for line in summary.splitlines() if line.startswith("| `")]
    assert len(rows) == len(problems)
    for problem, row in zip(problems_in_order(problems), rows, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[0] == f"`{problem['path']}`"
        assert cells[1] == str(problem["line"])
        assert cells[2] == f"`{problem['key']}`"
        assert cells[4] == problem["message"].replace("`", "'")
    assert "https://github.com/contoh/katalog/blob/HEAD/CONTRIBUTING.md" in summary
    # the pull request's own files lead the table, the touched old entry among them
    assert rows[0].startswith(f"| `{TOUCHED}`")


def problems_in_order(problems: list[dict[str, object]]) -> list[dict[str, object]]:
    changed = {*BROKEN, TOUCHED}
    return sorted(problems, key=lambda p: (p["path"] not in changed, p["path"], p["line"]))


def test_a_clean_pull_request_passes_with_a_clean_verdict(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("Makefile", "pyproject.toml", "constraints.txt", "mkdocs.yml"):
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(ROOT / "content" / "taxonomies", repo / "content" / "taxonomies")
    (repo / ".venv").symlink_to(ROOT / ".venv")
    _write(repo, {GOOD_PATH: GOOD})
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    summary = tmp_path / "summary.md"
    done = subprocess.run(
        [str(ROOT / ".venv/bin/katalog"), "validate", "content", "--format", "github",
         "--base", "main", "--summary", str(summary)],
        cwd=repo, capture_output=True, text=True,
        env={**os.environ, "GITHUB_WORKSPACE": str(repo)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == ""
    assert summary.read_text().startswith("## ✅ Semua entri sah\n")
