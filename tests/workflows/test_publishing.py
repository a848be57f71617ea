"""mkdocs.yml takes the published addresses from the environment the publish workflow sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import ROOT


def _config(monkeypatch: pytest.MonkeyPatch, site_dir: Path, **env: str):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    for name in ("KATALOG_SITE_URL", "KATALOG_REPO_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), strict=True)


@pytest.mark.parametrize("env", [{}, {"KATALOG_SITE_URL": "", "KATALOG_REPO_URL": ""}])
def test_unset_or_empty_addresses_leave_them_off(monkeypatch, tmp_path: Path, env):  # type: ignore[no-untyped-def]
    config = _config(monkeypatch, tmp_path / "site", **env)
    assert not config.site_url and not config.repo_url


def test_the_published_build_has_canonical_links_sitemap_edit_links_and_form_button(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    config = _config(
        monkeypatch,
        site,
        KATALOG_SITE_URL="https://contoh.github.io/katalog",
        KATALOG_REPO_URL="https://github.com/contoh/katalog",
    )
    build(config)
    entry = (site / "inovasi/jawa-barat/pikobar/index.html").read_text()
    assert (
        '<link rel="canonical" href="https://contoh.github.io/katalog/inovasi/jawa-barat/pikobar/"'
        in entry
    )
    edit = "https://github.com/contoh/katalog/edit/main/content/innovations/jawa-barat/pikobar.md"
    assert f'href="{edit}"' in entry
    sitemap = (site / "sitemap.xml").read_text()
    assert "<loc>https://contoh.github.io/katalog/inovasi/jawa-barat/pikobar/</loc>" in sitemap
    vocab = json.loads((site / "kontribusi/vocab.json").read_text())
    assert (
        vocab["new_file_url"] == "https://github.com/contoh/katalog/new/main/content/innovations/"
    )
    # Published from a repository: the largest exports are its release's assets, linked there.
    release = "https://github.com/contoh/katalog/releases/download/data-terbaru/"
    data_page = (site / "data/index.html").read_text()
    for name in ("katalog.json", "katalog-lengkap.json.gz", "katalog.csv"):
        assert not (site / "data" / name).exists()
        assert f'href="{release}{name}"' in data_page
    assert (site / "data/katalog.csv.gz").is_file() and (site / "cari/baris.json").is_file()
    assert 'href="../data/katalog.csv.gz"' in data_page


def test_the_publish_workflows_builds_keep_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its runner is new for every run and thrown away after: a cache written there would never
    be read, so the site's build and the release's exports are one-off builds."""
    import yaml

    from generator.configfile import load_settings

    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text())
    steps = [
        step
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if step.get("run", "").strip() in ("make build", "make release-assets")
    ]
    assert len(steps) == 2
    for step in steps:
        monkeypatch.delenv("KATALOG_CACHE", raising=False)
        for name, value in step["env"].items():
            monkeypatch.setenv(name, str(value))
        assert load_settings(ROOT / "mkdocs.yml").cache_dir is None, step["name"]
