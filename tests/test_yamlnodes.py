"""Front-matter YAML: escapes never crash it, and lines count LF only, as git and GitHub do."""

from __future__ import annotations

import pytest

from generator.entries.yamlnodes import YamlRefused, compose

# Both of PyYAML's composers: a `&` in the text sends it through the pure-Python one.
COMPOSERS = {"c": "", "python": "note: 'A & B'\n"}


@pytest.mark.parametrize("composer", sorted(COMPOSERS))
@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_line_numbers_count_lf_only(composer: str, separator: str) -> None:
    text = COMPOSERS[composer] + f'a: "satu{separator}dua"\nb: "x{separator}y"\nc: 3\n'
    tree = compose(text, 1)  # the front matter starts on file line 2
    assert tree is not None
    first = 2 + len(COMPOSERS[composer].splitlines())
    assert dict(tree.key_lines) == {
        **({"note": 2} if composer == "python" else {}),
        "a": first,
        "b": first + 1,
        "c": first + 2,
    }
    assert tree.value["c"].line == first + 2


@pytest.mark.parametrize("composer", sorted(COMPOSERS))
@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1b"])
def test_a_raw_control_character_is_refused_on_its_lf_line(composer: str, control: str) -> None:
    text = COMPOSERS[composer] + 'a: "x\u2028y"\nb: 2\nc: "z' + control + '"\n'
    with pytest.raises(YamlRefused) as refused:
        compose(text, 0)
    assert refused.value.code == "yaml-character"
    assert refused.value.line == 2 + len(COMPOSERS[composer].splitlines())  # 0-based
    assert refused.value.detail == f"U+{ord(control):04X}"


@pytest.mark.parametrize("composer", sorted(COMPOSERS))
@pytest.mark.parametrize("escape", ["\\U00110000", "\\UFFFFFFFF"])
def test_an_escape_beyond_unicode_is_a_problem_not_a_crash(composer: str, escape: str) -> None:
    # chr() raises ValueError for the first and OverflowError for the second.
    text = COMPOSERS[composer] + f'x: 1\ntitle: "{escape}"\n'
    with pytest.raises(YamlRefused) as refused:
        compose(text, 0)
    assert refused.value.code == "yaml-escape"
    assert refused.value.line == 1 + len(COMPOSERS[composer].splitlines())


def test_a_lone_surrogate_is_refused_by_libyaml_and_kept_for_the_validator_by_python() -> None:
    with pytest.raises(YamlRefused) as refused:
        compose('title: "\\uD800"\n', 0)
    assert refused.value.code == "yaml-escape"
    # The pure-Python composer keeps it; validation refuses it with its key (test_validation).
    tree = compose(COMPOSERS["python"] + 'title: "\\uD800"\n', 0)
    assert tree is not None and tree.value["title"].value == "\ud800"


@pytest.mark.parametrize("composer", sorted(COMPOSERS))
def test_composing_keeps_no_yaml_node_alive(composer: str) -> None:
    """A build composes every entry's front matter and holds the results: the YAML nodes behind
    them (with their marks) must go, or memory grows by every number and date of the catalogue.
    A date that is no date (2024-02-31) takes the constructor's failing path."""
    import gc

    from yaml.nodes import Node

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, Node) for o in gc.get_objects())

    before = alive()
    kept = [
        compose(COMPOSERS[composer] + f"launched: {2000 + n}\nupdated: 2024-02-3{n % 2}\n", 0)
        for n in range(50)
    ]
    assert all(tree is not None for tree in kept)
    assert alive() == before
