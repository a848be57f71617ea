"""Licence notices that travel with published data: exports, the feed, the form's vocabulary."""

from __future__ import annotations

# The repository states no other licence for its content (README, LICENSE), so CC BY 4.0 applies.
CONTENT_LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/deed.id",
    "note": "Isi katalog berlisensi Creative Commons Atribusi 4.0 Internasional (CC BY 4.0).",
}
# Regencies and province codes derive from idn-area-data (see generator/data/README.md).
AREA_LICENCE = {
    "name": "ODbL 1.0",
    "url": "https://opendatacommons.org/licenses/odbl/1-0/",
    "note": "Memuat informasi dari idn-area-data (ODbL)",
    "source": "https://github.com/fityannugroho/idn-area-data",
}
