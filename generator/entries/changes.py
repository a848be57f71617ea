"""Which files a pull request changes, from git: the adapter behind `katalog validate --base`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


class ChangesUnknown(Exception):
    """git could not compare with the base (no repository, unknown ref, git missing)."""


def changed_paths(base: str, cwd: Path | None = None) -> frozenset[str]:
    """Files that differ between `base` and the working tree, as paths relative to `cwd`.

    Two-dot against the working tree: on a pull request's merge commit (what `actions/checkout`
    checks out) with the base branch's tip as `base`, that is exactly the pull request's files.
    """
    here = Path(cwd or os.getcwd()).resolve()
    try:
        top = _git(["rev-parse", "--show-toplevel"], here).strip()
        listed = _git(["diff", "--name-only", "--no-renames", "-z", base, "--"], here)
    except FileNotFoundError as exc:
        raise ChangesUnknown("git tidak terpasang") from exc
    root = Path(top).resolve()
    paths = set()
    for name in filter(None, listed.split("\0")):
        absolute = root / name
        try:
            paths.add(absolute.relative_to(here).as_posix())
        except ValueError:
            paths.add(os.path.relpath(absolute, here).replace(os.sep, "/"))
    return frozenset(paths)


def _git(args: list[str], cwd: Path) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=False
    )
    if result.returncode != 0:
        raise ChangesUnknown(result.stderr.strip().splitlines()[-1] if result.stderr else "git")
    return result.stdout
