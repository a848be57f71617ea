"""The sitemap: one plain `sitemap.xml` for a small site; past the protocol's 50,000 URLs a file,
an index of gzipped parts that together list every page once, in order."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET

from generator.site.sitemap import MAX_URLS, build_sitemaps

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "https://contoh.github.io/katalog/"


def _locs(xml: bytes) -> list[str]:
    return [loc.text or "" for loc in ET.fromstring(xml).iter(f"{NS}loc")]


def test_a_small_site_has_one_plain_sitemap() -> None:
    urls = ["inovasi/bali/b/", "", "inovasi/aceh/a/", "inovasi/bali/b/"]
    files = build_sitemaps(BASE, urls)
    assert list(files) == ["sitemap.xml"]
    assert _locs(files["sitemap.xml"]) == [BASE, BASE + "inovasi/aceh/a/", BASE + "inovasi/bali/b/"]


def test_a_large_site_has_an_index_of_gzipped_parts_listing_every_page_once() -> None:
    urls = [f"inovasi/aceh/entri-{n:06d}/" for n in range(MAX_URLS * 2 + 7)]
    files = build_sitemaps(BASE, reversed(urls))
    parts = [f"sitemap-{n}.xml.gz" for n in (1, 2, 3)]
    assert sorted(files) == [*parts, "sitemap.xml"]
    root = ET.fromstring(files["sitemap.xml"])
    assert root.tag == f"{NS}sitemapindex"
    assert [loc.removeprefix(BASE) for loc in _locs(files["sitemap.xml"])] == parts
    plain = {}
    for name in parts:
        data = files[name]
        assert data[:2] == b"\x1f\x8b" and data[4:8] == b"\0\0\0\0"  # gzip, no timestamp
        plain[name] = gzip.decompress(data)
    assert [len(_locs(xml)) for xml in plain.values()] == [MAX_URLS, MAX_URLS, 7]
    assert [loc for xml in plain.values() for loc in _locs(xml)] == [BASE + url for url in urls]
    assert len(files["sitemap-1.xml.gz"]) * 10 < len(plain["sitemap-1.xml.gz"])
    assert build_sitemaps(BASE, urls) == files  # the same pages give the same bytes
