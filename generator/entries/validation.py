"""Raw entry x vocabularies -> entry or problems. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from ..model import (
    Agency,
    Award,
    Contact,
    Entry,
    Link,
    Problem,
    Replication,
    Severity,
    Translation,
    pack_body,
)
from .characters import character_problem, first_control, is_blank, visible_length
from .loading import RawEntry
from .nesting import find_too_deep
from .rules import (
    AGENCY_TYPES,
    ALL_KEYS,
    EMAIL_RE,
    FIRST_YEAR,
    GOALS,
    HEADING_RE,
    HTML_TAG_RE,
    ID_RE,
    MAX_BODY_DEPTH,
    MAX_LIST,
    MAX_SDG_TARGETS,
    MAX_SDGS,
    MAX_SECTORS,
    MAX_TAGS,
    NAME_LENGTH,
    OPTIONAL_KEYS,
    PHONE_RE,
    RECOMMENDED_SECTIONS,
    REGENCY_RE,
    REPLICATION_STATUSES,
    REQUIRED_KEYS,
    SDG_TARGET_RE,
    STAGES,
    STATUSES,
    SUMMARY_LENGTH,
    TAG_LENGTH,
    TEXT_LENGTH,
    TITLE_LENGTH,
    UPDATED_GRACE_DAYS,
    URL_RE,
    is_valid_slug,
)
from .vocabularies import Vocabularies
from .yamlnodes import YNode

T = TypeVar("T")

KINDS = {"bool": "boolean", "int": "number", "float": "number", "timestamp": "date", "null": "null"}


# Names contributors type in Indonesian for the format's English keys: difflib cannot guess these.
KEY_ALIASES: Mapping[str, str] = {
    "judul": "title",
    "nama": "name",
    "ringkasan": "summary",
    "instansi": "agency",
    "lembaga": "agency",
    "jenis": "type",
    "tipe": "type",
    "sektor": "sectors",
    "tpb": "sdgs",
    "sdg": "sdgs",
    "kabupaten": "regency",
    "kota": "regency",
    "tahun": "launched",
    "diluncurkan": "launched",
    "tahap": "stage",
    "penghargaan": "awards",
    "tautan": "links",
    "kontak": "contact",
    "label": "tags",
    "diperbarui": "updated",
    "terjemahan": "translations",
}
QUOTED_DIGITS_RE = re.compile(r"^\s*\d+\s*$")


def suggest(found: str, allowed: Sequence[str], aliases: Mapping[str, str] = KEY_ALIASES) -> str:
    """The valid name `found` most likely meant (difflib's nearest), or "" when none is close."""
    wanted = found.strip().lower()
    if aliases.get(wanted) in allowed:
        return aliases[wanted]
    if wanted in allowed and wanted != found:
        return wanted  # only the case or spaces were off
    close = difflib.get_close_matches(wanted, allowed, n=1, cutoff=0.6)
    return close[0] if close else ""


class _Checker:
    """Collects the problems of one file while reading typed values out of its YAML tree."""

    def __init__(self, path: str, vocab: Vocabularies, this_year: int, today: dt.date) -> None:
        self.path = path
        self.vocab = vocab
        self.this_year = this_year
        self.today = today
        self.problems: list[Problem] = []

    def error(self, line: int, key: str, code: str, **params: object) -> None:
        items = tuple((name, str(value)) for name, value in params.items())
        self.problems.append(Problem(self.path, line, key, code, items))

    def warn(self, line: int, key: str, code: str, **params: object) -> None:
        items = tuple((name, str(value)) for name, value in params.items())
        self.problems.append(Problem(self.path, line, key, code, items, Severity.WARNING))

    def wrong_type(self, node: YNode, key: str, expected: str) -> None:
        if node.plain and node.tag in KINDS and expected == "text":
            # YAML 1.1 reads `no`, `on`, 2020-01-01, 12:30 as non-strings: say how to keep the text
            self.error(node.line, key, "yaml-trap", found=node.raw, kind=KINDS[node.tag])
        else:
            found = {"seq": "[...]", "map": "{...}"}.get(node.tag, node.raw)
            self.error(node.line, key, f"type-{expected}", found=found or '""')

    def text(self, node: YNode, key: str, bounds: tuple[int, int] = TEXT_LENGTH) -> str | None:
        if node.tag != "str":
            self.wrong_type(node, key, "text")
            return None
        written = str(node.value)
        refused = character_problem(written)
        if refused is not None:
            self.error(node.line, key, refused[0], found=refused[1])
            return None
        value = " ".join(written.split())
        length = visible_length(value)
        if value and is_blank(value):
            self.error(node.line, key, "text-invisible")
            return None
        if not bounds[0] <= length <= bounds[1]:
            self.error(node.line, key, "length", low=bounds[0], high=bounds[1], found=length)
            return None
        return value

    def integer(
        self, node: YNode, key: str, low: int, high: int, quoted: str = "number-quoted"
    ) -> int | None:
        if node.tag == "str" and not node.plain and QUOTED_DIGITS_RE.match(str(node.value)):
            # "2019" is text to YAML: the quotes, not the number, are what to fix
            self.error(node.line, key, quoted, found=str(node.value).strip())
            return None
        if node.tag != "int":
            self.wrong_type(node, key, "integer")
            return None
        if not low <= node.value <= high:
            self.error(node.line, key, "range", low=low, high=high, found=node.value)
            return None
        return int(node.value)

    def year(self, node: YNode, key: str) -> int | None:
        return self.integer(node, key, FIRST_YEAR, self.this_year, quoted="year-quoted")

    def choice(self, node: YNode, key: str, allowed: Sequence[str], where: str = "") -> str | None:
        value = self.text(node, key)
        if value is None:
            return None
        if value not in allowed:
            self.error(
                node.line,
                key,
                "unknown-value",
                found=value,
                suggestion=suggest(value, allowed, {}),
                allowed=", ".join(allowed),
                where=where,
            )
            return None
        return value

    def mapping(
        self, node: YNode, key: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, YNode] | None:
        if node.tag != "map":
            self.wrong_type(node, key, "mapping")
            return None
        fields: dict[str, YNode] = node.value
        allowed = (*required, *optional)
        unknown = [name for name in fields if name not in allowed]
        # One index per mapping, not a scan per key: a file of 44,000 unknown keys stays linear.
        key_lines = dict(node.key_lines) if unknown else {}
        # Suggestions for a handful of typos; a flood of unknown keys is no typo to correct.
        candidates = [a for a in allowed if a not in fields] if len(unknown) <= 20 else []
        for name in unknown:
            self.error(
                key_lines.get(name, node.line),
                _join(key, name),
                "unknown-key",
                found=name,
                suggestion=suggest(name, candidates) if candidates else "",
                allowed=", ".join(allowed),
            )
        missing = [name for name in required if name not in fields]
        for name in missing:
            self.error(node.line, _join(key, name), "missing-key")
        return None if missing else fields

    def items(self, node: YNode, key: str, low: int, high: int) -> list[YNode] | None:
        if node.tag != "seq":
            self.wrong_type(node, key, "list")
            return None
        if not low <= len(node.value) <= high:
            self.error(node.line, key, "count", low=low, high=high, found=len(node.value))
            return None
        return list(node.value)

    def each(
        self, node: YNode, key: str, low: int, high: int, read: Callable[[YNode, str], T | None]
    ) -> tuple[T, ...] | None:
        """Read every item of a list; a duplicate is an error, a bad item drops only itself."""
        nodes = self.items(node, key, low, high)
        if nodes is None:
            return None
        values: list[T] = []
        for index, item in enumerate(nodes):
            value = read(item, f"{key}[{index}]")
            if value is None:
                continue
            if value in values:
                self.error(item.line, f"{key}[{index}]", "duplicate", found=value)
                continue
            values.append(value)
        return tuple(values)


def _join(parent: str, name: str) -> str:
    return f"{parent}.{name}" if parent else name


def validate_entry(
    raw: RawEntry, vocab: Vocabularies, this_year: int, today: dt.date
) -> tuple[Entry | None, list[Problem]]:
    """Check one raw entry against the format and the vocabularies; cross-file checks come later.

    `this_year` bounds years; `today` (the build's date) bounds `updated`.
    """
    check = _Checker(raw.path, vocab, this_year, today)
    check.problems.extend(raw.problems)
    if vocab.provinces.get(raw.province) is None and raw.province:
        check.error(
            1,
            "file",
            "province-folder",
            found=raw.province,
            suggestion=suggest(raw.province, list(vocab.provinces), {}),
            allowed=", ".join(vocab.provinces),
        )
    if raw.front is None:
        return None, check.problems
    fields = check.mapping(raw.front, "", REQUIRED_KEYS, OPTIONAL_KEYS) or {
        k: v for k, v in raw.front.value.items() if k in ALL_KEYS
    }
    values: dict[str, Any] = {}
    for key, node in fields.items():
        if key in ALL_KEYS:
            values[key] = _READERS[key](check, node, fields, raw)
    _check_body(check, raw)
    if any(p.is_error for p in check.problems) or any(
        values.get(key) is None for key in REQUIRED_KEYS
    ):
        return None, check.problems
    agency: Agency = values["agency"]
    translations: dict[str, Translation] = values.get("translations") or {}
    entry = Entry(
        id=f"{raw.province}/{raw.slug}",
        province=raw.province,
        slug=raw.slug,
        source_path=raw.source,
        title=values["title"],
        summary=values["summary"],
        agency=agency,
        sectors=values["sectors"],
        sdgs=values["sdgs"],
        packed_body=pack_body(raw.body),
        body_line=raw.body_line,
        regency=values.get("regency"),
        sdg_targets=values.get("sdg_targets") or (),
        launched=values.get("launched"),
        stage=values.get("stage"),
        status=values.get("status"),
        awards=values.get("awards") or (),
        replicates=values.get("replicates"),
        replications=values.get("replications") or (),
        legal_basis=values.get("legal_basis") or (),
        links=values.get("links") or (),
        contact=values.get("contact"),
        tags=values.get("tags") or (),
        updated=values.get("updated"),
        translation_en=translations.get("en"),
        redirect_from=values.get("redirect_from") or (),
        key_lines=raw.front.key_lines,
        redirect_lines=_item_lines(fields.get("redirect_from")),
    )
    return entry, check.problems


def _item_lines(node: YNode | None) -> tuple[int, ...]:
    # Only read for a valid entry, whose list items are all kept, so the lines match the values.
    return tuple(item.line for item in node.value) if node is not None else ()


Reader = Callable[[_Checker, YNode, dict[str, YNode], RawEntry], Any]


def _read_title(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    return check.text(node, "title", TITLE_LENGTH)


def _read_summary(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    summary = check.text(node, "summary", SUMMARY_LENGTH)
    if summary is not None and HTML_TAG_RE.search(summary):
        check.error(node.line, "summary", "summary-html")
        return None
    return summary


def _read_agency(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    fields = check.mapping(node, "agency", ("name", "type"))
    if fields is None:
        return None
    name = check.text(fields["name"], "agency.name", NAME_LENGTH)
    kind = check.choice(fields["type"], "agency.type", AGENCY_TYPES)
    return Agency(name, kind) if name and kind else None


def _regency_in(check: _Checker, node: YNode, key: str, province: str) -> str | None:
    code = check.text(node, key)
    if code is None:
        return None
    if not REGENCY_RE.match(code):
        check.error(node.line, key, "regency-format", found=code)
        return None
    regency = check.vocab.regencies.get(code)
    if regency is None:
        check.error(node.line, key, "regency-unknown", found=code)
        return None
    owner = check.vocab.provinces.get(province)
    if owner is not None and regency.province_code != owner.code:
        examples = ", ".join(f"{r.code} {r.name}" for r in check.vocab.regencies_of(province)[:4])
        check.error(
            node.line,
            key,
            "regency-province",
            found=f"{code} ({regency.name})",
            province=province,
            examples=examples or "-",
        )
        return None
    return code


def _read_regency(check: _Checker, node: YNode, _: dict[str, YNode], raw: RawEntry) -> Any:
    return _regency_in(check, node, "regency", raw.province)


def _read_sector(check: _Checker, node: YNode, key: str) -> str | None:
    return check.choice(node, key, list(check.vocab.sectors), check.vocab.sectors_path)


def _read_sectors(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    return check.each(node, "sectors", 1, MAX_SECTORS, lambda n, k: _read_sector(check, n, k))


def _read_goal(check: _Checker, node: YNode, key: str) -> int | None:
    return check.integer(node, key, *GOALS)


def _read_sdgs(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    return check.each(node, "sdgs", 1, MAX_SDGS, lambda n, k: _read_goal(check, n, k))


def _read_sdg_targets(check: _Checker, node: YNode, fields: dict[str, YNode], _: RawEntry) -> Any:
    goals_node = fields.get("sdgs")
    goals = (
        {n.value for n in goals_node.value if n.tag == "int"}
        if goals_node and goals_node.tag == "seq"
        else set()
    )

    def read(item: YNode, key: str) -> str | None:
        if item.tag == "float" and item.plain:
            check.error(item.line, key, "yaml-trap", found=item.raw, kind="number")
            return None
        target = check.text(item, key)
        if target is None:
            return None
        match = SDG_TARGET_RE.match(target)
        if match is None:
            check.error(item.line, key, "sdg-target-format", found=target)
            return None
        if int(match.group(1)) not in goals:
            # a mistyped goal ("13.8" for 3.8) is likelier than a missing one when one is close
            same_target = [f"{goal}.{match.group(2)}" for goal in sorted(goals)]
            check.error(
                item.line,
                key,
                "sdg-target-goal",
                found=target,
                goal=match.group(1),
                suggestion=suggest(target, same_target, {}),
            )
            return None
        return target

    return check.each(node, "sdg_targets", 1, MAX_SDG_TARGETS, read)


def _read_launched(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    return check.year(node, "launched")


def _read_stage(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    return check.choice(node, "stage", STAGES)


def _read_status(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    return check.choice(node, "status", STATUSES)


def _read_awards(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    def read(item: YNode, key: str) -> Award | None:
        fields = check.mapping(item, key, ("program", "year", "level"), ("decree",))
        if fields is None:
            return None
        where = check.vocab.awards_path
        program = check.choice(fields["program"], f"{key}.program", list(check.vocab.awards), where)
        year = check.year(fields["year"], f"{key}.year")
        level = None
        if program is not None:
            levels = [lvl.slug for lvl in check.vocab.awards[program].levels]
            level = check.choice(fields["level"], f"{key}.level", levels, where)
        decree = check.text(fields["decree"], f"{key}.decree") if "decree" in fields else ""
        if program and year and level and decree is not None:
            return Award(program, year, level, decree)
        return None

    return check.each(node, "awards", 1, MAX_LIST, read)


def _read_replicates(check: _Checker, node: YNode, _: dict[str, YNode], raw: RawEntry) -> Any:
    target = check.text(node, "replicates")
    if target is None:
        return None
    if not ID_RE.match(target):
        check.error(node.line, "replicates", "id-format", found=target)
        return None
    if target == f"{raw.province}/{raw.slug}":
        check.error(node.line, "replicates", "replicates-self")
        return None
    return target  # that it exists is checked once the whole catalogue is read


def _read_replications(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    def read(item: YNode, key: str) -> Replication | None:
        fields = check.mapping(
            item, key, ("agency", "province", "year"), ("regency", "status", "note")
        )
        if fields is None:
            return None
        agency = check.text(fields["agency"], f"{key}.agency", NAME_LENGTH)
        province = check.choice(
            fields["province"], f"{key}.province", list(check.vocab.provinces), "daftar provinsi"
        )
        year = check.year(fields["year"], f"{key}.year")
        regency = None
        if "regency" in fields and province is not None:
            regency = _regency_in(check, fields["regency"], f"{key}.regency", province)
            if regency is None:
                return None
        status = (
            check.choice(fields["status"], f"{key}.status", REPLICATION_STATUSES)
            if "status" in fields
            else None
        )
        note = check.text(fields["note"], f"{key}.note") if "note" in fields else ""
        if not (agency and province and year) or note is None:
            return None
        if "status" in fields and status is None:
            return None
        return Replication(agency, province, year, regency, status, note)

    return check.each(node, "replications", 1, MAX_LIST, read)


def _read_text_list(key: str, high: int, bounds: tuple[int, int] = TEXT_LENGTH) -> Reader:
    def reader(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
        return check.each(node, key, 1, high, lambda n, k: check.text(n, k, bounds))

    return reader


def _read_links(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    def read(item: YNode, key: str) -> Link | None:
        fields = check.mapping(item, key, ("title", "url"))
        if fields is None:
            return None
        title = check.text(fields["title"], f"{key}.title")
        url = check.text(fields["url"], f"{key}.url")
        if url is not None and not URL_RE.match(url):
            check.error(fields["url"].line, f"{key}.url", "url-https", found=url)
            return None
        return Link(title, url) if title and url else None

    return check.each(node, "links", 1, MAX_LIST, read)


def _read_contact(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    fields = check.mapping(node, "contact", ("unit",), ("email", "phone"))
    if fields is None:
        return None
    unit = check.text(fields["unit"], "contact.unit", NAME_LENGTH)
    email = check.text(fields["email"], "contact.email") if "email" in fields else ""
    if email and not EMAIL_RE.match(email):
        check.error(fields["email"].line, "contact.email", "email-format", found=email)
        email = None
    phone = check.text(fields["phone"], "contact.phone") if "phone" in fields else ""
    if phone and not PHONE_RE.match(phone):
        check.error(fields["phone"].line, "contact.phone", "phone-format", found=phone)
        phone = None
    if unit is None or email is None or phone is None:
        return None
    return Contact(unit, email, phone)


def _read_updated(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    date = _as_date(node)
    if date is None:
        check.error(node.line, "updated", "date-format", found=node.raw or node.tag)
        return None
    latest = check.today + dt.timedelta(days=UPDATED_GRACE_DAYS)
    if date > latest:
        # A future date would pin the entry to the top of "recently reviewed" and of the feed.
        check.error(node.line, "updated", "updated-future", found=date)
        return None
    return date


def _as_date(node: YNode) -> dt.date | None:
    if node.tag == "timestamp" and type(node.value) is dt.date:
        return node.value
    if node.tag == "str" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(node.value)):
        try:
            return dt.date.fromisoformat(str(node.value))
        except ValueError:  # e.g. 2024-02-31
            return None
    return None


def _read_translations(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    fields = check.mapping(node, "translations", (), ("en",))
    if fields is None or "en" not in fields:
        return None
    english = check.mapping(fields["en"], "translations.en", ("title", "summary"))
    if english is None:
        return None
    title = check.text(english["title"], "translations.en.title", TITLE_LENGTH)
    summary = check.text(english["summary"], "translations.en.summary", SUMMARY_LENGTH)
    return {"en": Translation(title, summary)} if title and summary else None


def _read_redirect_from(check: _Checker, node: YNode, _: dict[str, YNode], __: RawEntry) -> Any:
    def read(item: YNode, key: str) -> str | None:
        former = check.text(item, key)
        if former is not None and not (ID_RE.match(former) and is_valid_slug(former.split("/")[1])):
            check.error(item.line, key, "id-format", found=former)
            return None
        return former

    return check.each(node, "redirect_from", 1, MAX_LIST, read)


_READERS: dict[str, Reader] = {
    "title": _read_title,
    "summary": _read_summary,
    "agency": _read_agency,
    "regency": _read_regency,
    "sectors": _read_sectors,
    "sdgs": _read_sdgs,
    "sdg_targets": _read_sdg_targets,
    "launched": _read_launched,
    "stage": _read_stage,
    "status": _read_status,
    "awards": _read_awards,
    "replicates": _read_replicates,
    "replications": _read_replications,
    "legal_basis": _read_text_list("legal_basis", MAX_LIST),
    "links": _read_links,
    "contact": _read_contact,
    "tags": _read_text_list("tags", MAX_TAGS, TAG_LENGTH),
    "updated": _read_updated,
    "translations": _read_translations,
    "redirect_from": _read_redirect_from,
}


def _check_body(check: _Checker, raw: RawEntry) -> None:
    """Control characters and deep nesting are errors; missing, misordered or empty recommended
    sections are warnings: a short entry still publishes, an untouched scaffold fails --strict."""
    control = first_control(raw.body)
    if control is not None:
        check.error(raw.body_line + control[0], "body", "text-control", found=control[1])
    too_deep = find_too_deep(raw.body, MAX_BODY_DEPTH)
    if too_deep is not None:
        check.error(
            raw.body_line + too_deep.line,
            "body",
            f"body-too-deep-{too_deep.kind}",
            found=too_deep.depth,
            limit=MAX_BODY_DEPTH,
        )
    found = [heading.strip() for heading in HEADING_RE.findall(raw.body)]
    present = [name for name in RECOMMENDED_SECTIONS if name in found]
    missing = [name for name in RECOMMENDED_SECTIONS if name not in found]
    if missing:
        check.warn(raw.body_line, "body", "section-missing", missing=", ".join(missing))
    order = [found.index(name) for name in present]
    if order != sorted(order):
        check.warn(raw.body_line, "body", "section-order", expected=", ".join(RECOMMENDED_SECTIONS))
    for name, line in _empty_sections(raw.body, raw.body_line):
        if name in RECOMMENDED_SECTIONS:
            check.warn(line, "body", "section-empty", section=name)


_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_SECTION_END_RE = re.compile(r"^#{1,2}\s")  # the next section; a ### inside is content


def _empty_sections(body: str, first_line: int) -> list[tuple[str, int]]:
    """`## ` headings with nothing but blank lines and HTML comments before the next heading."""
    lines = body.split("\n")
    empty = []
    for index, line in enumerate(lines):
        match = HEADING_RE.match(line)
        if match is None:
            continue
        end = next(
            (i for i in range(index + 1, len(lines)) if _SECTION_END_RE.match(lines[i])),
            len(lines),
        )
        text = _COMMENT_RE.sub("", "\n".join(lines[index + 1 : end]))
        if not text.strip():
            empty.append((match.group(1).strip(), first_line + index))
    return empty
