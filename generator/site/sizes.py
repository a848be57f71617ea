"""File sizes written into a page at build time: a download link says how big its file is."""

from __future__ import annotations

import re
from collections.abc import Callable

from markupsafe import escape

from ..labels import format_size

# A page asks for a size with <span class="kt-size" data-size-of="data/katalog.csv"></span>, the
# path relative to the site root; the span is filled once the file is written.
SIZE_SLOT = re.compile(r'(<span class="kt-size" data-size-of="([^"]+)">)[^<]*(</span>)')


def has_size_slots(html: str) -> bool:
    return SIZE_SLOT.search(html) is not None


def fill_sizes(html: str, size_of: Callable[[str], int | None]) -> str:
    """Fill every size slot; a file that does not exist leaves its slot empty, never a guess."""

    def fill(match: re.Match[str]) -> str:
        size = size_of(match.group(2))
        text = "" if size is None else str(escape(format_size(size)))
        return match.group(1) + text + match.group(3)

    return SIZE_SLOT.sub(fill, html)
