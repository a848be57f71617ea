"""Pages of the fixture catalogue (synthetic) against golden snapshots, and body sanitising."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.entries.catalogue import load_catalogue
from generator.settings import SiteSettings
from generator.site.bodies import render_body
from generator.site.plan import build_site, plan_pages
from generator.site.rendering import body_renderer, render_page
from tests.site_fixture import FIXTURE

GOLDEN = Path(__file__).parent / "golden" / "site"
# Refresh with `pytest --update-golden` (or KATALOG_UPDATE_GOLDEN=1), then review the diff.
SNAPSHOTS = (
    "",
    "provinsi/",
    "provinsi/jawa-barat/",
    "provinsi/jawa-barat/2/",
    "provinsi/jawa-barat/replikasi/",
    "sdg/16/",
    "tahun/",
    "penghargaan/kipp/",
    "kabupaten-kota/",
    "kabupaten-kota/32.75/",
    "replikasi/",
    "inovasi/jawa-barat/antrean-puskesmas-daring/",
    "inovasi/jawa-tengah/akta-kelahiran-kilat/",
    "inovasi/dki-jakarta/konten-berbahaya/",
)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    catalogue = load_catalogue(FIXTURE)
    settings = SiteSettings(repo_edit_url="https://github.com/contoh/uji/edit/main/", page_size=2)
    site = build_site(catalogue, settings)
    body_of = body_renderer(site)
    rendered = {}
    for job in plan_pages(site):
        page = render_page(site, job, body_of)
        rendered[job.url] = f"title: {page.title}\ndescription: {page.description}\n\n{page.body}"
    return rendered


@pytest.mark.parametrize("url", SNAPSHOTS)
def test_page_matches_golden(url: str, pages: dict[str, str], update_golden: bool) -> None:
    golden = GOLDEN / ((url.strip("/").replace("/", "__") or "home") + ".html")
    if update_golden or os.environ.get("KATALOG_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[url], encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden}; run pytest --update-golden"
    assert pages[url] == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_a_snapshot() -> None:
    names = {(u.strip("/").replace("/", "__") or "home") + ".html" for u in SNAPSHOTS}
    assert {p.name for p in GOLDEN.glob("*.html")} == names


def test_no_page_grows_beyond_a_fixed_size(pages: dict[str, str]) -> None:
    # page_size 2 here: a term page holds two cards, whatever the catalogue's size.
    assert max(len(body) for url, body in pages.items() if url.startswith("sdg/16/")) < 8000


HOSTILE = {
    "<script>alert(1)</script>": "<script",
    '<a href="javascript:alert(1)">x</a>': "javascript:",
    "[x](javascript:alert(1))": "javascript:",
    '<img src="a.png" onerror="alert(1)">': "onerror",
    '<p onclick="alert(1)">x</p>': "onclick",
    '<iframe src="https://evil.example.org/embed/x"></iframe>': "evil",
    '<iframe src="javascript:alert(1)"></iframe>': "<iframe",
    "<svg onload=alert(1)></svg>": "<svg",
    '<a href="JaVaScRiPt:alert(1)">x</a>': "alert",
    '<a href="java&#x09;script:alert(1)">x</a>': "alert",
    "<object data=x></object><embed src=x>": "<object",
    '<form action="https://x.example"><input></form>': "<form",
    '<meta http-equiv="refresh" content="0;url=https://x.example">': "refresh",
    "<style>body{display:none}</style>": "<style",
    '<base href="https://x.example/">': "<base",
}


@pytest.mark.parametrize("markdown", sorted(HOSTILE))
def test_hostile_body_markup_does_not_survive(markdown: str) -> None:
    html = render_body(f"Teks.\n\n{markdown}\n")
    assert HOSTILE[markdown] not in html.lower()


def test_allowed_markup_survives() -> None:
    html = render_body(
        "## Judul\n\n**tebal** [tautan](https://example.org)\n\n| a |\n|---|\n| 1 |\n\n"
        '<iframe src="https://www.youtube.com/embed/abc123"></iframe>\n\n'
        "![foto](contoh/foto.png)\n",
        "contoh/",
    )
    assert "<h2>Judul</h2>" in html and "<strong>tebal</strong>" in html and "<table>" in html
    assert 'src="https://www.youtube.com/embed/abc123"' in html and 'title="Video"' in html
    assert 'src="foto.png"' in html  # media beside the entry's page
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_level_one_heading_becomes_level_two() -> None:
    assert render_body("# Judul\n") == "<h2>Judul</h2>\n"


def test_card_excerpt_cuts_at_a_word_and_keeps_short_text_whole() -> None:
    from generator.site.rendering import excerpt

    assert excerpt("Layanan antrean daring.", 140) == "Layanan antrean daring."
    cut = excerpt("kata " * 60, 40)
    assert len(cut) <= 40 and cut.endswith("…") and not cut.endswith(" …")
    assert cut[:-1] == ("kata " * 60)[: len(cut) - 1]
    # one long word has no boundary: cut inside it rather than return nothing
    assert excerpt("x" * 300, 40) == "x" * 39 + "…"
