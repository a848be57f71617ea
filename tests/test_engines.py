"""A second engine for real: ProperDocs (an MkDocs 1.x continuation) builds `katalog pages --out`
with no katalog plugin and a theme of a few lines. Zensical 0.1 cannot be installed here: see
docs/engines.md for why."""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.assembly import MANIFEST
from generator.cli import main
from generator.configfile import load_settings
from generator.entries.catalogue import load_catalogue
from generator.site.plan import build_site, plan_pages

from .site_fixture import FIXTURE

# The whole theme: each page's title, and its body as `katalog pages` wrote it.
MAIN_HTML = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ 'assets/katalog/katalog.css' | url }}"></head>
<body>{{ page.content }}</body></html>
"""


def portable_to_docs(out: Path, docs: Path) -> None:
    """What docs/engines.md tells a hub to do: each `<url>/index.html` fragment becomes
    `<url>/index.md` (front matter, then HTML, which Markdown passes through); every other file
    is copied as it is."""
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.name == MANIFEST:
            continue
        target = docs / path.relative_to(out)
        if path.name == "index.html":
            target = target.with_name("index.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def test_properdocs_builds_every_entry_and_index_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    config = FIXTURE / "mkdocs.yml"
    out = tmp_path / "portable"
    result = CliRunner().invoke(main, ["pages", "--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    project = tmp_path / "properdocs"
    portable_to_docs(out, project / "docs")
    (project / "theme").mkdir()
    (project / "theme" / "main.html").write_text(MAIN_HTML, encoding="utf-8")
    (project / "properdocs.yml").write_text(
        yaml.safe_dump(
            {"site_name": "Katalog Uji", "theme": {"name": None, "custom_dir": "theme"},
             "plugins": [], "use_directory_urls": True}
        ),
        encoding="utf-8",
    )  # fmt: skip
    built = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    settings = load_settings(config)
    jobs = list(plan_pages(build_site(load_catalogue(FIXTURE), settings)))
    assert any(job.kind == "entry" for job in jobs) and any(job.kind == "term" for job in jobs)
    missing = []
    for job in jobs:
        page = site / job.url / "index.html"
        if not page.is_file():
            missing.append(job.url)
            continue
        text = page.read_text(encoding="utf-8")
        assert "<title>" in text and "---" not in text.split("<body>", 1)[1][:10], job.url
    assert missing == []
    entry = (site / "inovasi/jawa-barat/bank-sampah-digital/index.html").read_text("utf-8")
    assert f"<title>{html.escape('[UJI] Bank Sampah Digital', quote=False)}</title>" in entry
    assert "Fakta inovasi" in entry
    # (the fixture is published from a repository: katalog.csv and the JSON exports are
    # release assets)
    for data in ("search/meta.json", "data/katalog.csv.gz", "feed.xml",
                 "assets/katalog/katalog.css",
                 "inovasi/jawa-tengah/akta-kelahiran-kilat/loket.png"):  # fmt: skip
        assert (site / data).read_bytes() == (out / data).read_bytes(), data
