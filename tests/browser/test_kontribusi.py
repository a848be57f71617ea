"""The contribution form in a real browser: what it produces is an entry the validator accepts.

The page is docs/kontribusi.md converted to HTML with the form's assets and vocab.json laid out as
on the site, served from a temporary folder on 127.0.0.1; every other request is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import playwright.sync_api as playwright_api
import pytest

from generator.entries.catalogue import load_catalogue
from generator.entries.messages import render_text, say
from generator.model import Award, Contact, Link, Replication, Translation
from generator.opendata.form import FORM_ASSETS, build_form_files
from generator.settings import SiteSettings
from tests.browser.chromium import ARGS, AXE, CHROMIUM, require_chromium, serve_folder

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "catalogue" / "exports"
EDIT_URL = "https://github.com/contoh/katalog/edit/main/"
PAGE = """<!doctype html>
<html lang="id">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kontribusi (uji)</title>
<style>pre {{ overflow: auto; }} /* as any theme does */</style></head>
<body><main>{body}</main></body>
</html>
"""


@dataclass
class Site:
    base: str
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    page_dir = root / "kontribusi"
    page_dir.mkdir()
    body = markdown.markdown(
        (ROOT / "docs" / "kontribusi.md").read_text(encoding="utf-8"),
        extensions=["fenced_code", "tables", "toc"],
    )
    (page_dir / "index.html").write_text(PAGE.format(body=body), encoding="utf-8")
    # the same page in English, and one whose vocabulary cannot be fetched
    english = PAGE.replace('<html lang="id">', '<html lang="en">').format(body=body)
    (page_dir / "en.html").write_text(english, encoding="utf-8")
    broken = body.replace('data-vocab="vocab.json"', 'data-vocab="tidak-ada.json"')
    (page_dir / "broken.html").write_text(PAGE.format(body=broken), encoding="utf-8")
    catalogue = load_catalogue(FIXTURE)
    outputs = build_form_files(catalogue, SiteSettings(repo_edit_url=EDIT_URL))
    assert {o.path for o in outputs} >= {f"assets/{name}" for name in FORM_ASSETS}
    for output in outputs:
        (root / output.path).parent.mkdir(parents=True, exist_ok=True)
        (root / output.path).write_bytes(output.content)
    with serve_folder(root) as url:
        yield Site(url)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, accept_downloads=True, service_workers="block"
    )
    site.requests.clear()
    site.refused.clear()

    def gate(route: Any) -> None:
        url = route.request.url
        if url.startswith(site.base):
            site.requests.append(url)
            route.continue_()
        else:
            site.refused.append(url)
            route.abort()

    context.route("**/*", gate)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(site.base + "kontribusi/")
    tab.wait_for_selector("#kontribusi-form[data-ready='true']")
    tab.eval_on_selector_all("details", "els => els.forEach(e => { e.open = true; })")
    yield tab
    assert errors == []
    assert site.refused == []
    context.close()


def key(name: str) -> str:
    return f'[data-key="{name}"]'


def item(page: Any, group: str, index: int = 0) -> Any:
    return page.locator(f"{key(group)} .kf-item").nth(index)


TRAPS = {
    # each would be read as something other than text if written unquoted in YAML 1.1
    "title": "12:30",
    "agency": 'Dinas Uji: Kota #1 "Bekasi" \\ [x] {y} & *z (data uji)',
    "summary": "no: ringkasan uji: 'kutip', \"ganda\", #tagar, [daftar], {peta} dan ✓ unicode.",
    "legal": "- Peraturan Wali Kota Uji: No. 12 # bukan komentar",
}


def fill_complete_entry(page: Any) -> None:
    page.select_option(key("province"), "jawa-barat")
    page.fill(key("title"), TRAPS["title"])
    assert page.input_value(key("slug")) == "12-30"  # suggested from the title
    page.fill(key("slug"), "layanan-uji-formulir")
    page.locator(key("summary")).evaluate(
        "(el, text) => { el.value = text + '\\u0001\\u0085\\u009b\\u000b\\u2028\\u2029 '; }",
        TRAPS["summary"],
    )
    page.fill(key("agency.name"), TRAPS["agency"])
    page.select_option(key("agency.type"), "pemerintah-kota")
    page.check(f'{key("sectors")} input[value="administrasi-kependudukan"]')
    page.check(f'{key("sectors")} input[value="tata-kelola"]')
    page.check(f'{key("sdgs")} input[value="16"]')
    page.check(f'{key("sdgs")} input[value="10"]')
    page.select_option(key("regency"), "32.75")
    page.fill(key("sdg_targets"), "16.10, 10.2")
    page.fill(key("launched"), "2019")
    page.select_option(key("stage"), "uji-coba")
    page.select_option(key("status"), "aktif")
    page.get_by_role("button", name="Tambah penghargaan").click()
    award = item(page, "awards")
    award.locator(key("program")).select_option("kipp")
    award.locator(key("level")).select_option("top-45")
    award.locator(key("year")).fill("2021")
    award.locator(key("decree")).fill("Keputusan Uji No. 7 Tahun 2021")
    page.fill(key("replicates"), "jawa-barat/layanan-uji-lengkap")
    page.get_by_role("button", name="Tambah pereplikasi").click()
    adopter = item(page, "replications")
    adopter.locator(key("agency")).fill("Pemerintah Kabupaten Uji")
    adopter.locator(key("province")).select_option("kalimantan-barat")
    adopter.locator(key("regency")).select_option("61.01")
    adopter.locator(key("year")).fill("2022")
    adopter.locator(key("status")).select_option("berjalan")
    adopter.locator(key("note")).fill("on")
    page.fill(key("legal_basis"), TRAPS["legal"] + "\n\nPeraturan Uji Kedua\n")
    page.get_by_role("button", name="Tambah tautan").click()
    link = item(page, "links")
    link.locator(key("title")).fill("@situs uji")
    link.locator(key("url")).fill("https://example.org/uji?a=1&b=2")
    page.fill(key("contact.unit"), "Bagian Uji")
    page.fill(key("contact.email"), "uji@example.org")
    page.fill(key("contact.phone"), "+62 21 555 0100")
    page.fill(key("tags"), "on, no, antrean daring")
    page.fill(key("updated"), "2026-11-01")
    # NEL (U+0085), LS and PS are line breaks to YAML: each would have split the quoted value.
    page.locator(key("translations.en.title")).evaluate(
        "el => { el.value = 'Test\\u0085form\\u2028service\\u009f'; }"
    )
    page.fill(key("translations.en.summary"), "A synthetic entry produced by the browser test.")
    page.fill(key("redirect_from"), "jawa-barat/nama-lama-uji")
    for section in ("Latar Belakang", "Inovasi", "Dampak", "Keberlanjutan", "Replikasi"):
        page.fill(
            f'[data-section="{section}"]', f"Teks uji {section}.\n\n---\n\n*Markdown* & <b>b</b>"
        )
    page.locator('[data-section="Dampak"]').evaluate(
        "el => { el.value = 'Baris satu\\u0085baris dua\\u2029\\u0007baris tiga'; }"
    )


def produce(page: Any) -> str:
    page.get_by_role("button", name="Buat berkas entri").click()
    page.wait_for_selector(".kf-result:not([hidden])")
    return str(page.input_value("#kf-output"))


def load_entry(text: str, tmp_path: Path, warnings: tuple[str, ...] = ()) -> Any:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "innovations" / "jawa-barat" / "layanan-uji-formulir.md").write_text(
        text, encoding="utf-8", newline="\n"
    )
    catalogue = load_catalogue(content)
    assert [p.code for p in catalogue.problems] == list(warnings)
    assert catalogue.errors == ()
    return catalogue.by_id["jawa-barat/layanan-uji-formulir"]


def test_form_output_is_a_valid_entry_with_every_key(page: Any, site: Site, tmp_path: Path) -> None:
    loaded = list(site.requests)
    assert any(url.endswith("kontribusi/vocab.json") for url in loaded)
    fill_complete_entry(page)
    text = produce(page)
    assert site.requests == loaded  # filling and producing the file asks nothing of any server
    # the path in the repository (the fixture catalogue lives under tests/catalogue/)
    assert page.text_content("#kf-path") == (
        "tests/catalogue/exports/innovations/jawa-barat/layanan-uji-formulir.md"
    )
    assert 'regency: "32.75"' in text and 'title: "12:30"' in text
    entry = load_entry(text, tmp_path)
    assert entry.title == TRAPS["title"]
    assert entry.summary == TRAPS["summary"]
    assert entry.agency.name == TRAPS["agency"] and entry.agency.type == "pemerintah-kota"
    assert entry.regency == "32.75"
    assert entry.sectors == ("administrasi-kependudukan", "tata-kelola")
    assert entry.sdgs == (10, 16)
    assert entry.sdg_targets == ("16.10", "10.2")
    assert (entry.launched, entry.stage, entry.status) == (2019, "uji-coba", "aktif")
    assert entry.awards == (Award("kipp", 2021, "top-45", "Keputusan Uji No. 7 Tahun 2021"),)
    assert entry.replicates == "jawa-barat/layanan-uji-lengkap"
    assert entry.replications == (
        Replication(
            "Pemerintah Kabupaten Uji", "kalimantan-barat", 2022, "61.01", "berjalan", "on"
        ),
    )
    assert entry.legal_basis == (TRAPS["legal"], "Peraturan Uji Kedua")
    assert entry.links == (Link("@situs uji", "https://example.org/uji?a=1&b=2"),)
    assert entry.contact == Contact("Bagian Uji", "uji@example.org", "+62 21 555 0100")
    assert entry.tags == ("on", "no", "antrean daring")
    assert entry.updated == dt.date(2026, 11, 1)
    assert entry.translation_en == Translation(
        "Test form service", "A synthetic entry produced by the browser test."
    )
    assert entry.redirect_from == ("jawa-barat/nama-lama-uji",)
    assert "## Keberlanjutan\n\nTeks uji Keberlanjutan." in entry.body
    assert "## Dampak\n\nBaris satu\nbaris dua\nbaris tiga\n" in entry.body


def test_minimal_entry_and_new_file_link(page: Any, tmp_path: Path) -> None:
    page.select_option(key("province"), "jawa-barat")
    page.fill(key("title"), "Layanan Uji Formulir")
    page.fill(key("summary"), "Ringkasan minimal yang cukup panjang untuk lolos pemeriksaan.")
    page.fill(key("agency.name"), "Dinas Uji")
    page.select_option(key("agency.type"), "pemerintah-provinsi")
    page.check(f'{key("sectors")} input[value="kesehatan"]')
    page.check(f'{key("sdgs")} input[value="3"]')
    page.fill(key("updated"), "")
    text = produce(page)
    assert page.input_value(key("slug")) == "layanan-uji-formulir"
    entry = load_entry(text, tmp_path, warnings=("section-missing",))  # empty sections are left out
    assert entry.regency is None and entry.updated is None and entry.awards == ()
    href = page.get_attribute("#kf-new-file", "href") or ""
    parsed = urllib.parse.urlsplit(href)
    assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == (
        "https://github.com/contoh/katalog/new/main/tests/catalogue/exports/innovations/jawa-barat"
    )
    query = urllib.parse.parse_qs(parsed.query)
    assert query["filename"] == ["layanan-uji-formulir.md"]
    assert query["value"] == [text]
    assert page.get_attribute("#kf-new-file", "rel") == "noopener"


def test_client_checks_mirror_the_validator(page: Any) -> None:
    page.get_by_role("button", name="Buat berkas entri").click()
    errors = page.locator(".kf-errors")
    errors.wait_for()
    listed = errors.inner_text()
    for missing in ("province", "slug", "title", "summary", "agency.name", "sectors", "sdgs"):
        assert f"{missing}:" in listed
    assert page.locator(".kf-result").is_hidden()

    page.select_option(key("province"), "jawa-barat")
    page.fill(key("title"), "Ab")
    page.fill(key("summary"), "Ringkasan <b>tebal</b> dengan tag HTML di dalamnya.")
    page.fill(key("agency.name"), "Dinas Uji")
    page.select_option(key("agency.type"), "lainnya")
    for sector in ("pendidikan", "kesehatan", "ekonomi", "sosial"):
        page.check(f'{key("sectors")} input[value="{sector}"]')
    page.check(f'{key("sdgs")} input[value="3"]')
    page.fill(key("sdg_targets"), "4.1")
    page.fill(key("launched"), "1980")
    page.get_by_role("button", name="Tambah tautan").click()
    item(page, "links").locator(key("title")).fill("Situs")
    item(page, "links").locator(key("url")).fill("http://example.org/")
    page.fill(key("contact.email"), "bukan-surel")
    page.fill(key("tags"), "x, baik, baik")
    page.fill(key("replicates"), "jawa-barat/ab")
    page.get_by_role("button", name="Buat berkas entri").click()
    listed = errors.inner_text()
    # the validator's own sentences (messages.py), filled in by the form
    this_year = dt.date.today().year
    expected = [
        ("title", "length", {"found": 2, "low": 3, "high": 120}),
        ("summary", "summary-html", {}),
        ("sectors", "count", {"found": 4, "low": 1, "high": 3}),
        ("sdg_targets[0]", "sdg-target-goal", {"found": "4.1", "goal": 4}),
        ("launched", "range", {"found": 1980, "low": 1990, "high": this_year}),
        ("links[0].url", "url-https", {"found": "http://example.org/"}),
        ("contact.unit", "form-required", {}),
        ("contact.email", "email-format", {"found": "bukan-surel"}),
        ("tags[0]", "length", {"found": 1, "low": 2, "high": 40}),
        ("tags[2]", "duplicate", {"found": "baik"}),
        ("replicates", "replicates-self", {}),
    ]
    for name, code, params in expected:
        assert f"{name}: {say(code, 'id', **params)}" in listed
    assert "title: panjang 2 karakter; tulis 3-120 karakter" in listed
    assert "links[0].url: tautan 'http://example.org/' harus alamat lengkap" in listed
    assert page.locator(".kf-result").is_hidden()
    assert page.get_attribute(key("title"), "aria-invalid") == "true"
    errors.get_by_role("link", name="title: panjang").click()
    assert page.evaluate("document.activeElement.dataset.key") == "title"


def test_regencies_follow_the_province(page: Any) -> None:
    page.select_option(key("province"), "kalimantan-barat")
    options = page.eval_on_selector_all(f"{key('regency')} option", "os => os.map(o => o.value)")
    assert "61.01" in options and "32.75" not in options
    page.select_option(key("province"), "nasional")
    options = page.eval_on_selector_all(f"{key('regency')} option", "os => os.map(o => o.value)")
    assert options == [""]


def test_copy_and_download(page: Any, site: Site) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base[:-1])
    page.select_option(key("province"), "nasional")
    page.fill(key("title"), "Layanan Uji Unduh")
    page.fill(key("summary"), "Ringkasan minimal yang cukup panjang untuk lolos pemeriksaan.")
    page.fill(key("agency.name"), "Kementerian Uji")
    page.select_option(key("agency.type"), "kementerian")
    page.check(f'{key("sectors")} input[value="pendidikan"]')
    page.check(f'{key("sdgs")} input[value="4"]')
    text = produce(page)
    page.click("#kf-copy")
    page.wait_for_function("document.querySelector('.kf-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == text
    assert page.text_content("#kf-download") == "Unduh layanan-uji-unduh.md"
    with page.expect_download() as info:
        page.click("#kf-download")
    download = info.value
    assert download.suggested_filename == "layanan-uji-unduh.md"
    assert Path(download.path()).read_text(encoding="utf-8") == text


def test_fits_360_px_and_labels_every_control(page: Any) -> None:
    for name in ("Tambah penghargaan", "Tambah pereplikasi", "Tambah tautan"):
        page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Buat berkas entri").click()
    wide = page.eval_on_selector_all(
        ".kontribusi *",
        "els => els.filter(e => e.getBoundingClientRect().right > 360)"
        ".map(e => e.tagName + '.' + e.className)",
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    unlabelled = page.eval_on_selector_all(
        "#kontribusi-form input, #kontribusi-form select, #kontribusi-form textarea",
        "els => els.filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))"
        ".map(e => e.outerHTML)",
    )
    assert unlabelled == []
    assert AXE.exists(), "axe-core missing: npm install --prefix tests/browser (make test does)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run('#kontribusi-form', {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact})))"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(result)


def test_the_page_language_picks_the_catalogue_language(browser: Any, site: Site) -> None:
    tab = browser.new_page(viewport={"width": 360, "height": 740})
    tab.goto(site.base + "kontribusi/en.html")
    tab.wait_for_selector("#kontribusi-form[data-ready='true']")
    tab.get_by_role("button", name=render_text("form-submit", "en")).click()
    listed = tab.locator(".kf-errors").inner_text()
    assert f"title: {say('form-required', 'en')}" in listed
    # province, slug, title, summary, agency name and type, sectors, SDGs
    assert render_text("form-problems", "en", count=8) in listed
    assert tab.locator("summary", has_text=render_text("form-section-place", "en")).count() == 1
    tab.close()


def test_a_form_that_cannot_load_says_so_in_the_page_words(browser: Any, site: Site) -> None:
    tab = browser.new_page(viewport={"width": 360, "height": 740})
    tab.goto(site.base + "kontribusi/broken.html")
    tab.wait_for_selector("#kontribusi-form[data-ready='error']")
    failed = tab.locator("[data-kf-failed]")
    assert failed.is_visible()
    assert "Formulir tidak dapat dimuat" in failed.inner_text() and "404" in failed.inner_text()
    tab.close()
