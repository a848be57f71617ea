"""The search index: every entry exactly once, facet lists equal to the catalogue's counts, shards
that the browser can find, deterministic bytes, and the JavaScript engine reading it right."""

from __future__ import annotations

import gzip
import json
import subprocess
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from generator.entries.catalogue import Catalogue, load_catalogue
from generator.facets import FACETS_BY_KEY
from generator.labels import UNSTATED
from generator.search.index import (
    SEARCH_ASSETS,
    TIERS,
    build_index_files,
    build_search_files,
    plan_shards,
    search_lexicon,
)
from generator.search.postings import decode
from generator.search.stemmer import Stemmer
from generator.settings import SiteSettings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "catalogue" / "search"
ENGINE_JS = ROOT / "generator" / "search" / "engine.js"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    catalogue = load_catalogue(FIXTURE, this_year=2026)
    assert not catalogue.errors
    return catalogue


@pytest.fixture(scope="module")
def files(catalogue: Catalogue) -> dict[str, bytes]:
    return {f.path: f.content for f in build_index_files(catalogue, SiteSettings())}


def load(files: dict[str, bytes], path: str) -> object:
    """A search file's JSON; the .gz ones are gzipped, as the browser fetches them."""
    content = files[path]
    return json.loads(gzip.decompress(content) if path.endswith(".gz") else content)


def all_docs(files: dict[str, bytes]) -> list[list[object]]:
    meta = load(files, "search/meta.json")
    assert isinstance(meta, dict)
    chunks = -(-meta["count"] // meta["chunk"])
    records: list[list[object]] = []
    for n in range(chunks):
        records += load(files, f"search/docs/{n}.json.gz")  # type: ignore[arg-type]
    return records


def all_terms(files: dict[str, bytes]) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {}
    for path, content in files.items():
        if path.startswith("search/terms/"):
            for stem, lists in json.loads(gzip.decompress(content)).items():
                assert stem not in terms, f"{stem} in two shards"
                terms[stem] = lists
    return terms


def test_every_entry_is_in_the_index_exactly_once(
    catalogue: Catalogue, files: dict[str, bytes]
) -> None:
    records = all_docs(files)
    assert [r[0] for r in records] == [e.id for e in catalogue.entries]
    meta = load(files, "search/meta.json")
    assert isinstance(meta, dict) and meta["count"] == len(catalogue.entries)
    # and every entry is findable by each word of its title, in the title tier
    stemmer = Stemmer(search_lexicon(catalogue.vocab))
    terms = all_terms(files)
    for doc, entry in enumerate(catalogue.entries):
        for stem in stemmer.terms(entry.title):
            assert doc in decode(terms[stem][0]), (entry.id, stem)
    # no doc number outside the catalogue, and no doc twice in one stem's lists
    for stem, lists in terms.items():
        assert len(lists) == TIERS
        docs = [d for text in lists for d in decode(text)]
        assert len(docs) == len(set(docs)), stem
        assert all(0 <= d < len(catalogue.entries) for d in docs)


def test_facet_lists_match_catalogue_counts(catalogue: Catalogue, files: dict[str, bytes]) -> None:
    meta = load(files, "search/meta.json")
    lists = load(files, "search/facets.json.gz")
    assert isinstance(meta, dict) and isinstance(lists, dict)
    entries = catalogue.entries
    expected: dict[str, Counter[str]] = {
        "provinsi": Counter(e.province for e in entries),
        "kabupaten-kota": Counter(e.regency for e in entries if e.regency),
        "sektor": Counter(s for e in entries for s in e.sectors),
        "sdg": Counter(str(g) for e in entries for g in e.sdgs),
        "tahun": Counter(str(e.launched) for e in entries if e.launched),
        "penghargaan": Counter(
            t for e in entries for t in {a.program for a in e.awards}
            | {f"{a.program}/{a.level}" for a in e.awards}
        ),
        "instansi": Counter(e.agency.type for e in entries),
        # unstated stage and status are counted as such, never as the old defaults
        "tahap": Counter(e.stage or UNSTATED for e in entries),
        "status": Counter(e.status or UNSTATED for e in entries),
    }  # fmt: skip
    assert [f["key"] for f in meta["facets"]] == list(expected)
    for facet in meta["facets"]:
        key = facet["key"]
        got = {slug: count for slug, _, count in facet["values"] if count}
        assert got == dict(expected[key]), key
        for (slug, _, count), encoded in zip(facet["values"], lists[key], strict=True):
            docs = decode(encoded)
            assert len(docs) == count
            terms_of = FACETS_BY_KEY[key].terms_of
            assert all(slug in (terms_of(entries[d]) or (UNSTATED,)) for d in docs)


def test_output_is_deterministic(catalogue: Catalogue) -> None:
    first = build_search_files(catalogue, SiteSettings())
    again = build_search_files(load_catalogue(FIXTURE, this_year=2026), SiteSettings())
    assert [(f.path, f.content) for f in first] == [(f.path, f.content) for f in again]
    assert len({f.path for f in first}) == len(first)


def test_assets_and_index_paths(files: dict[str, bytes], catalogue: Catalogue) -> None:
    paths = [f.path for f in build_search_files(catalogue, SiteSettings())]
    assert {f"assets/{name}" for name in SEARCH_ASSETS} <= set(paths)
    assert all(p.startswith(("search/", "assets/search/")) for p in paths)
    assert {"search/meta.json", "search/facets.json.gz", "search/docs/0.json.gz"} <= set(files)


def test_every_stem_is_in_the_shard_the_browser_looks_in(files: dict[str, bytes]) -> None:
    meta = load(files, "search/meta.json")
    assert isinstance(meta, dict)
    keys = set(meta["shards"])
    for path, content in files.items():
        if not path.startswith("search/terms/"):
            continue
        key = path.removeprefix("search/terms/").removesuffix(".json.gz")
        for stem in json.loads(gzip.decompress(content)):
            longest = max((k for k in keys if stem.startswith(k)), key=len)
            assert longest == key, stem


def test_shards_split_by_longer_prefixes_when_large() -> None:
    sizes = {f"ab{c}{d}": 100 for c in "xyz" for d in "pq"} | {"ab": 50, "b": 10}
    shards = plan_shards(sizes, limit=250)
    assert shards == {
        "ab": ["ab"],
        "abx": ["abxp", "abxq"],
        "aby": ["abyp", "abyq"],
        "abz": ["abzp", "abzq"],
        "b": ["b"],
    }


ENGINE_RUNNER = """
const path = require('path');
const fs = require('fs');
const [engineJs, siteDir, queries] = process.argv.slice(1);
const E = require(engineJs);
const zlib = require('zlib');
const read = file => (file.endsWith('.gz') ? zlib.gunzipSync : x => x)(fs.readFileSync(file));
const fetcher = url => Promise.resolve(JSON.parse(read(path.join(siteDir, url.split('?')[0]))));
E.open('search/', fetcher).then(async idx => {
  const out = [];
  for (const q of JSON.parse(queries)) {
    const r = await idx.search(q.text, q.filters || {}, true);
    const recs = await idx.records(r.ids);
    out.push({ids: recs.map(x => x.id), counts: r.counts});
  }
  process.stdout.write(JSON.stringify(out));
}).catch(e => { console.error(e); process.exit(1); });
"""


def test_engine_finds_stemmed_words_and_counts_filters(
    tmp_path: Path, catalogue: Catalogue, files: dict[str, bytes]
) -> None:
    for path, content in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    queries = [
        {"text": "pelayanan"},
        {"text": "melayani "},
        {"text": "akta kelahiran"},
        {"text": "puskes"},
        {"text": "", "filters": {"sektor": ["kesehatan"]}},
        {"text": "", "filters": {"tahun": {"from": 2016, "to": 2019}}},
        {"text": "daring", "filters": {"provinsi": ["nasional", "jawa-timur"]}},
    ]
    done = subprocess.run(
        ["node", "-e", ENGINE_RUNNER, str(ENGINE_JS), str(tmp_path), json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    results = json.loads(done.stdout)
    layan = {"jawa-barat/melayani-warga-tanpa-antre", "jawa-timur/layanan-air-bersih-desa"}
    assert set(results[0]["ids"]) == layan
    assert set(results[1]["ids"]) == layan
    assert results[2]["ids"] == ["aceh/akta-kelahiran-dari-rumah-sakit"]
    assert results[3]["ids"][0] == "jawa-timur/antrean-puskesmas-daring"  # prefix while typing
    by_id = catalogue.by_id
    assert sorted(results[4]["ids"]) == sorted(
        i for i, e in by_id.items() if "kesehatan" in e.sectors
    )
    assert sorted(results[5]["ids"]) == sorted(
        i for i, e in by_id.items() if e.launched and 2016 <= e.launched <= 2019
    )
    assert set(results[6]["ids"]) == {
        "nasional/pelatihan-kerja-daring",
        "jawa-timur/antrean-puskesmas-daring",
    }
    # counts of a facet ignore its own selection (so other values stay choosable)
    meta = load(files, "search/meta.json")
    assert isinstance(meta, dict)
    provinces = [v[0] for v in next(f for f in meta["facets"] if f["key"] == "provinsi")["values"]]
    counts = dict(zip(provinces, results[4]["counts"]["provinsi"], strict=True))
    health = Counter(e.province for e in catalogue.entries if "kesehatan" in e.sectors)
    assert {p: n for p, n in counts.items() if n} == dict(health)


PROTOTYPE_WORDS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]


def _run_engine(site: Path, queries: list[dict[str, object]]) -> list[dict[str, object]]:
    done = subprocess.run(
        ["node", "-e", ENGINE_RUNNER, str(ENGINE_JS), str(site), json.dumps(queries)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result


def test_engine_treats_prototype_names_as_plain_words(
    tmp_path: Path, catalogue: Catalogue, files: dict[str, bytes]
) -> None:
    # In no entry: found nowhere (a plain object would hand back Object.prototype's members).
    for path, content in files.items():
        (tmp_path / "plain" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "plain" / path).write_bytes(content)
    absent = [{"text": w} for w in PROTOTYPE_WORDS] + [{"text": w + " "} for w in PROTOTYPE_WORDS]
    assert [r["ids"] for r in _run_engine(tmp_path / "plain", absent)] == [[]] * len(absent)

    # One entry mentions each name (as an Indonesian text might quote code); the others do not.
    first = catalogue.entries[0]
    words = " ".join(PROTOTYPE_WORDS)
    marked = replace(first, summary=f"{first.summary} {words}")
    entries = (marked, *catalogue.entries[1:])
    changed = replace(catalogue, entries=entries, by_id={e.id: e for e in entries})
    for output in build_index_files(changed, SiteSettings()):
        (tmp_path / output.path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / output.path).write_bytes(output.content)
    queries: list[dict[str, object]] = [{"text": word} for word in PROTOTYPE_WORDS]
    queries += [{"text": word + " "} for word in PROTOTYPE_WORDS]  # typed out, no prefix
    queries += [{"text": "", "filters": {"provinsi": ["constructor"]}}]
    queries += [{"text": "", "filters": {"constructor": ["x"], "__proto__": ["y"]}}]
    results = _run_engine(tmp_path, queries)
    for result, query in zip(results[: 2 * len(PROTOTYPE_WORDS)], queries, strict=False):
        assert result["ids"] == [first.id], query
    assert results[-2]["ids"] == []  # an unknown province selects nothing
    assert len(results[-1]["ids"]) == len(entries)  # unknown facets are no filter at all
