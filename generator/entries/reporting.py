"""Problem reporters for the terminal, for tools (JSON) and for GitHub pull-request annotations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from ..model import Problem
from .messages import format_problem, inert, render_message

Reporter = Callable[[Sequence[Problem], str], str]

# JSON itself escapes C0 controls inside strings, and its layout needs raw newlines.
_JSON_ACTIVE_RE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def report_text(problems: Sequence[Problem], lang: str) -> str:
    lines = [format_problem(p, lang) for p in problems]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if lang == "en":
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    else:
        lines.append(f"{errors} error, {warnings} peringatan")
    return "\n".join(lines)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def report_json(problems: Sequence[Problem], lang: str) -> str:
    # json leaves C1 and bidi controls and lone surrogates raw; outside strings JSON holds none
    # of them, so escaping them everywhere stays valid JSON.
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
    return _JSON_ACTIVE_RE.sub(_json_escape, text)


def _escape_github(text: str) -> str:
    # Workflow commands end at a newline and use % escapes for their own syntax.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def report_github(problems: Sequence[Problem], lang: str) -> str:
    lines = []
    for p in problems:
        level = "error" if p.is_error else "warning"
        path = inert(_escape_github(p.path).replace(",", "%2C").replace(":", "%3A"))
        message = inert(_escape_github(f"{p.key}: {render_message(p, lang)}"))
        lines.append(f"::{level} file={path},line={p.line},title=katalog validate::{message}")
    return "\n".join(lines)


REPORTERS_BY_NAME: dict[str, Reporter] = {
    "text": report_text,
    "json": report_json,
    "github": report_github,
}
