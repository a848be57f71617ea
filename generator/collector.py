"""Keeping Python's cyclic collector off the catalogue while it is built.

Loading makes a few objects for every value of every entry (YAML nodes, validated records,
problems), none of them in a cycle, and all of them counted towards the collector's next pass:
the passes came again and again over a catalogue that only grows. At 50,000 entries they took
2.1 s of a cold build's main process (`gc.callbacks`, timed in docs/benchmarks.md). Reference
counting still frees everything as soon as it is dropped; only cycles wait for the collector.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off for the block, and back as it was after (on only if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def retire_from_collection() -> None:
    """Move every object alive now out of the collector's care for the rest of the process (a
    plain build, once its catalogue is loaded): they hold no cycles and live as long as the
    build, and the first passes after a load made with the collector off would walk them all."""
    gc.freeze()


def leave_to_exit(*objects: object) -> None:
    """At the end of a plain build, let the process's exit reclaim `objects` (the catalogue and
    the site) with the rest of its memory, instead of the interpreter freeing them one object at
    a time: at 50,000 entries that took 1.7 s after the last page was written (py-spy: samples
    with no Python frame left). They go into a cycle of their own, out of the collector's sight
    (frozen): neither the modules' teardown nor the final collection frees it."""
    holder: list[object] = [*objects]
    holder.append(holder)
    gc.freeze()
