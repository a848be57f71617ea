"""Read the `katalog:` block of mkdocs.yml without MkDocs, so the CLI builds what the site builds.

Follows MkDocs' own reading rules where they change the result: `INHERIT` (a parent file, merged
key by key, the child winning) and `!ENV` tags. Tags of other tools (`!!python/name:` in Material
configs) are kept as plain text: nothing the `katalog:` block needs comes from them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .settings import (
    DEFAULTS,
    SettingsError,
    SiteSettings,
    find_theme_stylesheet,
    settings_from_options,
)

PLUGIN_NAME = "katalog"


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: _Loader, node: yaml.Node) -> object:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names: list[Any] = [loader.construct_scalar(node)]
    else:
        names = list(loader.construct_sequence(node))  # type: ignore[arg-type]
    default = None if len(names) < 2 else names.pop()
    for name in names:
        if str(name) in os.environ:
            return yaml.safe_load(os.environ[str(name)])
    return default


def _other_tag(loader: _Loader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _other_tag)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def read_config(path: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs sees it before validation: parents merged in, `!ENV` resolved."""
    return _read(path.resolve(), ())


def _read(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    if path in seen:
        raise SettingsError(f"{path}: INHERIT loops back to itself")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SettingsError(f"{path}: {exc}") from None
    data = data if isinstance(data, dict) else {}
    parent = data.pop("INHERIT", None)
    if parent is None:
        return data
    return _merge(_read((path.parent / str(parent)).resolve(), (*seen, path)), data)


def _merge(parent: Mapping[str, Any], child: Mapping[str, Any]) -> dict[str, Any]:
    """MkDocs' merge: mappings merge key by key; anything else (lists too) the child replaces."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def plugin_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """The `katalog:` entry of `plugins` (a list of names or one-key mappings, or a mapping)."""
    plugins = config.get("plugins") or []
    items = plugins.items() if isinstance(plugins, Mapping) else (
        next(iter(p.items())) if isinstance(p, Mapping) else (p, {}) for p in plugins
    )  # fmt: skip
    for name, options in items:
        if name == PLUGIN_NAME:
            return dict(options or {})
    return {}


def load_settings(path: Path) -> SiteSettings:
    """The settings `mkdocs build` would use with the config file at `path`."""
    config = read_config(path)
    return settings_from_options(
        plugin_options(config),
        path.resolve().parent,
        site_name=str(config.get("site_name") or DEFAULTS.site_name),
        site_url=str(config.get("site_url") or ""),
        repo_url=str(config.get("repo_url") or ""),
        theme_stylesheet=_theme_stylesheet(config),
    )


def _theme_stylesheet(config: Mapping[str, Any]) -> Path | None:
    """The theme stylesheet the plugin finds in MkDocs' theme folders: Material's own."""
    theme = config.get("theme")
    name = theme.get("name") if isinstance(theme, Mapping) else theme
    if name != "material":
        return None
    try:
        import material
    except ImportError:
        return None
    return find_theme_stylesheet(name, [Path(material.__file__).parent / "templates"])
