"""Pages of the fixture catalogue (synthetic) against golden snapshots, and body sanitising."""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest

from generator.entries.catalogue import load_catalogue
from generator.settings import SiteSettings
from generator.site.bodies import html_depth, render_body
from generator.site.bodycache import EntryBodies
from generator.site.plan import build_site, plan_pages
from generator.site.rendering import render_page
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
    body_of = EntryBodies(site.catalogue.entries)
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
        '<iframe src="https://www.youtube.com/embed/abc123DEF-_"></iframe>\n\n'
        "![foto](contoh/foto.png)\n",
        "contoh/",
    )
    assert "<h2>Judul</h2>" in html and "<strong>tebal</strong>" in html and "<table>" in html
    assert 'src="https://www.youtube.com/embed/abc123DEF-_"' in html and 'title="Video"' in html
    assert 'src="foto.png"' in html  # media beside the entry's page
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_level_one_heading_becomes_level_two() -> None:
    assert render_body("# Judul\n") == "<h2>Judul</h2>"


VIDEO = "dQw4w9WgXcQ"
# Each is refused outright: the browser would load another host or path than the allow-list saw.
HOSTILE_EMBEDS = [
    f"https://evil.example\\@www.youtube.com/embed/{VIDEO}",  # WHATWG: `\` is `/`
    f"https://evil.example\\.www.youtube.com/embed/{VIDEO}",
    f"https://www.youtube.com@evil.example/embed/{VIDEO}",
    f"https://www.youtube.com.evil.example/embed/{VIDEO}",
    f"https://www.youtube.com%2fevil.example/embed/{VIDEO}",
    f"https://www.youtube.com%40evil.example/embed/{VIDEO}",
    f"https://www.you&#x09;tube.com@evil.example/embed/{VIDEO}",
    "https://www.youtube.com/embed/../../watch?v=" + VIDEO,
    "https://www.youtube.com/embed/%2e%2e/%2e%2e/watch",
    "https://www.youtube.com/embed/x",  # not a video id
    f"http://www.youtube.com/embed/{VIDEO}",
    f"//www.youtube.com/embed/{VIDEO}",
    f"https://www.youtube.com/watch?v={VIDEO}",
    f"https://www.youtube.com:8443/embed/{VIDEO}",
    f"javascript:alert(1)//www.youtube.com/embed/{VIDEO}",
]


@pytest.mark.parametrize("url", HOSTILE_EMBEDS)
def test_an_embed_the_browser_would_read_differently_is_dropped(url: str) -> None:
    html = render_body(f'Teks.\n\n<iframe src="{url}"></iframe>\n')
    assert "<iframe" not in html and "evil" not in html


YOUTUBE = f"https://www.youtube.com/embed/{VIDEO}"
CANONICAL_EMBEDS = {
    YOUTUBE: YOUTUBE,
    f"https://youtube.com/embed/{VIDEO}": YOUTUBE,
    f"HTTPS://WWW.YouTube.com/embed/{VIDEO}": YOUTUBE,
    f" https://www.youtube-nocookie.com/embed/{VIDEO}\n": (
        f"https://www.youtube-nocookie.com/embed/{VIDEO}"
    ),
    f"{YOUTUBE}?start=30&amp;autoplay=1&amp;rel=0": f"{YOUTUBE}?start=30&amp;rel=0",
}


@pytest.mark.parametrize("url", sorted(CANONICAL_EMBEDS))
def test_a_youtube_embed_is_published_in_its_canonical_form(url: str) -> None:
    html = render_body(f'<iframe src="{url}" width="560"></iframe>\n')
    assert f'src="{CANONICAL_EMBEDS[url]}"' in html


def test_an_embed_gets_fixed_permissions_whatever_the_contributor_wrote() -> None:
    html = render_body(
        f'<iframe src="https://www.youtube.com/embed/{VIDEO}" allow="camera; microphone; '
        'geolocation" sandbox="allow-top-navigation allow-popups" referrerpolicy="unsafe-url" '
        "allowfullscreen></iframe>\n"
    )
    assert html.count(" allow=") == 1 and 'allow="encrypted-media; picture-in-picture; ' in html
    assert 'sandbox="allow-scripts allow-same-origin allow-presentation"' in html
    assert 'referrerpolicy="strict-origin-when-cross-origin"' in html
    for refused in ("camera", "geolocation", "allow-top-navigation", "unsafe-url"):
        assert refused not in html
    assert render_body(html) == render_body(html)  # same bytes every run (no hash order)


@pytest.mark.parametrize(
    "src",
    [
        "contoh/javascript:alert(1)",
        "./javascript:alert(1)",
        "./contoh/javascript:alert(1)",
        "contoh/java&#x09;script:alert(1)",
        "contoh/ JaVaScRiPt:alert(1)",
        "contoh/data:text/html,<script>alert(1)</script>",
        "contoh/vbscript:x",
    ],
)
def test_a_media_prefix_never_uncovers_a_scheme(src: str) -> None:
    for markdown in (f'<img src="{src}" alt="x">', f"![x]({src.replace(' ', '')})"):
        html = render_body(markdown + "\n", "contoh/")
        for value in re.findall(r'src="([^"]*)"', html):
            # What the browser parses: entities decoded, tabs and newlines removed.
            parsed = re.sub(r"[\t\n\r]", "", unescape(value)).strip()
            assert re.match(r"[a-z][a-z0-9+.-]*:", parsed, re.IGNORECASE) is None, html
        assert "<img" in html  # the image stays (without a source), the text around it too


BIG = 250 * 1024
DEEP_BODIES = {
    "nested quotes": ">" * BIG + " x\n",
    "nested html quotes": "<blockquote>" * (BIG // 12) + "x\n",
    "nested divs": "<div>\n" * (BIG // 6) + "x\n",
    "nested lists": "- " * (BIG // 2) + "x\n",
}


@pytest.mark.parametrize("name", sorted(DEEP_BODIES))
def test_a_body_nested_beyond_the_renderers_cap_is_shown_as_text(name: str) -> None:
    markdown = DEEP_BODIES[name]
    html = render_body(markdown)
    # Bounded: the text, escaped, once; no element of the nesting survives.
    assert html.startswith("<pre>") and html.endswith("</pre>\n")
    assert len(html) < 5 * len(markdown)
    assert "<blockquote" not in html and "<div" not in html and "<li" not in html


def test_a_body_within_the_validators_depth_renders_as_html() -> None:
    quotes = render_body("> " * 16 + "kutipan\n")
    assert quotes.count("<blockquote>") == 16
    lists = render_body("".join("  " * level + "- butir\n" for level in range(16)))
    assert lists.count("<ul>") == 16
    tags = render_body("<blockquote>" * 16 + "x" + "</blockquote>" * 16 + "\n")
    assert tags.count("<blockquote>") == 16


def test_only_depth_past_the_cap_sends_a_body_to_text() -> None:
    # Just past the cap, with little growth: the depth alone decides.
    deep = render_body("<blockquote>" * 101 + "x" + "</blockquote>" * 101 + "\n")
    assert deep.startswith("<pre>")
    kept = render_body("<blockquote>" * 99 + "x" + "</blockquote>" * 99 + "\n")
    assert kept.count("<blockquote>") == 99
    # Many more tags than the cap, side by side: not deep, still HTML.
    flat = render_body(
        "".join(f"Paragraf *{n}* [tautan](https://example.org/{n})\n\n" for n in range(300))
    )
    assert flat.count("<p>") == 300 and not flat.startswith("<pre>")


def test_html_depth_counts_as_a_parser_nests() -> None:
    assert html_depth("<p>a<br>b<img src=x></p>") == 1
    assert html_depth("<ul><li><p>x</p></li></ul>") == 3
    assert html_depth("</div>" * 50 + "<div>" * 5) == 5  # stray end tags hide nothing
    assert html_depth("<div><span></div>" * 3) == 2  # an end tag closes what it encloses


def test_card_excerpt_cuts_at_a_word_and_keeps_short_text_whole() -> None:
    from generator.site.rendering import excerpt

    assert excerpt("Layanan antrean daring.", 140) == "Layanan antrean daring."
    cut = excerpt("kata " * 60, 40)
    assert len(cut) <= 40 and cut.endswith("…") and not cut.endswith(" …")
    assert cut[:-1] == ("kata " * 60)[: len(cut) - 1]
    # one long word has no boundary: cut inside it rather than return nothing
    assert excerpt("x" * 300, 40) == "x" * 39 + "…"


def test_later_index_pages_list_compact_rows_without_the_pages_own_region() -> None:
    catalogue = load_catalogue(FIXTURE)
    site = build_site(catalogue, SiteSettings(page_size=1, rows_per_page=2))
    jobs = [job for job in plan_pages(site) if job.kind == "term" and job.pages > 1]
    assert {job.key for job in jobs} >= {"provinsi", "sektor", "sdg"}
    for job in jobs:
        body = render_page(site, job, lambda _: "").body
        if job.number == 1:
            assert 'class="kt-cards"' in body and 'class="kt-rows"' not in body
            continue
        assert 'class="kt-cards"' not in body and 'class="kt-rows"' in body
        index = site.facet(job.key)
        later = site.later_members(index, job.term)
        shown = site.paging.later_slice(index.members[job.term], later, job.number)
        assert 1 <= len(shown) <= 2
        rows = re.findall(r'<li><a href="[^"]+">([^<]+)</a><br>([^<\n]+)\n(?=<li>|</ul>)', body)
        assert len(rows) == len(shown)
        for position, (title, meta) in zip(shown, rows, strict=True):
            entry = catalogue.entries[position]
            province = site.catalogue.vocab.provinces[entry.province].name
            assert unescape(title) == entry.title
            assert unescape(meta).startswith(entry.agency.name)
            # the page's own province or regency is not repeated on each of its rows
            if job.key in ("provinsi", "kabupaten-kota"):
                assert province not in meta
            else:
                assert province in meta
        # title, agency and region only: the summary and the goals are on page 1 and the entry
        assert "kt-sdg" not in body.split('class="kt-rows"')[1]
        assert not any(catalogue.entries[p].summary[:30] in body for p in shown)
