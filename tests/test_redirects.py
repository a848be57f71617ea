"""Stable URLs: a renamed entry's former ids get pages that lead to its page now, listed nowhere."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from generator.entries.catalogue import load_catalogue
from generator.entries.messages import format_problem
from tests.site_fixture import FIXTURE, build_site

RENAMED = "jawa-barat/cek-izin-usaha"
FORMER = ("jawa-barat/cek-izin", "jawa-tengah/izin-usaha-lama")


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations", symlinks=True)
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    return content


def _add_redirects(content: Path, entry_id: str, former: tuple[str, ...]) -> int:
    """Insert `redirect_from` into the entry's front matter; returns the line of its first item."""
    path = content / "innovations" / f"{entry_id}.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    closing = lines.index("---", 1)
    lines[closing:closing] = ["redirect_from:", *(f"  - {f}" for f in former)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return closing + 2


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("redirects")
    content = _content(folder)
    _add_redirects(content, RENAMED, FORMER)
    return build_site(folder / "build", content_dir=content, search=True)


def test_each_former_id_has_a_page_leading_to_the_new_url(site: Path) -> None:
    assert (site / "inovasi" / RENAMED / "index.html").is_file()
    for former in FORMER:
        page = (site / "inovasi" / former / "index.html").read_text(encoding="utf-8")
        target = f"../../../inovasi/{RENAMED}/"
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in page
        assert (
            f'<link rel="canonical" href="https://katalog.example.org/inovasi/{RENAMED}/">' in page
        )
        assert '<meta name="robots" content="noindex">' in page
        # the visible sentence, in Indonesian, with the link and the entry's (escaped) title
        assert re.search(
            rf'Inovasi ini sekarang ada di <a href="{re.escape(target)}">'
            r"\[UJI\] Cek Izin Usaha</a>",
            page,
        )
        # the relative target resolves to the entry's real page
        resolved = (site / "inovasi" / former / target).resolve() / "index.html"
        assert resolved == (site / "inovasi" / RENAMED / "index.html").resolve()


def test_redirect_pages_are_in_no_sitemap_index_or_search(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text()
    assert f"/inovasi/{RENAMED}/" in sitemap
    for former in FORMER:
        assert f"/inovasi/{former}/" not in sitemap
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in {".html", ".json", ".xml", ".csv"}:
            continue
        if any(f"inovasi/{former}" in path.as_posix() for former in FORMER):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for former in FORMER:
            # the open data may name former ids as data (redirect_from); no page links there
            if path.parent.name == "data":
                continue
            assert f"inovasi/{former}/" not in text, path
    index = json.loads((site / "search" / "meta.json").read_text())
    assert all(former not in json.dumps(index) for former in FORMER)
    for shard in (site / "search").rglob("*.json"):
        assert all(f"inovasi/{former}" not in shard.read_text() for former in FORMER), shard


def test_a_former_id_that_is_a_live_entry_is_an_error_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    line = _add_redirects(
        content, RENAMED, ("jawa-barat/cek-lama", "jawa-barat/bank-sampah-digital")
    )
    catalogue = load_catalogue(Path("content"))
    (problem,) = [p for p in catalogue.errors if p.key.startswith("redirect_from")]
    assert format_problem(problem) == (
        f"content/innovations/{RENAMED}.md:{line + 1}: error: redirect_from[1]: "
        "id lama 'jawa-barat/bank-sampah-digital' masih dipakai oleh entri yang ada; "
        "hapus baris ini (entri itu sendiri yang tayang di alamat tersebut)"
    )


def test_a_former_id_claimed_by_two_entries_is_an_error_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path)
    monkeypatch.chdir(tmp_path)
    first = _add_redirects(content, RENAMED, ("jawa-barat/izin-lama",))
    other = "jawa-barat/bank-sampah-digital"
    line = _add_redirects(content, other, ("bali/x-y", "jawa-barat/izin-lama"))
    catalogue = load_catalogue(Path("content"))
    problems = [p for p in catalogue.errors if p.key.startswith("redirect_from")]
    fix = "satu alamat lama hanya dapat mengarah ke satu entri: hapus salah satunya"
    assert [format_problem(p) for p in problems] == [
        f"content/innovations/{other}.md:{line + 1}: error: redirect_from[1]: id lama "
        f"'jawa-barat/izin-lama' juga dialihkan oleh {RENAMED}; {fix}",
        f"content/innovations/{RENAMED}.md:{first}: error: redirect_from[0]: id lama "
        f"'jawa-barat/izin-lama' juga dialihkan oleh {other}; {fix}",
    ]
