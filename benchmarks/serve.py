"""Time what an agency sees in a preview server: first page up, then an edited entry shown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.measure import BuildFailed, tail
from benchmarks.target import BuildTarget, edit_entry

POLL_INTERVAL_S = 0.05


@dataclass(frozen=True, slots=True)
class ServeTimes:
    ready_s: float  # server started until the entry's page is served
    edit_s: float  # entry saved until the served page shows the edit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def measure_serve(
    target: BuildTarget, entry_id: str, marker: str, timeout_s: float, log: Path
) -> ServeTimes:
    port = free_port()
    argv = [part.format(port=port) for part in target.serve_argv]
    url = f"http://127.0.0.1:{port}{target.serve_path}inovasi/{entry_id}/"
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(argv)}\n".encode())
        out.flush()
        started = time.perf_counter()
        server = subprocess.Popen(
            argv,
            cwd=target.cwd,
            env={**os.environ, **target.env},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            wait_for(url, lambda page: True, server, started + timeout_s, log)
            ready_s = time.perf_counter() - started
            # Let the file watcher settle, as a person would take a moment before saving.
            time.sleep(1.0)
            edit_entry(target.entry_source(entry_id), marker)
            saved = time.perf_counter()
            wait_for(url, lambda page: marker in page, server, saved + timeout_s, log)
            edit_s = time.perf_counter() - saved
        finally:
            stop(server)
    return ServeTimes(ready_s=ready_s, edit_s=edit_s)


def wait_for(
    url: str,
    accept: Callable[[str], bool],
    server: subprocess.Popen[bytes],
    deadline: float,
    log: Path,
) -> str:
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise BuildFailed(f"server exited with {server.returncode}; {log}:\n{tail(log)}")
        page = fetch(url)
        if page is not None and accept(page):
            return page
        time.sleep(POLL_INTERVAL_S)
    raise BuildFailed(f"{url}: not served as expected in time (log: {log})")


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None  # not up yet, or mid-rebuild


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the server and anything it started: its session is ours alone."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
