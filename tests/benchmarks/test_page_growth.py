"""No generated page grows with the catalogue: the largest page stays the same size when the
catalogue grows four times (index pages are paginated, entries stay out of the navigation)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from benchmarks import synth
from benchmarks.measure import iter_files
from benchmarks.ours import check_available, prepare_ours
from benchmarks.target import Unavailable

SMALL, LARGE = 300, 1200
# Pages not yet full at the small size may fill up to a page's worth; digits of counts grow.
SLACK = 1.15
SLACK_BYTES = 2048


def build_ours(size: int, root: Path) -> Path:
    synth.write_catalogue(size, root / "catalogue", seed=5)
    target = prepare_ours(root / "catalogue", root / "work", synth.PROJECT_ROOT)
    done = subprocess.run(
        target.argv,
        cwd=target.cwd,
        env={**os.environ, **target.env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return target.site_dir


def html_sizes(site: Path) -> dict[str, int]:
    return {
        str(p.relative_to(site)): p.stat().st_size for p in iter_files(site) if p.suffix == ".html"
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, int], dict[str, int]]:
    try:
        check_available(synth.PROJECT_ROOT)
    except Unavailable as exc:
        pytest.fail(f"our build is not ready: {exc}")
    small = html_sizes(build_ours(SMALL, tmp_path_factory.mktemp("small")))
    large = html_sizes(build_ours(LARGE, tmp_path_factory.mktemp("large")))
    return small, large


def test_no_page_grows_with_the_catalogue(sites: tuple[dict[str, int], dict[str, int]]) -> None:
    small, large = sites
    ceiling = max(small.values()) * SLACK + SLACK_BYTES
    grown = {path: size for path, size in large.items() if size > ceiling}
    assert not grown, (
        f"largest page at {SMALL} entries: {max(small.values())} bytes; "
        f"pages over {ceiling:.0f} bytes at {LARGE} entries: {grown}"
    )
