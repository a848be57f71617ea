"""The published JSON Schema agrees with the validator on the fixture catalogue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.entries.loading import split_front_matter
from generator.entries.schema import build_schema, dump_schema
from generator.entries.vocabularies import load_vocabularies

from .conftest import CATALOGUE, ROOT

# Defects a JSON Schema can express; the others (YAML traps, tags, files, cross-file ids) can't.
SCHEMA_DETECTS = [
    "title-too-short",
    "summary-missing",
    "agency-type-unknown",
    "agency-name-missing",
    "regency-unquoted",
    "regency-unknown",
    "sectors-unknown",
    "sectors-too-many",
    "sectors-duplicate",
    "sectors-not-a-list",
    "sdgs-all-seventeen",
    "sdgs-out-of-range",
    "launched-quoted",
    "stage-unknown",
    "status-yaml-off",
    "awards-level-unknown",
    "awards-program-unknown",
    "replications-status-unknown",
    "links-http",
    "links-javascript",
    "tags-too-many",
    "translations-summary-missing",
    "unknown-key-typo",
    "title-yaml-boolean",
]


def _front_matter(path: Path) -> object:
    front, *_ = split_front_matter(path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    data = yaml.safe_load(front)
    # Editors read YAML 1.2, where a date stays a string; mirror that for `updated`.
    if isinstance(data, dict) and isinstance(data.get("updated"), dt.date):
        data["updated"] = data["updated"].isoformat()
    return data


def _validator() -> jsonschema.Draft202012Validator:
    vocab, _ = load_vocabularies(ROOT / "content")
    return jsonschema.Draft202012Validator(build_schema(vocab))


def test_published_schema_is_current() -> None:
    vocab, _ = load_vocabularies(ROOT / "content")
    published = (ROOT / "schema/entry.schema.json").read_text(encoding="utf-8")
    assert published == dump_schema(build_schema(vocab)), (
        "run: katalog schema > schema/entry.schema.json"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(
        build_schema(load_vocabularies(ROOT / "content")[0])
    )


@pytest.mark.parametrize(
    "path",
    sorted((CATALOGUE / "valid/innovations").rglob("*.md"))
    + sorted((ROOT / "content/innovations").rglob("*.md")),
    ids=lambda p: p.stem,
)
def test_entries_the_validator_accepts_pass_the_schema(path: Path) -> None:
    errors = list(_validator().iter_errors(_front_matter(path)))
    assert errors == [], [e.message for e in errors]


@pytest.mark.parametrize("name", SCHEMA_DETECTS)
def test_entries_the_validator_refuses_fail_the_schema(name: str) -> None:
    path = CATALOGUE / f"invalid/innovations/jawa-barat/{name}.md"
    assert list(_validator().iter_errors(_front_matter(path))), name


def test_schema_lists_every_key_the_validator_knows() -> None:
    from generator.entries.rules import ALL_KEYS, REQUIRED_KEYS

    schema = json.loads(dump_schema(build_schema(load_vocabularies(ROOT / "content")[0])))
    assert set(schema["properties"]) == set(ALL_KEYS)
    assert schema["required"] == list(REQUIRED_KEYS)
