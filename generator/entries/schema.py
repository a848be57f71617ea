"""The front matter's JSON Schema, built from the format's rules and vocabularies."""

from __future__ import annotations

import json
import re
from typing import Any

from .rules import (
    AGENCY_TYPES,
    EMAIL_RE,
    FIRST_YEAR,
    GOALS,
    ID_RE,
    MAX_LIST,
    MAX_SDG_TARGETS,
    MAX_SDGS,
    MAX_SECTORS,
    MAX_TAGS,
    NAME_LENGTH,
    PHONE_RE,
    REPLICATION_STATUSES,
    REQUIRED_KEYS,
    SDG_TARGET_RE,
    STAGES,
    STATUSES,
    SUMMARY_LENGTH,
    TAG_LENGTH,
    TEXT_LENGTH,
    TITLE_LENGTH,
    URL_RE,
)
from .vocabularies import Vocabularies

SCHEMA_ID = "https://katalog-inovasi.example/schema/entry.schema.json"
# The schema cannot know today's year; the validator also refuses years after the current one.
LAST_YEAR_HINT = 2100


def _text(bounds: tuple[int, int] = TEXT_LENGTH, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "minLength": bounds[0], "maxLength": bounds[1], **extra}


def _pattern(regex: re.Pattern[str], **extra: Any) -> dict[str, Any]:
    return {"type": "string", "pattern": regex.pattern, **extra}


def _year() -> dict[str, Any]:
    return {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR_HINT}


def _object(properties: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": properties,
    }


def _list(items: dict[str, Any], low: int = 1, high: int = MAX_LIST) -> dict[str, Any]:
    return {"type": "array", "minItems": low, "maxItems": high, "uniqueItems": True, "items": items}


def build_schema(vocab: Vocabularies) -> dict[str, Any]:
    """Draft 2020-12 schema an editor (VS Code's YAML extension) uses to complete and flag keys."""
    regency_codes = sorted(vocab.regencies)
    award_levels = sorted({lvl.slug for p in vocab.awards.values() for lvl in p.levels})
    properties: dict[str, Any] = {
        "title": _text(TITLE_LENGTH, description="Nama inovasi sebagaimana ditulis instansinya."),
        "summary": _text(SUMMARY_LENGTH, description="Teks polos, satu atau dua kalimat."),
        "agency": _object(
            {"name": _text(NAME_LENGTH), "type": {"enum": list(AGENCY_TYPES)}}, ("name", "type")
        ),
        "regency": {"enum": regency_codes, "description": 'Kode Kemendagri, mis. "32.75".'},
        "sectors": _list({"enum": list(vocab.sectors)}, 1, MAX_SECTORS),
        "sdgs": _list({"type": "integer", "minimum": GOALS[0], "maximum": GOALS[1]}, 1, MAX_SDGS),
        "sdg_targets": _list(_pattern(SDG_TARGET_RE), 1, MAX_SDG_TARGETS),
        "launched": _year(),
        "stage": {
            "enum": list(STAGES),
            "description": "Tahap, hanya bila sumber menyatakannya; tanpa nilai bawaan.",
        },
        "status": {
            "enum": list(STATUSES),
            "description": "Status, hanya bila sumber menyatakannya; tanpa nilai bawaan.",
        },
        "awards": _list(
            _object(
                {
                    "program": {"enum": list(vocab.awards)},
                    "year": _year(),
                    "level": {"enum": award_levels},
                    "decree": _text(),
                },
                ("program", "year", "level"),
            )
        ),
        "replicates": _pattern(ID_RE),
        "replications": _list(
            _object(
                {
                    "agency": _text(NAME_LENGTH),
                    "province": {"enum": list(vocab.provinces)},
                    "regency": {"enum": regency_codes},
                    "year": _year(),
                    "status": {"enum": list(REPLICATION_STATUSES)},
                    "note": _text(),
                },
                ("agency", "province", "year"),
            )
        ),
        "legal_basis": _list(_text()),
        "links": _list(
            _object(
                {"title": _text(), "url": _pattern(URL_RE)},
                ("title", "url"),
            )
        ),
        "contact": _object(
            {
                "unit": _text(NAME_LENGTH),
                "email": _pattern(EMAIL_RE, format="email"),
                "phone": _pattern(PHONE_RE),
            },
            ("unit",),
        ),
        "tags": _list(_text(TAG_LENGTH), 1, MAX_TAGS),
        "updated": {"type": "string", "format": "date"},
        "translations": _object(
            {
                "en": _object(
                    {"title": _text(TITLE_LENGTH), "summary": _text(SUMMARY_LENGTH)},
                    ("title", "summary"),
                )
            },
            (),
        ),
        "redirect_from": _list(_pattern(ID_RE)),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Entri Katalog Inovasi Pelayanan Publik (front matter)",
        **_object(properties, REQUIRED_KEYS),
    }


def dump_schema(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
