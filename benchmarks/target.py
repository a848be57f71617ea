"""A prepared build to measure, and the file operations every build shares."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path


class Unavailable(RuntimeError):
    """A build that cannot run here (tool missing, project not ready): reported, not fatal."""


@dataclass(frozen=True, slots=True)
class BuildTarget:
    """A build prepared in its own work folder: the command to time and where things are."""

    name: str  # "ours", "mkdocs", "hugo": the key in results
    label: str  # what the report calls it
    argv: tuple[str, ...]
    cwd: Path
    site_dir: Path
    entries_dir: Path  # the build reads `<entries_dir>/<province>/<slug>.md`
    # Removed before a cold build: the output and any cache the build keeps between runs.
    fresh_dirs: tuple[Path, ...]
    env: dict[str, str] = field(default_factory=dict)
    # Added to `env` for the cold builds alone: how the tool's publishing builds (ours: the
    # publish workflow's one-off build, which keeps no cache). Not empty: the rebuilds follow
    # a cold build with `env` alone, which keeps the caches they read.
    cold_env: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    # The preview server's command, "{port}" filled in, and the URL path the site is served at.
    serve_argv: tuple[str, ...] = ()
    serve_path: str = "/"

    def entry_source(self, entry_id: str) -> Path:
        return self.entries_dir / f"{entry_id}.md"

    def clear(self) -> None:
        for folder in self.fresh_dirs:
            shutil.rmtree(folder, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """Mirror `source` into `target` with hard links: instant, and the cache stays untouched
    as long as edits replace files rather than write into them (see `edit_entry`)."""
    for folder, _dirs, names in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(Path(folder, name), destination / name)
            except OSError:  # another file system, or links unsupported
                shutil.copy2(Path(folder, name), destination / name)


def read_through(folder: Path) -> int:
    """Read every file under `folder` once; returns the bytes read. Before each tool's cold
    build, so that none pays for the disk: the catalogue's files are hard links into the cached
    catalogue, which the kernel may have dropped from memory since (a 100k run measured our cold
    build at 177.7 s with them on disk, 90.5 s right after, reading them from memory), and the
    tool built first would pay for all."""
    total = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            with open(os.path.join(root, name), "rb") as handle:
                total += len(handle.read())
    return total


def edit_entry(path: Path, marker: str) -> None:
    """Append a paragraph with `marker` to an entry, as an editor's save would.

    Written to a new file then renamed over the old one: the old inode may be a hard link into
    the cached catalogue, which must not change."""
    text = path.read_text(encoding="utf-8")
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(f"{text.rstrip()}\n\nSuntingan tolok ukur: {marker}.\n", encoding="utf-8")
    os.replace(temporary, path)


def reset_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path
