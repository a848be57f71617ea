"""Checked entries kept across builds, by content hash: a warm build skips YAML and validation.

A row is what reading and validating one file gave (its entry without the body, and its problems),
as JSON in the signed build cache (generator/cache.py: outside the repository, HMAC'd, one warning
when unusable). The key hashes everything that result depends on: the file's bytes and place, the
images of its media folder, the vocabularies and reference data as loaded (so an edited
`taxonomies/` or hub file, or new provinces, invalidate every row), the build's date (years and
`updated` are checked against it) and the generator's code. Checks across entries (replication
targets, former ids) always run on the whole catalogue; they are never cached.

Rows are decoded as data, never as code: JSON checked field by field against the model's types, so
even a row signed with a stolen secret can only carry values an entry file could have produced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import sys
import types
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from ..cache import SignedCache
from ..model import Entry, Problem
from .loading import EntryFile
from .vocabularies import Vocabularies

GENERATOR_DIR = Path(__file__).resolve().parent.parent


class EntryCache(SignedCache):
    """Checked entries by `entry_key`, in the project's build cache file."""

    TABLE = "entry"


class RowInvalid(ValueError):
    """A cache row that does not decode to an entry and its problems: treated as a miss."""


Result = tuple[Entry | None, list[Problem]]


@functools.cache
def code_version() -> bytes:
    """Every Python file of the generator (the format rules live in code), and the YAML library
    and Python that parse the files: a change to any of them re-validates every entry."""
    digest = hashlib.blake2b(digest_size=20)
    for path in sorted(GENERATOR_DIR.rglob("*.py")):
        digest.update(str(path.relative_to(GENERATOR_DIR)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    digest.update(f"{yaml.__version__}\0{sys.version}".encode())
    return digest.digest()


def context_key(vocab: Vocabularies, this_year: int, today: dt.date) -> bytes:
    """What every entry's result depends on besides its own file. The vocabularies' repr holds
    every term, province, regency and goal validation reads, and where their files are shown."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (code_version(), repr(vocab).encode("utf-8"), f"{this_year}\0{today}".encode()):
        digest.update(part + b"\0")
    return digest.digest()


def entry_key(context: bytes, file: EntryFile, media: Sequence[str]) -> str:
    """One file's key: the shared context, where the file stands (problems name it, the entry
    records its repository path), its media listing and its bytes."""
    assert file.data is not None
    digest = hashlib.blake2b(context, digest_size=20)
    place = "\0".join((file.path, file.source, file.province, file.slug, *media))
    digest.update(place.encode("utf-8", "surrogatepass") + b"\0\0")
    digest.update(file.data)
    return digest.hexdigest()


def encode_result(result: Result) -> str:
    """The row for `result`; the body is left out (the file's bytes give it back unchanged)."""
    entry, problems = result
    row = {
        "entry": None if entry is None else _encode_entry(entry),
        "problems": [_encode(problem) for problem in problems],
    }
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def decode_result(text: str, body: Callable[[], tuple[bytes, int]]) -> Result:
    """The result a row holds; `body` gives the file's packed body (model.pack_body) and its
    first line. Raises RowInvalid on anything that is not exactly an entry's shape."""
    try:
        row = json.loads(text)
        if type(row) is not dict or row.keys() != {"entry", "problems"}:
            raise RowInvalid("not an entry row")
        problems = [_DECODE_PROBLEM(item) for item in _list(row["problems"])]
        values = row["entry"]
        if values is None:
            return None, problems
        values = _list(values, len(_ENTRY_FIELDS))
        if values[_BODY] != "":
            raise RowInvalid("a row holds no body")
        packed, body_line = body()
        if values[_BODY_LINE] != body_line:
            raise RowInvalid("body does not match the file")
        values = [*values[:_BODY], packed, *values[_BODY + 1 :]]
        entry: Entry = _DECODE_ENTRY(values)
    except (ValueError, TypeError, KeyError) as error:
        raise RowInvalid(str(error)) from None
    return entry, problems


_PLAIN = frozenset({str, int, bool, type(None)})


def _encode(value: object) -> object:
    """JSON data for a model value: dataclasses and tuples as lists. Dispatched on the exact
    type, commonest first: a cold build encodes every entry (3.5 million values at 50k)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is tuple or kind is list:
        return [_encode(item) for item in value]  # type: ignore[attr-defined]
    names = _FIELD_NAMES.get(kind)
    if names is not None:
        return [_encode(getattr(value, name)) for name in names]
    if dataclasses.is_dataclass(kind):
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
        return _encode(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot cache {kind.__name__}")


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _encode_entry(entry: Entry) -> list[object]:
    """The entry's fields, its packed body as "" (left out: the file gives it back)."""
    values = [_encode(getattr(entry, name)) for name in _ENTRY_FIELDS[:_BODY]]
    values.append("")
    values.extend(_encode(getattr(entry, name)) for name in _ENTRY_FIELDS[_BODY + 1 :])
    return values


Decoder = Callable[[Any], Any]


def _decoder(hint: Any) -> Decoder:
    """A checking decoder for one type of the model, built once from its annotation. Plain
    closures over exact type checks: a warm build decodes every entry, so this is its hot loop."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        inner = [_decoder(arg) for arg in args if arg is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {hint}")
        (decode_inner,) = inner
        return lambda value: None if value is None else decode_inner(value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if args[0] is str:
            return _strings
        decode_item = _decoder(args[0])
        return lambda value: tuple([decode_item(item) for item in _list(value)])
    if origin is tuple and all(arg in (str, int) for arg in args):  # key lines, problem params
        return _plain_tuple(args)
    if origin is tuple:
        return _fixed(lambda *items: items, [_decoder(arg) for arg in args])
    if hint is str:
        return _str
    if hint is bytes:  # the packed body, put back from the file before decoding
        return _bytes
    if hint is int:
        return _int
    if hint is dt.date:
        return lambda value: dt.date.fromisoformat(_str(value))
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return _fixed(hint, [_decoder(hints[f.name]) for f in dataclasses.fields(hint)])
    raise TypeError(f"unsupported type {hint}")


def _fixed(make: Callable[..., Any], decoders: list[Decoder]) -> Decoder:
    """A list of exactly len(decoders) items, each decoded by its own, given to `make`."""
    count = len(decoders)

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise RowInvalid("wrong shape")
        return make(*[d(item) for d, item in zip(decoders, value, strict=True)])

    return decode


def _plain_tuple(kinds: tuple[type, ...]) -> Decoder:
    def decode(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or tuple(map(type, value)) != kinds:
            raise RowInvalid("wrong shape")
        return tuple(value)

    return decode


def _list(value: Any, length: int | None = None) -> list[Any]:
    if type(value) is not list or (length is not None and len(value) != length):
        raise RowInvalid("wrong shape")
    return value


def _bytes(value: Any) -> bytes:
    if type(value) is not bytes:
        raise RowInvalid("expected bytes")
    return value


def _strings(value: Any) -> tuple[str, ...]:
    if type(value) is not list or not all(type(item) is str for item in value):
        raise RowInvalid("expected a list of text")
    return tuple(value)


def _str(value: Any) -> str:
    if type(value) is not str:
        raise RowInvalid("expected text")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise RowInvalid("expected a number")
    return value


_DECODE_ENTRY = _decoder(Entry)
_DECODE_PROBLEM = _decoder(Problem)
_ENTRY_FIELDS = [f.name for f in dataclasses.fields(Entry)]
_BODY, _BODY_LINE = _ENTRY_FIELDS.index("packed_body"), _ENTRY_FIELDS.index("body_line")
