"""Benchmark results: what one build of one catalogue measured, saved as JSON between runs."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The tools in report order; stock builds are references that rarely need re-running.
TOOLS = ("ours", "mkdocs", "hugo")
REFERENCE_TOOLS = ("mkdocs", "hugo")


@dataclass(frozen=True, slots=True)
class Figures:
    cold_s: float
    peak_bytes: int  # the larger of the two below
    peak_process_bytes: int  # ru_maxrss of the largest process
    peak_tree_bytes: int  # sampled sum of PSS over the build's processes
    # None: not measured (a reference build run with --references-cold-only).
    noop_s: float | None  # rebuild, nothing changed
    edit_s: float | None  # rebuild after one entry was edited
    edit_visible: bool | None  # the edit reached the entry's page
    site_bytes: int
    site_files: int
    entry_pages: int
    entry_html_max: int
    entry_html_median: int
    search_files: int
    search_bytes: int
    search_gzip_bytes: int
    search_largest_file: int
    # Preview server (`mkdocs serve`, `hugo server`); None when not measured (--no-serve).
    serve_ready_s: float | None = None  # started until the entry's page is served
    serve_edit_s: float | None = None  # entry saved until its served page shows the edit
    largest_folder: int | None = None  # entries in the fullest folder of the site
    # A query pasted into a cold /cari/ on Fast 3G (benchmarks/pasted.py), our build only: until
    # the results show, and what was downloaded meanwhile. None when not measured; then
    # `pasted_skipped` says why ("" when it was not attempted, as for the reference builds).
    pasted_s: float | None = None
    pasted_bytes: int | None = None
    pasted_requests: int | None = None
    pasted_round_trips: int | None = None
    pasted_skipped: str = ""
    # A cold build that keeps its caches for the rebuilds after it (ours: `make serve`'s first
    # build, or `make build` on a maintainer's machine), where `cold_s` is the publish
    # workflow's one-off build; None when the cold build keeps them itself.
    kept_cold_s: float | None = None


@dataclass(frozen=True, slots=True)
class Result:
    tool: str
    label: str
    size: int
    seed: int
    status: str  # "ok", "unavailable", "failed"
    date: str
    command: str  # the harness command line that produced it
    build_command: str = ""
    message: str = ""
    notes: tuple[str, ...] = ()
    figures: Figures | None = None
    machine: dict[str, str] = field(default_factory=dict)
    repeat: int = 1  # builds per figure, the fastest kept
    load_average: str = ""  # 1-minute load when this build's measurement started: noise indicator

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.figures is not None


def result_path(out: Path, tool: str, size: int | str, seed: int) -> Path:
    prefix = "reference-" if tool in REFERENCE_TOOLS else ""
    return out / f"{prefix}{tool}-{size}-s{seed}.json"


def save_result(out: Path, result: Result) -> Path:
    path = result_path(out, result.tool, result.size, result.seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    return path


def load_result(path: Path) -> Result:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    figures = data.pop("figures")
    data["notes"] = tuple(data.get("notes", ()))
    return Result(**data, figures=Figures(**figures) if figures else None)


def load_saved(out: Path, seed: int) -> dict[tuple[int, str], Result]:
    """The latest saved result for each (size, tool), whichever run measured it."""
    saved: dict[tuple[int, str], Result] = {}
    for tool in TOOLS:
        for path in sorted(out.glob(result_path(out, tool, "*", seed).name)):
            result = load_result(path)
            if result.seed == seed and result.tool == tool:
                saved[(result.size, tool)] = result
    return saved
