"""The `katalog` command: validate, scaffold, export and render the catalogue from a terminal."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .catalogue import Catalogue, load_catalogue
from .loading import display_path, find_content_root
from .messages import LANGUAGES
from .model import Problem
from .reporting import REPORTERS_BY_NAME

DEFAULT_CONTENT = Path("content")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Katalog Inovasi Pelayanan Publik: validate and publish the catalogue."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS_BY_NAME)),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for pull-request annotations.",
)
@click.option("--lang", type=click.Choice(LANGUAGES), default="id", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
def validate(paths: tuple[Path, ...], output_format: str, lang: str, strict: bool) -> None:
    """Check entry files (default: content/) and report every problem of every file.

    Exit status: 0 clean, 1 problems found, 2 usage error.
    """
    targets = paths or (DEFAULT_CONTENT,)
    problems: list[Problem] = []
    for root, wanted in _group_by_content_root(targets).items():
        catalogue = load_catalogue(root)
        problems.extend(p for p in catalogue.problems if _is_wanted(p, wanted, catalogue))
    problems = sorted(set(problems))
    click.echo(REPORTERS_BY_NAME[output_format](problems, lang))
    failing = [p for p in problems if p.is_error or strict]
    sys.exit(1 if failing else 0)


def _group_by_content_root(paths: tuple[Path, ...]) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        root = find_content_root(path)
        if root is None:
            raise click.UsageError(
                f"{path}: bukan bagian dari folder konten (folder yang memuat innovations/)"
            )
        groups.setdefault(root, []).append(path.absolute())
    return groups


def _is_wanted(problem: Problem, wanted: list[Path], catalogue: Catalogue) -> bool:
    # Whole-catalogue problems (vocabularies) concern every file; others only the asked paths.
    where = Path(problem.path).absolute()
    if catalogue.content_dir.absolute() in (wanted[0], *wanted) or "taxonomies" in where.parts:
        return True
    return any(where == w or w in where.parents for w in wanted)


@main.command()
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT)
def schema(content_dir: Path) -> None:
    """Print the JSON Schema of the front matter (for editors), built from the validator's rules."""
    from .schema import build_schema, dump_schema

    catalogue_vocab = load_catalogue(content_dir).vocab
    click.echo(dump_schema(build_schema(catalogue_vocab)))


@main.command()
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT)
@click.option("--province", help="Province slug (the folder).")
@click.option("--slug", help="File name without .md: lowercase letters, digits, hyphens.")
@click.option("--title")
@click.option("--summary")
@click.option("--agency-name")
@click.option("--agency-type")
@click.option("--regency", help='Kemendagri code, e.g. "32.75".')
@click.option("--sector", "sectors", multiple=True, help="Repeat for up to 3 sectors.")
@click.option("--sdg", "sdgs", multiple=True, type=int, help="Repeat for up to 3 goals.")
@click.option("--launched", type=int)
@click.option("--no-input", is_flag=True, help="Never prompt; fail if a required value is missing.")
def new(content_dir: Path, no_input: bool, **values: object) -> None:
    """Scaffold a valid entry file in the right folder; never overwrites."""
    from .scaffold import ScaffoldError, collect_answers, write_entry

    vocab = load_catalogue(content_dir).vocab
    try:
        answers = collect_answers(values, vocab, interactive=not no_input and sys.stdin.isatty())
        path = write_entry(content_dir, answers, vocab)
    except ScaffoldError as exc:
        click.echo(f"katalog new: {exc}", err=True)
        sys.exit(1 if exc.is_conflict else 2)
    click.echo(f"dibuat: {display_path(path)}")
