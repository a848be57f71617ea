"""The generated config for our build: the project's mkdocs.yml, relocated and re-pointed."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.ours import (
    PUBLISHED,
    Tagged,
    bench_config,
    dump_config,
    load_config,
    prepare_ours,
    served_path,
)
from benchmarks.synth import PROJECT_ROOT
from benchmarks.target import Unavailable

PROJECT_CONFIG = """\
site_name: Katalog
site_url: https://example.org/katalog/
theme:
  name: material
  custom_dir: theme_overrides
plugins:
  - search
  - katalog:
      repo_url: https://example.org/repo
markdown_extensions:
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
extra:
  analytics: !ENV [ANALYTICS, ""]
"""


def test_paths_become_absolute_and_content_is_swapped(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(PROJECT_CONFIG, encoding="utf-8")
    config = bench_config(
        load_config(tmp_path / "mkdocs.yml"), tmp_path, Path("/c/content"), Path("/w/site")
    )
    assert config["docs_dir"] == str((tmp_path / "docs").resolve())
    assert config["site_dir"] == "/w/site"
    assert config["theme"]["custom_dir"] == str((tmp_path / "theme_overrides").resolve())
    assert config["plugins"] == [
        "search",
        {"katalog": {"repo_url": "https://example.org/repo", "content_dir": "/c/content"}},
    ]


def test_mkdocs_tags_survive_the_round_trip(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(PROJECT_CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "mkdocs.yml")
    emoji = config["markdown_extensions"][0]["pymdownx.emoji"]["emoji_generator"]
    assert emoji == Tagged("tag:yaml.org,2002:python/name:material.extensions.emoji.to_svg", "")
    assert config["extra"]["analytics"] == Tagged("!ENV", ["ANALYTICS", ""])
    dumped = dump_config(config)
    assert "!!python/name:material.extensions.emoji.to_svg" in dumped
    assert "!ENV" in dumped


def test_a_config_without_the_plugin_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(Unavailable, match="katalog"):
        bench_config({"plugins": ["search"]}, tmp_path, tmp_path, tmp_path)


def test_served_path_follows_site_url() -> None:
    assert served_path("https://example.org/katalog/") == "/katalog/"
    assert served_path("https://example.org") == "/"
    assert served_path(None) == "/"


def test_our_build_is_the_published_site(tmp_path: Path) -> None:
    """The harness measures the site the publish workflow would put online: with a site address
    and a repository, so the JSON exports go to the release and every link is absolute."""
    catalogue = tmp_path / "catalogue"
    (catalogue / "content" / "innovations").mkdir(parents=True)
    target = prepare_ours(catalogue, tmp_path / "work", PROJECT_ROOT)
    config = load_config(tmp_path / "work" / "mkdocs.yml")
    assert (config["site_url"], config["repo_url"]) == (
        PUBLISHED["site_url"],
        PUBLISHED["repo_url"],
    )
    assert target.serve_path == served_path(PUBLISHED["site_url"]) != "/"
