"""`katalog pages --out DIR`: the same pages as the MkDocs build, as fragments for other engines."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.site.portable import MANIFEST

from .site_fixture import FIXTURE, build_site, site_files


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


def _theme_free(files: dict[str, bytes]) -> dict[str, bytes]:
    """The site's own files, not the theme's: search, open data, form, media, our stylesheet."""
    ours = ("search/", "data/", "kontribusi/", "assets/katalog/", "assets/search/", "inovasi/")
    return {
        path: content
        for path, content in files.items()
        if (path.startswith(ours) and not path.endswith(".html")) or path == "feed.xml"
    }


def test_pages_writes_every_file_of_the_mkdocs_build_but_the_theme(tmp_path: Path) -> None:
    site = build_site(tmp_path / "mkdocs", search=True)
    out = tmp_path / "portable"
    config = tmp_path / "mkdocs" / "mkdocs.yml"  # the very config the site was built with
    result = CliRunner().invoke(main, ["pages", "--config", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    built, portable = _theme_free(site_files(site)), _theme_free(site_files(out))
    assert any(path.startswith("search/docs/") for path in built)
    assert any(path.endswith(".png") for path in built)
    assert sorted(portable) == sorted(built)
    assert [path for path in built if built[path] != portable[path]] == []
    pages = {p for p in site_files(out) if p.endswith("index.html")}
    mkdocs_pages = {p for p in site_files(site) if p.endswith("index.html")}
    docs_pages = {f"{p.stem}/index.html" for p in (FIXTURE / "docs").glob("*.md")}
    assert docs_pages and pages == mkdocs_pages - docs_pages  # docs/ pages are the engine's


def test_pages_into_a_used_folder_removes_what_the_site_no_longer_has(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    out = tmp_path / "out"
    args = ["pages", "--content", str(content), "--out", str(out), "--page-size", "2"]
    assert CliRunner().invoke(main, args).exit_code == 0
    gone = "inovasi/jawa-tengah/akta-kelahiran-kilat/"
    assert (out / gone / "index.html").is_file() and (out / gone / "loket.png").is_file()
    (content / "innovations/jawa-tengah/akta-kelahiran-kilat.md").unlink()
    shutil.rmtree(content / "innovations/jawa-tengah/akta-kelahiran-kilat")
    (out / "mine.txt").write_text("not the generator's", encoding="utf-8")
    assert CliRunner().invoke(main, args).exit_code == 0
    assert not (out / gone).exists()
    assert (out / "mine.txt").is_file()  # only files the generator wrote are removed


def _pages(content: Path, out: Path) -> Result:
    return CliRunner().invoke(main, ["pages", "--content", str(content), "--out", str(out)])


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_pages_into_its_own_previous_output_equals_a_clean_write(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    out = tmp_path / "used"
    assert _pages(content, out).exit_code == 0
    assert (out / "inovasi/bali/sekolah-pantai/index.html").is_file()
    (out / "catatan-saya.txt").write_text("milik pengguna", encoding="utf-8")
    (content / "innovations/bali/sekolah-pantai.md").unlink()  # Bali's only entry
    result = _pages(content, out)
    assert result.exit_code == 0, result.output
    assert _pages(content, tmp_path / "clean").exit_code == 0
    used = _tree(out)
    assert used.pop("catatan-saya.txt") == b"milik pengguna"  # not ours: kept
    assert used == _tree(tmp_path / "clean")
    assert not (out / "inovasi/bali").exists()  # no empty folders left behind either


def test_pages_refuses_a_used_folder_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "index.html").write_text("halaman saya", encoding="utf-8")
    result = _pages(FIXTURE, out)
    assert result.exit_code == 1
    assert "bukan keluaran `katalog pages`" in result.output and "Traceback" not in result.output
    assert _tree(out) == {"index.html": b"halaman saya"}


def test_a_tampered_manifest_cannot_delete_outside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _pages(FIXTURE, out).exit_code == 0
    victim = tmp_path / "victim.txt"
    victim.write_text("x", encoding="utf-8")
    (out / MANIFEST).write_text("../victim.txt\n", encoding="utf-8")
    result = _pages(FIXTURE, out)
    assert result.exit_code == 1 and "outside the site folder" in result.output
    assert victim.exists()
