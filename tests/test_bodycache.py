"""The body cache: shared by concurrent writers, never an input (a row this machine did not write
is a miss), outside the repository by default, and a warning, not a failure, when unusable."""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.assembly import write_pages
from generator.cache import cache_file
from generator.entries.catalogue import load_catalogue
from generator.settings import SiteSettings, default_cache_dir
from generator.site.bodycache import BodyCache, body_key
from generator.site.plan import build_site as plan_site
from generator.site.plan import plan_pages
from generator.site.portable import fragment

from .site_fixture import FIXTURE, build_site, site_files, write_config

SCRIPT = "<script>alert('cache')</script>"


def _open_and_write(path: str, worker: int) -> None:
    cache = BodyCache(Path(path))
    try:
        cache.put_many([(f"k{worker}-{i}", "<p>x</p>") for i in range(50)])
    finally:
        cache.close()


def test_concurrent_writers_on_a_new_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "bodies.sqlite"
    BodyCache(path).close()  # what write_pages does before forking
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_open_and_write, args=(str(path), n)) for n in range(6)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
    assert [p.exitcode for p in workers] == [0] * 6
    cache = BodyCache(path)
    try:
        assert cache.get("k5-49") == "<p>x</p>"
    finally:
        cache.close()


def _fixture_keys() -> list[str]:
    catalogue = load_catalogue(FIXTURE)
    return [body_key(e) for e in catalogue.entries]


def _pages_text(site: Path) -> str:
    return "".join(
        content.decode("utf-8")
        for name, content in site_files(site).items()
        if name.endswith(".html")
    )


def test_default_cache_is_the_users_cache_folder(tmp_path: Path) -> None:
    home = Path.home()
    assert default_cache_dir({}) == home / ".cache/katalog"
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "katalog"
    assert default_cache_dir({"XDG_CACHE_HOME": "relative"}) == home / ".cache/katalog"
    env = {"XDG_CACHE_HOME": str(tmp_path), "KATALOG_CACHE_DIR": str(tmp_path / "k")}
    assert default_cache_dir(env) == tmp_path / "k"
    # One file per project: two checkouts never evict each other's bodies.
    assert cache_file(tmp_path, Path("/a")) != cache_file(tmp_path, Path("/b"))


def test_a_cache_committed_where_the_old_default_was_never_reaches_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("KATALOG_CACHE_DIR", raising=False)
    project = tmp_path / "project"
    # What a pull request could force-add: the old default location, the old table, valid keys.
    crafted = project / ".cache/katalog/bodies.sqlite"
    crafted.parent.mkdir(parents=True)
    db = sqlite3.connect(crafted)
    db.execute("CREATE TABLE body (key TEXT PRIMARY KEY, html TEXT)")
    db.executemany("INSERT INTO body VALUES (?, ?)", [(k, SCRIPT) for k in _fixture_keys()])
    db.commit()
    db.close()
    site = build_site(project, cache_dir="")
    text = _pages_text(site)
    assert SCRIPT not in text and "<script>alert" not in text
    assert "Bank Sampah Digital" in text
    written = list((home / ".cache/katalog").glob("bodies-*.sqlite"))
    assert len(written) == 1  # the real cache went to the user's cache folder
    assert (home / ".cache/katalog/secret").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("forgery", ["same-mac", "mac-under-another-secret", "public-secret"])
def test_rows_without_this_machines_mac_are_misses(tmp_path: Path, forgery: str) -> None:
    cache_dir = tmp_path / "cache"
    clean = _pages_text(build_site(tmp_path / "first", cache_dir=str(cache_dir)))
    (path,) = cache_dir.glob("bodies-*.sqlite")
    db = sqlite3.connect(path)
    if forgery == "same-mac":  # HTML swapped under a MAC the machine made for other HTML
        db.execute("UPDATE body SET html = ?", (SCRIPT,))
    else:  # a row signed with a secret the attacker knows (their own)
        attacker = BodyCache(tmp_path / "attacker" / "bodies.sqlite")
        rows = [(key, SCRIPT, attacker._mac(key, SCRIPT)) for key in _fixture_keys()]
        attacker.close()
        db.executemany("INSERT OR REPLACE INTO body VALUES (?, ?, ?)", rows)
        if forgery == "public-secret":  # and their secret, as a checkout would hold it
            secret = (tmp_path / "attacker" / "secret").read_bytes()
            (cache_dir / "secret").unlink()
            (cache_dir / "secret").write_bytes(secret)
            (cache_dir / "secret").chmod(0o644)
    db.commit()
    db.close()
    again = build_site(tmp_path / "first", cache_dir=str(cache_dir))
    text = _pages_text(again)
    assert SCRIPT not in text
    assert text == clean


def _write_fixture_pages(out: Path, cache_path: Path) -> str:
    catalogue = load_catalogue(FIXTURE)
    site = plan_site(catalogue, SiteSettings())
    write_pages(site, list(plan_pages(site)), fragment, out, cache_path)
    return (out / "inovasi/jawa-barat/bank-sampah-digital/index.html").read_text(encoding="utf-8")


def _truncated(path: Path) -> None:
    BodyCache(path).close()
    cache = BodyCache(path)
    cache.put_many([(f"k{i}", "<p>" + "x" * 3000 + "</p>") for i in range(200)])
    cache.close()
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(size // 3)


def _not_sqlite(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database\n" * 400)


def _a_folder(path: Path) -> None:
    path.mkdir(parents=True)


def _under_a_file(path: Path) -> None:
    path.parent.parent.mkdir(parents=True, exist_ok=True)
    path.parent.write_text("a file where the cache folder should be", encoding="utf-8")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": _truncated,
    "not-sqlite": _not_sqlite,
    "path-is-a-folder": _a_folder,
    "folder-is-a-file": _under_a_file,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_an_unusable_cache_is_one_warning_and_the_build_goes_on(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    reference = _write_fixture_pages(tmp_path / "reference", tmp_path / "good" / "bodies.sqlite")
    path = tmp_path / "cache" / "bodies.sqlite"
    DAMAGE[damage](path)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="katalog"):
        page = _write_fixture_pages(tmp_path / "out", path)
    assert page == reference
    warnings = [r for r in caplog.records if "body cache" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]
    assert str(path) in warnings[0].getMessage()


def _build_as(user: int | None, tmp: Path, path: Path, queue: multiprocessing.Queue[str]) -> None:
    if user is not None:
        os.setgid(user)
        os.setuid(user)
    records: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("katalog").addHandler(handler)
    page = _write_fixture_pages(tmp / "out", path)
    queue.put("|".join([str("Bank Sampah" in page), *records]))


def test_a_read_only_cache_is_one_warning_and_the_build_goes_on() -> None:
    # Root writes any file, so as root the build runs as `nobody` over a cache it may only read.
    user = 65534 if os.getuid() == 0 else None
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        tmp.chmod(0o777)
        path = tmp / "cache" / "bodies.sqlite"
        BodyCache(path).close()
        folder = path.parent
        if user is not None:
            for owned in (folder, folder / "secret"):
                os.chown(owned, user, user)
        for entry in os.listdir(folder):
            if entry.startswith("bodies"):
                (folder / entry).chmod(0o444)
        folder.chmod(0o555)  # nor may it make the WAL's side files
        try:
            context = multiprocessing.get_context("fork")
            queue: multiprocessing.Queue[str] = context.Queue()
            process = context.Process(target=_build_as, args=(user, tmp, path, queue))
            process.start()
            result = queue.get(timeout=120).split("|")
            process.join(60)
        finally:
            folder.chmod(0o755)
    assert process.exitcode == 0
    assert result[0] == "True"
    assert len(result) == 2 and "body cache" in result[1], result


def test_a_preview_server_over_a_damaged_cache_serves_pages(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    config = write_config(tmp_path, cache_dir=str(cache_dir))
    project = config.parent.resolve()
    cache_file(cache_dir, project).write_bytes(b"not a database\n" * 100)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = [str(mkdocs), "serve", "--dirty", "--no-strict", "--no-livereload"]
    command += ["-a", f"127.0.0.1:{port}", "-f", str(config)]
    server = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}/inovasi/jawa-barat/bank-sampah-digital/"
    page = ""
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert "Bank Sampah Digital" in page, output
    assert output.count("body cache") == 1, output


def test_a_cache_file_is_read_whole_once_a_process_and_again_when_it_shrank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Opening reads every page of the file (damage shows there), once a process: a preview
    server opens it on every edit, and at 50k entries the read takes 70 ms. A file that shrank
    since is read again; a truncated one is refused."""
    from generator import cache as cache_module

    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        db.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(cache_module.sqlite3, "connect", traced)

    def whole_reads() -> int:
        return sum("max(length(mac))" in statement for statement in statements)

    path = tmp_path / "cache" / "bodies.sqlite"
    BodyCache(path).close()
    once = whole_reads()
    assert once == len(cache_module.TABLES)
    written = BodyCache(path)
    written.put_many([(f"k{i}", "<p>" + "x" * 3000 + "</p>") for i in range(200)])
    written.close()
    kept = BodyCache(path)
    assert whole_reads() == once  # grown by its own writes: not read again
    assert kept.get("k7") is not None
    kept.close()
    vacuum = connect(path, isolation_level=None)
    vacuum.execute("DELETE FROM body")
    vacuum.execute("VACUUM")
    vacuum.close()
    BodyCache(path).close()
    assert whole_reads() == 2 * once  # it shrank: read whole again
    written = BodyCache(path)
    written.put_many([(f"k{i}", "<p>" + "x" * 3000 + "</p>") for i in range(200)])
    written.close()
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 3)
    with caplog.at_level(logging.WARNING, logger="katalog"):
        refused = BodyCache(path)
    assert not refused.is_usable
    assert any(str(path) in r.getMessage() for r in caplog.records)


def test_prepared_bodies_are_the_bodies_each_rendered_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run's bodies are rendered together before its pages (EntryBodies.prepare): each page
    gets the body it would get unprepared, every body is rendered once, none is kept after its
    page took it, and the cache receives them as before."""
    import generator.site.bodycache as bodycache_module
    from generator.site.bodycache import EntryBodies
    from generator.site.plan import ENGLISH_ENTRY
    from generator.site.rendering import bodies_shown

    entries = load_catalogue(FIXTURE).entries
    plain = [EntryBodies(entries)(n) for n in range(len(entries))]
    rendered: list[str] = []
    real = bodycache_module.render_body

    def counting(markdown: str, media_prefix: str = "") -> str:
        rendered.append(markdown)
        return real(markdown, media_prefix)

    monkeypatch.setattr(bodycache_module, "render_body", counting)
    path = tmp_path / "cache" / "bodies.sqlite"
    with EntryBodies(entries, path) as bodies:
        bodies.prepare([0, 2, 2])
        assert len(rendered) == 2
        assert [bodies(n) for n in range(len(entries))] == plain
        assert len(rendered) == len(entries) and bodies._ready == {}
    cache = BodyCache(path)
    try:
        assert [cache.get(body_key(e)) for e in entries] == plain
    finally:
        cache.close()
    site = plan_site(load_catalogue(FIXTURE), SiteSettings())
    jobs = list(plan_pages(site))
    assert sorted(bodies_shown(jobs)) == list(range(len(entries)))
    english = [job for job in jobs if job.kind == ENGLISH_ENTRY]
    assert english and bodies_shown(english) == []  # they link to the Indonesian body
