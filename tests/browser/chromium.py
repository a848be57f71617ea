"""How every browser test starts Debian's Chromium, and where axe-core is installed."""

from __future__ import annotations

import functools
import http.server
import io
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling out, which this closed network
# refuses; as root it needs --no-sandbox.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


RANGE = re.compile(r"bytes=(\d+)-(\d*)")


class _RangeHandler(_QuietHandler):
    """Answers `Range: bytes=a-b` with 206 and that part, as GitHub Pages and most hosts do
    (http.server alone ignores Range and sends the whole file, as some hosts do too)."""

    def send_head(self) -> Any:
        match = RANGE.fullmatch(self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if match is None or not path.is_file():
            return super().send_head()
        data = path.read_bytes()
        start = int(match[1])
        end = min(int(match[2]) if match[2] else len(data) - 1, len(data) - 1)
        if start > end:
            self.send_error(416)
            return None
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return io.BytesIO(data[start : end + 1])


@contextmanager
def serve_folder(root: Path, ranges: bool = False) -> Iterator[str]:
    """Serve `root` on a free loopback port for the duration; yields the base URL ("…/").
    With `ranges`, byte-range requests get their part (206), as on GitHub Pages."""
    handler = functools.partial(_RangeHandler if ranges else _QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.fail("no system Chromium at /usr/bin/chromium: apt-get install -y chromium")
