"""Every file the build writes lies inside the site folder: the writers refuse any other path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli
from generator.assembly import write_pages
from generator.entries.catalogue import load_catalogue
from generator.settings import OutputFile, SiteSettings
from generator.site.plan import ENTRY, PageJob, build_site, plan_pages
from generator.site.portable import fragment
from generator.site.writing import OutsideSite, site_path, write_output

from .site_fixture import FIXTURE

ESCAPES = ["../x", "../x/", "a/../../x", "/tmp/katalog-absolute", "inovasi/../../x", "\0x", ""]


@pytest.mark.parametrize("path", ESCAPES)
def test_a_path_outside_the_site_folder_is_refused(tmp_path: Path, path: str) -> None:
    site = tmp_path / "site"
    with pytest.raises(OutsideSite, match="outside the site folder"):
        site_path(site, path)


def test_a_path_inside_the_site_folder_is_resolved(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert site_path(site, "data/katalog.json") == site.resolve() / "data/katalog.json"
    assert site_path(site, "a/../b.json") == site.resolve() / "b.json"


@pytest.mark.parametrize("path", ["../x.json", str(Path("/tmp/katalog-absolute.json"))])
def test_write_output_refuses_and_writes_nothing(tmp_path: Path, path: str) -> None:
    site = tmp_path / "site"
    with pytest.raises(OutsideSite):
        write_output(site, OutputFile(path, b"{}"))
    assert not (tmp_path / "x.json").exists() and not Path(path).exists()


@pytest.mark.parametrize("url", ["../x/", "/tmp/katalog-absolute/"])
def test_write_pages_refuses_a_page_outside_before_writing_any(tmp_path: Path, url: str) -> None:
    site = build_site(load_catalogue(FIXTURE), SiteSettings())
    jobs = list(plan_pages(site))
    jobs.append(PageJob(ENTRY, url, "provinsi", "0"))
    out = tmp_path / "site"
    with pytest.raises(OutsideSite):
        write_pages(site, jobs, fragment, out, None)
    assert not (tmp_path / "x").exists() and not Path(url).exists()
    assert not out.exists() or not any(out.iterdir())


def test_export_refuses_an_output_outside_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crafted(*_: object) -> list[OutputFile]:
        return [OutputFile("../escaped.json", b"{}")]

    monkeypatch.setattr(cli, "build_export_files", crafted)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli.main, ["export", "--content", str(FIXTURE), "--out", str(out)])
    assert result.exit_code == 1
    assert "outside the site folder" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "escaped.json").exists()
