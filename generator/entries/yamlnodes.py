"""Safe YAML for front matter: a located node tree, with no tags, anchors or aliases."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .rules import MAX_FRONT_MATTER_DEPTH

_STD = "tag:yaml.org,2002:"
SHORT_TAGS = {
    f"{_STD}{name}": name for name in ("str", "int", "float", "bool", "null", "timestamp")
}
SHORT_TAGS.update({f"{_STD}seq": "seq", f"{_STD}map": "map"})
# Characters that may start a tag, an anchor or an alias. Their presence sends the text through the
# pure-Python composer, which stops at the exact event; otherwise the fast C composer is used.
_MAYBE_SPECIAL = re.compile(r"(?:^|[\s\[\]{},:-])[!&*]", re.MULTILINE)


class YamlRefused(Exception):
    """The text uses a YAML feature the entry format refuses, or is malformed; carries its line."""

    def __init__(self, code: str, line: int, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.line = line  # 0-based within the parsed text
        self.detail = detail


@dataclass(frozen=True, slots=True)
class YNode:
    """One YAML value with where it stands: `line` is 1-based in the source file."""

    line: int
    tag: str  # str, int, float, bool, null, timestamp, seq or map
    value: Any  # a Python scalar, list[YNode] or dict[str, YNode]
    raw: str = ""  # the scalar exactly as written
    plain: bool = False  # an unquoted scalar: the YAML 1.1 traps live here
    key_lines: tuple[tuple[str, int], ...] = ()


class _StrictComposer(Composer):
    """Refuses anchors and aliases at the event that introduces them, with its line."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        line = event.start_mark.line if event.start_mark is not None else 0
        if isinstance(event, AliasEvent):
            raise YamlRefused("yaml-alias", line)
        if getattr(event, "anchor", None) is not None:
            raise YamlRefused("yaml-anchor", line)
        if getattr(event, "tag", None) is not None:
            raise YamlRefused("yaml-tag", line, str(event.tag))
        self._depth += 1
        if self._depth > MAX_FRONT_MATTER_DEPTH:
            raise YamlRefused("yaml-too-deep", line)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _StrictLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    _StrictComposer,
    yaml.resolver.Resolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        _StrictComposer.__init__(self)
        yaml.resolver.Resolver.__init__(self)


_FastLoader: Any = getattr(yaml, "CSafeLoader", None)


def compose(text: str, line_offset: int) -> YNode | None:
    """Parse `text` (front matter starting at file line `line_offset + 1`) into a located tree.

    Lines count LF only, as git and GitHub do; YAML also breaks lines at CR, NEL, LS and PS.
    """
    lf_lines = _lf_lines(text)

    def lf_line(yaml_line: int) -> int:
        return lf_lines[yaml_line] if lf_lines is not None else yaml_line

    try:
        root = _compose_node(text)
    except YamlRefused as exc:
        raise YamlRefused(exc.code, lf_line(exc.line), exc.detail) from None
    if root is None:
        return None
    try:
        return _convert(root, line_offset, set(), 0, lf_line)
    except YamlRefused as exc:
        raise YamlRefused(exc.code, lf_line(exc.line), exc.detail) from None


# A YAML line break; CR LF is one. Each maps to the LF lines before it.
_YAML_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _lf_lines(text: str) -> list[int] | None:
    """YAML line number -> LF line number, or None when the two agree (the common case)."""
    if not any(char in text for char in "\r\x85\u2028\u2029"):
        return None
    lines = [0]
    lf = 0
    for match in _YAML_BREAK_RE.finditer(text):
        lf += "\n" in match.group()
        lines.append(lf)
    return lines


def _compose_node(text: str) -> Node | None:
    """The node tree; every way PyYAML can fail becomes YamlRefused with its YAML line."""
    strict = _FastLoader is None or bool(_MAYBE_SPECIAL.search(text))
    loader = None
    try:
        if strict:
            loader = _StrictLoader(text)  # its reader checks every character at once
            return loader.get_single_node()
        return yaml.compose(text, Loader=_FastLoader)
    except yaml.reader.ReaderError as exc:
        # Raised before any mark exists: the position is a character offset (a byte offset in
        # UTF-8 for the C reader).
        before = (
            text[: exc.position]
            if strict
            else text.encode()[: exc.position].decode(errors="replace")
        )
        line = len(_YAML_BREAK_RE.findall(before))
        raise YamlRefused("yaml-character", line, f"U+{exc.character:04X}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark is not None else 0
        problem = str(exc.problem or exc.context or "")
        if "Unicode" in problem:  # libyaml: "found invalid Unicode character escape code"
            raise YamlRefused("yaml-escape", line) from None
        raise YamlRefused("yaml-syntax", line, problem) from None
    except yaml.YAMLError as exc:
        raise YamlRefused("yaml-syntax", 0, str(exc)) from None
    except (ValueError, OverflowError):
        # The pure-Python scanner calls chr() unchecked: `\U00110000` and `\UFFFFFFFF` crash it.
        line = loader.line if loader is not None else 0
        raise YamlRefused("yaml-escape", line) from None
    except RecursionError:
        raise YamlRefused("yaml-too-deep", 0) from None
    finally:
        if loader is not None:
            loader.dispose()


_constructor = SafeConstructor()


def _convert(
    node: Node, offset: int, seen: set[int], depth: int, lf_line: Callable[[int], int]
) -> YNode:
    line = lf_line(node.start_mark.line) + offset + 1
    if id(node) in seen:  # the C composer shares the node an alias points to
        raise YamlRefused("yaml-alias", node.start_mark.line)
    if depth > MAX_FRONT_MATTER_DEPTH:
        raise YamlRefused("yaml-too-deep", node.start_mark.line)
    seen.add(id(node))
    tag = SHORT_TAGS.get(node.tag)
    if tag is None:
        raise YamlRefused("yaml-tag", node.start_mark.line, node.tag)
    if isinstance(node, ScalarNode):
        plain = not node.style  # the C composer says "" where the Python one says None
        if tag != "str" and not plain:
            # an explicit standard tag on a quoted scalar, e.g. !!int "3"
            raise YamlRefused("yaml-tag", node.start_mark.line, node.tag)
        if tag == "str":  # the common case; the constructor would only copy node.value
            return YNode(line, tag, node.value, raw=node.value, plain=plain)
        try:
            value = _constructor.construct_object(node)
        except (ConstructorError, ValueError, OverflowError):
            value, tag = node.value, "str"  # e.g. 2024-02-31 matches the date pattern
        finally:
            # The constructor remembers every node it made, for a document's aliases; this one
            # is shared by every file, so it would keep each number and date node (and its
            # marks) of the whole catalogue: 28 MiB at 50,000 entries, in every build process.
            _constructor.constructed_objects.clear()
            _constructor.recursive_objects.clear()
        return YNode(line, tag, value, raw=node.value, plain=plain)
    if isinstance(node, SequenceNode):
        items = [_convert(child, offset, seen, depth + 1, lf_line) for child in node.value]
        return YNode(line, "seq", items)
    assert isinstance(node, MappingNode)
    mapping: dict[str, YNode] = {}
    key_lines: list[tuple[str, int]] = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise YamlRefused("yaml-complex-key", key_node.start_mark.line)
        key = str(key_node.value)
        key_line = lf_line(key_node.start_mark.line) + offset + 1
        if key == "<<":
            raise YamlRefused("yaml-merge-key", key_node.start_mark.line)
        if key in mapping:
            raise YamlRefused("yaml-duplicate-key", key_node.start_mark.line, key)
        mapping[key] = _convert(value_node, offset, seen, depth + 1, lf_line)
        key_lines.append((key, key_line))
    return YNode(line, "map", mapping, key_lines=tuple(key_lines))
