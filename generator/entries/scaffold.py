"""A new entry's text from answers, checked by the validator itself before it is written."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .loading import RawEntry, split_front_matter
from .messages import render_message, render_text, say
from .rules import RECOMMENDED_SECTIONS, is_valid_slug
from .validation import suggest, validate_entry
from .vocabularies import Vocabularies
from .yamlnodes import YamlRefused, compose


@dataclass(frozen=True, slots=True)
class Answers:
    province: str
    slug: str
    title: str
    summary: str
    agency_name: str
    agency_type: str
    sectors: tuple[str, ...]
    sdgs: tuple[int, ...]
    regency: str | None = None
    launched: int | None = None


class ScaffoldError(Exception):
    def __init__(self, message: str, is_conflict: bool = False) -> None:
        super().__init__(message)
        self.is_conflict = is_conflict


def _quote(text: str) -> str:
    # JSON strings are valid double-quoted YAML scalars, and quoting sidesteps every YAML 1.1 trap.
    # Control and unassigned characters are dropped: YAML refuses them and no reader can see them.
    visible = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    return json.dumps(" ".join(visible.split()), ensure_ascii=False)


def render_entry(answers: Answers, lang: str = "id") -> str:
    """The entry file: front matter with every string quoted, then the recommended sections,
    each holding a hint in `lang` as an HTML comment (the validator counts it as empty)."""
    lines = [
        "---",
        f"title: {_quote(answers.title)}",
        f"summary: {_quote(answers.summary)}",
        "agency:",
        f"  name: {_quote(answers.agency_name)}",
        f"  type: {answers.agency_type}",
    ]
    if answers.regency:
        lines.append(f"regency: {_quote(answers.regency)}")
    lines.append(f"sectors: [{', '.join(answers.sectors)}]")
    lines.append(f"sdgs: [{', '.join(str(goal) for goal in answers.sdgs)}]")
    if answers.launched is not None:
        lines.append(f"launched: {answers.launched}")
    lines.append("---")
    hint = f"<!-- {render_text('new-section-hint', lang)} -->"
    for section in RECOMMENDED_SECTIONS:
        lines += ["", f"## {section}", "", hint]
    return "\n".join(lines) + "\n"


def check_answers(
    answers: Answers, vocab: Vocabularies, this_year: int | None = None, lang: str = "id"
) -> list[str]:
    """Every problem the validator would report for the rendered entry, as `key: sentence`."""
    problems = []
    if not is_valid_slug(answers.slug):
        sentence = say("slug-invalid", lang, slug=answers.slug)
        problems.append(f"slug: {sentence}")
    if answers.province not in vocab.provinces:
        provinces = list(vocab.provinces)
        sentence = say("unknown-value", lang, found=answers.province,
            suggestion=suggest(answers.province, provinces, {}), allowed=", ".join(provinces),
        )  # fmt: skip
        problems.append(f"province: {sentence}")
    text = render_entry(answers, lang)
    front, body, start, body_line, _ = split_front_matter(text)
    try:
        tree = compose(front, start - 1)
    except YamlRefused as exc:
        sentence = say(exc.code, lang, detail=exc.detail)
        return [*problems, f"front matter: {sentence}"]
    name = f"{answers.province}/{answers.slug}.md"
    raw = RawEntry(
        name,
        name,
        answers.province,
        answers.slug,
        tree,
        body,
        body_line,
        (),
    )
    today = dt.date.today()
    _, found = validate_entry(raw, vocab, this_year or today.year, today)
    problems += [f"{p.key}: {render_message(p, lang)}" for p in found if p.is_error]
    return problems


def write_entry(content_dir: Path, answers: Answers, vocab: Vocabularies, lang: str = "id") -> Path:
    """Write the entry into its province folder; refuses to overwrite an existing file."""
    problems = check_answers(answers, vocab, lang=lang)
    if problems:
        raise ScaffoldError("; ".join(problems))
    path = content_dir / "innovations" / answers.province / f"{answers.slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(render_entry(answers, lang))
    except FileExistsError:
        message = render_text("new-exists", lang, path=path)
        raise ScaffoldError(message, is_conflict=True) from None
    return path
