"""The chrome's whitespace rules: which newlines go beside block tags, and which stay."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.shell import _BLOCK_TAGS, compact, drop_block_newlines

# The rule as one regex, as it was written first: a newline before a block tag (start or end),
# or right after a whole one, goes. The function must give the same text for any input.
_REFERENCE_RE = re.compile(
    rf"\n(?=</?(?:{_BLOCK_TAGS})[\s/>])|(</?(?:{_BLOCK_TAGS})(?:\s[^<>]*)?>)\n", re.IGNORECASE
)


def reference(html: str) -> str:
    return _REFERENCE_RE.sub(lambda m: m.group(1) or "", html)


# Pieces of markup that meet at newlines in every way that matters: block and inline tags,
# tags with attributes and line breaks inside, stray angle brackets, upper case.
PIECES = st.sampled_from([
    "\n", "\n\n", " ", "<", ">", "/", "p", "text", "<p>", "</p>", "<P>", "<li>", "</li>",
    "<div", ' class="x"', "<h2>", "</h2>", "<a href=\"#\">", "</a>", "<span>", "<br>",
    "<!doctype html>", "<meta charset=utf-8>", "<pre>", "<dd/>", "<p\n>", "<div\nid=a>", "x>",
])  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_newlines_beside_block_tags_go_as_the_one_regex_says(html: str) -> None:
    assert drop_block_newlines(html) == reference(html)


def test_what_goes_and_what_stays() -> None:
    html = '<ul>\n<li><a href="#">Satu</a>\n<a href="#">Dua</a></li>\n</ul>\n<p>Teks\nlagi</p>\n'
    assert drop_block_newlines(html) == (
        '<ul><li><a href="#">Satu</a>\n<a href="#">Dua</a></li></ul><p>Teks\nlagi</p>'
    )
    assert drop_block_newlines("tanpa tag\n") == "tanpa tag\n"
    assert drop_block_newlines("") == ""


def test_compact_leaves_preformatted_text_alone() -> None:
    html = "<div>\n  <pre>a\n  b</pre>\n</div>\n"
    assert compact(html) == html
    assert compact("<div>\n    <p>x</p>\n\n</div>\n") == "<div><p>x</p></div>"
