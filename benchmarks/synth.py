"""Deterministic generator of clearly synthetic catalogues, valid under the entry format."""

from __future__ import annotations

import argparse
import bisect
import csv
import itertools
import random
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NATIONAL = "nasional"
SYNTHETIC_TAG = "sintetis"
TITLE_PREFIX = "[SINTETIS] "
README_MARKER = "KATALOG SINTETIS"
SECTIONS = ("Latar Belakang", "Inovasi", "Dampak", "Keberlanjutan", "Replikasi")
# Share of the body each section gets: the innovation and its impact carry most of the text.
SECTION_SHARES = (0.2, 0.3, 0.25, 0.12, 0.13)
FIRST_YEAR, LAST_YEAR = 2005, 2025

# libyaml's emitter is ~20x faster than PyYAML's and matters at 50k entries; both are deterministic.
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Filler vocabulary. Function words repeat so the text reads like Indonesian prose; service
# words (layanan, pelayanan, melayani, antrean, puskesmas, akta kelahiran, perizinan) let search
# be tested.
_FUNCTION_WORDS_TEXT = (
    "yang dan di untuk dengan dari pada oleh dalam melalui sehingga karena agar serta juga "
    "telah akan dapat lebih setiap seluruh beberapa bagi kepada tersebut ini itu"
)
_CONTENT_WORDS_TEXT = (
    "layanan pelayanan melayani antrean puskesmas perizinan masyarakat warga aplikasi daring "
    "digital desa kelurahan kecamatan kabupaten kota dinas petugas data sistem informasi pengaduan "
    "kesehatan pendidikan sekolah guru siswa ibu anak balita posyandu bidan pasien dokter obat "
    "terpadu kependudukan usaha petani nelayan pasar harga pangan stunting gizi sanitasi sampah "
    "lingkungan banjir bencana relawan transparansi akuntabilitas anggaran retribusi inovasi "
    "replikasi kolaborasi kemitraan pelatihan pendampingan evaluasi indeks biaya gratis cepat "
    "mudah murah efisien efektif berkelanjutan regulasi pegawai aparatur tahun bulan hari menit "
    "persen meningkat menurun berkurang bertambah pemohon berkas verifikasi formulir loket jadwal"
)
_PHRASES = (
    "akta kelahiran",
    "kartu keluarga",
    "KTP elektronik",
    "mal pelayanan publik",
    "jemput bola",
    "satu pintu",
    "rumah sakit",
    "bantuan sosial",
    "keluarga miskin",
    "air bersih",
    "pajak daerah",
    "survei kepuasan",
    "waktu tunggu",
    "standar pelayanan",
    "perguruan tinggi",
    "usaha mikro",
)
VOCABULARY: tuple[str, ...] = (
    tuple(_FUNCTION_WORDS_TEXT.split()) * 3 + tuple(_CONTENT_WORDS_TEXT.split()) + _PHRASES
)

_TITLE_TOPICS = (
    "Layanan Antrean Puskesmas Daring",
    "Perizinan Satu Pintu Keliling",
    "Akta Kelahiran Langsung dari Rumah Sakit",
    "Pelayanan Kependudukan Jemput Bola",
    "Posyandu Digital Cegah Stunting",
    "Pengaduan Warga Terpadu",
    "Pasar Pangan Murah Desa",
    "Sekolah Ramah Anak",
    "Bank Sampah Kelurahan",
    "Tanggap Bencana Berbasis Relawan",
    "Retribusi Daerah Nontunai",
    "Melayani Pasien Tanpa Antrean",
    "Air Bersih untuk Keluarga Miskin",
    "Pendampingan Usaha Mikro",
    "Pelatihan Petani Muda",
    "Informasi Harga Pangan Harian",
)
_TAGS = (
    "antrean",
    "daring",
    "jemput-bola",
    "aplikasi",
    "desa",
    "stunting",
    "umkm",
    "akta-kelahiran",
    "perizinan",
    "puskesmas",
    "pengaduan",
    "nontunai",
)
_UNITS = (
    "Urusan Kesehatan",
    "Urusan Kependudukan",
    "Urusan Perizinan",
    "Urusan Pendidikan",
    "Urusan Pangan",
    "Urusan Lingkungan",
    "Urusan Sosial",
)
# Agency types outside `nasional`, with weights: most innovations come from regency governments.
_REGIONAL_AGENCY_TYPES = (
    ("pemerintah-kabupaten", 62),
    ("pemerintah-provinsi", 12),
    ("rumah-sakit", 9),
    ("bumd", 5),
    ("perguruan-tinggi", 4),
    ("lainnya", 8),
)
_NATIONAL_AGENCY_TYPES = (("kementerian", 60), ("lembaga", 30), ("bumn", 10))
_AGENCY_NAME_BY_TYPE = {
    "kementerian": "Kementerian Contoh {n}",
    "lembaga": "Badan Contoh {n}",
    "bumn": "PT Contoh {n} (Persero)",
    "pemerintah-provinsi": "Biro Contoh {n} {unit}",
    "pemerintah-kabupaten": "Dinas Contoh {n} {unit}",
    "pemerintah-kota": "Dinas Contoh {n} {unit}",
    "rumah-sakit": "RSUD Contoh {n}",
    "bumd": "Perumda Contoh {n}",
    "perguruan-tinggi": "Universitas Contoh {n}",
    "lainnya": "Yayasan Contoh {n}",
}
_README = f"""# {README_MARKER}: JANGAN DIPUBLIKASIKAN

Katalog ini **sintetis**: dibuat otomatis oleh `python -m benchmarks.synth` untuk mengukur kinerja
build (tolok ukur). Semua entri, instansi ("Dinas Contoh ..."), angka dan teks di sini rekaan,
bukan inovasi sungguhan. Setiap judul diawali "[SINTETIS]" dan setiap entri bertag `sintetis`.

This catalogue is **synthetic**, generated for build benchmarks only: every entry, agency, figure
and sentence is made up. Never publish it.
"""


@dataclass(frozen=True, slots=True)
class Regency:
    code: str
    name: str

    @property
    def is_city(self) -> bool:
        return self.name.lower().startswith("kota")


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """The vocabularies an entry may use, read from the project's data files."""

    provinces: tuple[str, ...]  # slugs of real provinces (not `nasional`), in file order
    regencies: dict[str, tuple[Regency, ...]]  # province slug -> its regencies
    sectors: tuple[str, ...]
    award_levels: dict[str, tuple[str, ...]]  # programme slug -> level slugs


@dataclass(frozen=True, slots=True)
class Weighted:
    """A population with cumulative weights, so each draw is a bisect rather than a rescan."""

    items: tuple[Any, ...]
    cumulative: tuple[float, ...]

    def draw(self, rng: random.Random) -> Any:
        x = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, x)]

    def draw_distinct(self, rng: random.Random, k: int) -> list[Any]:
        chosen: list[Any] = []
        while len(chosen) < min(k, len(self.items)):
            item = self.draw(rng)
            if item not in chosen:
                chosen.append(item)
        return chosen


def weighted(pairs: Sequence[tuple[Any, float]]) -> Weighted:
    items = tuple(item for item, _ in pairs)
    return Weighted(items, tuple(itertools.accumulate(weight for _, weight in pairs)))


def zipf(items: Sequence[Any], rng: random.Random, exponent: float = 0.8) -> Weighted:
    """Zipf-like weights over a seeded shuffle, so no real province looks 'first' by accident."""
    order = list(items)
    rng.shuffle(order)
    return weighted([(item, 1.0 / (rank + 1) ** exponent) for rank, item in enumerate(order)])


def load_reference_data(root: Path = PROJECT_ROOT) -> ReferenceData:
    provinces_doc = _read_yaml(root / "generator" / "data" / "provinces.yml")
    codes = {str(p["code"]): str(p["slug"]) for p in provinces_doc["provinces"] if p.get("code")}
    regencies: dict[str, list[Regency]] = {slug: [] for slug in codes.values()}
    for row in _read_csv(root / "generator" / "data" / "regencies.csv"):
        province = codes.get(row["province_code"].strip())
        if province is not None:
            regencies[province].append(Regency(row["code"].strip(), row["name"].strip()))
    taxonomies = root / "content" / "taxonomies"
    sectors = tuple(str(t["slug"]) for t in _read_yaml(taxonomies / "sectors.yml")["terms"])
    awards = {
        str(t["slug"]): tuple(str(level["slug"]) for level in t["levels"])
        for t in _read_yaml(taxonomies / "awards.yml")["terms"]
    }
    return ReferenceData(
        provinces=tuple(codes.values()),
        regencies={slug: tuple(items) for slug, items in regencies.items()},
        sectors=sectors,
        award_levels=awards,
    )


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@dataclass(frozen=True, slots=True)
class Distributions:
    """The skewed distributions one catalogue draws from, fixed by its seed."""

    provinces: Weighted
    sectors: Weighted
    sdgs: Weighted
    years: Weighted
    regional_agency_types: Weighted
    national_agency_types: Weighted


def make_distributions(ref: ReferenceData, seed: int) -> Distributions:
    rng = random.Random(f"katalog-synth:{seed}:distributions")
    years = [(year, float(year - FIRST_YEAR + 3)) for year in range(FIRST_YEAR, LAST_YEAR + 1)]
    return Distributions(
        provinces=zipf(ref.provinces, rng),
        sectors=zipf(ref.sectors, rng),
        sdgs=zipf(range(1, 18), rng),
        years=weighted(years),  # more recent innovations than old ones
        regional_agency_types=weighted(_REGIONAL_AGENCY_TYPES),
        national_agency_types=weighted(_NATIONAL_AGENCY_TYPES),
    )


# --- text -------------------------------------------------------------------------------------


def sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = rng.choices(VOCABULARY, k=rng.randint(low, high))
    if rng.random() < 0.25:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 95)} persen")
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def text_of_length(rng: random.Random, low: int, high: int) -> str:
    """Sentences until the text is within [low, high] characters (word boundary, ends with '.')."""
    target = rng.randint(low, high)
    text = ""
    while len(text) < target:
        text = f"{text} {sentence(rng)}".strip()
    if len(text) > high:
        text = text[: high - 1].rsplit(" ", 1)[0].rstrip(".,") + "."
    return text


def section_text(rng: random.Random, budget: int) -> str:
    paragraphs: list[str] = []
    used = 0
    while used < budget:
        sentences: list[str] = []
        for _ in range(rng.randint(2, 5)):
            candidate = sentence(rng)
            if sentences and used + len(candidate) > budget:
                break
            sentences.append(candidate)
            used += len(candidate) + 1
        paragraphs.append(" ".join(sentences))
        if used + 300 < budget and rng.random() < 0.15:
            items = [sentence(rng, 4, 9) for _ in range(rng.randint(3, 5))]
            paragraphs.append("\n".join(f"- {item}" for item in items))
            used += sum(len(item) + 3 for item in items)
    return "\n\n".join(paragraphs)


def body(rng: random.Random) -> str:
    # Triangular with a low mode: most real entries are short, a few are long.
    total = int(rng.triangular(2200, 5000, 2800))
    parts = [
        f"## {title}\n\n{section_text(rng, int(total * share))}\n"
        for title, share in zip(SECTIONS, SECTION_SHARES, strict=True)
    ]
    return "\n".join(parts)


# --- front matter ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    text: str


def make_entry(
    index: int, seed: int, ref: ReferenceData, dist: Distributions, earlier_ids: Sequence[str]
) -> Entry:
    # One generator per entry: entry i is the same whatever the catalogue's size.
    rng = random.Random(f"katalog-synth:{seed}:entry:{index}")
    province = NATIONAL if rng.random() < 0.04 else dist.provinces.draw(rng)
    topic = rng.choice(_TITLE_TOPICS)
    slug = f"{topic.lower().replace(' ', '-')}-{index:06d}"
    launched = dist.years.draw(rng) if rng.random() < 0.85 else None
    front: dict[str, Any] = {
        "title": f"{TITLE_PREFIX}{_acronym(rng)}: {topic} Contoh {index}",
        "summary": text_of_length(rng, 80, 300),
    }
    front.update(_agency_and_regency(rng, province, ref, dist))
    front["sectors"] = dist.sectors.draw_distinct(rng, _one_to_three(rng))
    front["sdgs"] = sorted(dist.sdgs.draw_distinct(rng, _one_to_three(rng)))
    if rng.random() < 0.2:
        # Targets .1-.3 exist for every goal (goal 13 has only three numbered targets).
        front["sdg_targets"] = [f"{front['sdgs'][0]}.{rng.randint(1, 3)}"]
    if launched is not None:
        front["launched"] = launched
    _add_optional(front, rng, launched, index, ref, earlier_ids)
    text = "---\n" + _dump_yaml(front) + "---\n\n" + body(rng)
    return Entry(id=f"{province}/{slug}", text=text)


def _acronym(rng: random.Random) -> str:
    letters = "".join(rng.choices("ABDEGIKLMNOPRSTU", k=rng.randint(3, 6)))
    return rng.choice(("SI-", "E-", "GO-", "")) + letters


def _one_to_three(rng: random.Random) -> int:
    return rng.choices((1, 2, 3), weights=(55, 30, 15))[0]


def _agency_and_regency(
    rng: random.Random, province: str, ref: ReferenceData, dist: Distributions
) -> dict[str, Any]:
    if province == NATIONAL:
        kind = dist.national_agency_types.draw(rng)
        return {"agency": {"name": _agency_name(rng, kind), "type": kind}}
    kind = dist.regional_agency_types.draw(rng)
    regencies = ref.regencies.get(province, ())
    if (
        kind == "pemerintah-provinsi"
        or not regencies
        or (kind in ("bumd", "lainnya") and rng.random() < 0.5)
    ):
        return {"agency": {"name": _agency_name(rng, kind), "type": kind}}
    regency = rng.choice(regencies)
    if kind == "pemerintah-kabupaten" and regency.is_city:
        kind = "pemerintah-kota"
    return {"agency": {"name": _agency_name(rng, kind), "type": kind}, "regency": regency.code}


def _agency_name(rng: random.Random, kind: str) -> str:
    return _AGENCY_NAME_BY_TYPE[kind].format(n=rng.randint(1, 999), unit=rng.choice(_UNITS))


def _add_optional(
    front: dict[str, Any],
    rng: random.Random,
    launched: int | None,
    index: int,
    ref: ReferenceData,
    earlier_ids: Sequence[str],
) -> None:
    since = launched or 2014
    if rng.random() < 0.3:
        front["stage"] = rng.choice(("inisiatif", "uji-coba", "penerapan"))
    if rng.random() < 0.2:
        front["status"] = rng.choice(("aktif", "berhenti", "tidak-diketahui"))
    if rng.random() < 0.1:
        awards = [_award(rng, ref, since) for _ in range(rng.randint(1, 2))]
        # The same award twice is an error: keep one per programme and year.
        front["awards"] = list({(a["program"], a["year"]): a for a in awards}.values())
    if earlier_ids and rng.random() < 0.15:
        front["replicates"] = earlier_ids[rng.randrange(len(earlier_ids))]
    if rng.random() < 0.08:
        front["replications"] = [_replication(rng, ref, since) for _ in range(rng.randint(1, 3))]
    if rng.random() < 0.3:
        number, year = rng.randint(1, 60), rng.randint(since, LAST_YEAR)
        front["legal_basis"] = [f"Peraturan Bupati Contoh Nomor {number} Tahun {year}"]
    if rng.random() < 0.4:
        front["links"] = [{"title": "Laman contoh", "url": f"https://example.org/sintetis/{index}"}]
    if rng.random() < 0.25:
        front["contact"] = {"unit": "Bidang Contoh Inovasi", "email": "inovasi@example.org"}
    front["tags"] = [SYNTHETIC_TAG, *sorted(set(rng.choices(_TAGS, k=rng.randint(0, 4))))]
    if rng.random() < 0.1:
        front["translations"] = {
            "en": {
                "title": f"[SYNTHETIC] Example innovation {index}",
                "summary": "A synthetic entry generated for build benchmarks, not an innovation.",
            }
        }


def _award(rng: random.Random, ref: ReferenceData, since: int) -> dict[str, Any]:
    program = rng.choice(sorted(ref.award_levels))
    award: dict[str, Any] = {
        "program": program,
        "year": rng.randint(max(since, 2014), LAST_YEAR),
        "level": rng.choice(ref.award_levels[program]),
    }
    if rng.random() < 0.3:
        award["decree"] = f"Keputusan Contoh Nomor {rng.randint(1, 999)} Tahun {award['year']}"
    return award


def _replication(rng: random.Random, ref: ReferenceData, since: int) -> dict[str, Any]:
    province = rng.choice(ref.provinces)
    item: dict[str, Any] = {
        "agency": f"Pemerintah Daerah Contoh {rng.randint(1, 999)}",
        "province": province,
    }
    regencies = ref.regencies.get(province, ())
    if regencies and rng.random() < 0.7:
        item["regency"] = rng.choice(regencies).code
    item["year"] = rng.randint(since, LAST_YEAR)
    if rng.random() < 0.6:
        item["status"] = rng.choice(("komitmen", "berjalan", "selesai", "berhenti"))
    return item


def _dump_yaml(data: dict[str, Any]) -> str:
    dumped = yaml.dump(
        data,
        Dumper=_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10_000,
    )
    return str(dumped)


# --- catalogue ---------------------------------------------------------------------------------


def iter_entries(n: int, seed: int = 1, ref: ReferenceData | None = None) -> Iterator[Entry]:
    # A generator: 50k entries of a few KB each need not sit in memory together.
    ref = ref or load_reference_data()
    dist = make_distributions(ref, seed)
    ids: list[str] = []
    for index in range(n):
        entry = make_entry(index, seed, ref, dist, ids)
        ids.append(entry.id)
        yield entry


def write_catalogue(n: int, out: Path, seed: int = 1) -> Path:
    """Write a synthetic catalogue of `n` entries under `out`; returns `out / "content"`."""
    out = Path(out)
    _prepare_out(out)
    content = out / "content"
    taxonomies = content / "taxonomies"
    taxonomies.mkdir(parents=True)
    for source in sorted((PROJECT_ROOT / "content" / "taxonomies").glob("*.yml")):
        shutil.copyfile(source, taxonomies / source.name)
    (out / "README.md").write_text(_README, encoding="utf-8")
    innovations = content / "innovations"
    made: set[Path] = set()
    for entry in iter_entries(n, seed):
        path = innovations / f"{entry.id}.md"
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(entry.text.encode("utf-8"))
    return content


def _prepare_out(out: Path) -> None:
    """Clear an earlier synthetic catalogue, but never a folder this module did not write."""
    if not out.exists():
        out.mkdir(parents=True)
        return
    readme = out / "README.md"
    if readme.exists() and README_MARKER in readme.read_text(encoding="utf-8"):
        shutil.rmtree(out / "content", ignore_errors=True)
        return
    if any(out.iterdir()):
        raise SystemExit(f"{out}: not empty and not a synthetic catalogue; refusing to overwrite")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, required=True, help="number of entries")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    content = write_catalogue(args.entries, args.out, args.seed)
    print(f"{args.entries} synthetic entries written under {content}")


if __name__ == "__main__":
    main()
