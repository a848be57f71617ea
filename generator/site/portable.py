"""Pages for any static-site engine: an HTML fragment with front matter, written by `katalog pages`
(assembly.build_portable_site writes the rest of the site beside them)."""

from __future__ import annotations

import json

from pathlib import Path

from .plan import Page


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


def written_before(out_dir: Path) -> set[str]:
    """What the last run wrote into `out_dir`; NotOurFolder if files are there without a manifest."""
    manifest = out_dir / MANIFEST
    if manifest.is_file():
        return set(manifest.read_text(encoding="utf-8").splitlines()) - {""}
    if out_dir.is_dir() and any(out_dir.iterdir()):
        raise NotOurFolder(out_dir)
    return set()
