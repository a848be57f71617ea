"""How deep an entry body nests, read from its Markdown text before anything renders it.

The renderer and the sanitiser spend time in proportion to size x depth, so a body of 250 KB of
nested `>` took minutes. The measures below never count less than the real nesting (they may count
more, e.g. inside code blocks): a body within the cap is cheap to render, whatever it holds.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A line's container prefix: block-quote markers and list markers, with the space around them.
_CONTAINER_RE = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_MARKER_RE = re.compile(r">|[-+*]|\d{1,9}[.)]")
_GAP_RE = re.compile(r"[ \t]+")
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# Elements that never hold others, or that the HTML parser closes when the next one opens.
_FLAT_TAGS = frozenset(
    {
        "area", "base", "br", "col", "colgroup", "dd", "dt", "embed", "hr", "img", "input", "li",
        "link", "meta", "optgroup", "option", "p", "param", "rb", "rp", "rt", "rtc", "source",
        "tbody", "td", "tfoot", "th", "thead", "tr", "track", "wbr",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TooDeep:
    """Where a body first nests deeper than allowed: 0-based line within the body."""

    line: int
    kind: str  # "markdown" (quotes and list items) or "html" (elements)
    depth: int


def find_too_deep(body: str, limit: int) -> TooDeep | None:
    """The first line where quotes and list items, or HTML elements, nest beyond `limit`."""
    open_tags: list[str] = []
    open_counts: Counter[str] = Counter()
    for number, line in enumerate(body.split("\n")):
        depth = _container_depth(line)
        if depth > limit:
            return TooDeep(number, "markdown", depth)
        if "<" not in line:
            continue
        for match in _TAG_RE.finditer(line):
            name = match.group(2).lower()
            if name in _FLAT_TAGS:
                continue
            if not match.group(1):
                open_tags.append(name)
                open_counts[name] += 1
                if len(open_tags) > limit:
                    return TooDeep(number, "html", len(open_tags))
            elif open_counts[name]:
                # As the HTML parser does: an end tag closes up to its element; a stray one is
                # ignored (counting it would let `</x>` hide real nesting).
                while True:
                    closed = open_tags.pop()
                    open_counts[closed] -= 1
                    if closed == name:
                        break
    return None


def _container_depth(line: str) -> int:
    """Quote and list levels a line can stand in: its markers, plus its indentation over two.

    A nested list item needs at least two more columns than its parent, so indentation bounds the
    levels that no marker on this line opens; tabs count as four columns, as in CommonMark.
    """
    prefix = _CONTAINER_RE.match(line)
    text = prefix.group() if prefix is not None else ""
    markers = len(_MARKER_RE.findall(text))
    # The one space after each marker belongs to the marker; the rest is indentation.
    columns = sum(len(gap.expandtabs(4)) for gap in _GAP_RE.findall(text)) - markers
    return markers + max(columns, 0) // 2
