"""How deep an entry body nests, read from its Markdown text before anything renders it.

The renderer and the sanitiser spend time in proportion to size x depth, so a body of 250 KB of
nested `>` took minutes. The measures below never count less than the real nesting (they may count
more, e.g. inside code blocks): a body within the cap is cheap to render, whatever it holds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

# A line's container prefix: block-quote markers and list markers, with the space around them.
_CONTAINER_RE = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*[ \t]*")
_MARKER_RE = re.compile(r">|[-+*]|\d{1,9}[.)]")
_GAP_RE = re.compile(r"[ \t]+")
_PREFIX_STARTS = frozenset(" \t>-+*")  # what _CONTAINER_RE can start with, digits aside
TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
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


@dataclass(slots=True)
class OpenElements:
    """The elements open so far, tracked as the HTML parser does: an end tag closes up to its
    element, and a stray one is ignored (counting it would let `</x>` hide real nesting).

    One pass, linear time; fed piece by piece (a body line by line) it carries the open elements
    over. `flat` names the elements that never hold others.
    """

    flat: frozenset[str]
    tags: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def depths(self, text: str) -> Iterator[int]:
        """The nesting depth reached at each start tag of `text`."""
        for match in TAG_RE.finditer(text):
            name = match.group(2).lower()
            if name in self.flat:
                continue
            if not match.group(1):
                self.tags.append(name)
                self.counts[name] += 1
                yield len(self.tags)
            elif self.counts[name]:
                while True:
                    closed = self.tags.pop()
                    self.counts[closed] -= 1
                    if closed == name:
                        break


def find_too_deep(body: str, limit: int) -> TooDeep | None:
    """The first line where quotes and list items, or HTML elements, nest beyond `limit`."""
    elements = OpenElements(_FLAT_TAGS)
    for number, line in enumerate(body.split("\n")):
        depth = _container_depth(line)
        if depth > limit:
            return TooDeep(number, "markdown", depth)
        if "<" not in line:
            continue
        for depth in elements.depths(line):
            if depth > limit:
                return TooDeep(number, "html", depth)
    return None


def _container_depth(line: str) -> int:
    """Quote and list levels a line can stand in: its markers, plus its indentation over two.

    A nested list item needs at least two more columns than its parent, so indentation bounds the
    levels that no marker on this line opens; tabs count as four columns, as in CommonMark.
    """
    first = line[:1]
    if first not in _PREFIX_STARTS and not first.isdigit():
        return 0  # most lines: prose or a heading, no container prefix (isdigit covers \d)
    prefix = _CONTAINER_RE.match(line)
    text = prefix.group() if prefix is not None else ""
    markers = len(_MARKER_RE.findall(text))
    # The one space after each marker belongs to the marker; the rest is indentation.
    columns = sum(len(gap.expandtabs(4)) for gap in _GAP_RE.findall(text)) - markers
    return markers + max(columns, 0) // 2
