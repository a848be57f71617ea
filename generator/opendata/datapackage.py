"""The Frictionless Data Package (v2) that describes every CSV: types, enums, keys, licences."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from typing import Any

from ..entries.catalogue import Catalogue
from ..entries.rules import (
    AGENCY_TYPES,
    FIRST_YEAR,
    REGENCY_RE,
    REPLICATION_STATUSES,
    STAGES,
    STATUSES,
)
from ..settings import SiteSettings
from ..urls import CSV_GZ_EXPORT, DATA_PACKAGE, REPLICATIONS_CSV, UrlPatterns, absolute
from .licences import AREA_LICENCE, CONTENT_LICENCE

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
PACKAGE_NAME = "katalog-inovasi-pelayanan-publik"
JOIN_NOTE = "Beberapa nilai digabung dengan '; '."
# Licences by SPDX id, as the Data Package spec recommends for `name`.
LICENCES = (
    {"name": "CC-BY-4.0", "path": CONTENT_LICENCE["url"], "title": CONTENT_LICENCE["note"]},
    {"name": "ODbL-1.0", "path": AREA_LICENCE["url"], "title": AREA_LICENCE["note"]},
)


def _enum(values: Sequence[str]) -> dict[str, Any]:
    return {"enum": list(values)}


def _joined(values: Sequence[str]) -> dict[str, Any]:
    """A `; `-joined list of vocabulary values, as a pattern (Table Schema enums are scalar)."""
    one = "(?:" + "|".join(_regex_escape(v) for v in values) + ")"
    return {"pattern": f"{one}(?:; {one})*"}


def _regex_escape(value: str) -> str:
    # XML Schema regular expressions (Table Schema's dialect) escape a smaller set than Python.
    return "".join("\\" + ch if ch in ".\\?*+{}()[]|^$-" else ch for ch in value)


def catalogue_fields(catalogue: Catalogue) -> list[dict[str, Any]]:
    """One field per column of `katalog.csv` (the same order), typed and constrained."""
    vocab = catalogue.vocab
    provinces = sorted(vocab.provinces)
    sectors = sorted(vocab.sectors)
    goals = [str(n) for n in sorted(vocab.goals)]
    regency = {"pattern": REGENCY_RE.pattern.strip("^$")}  # Table Schema patterns are anchored
    year = {"minimum": FIRST_YEAR}
    specs: dict[str, tuple[str, str, dict[str, Any]]] = {
        "id": ("string", "Id tetap entri: <provinsi>/<slug>.", {"required": True, "unique": True}),
        "url": ("string", "Alamat halaman entri, relatif terhadap akar situs.", {}),
        "title": ("string", "Judul inovasi.", {"required": True}),
        "summary": ("string", "Ringkasan.", {"required": True}),
        "agency_name": ("string", "Nama instansi.", {"required": True}),
        "agency_type": ("string", "Jenis instansi.", _enum(AGENCY_TYPES)),
        "province": ("string", "Slug provinsi.", _enum(provinces) | {"required": True}),
        "province_name": ("string", "Nama provinsi (idn-area-data, ODbL).", {}),
        "regency": ("string", "Kode kabupaten/kota Kemendagri (idn-area-data, ODbL).", regency),
        "regency_name": ("string", "Nama kabupaten/kota (idn-area-data, ODbL).", {}),
        "sectors": ("string", "Slug sektor. " + JOIN_NOTE, _joined(sectors)),
        "sector_names": ("string", "Nama sektor. " + JOIN_NOTE, {}),
        "sdgs": ("string", "Nomor tujuan TPB/SDG. " + JOIN_NOTE, _joined(goals)),
        "sdg_names": ("string", "Nama tujuan TPB/SDG. " + JOIN_NOTE, {}),
        "sdg_targets": ("string", "Target TPB/SDG, mis. 16.9. " + JOIN_NOTE, {}),
        "launched": ("integer", "Tahun peluncuran.", year),
        "stage": ("string", "Tahap inovasi.", _enum(STAGES)),
        "status": ("string", "Status inovasi.", _enum(STATUSES)),
        "awards": ("string", "Penghargaan: 'program tahun tingkat'. " + JOIN_NOTE, {}),
        "replicates": ("string", "Id entri yang direplikasi.", {}),
        "replicated_by": ("string", "Id entri yang mereplikasi. " + JOIN_NOTE, {}),
        "replications": ("integer", "Jumlah pereplikasi tanpa entri sendiri.", {"minimum": 0}),
        "legal_basis": ("string", "Payung hukum. " + JOIN_NOTE, {}),
        "links": ("string", "Alamat tautan. " + JOIN_NOTE, {}),
        "contact_unit": ("string", "Unit kontak.", {}),
        "contact_email": ("string", "Surel kontak.", {}),
        "contact_phone": ("string", "Telepon kontak (diawali ' agar tidak dibaca rumus).", {}),
        "tags": ("string", "Kata kunci. " + JOIN_NOTE, {}),
        "updated": ("date", "Tanggal terakhir ditinjau.", {}),
        "title_en": ("string", "Judul dalam bahasa Inggris.", {}),
        "summary_en": ("string", "Ringkasan dalam bahasa Inggris.", {}),
        "redirect_from": ("string", "Alamat lama entri. " + JOIN_NOTE, {}),
    }
    from .exports import CSV_COLUMNS  # the CSV's own column list: the schema follows it

    return [_field(name, *specs[name]) for name in CSV_COLUMNS]


def _field(name: str, kind: str, description: str, constraints: dict[str, Any]) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def replication_fields(catalogue: Catalogue) -> list[dict[str, Any]]:
    from .exports import REPLICATION_COLUMNS

    provinces = sorted(catalogue.vocab.provinces)
    kinds = _enum(("entry", "adopter"))
    specs: dict[str, tuple[str, str, dict[str, Any]]] = {
        "origin_id": ("string", "Id entri asal.", {"required": True}),
        "origin_title": ("string", "Judul entri asal.", {}),
        "kind": ("string", "entry: pereplikasi punya entri; adopter: tanpa entri.", kinds),
        "adopter": ("string", "Instansi pereplikasi.", {"required": True}),
        "adopter_id": ("string", "Id entri pereplikasi (kind = entry).", {}),
        "province": ("string", "Slug provinsi pereplikasi.", _enum(provinces)),
        "province_name": ("string", "Nama provinsi (idn-area-data, ODbL).", {}),
        "regency": ("string", "Kode kabupaten/kota Kemendagri.", {}),
        "regency_name": ("string", "Nama kabupaten/kota (idn-area-data, ODbL).", {}),
        "year": ("integer", "Tahun replikasi.", {}),
        "status": (
            "string",
            "Status replikasi atau status entri pereplikasi.",
            _enum(tuple(dict.fromkeys((*REPLICATION_STATUSES, *STATUSES)))),
        ),
        "note": ("string", "Catatan.", {}),
    }
    return [_field(name, *specs[name]) for name in REPLICATION_COLUMNS]


def table_schema(catalogue: Catalogue) -> dict[str, Any]:
    """The schema of `katalog.csv`, also published on its own (`katalog.schema.json`)."""
    return {
        "$schema": SCHEMA_PROFILE,
        "fields": catalogue_fields(catalogue),
        "primaryKey": ["id"],
        "missingValues": [""],
    }


def build_table_schema(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    return _json(table_schema(catalogue))


def _relative(path: str, patterns: UrlPatterns) -> str:
    """`path` as the package names it: relative to the descriptor's folder, as v2 requires."""
    return posixpath.relpath(path, posixpath.dirname(DATA_PACKAGE))


def build_data_package(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`data/datapackage.json`: every CSV of the site as a typed, keyed table resource."""
    patterns = settings.patterns
    whole = table_schema(catalogue)
    # Foreign keys hold on the national catalogue; a hub publishes a part, whose entries may
    # replicate (or be replicated by) entries it does not publish.
    if not settings.province_scope:
        whole["foreignKeys"] = [
            {"fields": ["replicates"], "reference": {"resource": "", "fields": ["id"]}}
        ]
    replications: dict[str, Any] = {
        "$schema": SCHEMA_PROFILE,
        "fields": replication_fields(catalogue),
        "missingValues": [""],
    }
    if not settings.province_scope:
        replications["foreignKeys"] = [
            {"fields": ["origin_id"], "reference": {"resource": "katalog", "fields": ["id"]}}
        ]
    resources = [
        # katalog.csv.gz, not katalog.csv: the site always holds it (katalog.csv may be a
        # release asset), and readers of Data Packages inflate a path ending in .gz.
        _csv_resource("katalog", "Seluruh katalog", CSV_GZ_EXPORT, patterns, whole),
        _csv_resource(
            "replikasi",
            "Replikasi: siapa mereplikasi apa",
            REPLICATIONS_CSV,
            patterns,
            replications,
        ),
    ]
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": PACKAGE_NAME,
        "title": settings.site_name,
        "description": (
            "Katalog terbuka inovasi pelayanan publik Indonesia: satu baris per inovasi, "
            "dengan instansi, wilayah (kode Kemendagri), sektor, TPB/SDG, penghargaan dan "
            "replikasinya."
        ),
        "homepage": absolute(settings.site_url, "") or "../",
        "version": "1.0.0",
        "keywords": ["inovasi", "pelayanan publik", "Indonesia", "SDG", "replikasi"],
        "licenses": list(LICENCES),
        "sources": [
            {"title": "Berkas entri katalog (kontributor instansi)", "path": "../"},
            {
                "title": "idn-area-data (kode dan nama wilayah, ODbL 1.0)",
                "path": AREA_LICENCE["source"],
            },
        ],
        "resources": resources,
    }
    return _json(package)


def _csv_resource(
    name: str, title: str, path: str, patterns: UrlPatterns, schema: dict[str, Any] | str
) -> dict[str, Any]:
    return {
        "$schema": RESOURCE_PROFILE,
        "name": name,
        "type": "table",
        "title": title,
        "path": _relative(path, patterns),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {
            "$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
            "delimiter": ",",
            "lineTerminator": "\r\n",
            "header": True,
        },
        "licenses": list(LICENCES),
        "schema": schema,
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
