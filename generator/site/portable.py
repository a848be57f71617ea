"""`katalog pages`: every page as an HTML fragment with front matter, for any static-site engine."""

from __future__ import annotations

import json
from pathlib import Path

from ..entries.catalogue import Catalogue
from .plan import Page, build_site, plan_pages
from ..settings import SiteSettings
from .writing import write_pages


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


def write_fragments(
    catalogue: Catalogue, settings: SiteSettings, out_dir: Path, processes: int = 0
) -> int:
    """Write `<out_dir>/<url>/index.html` for every page; returns how many."""
    site = build_site(catalogue, settings)
    jobs = list(plan_pages(site))
    write_pages(site, jobs, fragment, out_dir, None, processes)
    return len(jobs)
