"""Every command, key and vocabulary file a contributor meets is documented in CONTRIBUTING."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.entries.rules import ALL_KEYS
from generator.settings import OPTIONS, Option, SiteSettings
from generator.urls import DEFAULT_PATTERNS

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
    options = [name for name, _ in KatalogConfig._schema]  # type: ignore[attr-defined]
    assert options, "the plugin declares no options?"
    assert [name for name in options if f"`{name}`" not in hub_guide] == []


# Fields MkDocs' own keys set (site_name, site_url, repo_url), not the `katalog:` block; and the
# one not yet settable: the site is in Bahasa Indonesia.
# Set from MkDocs' own keys and theme, not from the katalog: block.
_SITE_WIDE = {"site_name", "site_url", "repo_url", "language", "theme_stylesheet"}


def _changed_value(option: Option) -> object:
    """A valid value for `option` that differs from its default."""
    if option.kind is bool:
        return not option.default
    if option.kind is int:
        return int(option.default) + 3  # type: ignore[call-overload]
    if option.kind is list:
        return ["bali"]
    if option.name.endswith("_url"):
        return "lain/" + str(option.default) if option.default else "https://contoh.id/edit/x/"
    if option.name.startswith("palette_"):
        return "#123456"
    return "lain"


def _settings_both_ways(tmp_path: Path, options: dict[str, object]) -> tuple[object, object]:
    """What the CLI (`--config`) and the MkDocs plugin make of the same mkdocs.yml."""
    from mkdocs.config import load_config

    from generator.configfile import load_settings

    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        yaml.safe_dump(
            {"site_name": "Uji", "site_url": "https://contoh.id/", "docs_dir": "docs",
             "repo_url": "https://github.com/o/r", "plugins": [{"katalog": options}]}
        ),
        encoding="utf-8",
    )  # fmt: skip
    mkdocs_config = load_config(str(config))
    plugin = mkdocs_config.plugins["katalog"]
    plugin.on_config(mkdocs_config)
    return load_settings(config), plugin._settings


def test_every_setting_has_its_option_cli_reach_and_documentation(tmp_path: Path) -> None:
    """Each SiteSettings field is set by a plugin option that the CLI's --config reads the same
    way, and each option is documented for hubs."""
    hub_guide = (ROOT / "docs/hub.md").read_text(encoding="utf-8")
    assert [o.name for o in OPTIONS if f"`{o.name}`" not in hub_guide] == []
    assert "--config" in hub_guide and "--config" in CONTRIBUTING
    (tmp_path / "default").mkdir()
    (tmp_path / "changed").mkdir()
    default_cli, default_plugin = _settings_both_ways(tmp_path / "default", {})
    assert default_cli == default_plugin
    changed = {o.name: _changed_value(o) for o in OPTIONS}
    # A hub's settings read from its folder (hubs/<hub>/ beside the content folder): the home
    # introduction, the logo, and the catalogue address its own mkdocs.yml declares.
    hub = tmp_path / "changed/hubs" / str(changed["hub"])
    hub.mkdir(parents=True)
    (hub / "beranda.md").write_text("Pengantar hub.\n", encoding="utf-8")
    (hub / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n", encoding="utf-8")
    (hub / "mkdocs.yml").write_text("site_url: https://hub.contoh.id/\n", encoding="utf-8")
    (hub / "kartu-sosial.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    changed_cli, changed_plugin = _settings_both_ways(tmp_path / "changed", changed)
    assert changed_cli == changed_plugin
    reached = {
        f.name
        for f in dataclasses.fields(SiteSettings)
        if getattr(changed_cli, f.name) != getattr(default_cli, f.name)
    }
    assert reached | _SITE_WIDE == {f.name for f in dataclasses.fields(SiteSettings)}
    patterns = changed_cli.patterns  # type: ignore[attr-defined]
    assert all(
        getattr(patterns, f.name) != getattr(DEFAULT_PATTERNS, f.name)
        for f in dataclasses.fields(patterns)
    )


def test_the_cli_reads_an_inherited_config_as_mkdocs_does(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from generator.configfile import load_settings

    (tmp_path / "base.yml").write_text(
        "site_name: Nasional\nplugins:\n  - katalog:\n      page_size: 5\n"
        "      province_scope: [bali]\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    child = tmp_path / "mkdocs.yml"
    child.write_text(
        "INHERIT: base.yml\nsite_name: Hub\ndocs_dir: docs\n"
        "site_url: !ENV [KATALOG_UJI_TIDAK_ADA, 'https://hub.contoh.id/']\n",
        encoding="utf-8",
    )
    settings = load_settings(child)
    assert (settings.site_name, settings.page_size, settings.province_scope) == (
        "Hub", 5, ("bali",)
    )  # fmt: skip
    assert settings.site_url == "https://hub.contoh.id/"
    mkdocs_config = load_config(str(child))
    plugin = mkdocs_config.plugins["katalog"]
    plugin.on_config(mkdocs_config)
    assert plugin._settings == settings


@pytest.mark.parametrize(
    ("line", "named"),
    [("page_size: banyak", "katalog.page_size"), ("rows_per_page: 0", "katalog.rows_per_page")],
)
def test_a_wrong_option_is_a_usage_error_naming_it(tmp_path: Path, line: str, named: str) -> None:
    from click.testing import CliRunner

    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: x\nplugins:\n  - katalog:\n      {line}\n")
    result = CliRunner().invoke(main, ["pages", "--config", str(config), "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert named in result.output


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
