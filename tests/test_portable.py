"""`katalog pages --out DIR`: the same pages as the MkDocs build, as fragments for other engines."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from generator.cli import main

from .site_fixture import FIXTURE, build_site


def test_pages_writes_every_page_the_site_has(tmp_path: Path) -> None:
    out = tmp_path / "fragments"
    result = CliRunner().invoke(
        main, ["pages", "--content", str(FIXTURE), "--out", str(out), "--page-size", "2"]
    )
    assert result.exit_code == 0, result.output
    fragments = {p.parent.relative_to(out).as_posix() for p in out.rglob("index.html")}
    site = build_site(tmp_path / "mkdocs")
    entry_pages = {
        p.parent.relative_to(site).as_posix() for p in (site / "inovasi").rglob("index.html")
    }
    assert entry_pages and entry_pages <= fragments
    text = (out / "inovasi/jawa-barat/bank-sampah-digital/index.html").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["title"] == "[UJI] Bank Sampah Digital"
    assert meta["url"] == "/inovasi/jawa-barat/bank-sampah-digital/"
    assert "Fakta inovasi" in body and "<html" not in body


def test_pages_refuses_content_with_errors(tmp_path: Path) -> None:
    invalid = FIXTURE.parents[0] / "invalid"
    result = CliRunner().invoke(main, ["pages", "--content", str(invalid), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "error" in result.output
    assert not list(tmp_path.rglob("index.html"))
