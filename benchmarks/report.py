"""Benchmark results as a Markdown note (docs/benchmarks.md) and as a console table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from benchmarks.results import TOOLS, Figures, Result

BEGIN = "<!-- benchmarks:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- benchmarks:end -->"
KIB, MIB, GIB = 2**10, 2**20, 2**30
NEW_NOTE = """# Tolok ukur build (build benchmarks)

Pengukuran waktu build, memori dan ukuran situs pada katalog **sintetis** berisi 1.000, 10.000 dan
50.000 entri, dibandingkan dengan MkDocs + Material standar dan Hugo. Jalankan ulang dengan
`make bench` (ukuran tertentu: `make bench BENCH_ARGS="--sizes 1000"`).

Build time, memory and site size on **synthetic** catalogues, against stock MkDocs + Material and
Hugo. Targets: `../shared/spec/site.md`, "Budgets".

{begin}
{end}
"""


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    value: Callable[[Figures], float | None]
    show: Callable[[float], str]
    # (size the budget applies at or None for every size, limit, budget text)
    target: tuple[int | None, float, str] | None = None
    # Whether the measured figure is the budget's own quantity (else the target is context only).
    comparable: bool = True
    is_search: bool = False  # shown as "none" when the build has no search index


def seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 1 else f"{value:.2f} s"


def mib(value: float) -> str:
    return f"{value / MIB:,.0f} MiB" if value >= 10 * MIB else f"{value / MIB:.1f} MiB"


def kib(value: float) -> str:
    return f"{value / KIB:,.1f} KiB"


def count(value: float) -> str:
    return f"{value:,.0f}"


ROWS = (
    Row("cold build", lambda f: f.cold_s, seconds, (50_000, 60, "≤ 60 s at 50k")),
    Row("peak memory", lambda f: f.peak_bytes, mib, (50_000, 2 * GIB, "≤ 2 GiB at 50k")),
    Row("no-change rebuild", lambda f: f.noop_s, seconds),
    Row("rebuild after editing one entry", lambda f: f.edit_s, seconds),
    Row("preview server: first page", lambda f: f.serve_ready_s, seconds),
    Row(
        "preview server: edit shown",
        lambda f: f.serve_edit_s,
        seconds,
        (10_000, 2, "≤ 2 s at 10k"),
    ),
    Row("site size", lambda f: f.site_bytes, mib, (50_000, GIB, "≤ 1 GiB at 50k")),
    Row("files in site", lambda f: f.site_files, count),
    Row("entry page HTML, largest", lambda f: f.entry_html_max, kib, (None, 40 * KIB, "≤ 40 KB")),
    Row("entry page HTML, median", lambda f: f.entry_html_median, kib),
    Row("search index, all files", lambda f: f.search_bytes, kib, is_search=True),
    Row("search index, gzip", lambda f: f.search_gzip_bytes, kib, is_search=True),
    Row(
        "search index, largest file",
        lambda f: f.search_largest_file,
        kib,
        (50_000, 300 * KIB, "first query ≤ 300 KB at 50k"),
        comparable=False,
        is_search=True,
    ),
)


def ratio(ours: float | None, other: float | None) -> str:
    if ours is None or other is None or other <= 0 or ours <= 0:
        return "–"
    return f"{ours / other:.2f}×"


def target_cell(row: Row, size: int, ours: Result | None) -> str:
    if row.target is None:
        return ""
    at, limit, text = row.target
    if at is not None and at != size:
        return text
    if not row.comparable or ours is None or ours.figures is None:
        return text
    value = row.value(ours.figures)
    if value is None:
        return text
    met = value <= limit
    return f"{text}: {'met' if met else '**not met**'}"


def size_table(size: int, by_tool: Mapping[str, Result]) -> list[str]:
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
            f"| {row.label} | " + " | ".join(cells) + f" | {target_cell(row, size, ours)} |"
        )
    notes = [
        f"- {r.label}: {r.status}: {one_line(r.message)}" for r in by_tool.values() if not r.ok
    ]
    notes += [
        f"- {r.label}: the edit did not reach the entry's page"
        for r in by_tool.values()
        if r.figures is not None and not r.figures.edit_visible
    ]
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
        lines += size_table(size, {tool: r for (n, tool), r in saved.items() if n == size})
    lines += growth_lines(saved)
    lines += method_lines()
    lines += machine_lines(saved)
    lines += command_lines(saved)
    return "\n".join(lines).rstrip() + "\n"


def budget_lines(saved: Mapping[tuple[int, str], Result]) -> list[str]:
    """Each budget with our measured figure beside it (site.md asks for exactly this)."""
    lines = ["Budgets (`../shared/spec/site.md`), with our build's figure:", ""]
    for row in ROWS:
        if row.target is None:
            continue
        at, _limit, text = row.target
        sizes = [at] if at is not None else sorted({n for n, tool in saved if tool == "ours"})
        figures = [
            f"{target_verdict(row, n, saved.get((n, 'ours')))} at {n:,} entries" for n in sizes
        ]
        lines.append(f"- {row.label}, target {text}: " + "; ".join(figures or ["not measured"]))
    return [*lines, ""]


def target_verdict(row: Row, size: int, ours: Result | None) -> str:
    if ours is None or ours.figures is None:
        return "not measured yet"
    value = row.value(ours.figures)
    if value is None:
        return "not measured"
    assert row.target is not None
    if not row.comparable:
        return f"{row.show(value)} (context: not the budget's own quantity)"
    return f"{row.show(value)} ({'met' if value <= row.target[1] else '**not met**'})"


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
    return "\n".join(lines)
