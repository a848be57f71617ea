"""Files to raw entries: discovery, decoding, front matter and YAML; failures become problems."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..model import Problem
from .rules import MAX_BYTES, MEDIA_SUFFIXES, is_valid_slug
from .yamlnodes import YamlRefused, YNode, compose

# Files a repository may carry beside entries without them being entries.
IGNORED_NAMES = frozenset({".gitkeep", ".DS_Store", "README.md"})


@dataclass(frozen=True, slots=True)
class RawEntry:
    """One entry file as read: its front matter tree (None when unreadable) and body."""

    path: str  # as shown to the contributor
    source: str  # as the repository names it (see repository_path)
    province: str
    slug: str
    front: YNode | None
    body: str
    body_line: int
    problems: tuple[Problem, ...]


def iter_entry_files(content_dir: Path) -> Iterator[tuple[Path, list[Problem]]]:
    """Every file under `innovations/` that should be an entry, in a stable order.

    Media folders beside entries are checked here too; their problems ride on a `None`-less path.
    """
    root = content_dir / "innovations"
    if root.is_symlink():  # os.walk follows its top: the whole tree could be the machine's
        yield root, [Problem(display_path(root), 1, "file", "file-symlink")]
        return
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        depth = len(here.relative_to(root).parts)
        for name in sorted(filenames):
            path = here / name
            if name in IGNORED_NAMES:
                continue
            if depth == 2:  # innovations/<province>/<slug>/ holds media only
                yield path, _media_problems(path)
            elif name.endswith(".md") or depth != 1:
                yield path, []
            else:
                yield path, [Problem(display_path(path), 1, "file", "file-not-markdown")]
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)
                yield here / name, [Problem(display_path(here / name), 1, "file", "file-symlink")]


def _media_problems(path: Path) -> list[Problem]:
    """A media file is published as it is: only a regular image file inside the folder may be.

    lstat, not stat: a symlink (which git commits) could point at /etc/passwd or at the build
    machine's /proc/self/environ, and a FIFO would hang the copy.
    """
    shown = display_path(path)
    try:
        info = os.lstat(path)
    except OSError as exc:
        return [Problem(shown, 1, "media", "file-unreadable", (("detail", _reason(exc)),))]
    if stat.S_ISLNK(info.st_mode):
        return [Problem(shown, 1, "media", "file-symlink")]
    if not stat.S_ISREG(info.st_mode):
        return [Problem(shown, 1, "media", "file-not-regular")]
    if path.suffix.lower() == ".svg":
        return [Problem(shown, 1, "media", "media-svg")]
    if path.suffix.lower() not in MEDIA_SUFFIXES:
        return [Problem(shown, 1, "media", "media-type")]
    return []


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def media_owner(path: Path, content_dir: Path) -> str | None:
    """The id of the entry whose media folder (`innovations/<province>/<slug>/`) holds `path`."""
    parts = _relative(os.path.abspath(path), _innovations(content_dir)).split(os.sep)
    return f"{parts[0]}/{parts[1]}" if len(parts) == 3 else None


def _innovations(content_dir: Path | str) -> str:
    return os.path.join(_absolute_folder(os.fspath(content_dir), os.getcwd()), "innovations")


@cache
def _absolute_folder(folder: str, cwd: str) -> str:
    """abspath, once per folder and working folder (the working folder is part of the answer)."""
    return os.path.abspath(folder)


def _relative(absolute: str, folder: str) -> str:
    """os.path.relpath for absolute, normalised paths; a prefix cut when `absolute` lies inside
    `folder` (relpath's own work showed in profiles: it runs several times per entry)."""
    if absolute.startswith(folder + os.sep) and folder != os.sep:
        return absolute[len(folder) + 1 :]
    return os.path.relpath(absolute, folder)


def display_path(path: Path) -> str:
    """The path as a contributor would type it: relative to the working folder when inside it."""
    text = os.path.abspath(path)
    cwd = os.getcwd().rstrip(os.sep) + os.sep
    shown = text[len(cwd) :] if text.startswith(cwd) else text
    return shown.replace(os.sep, "/")


def repository_path(path: Path | str, content_dir: Path | str) -> str:
    """`path` as the repository names it (`content/innovations/jawa-barat/pikobar.md`): relative
    to the repository root (the nearest folder above the content folder holding `.git`; outside a
    repository, the content folder's parent), so the same from any working folder or checkout
    place. Edit links, exports and the form all use this one derivation."""
    root = repository_root(os.path.abspath(content_dir))
    return _relative(os.path.abspath(path), root).replace(os.sep, "/")


@cache
def repository_root(content_dir: str) -> str:
    """The folder `repository_path` is relative to, for an absolute content folder."""
    folder = content_dir
    while not os.path.exists(os.path.join(folder, ".git")):
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.dirname(content_dir)
        folder = parent
    return folder


@dataclass(frozen=True, slots=True)
class EntryFile:
    """One entry file's bytes with where it stands; `data` is None when it could not be read."""

    path: str  # as shown to the contributor
    source: str  # as the repository names it (see repository_path)
    province: str
    slug: str
    data: bytes | None
    problems: tuple[Problem, ...]  # of its place and, when `data` is None, why it is unreadable


def read_entry(path: Path, content_dir: Path) -> RawEntry:
    """Read one entry file; every way it can be broken becomes a problem with a line number."""
    return parse_entry(open_entry(path, content_dir))


def open_entry(path: Path, content_dir: Path) -> EntryFile:
    """The file's bytes, or the problem that keeps them from being read (symlink, size, ...)."""
    # Plain string and os calls: this runs once per entry, and pathlib's parsing showed in profiles.
    shown = display_path(path)
    source = repository_path(path, content_dir)
    rel = _relative(os.path.abspath(path), _innovations(content_dir)).split(os.sep)
    province = rel[0] if len(rel) > 1 else ""
    slug = os.path.splitext(rel[-1])[0]
    problems: list[Problem] = []

    def fail(code: str, **params: str) -> EntryFile:
        problems.append(Problem(shown, 1, "file", code, tuple(params.items())))
        return EntryFile(shown, source, province, slug, None, tuple(problems))

    if len(rel) != 2:
        problems.append(Problem(shown, 1, "file", "file-wrong-folder"))
    elif not is_valid_slug(slug):
        problems.append(Problem(shown, 1, "file", "slug-invalid", (("slug", slug),)))
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return fail("file-symlink")
        if not stat.S_ISREG(info.st_mode):
            return fail("file-not-regular")
        if info.st_size > MAX_BYTES:
            return fail("file-too-large", size=str(info.st_size), limit=str(MAX_BYTES))
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return fail("file-unreadable", detail=_reason(exc))
    return EntryFile(shown, source, province, slug, data, tuple(problems))


def parse_entry(file: EntryFile) -> RawEntry:
    """Decode, split and compose one entry file's bytes; failures become problems with a line."""
    shown, source, province, slug = file.path, file.source, file.province, file.slug
    problems = list(file.problems)

    def fail(line: int, key: str, code: str, **params: str) -> RawEntry:
        problems.append(Problem(shown, line, key, code, tuple(params.items())))
        return RawEntry(shown, source, province, slug, None, "", 1, tuple(problems))

    if file.data is None:
        return RawEntry(shown, source, province, slug, None, "", 1, tuple(problems))
    text, decode_problem = decode(file.data)
    if decode_problem is not None:
        return fail(*decode_problem)
    front_text, body, front_start, body_line, split_problem = split_front_matter(text)
    if split_problem is not None:
        return fail(*split_problem)
    try:
        front = compose(front_text, front_start - 1)
    except YamlRefused as exc:
        if exc.code != "yaml-syntax" or "\t" not in front_text:
            return fail(front_start + exc.line, "front-matter", exc.code, detail=exc.detail)
        # Tabs (often from a word processor or a web editor's Tab key) break YAML with an opaque
        # error. Name each tab line, then read on as if they were spaces, so the file's other
        # problems are still reported wherever the YAML then parses.
        for index, text_line in enumerate(front_text.split("\n")):
            if "\t" in text_line:
                problems.append(
                    Problem(shown, front_start + index, "front-matter", "front-matter-tab")
                )
        try:
            front = compose(front_text.replace("\t", "  "), front_start - 1)
        except YamlRefused as retry:
            return fail(front_start + retry.line, "front-matter", retry.code, detail=retry.detail)
    if front is None or front.tag != "map":
        line = front.line if front is not None else front_start
        return fail(line, "front-matter", "front-matter-not-mapping")
    return RawEntry(shown, source, province, slug, front, body, body_line, tuple(problems))


def read_body(data: bytes) -> tuple[str, int]:
    """The body of a well-formed entry file and its first line, without reading its YAML."""
    text, _ = decode(data)
    _, body, _, body_line, _ = split_front_matter(text)
    return body, body_line


def decode(data: bytes) -> tuple[str, tuple[int, str, str] | None]:
    """UTF-8 text with LF endings, or the problem (line, key, code) that prevents it."""
    if not data.strip():
        return "", (1, "file", "file-empty")
    if b"\x00" in data:
        return "", (data[: data.index(b"\x00")].count(b"\n") + 1, "file", "file-binary")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return "", (data[: exc.start].count(b"\n") + 1, "file", "file-encoding")
    return text.replace("\r\n", "\n"), None


def split_front_matter(text: str) -> tuple[str, str, int, int, tuple[int, str, str] | None]:
    """(front matter, body, first front-matter line, first body line, problem)."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return "", "", 1, 1, (1, "front-matter", "front-matter-missing")
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return front, body, 2, index + 2, None
    last_line = len(lines) - 1 if lines[-1] == "" else len(lines)
    return "", "", 2, 1, (max(last_line, 1), "front-matter", "front-matter-unclosed")


def find_content_root(path: Path) -> Path | None:
    """The content folder (the parent of `innovations/`) that `path` lies in or is."""
    path = path.absolute()
    if (path / "innovations").is_dir():
        return path
    for parent in (path, *path.parents):
        if parent.name == "innovations":
            return parent.parent
    return None
