"""Pictures drawn at build time, no JavaScript: bar charts and a province tile map as inline SVG,
and a hub's regency grid as an HTML list; all in the site's palette."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markupsafe import escape

from ..colours import WHITE, mix, text_on
from ..facets import FacetIndex, FacetTerm
from ..labels import format_count

Link = Callable[[str], str]

# A tile grid that keeps each province roughly where it lies, west to east, so the picture reads
# as Indonesia without shipping map geometry. Codes are ISO 3166-2:ID (PE: Papua Pegunungan).
TILES: dict[str, tuple[int, int, str]] = {
    "aceh": (0, 0, "AC"), "sumatera-utara": (1, 1, "SU"), "riau": (2, 1, "RI"),
    "kepulauan-riau": (3, 1, "KR"), "sumatera-barat": (1, 2, "SB"), "jambi": (2, 2, "JA"),
    "kepulauan-bangka-belitung": (4, 2, "BB"), "bengkulu": (2, 3, "BE"),
    "sumatera-selatan": (3, 3, "SS"), "lampung": (3, 4, "LA"), "dki-jakarta": (5, 4, "JK"),
    "banten": (4, 5, "BT"), "jawa-barat": (5, 5, "JB"), "jawa-tengah": (6, 5, "JT"),
    "di-yogyakarta": (6, 6, "YO"), "jawa-timur": (7, 5, "JI"), "bali": (8, 5, "BA"),
    "nusa-tenggara-barat": (9, 5, "NB"), "nusa-tenggara-timur": (10, 5, "NT"),
    "kalimantan-utara": (7, 1, "KU"), "kalimantan-barat": (5, 2, "KB"),
    "kalimantan-tengah": (6, 2, "KT"), "kalimantan-timur": (7, 2, "KI"),
    "kalimantan-selatan": (7, 3, "KS"), "gorontalo": (9, 1, "GO"),
    "sulawesi-utara": (10, 1, "SA"), "sulawesi-barat": (8, 2, "SR"),
    "sulawesi-tengah": (9, 2, "ST"), "sulawesi-selatan": (8, 3, "SN"),
    "sulawesi-tenggara": (9, 3, "SG"), "maluku-utara": (11, 2, "MU"), "maluku": (11, 3, "MA"),
    "papua-barat-daya": (12, 2, "PD"), "papua-barat": (13, 2, "PB"),
    "papua-tengah": (14, 2, "PT"), "papua": (15, 2, "PA"), "papua-pegunungan": (15, 3, "PE"),
    "papua-selatan": (15, 4, "PS"), "nasional": (0, 6, "NAS"),
}  # fmt: skip
TILE, GAP = 44, 4
# Sequential scale, light to dark, mixed from the site's primary colour; empty provinces stay grey
# so "none yet" is visible.
SCALE_SHARES = (0.86, 0.68, 0.46, 0.2, 0.0)  # how far each step is moved towards white
EMPTY = "#eceff3"
BAR_ROW, BAR_HEIGHT, CHART_WIDTH = 34, 14, 400
DEFAULT_PRIMARY = "#0b3a75"


def colour_scale(primary: str) -> tuple[str, ...]:
    return tuple(mix(primary, WHITE, share) for share in SCALE_SHARES)


def _bin(count: int, highest: int, scale: Sequence[str]) -> str:
    if count <= 0 or highest <= 0:
        return EMPTY
    return scale[min(len(scale) - 1, (count * len(scale) - 1) // highest)]


def tile_map(index: FacetIndex, link: Link, primary: str = DEFAULT_PRIMARY) -> str:
    """Provinces as linked tiles coloured by their number of entries, and the same numbers as a
    sorted list with bars: the stylesheet shows the list where the tiles would be too small to
    read or tap (16 columns cannot give a 360 px phone 24 px tiles), the tiles elsewhere."""
    terms = [t for t in index.terms if t.slug in TILES]
    if not terms:
        return ""
    highest = max(index.count(t.slug) for t in terms)
    scale = colour_scale(primary)
    columns = 1 + max(TILES[t.slug][0] for t in terms)
    rows = 1 + max(TILES[t.slug][1] for t in terms)
    width, height = columns * (TILE + GAP), rows * (TILE + GAP)
    parts = [
        '<div class="kt-tilemap-wrap">'
        f'<svg class="kt-tilemap" viewBox="0 0 {width} {height}" role="group" '
        f'aria-label="Peta petak provinsi: jumlah inovasi per provinsi">'
    ]
    for term in terms:
        col, row, code = TILES[term.slug]
        count = index.count(term.slug)
        fill = _bin(count, highest, scale)
        x, y = col * (TILE + GAP), row * (TILE + GAP)
        name = escape(f"{term.label}: {format_count(count)} inovasi")
        parts.append(
            f'<a href="{escape(link(index.url(term.slug)))}" aria-label="{name}">'
            f"<title>{name}</title>"
            f'<rect x="{x}" y="{y}" width="{TILE}" height="{TILE}" rx="4" fill="{fill}"/>'
            f'<text x="{x + TILE / 2:g}" y="{y + 15}" fill="{text_on(fill)}">{code}</text>'
            f'<text x="{x + TILE / 2:g}" y="{y + 38}" fill="{text_on(fill)}" '
            f'class="kt-tilemap__count">{format_count(count)}</text></a>'
        )
    parts.append("</svg>")
    parts.append(tile_list(index, terms, link))
    parts.append("</div>")
    return "".join(parts)


def tile_list(index: FacetIndex, terms: Sequence[FacetTerm], link: Link) -> str:
    """The tile map's numbers as a list, most innovations first, each bar as long as its count;
    provinces without innovations are named in one line after it, not as 30 empty rows."""
    ranked = sorted(terms, key=lambda t: (-index.count(t.slug), t.label))
    listed = [t for t in ranked if index.count(t.slug)]
    highest = index.count(listed[0].slug) if listed else 1
    items = []
    for term in listed:
        count = index.count(term.slug)
        share = max(2, round(100 * count / highest))
        items.append(
            f'<li><a href="{escape(link(index.url(term.slug)))}">'
            f'<span class="kt-tilelist__name">{escape(term.label)}</span>'
            f'<span class="kt-tilelist__count">{format_count(count)}</span>'
            f'<span class="kt-tilelist__bar" style="width:{share}%" aria-hidden="true"></span>'
            "</a></li>"
        )
    empty = len(ranked) - len(listed)
    rest = (
        f'<p class="kt-tilelist__rest"><a href="{escape(link(index.overview_url))}">'
        f"{format_count(empty)} provinsi lain</a> belum memiliki inovasi di katalog.</p>"
        if empty
        else ""
    )
    return f'<div class="kt-tilelist"><ol>{"".join(items)}</ol>{rest}</div>'


def bar_chart(
    rows: Sequence[tuple[str, int, str]], caption: str, colour_of: Callable[[int], str]
) -> str:
    """Horizontal bars, label above each bar so long names fit a phone; `role=img` with the
    numbers in its label, since a screen reader cannot read a picture."""
    highest = max((count for _, count, _ in rows), default=0) or 1
    height = len(rows) * BAR_ROW + 4
    summary = "; ".join(f"{label}: {count}" for label, count, _ in rows)
    parts = [
        f'<svg class="kt-chart" viewBox="0 0 {CHART_WIDTH} {height}" role="img" '
        f'aria-label="{escape(caption)}. {escape(summary)}">'
    ]
    usable = CHART_WIDTH - 48
    for n, (label, count, _) in enumerate(rows):
        y = n * BAR_ROW
        width = max(2, round(usable * count / highest)) if count else 0
        parts.append(
            f'<text x="0" y="{y + 12}" class="kt-chart__label">{escape(label)}</text>'
            f'<rect x="0" y="{y + 16}" width="{width}" height="{BAR_HEIGHT}" rx="2" '
            f'fill="{colour_of(n)}"/>'
            f'<text x="{width + 6}" y="{y + 28}" class="kt-chart__value">'
            f"{format_count(count)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def sdg_chart(index: FacetIndex, link: Link) -> str:
    terms = list(index.terms)
    rows = [(f"{t.slug}. {t.label}", index.count(t.slug), t.slug) for t in terms]
    return bar_chart(rows, "Jumlah inovasi per tujuan TPB/SDG", lambda n: terms[n].colour)


def province_chart(
    index: FacetIndex, link: Link, limit: int = 10, primary: str = DEFAULT_PRIMARY
) -> str:
    """The provinces with the most entries; the tile map shows them all."""
    ranked: list[FacetTerm] = sorted(index.terms, key=lambda t: (-index.count(t.slug), t.label))
    rows = [(t.label, index.count(t.slug), t.slug) for t in ranked[:limit] if index.count(t.slug)]
    colour = mix(primary, WHITE, 0.12)
    return bar_chart(rows, f"{limit} provinsi dengan inovasi terbanyak", lambda _: colour)


def regency_map(
    index: FacetIndex, province: str, province_name: str, link: Link, primary: str = DEFAULT_PRIMARY
) -> str:
    """A province's regencies and cities (the regency facet's terms of `province`) as a grid of
    linked cells coloured by their entries, then the entries naming no regency: a list, so it
    reflows to any width and a screen reader reads it as one. For a one-province site, where a
    single province tile says nothing."""
    terms = [t for t in index.terms if t.group == province]
    if not terms:
        return ""
    province_wide = index.unstated
    highest = max([index.count(t.slug) for t in terms] + [province_wide])
    scale = colour_scale(primary)
    cells = [
        _regency_cell(t.label, index.count(t.slug), scale, highest, link(index.url(t.slug)))
        for t in terms
    ]
    cells.append(_regency_cell("Tingkat provinsi", province_wide, scale, highest, ""))
    label = escape(f"Jumlah inovasi per kabupaten/kota di {province_name}")
    return f'<ul class="kt-regencymap" aria-label="{label}">' + "".join(cells) + "</ul>"


def _regency_cell(name: str, count: int, scale: Sequence[str], highest: int, href: str) -> str:
    fill = _bin(count, highest, scale)
    text = (
        f'<span class="kt-regencymap__name">{escape(name)}</span> '
        f'<span class="kt-regencymap__count">{format_count(count)}</span>'
    )
    # An empty regency's page says no more than its cell: only regencies with entries link.
    body = (
        f'<a class="kt-regencymap__body" href="{escape(href)}">{text}</a>'
        if href and count
        else f'<span class="kt-regencymap__body">{text}</span>'
    )
    return (
        f'<li class="kt-regencymap__cell" style="background:{fill};color:{text_on(fill)}">'
        f"{body}</li>"
    )
