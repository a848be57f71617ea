"""What a page says about files written after it: a download's size, the search index's meta.

Pages are written before the open data and the search index (those are built beside them, in
another process), so a page marks a slot and the slot is filled once the file exists:
- `<span class="kt-size" data-size-of="data/katalog.csv"></span>`: the file's size;
- `<script type="application/json" data-inline-of="search/meta.json"></script>`: the file's JSON,
  so /cari/ starts a pasted query without waiting for meta.json (one round trip less).
Paths are relative to the site root. Filling again replaces what an earlier fill wrote.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path

from markupsafe import escape

from ..labels import format_size
from .writing import site_path, write_file

SIZE_SLOT = re.compile(r'(<span class="kt-size" data-size-of="([^"]+)">)[^<]*(</span>)')
INLINE_SLOT = re.compile(
    r'(<script type="application/json" data-inline-of="([^"]+)">)(?:[^<]|<(?!/script>))*'
    r"(</script>)"
)


def has_slots(html: str) -> bool:
    return SIZE_SLOT.search(html) is not None or INLINE_SLOT.search(html) is not None


def fill_sizes(html: str, size_of: Callable[[str], int | None]) -> str:
    """Fill every size slot; a file that does not exist leaves its slot empty, never a guess."""

    def fill(match: re.Match[str]) -> str:
        size = size_of(match.group(2))
        text = "" if size is None else str(escape(format_size(size)))
        return match.group(1) + text + match.group(3)

    return SIZE_SLOT.sub(fill, html)


def fill_inline(html: str, text_of: Callable[[str], str | None]) -> str:
    """Put each named JSON file inside its script slot ("</" escaped, as JSON allows, so the
    text cannot close the script); a missing file leaves the slot empty and the page fetches."""

    def fill(match: re.Match[str]) -> str:
        text = text_of(match.group(2)) or ""
        return match.group(1) + text.replace("</", "<\\/") + match.group(3)

    return INLINE_SLOT.sub(fill, html)


def fill_page(html: str, read: Callable[[str], bytes | None]) -> str:
    """Every slot of a page, from `read(path)` (the file's bytes, or None when it is absent)."""

    def size_of(path: str) -> int | None:
        content = read(path)
        return None if content is None else len(content)

    def text_of(path: str) -> str | None:
        content = read(path)
        return None if content is None else content.decode("utf-8")

    return fill_inline(fill_sizes(html, size_of), text_of)


def fill_files(site_dir: Path, pages: Sequence[str]) -> None:
    """Fill the slots of `pages` (paths in `site_dir`) from the files now beside them; a page a
    dirty build did not render is skipped. A slot naming a path outside the site is refused
    (OutsideSite): a hand-written page must not inline the build machine's files."""
    for dest in pages:
        page = site_dir / dest
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        filled = fill_page(html, lambda path: _site_file(site_dir, path))
        if filled != html:
            write_file(site_dir, dest, filled.encode("utf-8"))


def _site_file(site_dir: Path, path: str) -> bytes | None:
    """The bytes of a regular file of the site (checked with lstat: a symlink is not followed)."""
    target = site_path(site_dir, path, verb="read")
    try:
        if not stat.S_ISREG(target.lstat().st_mode):
            return None
    except FileNotFoundError:
        return None
    return target.read_bytes()
