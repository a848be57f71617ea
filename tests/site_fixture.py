"""Build the fixture catalogue (tests/catalogue/site, synthetic) into a site with the real theme."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "catalogue" / "site"


def write_config(
    folder: Path, content_dir: Path = FIXTURE, nav: list[Any] | None = None, **options: Any
) -> Path:
    """A mkdocs.yml in `folder` like the fixture's, with absolute paths and plugin `options`
    (and `nav` instead of the fixture's, for sites whose URL patterns moved the sections)."""
    config = yaml.safe_load((FIXTURE / "mkdocs.yml").read_text(encoding="utf-8"))
    if nav is not None:
        config["nav"] = nav
    config["docs_dir"] = str(FIXTURE / "docs")
    config["site_dir"] = str(folder / "site")
    config["theme"]["custom_dir"] = str(ROOT / "theme_overrides")
    # Search has its own tests (issue 4); these are about pages, so they build without it.
    plugin = {"content_dir": str(content_dir), "page_size": 2, "processes": 1, "search": False}
    plugin["cache_dir"] = str(folder / "cache")
    plugin.update(options)
    config["plugins"] = [{"katalog": plugin}]
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


@contextmanager
def _quiet_mkdocs_2_notice() -> Iterator[None]:
    old = os.environ.get("NO_MKDOCS_2_WARNING")
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("NO_MKDOCS_2_WARNING", None)


def build_site(
    folder: Path, content_dir: Path = FIXTURE, nav: list[Any] | None = None, **options: Any
) -> Path:
    """`mkdocs build --strict` in-process; returns the site folder."""
    folder.mkdir(parents=True, exist_ok=True)
    config_path = write_config(folder, content_dir, nav, **options)
    with _quiet_mkdocs_2_notice():
        config = load_config(str(config_path), strict=True)
        build(config)
    return folder / "site"


def site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
