"""`python -m benchmarks.run`: build synthetic catalogues with ours, stock MkDocs and Hugo."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks import synth
from benchmarks.machine import describe_machine
from benchmarks.measure import (
    BuildFailed,
    Run,
    check,
    entry_page_sizes,
    run_measured,
    search_size,
    tree_size,
)
from benchmarks.ours import prepare_ours
from benchmarks.pasted import PastedQuery, measure_pasted_query, not_measured_reason
from benchmarks.report import format_console, one_line, write_report
from benchmarks.results import REFERENCE_TOOLS, Figures, Result, load_saved, save_result
from benchmarks.serve import measure_serve
from benchmarks.stock.hugo import prepare_hugo
from benchmarks.stock.mkdocs_material import prepare_stock_mkdocs
from benchmarks.target import BuildTarget, Unavailable, edit_entry, read_through

PROJECT_ROOT = synth.PROJECT_ROOT
DEFAULT_OUT = PROJECT_ROOT / "benchmarks" / "out"
DEFAULT_REPORT = PROJECT_ROOT / "docs" / "benchmarks.md"
DEFAULT_SIZES = (1000, 10_000, 50_000)
# Files whose change makes a cached catalogue stale.
_CATALOGUE_INPUTS = (
    Path(synth.__file__),
    PROJECT_ROOT / "generator" / "data" / "provinces.yml",
    PROJECT_ROOT / "generator" / "data" / "regencies.csv",
    *sorted((PROJECT_ROOT / "content" / "taxonomies").glob("*.yml")),
)

Prepare = Callable[[Path, Path], BuildTarget]


@dataclass(frozen=True, slots=True)
class Options:
    sizes: tuple[int, ...]
    seed: int
    out: Path
    tools: tuple[str, ...]
    report: Path | None
    timeout_s: float | None  # per build; None scales with the catalogue
    project: Path
    command: str
    serve: bool = True  # also time the preview server
    repeat: int = 1  # builds per figure; the fastest counts (noise only ever adds time)
    # Stock MkDocs and Hugo only build cold: the budgets compare our cold build with theirs, and
    # their rebuilds take most of a large run (stock MkDocs: ~8 min a build at 50k).
    references_cold_only: bool = False
    pasted: bool = True  # our build: time a query pasted into /cari/ (Chromium, Fast 3G)


# --- catalogues --------------------------------------------------------------------------------


def ensure_catalogue(size: int, seed: int, out: Path) -> Path:
    """The synthetic catalogue for (size, seed), generated once and reused while its inputs
    (the generator and the vocabularies) are unchanged."""
    folder = out / "catalogues" / f"{size}-s{seed}"
    stamp = folder / ".stamp"
    fingerprint = catalogue_fingerprint(size, seed)
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint:
        return folder
    progress(f"generating {size} synthetic entries (seed {seed}) in {folder}")
    synth.write_catalogue(size, folder, seed)
    stamp.write_text(fingerprint, encoding="utf-8")
    return folder


def catalogue_fingerprint(size: int, seed: int) -> str:
    digest = hashlib.sha256(f"{size}:{seed}".encode())
    for path in _CATALOGUE_INPUTS:
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def entry_ids(catalogue: Path) -> list[str]:
    innovations = catalogue / "content" / "innovations"
    return sorted(
        str(p.relative_to(innovations).with_suffix("")) for p in innovations.glob("*/*.md")
    )


# --- measuring one build ------------------------------------------------------------------------


def measure(
    target: BuildTarget, ids: Sequence[str], options: Options, logs: Path, cold_only: bool = False
) -> Figures:
    """Cold build, no-change rebuild, one-entry-edited rebuild, preview server; then sizes.
    `cold_only`: the cold build and sizes alone, the rest left unmeasured (None)."""
    timeout_s = options.timeout_s or default_timeout(len(ids))
    log = logs / f"{target.name}.log"
    log.unlink(missing_ok=True)
    edited = ids[len(ids) // 2]
    colds: list[Run] = []
    for _ in range(options.repeat):
        target.clear()
        colds.append(timed_build(target, "cold build", timeout_s, log, target.cold_env))
    pages = entry_page_sizes(target.site_dir, ids)
    site = tree_size(target.site_dir)
    search = search_size(target.site_dir)
    pasted, pasted_skipped = (None, "")
    if target.name == "ours" and options.pasted:
        pasted, pasted_skipped = pasted_query(target)
    repeat = 0 if cold_only else options.repeat
    kept: list[Run] = []
    if target.cold_env and repeat:  # the rebuilds need the caches a cold build keeps
        target.clear()
        kept.append(timed_build(target, "cold build keeping its caches", timeout_s, log))
    noops = [timed_build(target, "no-change rebuild", timeout_s, log) for _ in range(repeat)]
    edits: list[Run] = []
    marker = ""
    for _ in range(repeat):
        marker = new_marker()
        edit_entry(target.entry_source(edited), marker)
        edits.append(timed_build(target, f"rebuild after editing {edited}", timeout_s, log))
    page = target.site_dir / "inovasi" / edited / "index.html"
    edit_visible = None
    if edits:
        edit_visible = page.is_file() and marker in page.read_text(encoding="utf-8")
    serve = None
    if options.serve and target.serve_argv and not cold_only:
        progress(f"  {target.name}: preview server, editing {edited}")
        serve = measure_serve(target, edited, new_marker(), timeout_s, log)
        progress(
            f"  {target.name}: served in {serve.ready_s:.1f} s, edit shown in {serve.edit_s:.2f} s"
        )
    return Figures(
        cold_s=min(run.seconds for run in colds),
        peak_bytes=max(run.peak_bytes for run in colds + kept),
        peak_process_bytes=max(run.peak_process_bytes for run in colds + kept),
        peak_tree_bytes=max(run.peak_tree_bytes for run in colds + kept),
        kept_cold_s=min((run.seconds for run in kept), default=None),
        noop_s=min((run.seconds for run in noops), default=None),
        edit_s=min((run.seconds for run in edits), default=None),
        edit_visible=edit_visible,
        site_bytes=site.bytes,
        site_files=site.files,
        largest_folder=site.largest_folder,
        entry_pages=pages.count,
        entry_html_max=pages.largest,
        entry_html_median=pages.median,
        search_files=search.files,
        search_bytes=search.bytes,
        search_gzip_bytes=search.gzip_bytes,
        search_largest_file=search.largest_file,
        serve_ready_s=serve.ready_s if serve else None,
        serve_edit_s=serve.edit_s if serve else None,
        pasted_s=pasted.seconds if pasted else None,
        pasted_bytes=pasted.bytes if pasted else None,
        pasted_requests=pasted.requests if pasted else None,
        pasted_round_trips=pasted.round_trips if pasted else None,
        pasted_skipped=pasted_skipped,
    )


def pasted_query(target: BuildTarget) -> tuple[PastedQuery | None, str]:
    """The pasted query over the cold build's site, or why it was not measured."""
    reason = not_measured_reason(target.site_dir)
    if reason is None:
        progress(f"  {target.name}: a query pasted into /cari/ (Fast 3G)")
        try:
            pasted = measure_pasted_query(target.site_dir)
        except Exception as exc:  # a browser failure must not lose the build's figures
            reason = f"the browser failed: {one_line(str(exc))}"
        else:
            progress(
                f"  {target.name}: results in {pasted.seconds:.2f} s after "
                f"{pasted.bytes / 1000:.1f} kB in {pasted.requests} requests"
            )
            return pasted, ""
    progress(f"  {target.name}: pasted query not measured: {reason}")
    return None, reason


def new_marker() -> str:
    return f"penanda-{dt.datetime.now().strftime('%H%M%S%f')}"


def timed_build(
    target: BuildTarget,
    what: str,
    timeout_s: float,
    log: Path,
    env: Mapping[str, str] | None = None,
) -> Run:
    """One timed build with the target's environment and `env` added."""
    progress(f"  {target.name}: {what}")
    run = run_measured(
        target.argv, cwd=target.cwd, log=log, timeout_s=timeout_s, env={**target.env, **(env or {})}
    )
    progress(f"  {target.name}: {what}: {run.seconds:.1f} s")
    return check(run, f"{target.name} {what}", log)


def bench_tool(tool: str, size: int, catalogue: Path, options: Options) -> Result:
    work = options.out / "work" / f"{size}-s{options.seed}" / tool
    result = Result(
        tool=tool,
        label=tool,
        size=size,
        seed=options.seed,
        status="unavailable",
        date=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        command=options.command,
        machine=describe_machine(),
        repeat=options.repeat,
        load_average=f"{os.getloadavg()[0]:.2f}",
    )
    try:
        target = preparer(tool, options.project)(catalogue, work)
    except Unavailable as exc:
        progress(f"  {tool}: unavailable: {exc}")
        return replace(result, message=str(exc))
    result = replace(
        result, label=target.label, build_command=display_command(target.argv), notes=target.notes
    )
    read_through(catalogue)  # every tool's cold build reads its sources from memory
    try:
        cold_only = options.references_cold_only and tool in REFERENCE_TOOLS
        figures = measure(target, entry_ids(catalogue), options, work.parent / "logs", cold_only)
    except BuildFailed as exc:
        progress(f"  {tool}: {exc}")
        return replace(result, status="failed", message=str(exc))
    return replace(result, status="ok", figures=figures)


def display_command(argv: Sequence[str]) -> str:
    """The command as the report shows it: paths relative to the project, so it reads the same
    on every machine."""
    root = f"{PROJECT_ROOT}/"
    return shlex.join(part.removeprefix(root) for part in argv)


def preparer(tool: str, project: Path) -> Prepare:
    if tool == "ours":
        return lambda catalogue, work: prepare_ours(catalogue, work, project)
    if tool == "mkdocs":
        return prepare_stock_mkdocs
    if tool == "hugo":
        return prepare_hugo
    raise ValueError(f"unknown tool {tool!r}")


def default_timeout(size: int) -> float:
    # Generous: stock MkDocs needs ~4 ms an entry here; a hung build must still end.
    return 120 + 0.01 * size


# --- the whole run ------------------------------------------------------------------------------


def run_benchmarks(options: Options) -> list[Result]:
    results: list[Result] = []
    for size in options.sizes:
        catalogue = ensure_catalogue(size, options.seed, options.out)
        progress(f"{size} entries:")
        for tool in options.tools:
            result = bench_tool(tool, size, catalogue, options)
            save_result(options.out, result)
            results.append(result)
        saved = load_saved(options.out, options.seed)
        print(format_console(size, {tool: r for (n, tool), r in saved.items() if n == size}))
    if options.report is not None:
        write_report(options.report, load_saved(options.out, options.seed), options.seed)
        progress(f"report written to {options.report}")
    return results


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated catalogue sizes (default: %(default)s)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="catalogues, work, results")
    parser.add_argument("--skip-ours", action="store_true", help="only the reference builds")
    parser.add_argument("--skip-stock", action="store_true", help="no stock MkDocs build")
    parser.add_argument("--skip-hugo", action="store_true", help="no Hugo build")
    parser.add_argument(
        "--report",
        default=str(DEFAULT_REPORT),
        help="Markdown report to write ('' for none; default: %(default)s)",
    )
    parser.add_argument("--timeout", type=float, help="seconds per build (default: by size)")
    parser.add_argument("--no-serve", action="store_true", help="skip the preview-server timing")
    parser.add_argument(
        "--no-pasted", action="store_true", help="skip the pasted-query timing in Chromium"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="builds per figure, fastest counts (default: 1)"
    )
    parser.add_argument(
        "--references-cold-only",
        action="store_true",
        help="stock MkDocs and Hugo: the cold build only, no rebuilds or preview server",
    )
    args = parser.parse_args(argv)
    skipped = {"ours": args.skip_ours, "mkdocs": args.skip_stock, "hugo": args.skip_hugo}
    return Options(
        sizes=tuple(int(s) for s in args.sizes.split(",") if s.strip()),
        seed=args.seed,
        out=args.out.resolve(),
        tools=tuple(tool for tool, skip in skipped.items() if not skip),
        report=Path(args.report).resolve() if args.report else None,
        timeout_s=args.timeout,
        project=PROJECT_ROOT,
        command=shlex.join(["python", "-m", "benchmarks.run", *argv]),
        serve=not args.no_serve,
        pasted=not args.no_pasted,
        repeat=max(1, args.repeat),
        references_cold_only=args.references_cold_only,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(sys.argv[1:] if argv is None else argv)
    results = run_benchmarks(options)
    return 0 if all(r.status != "failed" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
