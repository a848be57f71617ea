"""The lean chrome of the bulk pages keeps what visitors, the browser tests and axe rely on: the
landmarks, every section link, the search form, and none of Material's unused machinery."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.site_fixture import build_site

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
        self._in_tabs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        self.tags.append(tag)
        if tag == "nav" and "md-tabs" in (attr.get("class") or ""):
            self._in_tabs += 1
        elif tag == "a" and self._in_tabs:
            self.tab_links.append(attr.get("href") or "")
        elif tag == "form":
            self.forms.append(attr)
        elif tag == "input":
            self.inputs.append(attr)
        elif tag == "script" and attr.get("src"):
            self.scripts.append(attr["src"] or "")

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
    # the header search works without JavaScript: a form to /cari/ with a labelled query field
    (form,) = [f for f in lean.forms if f.get("role") == "search"]
    assert (form.get("action") or "").endswith("cari/")
    (query,) = [i for i in lean.inputs if i.get("name") == "q"]
    assert query.get("aria-label")
    assert any(src.endswith("assets/search/search-box.js") for src in lean.scripts)


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
    ):
        assert unused not in html, unused


def test_full_pages_keep_materials_chrome(site: Path) -> None:
    html = (site / HOME).read_text(encoding="utf-8")
    assert "md-sidebar" in html and "bundle." in html


def test_lean_chrome_is_under_four_kilobytes(site: Path) -> None:
    html = (site / ENTRY).read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.DOTALL)
    assert article is not None
    chrome = len(html.encode()) - len(article.group().encode())
    assert chrome < 4096, chrome


def test_bulk_pages_mark_their_section(site: Path) -> None:
    html = (site / ENTRY).read_text(encoding="utf-8")
    assert re.findall(r'<li class="md-tabs__item--active"><a href="([^"]*)">', html) == [
        "../../../provinsi/"
    ]
