"""Draw the link-preview card: the national one (theme_overrides/assets/images/kartu-sosial.png),
or with `--hub PROVINCE` a hub's own (hubs/<province>/kartu-sosial.png, a hub-owned file).

Chat apps and social networks show this 1200x630 image when a page is shared. It is drawn by the
system Chromium from the site name, palette and logo of the site's mkdocs.yml (INHERIT included,
read as the build reads it), so a hub that renames its catalogue runs this once and commits it:

    .venv/bin/python scripts/draw_social_card.py --hub jawa-timur
"""

from __future__ import annotations

import argparse
import html
import sys
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.configfile import load_settings  # noqa: E402
from generator.entries.vocabularies import HUBS_DIR, load_reference_data  # noqa: E402
from generator.hubs import CARD_FILE, CONFIG_FILE  # noqa: E402

NATIONAL_CARD = ROOT / "theme_overrides/assets/images/kartu-sosial.png"
NATIONAL_LOGO = ROOT / "theme_overrides/assets/images/logo.svg"
CHROMIUM = "/usr/bin/chromium"


def page_html(name: str, description: str, primary: str, logo: str, colours: list[str]) -> str:
    stripe = "".join(f'<i style="background:{c}"></i>' for c in colours)
    return f"""<!doctype html><html lang="id"><meta charset="utf-8"><style>
html,body{{margin:0;width:1200px;height:630px;overflow:hidden}}
body{{background:{primary};color:#fff;font-family:"DejaVu Sans",Arial,sans-serif;
display:flex;flex-direction:column;justify-content:space-between}}
main{{padding:84px 88px 0;display:flex;gap:56px;align-items:flex-start}}
.logo{{width:150px;height:150px;flex:none}}
h1{{font-size:66px;line-height:1.12;margin:0 0 28px;font-weight:700}}
p{{font-size:31px;line-height:1.4;margin:0;opacity:.92;max-width:820px}}
.stripe{{display:flex;height:26px}} .stripe i{{flex:1}}
</style><body><main><div class="logo">{logo}</div><div>
<h1>{html.escape(name)}</h1><p>{html.escape(description)}</p></div></main>
<div class="stripe">{stripe}</div></body></html>"""


def logo_markup(path: Path) -> str:
    """The logo at 150 px: an SVG inline, any other image as a data URL."""
    if path.suffix == ".svg":
        return path.read_text(encoding="utf-8").replace(
            "<svg ", '<svg width="150" height="150" ', 1
        )
    import base64

    kind = {".jpg": "jpeg", ".jpeg": "jpeg"}.get(path.suffix, path.suffix.lstrip("."))
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img src="data:image/{kind};base64,{data}" width="150" height="150" alt="">'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", default="", help="the hub's province slug (hubs/<province>/)")
    hub = parser.parse_args().hub
    config = ROOT / HUBS_DIR / hub / CONFIG_FILE if hub else ROOT / "mkdocs.yml"
    if not config.is_file():
        print(f"{config.relative_to(ROOT)} tidak ada (katalog hub new {hub} --name ...)")
        return 1
    settings = load_settings(config)
    out = ROOT / HUBS_DIR / hub / CARD_FILE if hub else NATIONAL_CARD
    goals = yaml.safe_load((ROOT / "generator/data/sdgs.yml").read_text(encoding="utf-8"))
    where = "Indonesia per provinsi"
    if hub:
        where = f"di {load_reference_data().provinces[hub].name} per kabupaten/kota"
    document = page_html(
        settings.site_name,
        f"Inovasi pelayanan publik {where}, sektor dan TPB/SDG, untuk ditiru dan direplikasi.",
        settings.palette_primary,
        logo_markup(settings.hub_logo or NATIONAL_LOGO),
        [g["colour"] for g in goals["goals"]],
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(document)
        page.screenshot(path=str(out), type="png")
        browser.close()
    print(f"ditulis: {out.relative_to(ROOT)} ({out.stat().st_size} byte)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
