"""What the contribution form at /kontribusi/ needs: the vocabularies, the validator's rules and
the sentences of the one message catalogue."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..entries.catalogue import Catalogue
from ..entries.loading import repository_path
from ..entries.messages import LANGUAGES, MESSAGES, TEXTS
from ..entries.rules import (
    AGENCY_TYPES,
    EMAIL_RE,
    FIRST_YEAR,
    HTML_TAG_RE,
    ID_RE,
    MAX_LIST,
    MAX_SDG_TARGETS,
    MAX_SDGS,
    MAX_SECTORS,
    MAX_TAGS,
    NAME_LENGTH,
    PHONE_RE,
    RECOMMENDED_SECTIONS,
    REGENCY_RE,
    REPLICATION_STATUSES,
    SDG_TARGET_RE,
    SLUG_LENGTH,
    SLUG_RE,
    STAGES,
    STATUSES,
    SUMMARY_LENGTH,
    TAG_LENGTH,
    TEXT_LENGTH,
    TITLE_LENGTH,
    URL_RE,
)
from ..labels import (
    AGENCY_TYPE_LABELS,
    REPLICATION_STATUS_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    label,
)
from ..settings import OutputFile, SiteSettings
from .licences import AREA_LICENCE, CONTENT_LICENCE

FORM_VOCAB_PATH = "kontribusi/vocab.json"
ASSETS_DIR = Path(__file__).parent
# Static files of the form: the sources sit beside this module, published under assets/kontribusi/.
FORM_ASSETS = ("kontribusi/form.js", "kontribusi/form.css")
# The validator's patterns, sent to the browser: each means the same in JavaScript (no `u` flag).
PATTERNS_BY_NAME = {
    "slug": SLUG_RE,
    "id": ID_RE,
    "regency": REGENCY_RE,
    "sdg_target": SDG_TARGET_RE,
    "email": EMAIL_RE,
    "phone": PHONE_RE,
    "url": URL_RE,
    "html_tag": HTML_TAG_RE,
}

# The problem codes the form checks itself (form.js), in the validator's words where it has them.
FORM_PROBLEM_CODES = (
    "count",
    "date-format",
    "duplicate",
    "email-format",
    "form-choose-agency-type",
    "form-choose-award-level",
    "form-choose-award-program",
    "form-choose-province",
    "form-required",
    "form-year-digits",
    "id-format",
    "length",
    "phone-format",
    "range",
    "regency-province",
    "replicates-self",
    "sdg-target-format",
    "sdg-target-goal",
    "slug-invalid",
    "summary-html",
    "url-https",
)
# Labels, hints and statuses of the form: the TEXTS whose name starts with this.
FORM_TEXT_PREFIX = "form-"


def form_messages() -> dict[str, dict[str, dict[str, str]]]:
    """language -> {"problems": code -> template, "texts": name -> template}, for form.js."""
    texts = {name: pair for name, pair in TEXTS.items() if name.startswith(FORM_TEXT_PREFIX)}
    return {
        lang: {
            "problems": {code: MESSAGES[code][index] for code in FORM_PROBLEM_CODES},
            "texts": {name: pair[index] for name, pair in texts.items()},
        }
        for index, lang in enumerate(LANGUAGES)
    }


def new_file_url(settings: SiteSettings, folder: str = "content/innovations") -> str:
    """The forge's "new file" page for the innovations `folder` (a repository path), from the
    edit URL; "" if unknown."""
    head, found, branch = settings.repo_edit_url.rpartition("/edit/")
    if not found or not head or not branch.strip("/"):
        return ""
    return f"{head}/new/{branch.strip('/')}/{folder}/"


def _terms(slugs: Sequence[str], names: dict[str, str]) -> list[dict[str, str]]:
    return [{"slug": slug, "name": label(names, slug)} for slug in slugs]


def form_vocabulary(catalogue: Catalogue, settings: SiteSettings) -> dict[str, Any]:
    """Every list and every limit the form checks against, as JSON data."""
    vocab = catalogue.vocab
    content_path = repository_path(catalogue.content_dir / "innovations", catalogue.content_dir)
    return {
        "schema_version": 1,
        "site_name": settings.site_name,
        "content_path": content_path,
        "new_file_url": new_file_url(settings, content_path),
        "province_scope": list(catalogue.province_scope),
        "limits": {
            "title": TITLE_LENGTH,
            "summary": SUMMARY_LENGTH,
            "name": NAME_LENGTH,
            "text": TEXT_LENGTH,
            "tag": TAG_LENGTH,
            "slug": SLUG_LENGTH,
            "sectors": MAX_SECTORS,
            "sdgs": MAX_SDGS,
            "sdg_targets": MAX_SDG_TARGETS,
            "tags": MAX_TAGS,
            "list": MAX_LIST,
            "first_year": FIRST_YEAR,
        },
        "patterns": {name: pattern.pattern for name, pattern in PATTERNS_BY_NAME.items()},
        "sections": list(RECOMMENDED_SECTIONS),
        "provinces": [
            {"slug": p.slug, "name": p.name, "code": p.code} for p in vocab.provinces.values()
        ],
        "regencies": {
            slug: [[r.code, r.name] for r in vocab.regencies_of(slug)] for slug in vocab.provinces
        },
        "sectors": [{"slug": t.slug, "name": t.name} for t in vocab.sectors.values()],
        "goals": [
            {"number": g.number, "name": g.name, "colour": g.colour} for g in vocab.goals.values()
        ],
        "awards": [
            {
                "slug": a.slug,
                "name": a.name,
                "levels": [{"slug": level.slug, "name": level.name} for level in a.levels],
            }
            for a in vocab.awards.values()
        ],
        "agency_types": _terms(AGENCY_TYPES, AGENCY_TYPE_LABELS),
        "stages": _terms(STAGES, STAGE_LABELS),
        "statuses": _terms(STATUSES, STATUS_LABELS),
        "replication_statuses": _terms(REPLICATION_STATUSES, REPLICATION_STATUS_LABELS),
        "licence": {"content": CONTENT_LICENCE, "area_data": AREA_LICENCE},
        "messages": form_messages(),
    }


def build_form_vocabulary(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`kontribusi/vocab.json`: fetched by the form from its own page's folder."""
    text = json.dumps(
        form_vocabulary(catalogue, settings), ensure_ascii=False, separators=(",", ":")
    )
    return (text + "\n").encode("utf-8")


Builder = Callable[[Catalogue, SiteSettings], bytes]


def _asset(name: str) -> Builder:
    return lambda catalogue, settings: (ASSETS_DIR / name.removeprefix("kontribusi/")).read_bytes()


# Site path -> bytes: the vocabulary, and the form's script and stylesheet that the page links to.
FORM_FILES_BY_PATH: dict[str, Builder] = {
    FORM_VOCAB_PATH: build_form_vocabulary,
    **{f"assets/{name}": _asset(name) for name in FORM_ASSETS},
}


def build_form_files(catalogue: Catalogue, settings: SiteSettings) -> list[OutputFile]:
    """Every file /kontribusi/ needs besides its page (docs/kontribusi.md), sorted by path."""
    return [
        OutputFile(path, build(catalogue, settings))
        for path, build in sorted(FORM_FILES_BY_PATH.items())
    ]
