"""Every command, key and vocabulary file a contributor meets is documented in CONTRIBUTING."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.entries.rules import ALL_KEYS

from .conftest import ROOT

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))  # type: ignore[attr-defined]
def test_every_cli_command_is_documented(command: str) -> None:
    assert f"`katalog {command}" in CONTRIBUTING


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_front_matter_key_is_documented(key: str) -> None:
    assert f"| `{key}" in CONTRIBUTING


@pytest.mark.parametrize(
    "path",
    sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "content/taxonomies").glob("*.yml")),
)
def test_every_vocabulary_file_is_documented(path: str) -> None:
    assert path in CONTRIBUTING


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme


def test_every_plugin_option_is_documented_for_hubs() -> None:
    from generator.plugin import KatalogConfig

    hub_guide = (ROOT / "docs/hub.md").read_text(encoding="utf-8")
    options = [name for name, _ in KatalogConfig._schema]
    assert options, "the plugin declares no options?"
    assert [name for name in options if f"`{name}`" not in hub_guide] == []


def test_pages_for_publishers_are_out_of_the_visitors_navigation() -> None:
    """The hub guide and the benchmark report are built, but only the footer links the guide."""
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def pages(nav: object) -> list[str]:
        if isinstance(nav, dict):
            return [p for value in nav.values() for p in pages(value)]
        if isinstance(nav, list):
            return [p for item in nav for p in pages(item)]
        return [str(nav)]

    assert not {"hub.md", "benchmarks.md"} & set(pages(config["nav"]))
    assert {"/hub.md", "/benchmarks.md"} <= set(config["not_in_nav"].split())
    assert {"title": "Panduan hub JIPP", "url": "hub/"} in config["extra"]["footer_links"]
