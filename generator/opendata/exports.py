"""Open data: the whole catalogue as JSON and CSV, each entry, the feeds; the release assets."""

from __future__ import annotations

import csv
import gzip
import io
import json
import posixpath
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from ..entries.catalogue import Catalogue
from ..labels import AGENCY_TYPE_LABELS, label
from ..model import Entry
from ..settings import OutputFile, SiteSettings
from ..urls import (
    CSV_EXPORT,
    CSV_GZ_EXPORT,
    DATA_PACKAGE,
    DCAT_CATALOGUE,
    DEFAULT_PATTERNS,
    FEED,
    FULL_JSON_EXPORT,
    JSON_EXPORT,
    REPLICATIONS_CSV,
    RESULT_ROWS,
    TABLE_SCHEMA,
    UrlPatterns,
)
from .datapackage import build_data_package, build_table_schema
from .dcat import build_dcat
from .feed import build_feed, build_term_feeds, last_updated
from .form import FORM_FILES_BY_PATH, Builder
from .licences import AREA_LICENCE, CONTENT_LICENCE

SCHEMA_VERSION = 1
JOIN = "; "
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")


Record = dict[str, Any]
FamilyBuilder = Callable[[Catalogue, SiteSettings], Iterable[OutputFile]]


def replicated_by_index(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """origin id -> ids of the entries replicating it, in one pass (not one scan per entry)."""
    index: dict[str, list[str]] = {}
    for entry in entries:
        if entry.replicates is not None:
            index.setdefault(entry.replicates, []).append(entry.id)
    return index


def iter_records(
    catalogue: Catalogue, patterns: UrlPatterns = DEFAULT_PATTERNS, *, with_body: bool = True
) -> Iterator[Record]:
    replicated_by = replicated_by_index(catalogue.entries)
    for entry in sorted(catalogue.entries, key=lambda e: e.id):  # already sorted; cheap to be sure
        yield entry_record(
            entry, catalogue, replicated_by.get(entry.id, ()), patterns, with_body=with_body
        )


def entry_record(
    entry: Entry,
    catalogue: Catalogue,
    replicated_by: Sequence[str],
    patterns: UrlPatterns = DEFAULT_PATTERNS,
    *,
    with_body: bool = True,
) -> Record:
    """One entry as plain JSON data: every field, with the vocabularies' names resolved; the
    Markdown body last, unless `with_body` is false (exports without it need not inflate it)."""
    vocab = catalogue.vocab
    province = vocab.provinces[entry.province]
    sectors = [vocab.sectors[s] for s in entry.sectors]
    goals = [vocab.goals[n] for n in entry.sdgs]
    record: Record = {
        "id": entry.id,
        "url": patterns.entry_url(entry.id),
        "source": entry.source_path,
        "province": {"slug": province.slug, "name": province.name, "code": province.code},
        "slug": entry.slug,
        "title": entry.title,
        "summary": entry.summary,
        "agency": {
            "name": entry.agency.name,
            "type": entry.agency.type,
            "type_name": label(AGENCY_TYPE_LABELS, entry.agency.type),
        },
        "regency": _regency(entry.regency, catalogue),
        "sectors": [{"slug": t.slug, "name": t.name, "name_en": t.name_en} for t in sectors],
        "sdgs": [
            {"number": g.number, "name": g.name, "name_en": g.name_en, "colour": g.colour}
            for g in goals
        ],
        "sdg_targets": list(entry.sdg_targets),
        "launched": entry.launched,
        "stage": entry.stage,
        "status": entry.status,
        "awards": [
            _award(a.program, a.level, catalogue) | {"year": a.year, "decree": a.decree}
            for a in entry.awards
        ],
        "replicates": _replicates(entry.replicates, catalogue, patterns),
        "replicated_by": sorted(replicated_by),
        "replications": [
            {
                "agency": r.agency,
                "province": {"slug": r.province, "name": _province_name(r.province, catalogue)},
                "regency": _regency(r.regency, catalogue),
                "year": r.year,
                "status": r.status,
                "note": r.note,
            }
            for r in entry.replications
        ],
        "legal_basis": list(entry.legal_basis),
        "links": [{"title": link.title, "url": link.url} for link in entry.links],
        "contact": (
            {"unit": entry.contact.unit, "email": entry.contact.email, "phone": entry.contact.phone}
            if entry.contact
            else None
        ),
        "tags": list(entry.tags),
        "updated": entry.updated.isoformat() if entry.updated else None,
        "translations": (
            {"en": {"title": entry.translation_en.title, "summary": entry.translation_en.summary}}
            if entry.translation_en
            else {}
        ),
        "redirect_from": list(entry.redirect_from),
    }
    if with_body:
        record["body"] = entry.body
    return record


def _regency(code: str | None, catalogue: Catalogue) -> dict[str, str] | None:
    if code is None:
        return None
    regency = catalogue.vocab.regencies.get(code)
    return {"code": code, "name": regency.name if regency else ""}


def _province_name(slug: str, catalogue: Catalogue) -> str:
    province = catalogue.vocab.provinces.get(slug)
    return province.name if province else ""


def _award(program: str, level: str, catalogue: Catalogue) -> dict[str, Any]:
    found = catalogue.vocab.awards.get(program)
    level_term = found.level(level) if found else None
    return {
        "program": program,
        "program_name": found.name if found else "",
        "level": level,
        "level_name": level_term.name if level_term else "",
    }


def _replicates(
    target: str | None, catalogue: Catalogue, patterns: UrlPatterns
) -> dict[str, str] | None:
    if target is None:
        return None
    origin = catalogue.by_id.get(target)  # may lie outside a hub's province scope
    url = patterns.entry_url(target)
    return {"id": target, "url": url, "title": origin.title if origin else ""}


Chunks = Iterator[bytes]
RECORDS_PER_CHUNK = 256  # entries per piece of a streamed export: few writes, little memory


def build_json(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`data/katalog.json`: every key but the Markdown body, which is most of the bytes; the
    body is in `katalog-lengkap.json.gz` and on each entry's page."""
    return b"".join(json_chunks(catalogue, settings))


def json_chunks(catalogue: Catalogue, settings: SiteSettings) -> Chunks:
    """`data/katalog.json` piece by piece."""
    return _json_chunks(catalogue, settings, with_body=False)


def build_full_json_gz(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`data/katalog-lengkap.json.gz`: the same with bodies, gzipped (mtime 0: same bytes)."""
    return b"".join(full_json_gz_chunks(catalogue, settings))


def full_json_gz_chunks(catalogue: Catalogue, settings: SiteSettings) -> Chunks:
    """`data/katalog-lengkap.json.gz` piece by piece."""
    # Level 1: six times faster than 9 for 20% more bytes; at 50k entries level 9 took ~15 s.
    return gzip_chunks(_json_chunks(catalogue, settings, with_body=True), level=1)


def gzip_chunks(chunks: Iterable[bytes], level: int) -> Chunks:
    """The gzip file of the joined `chunks`, compressed as they come: zlib's own gzip framing
    (mtime 0, no name), the bytes `gzip.compress(data, level, mtime=0)` gives for the whole."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, 31)  # wbits 31: gzip framing
    for chunk in chunks:
        if compressed := compressor.compress(chunk):
            yield compressed
    yield compressor.flush()


def _json_chunks(catalogue: Catalogue, settings: SiteSettings, with_body: bool) -> Chunks:
    """A `meta` block and one entry object per line (diff-friendly)."""
    meta = {
        "schema_version": SCHEMA_VERSION,
        "site_name": settings.site_name,
        "site_url": settings.site_url,
        "province_scope": list(catalogue.province_scope),
        "count": len(catalogue.entries),
        "updated": (d.isoformat() if (d := last_updated(catalogue.entries)) else None),
        "licence": {"content": CONTENT_LICENCE, "area_data": AREA_LICENCE},
        "urls": "relatif terhadap akar situs / relative to the site root",
    }
    yield f'{{"meta":{_dump(meta)},\n"entries":[\n'.encode()
    lines: list[str] = []
    separator = ""
    for record in iter_records(catalogue, settings.patterns, with_body=with_body):
        lines.append(separator + _dump(record))
        separator = ",\n"
        if len(lines) == RECORDS_PER_CHUNK:
            yield "".join(lines).encode()
            lines.clear()
    lines.append("\n]}\n")
    yield "".join(lines).encode()


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# Column -> value from the JSON record; the header is these snake_case keys (see docs/data.md).
CSV_COLUMNS: dict[str, Callable[[Record], object]] = {
    "id": lambda r: r["id"],
    "url": lambda r: r["url"],
    "title": lambda r: r["title"],
    "summary": lambda r: r["summary"],
    "agency_name": lambda r: r["agency"]["name"],
    "agency_type": lambda r: r["agency"]["type"],
    "province": lambda r: r["province"]["slug"],
    "province_name": lambda r: r["province"]["name"],
    "regency": lambda r: (r["regency"] or {}).get("code"),
    "regency_name": lambda r: (r["regency"] or {}).get("name"),
    "sectors": lambda r: [t["slug"] for t in r["sectors"]],
    "sector_names": lambda r: [t["name"] for t in r["sectors"]],
    "sdgs": lambda r: [g["number"] for g in r["sdgs"]],
    "sdg_names": lambda r: [g["name"] for g in r["sdgs"]],
    "sdg_targets": lambda r: r["sdg_targets"],
    "launched": lambda r: r["launched"],
    "stage": lambda r: r["stage"],
    "status": lambda r: r["status"],
    "awards": lambda r: [f"{a['program']} {a['year']} {a['level']}" for a in r["awards"]],
    "replicates": lambda r: (r["replicates"] or {}).get("id"),
    "replicated_by": lambda r: r["replicated_by"],
    "replications": lambda r: len(r["replications"]),
    "legal_basis": lambda r: r["legal_basis"],
    "links": lambda r: [link["url"] for link in r["links"]],
    "contact_unit": lambda r: (r["contact"] or {}).get("unit"),
    "contact_email": lambda r: (r["contact"] or {}).get("email"),
    "contact_phone": lambda r: (r["contact"] or {}).get("phone"),
    "tags": lambda r: r["tags"],
    "updated": lambda r: r["updated"],
    "title_en": lambda r: r["translations"].get("en", {}).get("title"),
    "summary_en": lambda r: r["translations"].get("en", {}).get("summary"),
    "redirect_from": lambda r: r["redirect_from"],
}
REPLICATION_COLUMNS = (
    "origin_id",
    "origin_title",
    "kind",
    "adopter",
    "adopter_id",
    "province",
    "province_name",
    "regency",
    "regency_name",
    "year",
    "status",
    "note",
)


def safe_cell(value: object) -> str:
    """A cell's text: lists joined with "; ", and a leading apostrophe that disarms formulas."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = JOIN.join(map(str, value))
    else:
        text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return b"".join(csv_chunks(header, rows))


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[object]], per_piece: int = RECORDS_PER_CHUNK
) -> Chunks:
    """A CSV file piece by piece: the header (after the byte order mark Excel needs to read
    UTF-8), then `per_piece` rows a piece. The bytes do not depend on `per_piece`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for number, row in enumerate(rows, 1):
        writer.writerow([safe_cell(cell) for cell in row])
        if number % per_piece == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if rest := buffer.getvalue():
        yield rest.encode("utf-8")


def build_csv(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`data/katalog.csv`: one row per entry, for spreadsheets."""
    return b"".join(catalogue_csv_chunks(catalogue, settings))


def catalogue_csv_chunks(catalogue: Catalogue, settings: SiteSettings) -> Chunks:
    """`data/katalog.csv` piece by piece."""
    return _csv_pieces(catalogue, settings, RECORDS_PER_CHUNK)


def _csv_pieces(catalogue: Catalogue, settings: SiteSettings, per_piece: int) -> Chunks:
    rows = (
        [column(r) for column in CSV_COLUMNS.values()]
        for r in iter_records(catalogue, settings.patterns, with_body=False)
    )
    return csv_chunks(list(CSV_COLUMNS), rows, per_piece)


def replication_rows(catalogue: Catalogue) -> list[list[object]]:
    """Who replicated what: entries that name their origin, and adopters listed by the origin."""
    rows: list[dict[str, object]] = []
    for entry in catalogue.entries:
        if entry.replicates is not None:
            rows.append(
                _replication(
                    catalogue,
                    entry.replicates,
                    "entry",
                    entry.agency.name,
                    entry.province,
                    entry.regency,
                    adopter_id=entry.id,
                    year=entry.launched,
                    status=entry.status,
                )
            )
        for rep in entry.replications:
            rows.append(
                _replication(
                    catalogue,
                    entry.id,
                    "adopter",
                    rep.agency,
                    rep.province,
                    rep.regency,
                    year=rep.year,
                    status=rep.status,
                    note=rep.note,
                )
            )
    table = [[row.get(column) for column in REPLICATION_COLUMNS] for row in rows]
    table.sort(key=lambda row: tuple("" if cell is None else str(cell) for cell in row))
    return table


def _replication(
    catalogue: Catalogue,
    origin_id: str,
    kind: str,
    adopter: str,
    province: str,
    regency: str | None,
    **cells: object,
) -> dict[str, object]:
    origin = catalogue.by_id.get(origin_id)  # may lie outside a hub's province scope
    return cells | {
        "origin_id": origin_id,
        "origin_title": origin.title if origin else "",
        "kind": kind,
        "adopter": adopter,
        "province": province,
        "province_name": _province_name(province, catalogue),
        "regency": regency,
        "regency_name": (_regency(regency, catalogue) or {}).get("name"),
    }


def build_replications_csv(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`data/replikasi.csv`: one row per replication link (kind `entry` or `adopter`)."""
    return _csv_bytes(REPLICATION_COLUMNS, replication_rows(catalogue))


def build_entry_json_files(catalogue: Catalogue, settings: SiteSettings) -> Iterator[OutputFile]:
    """The static per-entry API: each entry as in the full export (body included), beside its
    page, so a page's data is its URL plus `index.json`; only with `entry_json` (a file more an
    entry). Each file's bytes are made when it is written."""
    if not settings.entry_json:
        return
    replicated_by = replicated_by_index(catalogue.entries)
    for entry in sorted(catalogue.entries, key=lambda e: e.id):
        source = partial(
            _entry_json, entry, catalogue, replicated_by.get(entry.id, ()), settings.patterns
        )
        yield OutputFile(settings.patterns.entry_json_url(entry.id), source)


def _entry_json(
    entry: Entry, catalogue: Catalogue, replicated_by: Sequence[str], patterns: UrlPatterns
) -> Chunks:
    yield (_dump(entry_record(entry, catalogue, replicated_by, patterns)) + "\n").encode("utf-8")


ROWS_PER_RANGE = 32  # katalog.csv rows per gzip member of katalog.csv.gz
CSV_GZ_LEVEL = 6  # 9 gives 0.1% fewer bytes for 10% more time


def build_csv_gz(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    return b"".join(catalogue_csv_gz_chunks(catalogue, settings))


def catalogue_csv_gz_chunks(catalogue: Catalogue, settings: SiteSettings) -> Chunks:
    """`data/katalog.csv.gz`: katalog.csv as a gzip file of independent members, one for the
    header and one for every `ROWS_PER_RANGE` rows. `gunzip` (any gzip reader: a file may hold
    several members) gives katalog.csv byte for byte, and each member inflates on its own, so
    /cari/ fetches and inflates only the members that hold a result set's rows. A quarter of
    katalog.csv's size; it stays on the site when katalog.csv is a release asset."""
    for piece in _csv_pieces(catalogue, settings, ROWS_PER_RANGE):
        yield gzip.compress(piece, CSV_GZ_LEVEL, mtime=0)


def build_result_rows_index(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`cari/baris.json`, for the "Unduh hasil (CSV)" button of /cari/: where in `katalog.csv.gz`
    each member (`ROWS_PER_RANGE` rows of katalog.csv) ends, so the page fetches only the byte
    ranges holding a result set's rows (one HTTP Range request per run of them), inflates them
    and writes the rows as they are.

    Row n of katalog.csv is search document n: both follow the catalogue's order (by id). The
    offsets come from the same stream that writes katalog.csv.gz, so they cannot drift from it."""
    offsets: list[int] = []
    position = 0
    for member in catalogue_csv_gz_chunks(catalogue, settings):
        position += len(member)
        offsets.append(position)
    header = list(CSV_COLUMNS)
    index = {
        "csv": posixpath.relpath(CSV_GZ_EXPORT, posixpath.dirname(RESULT_ROWS)),
        "count": len(catalogue.entries),
        "rows": ROWS_PER_RANGE,
        "header": _csv_line(header),
        "offsets": offsets,  # [0]: the end of the header's member; [i + 1]: the end of member i
    }
    return _dump(index).encode("utf-8")


def _csv_line(cells: Sequence[str]) -> str:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL).writerow(cells)
    return buffer.getvalue()


EXPORTS_BY_PATH: dict[str, Builder] = {
    JSON_EXPORT: build_json,
    FULL_JSON_EXPORT: build_full_json_gz,
    CSV_EXPORT: build_csv,
    CSV_GZ_EXPORT: build_csv_gz,
    REPLICATIONS_CSV: build_replications_csv,
    TABLE_SCHEMA: build_table_schema,
    DATA_PACKAGE: build_data_package,
    DCAT_CATALOGUE: build_dcat,
    FEED: build_feed,
    **FORM_FILES_BY_PATH,
}
# The exports that grow with the catalogue, written piece by piece (same bytes as above).
STREAMS_BY_PATH: dict[str, Callable[[Catalogue, SiteSettings], Chunks]] = {
    JSON_EXPORT: json_chunks,
    FULL_JSON_EXPORT: full_json_gz_chunks,
    CSV_EXPORT: catalogue_csv_chunks,
    CSV_GZ_EXPORT: catalogue_csv_gz_chunks,
}
# Families of files: one per entry, per province, per facet term.
FAMILIES_BY_FORMAT: dict[str, tuple[FamilyBuilder, ...]] = {
    "json": (build_entry_json_files,),
    "atom": (build_term_feeds,),
}
PATHS_BY_FORMAT: dict[str, tuple[str, ...]] = {
    "json": (JSON_EXPORT, FULL_JSON_EXPORT),
    "csv": (CSV_EXPORT, CSV_GZ_EXPORT, REPLICATIONS_CSV),
    "atom": (FEED,),
    "form": tuple(FORM_FILES_BY_PATH),
    "package": (
        TABLE_SCHEMA,
        DATA_PACKAGE,
        DCAT_CATALOGUE,
    ),
    "all": tuple(EXPORTS_BY_PATH),
}


def build_release_files(catalogue: Catalogue, settings: SiteSettings) -> list[OutputFile]:
    """The exports the site leaves to its repository's release, as the release's assets (named
    after the files; the release is flat), streamed like the site's own; none when the site
    keeps them (no `repo_url`, or `release_exports: false`). The same bytes as `katalog export`
    and a site that keeps them."""
    return [
        OutputFile(posixpath.basename(path), partial(STREAMS_BY_PATH[path], catalogue, settings))
        for path in settings.released_paths
    ]


def build_export_files(
    catalogue: Catalogue, settings: SiteSettings, output_format: str = "all"
) -> list[OutputFile]:
    """The open-data files, the feeds and the contribution form's files ("all"), sorted by path.

    Same catalogue and settings, same bytes: nothing depends on the clock or on file order.
    """
    outputs = [
        OutputFile(
            path,
            partial(STREAMS_BY_PATH[path], catalogue, settings)
            if path in STREAMS_BY_PATH
            else EXPORTS_BY_PATH[path](catalogue, settings),
        )
        for path in PATHS_BY_FORMAT[output_format]
    ]
    for name, families in FAMILIES_BY_FORMAT.items():
        if output_format in (name, "all"):
            for family in families:
                outputs.extend(family(catalogue, settings))
    return sorted(outputs, key=lambda output: output.path)
