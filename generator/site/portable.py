"""Pages for any static-site engine: an HTML fragment with front matter, written by `katalog pages`
(assembly.build_portable_site writes the rest of the site beside them)."""

from __future__ import annotations

import json

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
