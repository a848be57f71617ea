"""The lean chrome of the bulk pages keeps what visitors, the browser tests and axe rely on: the
landmarks, every section link, the search form, and none of Material's unused machinery."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.entries.catalogue import load_catalogue
from generator.settings import SiteSettings
from generator.site import plan
from generator.site.bodycache import EntryBodies
from generator.site.rendering import render_page
from tests.site_fixture import FIXTURE, ROOT, build_site

ENTRY = "inovasi/jawa-barat/antrean-puskesmas-daring/index.html"
TERM = "provinsi/jawa-barat/index.html"
HOME = "index.html"


class Outline(HTMLParser):
    """Landmarks, links of the section list, forms and inputs of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.tab_links: list[str] = []
        self.forms: list[dict[str, str | None]] = []
        self.inputs: list[dict[str, str | None]] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.search_boxes: list[str] = []
        self._in_tabs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append(tag)
        # Material's tabs on full pages, the lean chrome's section list on the bulk pages
        if tag == "nav" and (attr.get("class") or "") in ("md-tabs", "kt-tabs"):
            self._in_tabs += 1
        elif tag == "a" and self._in_tabs:
            self.tab_links.append(attr.get("href") or "")
        elif tag == "form":
            self.forms.append(attr)
        elif tag == "input":
            self.inputs.append(attr)
        elif tag == "script" and attr.get("src"):
            self.scripts.append(attr["src"] or "")
        elif tag == "link" and attr.get("rel") == "stylesheet":
            self.stylesheets.append(attr.get("href") or "")
        if attr.get("class") == "kat-search":
            self.search_boxes.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in_tabs:
            self._in_tabs -= 1


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("lean"))


@pytest.mark.parametrize("page", [ENTRY, TERM])
def test_bulk_pages_keep_landmarks_sections_and_search(site: Path, page: str) -> None:
    lean, full = outline(site / page), outline(site / HOME)
    for landmark in ("header", "main", "footer", "nav", "article", "h1"):
        assert landmark in lean.tags, landmark
    # one copy of the section list, naming the same sections as Material's full pages
    home_sections = [href.rstrip("/").split("/")[-1] for href in full.tab_links]
    lean_sections = [href.rstrip("/").split("/")[-1] for href in lean.tab_links]
    assert [s for s in lean_sections if s not in ("..", ".")] == [
        s for s in home_sections if s not in ("", ".")
    ]
    assert len(lean.tab_links) == len(full.tab_links)
    # the header search box is an empty container, which its script fills with the form to
    # the search page it finds beside its own folder (tests/browser/test_search.py checks the
    # form it builds); without JavaScript the section list leads to the same page ("Cari")
    depth = page.count("/")
    assert lean.search_boxes == ["div"]
    assert "  - Cari: cari.md\n" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not lean.forms and not lean.inputs
    assert "../" * depth + "assets/search/search-box.js" in lean.scripts
    assert (site / page).parent.joinpath("../" * depth, "cari/index.html").resolve().is_file()
    # its styles come with the site's stylesheet: no stylesheet of its own on every page
    assert not [href for href in lean.stylesheets if "assets/search/" in href]


@pytest.mark.parametrize("page", [ENTRY, TERM])
def test_bulk_pages_carry_none_of_materials_unused_machinery(site: Path, page: str) -> None:
    html = (site / page).read_text(encoding="utf-8")
    for unused in (
        "__drawer",
        "md-sidebar",
        "md-dialog",
        "md-top",
        "__md_scope",
        "bundle.",
        'id="__config"',
        "data-md-component",
        "<svg",  # icons come from shared files or the script, not repeated per page
        # Material's layout wrappers: the lean chrome's one element each is laid out alike
        "md-container",
        "md-main__inner",
        'class="md-content',
        "md-footer-meta",
        "md-copyright",
        # tags a preview takes from the page's own title, canonical link and lang
        "og:title",
        "og:url",
        "og:site_name",
        "og:locale",
    ):
        assert unused not in html, unused


def test_full_pages_keep_materials_chrome(site: Path) -> None:
    html = (site / HOME).read_text(encoding="utf-8")
    assert "md-sidebar" in html and "bundle." in html


def test_bulk_pages_keep_one_main_article_and_the_footer_notice(site: Path) -> None:
    """The lean layout: tabs, main and footer straight in the body, the article straight in
    main (katalog.css lays them out as Material's wrappers did)."""
    for page in (ENTRY, TERM):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r'</nav><main class="kt-main"><article class="md-typeset">', html), page
        assert re.search(r'</article></main><footer class="kt-foot">.*</footer></body>', html), page


def test_lean_chrome_is_under_four_kilobytes(site: Path) -> None:
    html = (site / ENTRY).read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.DOTALL)
    assert article is not None
    chrome = len(html.encode()) - len(article.group().encode())
    assert chrome < 2560, chrome


def test_bulk_pages_mark_their_section(site: Path) -> None:
    html = (site / ENTRY).read_text(encoding="utf-8")
    assert re.findall(r'<li class="kt-on"><a href="([^"]*)">', html) == ["../../../provinsi/"]


def test_the_lead_summary_is_not_repeated_in_full_in_the_head_or_json_ld(site: Path) -> None:
    """The summary shows once, as the lead: the meta description is a snippet's length of it, link
    previews read that (no og:description), and the JSON-LD carries none."""
    html = (site / ENTRY).read_text(encoding="utf-8")
    lead = re.search(r'<p class="kt-lead">(.*?)</p>', html)
    description = re.search(r'<meta name="description" content="([^"]*)">', html)
    assert lead and description
    assert len(description.group(1)) <= 160
    assert lead.group(1).startswith(description.group(1).removesuffix("…"))
    # the fixture's summaries are shorter than a snippet: the description is the whole of it
    assert html.count(lead.group(1)) == 1 + (description.group(1) == lead.group(1))
    assert "og:description" not in html
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "description" not in json.loads(block)


def test_an_entry_without_review_date_or_edit_link_has_no_empty_meta_line(site: Path) -> None:
    html = (site / ENTRY).read_text(encoding="utf-8")
    assert re.search(r'<p class="kt-meta">\s*Terakhir ditinjau: <time', html)
    html = (site / "inovasi/dki-jakarta/konten-berbahaya/index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="kt-meta">\s*<a href="[^"]*/edit/main/', html)  # no date
    # a site without repo_url has no edit links: an entry without a date has no meta line
    assert "kt-meta" not in entry_body("inovasi/dki-jakarta/konten-berbahaya/", SiteSettings())


def entry_body(url: str, settings: SiteSettings) -> str:
    site = plan.build_site(load_catalogue(FIXTURE), settings)
    (job,) = [job for job in plan.plan_pages(site) if job.url == url]
    return render_page(site, job, EntryBodies(site.catalogue.entries)).body


def test_the_footer_links_the_full_data_licence_notice(site: Path) -> None:
    """The ODbL notice on every page is the short one, linking the Data page's licence section,
    which holds the full notice with links to the database and the licence."""
    html = (site / ENTRY).read_text(encoding="utf-8")
    notice = re.search(r'<p><a href="([^"]*)">([^<]*)</a></footer>', html)
    assert notice
    assert notice.group(2) == "Memuat informasi dari idn-area-data (ODbL)"
    assert notice.group(1) == "../../../data/#lisensi"
    # the site's own Data page (the fixture's stands in for it): its "Lisensi" section
    data = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    section = re.search(r"^## Lisensi\n(.*?)(?=^## |\Z)", data, re.S | re.M)
    assert section
    assert "(https://github.com/fityannugroho/idn-area-data)" in section.group(1)
    assert "(https://opendatacommons.org/licenses/odbl/1-0/)" in section.group(1)


def test_the_chrome_has_no_newline_between_block_tags(site: Path) -> None:
    html = (site / ENTRY).read_text(encoding="utf-8")
    chrome = html.replace(re.search(r"<article.*?</article>", html, re.DOTALL).group(), "")
    assert chrome.startswith("<!doctype html><html")
    assert not re.findall(r">\n</?(?:div|nav|li|ul|meta|link|header|footer|main)\b", chrome)


def test_the_default_palette_comes_from_the_site_stylesheet_alone(site: Path) -> None:
    """With the default scheme and the site's custom colours, the bulk pages carry neither the
    palette's body attributes nor Material's palette stylesheet (its rules all select those
    attributes); the site stylesheet sets the colours on :root. Full pages keep Material's."""
    lean = (site / ENTRY).read_text(encoding="utf-8")
    assert '<body dir="ltr">' in lean and "data-md-color" not in lean
    assert "assets/stylesheets/palette." not in lean
    full = (site / HOME).read_text(encoding="utf-8")
    assert 'data-md-color-primary="custom"' in full and "assets/stylesheets/palette." in full
    css = (site / "assets/katalog/katalog.css").read_text(encoding="utf-8")
    assert ':root, [data-md-color-primary="custom"] { --md-primary-fg-color: ' in css
    assert ':root, [data-md-color-accent="custom"] { --md-accent-fg-color: ' in css


def test_every_page_links_one_stylesheet_which_starts_with_the_themes(site: Path) -> None:
    """The site's stylesheet holds the theme's rules first, so pages link it alone (the full
    pages also the palette's, as Material does), and a visitor's browser caches one file."""
    import material

    theme = Path(material.__file__).parent / "templates/assets/stylesheets"
    (main,) = theme.glob("main.*.min.css")
    css = (site / "assets/katalog/katalog.css").read_text(encoding="utf-8")
    assert css.startswith(main.read_text(encoding="utf-8"))
    assert ".kt-facts" in css[len(main.read_text(encoding="utf-8")) :]
    for page, extra in (
        (ENTRY, []),
        (TERM, []),
        (HOME, ["palette."]),
        ("tentang/index.html", ["palette."]),
    ):
        depth = page.count("/")
        links = outline(site / page).stylesheets
        assert links[0] == "../" * depth + "assets/katalog/katalog.css", page
        assert [next(k for k in extra if k in href) for href in links[1:]] == extra, page
        assert not any("stylesheets/main." in href for href in links), page
