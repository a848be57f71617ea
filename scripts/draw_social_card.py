"""Draw the default link-preview card (theme_overrides/assets/images/kartu-sosial.png).

Chat apps and social networks show this 1200x630 image when a page is shared. It is drawn by the
system Chromium from the site name and palette in mkdocs.yml, so a hub fork that renames its
catalogue runs this once and commits the result:

    .venv/bin/python scripts/draw_social_card.py
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "theme_overrides/assets/images/kartu-sosial.png"
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


def main() -> int:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugin = next(p["katalog"] for p in config["plugins"] if isinstance(p, dict) and "katalog" in p)
    goals = yaml.safe_load((ROOT / "generator/data/sdgs.yml").read_text(encoding="utf-8"))
    logo = (ROOT / "theme_overrides/assets/images/logo.svg").read_text(encoding="utf-8")
    document = page_html(
        config["site_name"],
        "Inovasi pelayanan publik Indonesia per provinsi, sektor dan TPB/SDG, untuk ditiru "
        "dan direplikasi.",
        plugin.get("palette_primary", "#0b3a75"),
        logo.replace("<svg ", '<svg width="150" height="150" ', 1),
        [g["colour"] for g in goals["goals"]],
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(document)
        page.screenshot(path=str(OUT), type="png")
        browser.close()
    print(f"ditulis: {OUT.relative_to(ROOT)} ({OUT.stat().st_size} byte)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
