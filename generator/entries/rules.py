"""The entry format's rules: keys, enumerations, limits, patterns; one source for every checker."""

from __future__ import annotations

import re

# Every key of the front matter, required first; anything else is a typo and an error.
REQUIRED_KEYS = ("title", "summary", "agency", "sectors", "sdgs")
OPTIONAL_KEYS = (
    "regency",
    "sdg_targets",
    "launched",
    "stage",
    "status",
    "awards",
    "replicates",
    "replications",
    "legal_basis",
    "links",
    "contact",
    "tags",
    "updated",
    "translations",
    "redirect_from",
)
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

AGENCY_TYPES = (
    "kementerian",
    "lembaga",
    "pemerintah-provinsi",
    "pemerintah-kabupaten",
    "pemerintah-kota",
    "bumn",
    "bumd",
    "rumah-sakit",
    "perguruan-tinggi",
    "lainnya",
)
STAGES = ("inisiatif", "uji-coba", "penerapan")
STATUSES = ("aktif", "berhenti", "tidak-diketahui")
REPLICATION_STATUSES = ("komitmen", "berjalan", "selesai", "berhenti")
# No default stage or status: an entry that does not state them says nothing about them.

# (shortest, longest) in characters, after runs of white space are folded to one space.
TITLE_LENGTH = (3, 120)
SUMMARY_LENGTH = (20, 400)
NAME_LENGTH = (3, 200)
TEXT_LENGTH = (1, 500)
TAG_LENGTH = (2, 40)
SLUG_LENGTH = (3, 80)
MAX_SECTORS = 3
MAX_SDGS = 3
MAX_SDG_TARGETS = 10
MAX_TAGS = 8
MAX_LIST = 50
GOALS = (1, 17)
# The first year a `launched` or award year may name; the last is the build's current year.
FIRST_YEAR = 1990
# `updated` may run ahead of the build's date by this many days (time zones, a late-night merge).
UPDATED_GRACE_DAYS = 1

# An entry file, read whole; a body nested deeper than this is refused before it is rendered:
# deep nesting costs the Markdown and HTML passes quadratic time and yields pages no one can read.
MAX_BYTES = 256 * 1024
MAX_BODY_DEPTH = 16
# Front matter never needs depth; a cap keeps hostile nesting from exhausting the stack.
MAX_FRONT_MATTER_DEPTH = 12
MEDIA_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
RECOMMENDED_SECTIONS = ("Latar Belakang", "Inovasi", "Dampak", "Keberlanjutan", "Replikasi")

# Each pattern means the same in Python and in JavaScript without the `u` flag (the form and the
# JSON Schema send them to browsers and editors as they are).
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RE = re.compile(r"^[a-z0-9-]+/[a-z0-9-]+$")
REGENCY_RE = re.compile(r"^\d{2}\.\d{2}$")
SDG_TARGET_RE = re.compile(r"^(\d{1,2})\.([1-9a-c]|1[0-9])$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{4,22}[0-9]$")
URL_RE = re.compile(r'^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>"]*)?$')
HTML_TAG_RE = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>")
HEADING_RE = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)


def is_valid_slug(slug: str) -> bool:
    """The one slug rule: entry file names, and the slugs of every vocabulary term."""
    return SLUG_LENGTH[0] <= len(slug) <= SLUG_LENGTH[1] and bool(SLUG_RE.match(slug))
