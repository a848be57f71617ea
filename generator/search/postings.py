"""Posting lists (sorted doc numbers) as short JSON-safe strings, read by engine.js beside it.

Three encodings, the shortest wins per list: gaps as variable-length numbers (`v`, sparse lists),
a bitmap (`b`, dense lists) and runs (`r`, contiguous ranges such as one province's entries, which
sit together because entries are ordered by id). Each character carries six bits in the base64url
alphabet, so files stay text that static hosts gzip, and stay small where they do not.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Sequence
from itertools import islice, repeat

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_MORE = 32  # the sixth bit: another 5-bit group of the same number follows
_TO_ALPHABET = bytes.maketrans(bytes(range(64)), ALPHABET.encode("ascii"))


def _varint(value: int, out: list[str]) -> None:
    while value >= _MORE:
        out.append(ALPHABET[_MORE | (value & 31)])
        value >>= 5
    out.append(ALPHABET[value])


def encode_gaps(docs: Sequence[int]) -> str:
    # Gaps computed by C-level map; when all are below 33 every one is a single character and
    # the string is made by `bytes.translate`, with no Python loop per doc.
    gaps = list(map(operator.sub, docs, [-1, *islice(docs, len(docs) - 1)]))
    if max(gaps) <= _MORE:
        return "v" + bytes(map(operator.sub, gaps, repeat(1))).translate(_TO_ALPHABET).decode()
    out = ["v"]
    for gap in gaps:
        if gap <= _MORE:
            out.append(ALPHABET[gap - 1])
        else:
            _varint(gap - 1, out)
    return "".join(out)


def encode_bitmap(docs: Sequence[int]) -> str:
    """Six docs a character, starting at the first non-empty group (its index as a varint)."""
    first = docs[0] // 6
    base = first * 6
    groups = docs[-1] // 6 - first + 1
    flags = bytearray(groups * 6)  # one byte per doc of the span, 1 where the doc is listed
    deque(map(flags.__setitem__, map(operator.sub, docs, repeat(base)), repeat(1)), maxlen=0)
    # Bit b of group g is flags[6g + b]: shifting each strided slice by b and adding them as big
    # integers never carries (every byte stays below 64), so this packs all groups at once.
    packed = 0
    for bit in range(6):
        packed += int.from_bytes(flags[bit::6], "big") << bit
    head: list[str] = ["b"]
    _varint(first, head)
    return "".join(head) + packed.to_bytes(groups, "big").translate(_TO_ALPHABET).decode()


def encode_runs(docs: Sequence[int]) -> str:
    """Alternating (gap before the run, run length - 1) pairs."""
    out = ["r"]
    previous_end = -1
    start = docs[0]
    for i in range(1, len(docs) + 1):
        if i == len(docs) or docs[i] != docs[i - 1] + 1:
            _varint(start - previous_end - 1, out)
            _varint(docs[i - 1] - start, out)
            previous_end = docs[i - 1]
            if i < len(docs):
                start = docs[i]
    return "".join(out)


def encode(docs: Sequence[int]) -> str:
    """The shortest encoding of ascending, distinct doc numbers; "" for none."""
    count = len(docs)
    if not count:
        return ""
    span = docs[-1] - docs[0] + 1
    # Every gap costs at least one character, a bitmap one per six docs of the span: when the
    # bitmap is clearly shorter, the gaps need not be encoded at all.
    best = encode_bitmap(docs) if span // 6 + 8 < count else encode_gaps(docs)
    if best[0] == "v" and span // 6 < len(best):
        best = min(best, encode_bitmap(docs), key=len)
    if count > 2:
        steps = list(map(operator.sub, islice(docs, 1, None), docs))
        runs = count - steps.count(1)
        if 2 * runs < len(best):  # a run costs at least two characters
            encoded = encode_runs(docs)
            if len(encoded) < len(best):
                best = encoded
    return best


def decode(text: str) -> list[int]:
    """The inverse of `encode`; the index build never needs it, tests and tools do."""
    if not text:
        return []
    values = _read_varints(text[1:]) if text[0] != "b" else []
    if text[0] == "v":
        docs, doc = [], -1
        for gap in values:
            doc += gap + 1
            docs.append(doc)
        return docs
    if text[0] == "r":
        docs, end = [], -1
        for i in range(0, len(values), 2):
            start = end + 1 + values[i]
            end = start + values[i + 1]
            docs.extend(range(start, end + 1))
        return docs
    if text[0] == "b":
        first, pos = _read_one(text, 1)
        docs = []
        for k, ch in enumerate(text[pos:]):
            bits = ALPHABET.index(ch)
            docs.extend((first + k) * 6 + b for b in range(6) if bits >> b & 1)
        return docs
    raise ValueError(f"unknown posting encoding {text[:1]!r}")


def _read_one(text: str, pos: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        digit = ALPHABET.index(text[pos])
        pos += 1
        value |= (digit & 31) << shift
        shift += 5
        if not digit & _MORE:
            return value, pos


def _read_varints(text: str) -> list[int]:
    values, pos = [], 0
    while pos < len(text):
        value, pos = _read_one(text, pos)
        values.append(value)
    return values
