"""The cmark-gfm wrapper: cmarkgfm's HTML, byte for byte, without keeping its memory."""

from __future__ import annotations

import os

import cmarkgfm
import pytest

from generator.site.bodies import _CMARK_EXTENSIONS, _CMARK_OPTIONS
from generator.site.cmark import markdown_to_html

SAMPLES = (
    "",
    "## Latar belakang\n\nLayanan **antrean** puskesmas, *akta* kelahiran.\n",
    "| kolom | nilai |\n|:---|---:|\n| a | ~~b~~ |\n",
    "- [ ] belum\n- [x] selesai\n\nwww.contoh.go.id dan https://contoh.go.id/x?y=1\n",
    '<iframe src="https://www.youtube.com/embed/x"></iframe>\n\n<b>mentah</b> <!-- c -->\n',
    "1. satu\n   > kutipan\n\n```\nkode <x>\n```\n\n[t](<https://e.org/a b>) ![g](g.png)\n",
)


@pytest.mark.parametrize("markdown", SAMPLES)
def test_same_html_as_cmarkgfm(markdown: str) -> None:
    expected = cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=_CMARK_OPTIONS, extensions=list(_CMARK_EXTENSIONS)
    )
    assert markdown_to_html(markdown, _CMARK_OPTIONS, _CMARK_EXTENSIONS) == expected


def test_an_unknown_extension_is_refused() -> None:
    with pytest.raises(ValueError, match="no-such-extension"):
        markdown_to_html("x", _CMARK_OPTIONS, ("no-such-extension",))


def _resident_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads Linux /proc")
def test_rendering_gives_the_memory_back() -> None:
    # cmarkgfm's own function keeps ~20x the input per call: 300 calls of 14 KB would keep
    # ~80 MiB. Freed, the resident size stays where the first call left it.
    markdown = ("Layanan **akta** [tautan](https://contoh.go.id) | a | b |\n\n" * 240)[:14_000]
    markdown_to_html(markdown, _CMARK_OPTIONS, _CMARK_EXTENSIONS)
    before = _resident_bytes()
    for _ in range(300):
        markdown_to_html(markdown, _CMARK_OPTIONS, _CMARK_EXTENSIONS)
    assert _resident_bytes() - before < 16 * 2**20
