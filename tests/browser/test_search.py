"""Search in a real browser, on a site built by MkDocs with the katalog plugin from the fixture
catalogue tests/catalogue/search/, served on 127.0.0.1; every other request is refused.

Material's header includes `partials/search.html` only when its own search plugin is on; until
theme_overrides/ has a header that includes ours, the test site's theme folder gets Material's
header with that one condition removed (the same change the site's own header must carry).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest

from generator.entries.catalogue import Catalogue, load_catalogue
from generator.search.stemmer import default_lexicon
from tests.browser.chromium import ARGS, AXE, CHROMIUM, require_chromium, serve_folder

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "catalogue" / "search"
VECTORS = ROOT / "tests" / "stemmer_vectors.json"
MKDOCS_YML = """\
site_name: Uji pencarian
site_url: http://127.0.0.1/
docs_dir: docs
site_dir: site
theme:
  name: material
  language: id
  font: false
  custom_dir: overrides
plugins:
  - katalog:
      content_dir: {content}
      processes: 1
"""


@dataclass
class Site:
    base: str
    catalogue: Catalogue
    folder: Path
    refused: list[str] = field(default_factory=list)


def _header_with_our_search(overrides: Path) -> None:
    header = overrides / "partials" / "header.html"
    if header.exists() and "partials/search.html" in header.read_text("utf-8"):
        return
    import material

    source = Path(material.__file__).parent / "templates" / "partials" / "header.html"
    text = source.read_text("utf-8")
    patched = re.sub(
        r'\{% if "material/search" in config\.plugins %\}.*?\{% endif %\}\s*\{% endif %\}',
        '{% include "partials/search.html" %}',
        text,
        flags=re.S,
    )
    assert patched != text, "Material's header changed: update this test's patch"
    header.parent.mkdir(parents=True, exist_ok=True)
    header.write_text(patched, "utf-8")


def build_test_site(work: Path, content: Path = FIXTURE) -> Path:
    """A site built by MkDocs with the katalog plugin from `content`, under `work/site`.
    benchmarks/search_bench.py builds its pages the same way."""
    (work / "docs").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / "cari.md", work / "docs" / "cari.md")
    shutil.copytree(ROOT / "theme_overrides", work / "overrides", dirs_exist_ok=True)
    _header_with_our_search(work / "overrides")
    (work / "mkdocs.yml").write_text(MKDOCS_YML.format(content=content), "utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")],
        check=True,
        cwd=work,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    return work / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    require_chromium()
    work = tmp_path_factory.mktemp("search-site")
    build_test_site(work)
    with serve_folder(work / "site", ranges=True) as url:  # as GitHub Pages answers Range
        yield Site(url, load_catalogue(FIXTURE), work / "site")


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))

    def guard(route: Any) -> None:
        if route.request.url.startswith(site.base):
            route.continue_()
        else:
            site.refused.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    yield pg
    context.close()
    assert errors == []


def open_search(page: Any, site: Site, query: str = "") -> None:
    page.goto(site.base + "cari/" + query)
    page.wait_for_selector("[data-kat-cari][data-state=ready]")


def result_ids(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all(
        ".kat-result__title a", "els => els.map(a => a.getAttribute('href'))"
    )
    return [h.removeprefix("../inovasi/").rstrip("/") for h in hrefs]


def status(page: Any) -> str:
    return str(page.inner_text("[data-kat-status]"))


def shown_total(page: Any) -> int:
    match = re.match(r"([\d.]+) inovasi", status(page))
    return int(match.group(1).replace(".", "")) if match else 0


def wait_ready(page: Any) -> None:
    page.wait_for_selector("[data-kat-cari][data-state=ready]")


def test_stemmer_in_the_browser_matches_the_shared_vectors(page: Any, site: Site) -> None:
    open_search(page, site)
    lexicon = default_lexicon()
    vectors = json.loads(VECTORS.read_text("utf-8"))
    got = page.evaluate(
        """([roots, stopwords, words, texts]) => {
            const s = new KatalogStemmer.Stemmer({roots, stopwords});
            return {words: words.map(w => [w, s.stem(w)]), texts: texts.map(t => [t, s.terms(t)])};
        }""",
        [
            sorted(lexicon.roots),
            sorted(lexicon.stopwords),
            [w for w, _ in vectors["words"]],
            [t for t, _ in vectors["texts"]],
        ],
    )
    assert got == vectors


def test_a_stemmed_query_finds_the_entry(page: Any, site: Site) -> None:
    open_search(page, site, "?q=pelayanan")
    ids = result_ids(page)
    assert ids[:2] == [
        "jawa-barat/melayani-warga-tanpa-antre",
        "jawa-timur/layanan-air-bersih-desa",
    ]
    assert page.locator(".kat-result mark").first.inner_text().lower() in ("melayani", "layanan")
    open_search(page, site, "?q=akta+kelahiran")
    assert result_ids(page) == ["aceh/akta-kelahiran-dari-rumah-sakit"]
    assert "1 inovasi ditemukan" in status(page)


def test_the_header_box_lists_results_while_typing(page: Any, site: Site) -> None:
    page.goto(site.base + "provinsi/")
    page.fill("#kat-search-input", "")
    page.type("#kat-search-input", "melayani", delay=20)
    page.wait_for_selector("#kat-search-results[data-query=melayani] [role=option]")
    titles = page.locator("#kat-search-results [role=option] .kat-search__title").all_inner_texts()
    assert set(titles) == {"Melayani Warga Tanpa Antre", "Layanan Air Bersih Desa"}
    assert page.get_attribute("#kat-search-input", "aria-expanded") == "true"
    assert "2 inovasi" in page.inner_text("[data-kat-box-status]")


@pytest.mark.parametrize("word", ["constructor", "__proto__", "toString"])
def test_prototype_names_are_searched_as_words(page: Any, site: Site, word: str) -> None:
    # The page fixture fails the test on any script error; a plain-object map threw here.
    open_search(page, site, f"?q={word}&provinsi={word}")
    assert result_ids(page) == []
    assert "Tidak ada" in status(page) or shown_total(page) == 0
    page.fill("#kat-search-input", "")
    page.type("#kat-search-input", word + " ", delay=10)
    page.wait_for_selector(f'#kat-search-results[data-query="{word} "]', state="attached")
    open_search(page, site, f"?q=melayani&provinsi={word}")  # an unknown slug is ignored
    assert "jawa-barat/melayani-warga-tanpa-antre" in result_ids(page)


FACET_CHOICES = {
    "provinsi": "jawa-timur",
    "sektor": "kesehatan",
    "sdg": "16",
    "penghargaan": "kipp",
    "instansi": "pemerintah-kota",
    "status": "aktif",
}


def members(catalogue: Catalogue, key: str, slug: str) -> set[str]:
    def terms(e: Any) -> set[str]:
        return {
            "provinsi": {e.province},
            "sektor": set(e.sectors),
            "sdg": {str(g) for g in e.sdgs},
            "penghargaan": {a.program for a in e.awards}
            | {f"{a.program}/{a.level}" for a in e.awards},
            "instansi": {e.agency.type},
            "status": {e.status},
        }[key]

    return {e.id for e in catalogue.entries if slug in terms(e)}


@pytest.mark.parametrize("key", sorted(FACET_CHOICES))
def test_each_filter_narrows_results_and_counts_match(page: Any, site: Site, key: str) -> None:
    slug = FACET_CHOICES[key]
    open_search(page, site)
    total = len(site.catalogue.entries)
    assert shown_total(page) == total
    expected = members(site.catalogue, key, slug)
    count_text = page.inner_text(
        f"#kat-f-{key}-{_value_index(page, key, slug)} ~ .kat-facet__count"
    )
    assert int(count_text) == len(expected)
    page.check(f"input[name={key}][value='{slug}']")
    wait_ready(page)
    page.wait_for_function(
        "n => document.querySelector('[data-kat-status]').textContent.startsWith(n + ' inovasi')",
        arg=str(len(expected)),
    )
    assert set(result_ids(page)) == expected
    assert 0 < len(expected) < total
    assert f"{key}={slug.replace('/', '%2F')}" in page.url
    # the other facets now count within the filtered results
    provinces = Counter(site.catalogue.by_id[i].province for i in expected)
    if key != "provinsi":
        for province, n in provinces.items():
            index = _value_index(page, "provinsi", province)
            assert page.inner_text(f"#kat-f-provinsi-{index} ~ .kat-facet__count") == str(n)


def _value_index(page: Any, key: str, slug: str) -> int:
    ident = page.get_attribute(f"input[name={key}][value='{slug}']", "id")
    return int(str(ident).rsplit("-", 1)[1])


def test_year_range_filter(page: Any, site: Site) -> None:
    open_search(page, site)
    page.select_option("#kat-f-tahun-from", "2016")
    wait_ready(page)
    page.select_option("#kat-f-tahun-to", "2019")
    page.wait_for_function("() => location.search.includes('tahun=2016-2019')")
    wait_ready(page)
    expected = {e.id for e in site.catalogue.entries if e.launched and 2016 <= e.launched <= 2019}
    page.wait_for_function(
        "n => document.querySelector('[data-kat-status]').textContent.startsWith(n + ' inovasi')",
        arg=str(len(expected)),
    )
    assert set(result_ids(page)) == expected


def test_a_shared_url_restores_the_view_and_back_works(page: Any, site: Site) -> None:
    open_search(page, site)
    page.fill("#kat-cari-q", "daring")
    page.press("#kat-cari-q", "Enter")
    wait_ready(page)
    page.check("input[name=provinsi][value='jawa-timur']")
    page.wait_for_function("() => location.search.includes('provinsi=jawa-timur')")
    wait_ready(page)
    page.select_option("#kat-f-tahun-from", "2015")
    page.wait_for_function("() => location.search.includes('tahun=2015-')")
    wait_ready(page)
    url, ids, text = page.url, result_ids(page), status(page)
    assert ids  # the view is not empty

    other = page.context.new_page()
    other.goto(url)
    wait_ready(other)
    assert other.input_value("#kat-cari-q") == "daring"
    assert other.is_checked("input[name=provinsi][value='jawa-timur']")
    assert other.input_value("#kat-f-tahun-from") == "2015"
    assert result_ids(other) == ids and status(other) == text
    other.close()

    page.go_back()  # undo the year
    page.wait_for_function("() => !location.search.includes('tahun=')")
    wait_ready(page)
    assert page.input_value("#kat-f-tahun-from") == ""
    assert page.is_checked("input[name=provinsi][value='jawa-timur']")
    page.go_back()  # undo the province
    page.wait_for_function("() => !location.search.includes('provinsi=')")
    wait_ready(page)
    assert not page.is_checked("input[name=provinsi][value='jawa-timur']")
    assert page.input_value("#kat-cari-q") == "daring"


def test_keyboard_only_header_search(page: Any, site: Site) -> None:
    page.goto(site.base + "provinsi/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "kat-search-input"
    page.keyboard.type("antrean puskesmas", delay=10)
    page.wait_for_selector("#kat-search-results[data-query='antrean puskesmas'] [role=option]")
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#kat-search-input", "aria-activedescendant")
    assert active and page.get_attribute(f"#{active}", "aria-selected") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url("**/inovasi/jawa-timur/antrean-puskesmas-daring/")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "kat-search-input"
    page.keyboard.press("Escape")


def test_keyboard_only_search_page(page: Any, site: Site) -> None:
    open_search(page, site)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "kat-cari-q"
    page.keyboard.type("daring")
    page.keyboard.press("Enter")
    wait_ready(page)
    page.wait_for_selector("[data-kat-results][data-query=daring] .kat-result")
    page.focus("#kat-cari-q")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and second and first != second
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.getAttribute('href')") == first
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{first.removeprefix('../')}")


def test_accessibility_axe_has_no_serious_violations(page: Any, site: Site) -> None:
    if not AXE.exists():
        pytest.fail(f"axe-core missing: run `npm install --prefix tests/browser` ({AXE})")
    open_search(page, site, "?q=layanan&sektor=kesehatan")
    page.type("#kat-search-input", "pelayanan")
    page.wait_for_selector("#kat-search-results [role=option]")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(result, indent=1)


def test_results_show_before_the_facet_counts(page: Any, site: Site) -> None:
    """A text query lists its results without waiting for facets.json (the largest search file):
    the counts follow, marked busy meanwhile."""
    open_search(page, site)
    held: list[Any] = []
    page.route("**/search/facets.json.gz*", lambda route: held.append(route))
    page.fill("#kat-cari-q", "pelayanan")
    page.wait_for_selector("[data-kat-results][data-query=pelayanan] .kat-result")
    assert result_ids(page)[:2] == [
        "jawa-barat/melayani-warga-tanpa-antre",
        "jawa-timur/layanan-air-bersih-desa",
    ]
    assert page.get_attribute("[data-kat-facets]", "aria-busy") == "true"
    assert page.get_attribute("[data-kat-cari]", "data-state") == "loading"
    index = _value_index(page, "provinsi", "jawa-barat")
    everywhere = page.inner_text(f"#kat-f-provinsi-{index} ~ .kat-facet__count")
    assert len(held) == 1
    held[0].continue_()
    wait_ready(page)
    assert page.get_attribute("[data-kat-facets]", "aria-busy") is None
    matched = {i for i in result_ids(page) if i.startswith("jawa-barat/")}
    shown = page.inner_text(f"#kat-f-provinsi-{index} ~ .kat-facet__count")
    assert int(shown) == len(matched) and shown != everywhere


def test_counts_are_announced(page: Any, site: Site) -> None:
    open_search(page, site)
    live = page.locator("[data-kat-status]")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
    page.fill("#kat-cari-q", "subak")
    page.wait_for_function(
        "() => document.querySelector('[data-kat-status]').textContent.includes('subak')"
    )
    assert status(page).startswith("1 inovasi ditemukan untuk “subak”")


def test_fits_a_360px_screen(browser: Any, site: Site) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(site.base + "cari/?q=pelayanan")
    page.wait_for_selector("[data-kat-cari][data-state=ready]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click(".kat-search__toggle")
    page.keyboard.type("puskesmas")
    page.wait_for_selector("#kat-search-results [role=option]")
    box = page.locator(".kat-search__panel").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    context.close()


def test_without_javascript_the_page_links_to_the_index_pages(browser: Any, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.base + "cari/")
    links = page.eval_on_selector_all(
        "[data-kat-fallback] a", "els => els.map(a => a.getAttribute('href'))"
    )
    heads = ["provinsi", "kabupaten-kota", "sektor", "sdg", "tahun", "penghargaan"]
    assert links == [f"../{head}/" for head in heads]
    assert page.locator("[data-kat-fallback]").is_visible()
    assert not page.locator("[data-kat-ui]").is_visible()
    # the header box is built by its script: without it the page's own form is the search
    assert page.locator("#kat-search-form").count() == 0
    assert page.locator(".kat-search").count() == 1 and page.locator(".kat-search > *").count() == 0
    context.close()


def test_the_header_box_is_built_into_its_container_and_submits_to_the_search_page(
    page: Any, site: Site
) -> None:
    """Pages carry only the box's container (it is on every page); the script builds the same
    form as before: a labelled search landmark whose query goes to /cari/."""
    page.goto(site.base + "inovasi/jawa-timur/antrean-puskesmas-daring/")
    form = page.locator(".kat-search > form#kat-search-form")
    assert form.get_attribute("role") == "search" and form.get_attribute("aria-label")
    assert form.get_attribute("action") == "../../../cari/"
    query = page.locator("#kat-search-input")
    assert query.get_attribute("name") == "q" and query.get_attribute("aria-label")
    assert query.get_attribute("role") == "combobox"
    assert page.locator("#kat-search-results[role=listbox]").count() == 1
    page.focus("#kat-search-input")
    page.keyboard.type("subak")
    page.keyboard.press("Enter")  # no option chosen: the form goes to the search page
    page.wait_for_url("**/cari/?q=subak")
    wait_ready(page)
    assert page.input_value("#kat-cari-q") == "subak"


def test_no_request_leaves_the_site(page: Any, site: Site) -> None:
    site.refused.clear()
    open_search(page, site, "?q=pelayanan&provinsi=jawa-barat")
    page.type("#kat-search-input", "akta")
    page.wait_for_selector("#kat-search-results [role=option]")
    assert site.refused == []


def phone(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    return context, context.new_page()


def in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return bool(box) and box["y"] >= 0 and box["y"] + box["height"] <= 740


def test_on_a_phone_ticking_a_filter_keeps_the_count_in_view(browser: Any, site: Site) -> None:
    context, page = phone(browser)
    open_search(page, site)
    toggle = page.locator(".kat-cari__filters-summary")
    assert toggle.is_visible() and "Saring" in toggle.inner_text()
    assert not page.locator("[data-kat-filter-count]").is_visible()  # nothing active yet
    toggle.click()
    box = page.locator("input[name=sektor][value='kesehatan']")
    box.scroll_into_view_if_needed()
    box.check()
    expected = len(members(site.catalogue, "sektor", "kesehatan"))
    page.wait_for_function(
        "n => document.querySelector('[data-kat-status]').textContent.startsWith(n + ' inovasi')",
        arg=str(expected),
    )
    assert in_viewport(page, "[data-kat-status]")
    assert page.inner_text("[data-kat-filter-count]").startswith("1")
    page.get_by_role("button", name="Hapus semua saringan").first.click()
    wait_ready(page)
    assert shown_total(page) == len(site.catalogue.entries)
    assert not page.locator("[data-kat-filter-count]").is_visible()
    context.close()


def test_a_facet_without_values_shows_no_heading(page: Any, site: Site) -> None:
    open_search(page, site)
    meta = json.loads(page.inner_text("script[data-inline-of='search/meta.json']"))
    shown = page.eval_on_selector_all("[data-facet]", "els => els.map(e => e.dataset.facet)")
    assert shown == [f["key"] for f in meta["facets"] if f["values"]]
    # the search fixture has unstated stages: they are a value of their own
    stage = next(f for f in meta["facets"] if f["key"] == "tahap")
    assert "tidak-disebut" in [v[0] for v in stage["values"]]


def test_a_typo_offers_the_right_word(browser: Any, site: Site) -> None:
    context, page = phone(browser)
    open_search(page, site, "?q=kesehtan")
    suggestion = page.locator(".kat-cari__suggestion").first
    suggestion.wait_for()
    assert suggestion.inner_text() == "kesehatan"
    # what to try, and the index pages, when nothing is found
    empty = page.locator("[data-kat-empty]")
    assert "Periksa ejaan" in empty.inner_text()
    assert empty.locator("a[href='../provinsi/']").count() == 1
    suggestion.click()
    page.wait_for_function("() => location.search === '?q=kesehatan'")
    wait_ready(page)
    assert shown_total(page) > 0 and not empty.is_visible()
    context.close()


def test_a_pasted_query_needs_no_meta_request(browser: Any, site: Site) -> None:
    """meta.json is inlined into /cari/ at build time: a cold page asks only for what the query
    needs (its shard, the facet lists, the records)."""
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    open_search(page, site, "?q=puskesmas&sektor=kesehatan")
    assert shown_total(page) > 0
    assert not [url for url in asked if "/search/meta.json" in url]
    context.close()


def test_without_javascript_the_form_still_submits_to_the_page(browser: Any, site: Site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.base + "cari/")
    page.fill("#kat-cari-q", "puskesmas")
    page.click(".kat-cari__submit")
    page.wait_for_url("**/cari/?q=puskesmas")
    assert page.locator("[data-kat-fallback] a[href='../sektor/']").is_visible()
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("state", ["", "?q=puskesmas", "?q=kesehtan", "?sektor=kesehatan"])
def test_axe_on_every_state_at_both_widths(
    browser: Any, site: Site, state: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    open_search(page, site, state)
    if width == 360 and state.startswith("?sektor"):
        page.click(".kat-cari__filters-summary")  # filters open
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' '))})))"
    )
    assert [v for v in result if v["impact"] in ("serious", "critical")] == [], result
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()


def _download_rows(page: Any) -> list[list[str]]:
    import csv
    import io

    page.wait_for_selector("[data-kat-download]:not([hidden]):not([disabled])")
    with page.expect_download() as info:
        page.click("[data-kat-download]")
    path = info.value.path()
    data = Path(path).read_bytes()
    assert data.startswith("\ufeff".encode()), "Excel needs the byte order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _katalog_csv(base: str) -> list[list[str]]:
    """katalog.csv as the site holds it: katalog.csv.gz, inflated."""
    import csv
    import gzip
    import io
    import urllib.request

    with urllib.request.urlopen(base + "data/katalog.csv.gz") as response:
        text = gzip.decompress(response.read()).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_the_result_set_downloads_as_katalog_csv_rows(page: Any, site: Site) -> None:
    whole = _katalog_csv(site.base)
    rows_by_id = {row[0]: row for row in whole[1:]}
    for query in ("?sektor=kesehatan", "?q=daring", ""):
        open_search(page, site, query)
        table = _download_rows(page)
        assert table[0] == whole[0], "the columns of katalog.csv, in its order"
        assert len(table) - 1 == shown_total(page), query
        if shown_total(page) <= len(result_ids(page)):  # one page: every result is visible
            assert [row[0] for row in table[1:]] == result_ids(page), query
        for row in table[1:]:
            assert row == rows_by_id[row[0]], row[0]
    assert "baris telah diunduh" in page.inner_text("[data-kat-download-status]")


@pytest.mark.parametrize("ranges", [True, False], ids=["host-with-range", "host-without-range"])
def test_the_download_fetches_only_the_byte_ranges_of_its_rows(
    browser: Any, site: Site, ranges: bool, tmp_path: Path
) -> None:
    """No copy of katalog.csv's rows is published: the button reads them from katalog.csv.gz,
    one Range request per run of members, each member inflated on its own; a host that ignores
    Range sends the whole file, which gives the same rows. A copy of the site is given finer
    members than the build's (two rows each), so that this small catalogue spans many."""
    from generator.opendata import exports
    from generator.settings import SiteSettings

    folder = tmp_path / "site"
    shutil.copytree(site.folder, folder)
    whole = _katalog_csv(site.base)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exports, "ROWS_PER_RANGE", 2)
        (folder / "data/katalog.csv.gz").write_bytes(
            exports.build_csv_gz(site.catalogue, SiteSettings())
        )
        (folder / "cari/baris.json").write_bytes(
            exports.build_result_rows_index(site.catalogue, SiteSettings())
        )
    size = (folder / "data/katalog.csv.gz").stat().st_size
    with serve_folder(folder, ranges=ranges) as base:
        assert _katalog_csv(base) == whole  # the finer members hold the same katalog.csv
        rows_by_id = {row[0]: row for row in whole[1:]}
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        csv_requests: list[Any] = []
        page.on(
            "requestfinished",
            lambda r: csv_requests.append(r) if r.url.endswith("/data/katalog.csv.gz") else None,
        )
        for query in ("?provinsi=jawa-barat", "?q=daring"):
            csv_requests.clear()
            page.goto(base + "cari/" + query)
            wait_ready(page)
            table = _download_rows(page)
            assert len(table) - 1 == shown_total(page) > 0, query
            for row in table[1:]:
                assert row == rows_by_id[row[0]], row[0]
            assert "baris telah diunduh" in page.inner_text("[data-kat-download-status]")
            assert csv_requests, "the rows come from katalog.csv.gz"
            if query.startswith("?provinsi"):  # one province's rows: one run, one request
                (request,) = csv_requests
                assert request.all_headers().get("range", "").startswith("bytes=")
                response = request.response()
                if ranges:
                    assert response.status == 206
                    assert int(response.all_headers()["content-length"]) < size
                else:
                    assert response.status == 200  # the whole file, sliced in the page
        context.close()
