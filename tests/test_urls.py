"""One URL authority: a site built with every URL pattern changed links none of the defaults,
and every internal link of every output file resolves, with default and changed patterns."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from generator.urls import DEFAULT_PATTERNS, UrlPatterns, overview_url

from .linkcheck import broken_links, internal_links
from .site_fixture import ROOT, build_site

SITE_URL = "https://katalog.example.org/"
# Every `*_url` plugin option, moved somewhere no default lives.
MOVED = {
    "entry_url": "program/{id}/",
    "province_url": "wilayah/{slug}/",
    "regency_url": "daerah/{slug}/",
    "sector_url": "bidang/{slug}/",
    "sdg_url": "tujuan/{slug}/",
    "year_url": "mulai/{slug}/",
    "award_url": "apresiasi/{slug}/",
    "replication_url": "adopsi/",
    "province_replication_url": "wilayah/{slug}/adopsi/",
}
DEFAULT_HEADS = sorted(
    {overview_url(getattr(DEFAULT_PATTERNS, f.name)) for f in fields(UrlPatterns)} - {"/"}
)
# A site path as text: a default head, folders, and the end of the URL (`provinsi/slug` in a
# sentence is the id format, not a path: it has no trailing slash).
HEADS = "|".join(re.escape(head) for head in DEFAULT_HEADS)
DEFAULT_PATH = re.compile(rf"(?<![\w-])(?:{HEADS})(?:[\w.%-]+/)*(?=[\"'<\s?#,;)\]]|$)")


def _nav(options: dict[str, str]) -> list[object]:
    def overview(option: str) -> str:
        return overview_url(options[option]) + "index.md"

    return [
        {"Beranda": "index.md"},
        {"Provinsi": overview("province_url")},
        {"Kabupaten/kota": overview("regency_url")},
        {"Sektor": overview("sector_url")},
        {"TPB/SDG": overview("sdg_url")},
        {"Tahun": overview("year_url")},
        {"Penghargaan": overview("award_url")},
        {"Replikasi": options["replication_url"] + "index.md"},
        {"Tentang": "tentang.md"},
    ]


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # The JSON exports kept in the site (not in the fixture repository's release), so the link
    # check reads their URLs too.
    return build_site(
        tmp_path_factory.mktemp("moved"), nav=_nav(MOVED), search=True, release_exports=False,
        **MOVED,
    )  # fmt: skip


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("default"), search=True)


def test_every_pattern_has_its_option_in_the_moved_build() -> None:
    options = {f"{f.name}_url" for f in fields(UrlPatterns)} - {"page_url"}
    assert options == set(MOVED)


def test_moved_build_links_no_default_path(moved_site: Path) -> None:
    links = list(internal_links(moved_site, SITE_URL))
    assert len(links) > 1000  # the check reads every format, not one page
    sources = {link.source for link in links}
    for kind in ("feed.xml", "sitemap.xml", "data/katalog.json", "data/katalog.csv",
                 "data/katalog-lengkap.json.gz", "search/meta.json", "cari/baris.json",
                 "index.html"):  # fmt: skip
        assert kind in sources, kind
    stale = [str(link) for link in links if link.target.startswith(tuple(DEFAULT_HEADS))]
    assert not stale, "\n".join(stale[:20])
    assert (moved_site / "program/jawa-barat/antrean-puskesmas-daring/index.html").is_file()
    assert (moved_site / "wilayah/jawa-barat/adopsi/index.html").is_file()
    assert not (moved_site / "inovasi").exists() and not (moved_site / "provinsi").exists()


def test_moved_build_has_no_default_path_in_any_file(moved_site: Path) -> None:
    """Beyond links: no output file spells a default path at all (scripts, metadata, data)."""
    found = []
    for path in sorted(moved_site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".xml", ".js"):
            for match in DEFAULT_PATH.finditer(path.read_text(encoding="utf-8-sig")):
                found.append(f"{path.relative_to(moved_site)}: {match.group(0)}")
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("which", ["default", "moved"])
def test_every_internal_link_resolves(which: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(f"{which}_site")
    broken = broken_links(site, SITE_URL)
    assert not broken, "\n".join(broken[:20])


def test_no_module_but_urls_spells_a_default_pattern() -> None:
    """Scripts and templates get their URLs from the patterns; a literal default is a bug."""
    default = re.compile(rf"[\"'](?:\.\./)*(?:{HEADS})")
    offenders = []
    for path in sorted((ROOT / "generator").rglob("*")):
        if path.suffix in (".py", ".js", ".html") and path.name != "urls.py":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if default.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)
