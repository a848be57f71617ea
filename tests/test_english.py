"""English pages: only for entries with `translations.en`, linked both ways, English chrome from
the one message table, the body marked as Indonesian, and search that finds English words."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from generator.entries.catalogue import load_catalogue
from generator.labels import (
    AGENCY_TYPE_LABELS,
    REPLICATION_STATUS_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
)
from generator.search.index import build_index_files
from generator.settings import SiteSettings
from generator.site.languages import ENGLISH_BY_INDONESIAN
from generator.site.rendering import TEMPLATES_DIR
from tests.site_fixture import FIXTURE, build_site
from tests.test_search import ENGINE_JS, ENGINE_RUNNER

SITE_URL = "https://katalog.example.org/"
TRANSLATED = "bali/sekolah-pantai"  # the fixture entry with translations.en


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("english"))


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)">', html))


def test_english_pages_exist_only_for_translated_entries(site: Path) -> None:
    catalogue = load_catalogue(FIXTURE)
    translated = {e.id for e in catalogue.entries if e.translation_en is not None}
    assert translated == {TRANSLATED}
    english = {
        p.parent.relative_to(site / "en/inovasi").as_posix()
        for p in (site / "en/inovasi").rglob("index.html")
    }
    assert english == translated
    untranslated = (site / "inovasi/jawa-barat/cek-izin-usaha/index.html").read_text("utf-8")
    assert _alternates(untranslated) == {}
    assert 'class="kt-language"' not in untranslated


def test_the_hreflang_pair_is_reciprocal_and_each_page_links_the_other(site: Path) -> None:
    indonesian = (site / "inovasi" / TRANSLATED / "index.html").read_text("utf-8")
    english = (site / "en/inovasi" / TRANSLATED / "index.html").read_text("utf-8")
    pair = {"id": f"{SITE_URL}inovasi/{TRANSLATED}/", "en": f"{SITE_URL}en/inovasi/{TRANSLATED}/"}
    assert _alternates(indonesian) == pair
    assert _alternates(english) == pair
    assert f'<link rel="canonical" href="{pair["en"]}">' in english
    switch = r'<p class="kt-language"><a href="([^"]+)" hreflang="(\w+)" lang="\w+">([^<]+)</a>'
    to_english = re.search(switch, indonesian)
    to_indonesian = re.search(switch, english)
    assert to_english and to_english.group(2) == "en" and to_english.group(3) == "Read in English"
    assert to_indonesian and to_indonesian.group(2) == "id"
    here = site / "inovasi" / TRANSLATED
    assert (here / to_english.group(1)).resolve() == (site / "en/inovasi" / TRANSLATED).resolve()
    there = site / "en/inovasi" / TRANSLATED
    assert (there / to_indonesian.group(1)).resolve() == here.resolve()


def test_the_english_page_is_english_and_links_to_the_indonesian_body(site: Path) -> None:
    html = (site / "en/inovasi" / TRANSLATED / "index.html").read_text("utf-8")
    assert "<!doctype html>" in html[:40] and '<html lang="en"' in html
    article = html[html.index("<article") : html.index("</article>")]
    for english in (
        "<h1>[TEST] Beach School</h1>",
        "Synthetic test data: environmental education classes",
        "Innovation facts",
        ">Education</a>",  # sector name_en
        'title="Quality Education">SDG 4<',  # SDG name_en
        "West Java",  # the origin's province, in English
        "City government",
        # no "Implementation": the entry states no stage, and facts show only when stated
    ):
        assert english in article, english
    # The body is written in Indonesian only: the page links to it rather than repeating it.
    indonesian_page = (site / "inovasi" / TRANSLATED / "index.html").read_text("utf-8")
    assert "Kelas di pantai (uji)." in indonesian_page
    assert "Kelas di pantai (uji)." not in html
    body = re.search(r'<div class="kt-body"><p>([^<]*) <a href="([^"]+)" hreflang="id">', article)
    assert body and body.group(1).startswith("The full description of this innovation")
    there = site / "en/inovasi" / TRANSLATED
    assert (there / body.group(2)).resolve() == (site / "inovasi" / TRANSLATED).resolve()
    for indonesian in ("Fakta inovasi", "<dt>Sektor", "Pemerintah kota", "TPB 4"):
        assert indonesian not in article, indonesian
    service = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)  # type: ignore[union-attr]
    )
    assert service["name"] == "[TEST] Beach School"


def test_every_chrome_string_has_its_english() -> None:
    """The templates' `t("...")` strings and the labels of stored values, all in the table."""
    used = set()
    for template in TEMPLATES_DIR.glob("*.html"):
        used |= set(re.findall(r'\bt\("([^"]+)"\)', template.read_text("utf-8")))
    for table in (AGENCY_TYPE_LABELS, STAGE_LABELS, STATUS_LABELS, REPLICATION_STATUS_LABELS):
        used |= set(table.values())
    assert "Fakta inovasi" in used
    missing = sorted(used - set(ENGLISH_BY_INDONESIAN))
    assert not missing, missing


def test_search_finds_a_translated_entry_by_its_english_words(tmp_path: Path) -> None:
    catalogue = load_catalogue(FIXTURE)
    for output in build_index_files(catalogue, SiteSettings()):
        (tmp_path / output.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / output.path).write_bytes(output.content)
    queries = [{"text": "beach school"}, {"text": "coastal pupils"}]
    done = subprocess.run(
        ["node", "-e", ENGINE_RUNNER, str(ENGINE_JS), str(tmp_path), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    results = json.loads(done.stdout)
    assert [r["ids"] for r in results] == [[TRANSLATED], [TRANSLATED]]
