"""`katalog new`'s questions: each answer read and checked as it is typed, in the validator's words.

Pure: a reader turns the typed text into a value or the sentence saying what is wrong, so the
command can ask again at once instead of losing every answer at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .messages import say
from .rules import (
    AGENCY_TYPES,
    FIRST_YEAR,
    GOALS,
    HTML_TAG_RE,
    MAX_SDGS,
    MAX_SECTORS,
    NAME_LENGTH,
    REGENCY_RE,
    SUMMARY_LENGTH,
    TITLE_LENGTH,
    is_valid_slug,
)
from .validation import suggest
from .vocabularies import Vocabularies

Read = tuple[Any, str | None]  # (value, None) or (None, what is wrong)


@dataclass(frozen=True, slots=True)
class Question:
    """One answer of a new entry: its Answers field, its prompt (TEXTS name), how to read it."""

    field: str
    prompt: str
    read: Callable[[str, Vocabularies, str, int], Read]
    optional: bool = False


def _text(key: str, bounds: tuple[int, int]) -> Callable[[str, Vocabularies, str, int], Read]:
    def read(text: str, _: Vocabularies, lang: str, __: int) -> Read:
        value = " ".join(text.split())
        if not bounds[0] <= len(value) <= bounds[1]:
            return None, say("length", lang, low=bounds[0], high=bounds[1], found=len(value))
        if key == "summary" and HTML_TAG_RE.search(value):
            return None, say("summary-html", lang)
        return value, None

    return read


def _choice(text: str, allowed: list[str], lang: str) -> Read:
    value = text.strip()
    if value in allowed:
        return value, None
    found = value or '""'
    hint = suggest(value, allowed, {})
    return None, say(
        "unknown-value", lang, found=found, suggestion=hint, allowed=", ".join(allowed)
    )


def _items(text: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,;\s]+", text) if item.strip()]


def read_province(text: str, vocab: Vocabularies, lang: str, _: int) -> Read:
    return _choice(text, list(vocab.provinces), lang)


def read_slug(text: str, _: Vocabularies, lang: str, __: int) -> Read:
    value = text.strip()
    if not is_valid_slug(value):
        return None, say("slug-invalid", lang, slug=value)
    return value, None


def read_agency_type(text: str, _: Vocabularies, lang: str, __: int) -> Read:
    return _choice(text, list(AGENCY_TYPES), lang)


def read_sectors(text: str, vocab: Vocabularies, lang: str, _: int) -> Read:
    items = _items(text)
    if not 1 <= len(items) <= MAX_SECTORS:
        return None, say("count", lang, low=1, high=MAX_SECTORS, found=len(items))
    for index, item in enumerate(items):
        _, error = _choice(item, list(vocab.sectors), lang)
        if error:
            return None, error
        if item in items[:index]:
            return None, say("duplicate", lang, found=item)
    return tuple(items), None


def read_sdgs(text: str, _: Vocabularies, lang: str, __: int) -> Read:
    items = _items(text)
    if not 1 <= len(items) <= MAX_SDGS:
        return None, say("count", lang, low=1, high=MAX_SDGS, found=len(items))
    goals: list[int] = []
    for item in items:
        if not item.isdigit():
            return None, say("type-integer", lang, found=item)
        goal = int(item)
        if not GOALS[0] <= goal <= GOALS[1]:
            return None, say("range", lang, low=GOALS[0], high=GOALS[1], found=goal)
        if goal in goals:
            return None, say("duplicate", lang, found=goal)
        goals.append(goal)
    return tuple(goals), None


def read_launched(text: str, _: Vocabularies, lang: str, this_year: int) -> Read:
    value = text.strip().strip('"')
    if not value:
        return None, None  # optional: leave it out rather than guess
    if not value.isdigit():
        return None, say("type-integer", lang, found=value)
    if not FIRST_YEAR <= int(value) <= this_year:
        return None, say("range", lang, low=FIRST_YEAR, high=this_year, found=value)
    return int(value), None


def regency_reader(province: str) -> Callable[[str, Vocabularies, str, int], Read]:
    def read(text: str, vocab: Vocabularies, lang: str, _: int) -> Read:
        code = text.strip().strip('"')
        if not code:
            return None, None  # a province-level agency
        if not REGENCY_RE.match(code):
            return None, say("regency-format", lang, found=code)
        regency = vocab.regencies.get(code)
        if regency is None:
            return None, say("regency-unknown", lang, found=code)
        owner = vocab.provinces.get(province)
        if owner is not None and regency.province_code != owner.code:
            examples = ", ".join(f"{r.code} {r.name}" for r in vocab.regencies_of(province)[:4])
            return None, say(
                "regency-province",
                lang,
                found=f"{code} ({regency.name})",
                province=province,
                examples=examples or "-",
            )
        return code, None

    return read


# In the order they are asked; the regency question follows the province (it depends on it).
QUESTIONS = (
    Question("province", "ask-province", read_province),
    Question("title", "ask-title", _text("title", TITLE_LENGTH)),
    Question("slug", "ask-slug", read_slug),
    Question("summary", "ask-summary", _text("summary", SUMMARY_LENGTH)),
    Question("agency_name", "ask-agency-name", _text("agency.name", NAME_LENGTH)),
    Question("agency_type", "ask-agency-type", read_agency_type),
    Question("sectors", "ask-sectors", read_sectors),
    Question("sdgs", "ask-sdgs", read_sdgs),
    Question("launched", "ask-launched", read_launched, optional=True),
)


def slug_from(title: str) -> str:
    """A slug suggestion from the title: lowercase ASCII words joined by hyphens."""
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "-".join(words)[:80].strip("-")
