"""The `katalog` command: validate, scaffold, export and render the catalogue from a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from .cache import build_cache_file
from .entries.catalogue import Catalogue, load_catalogue
from .entries.changes import ChangesUnknown, changed_paths
from .entries.loading import display_path, find_content_root
from .entries.messages import LANGUAGES, render_text
from .entries.reporting import DOCS_URL, REPORTERS_BY_NAME, ReportContext, changed_first
from .hubs import DEFAULT_ACCENT, DEFAULT_PRIMARY
from .model import Problem
from .opendata.exports import PATHS_BY_FORMAT, build_export_files, build_release_files
from .opendata.stats import FORMATTERS_BY_NAME, compute_stats
from .settings import SettingsError, SiteSettings, with_overrides
from .site.writing import OutsideSite, write_output

DEFAULT_CONTENT = Path("content")
F = TypeVar("F", bound=Callable[..., Any])


_lang_option = click.option("--lang", type=click.Choice(LANGUAGES), default="id", show_default=True)
_summary_option = click.option(
    "--summary",
    "summary_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append the markdown report to this file (e.g. $GITHUB_STEP_SUMMARY).",
)


def _append_summary(summary_path: Path | None, markdown: str) -> None:
    """Add the markdown report to the job summary file, when one is named."""
    if summary_path is not None:
        with summary_path.open("a", encoding="utf-8") as summary:
            summary.write(markdown)


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
    help="text for people, json for tools, github for pull-request annotations, markdown for "
    "a job summary.",
)
@_lang_option
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option(
    "--base",
    metavar="REF",
    help="List the problems of files changed since this git ref first (a pull request's base).",
)
@_summary_option
def validate(
    paths: tuple[Path, ...],
    output_format: str,
    lang: str,
    strict: bool,
    base: str | None,
    summary_path: Path | None,
) -> None:
    """Check entry files (default: content/) and report every problem of every file.

    Exit status: 0 clean, 1 problems found, 2 usage error.
    """
    targets = paths or (DEFAULT_CONTENT,)
    problems: list[Problem] = []
    for root, wanted in _group_by_content_root(targets, lang).items():
        catalogue = load_catalogue(root)
        problems.extend(p for p in catalogue.problems if _is_wanted(p, wanted, catalogue))
    problems = sorted(set(problems))
    if os.environ.get("GITHUB_WORKSPACE"):
        # Annotations land on a file only when its path is relative to the repository root.
        problems = [_relative_to(p, Path(os.environ["GITHUB_WORKSPACE"])) for p in problems]
    changed: frozenset[str] = frozenset()
    if base:
        try:
            changed = changed_paths(base, Path(os.environ.get("GITHUB_WORKSPACE") or "."))
        except ChangesUnknown as exc:
            click.echo(render_text("base-unknown", lang, base=base, detail=exc), err=True)
        problems = changed_first(problems, changed)
    context = ReportContext(changed=changed, docs_url=_docs_url())
    click.echo(REPORTERS_BY_NAME[output_format](problems, lang, context))
    _append_summary(summary_path, REPORTERS_BY_NAME["markdown"](problems, lang, context))
    failing = [p for p in problems if p.is_error or strict]
    sys.exit(1 if failing else 0)


def _relative_to(problem: Problem, root: Path) -> Problem:
    absolute = Path(problem.path).absolute()
    try:
        return replace(problem, path=absolute.relative_to(root.absolute()).as_posix())
    except ValueError:
        return problem


def _docs_url() -> str:
    """The entry-format docs in the repository a workflow runs for, else the relative file."""
    server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and repository:
        return f"{server}/{repository}/blob/HEAD/{DOCS_URL}"
    return DOCS_URL


def _group_by_content_root(paths: tuple[Path, ...], lang: str) -> dict[Path, list[Path]]:
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        root = find_content_root(path)
        if root is None:
            raise click.UsageError(render_text("cli-not-content", lang, path=path))
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
    from .entries.schema import build_schema, dump_schema

    catalogue_vocab = load_catalogue(content_dir).vocab
    click.echo(dump_schema(build_schema(catalogue_vocab)), nl=False)


@main.command()
@click.option("--content", "content_dir", type=click.Path(path_type=Path), default=DEFAULT_CONTENT)
@click.option("--province", help="Province slug (the folder), e.g. jawa-barat.")
@click.option("--slug", help="File name without .md: lowercase letters, digits, hyphens.")
@click.option("--title")
@click.option("--summary", help="20-400 characters, one or two sentences.")
@click.option("--agency-name")
@click.option("--agency-type")
@click.option("--regency", help='Kemendagri code, e.g. "32.75" (optional).')
@click.option("--sector", "sectors", multiple=True, help="Repeat for up to 3 sectors.")
@click.option("--sdg", "sdgs", multiple=True, type=int, help="Repeat for up to 3 goals.")
@click.option(
    "--launched", type=int, help="Year it started (optional; leave out rather than guess)."
)
@click.option("--no-input", is_flag=True, help="Never prompt; fail if a required value is missing.")
@_lang_option
def new(
    content_dir: Path,
    province: str | None,
    slug: str | None,
    title: str | None,
    summary: str | None,
    agency_name: str | None,
    agency_type: str | None,
    regency: str | None,
    sectors: tuple[str, ...],
    sdgs: tuple[int, ...],
    launched: int | None,
    no_input: bool,
    lang: str,
) -> None:
    """Scaffold a valid entry in content/innovations/<province>/<slug>.md; never overwrites.

    Without --no-input it asks for what the flags did not give, checks each answer as it is
    typed and asks again when it is wrong.
    """
    import datetime as dt

    from .entries.questions import QUESTIONS, Question, regency_reader, slug_from
    from .entries.rules import AGENCY_TYPES
    from .entries.scaffold import Answers, ScaffoldError, write_entry
    from .entries.vocabularies import load_vocabularies

    vocab, _ = load_vocabularies(content_dir)
    this_year = dt.date.today().year
    given: dict[str, str | None] = {
        "province": province,
        "slug": slug,
        "title": title,
        "summary": summary,
        "agency_name": agency_name,
        "agency_type": agency_type,
        "sectors": ", ".join(sectors) or None,
        "sdgs": ", ".join(str(goal) for goal in sdgs) or None,
        "launched": None if launched is None else str(launched),
    }
    choices = {
        "province": ", ".join(vocab.provinces),
        "agency_type": ", ".join(AGENCY_TYPES),
        "sectors": ", ".join(vocab.sectors),
    }

    def answer(question: Question, offered: str | None, default: str = "") -> Any:
        if no_input:  # flags only: write_entry reports every problem at once
            if offered is None and not question.optional:
                flag = {"sectors": "sector", "sdgs": "sdg"}.get(question.field, question.field)
                raise click.UsageError(
                    render_text("new-missing", lang, flag=flag.replace("_", "-"))
                )
            return offered
        if offered is not None:
            value, error = question.read(offered, vocab, lang, this_year)
            if error is None:
                return value
            click.echo(f"  ✗ {error}", err=True)
        if question.field in choices:
            click.echo(render_text("new-choices", lang, choices=choices[question.field]))
        while True:
            text = click.prompt(
                render_text(question.prompt, lang),
                default=default or ("" if question.optional else None),
                show_default=bool(default),
            )
            value, error = question.read(str(text), vocab, lang, this_year)
            if error is None:
                return value
            click.echo(f"  ✗ {error}", err=True)

    def not_taken(read: Any, province: str) -> Any:
        # asked again at once: finding the file exists only when writing would lose every answer
        def check(text: str, *rest: Any) -> Any:
            value, error = read(text, *rest)
            if value and (content_dir / "innovations" / province / f"{value}.md").exists():
                return None, render_text("new-exists", lang, path=f"{province}/{value}.md")
            return value, error

        return check

    values: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.field == "slug":
            question = replace(question, read=not_taken(question.read, values["province"]))
        default = slug_from(values.get("title") or "") if question.field == "slug" else ""
        values[question.field] = answer(question, given[question.field], default)
        regencies = vocab.regencies_of(values["province"]) if question.field == "province" else ()
        if regencies and not no_input:
            hint = ", ".join(f"{r.code} {r.name}" for r in regencies)
            click.echo(render_text("new-regencies", lang, province=values["province"], hint=hint))
            ask_regency = Question("regency", "ask-regency", regency_reader(values["province"]))
            regency = answer(replace(ask_regency, optional=True), regency)
    if no_input:
        answers = Answers(
            province=values["province"],
            slug=values["slug"],
            title=values["title"],
            summary=values["summary"],
            agency_name=values["agency_name"],
            agency_type=values["agency_type"],
            sectors=sectors,
            sdgs=sdgs,
            regency=regency,
            launched=launched,
        )
    else:
        answers = Answers(regency=regency, **values)
    try:
        path = write_entry(content_dir, answers, vocab, lang)
    except ScaffoldError as exc:
        click.echo(f"katalog new: {exc}", err=True)
        sys.exit(1)
    click.echo(render_text("new-created", lang, path=display_path(path)))


def _out_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
        help=help_text,
    )  # fmt: skip


_content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="The content folder  [default: the config's content_dir, else content]",
)
_config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the settings from this mkdocs.yml's katalog: block (INHERIT included), so the "
    "output equals the site's; the other options override it.",
)
_provinces_option = click.option(
    "--province", "provinces", multiple=True, help="Only these provinces (a hub's scope)."
)
_repo_edit_url_option = click.option(
    "--repo-edit-url", default="", help="Base URL of the repository's edit links."
)


def _settings(config_file: Path | None, **overrides: object) -> SiteSettings:
    """The config file's settings (or the defaults) with the options given on the command line."""
    from .configfile import load_settings

    try:
        settings = load_settings(config_file) if config_file else SiteSettings()
    except SettingsError as exc:
        raise click.UsageError(str(exc)) from None
    return with_overrides(settings, **overrides)


def _load_clean(settings: SiteSettings, command: str) -> Catalogue:
    """The catalogue, or exit 1 with its errors: nothing is published from broken content."""
    catalogue = load_catalogue(
        settings.content_dir,
        province_scope=settings.province_scope,
        cache_path=build_cache_file(settings),
    )
    if catalogue.errors:
        click.echo(REPORTERS_BY_NAME["text"](catalogue.errors, "id"), err=True)
        click.echo(render_text("cli-nothing-written", "id", command=command), err=True)
        sys.exit(1)
    return catalogue


@main.command("export")
@_config_option
@_content_option
@_out_option("Folder to write into, laid out like the site root (data/, feed.xml, kontribusi/).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(PATHS_BY_FORMAT)),
    default="all",
    show_default=True,
    help="json: data/katalog.json, katalog-lengkap.json.gz and, with the entry_json option, "
    "one index.json per entry; "
    "csv: data/katalog.csv, the same gzipped (katalog.csv.gz) and data/replikasi.csv; "
    "atom: feed.xml and "
    "one feed per province, sector and SDG; package: the Data Package and DCAT catalogue; "
    "form: kontribusi/vocab.json; all: every one.",
)
@click.option("--site-url", default="", help="Absolute base URL of the site, for the feed's links.")
@_repo_edit_url_option
@_provinces_option
def export_command(
    config_file: Path | None,
    content_dir: Path | None,
    out_dir: Path,
    output_format: str,
    site_url: str,
    repo_edit_url: str,
    provinces: tuple[str, ...],
) -> None:
    """Write the open data (JSON, CSV), the Atom feed and the contribution form's vocabulary.

    Nothing is written while the content has errors (exit status 1).
    """
    settings = _settings(
        config_file, content_dir=content_dir, site_url=site_url, repo_edit_url=repo_edit_url,
        province_scope=provinces,
    )  # fmt: skip
    catalogue = _load_clean(settings, "export")
    for output in build_export_files(catalogue, settings, output_format):
        try:
            target = write_output(out_dir, output)
        except OutsideSite as error:
            raise click.ClickException(str(error)) from None
        size = target.stat().st_size  # a streamed export is not held: read its size back
        click.echo(render_text("cli-written", "id", path=display_path(target), size=size))


@main.command("release-assets")
@_config_option
@_content_option
@_out_option("Folder to write the release's assets into (flat: katalog.json, ...).")
@click.option("--site-url", default="", help="Absolute base URL of the site (the exports' meta).")
@click.option("--repo-url", default="", help="The repository the site is published from.")
def release_assets_command(
    config_file: Path | None,
    content_dir: Path | None,
    out_dir: Path,
    site_url: str,
    repo_url: str,
) -> None:
    """Write the exports a site published from a repository leaves to its GitHub release
    (data-terbaru): katalog.json, katalog-lengkap.json.gz and katalog.csv, as the site's settings
    make them.
    Nothing is written when the site holds them itself (no repo_url, release_exports: false).

    Nothing is written while the content has errors (exit status 1).
    """
    settings = _settings(config_file, content_dir=content_dir, site_url=site_url, repo_url=repo_url)
    catalogue = _load_clean(settings, "release-assets")
    outputs = build_release_files(catalogue, settings)
    if not outputs:
        click.echo(render_text("release-none", "id"))
    for output in outputs:
        try:
            target = write_output(out_dir, output)
        except OutsideSite as error:
            raise click.ClickException(str(error)) from None
        size = target.stat().st_size
        click.echo(render_text("cli-written", "id", path=display_path(target), size=size))


@main.command("stats")
@_config_option
@_content_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS_BY_NAME)),
    default="text",
    show_default=True,
)
@click.option("--province", "provinces", multiple=True, help="Only these provinces (hub scope).")
def stats_command(
    config_file: Path | None,
    content_dir: Path | None,
    output_format: str,
    provinces: tuple[str, ...],
) -> None:
    """Count entries per province, sector, SDG, year, award, agency type, stage and status.

    Entries with errors are left out of the counts and counted under problems.
    """
    settings = _settings(config_file, content_dir=content_dir, province_scope=provinces)
    catalogue = load_catalogue(settings.content_dir, province_scope=settings.province_scope)
    click.echo(FORMATTERS_BY_NAME[output_format](compute_stats(catalogue)))


@main.command("pages")
@_config_option
@_content_option
@_out_option("Folder to write the site into: <url>/index.html fragments (front matter + HTML "
             "body), the search index, open data, media and sitemap.")  # fmt: skip
@_provinces_option
@_repo_edit_url_option
@click.option(
    "--page-size", type=click.IntRange(min=1), help="Cards on an index's first page  [default: 24]"
)
@click.option(
    "--rows-per-page", type=click.IntRange(min=1), help="Rows a later index page  [default: 100]"
)
def pages_command(
    config_file: Path | None,
    content_dir: Path | None,
    out_dir: Path,
    provinces: tuple[str, ...],
    repo_edit_url: str,
    page_size: int | None,
    rows_per_page: int | None,
) -> None:
    """Write the whole site for another static-site engine: the same pages and files as
    mkdocs build, apart from the theme (files of an earlier run into --out are removed)."""
    from .assembly import build_portable_site
    from .site.portable import MANIFEST, NotOurFolder, fragment

    settings = _settings(
        config_file, content_dir=content_dir, province_scope=provinces,
        repo_edit_url=repo_edit_url, page_size=page_size, rows_per_page=rows_per_page,
    )  # fmt: skip
    catalogue = _load_clean(settings, "pages")
    try:
        count, _ = build_portable_site(catalogue, settings, out_dir, fragment)
    except OutsideSite as error:
        raise click.ClickException(str(error)) from None
    except NotOurFolder:
        raise click.ClickException(
            render_text("pages-not-ours", "id", path=display_path(out_dir), manifest=MANIFEST)
        ) from None
    click.echo(render_text("pages-written", "id", count=count, path=display_path(out_dir)))


@main.command("check-site")
@click.argument("site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"))
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text")
@_lang_option
@_summary_option
def check_site(site_dir: Path, output_format: str, lang: str, summary_path: Path | None) -> None:
    """The hosting gate: fail when the built site exceeds GitHub Pages' limits.

    Prints the site's size and file count. Exit status: 0 fits, 1 too large, 2 no site.
    """
    from .site.hosting import gate_problems, gate_report, measure_site

    if not site_dir.is_dir():
        click.echo(render_text("gate-missing", lang, path=display_path(site_dir)), err=True)
        sys.exit(2)
    size = measure_site(site_dir)
    problems = gate_problems(size, lang)
    click.echo(gate_report(size, problems, lang, markdown=output_format == "markdown"))
    _append_summary(summary_path, gate_report(size, problems, lang, markdown=True))
    sys.exit(1 if problems else 0)


@main.command("stale")
@_config_option
@_content_option
@click.option(
    "--months", type=click.IntRange(min=1), default=12, show_default=True,
    help="Entries whose `updated` is older than this many months, or missing.",
)  # fmt: skip
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@_lang_option
@_provinces_option
@_summary_option
def stale_command(
    config_file: Path | None,
    content_dir: Path | None,
    months: int,
    output_format: str,
    lang: str,
    provinces: tuple[str, ...],
    summary_path: Path | None,
) -> None:
    """List entries not updated for --months months (or never dated), per province.

    A report, not a check: the exit status is 0 whatever it finds (1 only for unreadable content).
    """
    import datetime as dt

    from .entries.freshness import FORMATTERS_BY_NAME as STALE_FORMATTERS
    from .entries.freshness import find_stale

    settings = _settings(config_file, content_dir=content_dir, province_scope=provinces)
    catalogue = load_catalogue(settings.content_dir, province_scope=settings.province_scope)
    report = find_stale(catalogue.entries, dt.date.today(), months)
    click.echo(STALE_FORMATTERS[output_format](report, lang))
    _append_summary(summary_path, STALE_FORMATTERS["markdown"](report, lang))


@main.group("hub")
def hub_group() -> None:
    """Provincial hub sites: a hub owns hubs/<province>/ and its province's entries."""


@hub_group.command("new")
@click.argument("province")
@click.option("--name", required=True, help="The hub catalogue's name (its site_name).")
@click.option("--primary", default=DEFAULT_PRIMARY, show_default=True, help="Main colour #rrggbb.")
@click.option("--accent", default=DEFAULT_ACCENT, show_default=True, help="Accent colour #rrggbb.")
@click.option(
    "--logo",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Logo file (svg, png, jpg, webp); default: a generated SVG with the province's initials.",
)
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The repository (the folder holding mkdocs.yml and content/).",
)
def hub_new(
    province: str, name: str, primary: str, accent: str, logo: Path | None, root: Path
) -> None:
    """Write hubs/<PROVINCE>/: its site config (inheriting mkdocs.yml), home introduction, logo
    and vocabulary additions. Refuses an unknown province and an existing hub folder."""
    from .hubs import HubError, write_hub

    try:
        written = write_hub(root, province, name, primary, accent, logo)
    except HubError as exc:
        click.echo(f"katalog hub new: {exc}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(render_text("hub-created", "id", path=display_path(path)))
    click.echo(render_text("hub-next", "id", province=province))


@main.command("import")
@click.argument("source")
@click.option("--province", required=True, help="Province slug whose entries to import.")
@_content_option
def import_command(source: str, province: str, content_dir: Path | None) -> None:
    """Write entry files from another catalogue's full export (katalog-lengkap.json.gz, a path
    or URL): each validated, its source kept as a link; prints what was added, changed, skipped.

    A file changed here since the last import is never overwritten: it is reported as a
    conflict, and so is an entry with errors (exit status 1).
    """
    from .entries.importing import ExportUnreadable, import_entries, read_export
    from .entries.messages import say
    from .entries.vocabularies import load_vocabularies

    content_dir = content_dir or Path("content")
    vocab, problems = load_vocabularies(content_dir)
    if province not in vocab.provinces:
        known = ", ".join(vocab.provinces)
        raise click.UsageError(say("hub-province-unknown", found=province, allowed=known))
    if any(p.is_error for p in problems):
        click.echo(REPORTERS_BY_NAME["text"]([p for p in problems if p.is_error], "id"), err=True)
        sys.exit(1)
    try:
        document = read_export(source)
    except ExportUnreadable as exc:
        click.echo(f"katalog import: {exc}", err=True)
        sys.exit(1)
    report = import_entries(document, source, province, content_dir, vocab)
    for name, paths in (
        ("import-added", report.added),
        ("import-changed", report.changed),
        ("import-skipped", report.skipped),
    ):
        for path in paths:
            click.echo(render_text(name, "id", path=path))
    for path, why in report.conflicts:
        reason = say(why)
        click.echo(render_text("import-conflicted", "id", path=path, reason=reason), err=True)
    for line in report.invalid:
        click.echo(line, err=True)
    counts = {
        "added": len(report.added), "changed": len(report.changed),
        "skipped": len(report.skipped), "conflicts": len(report.conflicts),
        "errors": len(report.invalid),
    }  # fmt: skip
    click.echo(render_text("import-counts", "id", **counts))
    sys.exit(1 if report.failed else 0)
