"""The static search index, built from the catalogue (not by crawling pages) and fetched in pieces.

Files, all under `search/` (see docs in `engine.js` beside this module, which reads them):
- `meta.json`: counts, facet values with their catalogue-wide counts, the list of term shards,
  the stemmer's lexicon and the site's URL patterns (results link with the site's own).
  Everything a first query needs before it knows which shard to ask for.
- `terms/<prefix>.json.gz`: the stems that start with `<prefix>` and, per stem, three posting lists
  (title/tags, summary/agency/region, body and the rest) so ranking needs no other data.
- `facets.json.gz`: one posting list per facet value; filter counts are computed in the browser.
- `docs/<n>.json.gz`: what a result shows (title, agency, region, summary...), `CHUNK` entries a
  file, fetched only for the results on screen.
All but `meta.json` (which /cari/ also carries inline) are stored gzipped and inflated by the
browser (`DecompressionStream`): a host sends them compressed anyway, and stored so they take a
third of the space the 1 GB of GitHub Pages allows (53 MB -> 19 MB at 100,000 entries).
Entries are numbered by their position in `catalogue.entries` (sorted by id), so one province's
entries are contiguous and its posting list is a single run.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..collector import collector_paused
from ..entries.catalogue import Catalogue
from ..entries.vocabularies import Vocabularies
from ..facets import FACETS, UNSTATED, UNSTATED_LABEL, index_facet
from ..model import Entry
from ..settings import OutputFile, SiteSettings
from .postings import encode
from .stemmer import _SEPARATORS as SEPARATORS
from .stemmer import (
    MAX_TOKEN,
    MIN_STEM_INPUT,
    MIN_TOKEN,
    Lexicon,
    Stemmer,
    default_lexicon,
    normalize,
    split_words,
)

FORMAT_VERSION = 2  # 2: every file but meta.json gzipped
CHUNK = 16  # entries per docs file: a page of results touches at most this many files
SHARD_BYTES = 12_000  # a term shard is split by a longer prefix once its stems outgrow this
MAX_PREFIX = 4
TIERS = 3  # 0: title and tags, 1: summary, agency, region, sectors, awards, 2: everything else
BODY_CHARS = 2_000  # of each body, indexed (see _body_head); keeps the build linear and fast
ASSETS_DIR = Path(__file__).parent
# Static files of the search UI: the sources sit beside this module, published under assets/search/.
SEARCH_ASSETS = (
    "search/stemmer.js",
    "search/engine.js",
    "search/search-box.js",
    "search/search-page.js",
    "search/search-download.js",
)
# The search UI's styles are part of the site's stylesheet (site/stylesheet.py), which every page
# loads already: one request and one cached file fewer, and no <link> repeated on every page.
SEARCH_CSS = ASSETS_DIR / "search.css"
# Words of place names that should not become roots (they are also ordinary words).
_PLACE_WORDS_KEPT_OUT = frozenset({"kabupaten", "kota", "kepulauan", "administrasi"})


def search_lexicon(vocab: Vocabularies, base: Lexicon | None = None) -> Lexicon:
    """The stemmer's roots plus the words of every province and regency name, so "Bekasi" is
    not read as "bekas" + "-i". Shipped in meta.json: the browser stems with exactly this."""
    base = base or default_lexicon()
    names = [p.name for p in vocab.provinces.values()] + [r.name for r in vocab.regencies.values()]
    words = {
        w
        for name in names
        for w in split_words(name)
        if len(w) >= MIN_STEM_INPUT and w.isalpha() and w not in _PLACE_WORDS_KEPT_OUT
    }
    return Lexicon(base.roots | (words - base.stopwords), base.stopwords)


def region_label(entry: Entry, vocab: Vocabularies) -> str:
    province = vocab.provinces.get(entry.province)
    province_name = province.name if province else entry.province
    regency = vocab.regencies.get(entry.regency or "")
    return f"{regency.name}, {province_name}" if regency else province_name


_ASCII_SEPARATORS = str.maketrans(
    {c: " " for c in range(128) if not chr(c).isalnum()}
    | {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
)


def _split_fast(text: str) -> list[str]:
    """`SEPARATORS.split(normalize(text))` without the regex for ASCII text, three times faster."""
    if text.isascii():
        return text.translate(_ASCII_SEPARATORS).split()
    return SEPARATORS.split(normalize(text))


class _StemCache(dict[str, str]):
    """word -> stem, filled on first sight; "" for words search skips (stopwords, too short or
    too long), so one C-level `map` over an entry's words does all the filtering and stemming."""

    def __init__(self, stemmer: Stemmer) -> None:
        super().__init__(dict.fromkeys(stemmer.lexicon.stopwords, ""))
        self._stem = stemmer.stem

    def __missing__(self, word: str) -> str:
        stem = self[word] = self._stem(word) if MIN_TOKEN <= len(word) <= MAX_TOKEN else ""
        return stem


class _TermCollector:
    """Stems per tier for one entry at a time, appended to per-tier posting arrays."""

    def __init__(self, stemmer: Stemmer) -> None:
        self._lookup = _StemCache(stemmer).__getitem__
        self.postings: list[dict[str, array[int]]] = [{} for _ in range(TIERS)]

    def stems(self, texts: Iterable[str]) -> set[str]:
        # Unique words first: a body repeats its words, and stemming is the costly step.
        words: set[str] = set()
        for text in texts:
            if text:
                words.update(_split_fast(text))
        stems = set(map(self._lookup, words))
        stems.discard("")
        return stems

    def add(self, doc: int, tiers: Sequence[set[str]]) -> None:
        seen: set[str] = set()
        for tier, stems in enumerate(tiers):
            fresh = stems - seen
            seen |= fresh
            lists = self.postings[tier]
            for stem in fresh:
                docs = lists.get(stem)
                if docs is None:
                    docs = lists[stem] = array("i")
                docs.append(doc)


def entry_texts(entry: Entry, vocab: Vocabularies, region: str) -> tuple[list[str], ...]:
    """The entry's text by tier: a title word outranks a summary word, which outranks the body."""
    sectors = [vocab.sectors[s].name for s in entry.sectors if s in vocab.sectors]
    # An award's short slug ("kipp") is a good search word; its long name is not: it repeats
    # words such as "pelayanan" that most entries have, and the award filter covers it.
    awards = [a.program for a in entry.awards]
    rest = [_body_head(entry.body), *entry.legal_basis, *(link.title for link in entry.links)]
    for rep in entry.replications:
        rest += [rep.agency, rep.note]
    if entry.translation_en is not None:
        rest += [entry.translation_en.title, entry.translation_en.summary]
    return (
        [entry.title, *entry.tags],
        [entry.summary, entry.agency.name, region, *sectors, *awards],
        rest,
    )


def _body_head(body: str) -> str:
    """The start of the body, cut at a word: indexing whole bodies was most of the build time
    at 50k entries (tokenizing ~185 MB), and the opening sections (Latar Belakang, Inovasi) say
    what an innovation is; title, summary and tags are always indexed whole."""
    if len(body) <= BODY_CHARS:
        return body
    return body[:BODY_CHARS].rsplit(None, 1)[0]


def doc_record(entry: Entry, region: str) -> list[object]:
    """What a result shows; the URL is derived from the id in the browser."""
    return [
        entry.id,
        entry.title,
        entry.agency.name,
        region,
        entry.summary,
        entry.launched,
        list(entry.sdgs),
    ]


def plan_shards(sizes: Mapping[str, int], limit: int = SHARD_BYTES) -> dict[str, list[str]]:
    """Group stems into shards keyed by prefix: a stem lives in the shard whose key is the longest
    prefix of it, so the browser finds a stem's shard from the key list alone."""
    shards: dict[str, list[str]] = {}

    def place(prefix: str, terms: list[str]) -> None:
        total = sum(sizes[t] for t in terms)
        if prefix and (total <= limit or len(prefix) >= MAX_PREFIX):
            shards[prefix] = terms
            return
        exact = [t for t in terms if len(t) == len(prefix)]
        if exact:
            shards[prefix] = exact
        groups: dict[str, list[str]] = {}
        for term in terms:
            if len(term) > len(prefix):
                groups.setdefault(term[: len(prefix) + 1], []).append(term)
        for key in sorted(groups):
            place(key, groups[key])

    place("", sorted(sizes))
    return shards


def _json(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_gz(data: object) -> bytes:
    """The same JSON gzipped, with no time stamp: the same catalogue gives the same bytes."""
    return gzip.compress(_json(data), 9, mtime=0)


def build_search_files(catalogue: Catalogue, settings: SiteSettings) -> list[OutputFile]:
    """Every file of the search index plus the search UI's static assets."""
    return build_index_files(catalogue, settings) + search_asset_files()


def search_asset_files() -> list[OutputFile]:
    return [
        OutputFile(f"assets/{name}", (ASSETS_DIR / name.removeprefix("search/")).read_bytes())
        for name in SEARCH_ASSETS
    ]


def build_index_files(catalogue: Catalogue, settings: SiteSettings) -> list[OutputFile]:
    lexicon = search_lexicon(catalogue.vocab)
    encoded, records = _index_terms(catalogue, lexicon)
    files: list[OutputFile] = []
    sizes = {stem: len(stem) + sum(len(e) for e in lists) + 12 for stem, lists in encoded.items()}
    shards = plan_shards(sizes)
    for key, stems in shards.items():
        shard = _json_gz({s: encoded[s] for s in stems})
        files.append(OutputFile(f"search/terms/{key}.json.gz", shard))
    for start in range(0, len(records), CHUNK):
        files.append(
            OutputFile(
                f"search/docs/{start // CHUNK}.json.gz", _json_gz(records[start : start + CHUNK])
            )
        )

    facets_meta, facet_lists = _facet_files(catalogue, settings)
    files.append(OutputFile("search/facets.json.gz", _json_gz(facet_lists)))
    digest = hashlib.sha256()
    for output in files:
        digest.update(output.path.encode() + b"\0" + output.content)
    meta = {
        "format": FORMAT_VERSION,
        "version": digest.hexdigest()[:16],
        "count": len(catalogue.entries),
        "chunk": CHUNK,
        "shards": sorted(shards),
        "facets": facets_meta,
        "urls": settings.patterns.as_data(),
        "lexicon": {
            "roots": " ".join(sorted(lexicon.roots)),
            "stopwords": " ".join(sorted(lexicon.stopwords)),
        },
    }
    files.append(OutputFile("search/meta.json", _json(meta)))
    return sorted(files, key=lambda f: f.path)


def _index_terms(
    catalogue: Catalogue, lexicon: Lexicon
) -> tuple[dict[str, list[str]], list[list[object]]]:
    """Encoded posting lists by stem (sorted), and the display records, in entry order.

    In one process on purpose: forked workers measured slower at 50k entries (33 s against
    17 s) and heavier (PSS 1.2 GB against 0.6 GB), because reference counting copies every
    inherited page a worker touches and the postings must be pickled back."""
    vocab = catalogue.vocab
    collector = _TermCollector(Stemmer(lexicon))
    records: list[list[object]] = []
    # Millions of small sets and strings, none in a cycle: the cyclic collector would only
    # rescan the whole catalogue again and again (superlinear: 10k took 1.9 s, 50k 12.8 s).
    with collector_paused():
        for doc, entry in enumerate(catalogue.entries):
            region = region_label(entry, vocab)
            collector.add(doc, [collector.stems(t) for t in entry_texts(entry, vocab, region)])
            records.append(doc_record(entry, region))
        tiers = collector.postings
        empty = array("i")
        stems = sorted(set().union(*tiers))
        encoded = {stem: [encode(tier.get(stem, empty)) for tier in tiers] for stem in stems}
    return encoded, records


def _facet_files(
    catalogue: Catalogue, settings: SiteSettings
) -> tuple[list[dict[str, object]], dict[str, list[str]]]:
    """The search filters: every facet of the registry that searches, award levels folded into
    the award filter as `program/level`; a value no entry has is left out, except in a range."""
    metas: list[dict[str, object]] = []
    lists: dict[str, list[str]] = {}
    order = range(len(catalogue.entries))  # search numbers entries by catalogue position
    for facet in FACETS:
        if not facet.in_search:
            continue
        index = index_facet(facet, catalogue, order, settings.province_scope, with_subterms=True)
        values = [
            [t.slug, t.label, index.count(t.slug)]
            for t in index.terms
            if index.count(t.slug) or facet.is_range
        ]
        postings = [encode(index.members[str(v[0])]) for v in values]
        if facet.filters_unstated and index.unstated:
            values.append([UNSTATED, UNSTATED_LABEL, index.unstated])
            postings.append(encode(index.unstated_members))
        meta: dict[str, object] = {"key": facet.key, "label": facet.label, "values": values}
        if facet.is_range:
            meta["range"] = True
        metas.append(meta)
        lists[facet.key] = postings
    return metas, lists
