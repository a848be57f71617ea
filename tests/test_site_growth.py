"""The site grows linearly with the catalogue: bytes and files per added entry stay the same, and
no entry's page grows because other entries exist.

At national scale (100,000 entries) the site must fit free hosting (1 GiB, 200,000 files, 50,000
a folder), which only holds if every part of it is linear in N. The absolute figures at 50k and
100k are measured by `make bench`; these tests catch a quadratic part early, on small synthetic
catalogues (benchmarks/synth.py, deterministic: a smaller catalogue is a prefix of a larger one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.synth import write_catalogue
from generator.cli import main

SIZES = (150, 300, 600)
PAGING = ("--page-size", "24", "--rows-per-page", "100")  # the defaults, stated
# The folders of the index pages: every paginated list of entries or replication flows.
INDEX_FOLDERS = ("provinsi", "kabupaten-kota", "sektor", "sdg", "tahun", "penghargaan", "replikasi")
# Doubling the catalogue may cost at most this much more per added entry than the doubling
# before: room for the pagination steps and Zipf spreads of a small sample, not for N².
SLACK = 1.15


@dataclass(frozen=True, slots=True)
class Built:
    entries: int
    bytes: int
    files: int
    largest_folder: int
    entry_pages: dict[str, int]  # entry page URL -> its size in bytes
    index_bytes: int  # every index page (page 1 with cards, later pages with rows) and overview

    @property
    def entry_page_bytes(self) -> int:
        return sum(self.entry_pages.values())


def build(tmp: Path, n: int) -> Built:
    content = write_catalogue(n, tmp / f"catalogue-{n}")
    out = tmp / f"site-{n}"
    result = CliRunner().invoke(
        main,
        ["pages", "--content", str(content), "--out", str(out), *PAGING],
    )
    assert result.exit_code == 0, result.output
    files = [path for path in out.rglob("*") if path.is_file()]
    folders = Counter(path.parent for path in files)
    entry_pages = {
        str(path.parent.relative_to(out)): path.stat().st_size
        for path in (out / "inovasi").glob("*/*/index.html")
    }
    index_pages = [p for f in INDEX_FOLDERS for p in (out / f).rglob("index.html")]
    assert index_pages
    return Built(
        entries=n,
        bytes=sum(path.stat().st_size for path in files),
        files=len(files),
        largest_folder=max(folders.values()),
        entry_pages=entry_pages,
        index_bytes=sum(path.stat().st_size for path in index_pages),
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    tmp = tmp_path_factory.mktemp("growth")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KATALOG_CACHE_DIR", str(tmp / "cache"))
        return [build(tmp, n) for n in SIZES]


def marginal(sites: list[Built], measure: str) -> list[float]:
    """What each added entry costs between one size and the next."""
    return [
        (getattr(big, measure) - getattr(small, measure)) / (big.entries - small.entries)
        for small, big in pairwise(sites)
    ]


def test_every_entry_gets_its_page(sites: list[Built]) -> None:
    assert [len(site.entry_pages) for site in sites] == list(SIZES)


def test_bytes_per_added_entry_do_not_grow(sites: list[Built]) -> None:
    first, second = marginal(sites, "bytes")
    assert first > 0
    assert second <= first * SLACK, f"{first:.0f} then {second:.0f} bytes per added entry"


# Bytes per entry, for the whole site and for each kind of page that grows with it: what the
# hosting budgets (12 KB an entry at 50k) are measured in. Fixed costs (the home page, overviews,
# scripts) spread over more entries, and the later index pages list compact rows, so per entry
# they may only fall as the catalogue grows; a part that grows faster than N makes them rise.
PER_ENTRY_MEASURES = ("bytes", "entry_page_bytes", "index_bytes")


@pytest.mark.parametrize("measure", PER_ENTRY_MEASURES)
def test_bytes_per_entry_do_not_grow(sites: list[Built], measure: str) -> None:
    per_entry = [getattr(site, measure) / site.entries for site in sites]
    assert all(value > 0 for value in per_entry)
    for (small, big), (smaller, bigger) in zip(pairwise(per_entry), pairwise(SIZES), strict=True):
        assert big <= small * SLACK, (
            f"{measure}: {small:.0f} B an entry at {smaller}, {big:.0f} at {bigger}"
        )


@pytest.mark.parametrize("measure", PER_ENTRY_MEASURES[1:])
def test_bytes_per_added_entry_of_each_kind_do_not_grow(sites: list[Built], measure: str) -> None:
    first, second = marginal(sites, measure)
    assert first > 0
    assert second <= first * SLACK, f"{measure}: {first:.0f} then {second:.0f} B per added entry"


def test_files_per_added_entry_do_not_grow(sites: list[Built]) -> None:
    first, second = marginal(sites, "files")
    assert first > 0
    assert second <= first * SLACK, f"{first:.2f} then {second:.2f} files per added entry"


def test_largest_folder_grows_at_most_linearly(sites: list[Built]) -> None:
    smallest, *_, largest = sites
    ratio = largest.entries / smallest.entries
    assert largest.largest_folder <= smallest.largest_folder * ratio


def test_no_entry_page_grows_with_the_catalogue(sites: list[Built]) -> None:
    # The first 150 entries are the same files in every catalogue; only the links to entries that
    # replicate them may add to their pages, and those are capped.
    smallest, *_, largest = sites
    grown = {
        url: (size, largest.entry_pages[url])
        for url, size in smallest.entry_pages.items()
        if largest.entry_pages[url] > size + 2048
    }
    assert not grown
