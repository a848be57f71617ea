"""`katalog new` asked interactively: each answer checked as typed and asked again when wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.entries.catalogue import load_catalogue

from .conftest import ROOT


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content/taxonomies", content / "taxonomies")
    return content


def _run(content: Path, answers: list[str], *flags: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        main, ["new", "--content", str(content), *flags], input="\n".join(answers) + "\n"
    )


def test_wrong_answers_are_explained_and_asked_again(tmp_path: Path) -> None:
    content = _content(tmp_path)
    result = _run(
        content,
        [
            "jawa-brat",  # typo: suggested, asked again
            "jawa-barat",
            "33.02",  # a regency of another province
            "32.73",
            "PB",  # title too short
            "Pendaftaran Bayi Daring",
            "",  # the slug suggested from the title
            "Terlalu pendek",  # summary too short
            "Orang tua mendaftarkan akta kelahiran bayi dari rumah lewat aplikasi.",
            "Dinas Kependudukan dan Pencatatan Sipil Kota Bandung",
            "dinas",  # not an agency type
            "pemerintah-kota",
            "adminduk, kesehatan",  # one unknown sector
            "administrasi-kependudukan, kesehatan",
            "16, 18",  # goal out of range
            "16, 3",
            "20019",  # year out of range
            "2019",
        ],
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "✗ nilai 'jawa-brat' tidak dikenal; mungkin maksudnya 'jawa-barat'?" in out
    assert "✗ kabupaten/kota 33.02 (Kabupaten Banyumas) tidak terletak di provinsi" in out
    assert "✗ panjang 2 karakter; tulis 3-120 karakter" in out
    assert "[pendaftaran-bayi-daring]" in out  # the default shown
    assert "✗ panjang 14 karakter; tulis 20-400 karakter" in out
    assert "✗ nilai 'dinas' tidak dikenal; nilai yang sah: kementerian" in out
    assert "✗ nilai 'adminduk' tidak dikenal;" in out
    assert "✗ nilai 18 di luar rentang; tulis angka 1-17" in out
    assert "✗ nilai 20019 di luar rentang" in out
    assert "dibuat: " in out and "katalog validate" in out
    path = content / "innovations/jawa-barat/pendaftaran-bayi-daring.md"
    text = path.read_text()
    assert "sectors: [administrasi-kependudukan, kesehatan]" in text
    assert "sdgs: [16, 3]" in text
    assert "launched: 2019" in text
    assert 'regency: "32.73"' in text
    catalogue = load_catalogue(content)
    assert catalogue.errors == ()
    (entry,) = catalogue.entries
    assert entry.sectors == ("administrasi-kependudukan", "kesehatan") and entry.sdgs == (16, 3)


def test_the_launch_year_is_optional(tmp_path: Path) -> None:
    content = _content(tmp_path)
    result = _run(
        content,
        ["nasional", "Layanan Pusat", "layanan-pusat",
         "Layanan pusat yang melayani warga dari seluruh provinsi.", "Kementerian Uji",
         "kementerian", "tata-kelola", "16", ""],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Kabupaten/kota" not in result.output  # nasional has none to ask for
    text = (content / "innovations/nasional/layanan-pusat.md").read_text()
    assert "launched" not in text


def test_a_taken_file_name_is_asked_again_before_anything_is_lost(tmp_path: Path) -> None:
    content = _content(tmp_path)
    taken = content / "innovations/bali/layanan-lama.md"
    taken.parent.mkdir(parents=True)
    taken.write_text("isi asli\n")
    result = _run(
        content,
        ["bali", "", "Layanan Lama", "", "layanan-baru",
         "Ringkasan layanan baru yang cukup panjang untuk uji.", "Dinas Uji",
         "pemerintah-provinsi", "pariwisata", "8", ""],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "✗ bali/layanan-lama.md sudah ada; pilih nama berkas lain" in result.output
    assert taken.read_text() == "isi asli\n"
    assert (content / "innovations/bali/layanan-baru.md").exists()


def test_wrong_flags_are_asked_again_when_interactive(tmp_path: Path) -> None:
    content = _content(tmp_path)
    result = _run(
        content,
        ["kesehatan", "3", ""],
        "--province", "jawa-barat", "--regency", "32.73", "--title", "Antrean Uji",
        "--slug", "antrean-uji", "--summary", "Ringkasan uji yang cukup panjang untuk lolos.",
        "--agency-name", "Dinas Uji", "--agency-type", "pemerintah-kota",
        "--sector", "kesehtan", "--sdg", "30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "✗ nilai 'kesehtan' tidak dikenal; mungkin maksudnya 'kesehatan'?" in result.output
    assert "✗ nilai 30 di luar rentang; tulis angka 1-17" in result.output
    assert "Nama inovasi" not in result.output  # given flags are not asked again


def test_prompts_and_errors_in_english(tmp_path: Path) -> None:
    content = _content(tmp_path)
    result = _run(
        content,
        ["nasional", "Central Service", "", "A central service that serves citizens of every "
         "province.", "Ministry of Tests", "ministry", "kementerian", "tata-kelola", "16", ""],
        "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Name of the innovation" in result.output
    assert "✗ unknown value 'ministry'; valid values: kementerian" in result.output
    assert "created: " in result.output
