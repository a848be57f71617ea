"""Slots filled into pages after the files are written: sizes in Indonesian notation, JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.labels import format_size
from generator.site.afterdata import fill_files, fill_inline, fill_page, fill_sizes, has_slots
from generator.site.writing import OutsideSite


def test_sizes_read_as_a_visitor_reads_them() -> None:
    assert format_size(850) == "850 B"
    assert format_size(12_345) == "12 KB"
    assert format_size(4_500) == "4,5 KB"
    assert format_size(1_400_000) == "1,4 MB"
    assert format_size(2_000_000) == "2 MB"
    assert format_size(72_000_000) == "72 MB"


def test_every_slot_gets_its_own_file_and_a_missing_file_none() -> None:
    html = (
        '<span class="kt-size" data-size-of="data/a.csv"></span> '
        '<span class="kt-size" data-size-of="data/gone.csv">old</span>'
    )
    assert has_slots(html) and not has_slots("<p>no slot</p>")
    sizes = {"data/a.csv": 4_500}
    assert fill_sizes(html, sizes.get) == (
        '<span class="kt-size" data-size-of="data/a.csv">4,5 KB</span> '
        '<span class="kt-size" data-size-of="data/gone.csv"></span>'
    )


def test_inlined_json_cannot_close_its_script_and_can_be_filled_again() -> None:
    slot = '<script type="application/json" data-inline-of="search/meta.json"></script>'
    hostile = b'{"label":"</script><script>alert(1)</script>"}'
    once = fill_page(slot, {"search/meta.json": hostile}.get)
    assert once.count("</script>") == 1 and "<\\/script>" in once
    assert once.startswith(slot.removesuffix("</script>"))
    again = fill_inline(once, {"search/meta.json": '{"v":2}'}.get)
    assert again == slot.replace("></script>", '>{"v":2}</script>')
    assert fill_inline(slot, lambda _: None) == slot


def test_files_fill_their_slots_from_the_site_and_never_from_outside(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "data").mkdir(parents=True)
    (site / "data/a.csv").write_bytes(b"x" * 4_500)
    (tmp_path / "secret.json").write_text('{"token": "s3cret"}', encoding="utf-8")
    (site / "data/link.json").symlink_to(tmp_path / "secret.json")
    (site / "index.html").write_text(
        '<span class="kt-size" data-size-of="data/a.csv"></span>'
        '<script type="application/json" data-inline-of="data/link.json"></script>',
        encoding="utf-8",
    )
    fill_files(site, ["index.html", "not-rendered/index.html"])
    filled = (site / "index.html").read_text(encoding="utf-8")
    assert "4,5 KB" in filled and "s3cret" not in filled  # a symlink is not followed
    # A hand-written page naming a file outside the site is refused, not inlined.
    (site / "data/index.html").write_text(
        '<script type="application/json" data-inline-of="../secret.json"></script>',
        encoding="utf-8",
    )
    with pytest.raises(OutsideSite, match=re.escape("refusing to read '../secret.json'")):
        fill_files(site, ["data/index.html"])
    assert "s3cret" not in (site / "data/index.html").read_text(encoding="utf-8")
