"""Indonesian tokenizer and stemmer, the same rules as `stemmer.js` beside it.

A confix stripper in the Nazief–Adriani / Sastrawi tradition: affixes are stripped in a fixed
order and every intermediate form is looked up in a small root dictionary; when no form is a known
root, a deterministic rule-only analysis decides. The index build and the browser's query both use
these rules, so "layanan", "pelayanan" and "melayani" all become "layan" on both sides; the shared
vectors in `tests/stemmer_vectors.json` keep the two implementations in step.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent.parent / "data"
ROOTS_FILE = DATA_DIR / "stemmer-roots.txt"
STOPWORDS_FILE = DATA_DIR / "stemmer-stopwords.txt"

MIN_TOKEN = 2
MAX_TOKEN = 30  # longer runs are URLs, hashes or ids: noise for search
MIN_STEM_INPUT = 4
MIN_DICT_ROOT = 3  # a candidate looked up in the dictionary may be as short as "adu" or "isi"
MIN_RULE_ROOT = 4  # without the dictionary's word for it, shorter remainders over-stem
MAX_PREFIXES = 3

PARTICLES = ("lah", "kah", "pun")
POSSESSIVES = ("nya", "ku", "mu")
DERIVATIONAL = ("kan", "an", "i")
VOWELS = frozenset("aeiou")
# Prefix/suffix pairs that never form a confix (after Sastrawi); after pe-/ke-,
# "-kan" is "k" + "-an".
INVALID_CONFIXES = frozenset(
    {
        ("be", "i"),
        ("di", "an"),
        ("ke", "i"),
        ("ke", "kan"),
        ("me", "an"),
        ("se", "i"),
        ("se", "kan"),
        ("te", "an"),
        ("pe", "kan"),
        ("pe", "i"),
    }
)
# Prefixes that only stand outermost: "di-" and "meN-" never follow another prefix.
OUTER_ONLY = frozenset({"di", "me"})

_COMBINING = re.compile("[\u0300-\u036f]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower case without diacritics; the JS side does exactly the same three steps."""
    text = text.lower()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text


def split_words(text: str) -> list[str]:
    """Every word of `text`, normalized, stopwords included (for snippets and highlighting)."""
    return [w for w in _SEPARATORS.split(normalize(text)) if MIN_TOKEN <= len(w) <= MAX_TOKEN]


@dataclass(frozen=True, slots=True)
class Lexicon:
    roots: frozenset[str]
    stopwords: frozenset[str]


def read_word_list(path: Path) -> list[str]:
    """One word a line; `#` starts a comment line. Kept sorted and unique by a test."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


@cache
def default_lexicon() -> Lexicon:
    return Lexicon(frozenset(read_word_list(ROOTS_FILE)), frozenset(read_word_list(STOPWORDS_FILE)))


class Stemmer:
    """Stems one word at a time, memoised: a catalogue repeats a few thousand words millions of
    times."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._cache[word] = stem_word(word, self.lexicon.roots)
        return cached

    def terms(self, text: str) -> list[str]:
        """The stems of `text` that search indexes: stopwords dropped, order and repeats kept."""
        stop = self.lexicon.stopwords
        return [self.stem(w) for w in split_words(text) if w not in stop]


def stem_word(word: str, roots: frozenset[str]) -> str:
    """The root of one normalized word (`[a-z0-9]+`)."""
    if len(word) < MIN_STEM_INPUT or not word.isalpha() or word in roots:
        return word
    bases = suffix_bases(word)
    # Least stripped first: "makanan" is "makan" before anything shorter is tried.
    for base, _ in bases:
        if base in roots:
            return base
    # Then prefixes, from the most stripped suffix form back to the bare word.
    for base, suffix in reversed(bases):
        for candidate in prefix_candidates(base, suffix, MIN_DICT_ROOT):
            if candidate in roots:
                return candidate
    return rule_stem(word, bases)


def suffix_bases(word: str) -> list[tuple[str, str]]:
    """`(base, derivational suffix)` pairs, least stripped first; `word` itself comes first."""
    inflected = [word]
    rest = word
    for group in (PARTICLES, POSSESSIVES):
        for suffix in group:
            if rest.endswith(suffix) and len(rest) - len(suffix) >= MIN_DICT_ROOT:
                rest = rest[: -len(suffix)]
                inflected.append(rest)
                break
    bases: list[tuple[str, str]] = []
    for form in inflected:
        bases.append((form, ""))
        for suffix in DERIVATIONAL:
            if form.endswith(suffix) and len(form) - len(suffix) >= MIN_DICT_ROOT:
                if suffix == "kan":
                    # "pendidikan" is "pendidik" + "-an" as often as it is a "-kan" verb
                    bases.append((form[:-2], "an"))
                bases.append((form[: -len(suffix)], suffix))
                break
    # de-duplicate, keeping the first (least stripped) occurrence
    seen: set[str] = set()
    unique = []
    for base, suffix in bases:
        if base not in seen:
            seen.add(base)
            unique.append((base, suffix))
    return unique


def prefix_candidates(
    word: str, suffix: str, min_root: int, depth: int = 0, previous: str = ""
) -> Iterator[str]:
    """Every form reachable by stripping up to three prefixes, depth first, in rule order."""
    if depth >= MAX_PREFIXES:
        return
    for rest, kind in strip_prefix(word):
        if len(rest) < min_root or kind == previous:
            continue
        if depth > 0 and kind in OUTER_ONLY:
            continue
        if depth == 0 and (kind, suffix) in INVALID_CONFIXES:
            continue
        yield rest
        yield from prefix_candidates(rest, suffix, min_root, depth + 1, kind)


def rule_stem(word: str, bases: list[tuple[str, str]]) -> str:
    """The dictionary knows no form of `word`: strip by the first alternative of each rule."""
    for base, suffix in reversed(bases):
        if base != word and not _is_rule_suffix(word, base, suffix):
            continue
        stem, kinds = base, list[str]()
        while len(kinds) < MAX_PREFIXES:
            step = _first_prefix(stem, suffix if not kinds else "", kinds)
            if step is None:
                break
            stem, kind = step
            kinds.append(kind)
        if suffix == "i" and not kinds:
            continue  # a bare "-i" is usually part of the word: informasi, inovasi, nilai
        if len(stem) >= MIN_RULE_ROOT:
            return stem
    return word


def _is_rule_suffix(word: str, base: str, suffix: str) -> bool:
    # Without a dictionary only the common formal-text suffixes are stripped: "-nya" and the
    # derivational ones; particles and "-ku"/"-mu" (rare in catalogue prose) are left alone.
    inflection = word[len(base) + len(suffix) :]
    if inflection not in ("", "nya"):
        return False
    if suffix == "i" and base[-1:] in VOWELS:
        return False  # "nilai", "mulai", "pegawai": the "i" closes a diphthong
    return len(base) >= MIN_RULE_ROOT


def _first_prefix(word: str, suffix: str, kinds: list[str]) -> tuple[str, str] | None:
    for rest, kind in strip_prefix(word):
        if len(rest) < MIN_RULE_ROOT or (kinds and kind == kinds[-1]):
            return None
        if kinds and kind in OUTER_ONLY:
            return None
        if not kinds and (kind, suffix) in INVALID_CONFIXES:
            return None
        return rest, kind
    return None


def strip_prefix(word: str) -> list[tuple[str, str]]:
    """Alternatives for removing one prefix, in preference order, each with the prefix's kind.

    The morphophonemic rules of meN-/peN- (after Sastrawi's disambiguation rules): the nasal
    replaces the root's first consonant, so "menulis" may be "tulis" or "nulis".
    """
    w = word
    if w.startswith(("di", "ke", "se")):
        return [(w[2:], w[:2])]
    if w.startswith("me"):
        return [(rest, "me") for rest in _me(w[2:])]
    if w.startswith("pe"):
        return [(rest, "pe") for rest in _pe(w[2:])]
    if w.startswith("ber"):
        after = w[3:]
        if after[:1] in VOWELS:
            return [(after, "be"), ("r" + after, "be")]
        return [(after, "be")]
    if w.startswith("be") and _is_c_er(w[2:]):
        return [(w[2:], "be")]  # bekerja, beternak
    if w.startswith("bel") and w[3:].startswith("ajar"):
        return [(w[3:], "be")]
    if w.startswith("ter"):
        after = w[3:]
        if after[:1] in VOWELS:
            return [(after, "te"), ("r" + after, "te")]
        return [(after, "te")]
    if w.startswith("te") and _is_c_er(w[2:]):
        return [(w[2:], "te")]
    return []


def _is_c_er(rest: str) -> bool:
    return len(rest) > 3 and rest[0] not in VOWELS and rest[0] != "r" and rest[1:3] == "er"


def _nasal(rest: str) -> list[str]:
    """After "me" or "pe": the forms the root may have had before the nasal replaced its first
    consonant. meN- and peN- share these rules, so "memantau" and "pemantauan" meet."""
    if rest.startswith("ng"):
        after = rest[2:]
        if after[:1] in ("g", "h", "k", "q", "x"):
            return [after]
        if after[:1] in VOWELS:
            return [after, "k" + after]
        return []
    if rest.startswith("ny"):
        after = rest[2:]
        return ["s" + after, rest] if after[:1] in VOWELS else []
    if rest.startswith("m"):
        after = rest[1:]
        if after[:1] in ("b", "f", "v", "p"):
            return [after]  # membuat; memproses and memper- keep the p
        if after[:1] in VOWELS or after[:1] == "r":
            return ["p" + after, "m" + after]
        return []
    if rest.startswith("n"):
        after = rest[1:]
        if after[:1] in ("c", "d", "j", "z", "s", "t"):
            return [after]  # mencari, mendidik; mensosialisasikan keeps the s
        if after[:1] in VOWELS:
            return ["t" + after, "n" + after]
        return []
    return []


def _me(rest: str) -> list[str]:
    if rest[:1] in ("l", "r", "w", "y") and rest[1:2] in VOWELS:
        return [rest]  # melayani, merawat, mewujudkan
    return _nasal(rest)


def _pe(rest: str) -> list[str]:
    """After "pe": peN- behaves like meN-; per-, pel- and plain pe- have their own rules."""
    if rest[:1] in ("w", "y") and rest[1:2] in VOWELS:
        return [rest]
    if rest.startswith("r"):
        after = rest[1:]
        return [after, rest] if after[:1] in VOWELS else [after]
    if rest.startswith("l"):
        return [rest[1:]] if rest[1:].startswith("ajar") else [rest]
    if rest[:1] in ("m", "n"):
        return _nasal(rest)
    if rest[:1] and rest[0] not in VOWELS:
        return [rest]  # petani, pekerja, pedagang
    return []
