"""The preview's inotify watch asks the server for a rebuild on a change, never on a read."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import cast

import pytest
from mkdocs.livereload import LiveReloadServer

from generator.site.watch import stop_watching, watch_natively


class _Server:
    """What of LiveReloadServer the watch touches (MkDocs 1.6's rebuild request)."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False

    def asked(self, within_s: float) -> bool:
        with self._rebuild_cond:
            return self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=within_s)

    def reset(self) -> None:
        with self._rebuild_cond:
            self._want_rebuild = False


def test_a_change_asks_for_a_rebuild_and_a_read_does_not(tmp_path: Path) -> None:
    entry = tmp_path / "innovations" / "bali" / "uji.md"
    entry.parent.mkdir(parents=True)
    entry.write_text("---\ntitle: uji\n---\n", encoding="utf-8")
    server = _Server()
    observer = watch_natively(cast(LiveReloadServer, server), [tmp_path])
    if observer is None:
        pytest.fail("inotify is unavailable here; the preview would poll")
    try:
        time.sleep(0.2)
        entry.read_text(encoding="utf-8")  # what the rebuild itself does to an edited entry
        assert not server.asked(within_s=1.0)
        entry.write_text("---\ntitle: uji dua\n---\n", encoding="utf-8")
        assert server.asked(within_s=5.0)
        server.reset()
        entry.unlink()
        assert server.asked(within_s=5.0)
    finally:
        stop_watching(observer)


def test_a_server_without_mkdocs_rebuild_request_is_left_to_poll(tmp_path: Path) -> None:
    assert watch_natively(cast(LiveReloadServer, object()), [tmp_path]) is None
