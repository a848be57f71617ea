"""The lock (constraints.txt) pins every dependency pyproject.toml names, within its range."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from .conftest import ROOT

LOCK = ROOT / "constraints.txt"
FIX = "run `make lock` and commit constraints.txt"


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = list(project["dependencies"])
    for group in project.get("optional-dependencies", {}).values():
        names += group
    return [Requirement(name) for name in names]


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        assert match, f"constraints.txt: not an exact pin: {line!r}; {FIX}"
        pins[canonicalize_name(match[1])] = Version(match[2])
    return pins


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    declared = _declared()
    assert declared, "pyproject.toml declares no dependencies?"
    unpinned = [str(r) for r in declared if canonicalize_name(r.name) not in pins]
    assert unpinned == [], f"not pinned in constraints.txt: {unpinned}; {FIX}"
    outside = [
        f"{r} (pinned {pins[canonicalize_name(r.name)]})"
        for r in declared
        if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)
    ]
    assert outside == [], f"pins outside pyproject.toml's ranges: {outside}; {FIX}"


def test_the_project_itself_is_not_pinned() -> None:
    # An editable install of the checkout is never a pin: a lock with it would fail to install.
    assert "katalog-inovasi" not in _pins()


def test_make_installs_from_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -c $(LOCK) -e '.[dev]'" in makefile
    assert "LOCK := constraints.txt" in makefile
