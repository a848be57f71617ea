"""The site's stylesheet: the static components and the search UI's, plus colours computed from
data and settings."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..colours import WHITE, mix, text_on
from ..model import Goal
from ..search.index import SEARCH_CSS

STATIC_CSS = Path(__file__).parent / "katalog.css"
STYLESHEET_PATH = "assets/katalog/katalog.css"


def build_stylesheet(goals: Iterable[Goal], primary: str, accent: str, theme_css: str = "") -> str:
    """The theme's stylesheet (when given) followed by the site's rules: badges in the UN colours
    with whichever text colour reads best, and the palette that Material's `primary: custom` /
    `accent: custom` read. One file, so every page links one stylesheet."""
    lines = [theme_css] if theme_css else []
    lines += [STATIC_CSS.read_text(encoding="utf-8"), SEARCH_CSS.read_text(encoding="utf-8")]
    for goal in goals:
        lines.append(
            f".kt-sdg--{goal.number}, .md-typeset .kt-sdg--{goal.number} "
            f"{{ background: {goal.colour}; color: {text_on(goal.colour)}; }}"
        )
    # On :root too: the bulk pages' lean chrome leaves out the palette's body attributes when
    # they would name exactly these colours (site/shell.py); a page whose body names another
    # palette gets that one's colours, which Material sets on the body.
    lines.append(
        ':root, [data-md-color-primary="custom"] {'
        f" --md-primary-fg-color: {primary};"
        f" --md-primary-fg-color--light: {mix(primary, WHITE, 0.25)};"
        f" --md-primary-fg-color--dark: {mix(primary, '#000000', 0.25)};"
        f" --md-primary-bg-color: {text_on(primary)};"
        f" --md-primary-bg-color--light: {text_on(primary)}b3;"
        f" --md-typeset-a-color: {primary}; }}"
    )
    lines.append(
        ':root, [data-md-color-accent="custom"] {'
        f" --md-accent-fg-color: {accent};"
        f" --md-accent-fg-color--transparent: {accent}1a;"
        f" --md-accent-bg-color: {text_on(accent)};"
        f" --md-accent-bg-color--light: {text_on(accent)}b3; }}"
    )
    return "\n".join(lines) + "\n"
