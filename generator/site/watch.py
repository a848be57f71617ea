"""Telling a preview server of content edits as they happen: inotify, where the system has it.

MkDocs' server polls what it watches every half second, listing and stat-ing every file each
time. Over a content folder of tens of thousands of entries one listing takes about as long as
the interval: a save waits for it, and every rebuild shares the CPU with it. Inotify reports the
save when it happens and costs nothing in between.
"""

from __future__ import annotations

import os
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


class ContentWatch:
    """A running watch, and the files it saw change since the last `take_changes`."""

    def __init__(self, observer: BaseObserver) -> None:
        self.observer = observer
        self._changed: set[Path] = set()
        self._lock = threading.Lock()

    def saw(self, paths: Iterable[Path]) -> None:
        with self._lock:
            self._changed.update(paths)

    def take_changes(self) -> frozenset[Path]:
        """The files changed (written, created, removed, moved from or to) since the last call."""
        with self._lock:
            changed, self._changed = frozenset(self._changed), set()
        return changed


class _Rebuild(FileSystemEventHandler):
    """Asks the server for a rebuild when a file changes, as MkDocs' own watch does, and tells
    the watch which."""

    def __init__(
        self, server: LiveReloadServer, condition: threading.Condition, watch: ContentWatch
    ) -> None:
        self._server = server
        self._condition = condition
        self._watch = watch

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        moved_to = getattr(event, "dest_path", "")
        self._watch.saw(Path(os.fsdecode(p)) for p in (event.src_path, moved_to) if p)
        with self._condition:
            # The flag and condition MkDocs 1.6's watch callback sets (livereload/__init__.py):
            # the server has no public call to ask for a rebuild.
            self._server._want_rebuild = True  # noqa: SLF001
            self._condition.notify_all()


def watch_natively(server: LiveReloadServer, folders: Iterable[Path]) -> ContentWatch | None:
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
    watch = ContentWatch(observer)
    handler = _Rebuild(server, condition, watch)
    try:
        for folder in folders:
            observer.schedule(handler, str(folder), recursive=True)
        observer.start()
    except OSError:
        observer.stop()
        return None
    return watch


def stop_watching(watch: ContentWatch | None) -> None:
    if watch is not None:
        watch.observer.stop()
        watch.observer.join(timeout=5)
