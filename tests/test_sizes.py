"""File sizes filled into pages after the files are written, in Indonesian notation."""

from __future__ import annotations

from generator.labels import format_size
from generator.site.sizes import fill_sizes, has_size_slots


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
    assert has_size_slots(html) and not has_size_slots("<p>no slot</p>")
    sizes = {"data/a.csv": 4_500}
    assert fill_sizes(html, sizes.get) == (
        '<span class="kt-size" data-size-of="data/a.csv">4,5 KB</span> '
        '<span class="kt-size" data-size-of="data/gone.csv"></span>'
    )
