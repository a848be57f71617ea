"""Keeping the site's files across a build that would write them again unchanged.

A build that empties the site folder first (`mkdocs build`) would rewrite tens of thousands of
pages identical to the ones it deleted. Instead, before the folder is emptied, its entries move
into a hidden folder inside it (`set_aside`: the emptying skips names that start with "."). After
the engine has written its own pages, `restore` moves the files this generator wrote last time
back, when the fingerprint of everything they depend on (the catalogue's sources, the settings,
the captured page shells, the generator itself) equals the one recorded with them; the caller
then writes nothing. Otherwise `reuse` moves the last build's files back for the caller to write
over, and `remember` removes the ones it did not write, then records what it wrote.

The record (fingerprint and the paths to move back) lives in the build cache folder, signed like
every cache file: never inside the site folder, which is published. Files move back a folder at
a time where no file of the folder is the engine's, so a no-change build costs a few hundred
renames, not a write per page.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..cache import generator_digest, read_signed, remove_signed, write_signed
from .plan import Site
from .shell import Shell

PREVIOUS = ".katalog-previous"  # hidden: the engine's emptying of the site folder skips it
_PURPOSE = "kept-site"


def output_fingerprint(site: Site, shells: Mapping[int, Shell]) -> str | None:
    """What the generator's files in the site depend on; None when the catalogue was loaded
    without a digest of its sources (then nothing is kept)."""
    digest = site.catalogue.digest
    if not digest:
        return None
    hashed = hashlib.blake2b(digest.encode(), digest_size=20)
    for part in (repr(site.settings), repr(sorted(shells.items()))):
        hashed.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    hashed.update(b"\0" + generator_digest())
    return hashed.hexdigest()


def record_file(cache_dir: Path, site_dir: Path) -> Path:
    """One record per site folder, in the build cache folder."""
    name = hashlib.blake2b(str(site_dir.resolve()).encode(), digest_size=8).hexdigest()
    return cache_dir / f"kept-{name}.json"


class KeptSite:
    """The last build's files of one site folder, set aside while the engine empties it."""

    def __init__(self, site_dir: Path, record: Path) -> None:
        self.site_dir = site_dir
        self.record = record
        self.previous = site_dir / PREVIOUS
        self._reused: list[str] = []  # moved back for a full write to replace (see `reuse`)

    def set_aside(self) -> None:
        """Move every entry of the site folder (hidden ones excepted) into the hidden folder."""
        if not self.site_dir.is_dir():
            return
        if self.previous.exists():  # left by a build that stopped half way
            shutil.rmtree(self.previous)
        names = [name for name in os.listdir(self.site_dir) if not name.startswith(".")]
        if not names:
            return
        self.previous.mkdir()
        for name in names:
            os.rename(self.site_dir / name, self.previous / name)

    def restore(self, fingerprint: str | None) -> str | None:
        """Move the recorded files back when `fingerprint` is the recorded one, and they are all
        set aside and none is in the way of a file the engine wrote now; then what is left of
        the hidden folder is removed, and the result is None. Otherwise: why not."""
        record = self._read_record()
        if record is None or fingerprint is None or record[0] != fingerprint:
            return "no record of the last build with the same sources, settings and theme"
        units = record[1]
        if not all(os.path.lexists(self.previous / unit) for unit in units):
            return "files of the last build are missing from the site folder"
        if any(os.path.lexists(self.site_dir / unit) for unit in units):
            return "the theme now writes files where the last build's were"
        self._move_back(units)
        self._remove_previous()  # the record stays: it describes the folder as it is again
        return None

    def reuse(self) -> None:
        """Before a full write: forget the record, move the last build's files back where nothing
        of the engine's stands now, and remove the rest. The write replaces every file it writes;
        `remember` removes the others. Removing and making thousands of folders again costs more
        than the page writing saves (one folder per entry)."""
        record = self._read_record()
        remove_signed(self.record)
        if record is not None:
            units = [
                unit
                for unit in record[1]
                if os.path.lexists(self.previous / unit)
                and not os.path.lexists(self.site_dir / unit)
            ]
            self._move_back(units)
            self._reused.extend(units)
        self._remove_previous()

    def _move_back(self, units: Iterable[str]) -> None:
        made: set[str] = set()
        for unit in units:
            folder = os.path.dirname(unit)
            if folder and folder not in made:
                os.makedirs(self.site_dir / folder, exist_ok=True)
                made.add(folder)
            os.rename(self.previous / unit, self.site_dir / unit)

    def put_back(self) -> None:
        """After a failed build: the set-aside entries return where the engine wrote nothing, so
        the folder holds the last good build again (and the next build can keep it)."""
        if not self.previous.is_dir():
            return
        for name in os.listdir(self.previous):
            if not os.path.lexists(self.site_dir / name):
                os.rename(self.previous / name, self.site_dir / name)
        self._remove_previous()

    def _remove_previous(self) -> None:
        if self.previous.exists():
            shutil.rmtree(self.previous)

    def remember(self, fingerprint: str | None, ours: Iterable[str]) -> None:
        """After a full write: remove the reused files it did not write (the site no longer has
        them), then record the files it wrote (`ours`, paths in the site folder) as the fewest
        folders and files holding nothing else, with the fingerprint they depend on."""
        written = set(ours)
        for unit in self._reused:
            remove_unwritten(self.site_dir, unit, written)
        self._reused = []
        if fingerprint is None:
            return
        units = owned_units(self.site_dir, written)
        data = json.dumps({"fingerprint": fingerprint, "units": units}).encode("utf-8")
        write_signed(self.record, _PURPOSE, data)

    def _read_record(self) -> tuple[str, list[str]] | None:
        """The last build's fingerprint and units, if this machine signed them and every unit
        stays inside the site folder (a record is never trusted blindly)."""
        data = read_signed(self.record, _PURPOSE)
        if data is None:
            return None
        try:
            record = json.loads(data)
        except ValueError:
            return None
        if not isinstance(record, dict) or not isinstance(record.get("fingerprint"), str):
            return None
        units = record.get("units")
        if not isinstance(units, list) or not all(_is_inside(unit) for unit in units):
            return None
        return record["fingerprint"], units


def remove_unwritten(site_dir: Path, unit: str, written: set[str]) -> None:
    """Delete the files under `unit` (a path of `site_dir`) that are not in `written`, and the
    folders that leaves empty."""
    top = os.path.join(site_dir, unit)
    if not os.path.isdir(top) or os.path.islink(top):
        if unit not in written and os.path.lexists(top):
            os.unlink(top)
        return
    start = len(str(site_dir).rstrip(os.sep)) + 1
    for folder, _folders, names in os.walk(top, topdown=False):
        prefix = folder[start:].replace(os.sep, "/") + "/"
        for name in names:
            if prefix + name not in written:
                os.unlink(os.path.join(folder, name))
        if not os.listdir(folder):
            os.rmdir(folder)


def owned_units(site_dir: Path, ours: set[str]) -> list[str]:
    """The fewest paths (folders or files) of `site_dir` that hold exactly the files in `ours`:
    a folder every file under which is ours counts as one path."""
    units: list[str] = []

    def walk(folder: str) -> bool:
        """Add the units under `folder` (relative; "" is the site) unless all of it is ours,
        which is then reported (True) for the caller to take whole."""
        inside: list[str] = []
        all_ours = True
        with os.scandir(os.path.join(site_dir, folder)) as scan:
            children = sorted(scan, key=lambda child: child.name)
        for child in children:
            path = f"{folder}/{child.name}" if folder else child.name
            if child.is_dir(follow_symlinks=False):
                if walk(path):
                    inside.append(path)
                else:
                    all_ours = False
            elif path in ours:
                inside.append(path)
            else:
                all_ours = False
        if all_ours and inside and folder:
            return True
        units.extend(inside)
        return False

    if site_dir.is_dir():
        walk("")
    return sorted(units)


def _is_inside(unit: object) -> bool:
    """A recorded path that stays inside the site folder (a record is never trusted blindly)."""
    if not isinstance(unit, str) or not unit or "\0" in unit or unit.startswith("/"):
        return False
    parts = unit.split("/")
    return all(part not in ("", ".", "..") for part in parts) and not parts[0].startswith(".")
