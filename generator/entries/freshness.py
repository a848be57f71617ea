"""Entries whose `updated` date is old or missing, per province: the weekly freshness report."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..model import Entry
from .messages import render_text

DEFAULT_MONTHS = 12


@dataclass(frozen=True, slots=True)
class StaleEntry:
    id: str
    title: str
    path: str
    updated: dt.date | None  # None: the entry never said when it was last checked


@dataclass(frozen=True, slots=True)
class Freshness:
    """Stale entries grouped by province (provinces in slug order, entries by id)."""

    cutoff: dt.date
    months: int
    checked: int
    by_province: tuple[tuple[str, tuple[StaleEntry, ...]], ...]

    @property
    def stale(self) -> int:
        return sum(len(entries) for _, entries in self.by_province)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, clamped to the month's end (31 March - 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def find_stale(entries: Iterable[Entry], today: dt.date, months: int) -> Freshness:
    cutoff = months_before(today, months)
    groups: dict[str, list[StaleEntry]] = {}
    checked = 0
    for entry in entries:
        checked += 1
        if entry.updated is None or entry.updated < cutoff:
            stale = StaleEntry(entry.id, entry.title, entry.source_path, entry.updated)
            groups.setdefault(entry.province, []).append(stale)
    by_province = tuple(
        (province, tuple(sorted(items, key=lambda s: s.id)))
        for province, items in sorted(groups.items())
    )
    return Freshness(cutoff, months, checked, by_province)


def _when(entry: StaleEntry, lang: str) -> str:
    return entry.updated.isoformat() if entry.updated else render_text("stale-never", lang)


def format_text(report: Freshness, lang: str) -> str:
    lines = []
    for province, entries in report.by_province:
        lines.append(f"{province} ({len(entries)})")
        lines += [f"  {e.path}: {_when(e, lang)}" for e in entries]
    lines.append(_headline(report, lang))
    return "\n".join(lines)


def format_json(report: Freshness, lang: str) -> str:
    return json.dumps(
        {
            "cutoff": report.cutoff.isoformat(),
            "months": report.months,
            "checked": report.checked,
            "stale": report.stale,
            "provinces": {
                province: [
                    {
                        "id": e.id,
                        "title": e.title,
                        "path": e.path,
                        "updated": e.updated.isoformat() if e.updated else None,
                    }
                    for e in entries
                ]
                for province, entries in report.by_province
            },
        },
        ensure_ascii=False,
        indent=2,
    )


def format_markdown(report: Freshness, lang: str) -> str:
    lines = [f"## {_headline(report, lang)}", ""]
    if report.by_province:
        lines += [render_text("stale-intro", lang), ""]
    for province, entries in report.by_province:
        lines += [f"### {province} ({len(entries)})", ""]
        lines += [f"- `{e.path}`: {e.title} ({_when(e, lang)})" for e in entries]
        lines.append("")
    return "\n".join(lines) + "\n"


def _headline(report: Freshness, lang: str) -> str:
    return render_text(
        "stale-headline",
        lang,
        stale=report.stale,
        checked=report.checked,
        months=report.months,
        cutoff=report.cutoff.isoformat(),
    )


FORMATTERS_BY_NAME: dict[str, Callable[[Freshness, str], str]] = {
    "text": format_text,
    "json": format_json,
    "markdown": format_markdown,
}
