"""The theme's file listing made once (generator/site/themelisting.py): the same names as Jinja's
own listing, an installed theme's folder walked once, the project's own folders every time."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.site import themelisting
from generator.site.themelisting import ListedLoader, ThemeListing, with_listing


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An "installed" theme (under a stand-in for site-packages) and a project's overrides."""
    installed = tmp_path / "site-packages"
    theme = installed / "theme"
    for name in ("main.html", "partials/header.html", ".icons/a/b.svg", "assets/x.css"):
        (theme / name).parent.mkdir(parents=True, exist_ok=True)
        (theme / name).write_text("x", encoding="utf-8")
    overrides = tmp_path / "theme_overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials/header.html").write_text("y", encoding="utf-8")
    monkeypatch.setattr(themelisting, "installed_folders", lambda: (str(installed.resolve()),))
    return overrides, theme


def test_the_listing_is_jinjas_own(folders: tuple[Path, Path]) -> None:
    searchpath = [str(f) for f in folders]
    listed = ListedLoader(searchpath, ThemeListing()).list_templates()
    assert listed == jinja2.FileSystemLoader(searchpath).list_templates()
    assert ".icons/a/b.svg" in listed and listed.count("partials/header.html") == 1


def test_an_installed_folder_is_walked_once_and_an_override_every_time(
    folders: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    overrides, theme = folders
    walked: list[str] = []
    real_walk = themelisting._walk

    def walk(folder: str) -> list[str]:
        walked.append(folder)
        return real_walk(folder)

    monkeypatch.setattr(themelisting, "_walk", walk)
    listing = ThemeListing()
    loader = ListedLoader([str(overrides), str(theme)], listing)
    loader.list_templates()
    (overrides / "404.html").write_text("z", encoding="utf-8")  # an override added meanwhile
    second = ListedLoader([str(overrides), str(theme)], listing).list_templates()
    assert "404.html" in second
    assert walked == [str(overrides), str(theme), str(overrides)]


def test_the_listing_is_kept_across_builds_in_a_signed_file(
    folders: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _overrides, theme = folders
    store = tmp_path / "cache" / "build-theme-files"
    store.parent.mkdir()
    first = ThemeListing(store)
    expected = ListedLoader([str(theme)], first).list_templates()
    first.save()

    def unwalked(folder: str) -> list[str]:
        raise AssertionError(f"{folder} walked again")

    with monkeypatch.context() as patch:
        patch.setattr(themelisting, "_walk", unwalked)
        assert ListedLoader([str(theme)], ThemeListing(store)).list_templates() == expected
    # a file this machine did not sign is not read: the folder is walked again
    store.write_bytes(b"\0" * 32 + store.read_bytes()[32:])
    walked: list[str] = []
    monkeypatch.setattr(themelisting, "_walk", lambda f: walked.append(f) or [])
    ListedLoader([str(theme)], ThemeListing(store)).list_templates()
    assert walked == [str(theme)]


def test_a_theme_environment_gets_the_listing_and_renders_as_before(
    folders: tuple[Path, Path],
) -> None:
    overrides, theme = folders

    def make_env() -> jinja2.Environment:  # as MkDocs' Theme.get_env makes it
        return jinja2.Environment(loader=jinja2.FileSystemLoader([str(overrides), str(theme)]))

    env = with_listing(make_env, ThemeListing())()
    assert isinstance(env.loader, ListedLoader)
    assert env.get_template("partials/header.html").render() == "y"  # the override wins
    assert env.list_templates() == make_env().list_templates()
