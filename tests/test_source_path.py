"""`Entry.source_path` is the repository path, the same from any working folder: edit links,
exports and the form name the file as the repository does, never as an absolute path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.entries.catalogue import load_catalogue
from generator.opendata.exports import build_json
from generator.opendata.form import form_vocabulary
from generator.settings import SiteSettings

from .site_fixture import FIXTURE, ROOT, build_site

CONTENT = ROOT / "content"


def _sources(content: Path) -> list[str]:
    return [e.source_path for e in load_catalogue(content).entries]


def test_source_path_is_the_repository_path_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    at_root = _sources(Path("content"))
    assert at_root and all(s.startswith("content/innovations/") for s in at_root)
    catalogue = load_catalogue(Path("content"))
    assert all(e.source_path == f"content/innovations/{e.id}.md" for e in catalogue.entries)
    monkeypatch.chdir(tmp_path)
    assert _sources(CONTENT) == at_root  # absolute content folder, elsewhere
    monkeypatch.chdir(CONTENT / "innovations")
    assert _sources(Path("../")) == at_root  # relative, from inside it


def test_exports_and_form_use_the_same_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    catalogue = load_catalogue(CONTENT)
    records = json.loads(build_json(catalogue, SiteSettings()))["entries"]
    assert [r["source"] for r in records] == [e.source_path for e in catalogue.entries]
    settings = SiteSettings(repo_edit_url="https://github.com/org/katalog/edit/main/")
    vocab = form_vocabulary(catalogue, settings)
    assert vocab["content_path"] == "content/innovations"
    assert vocab["new_file_url"] == "https://github.com/org/katalog/new/main/content/innovations/"


def _edit_links(site: Path) -> dict[str, str]:
    links = {}
    for page in sorted((site / "inovasi").rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        start = html.index('href="https://github.com/contoh/katalog-uji/edit/main/')
        links[page.parent.relative_to(site).as_posix()] = html[start : html.index('"', start + 6)]
    return links


def test_a_build_from_another_folder_publishes_the_same_edit_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    here = _edit_links(build_site(tmp_path / "here"))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    there = _edit_links(build_site(tmp_path / "there"))
    assert here == there and len(here) == len(list((FIXTURE / "innovations").glob("*/*.md")))
    name = FIXTURE.relative_to(ROOT).as_posix()  # the repository path: the fixture is in tests/
    edit = here["inovasi/bali/sekolah-pantai"]
    assert (
        edit
        == f'href="https://github.com/contoh/katalog-uji/edit/main/{name}/innovations/bali/sekolah-pantai.md'
    )
