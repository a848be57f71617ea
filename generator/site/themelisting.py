"""The theme's file listing, made once. MkDocs lists every file of the theme's folders on every
build, to copy its static files (`Files.add_files_from_theme` through Jinja's `list_templates`):
Material's holds 14,500 files (its icons), so the walk took 0.3 s of each build, a third of an
edit shown in `make serve` and 7% of a no-change build. An installed theme's folder does not
change while the generator and its libraries stay the same, so its listing is kept: in memory
across a server's rebuilds, and in a signed file of the build cache across builds, dropped whole
when `generator_digest` (which covers the installed libraries) changes. Folders of the project's
own (`theme_overrides/`) are walked every time, so an added override is always seen.
"""

from __future__ import annotations

import os
import pickle
import sysconfig
from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2

from ..cache import generator_digest, read_signed, write_signed

_PURPOSE = "theme-listing"


def installed_folders() -> tuple[str, ...]:
    """Where installed packages live: a theme folder under one of them is an installed theme."""
    paths = sysconfig.get_paths()
    return tuple(os.path.realpath(paths[key]) for key in ("purelib", "platlib"))


class ThemeListing:
    """Listings of installed theme folders, by folder."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._listings: dict[str, tuple[str, ...]] = {}
        self._changed = False
        self._installed = installed_folders()
        if path is not None:
            self._listings = _read(path)

    def listing(self, folder: str, walk: Callable[[str], list[str]]) -> list[str]:
        """The files of `folder` as Jinja names them; `walk` lists a folder not yet known, and
        every folder outside the installed packages."""
        real = os.path.realpath(folder)
        if not any(real == root or real.startswith(root + os.sep) for root in self._installed):
            return walk(folder)
        known = self._listings.get(real)
        if known is None:
            known = self._listings[real] = tuple(walk(folder))
            self._changed = True
        return list(known)

    def save(self) -> None:
        if self._path is not None and self._changed:
            data = pickle.dumps(self._listings, pickle.HIGHEST_PROTOCOL)
            write_signed(self._path, _PURPOSE, generator_digest() + b"\0", data)
            self._changed = False


def _read(path: Path) -> dict[str, tuple[str, ...]]:
    data = read_signed(path, _PURPOSE)
    prefix = generator_digest() + b"\0"
    if data is None or not data.startswith(prefix):
        return {}
    try:
        listings = pickle.loads(memoryview(data)[len(prefix) :])
    except (pickle.UnpicklingError, ValueError, EOFError):
        return {}
    return listings if isinstance(listings, dict) else {}


def theme_listing_file(cache_path: Path) -> Path:
    """Where `ThemeListing` keeps its listings, beside the build cache `cache_path`."""
    return cache_path.with_name(cache_path.stem + "-theme-files")


class ListedLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, listing installed theme folders from a `ThemeListing`."""

    def __init__(self, searchpath: Sequence[str], listing: ThemeListing) -> None:
        super().__init__(searchpath)
        self._listing = listing

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            found.update(self._listing.listing(folder, _walk))
        return sorted(found)


def _walk(folder: str) -> list[str]:
    """The files under `folder` as Jinja's `FileSystemLoader.list_templates` names them."""
    return jinja2.FileSystemLoader(folder).list_templates()


def with_listing(make_env: Callable[[], jinja2.Environment], listing: ThemeListing) -> Callable[
    [], jinja2.Environment
]:
    """`make_env` (a theme's `get_env`) whose environment lists files through `listing`."""

    def get_env() -> jinja2.Environment:
        env = make_env()
        loader = env.loader
        if type(loader) is jinja2.FileSystemLoader:  # MkDocs' own; anything else is left alone
            env.loader = ListedLoader(loader.searchpath, listing)
        return env

    return get_env
