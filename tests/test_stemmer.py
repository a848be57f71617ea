"""The Indonesian stemmer: known stems, and the Python and JavaScript sides agreeing word for word.

`tests/stemmer_vectors.json` pins the stems of a few hundred words. This test checks Python
against it (and Node, when installed); tests/browser/test_search.py checks the browser against it.
Refresh it with `pytest tests/test_stemmer.py --update-golden` and review the diff.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.search.stemmer import (
    ROOTS_FILE,
    STOPWORDS_FILE,
    Stemmer,
    default_lexicon,
    read_word_list,
    split_words,
)

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "stemmer_vectors.json"
STEMMER_JS = ROOT / "generator" / "search" / "stemmer.js"

# Words the vectors pin: the families the issue names, affix rules one by one, recoding
# alternatives, words the dictionary protects, loanwords and place names.
_VECTOR_TEXT = """
layanan pelayanan melayani dilayani pelayanannya layani terlayani
kesehatan sehat menyehatkan pendidikan mendidik didik pendidik
pemerintah pemerintahan perintah memerintahkan
pemantauan memantau dipantau pantau
perizinan izin mengizinkan perizinannya
kelahiran lahir dilahirkan akta
antrean antre mengantre puskesmas
kependudukan penduduk kependudukannya
pengelolaan mengelola dikelola kelola
pengaduan mengadukan diadukan adu
pengembangan mengembangkan berkembang kembang
pertanian petani bertani tani
penyelenggaraan menyelenggarakan diselenggarakan
digitalisasi digital informasi inovasi inovasinya
sosialisasi mensosialisasikan disosialisasikan
peningkatan meningkatkan ditingkatkan tingkat
kebijakan bijak perbaikan memperbaiki diperbaiki baik
pelatihan melatih dilatih latih pelatih
pekerja pekerjaan bekerja ketenagakerjaan kerja
penanganan menangani ditangani
pengetahuan diketahui mengetahui tahu
kecamatan kelurahan lurah camat
menteri kementerian
nilai penilaian menilai dinilai
pangan ketahanan bertahan
sekolah sektor masalah langkah
pemakaian memakai dipakai pakai
perumahan rumah
belajar pembelajaran pelajar mengajar ajar
keberhasilan berhasil hasil menghasilkan
penerapan menerapkan diterapkan terap
terpadu keterpaduan terbuka keterbukaan
kemiskinan miskin persampahan sampah
penyakit sakit kerusakan rusak
pengurangan berkurang mengurangi kurang
masukan memasukkan masuk
penyediaan menyediakan tersedia sedia
pemberdayaan memberdayakan berdaya daya
penggunaan menggunakan digunakan guna
penanaman menanam tanaman tanam
pembangunan membangun bangunan bangun
pencegahan mencegah cegah
pendaftaran mendaftar terdaftar daftar
pengiriman mengirim dikirim kirim
penyuluhan menyuluh suluh
perlindungan melindungi dilindungi lindung
pemenuhan memenuhi penuh
pengawasan mengawasi awas
pemasaran memasarkan pasar
pemulihan memulihkan pulih
penataan menata tata
pemilihan memilih pilih
pemanfaatan memanfaatkan manfaat
kemudahan memudahkan mudah
percepatan mempercepat cepat
keterlibatan melibatkan terlibat libat
kerjasama bekerjasama
kolaborasi berkolaborasi
replikasi mereplikasi direplikasi
bekasi semarang pekalongan kediri medan denpasar
aplikasinya sistemnya daring luring
dan yang di ke dari untuk
e ktp covid 2020 19 uu
"""
VECTOR_WORDS = _VECTOR_TEXT.split()

TEXT_VECTORS = [
    "Layanan Antrean Puskesmas Daring",
    "Pelayanan  administrasi kependudukan: akta kelahiran, KTP-el & kartu keluarga",
    "Inovasi-inovasi yang DIREPLIKASI oleh kabupaten/kota se-Kalimantan Barat",
    "Sistem Informasi Desa (SID) tahun 2020–2022",
    "Peningkatan kualitas pelayanan publik melalui e-Government",
    "Pemberdayaan perempuan dan anak: café, naïve, résumé",
    "Kompetisi Inovasi Pelayanan Publik (KIPP) Top 45",
]


def current_vectors() -> dict[str, object]:
    stemmer = Stemmer(default_lexicon())
    return {
        "words": [[w, stemmer.stem(w)] for w in VECTOR_WORDS],
        "texts": [[t, stemmer.terms(t)] for t in TEXT_VECTORS],
    }


def format_vectors(vectors: dict[str, object]) -> str:
    """One vector a line, so a changed stem shows as a one-line diff."""
    parts = []
    for key, rows in vectors.items():
        lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)  # type: ignore[attr-defined]
        parts.append(f" {json.dumps(key)}: [\n{lines}\n ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def test_vectors_match_python(update_golden: bool) -> None:
    expected = current_vectors()
    if update_golden or not VECTORS.exists():
        VECTORS.write_text(format_vectors(expected), "utf-8")
    assert json.loads(VECTORS.read_text("utf-8")) == expected


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        (("layanan", "pelayanan", "melayani", "dilayani", "pelayanannya"), "layan"),
        (("pendidikan", "mendidik", "pendidik"), "didik"),
        (("kelahiran", "lahir", "dilahirkan"), "lahir"),
        (("pengelolaan", "mengelola", "dikelola"), "kelola"),
        (("pemantauan", "memantau", "dipantau"), "pantau"),
        (("pertanian", "petani", "bertani"), "tani"),
        (("memperbaiki", "perbaikan", "diperbaiki"), "baik"),
        (("pengetahuan", "diketahui", "mengetahui"), "tahu"),
    ],
)
def test_word_families_share_a_stem(words: tuple[str, ...], stem: str) -> None:
    stemmer = Stemmer()
    assert {w: stemmer.stem(w) for w in words} == dict.fromkeys(words, stem)


def test_roots_and_lexicalised_words_stay_whole() -> None:
    stemmer = Stemmer()
    for word in ("sekolah", "pangan", "digital", "sektor", "menteri", "pemerintah", "puskesmas"):
        assert stemmer.stem(word) == word


def test_words_without_letters_only_or_too_short_are_kept() -> None:
    stemmer = Stemmer()
    assert [stemmer.stem(w) for w in ("2020", "e5", "ktp", "uu")] == ["2020", "e5", "ktp", "uu"]


def test_tokenizer_folds_case_diacritics_and_separators() -> None:
    assert split_words("Café, NAÏVE e-KTP  kabupaten/kota 2020–2022 x") == [
        "cafe", "naive", "ktp", "kabupaten", "kota", "2020", "2022",
    ]  # fmt: skip


def test_terms_drop_stopwords() -> None:
    assert Stemmer().terms("layanan untuk dan yang di masyarakat") == ["layan", "masyarakat"]


@pytest.mark.parametrize("path", [ROOTS_FILE, STOPWORDS_FILE])
def test_word_lists_are_sorted_unique_lowercase(path: Path) -> None:
    words = read_word_list(path)
    assert words == sorted(set(words))
    assert all(w.isalpha() and w.isascii() and w.islower() for w in words)


NODE_RUNNER = """
const S = require(process.argv[1]);
const lex = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const st = new S.Stemmer(lex);
process.stdout.write(JSON.stringify({
  words: lex.words.map(w => [w, st.stem(w)]),
  texts: lex.texts.map(t => [t, st.terms(t)]),
}));
"""


def run_node(words: list[str], texts: list[str]) -> dict[str, object]:
    lexicon = default_lexicon()
    payload = {
        "roots": sorted(lexicon.roots),
        "stopwords": sorted(lexicon.stopwords),
        "words": words,
        "texts": texts,
    }
    done = subprocess.run(
        ["node", "-e", NODE_RUNNER, str(STEMMER_JS)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


needs_node = pytest.mark.node  # Node.js runs the same stemmer as the browser


@needs_node
def test_javascript_matches_vectors() -> None:
    vectors = json.loads(VECTORS.read_text("utf-8"))
    words = [w for w, _ in vectors["words"]]
    texts = [t for t, _ in vectors["texts"]]
    assert run_node(words, texts) == vectors


def _many_words() -> list[str]:
    """Every word of the repository's entries and fixtures, plus affixed forms of every root."""
    words: set[str] = set()
    for folder in (ROOT / "content", ROOT / "tests" / "catalogue"):
        for path in sorted(folder.rglob("*.md")):
            # the invalid fixtures include a file that is not UTF-8 on purpose
            words.update(split_words(path.read_bytes().decode("utf-8", "replace")))
    prefixes = (
        "",
        "me",
        "mem",
        "men",
        "meng",
        "meny",
        "pe",
        "pem",
        "pen",
        "peng",
        "peny",
        "per",
        "ber",
        "ter",
        "di",
        "ke",
        "se",
        "memper",
        "diper",
        "keber",
        "kepen",
    )
    suffixes = ("", "an", "kan", "i", "nya", "annya", "kanlah", "lah", "pun")  # fmt: skip
    for root in sorted(default_lexicon().roots)[::7]:
        for prefix in prefixes:
            for suffix in suffixes[:: 1 + len(prefix) % 3]:
                words.add(prefix + root + suffix)
    return sorted(words)


@needs_node
def test_javascript_matches_python_on_thousands_of_words() -> None:
    words = _many_words()
    stemmer = Stemmer()
    node = run_node(words, [])
    mismatches = [(w, s) for w, s in node["words"] if stemmer.stem(w) != s]  # type: ignore[attr-defined]
    assert len(words) > 5000
    assert mismatches == []
