"""The page languages: Indonesian, the site's own, and English for entries that have a translation.

Templates are written once, in Indonesian; every piece of chrome goes through `t()`, and this
one table gives the English of each (labels of stored values included). A string missing here
shows in Indonesian, and a test fails (tests/test_english.py), so no template is ever copied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .. import labels

INDONESIAN = "id"
ENGLISH = "en"
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Indonesian chrome (as the templates write it) -> English.
ENGLISH_BY_INDONESIAN: Mapping[str, str] = {
    "Fakta inovasi": "Innovation facts",
    "Instansi": "Agency",
    "Wilayah": "Region",
    "Sektor": "Sectors",
    "TPB/SDG": "SDGs",
    "TPB": "SDG",
    "Target": "Targets",
    "Tahun peluncuran": "Launched",
    "Tahap": "Stage",
    "Status": "Status",
    "Penghargaan": "Awards",
    "Payung hukum": "Legal basis",
    "Kontak": "Contact",
    "Tautan": "Links",
    "Kata kunci": "Keywords",
    "Replikasi di katalog": "Replications in the catalogue",
    "Mereplikasi": "Replicates",
    "Direplikasi oleh": "Replicated by",
    "Semua replikasi": "All replications",
    "Terakhir ditinjau": "Last reviewed",
    "Sunting entri ini": "Edit this entry",
    "Uraian": "Description",
    "Uraian lengkap inovasi ini ditulis dalam bahasa Indonesia.": (
        "The full description of this innovation is written in Indonesian."
    ),
    "Baca uraiannya": "Read it in Indonesian",
    "Baca dalam bahasa Inggris": "Read in English",
    "Baca dalam bahasa Indonesia": "Read in Indonesian",
    # labels.py: agency types, stages, statuses, replication statuses
    "Kementerian": "Ministry",
    "Lembaga": "Government agency",
    "Pemerintah provinsi": "Provincial government",
    "Pemerintah kabupaten": "Regency government",
    "Pemerintah kota": "City government",
    "BUMN": "State-owned enterprise",
    "BUMD": "Regional government-owned enterprise",
    "Rumah sakit": "Hospital",
    "Perguruan tinggi": "University",
    "Lainnya": "Other",
    "Inisiatif": "Initiative",
    "Uji coba": "Pilot",
    "Penerapan": "Implementation",
    "Aktif": "Active",
    "Berhenti": "Discontinued",
    "Tidak diketahui": "Unknown",
    "Komitmen": "Committed",
    "Berjalan": "Ongoing",
    "Selesai": "Completed",
}


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # BCP 47, for lang and hreflang
    t: Callable[[str], str]
    format_date: Callable[[dt.date], str]


def _english(text: str) -> str:
    return ENGLISH_BY_INDONESIAN.get(text, text)


def _english_date(value: dt.date) -> str:
    return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"


LANGUAGES_BY_CODE: Mapping[str, Language] = {
    INDONESIAN: Language(INDONESIAN, lambda text: text, labels.format_date),
    ENGLISH: Language(ENGLISH, _english, _english_date),
}
