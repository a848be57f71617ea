"""Every file the build writes lies inside the site folder: the writers refuse any other path."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import assembly, cli
from generator.assembly import page_path, write_pages
from generator.entries.catalogue import load_catalogue
from generator.settings import OutputFile, SiteSettings
from generator.site.plan import ENTRY, PageJob, build_site, plan_pages
from generator.site.portable import fragment
from generator.site.writing import (
    ForkedWorkFailed,
    OutsideSite,
    SharedChunks,
    SiteFolder,
    run_forked,
    site_path,
    write_output,
)

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


def test_shared_chunks_hand_every_index_to_exactly_one_process(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    with SharedChunks(1000, 7) as runs:

        def take() -> None:
            for run in runs:
                with taken.open("a") as out:  # one short append per run: lines never interleave
                    out.write(f"{os.getpid()} {run.start} {run.stop}\n")

        run_forked([take, take, take])
    indices = []
    for line in taken.read_text().splitlines():
        _, start, stop = line.split()
        indices.extend(range(int(start), int(stop)))
    assert sorted(indices) == list(range(1000))


def test_shared_chunks_never_hold_more_runs_than_a_pipe_page() -> None:
    with SharedChunks(10_000_000, 1) as runs:
        assert runs.size * SharedChunks.MAX_RUNS >= 10_000_000
        assert sum(len(run) for run in runs) == 10_000_000


def _pages_and_writers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file to which every page write appends `<pid> <path>` (forked workers inherit the
    patch); pages come in runs of three, and a few pages are enough to fork."""
    log = tmp_path / "writes"
    original = SiteFolder.write

    def logged(self: SiteFolder, path: str, content: object) -> str:
        with log.open("a") as out:
            out.write(f"{os.getpid()} {path}\n")
        return original(self, path, content)  # type: ignore[arg-type]

    monkeypatch.setattr(SiteFolder, "write", logged)
    monkeypatch.setattr(assembly, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(assembly, "PAGE_RUN", 3)
    return log


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_every_page_is_written_once_and_the_data_first_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    site = build_site(load_catalogue(FIXTURE), SiteSettings(processes=processes))
    jobs = list(plan_pages(site))
    log = _pages_and_writers(tmp_path, monkeypatch)
    ran_first = []

    def data() -> None:
        time.sleep(0.3)  # the forked workers take pages meanwhile
        ran_first.append(os.getpid())

    write_pages(site, jobs, fragment, tmp_path / "site", None, first=data)
    assert ran_first == [os.getpid()]  # in this process, not in a third copy of the catalogue
    writes = [line.split(" ", 1) for line in log.read_text().splitlines()]
    assert sorted(path for _, path in writes) == sorted(page_path(job.url) for job in jobs)
    writers = {pid for pid, _ in writes}
    assert len(writers) <= processes
    if processes > 1:  # this process sleeps: the workers wrote pages meanwhile
        assert writers - {str(os.getpid())}


def test_a_failed_worker_fails_the_pages_after_the_others_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build_site(load_catalogue(FIXTURE), SiteSettings(processes=2))
    jobs = list(plan_pages(site))
    _pages_and_writers(tmp_path, monkeypatch)
    here = os.getpid()
    original = assembly.render_page

    def broken_in_a_worker(*args: object) -> object:
        if os.getpid() != here:
            raise RuntimeError("a worker's page failed")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(assembly, "render_page", broken_in_a_worker)
    with pytest.raises(ForkedWorkFailed, match="1 worker process"):
        write_pages(site, jobs, fragment, tmp_path / "site", None, first=lambda: time.sleep(0.3))


def test_failed_data_fails_the_pages_after_the_workers_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = build_site(load_catalogue(FIXTURE), SiteSettings(processes=2))
    jobs = list(plan_pages(site))
    log = _pages_and_writers(tmp_path, monkeypatch)

    def failing() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_pages(site, jobs, fragment, tmp_path / "site", None, first=failing)
    # the worker finished the pages before the failure was raised (no orphan still writing)
    assert len(log.read_text().splitlines()) == len(jobs)
