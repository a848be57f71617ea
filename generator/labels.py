"""How the site names stored values: Indonesian labels for enumerations and dates."""

from __future__ import annotations

import datetime as dt

AGENCY_TYPE_LABELS = {
    "kementerian": "Kementerian",
    "lembaga": "Lembaga",
    "pemerintah-provinsi": "Pemerintah provinsi",
    "pemerintah-kabupaten": "Pemerintah kabupaten",
    "pemerintah-kota": "Pemerintah kota",
    "bumn": "BUMN",
    "bumd": "BUMD",
    "rumah-sakit": "Rumah sakit",
    "perguruan-tinggi": "Perguruan tinggi",
    "lainnya": "Lainnya",
}
STAGE_LABELS = {"inisiatif": "Inisiatif", "uji-coba": "Uji coba", "penerapan": "Penerapan"}
STATUS_LABELS = {"aktif": "Aktif", "berhenti": "Berhenti", "tidak-diketahui": "Tidak diketahui"}
# Stage and status have no default: an entry that does not state them is counted under this term
# (search filters, statistics), never under a guessed "penerapan" or "aktif".
UNSTATED = "tidak-disebut"
UNSTATED_LABEL = "Tidak disebut"
REPLICATION_STATUS_LABELS = {
    "komitmen": "Komitmen",
    "berjalan": "Berjalan",
    "selesai": "Selesai",
    "berhenti": "Berhenti",
}
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def label(labels: dict[str, str], value: str | None) -> str:
    """The label of `value`, or the value itself for a term a fork added."""
    return labels.get(value or "", value or "")


def format_date(value: dt.date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_count(value: int) -> str:
    """Indonesian digit grouping: 12.345."""
    return f"{value:,}".replace(",", ".")


def format_size(size: int) -> str:
    """A file size as a visitor reads it, Indonesian decimal comma: 850 B, 12 KB, 1,4 MB."""
    for unit, scale in (("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if size >= scale:
            value = size / scale
            text = f"{value:.1f}" if value < 10 else f"{value:.0f}"
            return f"{text.removesuffix('.0').replace('.', ',')} {unit}"
    return f"{size} B"
