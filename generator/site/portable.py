"""`katalog pages`: every page as an HTML fragment with front matter, for any static-site engine."""

from __future__ import annotations

import json
from pathlib import Path

from ..entries.catalogue import Catalogue
from .plan import Page, build_site, plan_pages
from ..settings import SiteSettings
from ..settings import OutputFile
from .writing import site_path, write_output, write_pages


def fragment(page: Page) -> str:
    """Front matter (JSON strings are valid YAML) that Hugo, Zola, Eleventy or Jekyll read, then
    the body. Links in the body are relative to `url`, so the engine must keep the URLs."""
    front = {
        "title": page.title,
        "description": page.description,
        "url": "/" + page.url,
        "section": page.section,
    }
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n" + page.body


# What the last `katalog pages` wrote into a folder, one path a line: the next run removes what it
# no longer writes (a deleted entry's page), and never touches a file it did not write.
MANIFEST = ".katalog-pages"


class NotOurFolder(Exception):
    """The output folder holds files, and no manifest says `katalog pages` wrote them."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(str(out_dir))
        self.out_dir = out_dir


def write_fragments(
    catalogue: Catalogue, settings: SiteSettings, out_dir: Path, processes: int = 0
) -> int:
    """Write `<out_dir>/<url>/index.html` for every page, leaving `out_dir` as a write into an
    empty folder would; returns how many pages."""
    previous = _written_before(out_dir)
    site = build_site(catalogue, settings)
    jobs = list(plan_pages(site))
    paths = sorted(job.url + "index.html" for job in jobs)
    write_pages(site, jobs, fragment, out_dir, None, processes)
    for stale in sorted(previous - set(paths), reverse=True):
        target = site_path(out_dir, stale)  # a tampered manifest cannot reach outside
        target.unlink(missing_ok=True)
        _remove_empty_folders(target.parent, out_dir.resolve())
    write_output(out_dir, OutputFile(MANIFEST, "".join(f"{p}\n" for p in paths).encode()))
    return len(jobs)


def _written_before(out_dir: Path) -> set[str]:
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        return set(manifest.read_text(encoding="utf-8").splitlines()) - {""}
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise NotOurFolder(out_dir)
    return set()


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
