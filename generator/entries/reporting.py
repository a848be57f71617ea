"""Problem reporters for the terminal, for tools (JSON) and for GitHub pull-request annotations."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from ..model import Problem
from .messages import format_problem, render_message

Reporter = Callable[[Sequence[Problem], str], str]


def report_text(problems: Sequence[Problem], lang: str) -> str:
    lines = [format_problem(p, lang) for p in problems]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if lang == "en":
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    else:
        lines.append(f"{errors} error, {warnings} peringatan")
    return "\n".join(lines)


def report_json(problems: Sequence[Problem], lang: str) -> str:
    return json.dumps(
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


def _escape_github(text: str) -> str:
    # Workflow commands end at a newline and use % escapes for their own syntax.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def report_github(problems: Sequence[Problem], lang: str) -> str:
    lines = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        path = _escape_github(p.path).replace(",", "%2C").replace(":", "%3A")
        message = _escape_github(f"{p.key}: {render_message(p, lang)}")
        lines.append(f"::{level} file={path},line={p.line},title=katalog validate::{message}")
    return "\n".join(lines)


REPORTERS_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
