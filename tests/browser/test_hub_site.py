"""A hub's site in the system Chromium at phone and desktop widths: its regency map, branding and
footer, no sideways scroll, and axe-core (WCAG 2.1 AA). Built from the synthetic fixture
catalogue with a hub folder made by `katalog hub new`'s own code."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.hubs import write_hub
from tests.browser.chromium import ARGS, AXE, CHROMIUM, require_chromium, serve_folder
from tests.site_fixture import FIXTURE, write_config

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PROVINCE = "jawa-barat"
HUB_NAME = "Katalog Inovasi Uji Jawa Barat"
PRIMARY = "#7a1f1f"  # rgb(122, 31, 31)
NATIONAL_URL = "https://katalog-nasional.example/"
WIDTHS = (360, 1280)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hub-site")
    content = root / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    write_hub(root, PROVINCE, HUB_NAME, PRIMARY, "#c58a00")
    config_path = write_config(
        root, content, hub=PROVINCE, province_scope=[PROVINCE], palette_primary=PRIMARY,
        palette_accent="#c58a00", national_url=NATIONAL_URL,
    )  # fmt: skip
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["site_name"] = HUB_NAME
    config["theme"]["logo"] = config["theme"]["favicon"] = "assets/hub/logo.svg"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(str(config_path), strict=True))
    with serve_folder(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    require_chromium()
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def tab(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": request.param, "height": 800})
    page = context.new_page()
    page.width = request.param  # type: ignore[attr-defined]
    yield page
    context.close()


def test_the_hub_home_shows_its_regencies_brand_and_footer(tab: Any, base_url: str) -> None:
    tab.goto(base_url)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"hub-home-{tab.width}.png"), full_page=True)
    assert tab.locator("h1").inner_text() == HUB_NAME
    header = tab.locator(".md-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(122, 31, 31)"
    logo = tab.locator(".md-header .md-logo img")
    assert "assets/hub/logo.svg" in logo.get_attribute("src")
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
    cells = tab.locator(".kt-regencymap .kt-regencymap__cell")
    assert cells.count() >= 27  # Jawa Barat's 27 regencies and cities, plus province-wide
    assert tab.locator(".kt-regencymap").is_visible()
    assert tab.locator(".kt-tilemap").count() == 0  # no single giant province tile
    first = cells.first.bounding_box()
    assert first["height"] < 120 and first["width"] >= 120  # a readable cell, not a tile
    footer = tab.locator(".kt-hub-footer")
    assert HUB_NAME in footer.inner_text()
    assert footer.get_by_role("link").get_attribute("href") == NATIONAL_URL


@pytest.mark.parametrize("url", ["", "provinsi/", f"provinsi/{PROVINCE}/", "sektor/"])
def test_no_sideways_scroll(tab: Any, base_url: str, url: str) -> None:
    tab.goto(f"{base_url}{url}")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= tab.width, f"{url or 'home'} scrolls sideways ({width}px)"


@pytest.mark.parametrize("url", ["", "provinsi/", f"provinsi/{PROVINCE}/"])
def test_no_serious_accessibility_violation(tab: Any, base_url: str, url: str) -> None:
    tab.goto(f"{base_url}{url}")
    tab.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)
