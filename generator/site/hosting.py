"""The hosting gate: a built site measured against GitHub Pages' limits before it is published."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..entries.messages import render_text

# GitHub Pages refuses a site larger than 1 GB and warns at files over 100 MB; counted in binary
# units so the gate errs on the safe side.
SITE_LIMIT = 1024**3
FILE_LIMIT = 100 * 1024**2
LARGEST_SHOWN = 5


@dataclass(frozen=True, slots=True)
class SiteSize:
    """What a built site weighs: total bytes, file count, its largest and its oversized files."""

    total: int
    files: int
    largest: tuple[tuple[str, int], ...]  # (site-relative path, bytes), largest first
    oversized: tuple[tuple[str, int], ...]  # every file over FILE_LIMIT, by path


def measure_site(site_dir: Path) -> SiteSize:
    """Walk the built site once; a symlink counts as its own size (none are followed)."""
    total = 0
    sizes: list[tuple[int, str]] = []
    for dirpath, _, filenames in os.walk(site_dir):
        for name in filenames:
            path = os.path.join(dirpath, name)
            size = os.lstat(path).st_size
            total += size
            sizes.append((size, os.path.relpath(path, site_dir).replace(os.sep, "/")))
    sizes.sort(key=lambda item: (-item[0], item[1]))
    largest = tuple((path, size) for size, path in sizes[:LARGEST_SHOWN])
    oversized = tuple(sorted((path, size) for size, path in sizes if size > FILE_LIMIT))
    return SiteSize(total, len(sizes), largest, oversized)


def human(size: int) -> str:
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def gate_problems(size: SiteSize, lang: str) -> list[str]:
    """The sentences that stop publishing; empty when the site fits."""
    problems = []
    if size.total > SITE_LIMIT:
        problems.append(
            render_text("gate-site", lang, size=human(size.total), limit=human(SITE_LIMIT))
        )
    for path, bytes_ in size.oversized:
        problems.append(
            render_text("gate-file", lang, path=path, size=human(bytes_), limit=human(FILE_LIMIT))
        )
    return problems


def gate_report(size: SiteSize, problems: list[str], lang: str, markdown: bool) -> str:
    """The size line, the largest files and the verdict, as text or as a job summary."""
    numbers = render_text(
        "gate-size", lang, size=human(size.total), files=size.files, limit=human(SITE_LIMIT)
    )
    verdict = render_text("gate-failed" if problems else "gate-ok", lang)
    largest = [f"{path} ({human(bytes_)})" for path, bytes_ in size.largest]
    if not markdown:
        lines = [numbers, *problems, verdict]
        return "\n".join(lines)
    mark = "❌" if problems else "✅"
    lines = [f"## {mark} {verdict}", "", numbers, ""]
    lines += [f"- {problem}" for problem in problems]
    if largest:
        lines += ["", render_text("gate-largest", lang), ""]
        lines += [f"- `{item}`" for item in largest]
    return "\n".join(lines) + "\n"
