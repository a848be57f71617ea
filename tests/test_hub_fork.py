"""A hub's whole life with real git repositories: fork, `katalog hub new`, pull national updates
with no conflict, a branded scoped site, and entries flowing back in one pull request.

The national repository is this project's code and site files over the synthetic fixture
catalogue (tests/catalogue/site); every entry written here is synthetic and marked [SINTETIS].
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "catalogue" / "site"
PROVINCE = "jawa-timur"
HUB_NAME = "Katalog Inovasi Uji Jawa Timur"
PRIMARY = "#7a1f1f"
INTRO = "Katalog sintetis Hub JIPP Uji: inovasi pelayanan publik di Jawa Timur untuk pengujian."
HUB_SITE = "https://hub-uji-jatim.example/"
NATIONAL_FILES = (
    "generator", "docs", "theme_overrides", "Makefile", "pyproject.toml", "constraints.txt",
    "mkdocs.yml",
)  # fmt: skip
QUICK = "    processes: 1\n    search: false\n"  # plugin options for a quick test build
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Uji",
    "GIT_AUTHOR_EMAIL": "uji@example.org",
    "GIT_COMMITTER_NAME": "Uji",
    "GIT_COMMITTER_EMAIL": "uji@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "",  # set per test: no user config leaks in
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(repo.parent)}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def entry(title: str, sectors: str, regency: str = "") -> str:
    region = f'regency: "{regency}"\n' if regency else ""
    return (
        f'---\ntitle: "[SINTETIS] {title}"\n'
        'summary: "Data uji sintetis: inovasi rekaan untuk menguji alur hub dan fork."\n'
        'agency:\n  name: "Dinas Uji"\n  type: pemerintah-kabupaten\n'
        f"{region}sectors: [{sectors}]\nsdgs: [16]\n---\n\n## Inovasi\n\nData uji.\n"
    )


def add_sector(path: Path, slug: str, name: str) -> None:
    text = path.read_text(encoding="utf-8").replace("terms: []\n", "terms:\n")
    text += f'  - slug: {slug}\n    name: "{name}"\n    name_en: "{name}"\n'
    path.write_text(text, encoding="utf-8")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def national_repository(folder: Path) -> Path:
    """This project's code, site files and configuration over a synthetic catalogue."""
    folder.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in NATIONAL_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=ignore)
        else:
            shutil.copy2(source, folder / name)
    shutil.copytree(FIXTURE / "innovations", folder / "content/innovations")
    shutil.copytree(FIXTURE / "taxonomies", folder / "content/taxonomies")
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    # A quick build: one process, no search index (it has its own tests).
    text = text.replace("    content_dir: content\n", "    content_dir: content\n" + QUICK)
    config.write_text(text, encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "national catalogue")
    return folder


def build(repo: Path, hub: str = "") -> Path:
    """What `make build HUB=<hub>` runs (checked below), with the repository's own code first on
    the import path, so national's code changes are what builds."""
    dry_run = subprocess.run(
        ["make", "-n", "build", f"HUB={hub}"], cwd=repo, capture_output=True, text=True
    )
    config = f"hubs/{hub}/mkdocs.yml" if hub else "mkdocs.yml"
    assert f"mkdocs build --strict --config-file {config}" in dry_run.stdout, dry_run.stderr
    env = {**os.environ, "PYTHONPATH": str(repo), "NO_MKDOCS_2_WARNING": "1"}
    env["XDG_CACHE_HOME"] = str(repo.parent / f"cache-{repo.name}-{hub}")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    done = subprocess.run(
        [str(mkdocs), "build", "--strict", "-f", config],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return repo / "site"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_a_hub_forks_pulls_without_conflict_publishes_and_flows_back(tmp_path: Path) -> None:
    national = national_repository(tmp_path / "national")
    hub = tmp_path / "hub"
    git(tmp_path, "clone", "-q", str(national), str(hub))

    # The hub: one command, then its own sector and entry, committed.
    result = CliRunner().invoke(
        main, ["hub", "new", PROVINCE, "--name", HUB_NAME, "--primary", PRIMARY, "--root", str(hub)]
    )
    assert result.exit_code == 0, result.output
    hub_dir = hub / "hubs" / PROVINCE
    write(hub_dir / "beranda.md", INTRO + "\n")
    hub_config = hub_dir / "mkdocs.yml"
    text = hub_config.read_text(encoding="utf-8").replace('site_url: ""', f"site_url: {HUB_SITE}")
    hub_config.write_text(text, encoding="utf-8")
    add_sector(hub_dir / "taxonomies/sectors.yml", "batik-uji", "Batik Uji")
    write(
        hub / f"content/innovations/{PROVINCE}/galeri-batik.md",
        entry("Galeri Batik Hub", "batik-uji", "35.78"),
    )
    git(hub, "add", "-A")
    git(hub, "commit", "-q", "-m", "hub: Jawa Timur")

    # Meanwhile national: a plugin option and the description, a sector, code, two entries.
    config = national / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(QUICK, QUICK + "    page_size: 1\n")
    start = text.index("site_description: >-")
    end = text.index("\n# site_url")
    text = text[:start] + "site_description: Deskripsi nasional baru [SINTETIS]." + text[end:]
    config.write_text(text, encoding="utf-8")
    sectors = national / "content/taxonomies/sectors.yml"
    write(sectors, sectors.read_text(encoding="utf-8") + (
        '  - slug: kelautan-uji\n    name: "Kelautan Uji"\n    name_en: "Marine Test"\n'
    ))  # fmt: skip
    labels = national / "generator/labels.py"
    write(labels, labels.read_text(encoding="utf-8") + '\n\nNATIONAL_CHANGE = "kode baru"\n')
    write(
        national / f"content/innovations/{PROVINCE}/pasar-nasional.md",
        entry("Pasar dari Nasional", "kelautan-uji"),
    )
    write(
        national / "content/innovations/jawa-barat/lain-provinsi.md",
        entry("Provinsi Lain", "kelautan-uji"),
    )
    git(national, "add", "-A")
    git(national, "commit", "-q", "-m", "national: options, a sector, code, entries")

    # The hub pulls: a merge with zero conflicts, by construction.
    pulled = git(hub, "pull", "--no-rebase", "--no-edit", "origin", "main")
    assert "CONFLICT" not in pulled
    assert git(hub, "status", "--porcelain") == ""
    assert "NATIONAL_CHANGE" in (hub / "generator/labels.py").read_text(encoding="utf-8")

    site = build(hub, PROVINCE)
    home = page(site, "")
    assert HUB_NAME in home and INTRO in home
    assert f"{HUB_NAME} adalah katalog hub provinsi" in home  # the footer names the hub
    assert 'class="kt-regencymap"' in home and "Kota Surabaya" in home  # the regency map
    assert PRIMARY in (site / "assets/katalog/katalog.css").read_text(encoding="utf-8")
    assert (site / "assets/hub/logo.svg").is_file()
    # Only its province: its own entry and national's, not another province's.
    assert (site / f"inovasi/{PROVINCE}/galeri-batik/index.html").is_file()
    assert (site / f"inovasi/{PROVINCE}/pasar-nasional/index.html").is_file()
    assert not (site / "inovasi/jawa-barat").exists()
    assert "[SINTETIS] Galeri Batik Hub" in page(site, "sektor/batik-uji/")
    assert "[SINTETIS] Pasar dari Nasional" in page(site, "sektor/kelautan-uji/")
    # National's new plugin option reached the hub (one card per page: two pages), and so did
    # its description.
    assert (site / f"provinsi/{PROVINCE}/2/index.html").is_file()
    assert "Deskripsi nasional baru [SINTETIS]." in page(site, "data/")

    # The hub's pull request to national carries only hub-owned paths.
    git(hub, "fetch", "-q", "origin")
    changed = git(hub, "diff", "--name-only", "origin/main...HEAD").split()
    assert changed, "the hub changed nothing?"
    owned = (f"hubs/{PROVINCE}/", f"content/innovations/{PROVINCE}/")
    assert [path for path in changed if not path.startswith(owned)] == []

    # National merges it and builds both sites.
    git(national, "pull", "-q", "--no-rebase", "--no-edit", str(hub), "main")
    national_site = build(national)
    assert (national_site / f"inovasi/{PROVINCE}/galeri-batik/index.html").is_file()
    assert (national_site / "inovasi/jawa-barat/lain-provinsi/index.html").is_file()
    assert "[SINTETIS] Galeri Batik Hub" in page(national_site, "sektor/batik-uji/")
    assert "kt-hub-footer" not in page(national_site, "")
    assert f'href="{HUB_SITE}"' in page(national_site, "hub/")  # the hub declares its address
    hub_site = build(national, PROVINCE)
    assert HUB_NAME in page(hub_site, "") and not (hub_site / "inovasi/jawa-barat").exists()


def test_make_refuses_a_hub_that_does_not_exist(tmp_path: Path) -> None:
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, tmp_path / name)
    done = subprocess.run(
        ["make", "build", "HUB=jawa-timor"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "hub 'jawa-timor' tidak ada" in done.stderr
    assert not (tmp_path / ".venv").exists()  # refused before setting anything up
