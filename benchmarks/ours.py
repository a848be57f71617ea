"""Our build: the project's own mkdocs.yml, pointed at a synthetic catalogue."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from benchmarks.target import BuildTarget, Unavailable, link_tree, reset_dir

PLUGIN = "katalog"
SERVE_FLAGS = ("--dirty", "--no-strict", "--dev-addr", "127.0.0.1:{port}")
# The site as the publish workflow builds it (.github/workflows/publish.yml sets both from the
# repository): absolute links, edit links, and the largest exports as release assets, not site
# files.
PUBLISHED = {
    "site_url": "https://contoh.github.io/katalog/",
    "repo_url": "https://github.com/contoh/katalog",
}


@dataclass(frozen=True, slots=True)
class Tagged:
    """A YAML value with an application tag (`!ENV`, `!!python/name:...`), kept verbatim."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    """safe_load that keeps MkDocs' tags as `Tagged` values instead of failing on them."""


class _ConfigDumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: _ConfigLoader, _suffix: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(node.tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(node.tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(node.tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: _ConfigDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_ConfigDumper.add_representer(Tagged, _represent_tagged)


def load_config(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=_ConfigLoader)
    if not isinstance(config, dict):
        raise Unavailable(f"{path}: not a YAML mapping")
    return config


def dump_config(config: dict[str, Any]) -> str:
    return str(yaml.dump(config, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True))


def bench_config(
    config: dict[str, Any], project: Path, content_dir: Path, site_dir: Path
) -> dict[str, Any]:
    """The project's config, built from another place: paths absolute, content swapped."""
    result = dict(config)
    # Paths in mkdocs.yml are relative to the file, which now lives in the work folder.
    result["docs_dir"] = str((project / config.get("docs_dir", "docs")).resolve())
    result["site_dir"] = str(site_dir)
    theme = result.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        result["theme"] = {**theme, "custom_dir": str((project / theme["custom_dir"]).resolve())}
    for key in ("hooks", "watch"):
        if isinstance(result.get(key), list):
            result[key] = [str((project / item).resolve()) for item in result[key]]
    result["plugins"] = _with_content_dir(config.get("plugins"), content_dir)
    return result


def _with_content_dir(plugins: Any, content_dir: Path) -> Any:
    if isinstance(plugins, dict):  # MkDocs also accepts plugins as a mapping
        if PLUGIN not in plugins:
            raise Unavailable(f"mkdocs.yml: no `{PLUGIN}` in plugins")
        options = plugins[PLUGIN] or {}
        return {**plugins, PLUGIN: {**options, "content_dir": str(content_dir)}}
    result: list[Any] = []
    found = False
    for item in plugins or []:
        if item == PLUGIN or (isinstance(item, dict) and PLUGIN in item):
            options = item[PLUGIN] if isinstance(item, dict) else {}
            item = {PLUGIN: {**(options or {}), "content_dir": str(content_dir)}}
            found = True
        result.append(item)
    if not found:
        raise Unavailable(f"mkdocs.yml: no `{PLUGIN}` in plugins")
    return result


def check_available(project: Path) -> None:
    if not (project / "mkdocs.yml").is_file():
        raise Unavailable(f"{project / 'mkdocs.yml'} does not exist yet")
    if not any(ep.name == PLUGIN for ep in entry_points(group="mkdocs.plugins")):
        raise Unavailable(f"no `{PLUGIN}` MkDocs plugin installed (pip install -e . first)")


def prepare_ours(catalogue: Path, work: Path, project: Path) -> BuildTarget:
    """`mkdocs build` of the project's config over a linked copy of the catalogue."""
    check_available(project)
    reset_dir(work)
    link_tree(catalogue / "content", work / "catalogue" / "content")
    site = work / "site"
    config = bench_config(
        load_config(project / "mkdocs.yml"), project, work / "catalogue" / "content", site
    )
    config.update(PUBLISHED)
    config_path = work / "mkdocs.yml"
    config_path.write_text(dump_config(config), encoding="utf-8")
    cache = work / "cache"
    mkdocs = (sys.executable, "-m", "mkdocs")
    return BuildTarget(
        name="ours",
        label="ours (katalog plugin)",
        argv=(*mkdocs, "build", "-f", str(config_path)),
        cwd=work,
        site_dir=site,
        entries_dir=work / "catalogue" / "content" / "innovations",
        # A cold build starts with empty caches: the plugin's (`.cache/` beside mkdocs.yml by
        # default, so in the work folder) and any per-user cache (XDG_CACHE_HOME, set below).
        fresh_dirs=(site, cache, work / ".cache"),
        env={"XDG_CACHE_HOME": str(cache), "NO_MKDOCS_2_WARNING": "1"},
        # The publish workflow's build keeps no cache (KATALOG_CACHE=false): its machine is new
        # each time. The rebuilds follow a cold build that keeps them, as on a maintainer's.
        cold_env={"KATALOG_CACHE": "false"},
        notes=(
            "built as the publish workflow builds it: site_url and repo_url set, so the two JSON "
            "exports and katalog.csv are release assets (docs/data.md), not site files",
            "the cold build is the publish workflow's one-off build (KATALOG_CACHE=false: no "
            "cache written); the rebuilds follow a cold build that keeps its caches, timed as "
            "'cold build keeping its caches'",
        ),
        # As `make serve` runs it: --dirty lets the plugin rewrite only what an edit touches.
        serve_argv=(*mkdocs, "serve", *SERVE_FLAGS, "-f", str(config_path)),
        serve_path=served_path(config.get("site_url")),
    )


def served_path(site_url: object) -> str:
    """`mkdocs serve` mounts the site at the path of `site_url`."""
    path = urlsplit(site_url).path if isinstance(site_url, str) else ""
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"
