"""Loading and validation invariants: no input crashes them, lines stay in files, order is moot."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.entries.catalogue import check_references, load_catalogue
from generator.entries.loading import read_entry
from generator.entries.validation import validate_entry
from generator.entries.vocabularies import load_vocabularies

from .conftest import CATALOGUE

VALID = CATALOGUE / "valid"
VOCAB, _ = load_vocabularies(VALID)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.dates(),
    st.sampled_from(["no", "on", "yes", "off", "12:30", "2024-01-01", "32.75", "~", "kesehatan"]),
)
keys = st.one_of(
    st.sampled_from(
        ["title", "summary", "agency", "sectors", "sdgs", "regency", "awards", "links"]
    ),
    st.text(min_size=1, max_size=12),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=25,
)


def _line_count(data: bytes) -> int:
    return max(1, len(data.replace(b"\r\n", b"\n").split(b"\n")))


def _check_file(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp)
        path = content / "innovations" / "jawa-barat" / "uji-properti.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        raw = read_entry(path, content)
        entry, problems = validate_entry(raw, VOCAB, 2026)
        assert entry is not None or any(p.is_error for p in problems)
        for problem in problems:
            assert 1 <= problem.line <= _line_count(data), (problem, data[:200])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_and_lines_stay_inside(data: bytes) -> None:
    _check_file(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_as_front_matter(data: bytes) -> None:
    _check_file(b"---\n" + data + b"\n---\n\n## Latar Belakang\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_arbitrary_yaml_never_crashes(value: object) -> None:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False)
    _check_file(f"---\n{text}---\nBadan.\n".encode())


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="[]{}:-!&*#|>'\" \n\tab1", max_size=120))
def test_yaml_punctuation_soup_never_crashes(text: str) -> None:
    _check_file(f"---\n{text}\n---\n".encode())


def test_hostile_yaml_is_refused_not_expanded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    _check_file(f"---\n{bomb}---\n".encode())
    _check_file(("---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n").encode())


@settings(max_examples=20, deadline=None)
@given(st.permutations(sorted(p.name for p in (VALID / "innovations").rglob("*.md"))))
def test_results_do_not_depend_on_file_order(order: list[str]) -> None:
    baseline = load_catalogue(VALID)
    sources = {p.name: p for p in (VALID / "innovations").rglob("*.md")}
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "valid"
        shutil.copytree(VALID / "taxonomies", copy / "taxonomies")
        for name in order:  # files created in a different order
            source = sources[name]
            target = copy / source.relative_to(VALID)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        shuffled = load_catalogue(copy)
    assert [e.id for e in shuffled.entries] == [e.id for e in baseline.entries]
    assert [e.title for e in shuffled.entries] == [e.title for e in baseline.entries]
    entries = list(baseline.entries)
    forward = check_references(entries, baseline.by_id)
    backward = check_references(entries[::-1], baseline.by_id)
    assert sorted(forward) == sorted(backward)
