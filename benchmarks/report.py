"""Benchmark results as a Markdown note (docs/benchmarks.md) and as a console table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.results import TOOLS, Figures, Result

BEGIN = "<!-- benchmarks:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- benchmarks:end -->"
KIB, MIB, GIB = 2**10, 2**20, 2**30
KB, MB = 1_000, 1_000_000  # budgets in KB and MB are decimal, as hosts state them
NEW_NOTE = """# Tolok ukur build (build benchmarks)

Pengukuran waktu build, memori dan ukuran situs pada katalog **sintetis** berisi 1.000, 10.000 dan
50.000 entri, dibandingkan dengan MkDocs + Material standar dan Hugo. Jalankan ulang dengan
`make bench` (ukuran tertentu: `make bench BENCH_ARGS="--sizes 1000"`).

Build time, memory and site size on **synthetic** catalogues, against stock MkDocs + Material and
Hugo. Targets: the budgets of issue 12 ("Weight and speed"), which replace those of
`../shared/spec/site.md`.

{begin}
{end}
"""


@dataclass(frozen=True, slots=True)
class Target:
    at: int | None  # the catalogue size the budget applies at; None: every size
    limit: float
    text: str
    # A budget relative to another build of the same run ("≤ 0.6× Hugo"): the limit is a ratio.
    versus: str | None = None


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: Callable[[Figures], float | None]
    show: Callable[[float], str]
    targets: tuple[Target, ...] = ()
    # Whether the measured figure is the budget's own quantity (else the target is context only).
    comparable: bool = True
    is_search: bool = False  # shown as "none" when the build has no search index
    # Why the figure was not measured ("" when it was, or was not attempted).
    skipped: Callable[[Figures], str] | None = None


def seconds(value: float) -> str:
    # Two decimals below 10 s, so a figure just over a budget (1.02 s against 1 s) shows it.
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def seconds_fine(value: float) -> str:
    """Two decimals: for a figure judged against a budget such as 1.2 s."""
    return f"{value:.2f} s"


def mib(value: float) -> str:
    return f"{value / MIB:,.0f} MiB" if value >= 10 * MIB else f"{value / MIB:.1f} MiB"


def kib(value: float) -> str:
    return f"{value / KIB:,.1f} KiB"


def count(value: float) -> str:
    return f"{value:,.0f}"


ROWS = (
    Row(
        "cold build",
        lambda f: f.cold_s,
        seconds,
        (
            Target(50_000, 0.6, "≤ 0.6× Hugo at 50k", versus="hugo"),
            Target(100_000, 0.6, "≤ 0.6× Hugo at 100k", versus="hugo"),
        ),
    ),
    Row("cold build keeping its caches", lambda f: f.kept_cold_s, seconds),
    Row(
        "peak memory",
        lambda f: f.peak_bytes,
        mib,
        (Target(50_000, GIB, "≤ 1 GiB at 50k"), Target(100_000, 2 * GIB, "≤ 2 GiB at 100k")),
    ),
    Row("no-change rebuild", lambda f: f.noop_s, seconds, (Target(50_000, 5, "≤ 5 s at 50k"),)),
    Row("rebuild after editing one entry", lambda f: f.edit_s, seconds),
    Row("preview server: first page", lambda f: f.serve_ready_s, seconds),
    Row(
        "preview server: edit shown",
        lambda f: f.serve_edit_s,
        seconds,
        (Target(50_000, 1, "≤ 1 s at 50k"),),
    ),
    Row(
        "site size",
        lambda f: f.site_bytes,
        mib,
        (Target(50_000, 600 * MB, "≤ 600 MB at 50k"), Target(100_000, GIB, "≤ 1 GiB at 100k")),
    ),
    Row(
        "files in site",
        lambda f: f.site_files,
        count,
        (Target(100_000, 200_000, "≤ 200,000 at 100k"),),
    ),
    Row(
        "files in the fullest folder",
        lambda f: f.largest_folder,
        count,
        (Target(100_000, 50_000, "≤ 50,000 at 100k"),),
    ),
    Row("entry page HTML, largest", lambda f: f.entry_html_max, kib),
    Row(
        "entry page HTML, median",
        lambda f: f.entry_html_median,
        kib,
        (Target(50_000, 8 * KB, "≤ 8 KB at 50k"), Target(100_000, 8 * KB, "≤ 8 KB at 100k")),
    ),
    Row(
        "pasted query on Fast 3G: results shown",
        lambda f: f.pasted_s,
        seconds_fine,
        (Target(50_000, 1.2, "≤ 1.2 s at 50k"),),
        skipped=lambda f: f.pasted_skipped,
    ),
    Row(
        "pasted query: downloaded until results",
        lambda f: f.pasted_bytes,
        kib,
        skipped=lambda f: f.pasted_skipped,
    ),
    Row(
        "pasted query: requests until results",
        lambda f: f.pasted_requests,
        count,
        skipped=lambda f: f.pasted_skipped,
    ),
    Row(
        "pasted query: round trips until results",
        lambda f: f.pasted_round_trips,
        count,
        skipped=lambda f: f.pasted_skipped,
    ),
    Row("search index, all files", lambda f: f.search_bytes, kib, is_search=True),
    Row("search index, gzip", lambda f: f.search_gzip_bytes, kib, is_search=True),
    Row("search index, largest file", lambda f: f.search_largest_file, kib, is_search=True),
)

# Free static hosts' limits, which the site is reported against (issue 12).
HOSTING_LIMITS = (
    ("GitHub Pages", GIB, None, None),
    ("GitLab Pages", GIB, 200_000, None),
    ("Netlify", None, None, 54_000),
    ("Cloudflare Pages (free)", None, 20_000, None),
)


def ratio(ours: float | None, other: float | None) -> str:
    if ours is None or other is None or other <= 0 or ours <= 0:
        return "–"
    return f"{ours / other:.2f}×"


def target_value(
    target: Target, row: Row, size: int, saved: Mapping[tuple[int, str], Result]
) -> float | None:
    """Our figure in the budget's terms: the figure itself, or its ratio to the other build."""
    ours = saved.get((size, "ours"))
    if ours is None or ours.figures is None:
        return None
    value = row.value(ours.figures)
    if value is None or target.versus is None:
        return value
    other = saved.get((size, target.versus))
    if other is None or other.figures is None:
        return None
    reference = row.value(other.figures)
    return value / reference if reference else None


def show_target_value(target: Target, row: Row, value: float) -> str:
    return f"{value:.2f}×" if target.versus else row.show(value)


def target_cell(row: Row, size: int, saved: Mapping[tuple[int, str], Result]) -> str:
    cells = []
    for target in row.targets:
        if target.at is not None and target.at != size:
            continue
        value = target_value(target, row, size, saved)
        verdict = "" if value is None else (": met" if value <= target.limit else ": **not met**")
        cells.append(target.text + verdict)
    return "; ".join(cells)


def size_table(
    size: int, by_tool: Mapping[str, Result], saved: Mapping[tuple[int, str], Result]
) -> list[str]:
    tools = [tool for tool in TOOLS if tool in by_tool]
    ours = by_tool.get("ours")
    header = [by_tool[tool].label for tool in tools]
    others = [tool for tool in ("mkdocs", "hugo") if tool in by_tool and "ours" in by_tool]
    header += [f"ours ÷ {by_tool[tool].label.split(' ')[0]}" for tool in others]
    lines = [
        f"| {size:,} entries | " + " | ".join(header) + " | target |",
        "|---|" + "---:|" * (len(header)) + "---|",
    ]
    for row in ROWS:
        cells = [cell(row, by_tool[tool]) for tool in tools]
        cells += [ratio_cell(row, ours, by_tool[tool]) for tool in others]
        lines.append(
            f"| {row.label} | " + " | ".join(cells) + f" | {target_cell(row, size, saved)} |"
        )
    notes = [
        f"- {r.label}: {r.status}: {one_line(r.message)}" for r in by_tool.values() if not r.ok
    ]
    notes += [
        f"- {r.label}: the edit did not reach the entry's page"
        for r in by_tool.values()
        if r.figures is not None and r.figures.edit_visible is False
    ]
    notes += [f"- {note}" for note in skipped_notes(by_tool)]
    return [*lines, "", *notes, *([""] if notes else [])]


def cell(row: Row, result: Result) -> str:
    if result.figures is None:
        return "–"
    if row.is_search and result.figures.search_files == 0:
        return "none"
    value = row.value(result.figures)
    return "–" if value is None else row.show(value)


def ratio_cell(row: Row, ours: Result | None, other: Result) -> str:
    if ours is None or ours.figures is None or other.figures is None:
        return "–"
    return ratio(row.value(ours.figures), row.value(other.figures))


def skipped_reason(row: Row, result: Result | None) -> str:
    if row.skipped is None or result is None or result.figures is None:
        return ""
    return row.skipped(result.figures)


def skipped_notes(by_tool: Mapping[str, Result]) -> list[str]:
    """One line per build and reason a figure was not measured (the pasted query's rows share
    theirs)."""
    notes: dict[str, None] = {}
    for result in by_tool.values():
        for row in ROWS:
            if reason := skipped_reason(row, result):
                notes[f"{result.label}: pasted query not measured: {one_line(reason)}"] = None
    return list(notes)


def one_line(text: str) -> str:
    return " ".join(text.split())[:300]


def render(saved: Mapping[tuple[int, str], Result], seed: int) -> str:
    sizes = sorted({size for size, _ in saved})
    lines = [
        f"Synthetic catalogues from `benchmarks/synth.py` (seed {seed}). A time is the fastest of",
        "`--repeat` runs (see the table at the end) on a shared 2-core machine whose other work",
        "shows in the load average there: treat differences under ~20% as noise. Ratios are",
        "ours ÷ the other build: below 1× means ours is faster or smaller.",
        "",
    ]
    lines += budget_lines(saved)
    for size in sizes:
        lines += size_table(size, {tool: r for (n, tool), r in saved.items() if n == size}, saved)
    lines += hosting_lines(saved)
    lines += growth_lines(saved)
    lines += method_lines()
    lines += machine_lines(saved)
    lines += command_lines(saved)
    return "\n".join(lines).rstrip() + "\n"


def budget_lines(saved: Mapping[tuple[int, str], Result]) -> list[str]:
    """Each budget with our measured figure beside it, at the size it applies at."""
    lines = ["Budgets (issue 12), with our build's figure measured in the same run:", ""]
    for row in ROWS:
        for target in row.targets:
            sizes = (
                [target.at]
                if target.at is not None
                else sorted({n for n, tool in saved if tool == "ours"})
            )
            figures = [f"{target_verdict(target, row, n, saved)} at {n:,} entries" for n in sizes]
            lines.append(f"- {row.label}, target {target.text}: " + "; ".join(figures))
    return [*lines, ""]


def target_verdict(
    target: Target, row: Row, size: int, saved: Mapping[tuple[int, str], Result]
) -> str:
    value = target_value(target, row, size, saved)
    if value is None:
        reason = skipped_reason(row, saved.get((size, "ours")))
        if reason:
            return f"not measured: {reason}"
        missing = target.versus if (size, "ours") in saved else "ours"
        return f"not measured yet ({missing})"
    verdict = "met" if value <= target.limit else "**not met**"
    return f"{show_target_value(target, row, value)} ({verdict})"


def hosting_lines(saved: Mapping[tuple[int, str], Result]) -> list[str]:
    """Our site at each size against the free hosts' limits."""
    rows = [(n, r.figures) for (n, tool), r in sorted(saved.items()) if tool == "ours"]
    if not rows:
        return []
    lines = [
        "Our site against free hosting limits (site bytes, files, files in one folder):",
        "",
        "| entries | site | files | fullest folder | " + " | ".join(h[0] for h in HOSTING_LIMITS),
        "|---:|---:|---:|---:|" + "---|" * len(HOSTING_LIMITS),
    ]
    for n, f in rows:
        if f is None:
            continue
        verdicts = []
        for _name, max_bytes, max_files, max_per_folder in HOSTING_LIMITS:
            fits = (
                (max_bytes is None or f.site_bytes <= max_bytes)
                and (max_files is None or f.site_files <= max_files)
                and (max_per_folder is None or (f.largest_folder or 0) <= max_per_folder)
            )
            verdicts.append("fits" if fits else "**too big**")
        lines.append(
            f"| {n:,} | {mib(f.site_bytes)} | {f.site_files:,} | {f.largest_folder or 0:,} | "
            + " | ".join(verdicts)
            + " |"
        )
    return [*lines, ""]


def growth_lines(saved: Mapping[tuple[int, str], Result]) -> list[str]:
    """Per-entry cost at each size: flat when time and size grow linearly."""
    lines = [
        "Growth (per entry; flat numbers across sizes mean linear growth):",
        "",
        "| build | size | cold build per entry | site bytes per entry |",
        "|---|---:|---:|---:|",
    ]
    rows = [
        f"| {r.label} | {n:,} | {r.figures.cold_s / n * 1000:.2f} ms "
        f"| {r.figures.site_bytes / n / KIB:.1f} KiB |"
        for (n, tool), r in sorted(saved.items(), key=lambda i: (TOOLS.index(i[0][1]), i[0][0]))
        if r.figures is not None
    ]
    return [*lines, *rows, ""] if rows else []


def method_lines() -> list[str]:
    return [
        "How each figure is measured (`benchmarks/run.py`):",
        "",
        "- **cold build**: wall time of the build command with its output folder and caches",
        "  removed; **peak memory**: the larger of the biggest process's `ru_maxrss` and the sum",
        "  of proportional set sizes (PSS: pages shared by forked workers counted once) over the",
        "  build's processes, sampled every 0.2 s.",
        "- **no-change rebuild**: the same command again; **rebuild after editing one entry**: a",
        "  paragraph appended to one entry, then the same command.",
        "- **preview server**: `mkdocs serve` (as `make serve` runs it) or `hugo server`; *first",
        "  page*: from start until an entry page is served; *edit shown*: from saving an edit to",
        "  that entry until the served page contains it (polled every 0.05 s). This is the",
        '  budget\'s "see an edited entry in `make serve`".',
        "- **site size**: bytes of every file under the output folder; **entry page**: the",
        "  `inovasi/<province>/<slug>/index.html` of every entry.",
        "- **search index**: files under `search/`, non-HTML files under `cari/`, and any",
        "  `*search_index*` file; gzip at level 6 is what a compressing host sends.",
        "- **pasted query** (our build; `benchmarks/pasted.py`): Chromium with an empty cache",
        "  opens `/cari/` of the cold build's site, served with gzip, on DevTools' Fast 3G",
        "  profile (562.5 ms a request, 1.44 Mbit/s), waits until the page has settled, then",
        '  the query "akta kelahiran" is pasted into its box; the time is from the paste until',
        "  the result list shows the query's results. Bytes and requests: the page's Resource",
        "  Timing entries between the two; a round trip is a wave of requests that waited on a",
        "  response of the one before.",
        "",
    ]


def machine_lines(saved: Mapping[tuple[int, str], Result]) -> list[str]:
    latest = max(saved.values(), key=lambda r: r.date, default=None)
    if latest is None or not latest.machine:
        return []
    m = latest.machine
    return [
        "Machine (of the latest result):",
        "",
        f"- CPU: {m.get('cpu')}, {m.get('cpus')} usable CPUs; RAM {m.get('memory')}",
        f"- Linux {m.get('kernel')}, Python {m.get('python')}",
        f"- MkDocs {m.get('mkdocs')}, Material for MkDocs {m.get('mkdocs-material')}",
        f"- {m.get('hugo')}",
        "",
        "```",
        "$ free -m",
        m.get("free -m", ""),
        "```",
        "",
    ]


def command_lines(saved: Mapping[tuple[int, str], Result]) -> list[str]:
    lines = [
        "| size | build | measured (UTC) | load | runs | harness command | build command |",
        "|---:|---|---|---:|---:|---|---|",
    ]
    for (size, _tool), r in sorted(
        saved.items(), key=lambda item: (item[0][0], TOOLS.index(item[0][1]))
    ):
        build = f"`{r.build_command}`" if r.build_command else "–"
        lines.append(
            f"| {size:,} | {r.label} | {r.date} | {r.load_average or '?'} | {r.repeat} "
            f"| `{r.command}` | {build} |"
        )
    return [*lines, ""]


def write_report(path: Path, saved: Mapping[tuple[int, str], Result], seed: int) -> None:
    """Replace the generated part of the note, keeping whatever was written around it."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    if BEGIN not in text or END not in text:
        text = (
            NEW_NOTE.format(begin=BEGIN, end=END)
            if not text
            else f"{text.rstrip()}\n\n{BEGIN}\n{END}\n"
        )
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head}{BEGIN}\n\n{render(saved, seed)}\n{END}{tail}", encoding="utf-8")


def format_console(size: int, by_tool: Mapping[str, Result]) -> str:
    """A plain table for the terminal: the same rows, no Markdown."""
    tools = [tool for tool in TOOLS if tool in by_tool]
    if not tools:
        return f"{size:,} entries: nothing measured"
    width = max(len(row.label) for row in ROWS)
    lines = [f"{size:,} entries".ljust(width) + "".join(f"{tool:>14}" for tool in tools)]
    ours = by_tool.get("ours")
    others = [t for t in ("mkdocs", "hugo") if t in by_tool and ours is not None]
    lines[0] += "".join(f"{'ours÷' + t:>14}" for t in others)
    for row in ROWS:
        line = row.label.ljust(width) + "".join(f"{cell(row, by_tool[t]):>14}" for t in tools)
        line += "".join(f"{ratio_cell(row, ours, by_tool[t]):>14}" for t in others)
        lines.append(line)
    lines += [f"{r.label}: {r.status}: {one_line(r.message)}" for r in by_tool.values() if not r.ok]
    lines += skipped_notes(by_tool)
    return "\n".join(lines)
