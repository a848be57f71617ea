"""Loading and validation invariants: no input crashes them, lines stay in files, order is moot."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
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
        entry, problems = validate_entry(raw, VOCAB, 2026, dt.date(2026, 12, 1))
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
    forward = check_references(entries, baseline.by_id, baseline.content_dir)
    backward = check_references(entries[::-1], baseline.by_id, baseline.content_dir)
    assert sorted(forward) == sorted(backward)


# The validator and the build agree: front matter that looks valid, with every kind of YAML
# escape and raw separator, either fails `katalog validate` with lines inside the file, or builds
# pages, search and open data without an exception.
_HOSTILE_CHARS = (
    "\x00\x07\x1b\x7f\x85\x9b\u00ad\u034f\u115f\u200b\u200d\u200e\u2028\u2029\u202a\u202c"
    "\u202e\u2066\u2069\u3164\ufeff\ufffd\U0001f600"
)
_HOSTILE_ESCAPES = ["\\0", "\\a", "\\e", "\\N", "\\x1b", "\\x9b", "\\u202E", "\\u2069"]
_HOSTILE_ESCAPES += ["\\u200B", "\\uD800", "\\uDFFF", "\\U00110000", "\\UFFFFFFFF", "\\u3164"]
_CLEAN_ESCAPES = ["\\_", "\\L", "\\P", "\\t", "\\n", "\\r", "\\/", '\\"', "\\\\", "\\U0001F600"]
# Printable text of any script (controls, surrogates and format characters come from the lists).
_PRINTABLE = st.characters(
    codec="utf-8", exclude_categories=("Cc", "Cs", "Cf"), exclude_characters='"\\'
)
_CLEAN = st.one_of(
    _PRINTABLE, st.sampled_from("Layanan Publik Daring & uji-coba"), st.sampled_from(_CLEAN_ESCAPES)
)
_HOSTILE = st.one_of(_CLEAN, st.sampled_from(_HOSTILE_CHARS), st.sampled_from(_HOSTILE_ESCAPES))


@st.composite
def _quoted(draw: st.DrawFn, low: int = 0) -> str:
    """A double-quoted YAML scalar: one in five mixes in hostile characters and escapes."""
    alphabet = _HOSTILE if draw(st.integers(0, 4)) == 0 else _CLEAN
    parts = draw(st.lists(alphabet, min_size=low, max_size=30))
    return '"' + "".join(parts) + '"'


_PADDING = "Contoh data uji untuk properti validator dan build. "


@st.composite
def _entry_text(draw: st.DrawFn) -> str:
    title = draw(_quoted(3))
    summary = '"' + _PADDING + draw(_quoted())[1:]
    lines = [
        "---",
        f"title: {title}",
        f"summary: {summary}",
        "agency:",
        f'  name: "Dinas {draw(_quoted())[1:]}',
        "  type: pemerintah-kota",
        "sectors: [kesehatan]",
        "sdgs: [3]",
    ]
    if draw(st.booleans()):
        lines.append(f"tags: [{draw(_quoted(2))}]")
    if draw(st.booleans()):
        lines.append(f"links:\n  - title: {draw(_quoted(1))}\n    url: https://example.org/a")
    if draw(st.booleans()):
        lines.append(f"translations:\n  en:\n    title: {draw(_quoted(3))}")
        lines.append(f'    summary: "{_PADDING}{draw(_quoted())[1:]}')
    body_alphabet = st.one_of(_PRINTABLE, st.sampled_from(_HOSTILE_CHARS + "<>*_-\n"))
    body = draw(st.text(alphabet=body_alphabet, max_size=200))
    return "\n".join(lines) + "\n---\n\n## Inovasi\n\n" + body + "\n"


def _taxonomies(content: Path) -> None:
    shutil.copytree(VALID / "taxonomies", content / "taxonomies")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_entry_text())
def test_what_validates_builds_and_what_fails_is_located(text: str) -> None:
    import xml.etree.ElementTree as ET

    from generator.opendata.exports import build_export_files
    from generator.search.index import build_search_files
    from generator.settings import SiteSettings
    from generator.site.bodycache import EntryBodies
    from generator.site.plan import build_site, plan_pages
    from generator.site.rendering import render_page

    data = text.encode("utf-8", errors="surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp)
        _taxonomies(content)
        path = content / "innovations" / "jawa-barat" / "uji-properti.md"
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        catalogue = load_catalogue(content, today=dt.date(2026, 12, 1))
        event("refused" if catalogue.errors else "validated")
        if catalogue.errors:
            for problem in catalogue.problems:
                assert 1 <= problem.line <= data.count(b"\n") + 1, (problem, text)
            return
        assert len(catalogue.entries) == 1
        settings = SiteSettings()
        site = build_site(catalogue, settings)
        body_of = EntryBodies(site.catalogue.entries)
        for job in plan_pages(site):
            page = render_page(site, job, body_of)
            (page.title + page.description + page.body).encode("utf-8")
        outputs = {o.path: o.content for o in build_export_files(catalogue, settings)}
        outputs.update((o.path, o.content) for o in build_search_files(catalogue, settings))
        ET.fromstring(outputs["feed.xml"])  # well-formed: no control character got through
