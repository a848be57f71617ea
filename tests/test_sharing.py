"""What search engines, data portals and chat apps read from the built fixture site: JSON-LD,
OpenGraph and Twitter cards, canonical links, feed announcements, robots.txt, the sitemap, 404."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.site_fixture import build_site

SITE_URL = "https://katalog.example.org/"
# Link previews take the title from <title> (which names the site), the description from the
# meta description and the address from the canonical link: only the image and Twitter's (X's)
# card type are tags of their own, since every byte of the head is paid on every page.
CARD_TAGS = ("description", "og:image", "twitter:card")
REPEATED_TAGS = ("og:title", "og:url", "og:site_name", "og:locale", "og:description")
SAMPLE = (
    "index.html",
    "provinsi/index.html",
    "provinsi/jawa-barat/index.html",
    "provinsi/jawa-barat/2/index.html",
    "sdg/3/index.html",
    "replikasi/index.html",
    "inovasi/jawa-barat/antrean-puskesmas-daring/index.html",
    "inovasi/jawa-tengah/akta-kelahiran-kilat/index.html",
    "inovasi/nasional/portal-pengaduan-uji/index.html",
    "tentang/index.html",
    "404.html",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("sharing"))


class _Head(HTMLParser):
    """The <head>'s meta and link tags and JSON-LD blocks of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.html_lang = ""
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = values.get("lang", "")
        elif tag == "meta" and ("property" in values or "name" in values):
            self.meta[values.get("property") or values["name"]] = values.get("content", "")
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld[-1] += data


def head(site: Path, path: str) -> _Head:
    parser = _Head()
    parser.feed((site / path).read_text(encoding="utf-8"))
    return parser


def test_every_page_carries_a_card_and_a_canonical_link(site: Path) -> None:
    for path in SAMPLE:
        tags = head(site, path)
        for name in CARD_TAGS:
            assert tags.meta.get(name), (path, name)
        assert "KATALOGSHELL" not in "".join(tags.meta.values()), path
        assert tags.meta["og:image"] == SITE_URL + "assets/images/kartu-sosial.png"
        if path != "404.html":  # served at every missing address: it has no canonical one
            url = SITE_URL + path.removesuffix("index.html")
            canonical = [link["href"] for link in tags.links if link.get("rel") == "canonical"]
            assert canonical == [url], path
        assert not [name for name in REPEATED_TAGS if name in tags.meta], path
    entry = (site / SAMPLE[6]).read_text(encoding="utf-8")
    assert "<title>[UJI] Antrean Puskesmas Daring - Katalog Uji</title>" in entry
    card = site / "assets/images/kartu-sosial.png"
    assert card.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = (int.from_bytes(card.read_bytes()[16 + 4 * i : 20 + 4 * i]) for i in (0, 1))
    assert (width, height) == (1200, 630)


def test_every_json_ld_block_parses_and_has_the_required_properties(site: Path) -> None:
    services = {}
    for path in SAMPLE:
        for block in head(site, path).json_ld:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org", path
            if data["@type"] == "GovernmentService":
                services[path] = data
    assert set(services) == {p for p in SAMPLE if p.startswith("inovasi/")}
    for path, service in services.items():
        for key in ("name", "provider", "areaServed", "category", "url"):
            assert service[key], (path, key)
        assert service["provider"]["@type"] == "GovernmentOrganization"
        assert service["url"] == SITE_URL + path.removesuffix("index.html")
    regional = services[SAMPLE[6]]
    assert regional["areaServed"]["@type"] == "AdministrativeArea"
    assert regional["areaServed"]["identifier"] == "32.73"  # Kemendagri: Kota Bandung
    assert regional["areaServed"]["containedInPlace"]["identifier"] == "32"
    assert regional["category"] == ["Kesehatan", "Tata Kelola Pemerintahan"]
    assert regional["award"] == ["Kompetisi Inovasi Pelayanan Publik (KIPP) 2020: Top 99"]
    # related services are named by their pages' URLs, the `url` of their own pages' JSON-LD
    origin = SITE_URL + "inovasi/jawa-barat/antrean-puskesmas-daring/"
    adopter = services["inovasi/jawa-tengah/akta-kelahiran-kilat/index.html"]
    assert adopter["isRelatedTo"]["url"] == origin  # it replicates the Bandung entry
    assert adopter["isRelatedTo"]["@type"] == "GovernmentService"
    assert {s["url"] for s in regional["isSimilarTo"]} == {
        SITE_URL + "inovasi/jawa-tengah/akta-kelahiran-kilat/"
    }
    # one node a page, identified by its url: no @id, and the summary is in the meta description;
    # no inLanguage, which schema.org defines for creative works, not services
    assert not [s for s in services.values() if {"@id", "description", "inLanguage"} & set(s)]
    national = services["inovasi/nasional/portal-pengaduan-uji/index.html"]
    assert national["areaServed"]["@type"] == "Country"


def test_json_ld_cannot_be_closed_by_entry_text(site: Path) -> None:
    html = (site / "inovasi/dki-jakarta/konten-berbahaya/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    assert "<" not in blocks[0]
    assert "<script>" in json.loads(blocks[0])["name"]  # the hostile title, intact as data


def _feeds(tags: _Head) -> list[str]:
    return [
        link["href"]
        for link in tags.links
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]


def test_home_announces_the_global_feed_and_each_term_page_its_own(site: Path) -> None:
    assert _feeds(head(site, "index.html")) == ["feed.xml"]
    for folder in ("provinsi", "sektor", "sdg"):
        for feed in sorted((site / folder).glob("*/feed.xml")):
            term = feed.parent
            for page in [term / "index.html", *sorted(term.glob("[0-9]*/index.html"))]:
                hrefs = _feeds(head(site, page.relative_to(site).as_posix()))
                assert len(hrefs) == 1, page
                assert (page.parent / hrefs[0]).resolve() == feed.resolve(), page
    assert _feeds(head(site, "tahun/index.html")) == []


def test_robots_names_the_sitemap_which_leaves_out_hidden_and_empty_pages(site: Path) -> None:
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert (site / "catatan-pengelola/index.html").is_file()  # published...
    assert "catatan-pengelola" not in sitemap  # ...but not announced
    assert (site / "provinsi/aceh/index.html").is_file()
    assert f"<loc>{SITE_URL}provinsi/aceh/</loc>" not in sitemap  # no entries yet
    assert head(site, "provinsi/aceh/index.html").meta["robots"].startswith("noindex")
    assert f"<loc>{SITE_URL}provinsi/bali/</loc>" in sitemap
    assert f"<loc>{SITE_URL}tentang/</loc>" in sitemap


def test_the_404_page_is_indonesian_with_a_search_box_and_the_sections(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert head(site, "404.html").html_lang == "id"
    assert "Halaman tidak ditemukan" in html and "Not found" not in html
    form = re.search(r'<form class="kt-notfound__search"[^>]*action="([^"]+)"', html)
    assert form is not None and form.group(1) == "/cari/"
    assert re.search(r'<input id="kt-notfound-q" type="search" name="q"', html)
    for section, title in (("/", "Beranda"), ("/provinsi/", "Provinsi"), ("/sdg/", "TPB/SDG"),
                           ("/replikasi/", "Replikasi"), ("/tentang/", "Tentang")):  # fmt: skip
        assert f'<li><a href="{section}">{title}</a></li>' in html, section
