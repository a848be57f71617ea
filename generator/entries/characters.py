"""Which characters a text value may hold: no controls, no lone surrogates, paired bidi controls."""

from __future__ import annotations

import re

# C0 and C1 controls except tab, LF and CR: YAML escapes (`\0`, `\e`, `\x1b`, `\N`) smuggle them in,
# and a terminal, a CSV reader or an XML feed each treat them as commands or refuse them.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Half of a UTF-16 pair: no UTF-8 encoder accepts it, so every output would fail to write.
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
# Bidi embeddings and overrides end at PDF (U+202C); isolates end at PDI (U+2069). One left open
# reverses whatever follows the value: in a <title>, the site's own name.
_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_OPENERS.update({"\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"})
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that draw nothing (Unicode's Default_Ignorable_Code_Point, plus the blank Braille
# pattern): a value made only of them and white space looks empty on every page.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def character_problem(text: str) -> tuple[str, str] | None:
    """(problem code, the character as U+XXXX) for the first character `text` may not hold."""
    for code, pattern in (("text-surrogate", _SURROGATE_RE), ("text-control", _CONTROL_RE)):
        found = pattern.search(text)
        if found is not None:
            return code, code_point(found.group())
    return _bidi_problem(text)


def _bidi_problem(text: str) -> tuple[str, str] | None:
    if not _BIDI_RE.search(text):
        return None
    expected: list[tuple[str, str]] = []  # (closer, opener) of every control still open
    for match in _BIDI_RE.finditer(text):
        char = match.group()
        if char in _OPENERS:
            expected.append((_OPENERS[char], char))
        elif not expected or expected[-1][0] != char:
            return "text-bidi", code_point(char)
        else:
            expected.pop()
    return ("text-bidi", code_point(expected[-1][1])) if expected else None


def visible_length(text: str) -> int:
    """How many characters of `text` a reader sees: white space counts, invisible ones do not."""
    return len(text) - len(_INVISIBLE_RE.findall(text))


def is_blank(text: str) -> bool:
    """Nothing but white space and invisible characters."""
    return not _INVISIBLE_RE.sub("", text).strip()


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def first_control(text: str) -> tuple[int, str] | None:
    """(0-based LF line, U+XXXX) of the first control character in `text`, if any (bodies)."""
    found = _CONTROL_RE.search(text)
    if found is None:
        return None
    return text.count("\n", 0, found.start()), code_point(found.group())
