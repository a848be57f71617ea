"""Problem reporters: the terminal, tools (JSON), pull-request annotations and the job summary."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..model import Problem
from .messages import format_problem, inert, render_message, render_text

# Where a contributor reads the entry format when no repository address is known.
DOCS_URL = "CONTRIBUTING.md"
# GitHub shows at most 10 error and 10 warning annotations per step (50 per job); more are dropped
# without a word, so the reporter stops there itself and says how many it left out.
ANNOTATIONS_PER_LEVEL = 10
# A step summary larger than 1 MiB is refused by GitHub; stop the table well before.
SUMMARY_MAX_BYTES = 900_000
# json leaves C1 and bidi controls and lone surrogates raw (it escapes C0 controls in strings, and
# its layout needs raw newlines); outside strings JSON holds none of them.
_JSON_ACTIVE_RE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What a report may say besides the problems: the files a pull request changes, the docs."""

    changed: frozenset[str] = frozenset()
    docs_url: str = DOCS_URL


class Reporter(Protocol):
    def __call__(
        self, problems: Sequence[Problem], lang: str, context: ReportContext = ...
    ) -> str: ...


def changed_first(problems: Sequence[Problem], changed: Collection[str]) -> list[Problem]:
    """The problems of changed files first (a pull request's own lines), each group in order."""
    return sorted(problems, key=lambda p: (p.path not in changed, p))


def report_text(
    problems: Sequence[Problem], lang: str, context: ReportContext = ReportContext()
) -> str:
    lines = [format_problem(p, lang) for p in problems]
    errors = sum(p.is_error for p in problems)
    lines.append(
        render_text("summary-counts", lang, errors=errors, warnings=len(problems) - errors)
    )
    return "\n".join(lines)


def report_json(
    problems: Sequence[Problem], lang: str, context: ReportContext = ReportContext()
) -> str:
    text = json.dumps(
        [
            {
                "path": p.path,
                "line": p.line,
                "severity": p.severity.value,
                "key": p.key,
                "code": p.code,
                "message": render_message(p, lang),
            }
            for p in problems
        ],
        ensure_ascii=False,
        indent=2,
    )
    return _JSON_ACTIVE_RE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _escape_github(text: str) -> str:
    # Workflow commands end at a newline and use % escapes for their own syntax.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def report_github(
    problems: Sequence[Problem], lang: str, context: ReportContext = ReportContext()
) -> str:
    """Workflow commands, in the given order, capped per level; a last notice counts the rest."""
    lines = []
    shown = {"error": 0, "warning": 0}
    for p in problems:
        level = "error" if p.is_error else "warning"
        if shown[level] == ANNOTATIONS_PER_LEVEL:
            continue
        shown[level] += 1
        path = inert(_escape_github(p.path).replace(",", "%2C").replace(":", "%3A"))
        message = inert(_escape_github(f"{p.key}: {render_message(p, lang)}"))
        lines.append(f"::{level} file={path},line={p.line},title=katalog validate::{message}")
    more = len(problems) - len(lines)
    if more:
        notice = _escape_github(render_text("annotations-more", lang, more=more))
        lines.append(f"::notice title=katalog validate::{notice}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    # A table cell ends at a pipe or a newline; backticks would open code spans.
    return inert(" ".join(text.split())).replace("|", "\\|").replace("`", "'")


def report_markdown(
    problems: Sequence[Problem], lang: str, context: ReportContext = ReportContext()
) -> str:
    """A job summary: a one-line verdict, then every problem as a table row, then the docs."""
    errors = [p for p in problems if p.is_error]
    failing_files = len({p.path for p in errors})
    if failing_files:
        verdict = "❌ " + render_text("verdict-files", lang, files=failing_files)
    elif problems:
        verdict = "⚠️ " + render_text("verdict-warnings", lang, warnings=len(problems))
    else:
        verdict = "✅ " + render_text("verdict-clean", lang)
    lines = [f"## {verdict}", ""]
    if problems:
        counts = render_text(
            "summary-counts", lang, errors=len(errors), warnings=len(problems) - len(errors)
        )
        lines += [counts + ". " + render_text("summary-intro", lang), ""]
        if context.changed and any(p.path in context.changed for p in problems):
            lines += [render_text("summary-changed", lang), ""]
        header = render_text("summary-columns", lang)
        lines += [header, "|---|---:|---|---|---|"]
        size = sum(len(line) + 1 for line in lines)
        for index, p in enumerate(problems):
            level = ("error", "peringatan")[not p.is_error] if lang == "id" else p.severity.value
            row = (
                f"| `{_cell(p.path)}` | {p.line} | `{_cell(p.key or '-')}` | {level} "
                f"| {_cell(render_message(p, lang))} |"
            )
            size += len(row.encode("utf-8")) + 1
            if size > SUMMARY_MAX_BYTES:
                more = len(problems) - index
                lines += ["", render_text("annotations-more", lang, more=more)]
                break
            lines.append(row)
        lines.append("")
    lines.append(render_text("summary-docs", lang, url=context.docs_url))
    return "\n".join(lines) + "\n"


REPORTERS_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
    "markdown": report_markdown,
}
