"""The MkDocs adapter on its own: zero-option config, serve watching, shells, section marking."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config.base import load_config

from generator.plugin import KatalogPlugin, mark_active_section
from generator.settings import OPTIONS
from generator.site.plan import Page
from generator.site.shell import BODY, DESCRIPTION, TITLE, Shell, ShellError, strip_layout_wrappers
from tests.site_fixture import FIXTURE, ROOT


def test_the_plugin_works_with_zero_options(tmp_path: Path) -> None:
    plugin = KatalogPlugin()
    errors, warnings = plugin.load_config({})
    assert not errors and not warnings
    assert plugin.config.content_dir == "content"
    assert plugin.config.page_size == 24
    assert plugin.config.province_scope == []


def test_every_option_has_a_docstring_and_is_documented() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "hub.md").read_text(encoding="utf-8")
    declared = {option.name: option for option in OPTIONS}
    for name in KatalogPlugin().config_scheme:
        option = name[0]
        assert declared[option].doc.strip(), f"{option} lacks a docstring"
        assert f"`{option}`" in docs, f"{option} is not in docs/hub.md"


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_serve_watches_the_content_folder(tmp_path: Path) -> None:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        f"site_name: Uji\ndocs_dir: {FIXTURE / 'docs'}\nplugins:\n"
        f"  - katalog:\n      content_dir: {FIXTURE}\n",
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    plugin = config.plugins["katalog"]
    assert isinstance(plugin, KatalogPlugin)
    plugin.on_config(config)
    server = _Server()
    plugin.on_serve(server, config=config, builder=None)  # type: ignore[arg-type]
    assert server.watched == [str(FIXTURE)]
    # another theme than Material links the site's stylesheet as an extra one
    assert "assets/katalog/katalog.css" in config.extra_css
    assert "katalog_theme_stylesheet" not in config.extra
    assert plugin._settings.theme_stylesheet is None


def test_with_material_the_site_stylesheet_takes_the_themes_place() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["katalog"]
    assert isinstance(plugin, KatalogPlugin)
    plugin.on_config(config)
    assert "assets/katalog/katalog.css" not in config.extra_css
    theme_css = plugin._settings.theme_stylesheet
    assert theme_css is not None and theme_css.name.startswith("main.")
    assert config.extra["katalog_theme_stylesheet"] == f"assets/stylesheets/{theme_css.name}"
    # the CLI's --config reads the same theme stylesheet, so both write the same katalog.css
    from generator.configfile import load_settings

    assert load_settings(ROOT / "mkdocs.yml").theme_stylesheet == theme_css


def test_shell_fills_every_slot_escaped() -> None:
    html = (
        f"<html><title>{TITLE} - Situs</title><meta content='{DESCRIPTION}'>"
        f"<link href='https://x/katalog-shell/x/'><span>{TITLE}</span>"
        f"<article>{BODY}</article></html>"
    )
    shell = Shell.capture(html, "katalog-shell/x/")
    page = Page("provinsi/bali/", "A <b> & 'c'", 'd"e', "<p>isi</p>", "provinsi")
    assert shell.fill(page) == (
        "<html><title>A &lt;b&gt; &amp; &#39;c&#39; - Situs</title><meta content='d&#34;e'>"
        "<link href='https://x/provinsi/bali/'><span>A &lt;b&gt; &amp; &#39;c&#39;</span>"
        "<article><p>isi</p></article></html>"
    )


def test_a_shell_without_its_body_slot_is_refused() -> None:
    with pytest.raises(ShellError):
        Shell.capture(f"<title>{TITLE}</title>", "x/")


def test_materials_layout_wrappers_give_way_to_the_lean_main() -> None:
    page = (
        '<body><header></header><div class="md-container" data-md-component="container">'
        '<nav class="kt-tabs"></nav><main class="md-main" data-md-component="main">\n  '
        '<div class="md-main__inner md-grid">\n<article class="md-typeset">x</article>\n'
        '</div>\n</main><footer class="kt-foot">f</footer>\n</div>\n</body>'
    )
    assert strip_layout_wrappers(page) == (
        '<body><header></header><nav class="kt-tabs"></nav><main class="kt-main">\n'
        '<article class="md-typeset">x</article></main><footer class="kt-foot">f</footer>\n'
        "</body>"
    )
    # a wrapper whose other end is not where expected stays whole, so the page stays well formed
    unclosed = '<main class="md-main"><div class="md-main__inner md-grid"><p>x</p></main>'
    assert strip_layout_wrappers(unclosed) == unclosed


def test_the_filled_page_marks_its_section_active() -> None:
    html = (
        '<li class="md-tabs__item">\n  <a href="../../sdg/" class="md-tabs__link">TPB</a></li>'
        '<li class="md-tabs__item">\n  <a href="../../sektor/" class="md-tabs__link">S</a></li>'
    )
    marked = mark_active_section(html, "../../sdg/")
    assert marked.count("md-tabs__item--active") == 1
    assert '<li class="md-tabs__item md-tabs__item--active">\n  <a href="../../sdg/"' in marked


def test_the_lean_chrome_marks_its_section_active() -> None:
    html = '<li><a href="../../sdg/">TPB</a></li><li><a href="../../sektor/">S</a></li>'
    marked = mark_active_section(html, "../../sektor/")
    assert marked == (
        '<li><a href="../../sdg/">TPB</a></li><li class="kt-on"><a href="../../sektor/">S</a></li>'
    )


def test_mkdocs_keeps_one_plugin_instance_across_config_loads(tmp_path: Path) -> None:
    """`mkdocs serve` loads the config again for every rebuild; the plugin (it has on_startup)
    stays the same object, so the previous build it remembers survives."""
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        f"site_name: Uji\ndocs_dir: {FIXTURE / 'docs'}\nplugins:\n"
        f"  - katalog:\n      content_dir: {FIXTURE}\n",
        encoding="utf-8",
    )
    first = load_config(str(config_file)).plugins["katalog"]
    again = load_config(str(config_file)).plugins["katalog"]
    assert isinstance(first, KatalogPlugin) and again is first


def test_a_stopped_server_leaves_no_preview_state_to_later_builds() -> None:
    """MkDocs keeps the instance after `mkdocs serve` stops: a build in the same process that
    does not start up again (mkdocs.commands.build called directly) must be a plain build, not
    a preview rebuild that writes the data files later in a thread."""
    plugin = KatalogPlugin()
    plugin.on_startup(command="serve", dirty=True)
    assert plugin._preview.active
    plugin.on_shutdown()
    assert not plugin._preview.active and not plugin._keeps


class _Held:
    """A stand-in for the site: weak-referenceable, so the test sees whether it was freed."""


def test_a_plain_build_leaves_its_site_to_the_process_exit() -> None:
    """`mkdocs build` ends its process right after on_shutdown: the site (millions of objects
    at national scale) is left for the exit to reclaim, not freed one by one; a preview server
    or a build MkDocs did not start up frees it as usual."""
    import gc
    import weakref

    for command, dirty, left in (("build", False, True), ("serve", True, False)):
        plugin = KatalogPlugin()
        plugin.on_startup(command=command, dirty=dirty)
        site = _Held()
        plugin._site = site  # type: ignore[assignment]
        alive = weakref.ref(site)
        plugin.on_shutdown()
        assert (plugin._site is None) == left
        del site, plugin
        gc.collect()
        try:
            assert (alive() is not None) == left, command
        finally:
            gc.unfreeze()
