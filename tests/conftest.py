"""Shared fixtures: the repository root, and the --update-golden flag for snapshot tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline: it is a timing assertion, and this machine is noisy (a property test
# failed with DeadlineExceeded under load). Performance is measured by `make bench` only.
settings.register_profile("katalog", deadline=None)
settings.load_profile("katalog")

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "tests" / "catalogue"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output (review the diff before committing).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the repository root, so reported paths are the ones contributors see."""
    monkeypatch.chdir(ROOT)
    return ROOT
