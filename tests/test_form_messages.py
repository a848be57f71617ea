"""The contribution form keeps no sentence of its own: each comes from generator/entries/messages.py
through kontribusi/vocab.json, and each code it reports is the validator's, in both languages."""

from __future__ import annotations

import re
import string

import pytest

from generator.entries.messages import LANGUAGES, MESSAGES, TEXTS
from generator.opendata.form import ASSETS_DIR, FORM_PROBLEM_CODES, FORM_TEXT_PREFIX, form_messages

FORM_JS = (ASSETS_DIR / "form.js").read_text(encoding="utf-8")
# Plain words that are code, not prose: CSS selectors ("input, select, button") and the pragma.
TECHNICAL_WORDS = {"input", "select", "button", "textarea", "use", "strict"}
PLAIN_WORD = re.compile(r"[A-Za-z]{2,}[,.;!?]?")
PROBLEM_CALL = re.compile(r"\bproblem\(([^()]*?),\s*\"([a-z0-9-]+)\"")


def string_literals(source: str) -> list[str]:
    """Every quoted string of a JavaScript source, comments and regular expressions skipped."""
    found: list[str] = []
    i = 0
    while i < len(source):
        char = source[i]
        if source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif source.startswith("//", i):
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
        elif char in "\"'":
            j = i + 1
            while source[j] != char:
                j += 2 if source[j] == "\\" else 1
            found.append(source[i + 1 : j])
            i = j + 1
        elif char == "/" and source[:i].rstrip()[-1:] in "(,=:[!&|?{};+":
            j, in_class = i + 1, False  # a regular expression literal: skip to its closing slash
            while source[j] != "/" or in_class:
                in_class = (in_class or source[j] == "[") and source[j] != "]"
                j += 2 if source[j] == "\\" else 1
            i = j + 1
        else:
            i += 1
    return found


def is_prose(literal: str) -> bool:
    """Text a person reads: non-ASCII (a dash, a letter), a capitalised word, or words among
    spaces, as opposed to keys, selectors, class names and YAML syntax."""
    if any(char not in string.printable for char in literal):
        return True
    if re.search(r"(^|[^A-Za-z])[A-Z][a-z]+\b", literal):
        return True
    words = [w for w in literal.split() if PLAIN_WORD.fullmatch(w)]
    prose = [w for w in words if w.strip(",.;!?").lower() not in TECHNICAL_WORDS]
    return len(prose) >= 2 or (bool(prose) and literal != literal.strip())


LITERALS = string_literals(FORM_JS)


def test_the_scanner_sees_the_script_strings() -> None:
    # guards the scan itself: it must find the form's keys and YAML syntax, and tell prose apart
    assert {"agency.name", "  - program: ", "kf-button kf-remove", "form-submit"} <= set(LITERALS)
    assert is_prose("wajib diisi") and is_prose(" karakter") and is_prose("Hapus")
    assert is_prose("— pilih —") and not is_prose("input, select, button")
    assert not is_prose("    level: ") and not is_prose('"] .kf-item')


def test_form_js_holds_no_sentence() -> None:
    assert [literal for literal in LITERALS if is_prose(literal)] == []


def _form_names(literals: list[str]) -> set[str]:
    return {literal for literal in literals if literal.startswith(FORM_TEXT_PREFIX)}


def test_every_code_the_form_reports_is_sent_to_it() -> None:
    used = {code for _, code in PROBLEM_CALL.findall(FORM_JS)}
    assert used == set(FORM_PROBLEM_CODES)
    assert set(FORM_PROBLEM_CODES) <= MESSAGES.keys()


def test_every_text_the_form_shows_is_in_the_catalogue_and_used() -> None:
    texts = {name for name in TEXTS if name.startswith(FORM_TEXT_PREFIX)}
    named = _form_names(LITERALS)
    assert named - texts - set(FORM_PROBLEM_CODES) == set()  # no name without a sentence
    assert texts - named == set()  # no sentence the form never shows


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize(
    "name, pair",
    [(code, MESSAGES[code]) for code in FORM_PROBLEM_CODES]
    + [(name, pair) for name, pair in TEXTS.items() if name.startswith(FORM_TEXT_PREFIX)],
)
def test_each_sentence_has_both_languages_and_the_same_placeholders(
    name: str, pair: tuple[str, str]
) -> None:
    indonesian, english = pair
    assert indonesian.strip() and english.strip()
    assert _placeholders(indonesian) == _placeholders(english)
    # form.js fills {name} only: no format spec, conversion or index it would not understand
    assert all(re.fullmatch(r"[a-z_]+", p) for p in _placeholders(indonesian)), name


def test_vocab_carries_each_language() -> None:
    sent = form_messages()
    assert tuple(sent) == LANGUAGES
    for index, lang in enumerate(LANGUAGES):
        assert sent[lang]["problems"] == {
            code: MESSAGES[code][index] for code in FORM_PROBLEM_CODES
        }
        assert sent[lang]["texts"]["form-submit"] == TEXTS["form-submit"][index]
