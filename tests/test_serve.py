"""A real `mkdocs serve --dirty` on 127.0.0.1: after every kind of edit the served folder equals a
clean build (issue 8: no ghost pages, media or search shards; adopters show the new title; the
sitemap keeps the docs pages). Also checks MkDocs keeps one plugin instance across rebuilds."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from benchmarks.serve import free_port

from .site_fixture import FIXTURE, site_files, write_config

SETTLE_S = 2.0  # the log stayed unchanged this long: the server is idle again
WAIT_S = 180.0
LOG_SHOWN = 30_000  # characters of the server log a failure shows
# MkDocs renders the 404 page with the server's base path and a clean build without it; the
# gzip sitemap carries a timestamp (the plugin removes it in both).
ENGINE_ONLY = {"404.html"}
# What the server logs, read to follow it. Not "Documentation built in N seconds": MkDocs' CLI
# drops a message of its build logger that it logged before (utils.DuplicateFilter), so a
# rebuild as long as an earlier one, to the hundredth of a second, ends without that line.
STARTED = "Building documentation..."
REBUILT = "Reloading browsers"  # livereload, after each rebuild that succeeded
FAILED = "An error happened during the rebuild"
REFRESHED = "katalog: search index and open data refreshed"  # each rebuild's data, after it
# Run as `python -m mkdocs`, with the stacks of every thread on SIGUSR1 (asked for on a hang).
LAUNCH = (
    "import faulthandler, runpy, signal; faulthandler.register(signal.SIGUSR1, all_threads=True); "
    "runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)"
)


def _copy_fixture(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    return content


class _Server:
    """`mkdocs serve --dirty` in its own session, building into a temporary folder we can see."""

    def __init__(self, config: Path, port: int, tmp_dir: Path, log: Path) -> None:
        self.log = log
        self.tmp_dir = tmp_dir
        argv = [sys.executable, "-c", LAUNCH, "serve", "--dirty", "--no-strict",
                "--dev-addr", f"127.0.0.1:{port}", "-f", str(config)]  # fmt: skip
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp_dir)}
        self.process = subprocess.Popen(
            argv, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def builds(self) -> int:
        """Builds that ended: the first (the server starts serving after it) and each rebuild,
        whether it succeeded or failed."""
        text = self.text()
        return ("Serving on" in text) + text.count(REBUILT) + text.count(FAILED)

    def fail(self, why: str) -> NoReturn:
        """Fail the test with the server's log (the end of it, if long)."""
        pytest.fail(f"{why}\n--- mkdocs serve log ---\n{self.text()[-LOG_SHOWN:]}", pytrace=False)

    def wait_idle(self, builds_before: int, expected_errors: tuple[int, int] = (0, 0)) -> None:
        """Until a build later than `builds_before` ended, its data refresh too, and the log
        then stayed quiet (livereload may rebuild twice for one save). `expected_errors`: the
        span of the log (start and end offsets) where a rebuild refusing a broken entry logs
        errors that are expected, not a failure."""
        deadline = time.monotonic() + WAIT_S
        last, since = "", time.monotonic()
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.fail("mkdocs serve exited")
            text = self.text()
            if text != last:
                last, since = text, time.monotonic()
            start, end = expected_errors
            checked = text[:start] + text[end:] if end else text
            if FAILED in checked or "Traceback" in text or "ERROR   -" in checked:
                self.fail("mkdocs serve logged an error")
            building = text.count(STARTED) > self.builds()
            refreshing = text.count(REBUILT) > text.count(REFRESHED)
            done = self.builds() > builds_before and not building and not refreshing
            if done and time.monotonic() - since >= SETTLE_S:
                return
            time.sleep(0.1)
        os.kill(self.process.pid, signal.SIGUSR1)  # faulthandler: every thread's stack
        time.sleep(1.0)
        self.fail("mkdocs serve did not settle (its threads' stacks end the log)")

    def site(self) -> Path:
        (found,) = [p for p in self.tmp_dir.iterdir() if p.name.startswith("mkdocs_")]
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[_Server, Path, Path, int]]:
    content = _copy_fixture(tmp_path)
    (tmp_path / "serve").mkdir()
    (tmp_path / "tmp").mkdir()
    config = write_config(tmp_path / "serve", content, search=True)
    port = free_port()
    server = _Server(config, port, tmp_path / "tmp", tmp_path / "serve.log")
    try:
        server.wait_idle(0)
        yield server, content, tmp_path, port
    finally:
        server.stop()


def _clean_build(tmp_path: Path, content: Path, port: int, name: str) -> dict[str, bytes]:
    folder = tmp_path / name
    folder.mkdir()
    config_path = write_config(folder, content, search=True)
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["site_url"] = f"http://127.0.0.1:{port}/"  # what the server sets
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(str(config_path), strict=False))
    return site_files(folder / "site")


def _differences(served: dict[str, bytes], clean: dict[str, bytes]) -> dict[str, str]:
    paths = (set(served) | set(clean)) - ENGINE_ONLY
    found = {}
    for path in sorted(paths):
        if path not in clean:
            found[path] = "ghost: served, not in a clean build"
        elif path not in served:
            found[path] = "missing from the served folder"
        elif served[path] != clean[path]:
            found[path] = "differs"
    return found


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _edit_origin_body(content: Path) -> None:
    # What only the entry's own page shows: that page alone is rewritten, search data follows.
    path = content / "innovations/jawa-barat/bank-sampah-digital.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(f"{text.rstrip()}\n\nParagraf suntingan pratinjau.\n", encoding="utf-8")


def _rename_sector(content: Path) -> None:
    # A vocabulary change: every page naming the sector shows its new name.
    _replace(content / "taxonomies/sectors.yml", 'name: "Perizinan"', 'name: "Perizinan Berusaha"')


def _edit_origin_title(content: Path) -> None:
    # Bali's sekolah-pantai replicates it: the adopter's pages name the origin by its title.
    _replace(content / "innovations/jawa-barat/bank-sampah-digital.md",
             "Bank Sampah Digital", "Bank Sampah Daring")  # fmt: skip


def _add(content: Path) -> None:
    source = content / "innovations/jawa-barat/cek-izin-usaha.md"
    text = source.read_text(encoding="utf-8").replace("Cek Izin Usaha", "Cek Izin Usaha Kedua")
    (source.parent / "cek-izin-usaha-kedua.md").write_text(text, encoding="utf-8")


def _delete_with_media(content: Path) -> None:
    folder = content / "innovations/jawa-tengah"
    (folder / "akta-kelahiran-kilat.md").unlink()
    shutil.rmtree(folder / "akta-kelahiran-kilat")


def _rename(content: Path) -> None:
    folder = content / "innovations/jawa-barat"
    (folder / "cek-izin-usaha.md").rename(folder / "cek-izin-usaha-online.md")


def _move(content: Path) -> None:
    """To another province: the file and its media folder; the regency belonged to the old one."""
    source = content / "innovations/dki-jakarta/konten-berbahaya.md"
    text = "".join(
        line for line in source.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("regency:")
    )  # fmt: skip
    (content / "innovations/bali/konten-berbahaya.md").write_text(text, encoding="utf-8")
    source.unlink()
    shutil.move(source.with_suffix(""), content / "innovations/bali/konten-berbahaya")


def _delete_media(content: Path) -> None:
    (content / "innovations/bali/konten-berbahaya/loket.png").unlink()


def _expect(server: _Server, step: str, differences: dict[str, str]) -> None:
    if differences:
        server.fail(f"after {step!r} the served folder differs from a clean build: {differences}")


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("edit-body", _edit_origin_body),
    ("edit", _edit_origin_title),
    ("vocabulary", _rename_sector),
    ("add", _add),
    ("delete", _delete_with_media),
    ("rename", _rename),
    ("move", _move),
    ("delete-media", _delete_media),
]


def test_the_served_folder_equals_a_clean_build_after_every_edit(
    served: tuple[_Server, Path, Path, int],
) -> None:
    server, content, tmp_path, port = served
    first = site_files(server.site())
    clean = _clean_build(tmp_path, content, port, "clean-start")
    _expect(server, "start", _differences(first, clean))
    assert b"tentang/" in first["sitemap.xml"]
    for name, edit in EDITS:
        builds = server.builds()
        time.sleep(1.0)  # a save a moment after the last build, as a person would
        edit(content)
        server.wait_idle(builds)
        clean = _clean_build(tmp_path, content, port, f"clean-{name}")
        _expect(server, name, _differences(site_files(server.site()), clean))
    # A broken entry: the rebuild is refused with the file and line, the served site stays as
    # it was; once fixed, the site equals a clean build again.
    broken = content / "innovations/jawa-barat/antrean-puskesmas-daring.md"
    kept = site_files(server.site())
    good = broken.read_text(encoding="utf-8")
    builds, length = server.builds(), len(server.text())
    time.sleep(1.0)
    broken.write_text(good.replace("sdgs: [", "sdgs: [99, ", 1), encoding="utf-8")
    server.wait_idle(builds, expected_errors=(length, sys.maxsize))
    refusal = server.text()[length:]
    assert FAILED in refusal
    assert "innovations/jawa-barat/antrean-puskesmas-daring.md:" in refusal
    assert ": error: sdgs" in refusal
    assert _differences(site_files(server.site()), kept) == {}
    builds = server.builds()
    time.sleep(1.0)
    broken.write_text(good, encoding="utf-8")
    server.wait_idle(builds, expected_errors=(length, length + len(refusal)))
    clean = _clean_build(tmp_path, content, port, "clean-fixed")
    _expect(server, "fixed", _differences(site_files(server.site()), clean))
    served_sitemap = site_files(server.site())["sitemap.xml"]
    assert b"tentang/" in served_sitemap  # docs pages stay in it after rebuilds
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/inovasi/bali/sekolah-pantai/")
    assert "Bank Sampah Daring" in page.read().decode("utf-8")
    # The edit rewrote only the pages it touches: the plugin instance kept the previous build.
    assert "pages touched by the edit" in server.text()
    # The body edit re-read that file alone (the watch named it), and kept the site's indexes.
    assert "1 changed file(s) read again, the rest kept" in server.text()


def test_builds_are_counted_without_mkdocs_build_time_lines(tmp_path: Path) -> None:
    """Two rebuilds took 1.52 s: MkDocs printed "Documentation built in 1.52 seconds" once."""
    log = tmp_path / "serve.log"
    lines = [
        STARTED, "INFO    -  Documentation built in 1.52 seconds", "Serving on http://127.0.0.1:1/",
        "Detected file changes", STARTED, "INFO    -  Documentation built in 2.04 seconds",
        REBUILT, REFRESHED, "Detected file changes", STARTED, REBUILT, REFRESHED,
    ]  # fmt: skip
    log.write_text("\n".join(lines), encoding="utf-8")
    server = _Server.__new__(_Server)
    server.log = log
    assert server.builds() == 3
