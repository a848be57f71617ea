"""Telling a preview server of content edits as they happen: inotify, where the system has it.

MkDocs' server polls what it watches every half second, listing and stat-ing every file each
time. Over a content folder of tens of thousands of entries one listing takes about as long as
the interval: a save waits for it, and every rebuild shares the CPU with it. Inotify reports the
save when it happens and costs nothing in between.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver


# What changes a file. Inotify also reports a file opened or closed unwritten: the build reads
# the edited entry, and a rebuild on that would start the next one, without end.
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED})


class _Rebuild(FileSystemEventHandler):
    """Asks the server for a rebuild when a file changes, as MkDocs' own watch does."""

    def __init__(self, server: LiveReloadServer, condition: threading.Condition) -> None:
        self._server = server
        self._condition = condition

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        with self._condition:
            # The flag and condition MkDocs 1.6's watch callback sets (livereload/__init__.py):
            # the server has no public call to ask for a rebuild.
            self._server._want_rebuild = True  # noqa: SLF001
            self._condition.notify_all()


def watch_natively(server: LiveReloadServer, folders: Iterable[Path]) -> BaseObserver | None:
    """Start an inotify observer that asks `server` for a rebuild when a file under `folders`
    changes. None, with nothing started, where the system has no inotify, its watch limit is
    reached, or this MkDocs keeps its rebuild request elsewhere: the caller then lets the server
    poll the folders."""
    condition = getattr(server, "_rebuild_cond", None)
    if not isinstance(condition, threading.Condition) or not hasattr(server, "_want_rebuild"):
        return None
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return None
    observer = InotifyObserver()
    handler = _Rebuild(server, condition)
    try:
        for folder in folders:
            observer.schedule(handler, str(folder), recursive=True)
        observer.start()
    except OSError:
        observer.stop()
        return None
    return observer


def stop_watching(observer: BaseObserver | None) -> None:
    if observer is not None:
        observer.stop()
        observer.join(timeout=5)
