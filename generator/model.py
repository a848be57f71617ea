"""The catalogue's domain objects: frozen dataclasses with no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from operator import attrgetter

import lz4.block  # type: ignore[import-untyped]


def pack_body(text: str) -> bytes:
    """An entry's Markdown body as an Entry holds it (`Entry.packed_body`): most of a build's
    memory is bodies otherwise. LZ4, not zlib: a synthetic body of 3.7 KB packs in 10 µs and
    unpacks in 2 µs (zlib's fastest level: 70 and 15 µs, each body unpacked twice a build), to
    57% of its size where zlib gets 40% (about 30 MB more at 50,000 entries)."""
    return bytes(lz4.block.compress(text.encode("utf-8", "surrogatepass"), store_size=True))


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with one file, at one line; `code` selects the message template."""

    path: str
    line: int
    key: str
    code: str
    params: tuple[tuple[str, str], ...] = ()
    severity: Severity = field(default=Severity.ERROR, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass(frozen=True, slots=True)
class Term:
    """One value of a controlled vocabulary (a sector, an award level, ...)."""

    slug: str
    name: str
    name_en: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class AwardProgram:
    slug: str
    name: str
    name_en: str
    organiser: str
    levels: tuple[Term, ...]
    description: str = ""

    def level(self, slug: str) -> Term | None:
        return next((lvl for lvl in self.levels if lvl.slug == slug), None)


@dataclass(frozen=True, slots=True)
class HubJipp:
    decree: str
    year: int | None = None
    source: str = ""
    existed_by: int | None = None  # the year by which a source says the hub had been formed
    existed_by_source: str = ""


@dataclass(frozen=True, slots=True)
class Province:
    slug: str
    name: str
    code: str | None  # None only for `nasional`
    hub_jipp: HubJipp | None = None
    name_en: str = ""  # the English name, for English pages


@dataclass(frozen=True, slots=True)
class Regency:
    code: str  # Kemendagri dotted code, "32.75"
    province_code: str
    name: str


@dataclass(frozen=True, slots=True)
class Goal:
    number: int
    name: str
    name_en: str
    colour: str


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Award:
    program: str
    year: int
    level: str
    decree: str = ""


@dataclass(frozen=True, slots=True)
class Replication:
    """An adopter that has no catalogue entry of its own."""

    agency: str
    province: str
    year: int
    regency: str | None = None
    status: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Contact:
    unit: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Translation:
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One innovation, as validated from `content/innovations/<province>/<slug>.md`."""

    id: str
    province: str
    slug: str
    source_path: str  # the repository path, `content/innovations/<id>.md` (loading.repository_path)
    title: str
    summary: str
    agency: Agency
    sectors: tuple[str, ...]
    sdgs: tuple[int, ...]
    # The body as pack_body gives it, 40% of its size: the build holds every entry, and the forked
    # page writer ends up with a copy of each (docs/benchmarks.md, Memory). Read it as `body`.
    packed_body: bytes
    body_line: int
    regency: str | None = None
    sdg_targets: tuple[str, ...] = ()
    launched: int | None = None
    stage: str | None = None  # None: the file does not say; never a guessed default
    status: str | None = None
    awards: tuple[Award, ...] = ()
    replicates: str | None = None
    replications: tuple[Replication, ...] = ()
    legal_basis: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    contact: Contact | None = None
    tags: tuple[str, ...] = ()
    updated: dt.date | None = None
    translation_en: Translation | None = None
    redirect_from: tuple[str, ...] = ()
    # where each top-level key stands, so whole-catalogue checks can still point at a line
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False, repr=False)
    # the line of each redirect_from item (same order), for the checks across entries
    redirect_lines: tuple[int, ...] = field(default=(), compare=False, repr=False)

    @property
    def body(self) -> str:
        """The Markdown after the front matter, as written."""
        return bytes(lz4.block.decompress(self.packed_body)).decode("utf-8", "surrogatepass")


def _state_by_position(cls: type) -> None:
    """Pickle `cls` as the tuple of its field values, read and set by position. The methods
    dataclasses give a frozen class with slots look its fields up again for every object, about
    150,000 of them in the catalogue snapshot of 50,000 entries: loading it took 0.80-1.15 s
    with those, 0.70-0.74 s with these, and saving 1.30-1.59 s against 1.21-1.26 s (two rounds
    each, pickle.loads and pickle.dumps alone)."""
    names = tuple(f.name for f in fields(cls))
    if len(names) < 2:
        raise TypeError(f"{cls.__name__}: attrgetter of one name gives a value, not a tuple")
    read = attrgetter(*names)
    place = object.__setattr__  # frozen: the class's own __setattr__ refuses

    def __getstate__(self: object) -> tuple[object, ...]:
        return read(self)

    def __setstate__(self: object, state: Sequence[object]) -> None:
        for name, value in zip(names, state, strict=True):
            place(self, name, value)

    # setattr: the class is made already, and mypy refuses assigning to a method
    setattr(cls, "__getstate__", __getstate__)  # noqa: B010
    setattr(cls, "__setstate__", __setstate__)  # noqa: B010


# The classes of the model: the snapshot holds many of each.
for _cls in (
    Problem, Term, AwardProgram, HubJipp, Province, Regency, Goal, Agency, Award, Replication,
    Link, Contact, Translation, Entry,
):  # fmt: skip
    _state_by_position(_cls)
