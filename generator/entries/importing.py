"""Entries from another catalogue's published full export (`katalog-lengkap.json.gz`), as files.

For a hub that is not a fork: it takes one province's entries from a catalogue it does not share
a repository with. Each entry is validated as the loader would, keeps its source as a link, and
a file changed here since the last import is never overwritten: it is reported as a conflict.
What the last import wrote is remembered in `hubs/<province>/imports.json` (file -> hash): a
hub-owned path, so a hub's pull request to national carries nothing outside its own paths.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Problem
from .loading import RawEntry, display_path, split_front_matter
from .messages import format_problem, say
from .rules import is_valid_slug
from .validation import validate_entry
from .vocabularies import Vocabularies, hubs_root
from .yamlnodes import YamlRefused, compose

IMPORT_RECORD = "imports.json"  # in the province's hub folder
SOURCE_LINK_TITLE = "Sumber impor"
MAX_EXPORT_BYTES = 1 << 30  # a gzip bomb stops here, not at the end of the memory


class ExportUnreadable(ValueError):
    """The export cannot be read at all (missing, not JSON, not a katalog export)."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # identical to what is already here
    # (file, message code): changed here since the last import, or never written by one; left alone
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)  # problems, one line each

    @property
    def failed(self) -> bool:
        return bool(self.conflicts or self.invalid)


def read_export(source: str, lang: str = "id") -> dict[str, Any]:
    """The export at a path or http(s) URL, gzipped or not."""
    try:
        if source.startswith(("https://", "http://")):
            from urllib.request import urlopen

            with urlopen(source, timeout=60) as response:
                data = response.read(MAX_EXPORT_BYTES + 1)
        else:
            data = Path(source).read_bytes()
        if data[:2] == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as unzipped:
                data = unzipped.read(MAX_EXPORT_BYTES + 1)
        if len(data) > MAX_EXPORT_BYTES:
            raise ExportUnreadable(say("import-too-large", lang, source=source))
        document = json.loads(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, EOFError) as exc:
        if isinstance(exc, ExportUnreadable):
            raise
        raise ExportUnreadable(
            say("import-unreadable", lang, source=source, detail=str(exc))
        ) from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ExportUnreadable(say("import-not-export", lang, source=source))
    if not _is_web_address(source) and not _is_web_address(_site_url(document)):
        # Every entry keeps its source as an https link: refuse once, not once per entry.
        raise ExportUnreadable(say("import-no-address", lang, source=source))
    return document


def _site_url(document: Mapping[str, Any]) -> str:
    meta = document.get("meta")
    return str(meta.get("site_url") or "") if isinstance(meta, dict) else ""


def _is_web_address(text: str) -> bool:
    return text.startswith("https://")  # what an entry's link must be


def source_link(document: Mapping[str, Any], record: Mapping[str, Any], source: str) -> str:
    """Where the entry came from: its page on the source site when the export names the site's
    address, else the export itself."""
    site_url = _site_url(document)
    url = str(record.get("url") or "")
    if _is_web_address(site_url) and url:
        return site_url.rstrip("/") + "/" + url
    return source


def entry_text(record: Mapping[str, Any], link: str) -> str:
    """An entry file holding every field of an export record, plus the source link."""
    lines = ["---", f"title: {_q(record['title'])}", f"summary: {_q(record['summary'])}"]
    agency = record["agency"]
    lines += ["agency:", f"  name: {_q(agency['name'])}", f"  type: {_q(agency['type'])}"]
    if record.get("regency"):
        lines.append(f"regency: {_q(record['regency']['code'])}")
    lines.append(f"sectors: {_flow([s['slug'] for s in record['sectors']])}")
    lines.append(f"sdgs: [{', '.join(str(int(g['number'])) for g in record['sdgs'])}]")
    if record.get("sdg_targets"):
        lines.append(f"sdg_targets: {_flow(record['sdg_targets'])}")
    if record.get("launched") is not None:
        lines.append(f"launched: {int(record['launched'])}")
    # Stage and status are optional: an entry that states none exports them as null.
    lines += [f"{key}: {_q(record[key])}" for key in ("stage", "status") if record.get(key)]
    if record.get("awards"):
        lines.append("awards:")
        for award in record["awards"]:
            lines += [f"  - program: {_q(award['program'])}", f"    year: {int(award['year'])}"]
            lines.append(f"    level: {_q(award['level'])}")
            if award.get("decree"):
                lines.append(f"    decree: {_q(award['decree'])}")
    if record.get("replicates"):
        lines.append(f"replicates: {_q(record['replicates']['id'])}")
    if record.get("replications"):
        lines.append("replications:")
        for item in record["replications"]:
            lines += [f"  - agency: {_q(item['agency'])}"]
            lines.append(f"    province: {_q(item['province']['slug'])}")
            if item.get("regency"):
                lines.append(f"    regency: {_q(item['regency']['code'])}")
            lines.append(f"    year: {int(item['year'])}")
            if item.get("status"):
                lines.append(f"    status: {_q(item['status'])}")
            if item.get("note"):
                lines.append(f"    note: {_q(item['note'])}")
    if record.get("legal_basis"):
        lines.append(f"legal_basis: {_flow(record['legal_basis'])}")
    links = [dict(x) for x in record.get("links") or [] if x.get("url") != link]
    links.append({"title": SOURCE_LINK_TITLE, "url": link})
    lines.append("links:")
    for item in links:
        lines += [f"  - title: {_q(item['title'])}", f"    url: {_q(item['url'])}"]
    contact = record.get("contact")
    if contact:
        lines += ["contact:", f"  unit: {_q(contact['unit'])}"]
        lines += [f"  {k}: {_q(contact[k])}" for k in ("email", "phone") if contact.get(k)]
    if record.get("tags"):
        lines.append(f"tags: {_flow(record['tags'])}")
    if record.get("updated"):
        lines.append(f"updated: {_q(record['updated'])}")
    english = (record.get("translations") or {}).get("en")
    if english:
        lines += ["translations:", "  en:", f"    title: {_q(english['title'])}"]
        lines.append(f"    summary: {_q(english['summary'])}")
    if record.get("redirect_from"):
        lines.append(f"redirect_from: {_flow(record['redirect_from'])}")
    lines.append("---")
    return "\n".join(lines) + "\n" + str(record.get("body") or "")


def _q(value: object) -> str:
    # A JSON string is a valid double-quoted YAML scalar and sidesteps every YAML 1.1 trap.
    return json.dumps(str(value), ensure_ascii=False)


def _flow(values: Sequence[object]) -> str:
    return "[" + ", ".join(_q(v) for v in values) + "]"


def check_text(text: str, shown: str, province: str, slug: str, vocab: Vocabularies) -> list[str]:
    """The errors the validator reports for `text` as the file `shown`, one line each."""
    front, body, start, body_line, split_problem = split_front_matter(text)
    problems: list[Problem] = []
    if split_problem is None:
        try:
            tree = compose(front, start - 1)
        except YamlRefused as exc:
            problems.append(Problem(shown, start + exc.line, "front-matter", exc.code))
        else:
            raw = RawEntry(shown, shown, province, slug, tree, body, body_line, ())
            today = dt.date.today()
            problems += validate_entry(raw, vocab, today.year, today)[1]
    else:
        problems.append(Problem(shown, split_problem[0], split_problem[1], split_problem[2]))
    return [format_problem(p) for p in problems if p.is_error]


def import_entries(
    document: Mapping[str, Any],
    source: str,
    province: str,
    content_dir: Path,
    vocab: Vocabularies,
) -> ImportReport:
    """Write the export's entries of `province` into `content_dir`; see the module docstring."""
    report = ImportReport()
    manifest_path = hubs_root(content_dir) / province / IMPORT_RECORD
    manifest = _read_manifest(manifest_path)
    folder = content_dir / "innovations" / province
    for record in document["entries"]:
        if not isinstance(record, dict) or (record.get("province") or {}).get("slug") != province:
            continue
        slug = str(record.get("slug") or "")
        path = folder / f"{slug}.md"
        shown = display_path(path)
        if not is_valid_slug(slug):
            report.invalid.append(say("import-slug", slug=slug, id=str(record.get("id"))))
            continue
        try:
            text = entry_text(record, source_link(document, record, source))
        except (KeyError, TypeError, ValueError) as exc:
            report.invalid.append(say("import-record", id=str(record.get("id")), detail=str(exc)))
            continue
        problems = check_text(text, shown, province, slug, vocab)
        if problems:
            report.invalid.extend(problems)
            continue
        key = f"{province}/{slug}.md"
        if not path.exists():
            report.added.append(shown)
        else:
            here = path.read_bytes()
            if here == text.encode("utf-8"):
                report.skipped.append(shown)
                manifest[key] = _hash(here)
                continue
            if manifest.get(key) != _hash(here):
                why = "import-conflict" if key in manifest else "import-conflict-not-imported"
                report.conflicts.append((shown, why))
                continue
            report.changed.append(shown)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        manifest[key] = _hash(text.encode("utf-8"))
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(
        json.dumps({"source": source, "files": dict(sorted(manifest.items()))}, indent=1) + "\n",
        encoding="utf-8",
    )
    return report


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = document.get("files") if isinstance(document, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
