"""Vocabularies: national reference data shipped with the generator, and the content's own lists."""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from ..model import AwardProgram, Goal, HubJipp, Problem, Province, Regency, Term
from .characters import character_problem, is_blank
from .loading import decode, display_path
from .rules import MAX_BYTES, is_valid_slug
from .yamlnodes import YamlRefused, YNode, compose

DATA_DIR = Path(__file__).parent.parent / "data"
SECTORS_FILE = "taxonomies/sectors.yml"
AWARDS_FILE = "taxonomies/awards.yml"
HUBS_DIR = "hubs"  # beside the content folder: hubs/<province>/taxonomies/ adds terms


@dataclass(frozen=True, slots=True)
class Vocabularies:
    """Every controlled list an entry is checked against, keyed by slug, code or number."""

    provinces: Mapping[str, Province]
    regencies: Mapping[str, Regency]
    goals: Mapping[int, Goal]
    sectors: Mapping[str, Term]
    awards: Mapping[str, AwardProgram]
    sectors_path: str = SECTORS_FILE
    awards_path: str = AWARDS_FILE

    def regencies_of(self, province_slug: str) -> list[Regency]:
        province = self.provinces.get(province_slug)
        code = province.code if province else None
        return [r for r in self.regencies.values() if r.province_code == code]


@dataclass(frozen=True, slots=True)
class ReferenceData:
    provinces: Mapping[str, Province]
    regencies: Mapping[str, Regency]
    goals: Mapping[int, Goal]


@cache
def load_reference_data() -> ReferenceData:
    """The national lists; they ship with the package and are trusted (tests check them)."""
    provinces_doc = _read_yaml_file(DATA_DIR / "provinces.yml")
    provinces = {}
    for item in provinces_doc["provinces"]:
        hub = item.get("hub_jipp")
        provinces[item["slug"]] = Province(
            slug=item["slug"],
            name=item["name"],
            code=item.get("code"),
            hub_jipp=HubJipp(
                hub["decree"],
                hub.get("year"),
                hub.get("source", ""),
                hub.get("existed_by"),
                hub.get("existed_by_source", ""),
            )
            if hub
            else None,
            name_en=item.get("name_en", ""),
        )
    goals = {
        int(g["number"]): Goal(int(g["number"]), g["name"], g["name_en"], g["colour"])
        for g in _read_yaml_file(DATA_DIR / "sdgs.yml")["goals"]
    }
    text = (DATA_DIR / "regencies.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(ln for ln in text.splitlines(True) if ln[:1] != "#")))
    regencies = {r["code"]: Regency(r["code"], r["province_code"], r["name"]) for r in rows}
    return ReferenceData(provinces, regencies, goals)


def _read_yaml_file(path: Path) -> dict:  # type: ignore[type-arg]
    import yaml

    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)  # type: ignore[no-any-return]


def load_vocabularies(content_dir: Path) -> tuple[Vocabularies, list[Problem]]:
    """Reference data plus the content folder's sectors and award programmes, with every hub's
    additions (`hubs/*/taxonomies/` beside the content folder), and any problems."""
    reference = load_reference_data()
    problems: list[Problem] = []
    sectors_path = display_path(content_dir / SECTORS_FILE)
    awards_path = display_path(content_dir / AWARDS_FILE)
    sectors = _sectors_in(content_dir, problems)
    awards = _awards_in(content_dir, problems)
    national_sectors = {slug: (sectors_path, line, False) for slug, (_, line) in sectors.items()}
    national_awards = {slug: (awards_path, line, False) for slug, (_, line) in awards.items()}
    for hub in hub_folders(content_dir):
        _add_hub_terms(sectors, national_sectors, _sectors_in(hub, problems, hub=True),
                       display_path(hub / SECTORS_FILE), problems)  # fmt: skip
        _add_hub_terms(awards, national_awards, _awards_in(hub, problems, hub=True),
                       display_path(hub / AWARDS_FILE), problems)  # fmt: skip
    vocab = Vocabularies(
        reference.provinces,
        reference.regencies,
        reference.goals,
        {slug: term for slug, (term, _) in sectors.items()},
        {slug: program for slug, (program, _) in awards.items()},
        sectors_path,
        awards_path,
    )
    return vocab, problems


def hubs_root(content_dir: Path) -> Path:
    """Hub folders sit beside the content folder: `content/` and `hubs/` share a parent."""
    return content_dir.parent / HUBS_DIR


def hub_folders(content_dir: Path) -> list[Path]:
    """The hub folders (`hubs/<province>/`) beside the content folder, in name order."""
    root = hubs_root(content_dir)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


_T = TypeVar("_T", Term, AwardProgram)


def _add_hub_terms(
    merged: dict[str, tuple[_T, int]],
    origin: dict[str, tuple[str, int, bool]],  # slug -> where first defined, by a hub?
    additions: dict[str, tuple[_T, int]],
    path: str,
    problems: list[Problem],
) -> None:
    """A hub may add terms, never change one: a national slug is refused, and so is a slug two
    hubs define differently (the same definition twice is one term)."""
    for slug, (term, line) in additions.items():
        first = origin.get(slug)
        if first is None:
            merged[slug] = (term, line)
            origin[slug] = (path, line, True)
            continue
        first_path, first_line, by_hub = first
        where = (("slug", slug), ("other", f"{first_path}:{first_line}"))
        if not by_hub:
            problems.append(Problem(path, line, "slug", "taxonomy-hub-national", where))
        elif merged[slug][0] != term:
            problems.append(Problem(path, line, "slug", "taxonomy-hub-conflict", where))


def _sectors_in(
    folder: Path, problems: list[Problem], hub: bool = False
) -> dict[str, tuple[Term, int]]:
    path = display_path(folder / SECTORS_FILE)
    sectors: dict[str, tuple[Term, int]] = {}
    for node in _load_terms(folder, SECTORS_FILE, problems, optional=hub):
        term = _term(node, path, problems)
        if term is not None and _is_new(term, node, sectors, path, problems):
            sectors[term.slug] = (term, node.line)
    return sectors


def _awards_in(
    folder: Path, problems: list[Problem], hub: bool = False
) -> dict[str, tuple[AwardProgram, int]]:
    path = display_path(folder / AWARDS_FILE)
    awards: dict[str, tuple[AwardProgram, int]] = {}
    for node in _load_terms(folder, AWARDS_FILE, problems, optional=hub):
        term = _term(node, path, problems)
        if term is None or not _is_new(term, node, awards, path, problems):
            continue
        levels_node = node.value.get("levels")
        levels: list[Term] = []
        if levels_node is None or levels_node.tag != "seq" or not levels_node.value:
            problems.append(Problem(path, node.line, "levels", "taxonomy-levels"))
        else:
            for level_node in levels_node.value:
                level = _term(level_node, path, problems)
                known = {lvl.slug: lvl for lvl in levels}
                if level is not None and _is_new(level, level_node, known, path, problems):
                    levels.append(level)
        organiser = node.value.get("organiser")
        program = AwardProgram(
            term.slug,
            term.name,
            term.name_en,
            str(organiser.value) if organiser is not None else "",
            tuple(levels),
            term.description,
        )
        awards[term.slug] = (program, node.line)
    return awards


def _load_terms(
    content_dir: Path, name: str, problems: list[Problem], optional: bool = False
) -> list[YNode]:
    path = content_dir / name
    name = display_path(path)
    if path.parent.is_symlink():
        problems.append(Problem(display_path(path.parent), 1, "terms", "file-symlink"))
        return []
    if optional and not os.path.lexists(path):
        return []  # a hub that adds nothing needs no file
    try:
        info = os.lstat(path)
        # A symlink could make any file of the build machine a vocabulary, and publish it.
        if not stat.S_ISREG(info.st_mode):
            code = "file-symlink" if stat.S_ISLNK(info.st_mode) else "file-not-regular"
            problems.append(Problem(name, 1, "terms", code))
            return []
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        problems.append(Problem(name, 1, "terms", "taxonomy-missing"))
        return []
    if len(data) > MAX_BYTES:
        size = (("size", str(info.st_size)), ("limit", str(MAX_BYTES)))
        problems.append(Problem(name, 1, "terms", "file-too-large", size))
        return []
    text, decode_problem = decode(data)
    if decode_problem is not None:
        problems.append(Problem(name, decode_problem[0], "terms", "taxonomy-missing"))
        return []
    try:
        root = compose(text, 0)
    except YamlRefused as exc:
        problems.append(Problem(name, exc.line + 1, "terms", exc.code, (("detail", exc.detail),)))
        return []
    terms = root.value.get("terms") if root is not None and root.tag == "map" else None
    if terms is None or terms.tag != "seq":
        problems.append(Problem(name, root.line if root else 1, "terms", "taxonomy-terms"))
        return []
    return list(terms.value)


def _is_new(
    term: Term, node: YNode, known: Mapping[str, object], path: str, problems: list[Problem]
) -> bool:
    if term.slug not in known:
        return True
    slug_line = node.value["slug"].line
    problems.append(Problem(path, slug_line, "slug", "taxonomy-duplicate", (("slug", term.slug),)))
    return False


def _term(node: YNode, path: str, problems: list[Problem]) -> Term | None:
    """One term; its slug becomes a URL and a folder name, so it follows the entries' slug rule."""
    fields = {}
    for key in ("slug", "name", "name_en", "description"):
        value = node.value.get(key) if node.tag == "map" else None
        if value is None and key == "description":
            fields[key] = ""
            continue
        blank = key != "description" and is_blank(str(value.value)) if value else True
        if value is None or value.tag != "str" or blank:
            problems.append(Problem(path, node.line, key, "taxonomy-term-field"))
            return None
        refused = character_problem(str(value.value))
        if refused is not None:
            problems.append(Problem(path, value.line, key, refused[0], (("found", refused[1]),)))
            return None
        fields[key] = str(value.value)
    if not is_valid_slug(fields["slug"]):
        slug_line = node.value["slug"].line
        problems.append(
            Problem(path, slug_line, "slug", "taxonomy-slug", (("slug", fields["slug"]),))
        )
        return None
    return Term(fields["slug"], fields["name"], fields["name_en"], fields["description"])
