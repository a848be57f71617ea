"""Which characters a value may hold, and how deep a body may nest (entries/characters, nesting)."""

from __future__ import annotations

import hypothesis
import pytest
from hypothesis import strategies as st

from generator.entries.characters import (
    character_problem,
    first_control,
    is_blank,
    visible_length,
)
from generator.entries.nesting import find_too_deep
from generator.entries.rules import MAX_BODY_DEPTH, MAX_BYTES
from generator.site.bodies import render_body


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Layanan\x00Uji", ("text-control", "U+0000")),
        ("\x1b[31mmerah", ("text-control", "U+001B")),
        ("baris\x0bvertikal", ("text-control", "U+000B")),
        ("CSI 8-bit \x9b31m", ("text-control", "U+009B")),
        ("NEL\x85", ("text-control", "U+0085")),
        ("DEL\x7f", ("text-control", "U+007F")),
        ("separuh \ud800 pasangan", ("text-surrogate", "U+D800")),
        ("RLO \u202e tanpa PDF", ("text-bidi", "U+202E")),
        ("RLI \u2067 tanpa PDI", ("text-bidi", "U+2067")),
        ("PDF \u202c tanpa pembuka", ("text-bidi", "U+202C")),
        ("PDI di dalam embedding \u202b\u2069\u202c", ("text-bidi", "U+2069")),
    ],
)
def test_refused_characters_name_the_first_culprit(text: str, expected: tuple[str, str]) -> None:
    assert character_problem(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Tab\tLF\nCR\r biasa",
        "Bahasa Indonesia, العربية, 中文, emoji 👩‍👩‍👧",  # ZWJ inside an emoji is fine
        "paired \u202bembedding\u202c and \u2067isolate\u2069",
        "nested \u2066a \u202ab\u202c c\u2069",
        "marks \u200e\u200f are not paired controls",
    ],
)
def test_ordinary_text_passes(text: str) -> None:
    assert character_problem(text) is None


@pytest.mark.parametrize(
    "text", ["\u200b\u200c\u200d\u2060", "\u3164\u3164", "\u115f\u1160", "\u2800 \ufeff", "\u00ad"]
)
def test_invisible_characters_count_for_nothing(text: str) -> None:
    assert is_blank(text)
    assert visible_length(text) == text.count(" ")


def test_visible_length_counts_what_a_reader_sees() -> None:
    assert visible_length("Ab\u200b\u200bc d") == 5
    assert not is_blank("\u200b.\u200b")


def test_first_control_gives_the_lf_line() -> None:
    assert first_control("a\u2028b\nc\rd\n\x1be") == (2, "U+001B")
    assert first_control("tab\tonly\n") is None


def _quotes(depth: int) -> str:
    return "> " * depth + "x\n"


def _list(depth: int, indent: str = "  ") -> str:
    return "".join(indent * level + "- x\n" for level in range(depth))


def _divs(depth: int) -> str:
    return "<div>" * depth + "x" + "</div>" * depth + "\n"


@pytest.mark.parametrize(
    ("make", "kind"),
    [(_quotes, "markdown"), (_list, "markdown"), (_divs, "html")],
)
def test_the_cap_is_exact_for_quotes_lists_and_elements(make, kind) -> None:  # type: ignore[no-untyped-def]
    assert find_too_deep("intro\n\n" + make(MAX_BODY_DEPTH), MAX_BODY_DEPTH) is None
    too_deep = find_too_deep("intro\n\n" + make(MAX_BODY_DEPTH + 1), MAX_BODY_DEPTH)
    assert too_deep is not None
    assert (too_deep.kind, too_deep.depth) == (kind, MAX_BODY_DEPTH + 1)
    assert too_deep.line >= 2


def test_nesting_hidden_behind_other_syntax_is_still_counted() -> None:
    limit = 4
    # Stray end tags do not close anything in HTML; counting them would hide the divs.
    assert find_too_deep("<div></b>" * 5, limit) is not None
    # Quotes and lists mixed on one line, and a list nested inside a quote by indentation.
    assert find_too_deep("> - > - > x\n", limit) is not None
    assert find_too_deep("> - a\n>   - b\n>     - c\n>       - d\n", limit) is not None
    # Tabs are four columns; ordered list markers nest too.
    assert find_too_deep("".join("\t" * i + "1. x\n" for i in range(6)), limit) is not None
    # Self-closing syntax on a non-void element opens it anyway in HTML.
    assert find_too_deep("<span/>" * 5, limit) is not None


def test_ordinary_bodies_are_far_from_the_cap() -> None:
    body = (
        "## Inovasi\n\n- satu\n  - dua\n    1. tiga\n\n> kutipan\n> > balasan\n\n"
        "<figure><img src='a.png'><figcaption><em>foto</em></figcaption></figure>\n\n"
        "<p>paragraf<p>lagi<br><table><tr><td>a<td>b</table>\n" * 200
    )
    assert find_too_deep(body, MAX_BODY_DEPTH) is None


# The worst bodies found under the 256 KiB limit, each just within the cap. Before the cap, 250 KB
# of nested quotes took 271 s and a 6.7 MB page. Measured on the 2-core build machine with
# `make bench`-style timing outside the suite: each renders in 0.1-2 s (the table, the slowest,
# is big output rather than deep nesting). The test asserts the structure (cap, output size).
WORST_BODIES = {
    "quotes": ("> " * MAX_BODY_DEPTH + "x\n") * (MAX_BYTES // (2 * MAX_BODY_DEPTH + 2) - 10),
    "lists": _list(MAX_BODY_DEPTH) * (MAX_BYTES // len(_list(MAX_BODY_DEPTH)) - 1),
    "divs": _divs(MAX_BODY_DEPTH) * (MAX_BYTES // len(_divs(MAX_BODY_DEPTH)) - 1),
    "spans": ("<span>" * MAX_BODY_DEPTH + "x" + "</span>" * MAX_BODY_DEPTH) * 1200,
    "emphasis": "*a _b " * 20000 + "c_ d*" * 20000,
    "links": "[" * 40000 + "x" + "](u)" * 40000,
    "table": "|a|b|\n|-|-|\n" + "|x|y|\n" * 40000,
}


@pytest.mark.parametrize("name", sorted(WORST_BODIES))
def test_the_worst_bodies_under_the_limit_pass_and_render_bounded(name: str) -> None:
    body = WORST_BODIES[name]
    assert len(body.encode()) <= MAX_BYTES
    assert find_too_deep(body, MAX_BODY_DEPTH) is None
    html = render_body(body)
    # Bounded work shows as bounded output: at most a few times the input, never the 6.7 MB
    # page 250 KB of nested quotes used to become.
    assert len(html) <= 8 * len(body), len(html)


@hypothesis.settings(max_examples=400, deadline=None)
@hypothesis.given(
    st.text(alphabet=st.sampled_from(list(" \t>-+*.)019a#\u0663\uff11\u00b2x")), max_size=24)
)
def test_a_line_is_measured_by_its_container_prefix_shortcut_or_not(line: str) -> None:
    """Lines that cannot open a quote or a list item (most of a body) skip the measure: every
    line still gets its prefix's markers plus its indentation over two, as the full measure
    counts them."""
    from generator.entries import nesting

    prefix = nesting._CONTAINER_RE.match(line)
    assert prefix is not None
    markers = len(nesting._MARKER_RE.findall(prefix.group()))
    columns = sum(len(gap.expandtabs(4)) for gap in nesting._GAP_RE.findall(prefix.group()))
    assert nesting._container_depth(line) == markers + max(columns - markers, 0) // 2
