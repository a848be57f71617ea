"""Stats: the counts of the synthetic export catalogue, in both output formats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.entries.catalogue import Catalogue, load_catalogue
from generator.facets import FACETS
from generator.labels import UNSTATED
from generator.opendata.stats import compute_stats, format_text, stats_to_data

from .conftest import CATALOGUE

FIXTURE = CATALOGUE / "exports"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(FIXTURE, this_year=2026)


def counts(catalogue: Catalogue, facet: str) -> dict[str, int]:
    data = stats_to_data(compute_stats(catalogue))
    facets = data["facets"]
    assert isinstance(facets, dict)
    return {c["key"]: c["count"] for c in facets[facet]}


def test_counts_per_facet(catalogue: Catalogue) -> None:
    assert counts(catalogue, "provinsi") == {"jawa-barat": 2, "kalimantan-barat": 1, "nasional": 1}
    assert counts(catalogue, "sektor") == {
        "pendidikan": 1,
        "kesehatan": 1,
        "administrasi-kependudukan": 2,
        "tata-kelola": 1,
    }
    # Two entries name their regency; the other two are counted as not stated.
    assert counts(catalogue, "kabupaten-kota") == {"32.75": 1, "61.01": 1, UNSTATED: 2}
    assert counts(catalogue, "sdg") == {"3": 1, "4": 1, "10": 1, "16": 2}
    assert counts(catalogue, "tahun") == {"2019": 1, "2022": 1, UNSTATED: 2}
    assert counts(catalogue, "penghargaan") == {
        "kipp": 1,
        "kipp/top-99": 1,
        "unpsa": 1,
        "unpsa/finalis": 1,
    }
    assert counts(catalogue, "instansi") == {
        "kementerian": 1,
        "pemerintah-provinsi": 1,
        "pemerintah-kabupaten": 1,
        "pemerintah-kota": 1,
    }
    # Only entries whose file states a stage or status count under it; the rest are "not stated".
    assert counts(catalogue, "tahap") == {"uji-coba": 1, UNSTATED: 3}
    assert counts(catalogue, "status") == {"aktif": 1, "berhenti": 1, UNSTATED: 2}


def test_counts_in_vocabulary_order(catalogue: Catalogue) -> None:
    assert list(counts(catalogue, "sdg")) == ["3", "4", "10", "16"]
    assert list(counts(catalogue, "tahun")) == ["2019", "2022", UNSTATED]


def test_single_valued_facets_add_up_to_the_entries(catalogue: Catalogue) -> None:
    for facet in ("provinsi", "kabupaten-kota", "tahun", "instansi", "tahap", "status"):
        assert sum(counts(catalogue, facet).values()) == len(catalogue.entries) == 4


def test_replications_and_problems(catalogue: Catalogue) -> None:
    stats = compute_stats(catalogue)
    assert (stats.replication_links, stats.replicating_entries, stats.listed_adopters) == (3, 1, 2)
    assert stats.replicated_innovations == 1
    assert (stats.errors, stats.warnings, stats.files_with_problems) == (0, 0, 0)
    invalid = load_catalogue(CATALOGUE / "invalid", this_year=2026)
    broken = compute_stats(invalid)
    assert broken.errors == len(invalid.errors) > 0
    assert broken.errors + broken.warnings == len(invalid.problems)
    assert broken.entries == len(invalid.entries)


def test_text_lists_largest_first(catalogue: Catalogue) -> None:
    text = format_text(compute_stats(catalogue))
    assert text.startswith("Entri: 4\n")
    provinces = text.split("Provinsi (3):\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert provinces[0].split() == ["2", "Jawa", "Barat", "[jawa-barat]"]
    assert "Replikasi: 3 tautan" in text
    assert "Masalah: 0 error, 0 peringatan" in text
    for facet in FACETS:
        assert facet.label in text


def test_cli_stats_json() -> None:
    result = CliRunner().invoke(main, ["stats", "--content", str(FIXTURE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["entries"] == 4
    assert data["replications"]["links"] == 3
    assert set(data["facets"]) == {facet.key for facet in FACETS}
