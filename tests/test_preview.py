"""A preview rebuild rewrites only the pages an edit touches, and equals a full build."""

from __future__ import annotations

import datetime as dt
import gzip
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from types import CodeType

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.entries.catalogue import load_catalogue, reread_entries
from generator.settings import SiteSettings
from generator.site.plan import build_site, plan_pages
from generator.site.preview import (
    Preview,
    TemplateCode,
    Written,
    affected_urls,
    pages_to_rewrite,
    site_after_edit,
    stale,
)
from generator.site.shell import Shell

from .site_fixture import FIXTURE, site_files, write_config

EDITED = "innovations/jawa-barat/bank-sampah-digital.md"


def _copy_fixture(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    return content


def _edit(content: Path) -> None:
    path = content / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Bank Sampah Digital", "Bank Sampah Daring"), encoding="utf-8")


def _site(content: Path):  # type: ignore[no-untyped-def]
    return build_site(load_catalogue(content), SiteSettings(page_size=2))


def test_an_edit_touches_its_page_and_its_terms_pages_only(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    before = _site(content)
    _edit(content)
    after = _site(content)
    jobs = [job for job in plan_pages(after) if not job.is_section]
    urls = affected_urls(before, after, jobs)
    assert urls is not None
    assert "inovasi/jawa-barat/bank-sampah-digital/" in urls
    assert "sektor/lingkungan-hidup/" in urls
    assert "sdg/12/" in urls and "tahun/2021/" in urls
    assert "inovasi/nasional/portal-pengaduan-uji/" not in urls
    assert "sektor/perizinan/" not in urls


def test_adding_an_entry_means_a_full_rewrite(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    before = _site(content)
    source = content / EDITED
    shutil.copyfile(source, source.with_name("bank-sampah-kedua.md"))
    after = _site(content)
    assert affected_urls(before, after, list(plan_pages(after))) is None


def test_dirty_rebuild_equals_a_clean_build(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    (tmp_path / "preview").mkdir()
    (tmp_path / "clean").mkdir()
    config_path = write_config(tmp_path / "preview", content)
    build(load_config(str(config_path), strict=False), dirty=True)
    site = tmp_path / "preview" / "site"
    untouched = site / "inovasi/nasional/portal-pengaduan-uji/index.html"
    stamp = untouched.stat().st_mtime_ns
    _edit(content)
    build(load_config(str(config_path), strict=False), dirty=True)
    assert "Bank Sampah Daring" in (
        site / "inovasi/jawa-barat/bank-sampah-digital/index.html"
    ).read_text(encoding="utf-8")
    assert untouched.stat().st_mtime_ns == stamp  # not rewritten
    clean_config = write_config(tmp_path / "clean", content)
    build(load_config(str(clean_config)))
    clean = site_files(tmp_path / "clean" / "site")
    preview = site_files(site)
    differing = [p for p in clean if p.endswith(".html") and clean[p] != preview.get(p)]
    assert differing == []


def test_preview_refreshes_search_and_open_data_after_the_pages(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    (tmp_path / "serve").mkdir()
    # the JSON exports in the site, as in a local preview (no repo_url)
    config_path = write_config(tmp_path / "serve", content, search=True, release_exports=False)
    config = load_config(str(config_path), strict=False)
    config.plugins.on_startup(command="serve", dirty=True)  # what `mkdocs serve --dirty` does
    try:
        build(config, dirty=True)
        site = tmp_path / "serve" / "site"
        assert "Bank Sampah Digital" in (site / "data/katalog.json").read_text(encoding="utf-8")
        _edit(content)
        build(load_config(str(config_path), strict=False), dirty=True)
        for thread in threading.enumerate():
            if thread.name == "katalog-data-refresh":
                thread.join(60)
    finally:  # as the server does when it stops; MkDocs keeps the plugin for later builds
        config.plugins.on_shutdown()
    data = (site / "data/katalog.json").read_text(encoding="utf-8")
    assert "Bank Sampah Daring" in data and "Bank Sampah Digital" not in data
    docs = "".join(
        gzip.decompress(p.read_bytes()).decode() for p in (site / "search/docs").glob("*.json.gz")
    )
    assert "Bank Sampah Daring" in docs


SHELLS = {1: Shell(("<p>", "</p>"), ("body",))}


def test_pages_to_rewrite_are_all_of_them_unless_the_last_build_is_comparable(
    tmp_path: Path,
) -> None:
    content = _copy_fixture(tmp_path)
    before = _site(content)
    jobs = [job for job in plan_pages(before) if not job.is_section]
    previous = Written(before, SHELLS, tuple(jobs), frozenset())
    _edit(content)
    after = _site(content)
    jobs = [job for job in plan_pages(after) if not job.is_section]
    some = pages_to_rewrite(previous, after, SHELLS, jobs, folder_kept=True)
    assert 0 < len(some) < len(jobs)
    assert "inovasi/jawa-barat/bank-sampah-digital/" in {job.url for job in some}
    assert pages_to_rewrite(None, after, SHELLS, jobs, folder_kept=True) == jobs
    assert pages_to_rewrite(previous, after, SHELLS, jobs, folder_kept=False) == jobs
    other_chrome = {1: Shell(("<div>", "</div>"), ("body",))}
    assert pages_to_rewrite(previous, after, other_chrome, jobs, folder_kept=True) == jobs
    # A page the last build did not have (a new term page, say) is written too.
    fewer = Written(before, SHELLS, tuple(jobs[1:]), frozenset())
    assert jobs[0] in pages_to_rewrite(fewer, after, SHELLS, jobs, folder_kept=True)


def test_files_the_site_no_longer_has_are_removed(tmp_path: Path) -> None:
    assert stale(["a", "b/c", "d"], ["d", "a"]) == ["b/c"]
    site_dir = tmp_path / "site"
    for path in ("inovasi/x/index.html", "inovasi/y/index.html", "media/x/foto.png"):
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text("x", encoding="utf-8")
    content = _copy_fixture(tmp_path)
    site = _site(content)
    preview = Preview()
    preview.pages_written(site_dir, Written(site, SHELLS, (), frozenset({"inovasi/x/index.html",
                          "inovasi/y/index.html"})))  # fmt: skip
    preview.pages_written(site_dir, Written(site, SHELLS, (), frozenset({"inovasi/y/index.html"})))
    assert not (site_dir / "inovasi/x").exists()  # the page and the folder it leaves empty
    assert (site_dir / "inovasi/y/index.html").is_file()
    filled: list[list[str]] = []
    preview.write_data(
        site_dir, lambda: ["media/x/foto.png"], lambda pages: filled.append([*pages])
    )
    preview.slotted.add("data/index.html")
    preview.write_data(site_dir, lambda: [], lambda pages: filled.append([*pages]))
    assert not (site_dir / "media").exists()
    assert filled == [[], ["data/index.html"]]


def test_a_failed_data_refresh_is_reported_not_lost(tmp_path: Path) -> None:
    preview = Preview()
    outcomes: list[BaseException | None] = []

    def broken() -> list[str]:
        raise OSError("disk full")

    preview.write_data_later(tmp_path, broken, lambda pages: None, outcomes.append).join(60)
    preview.write_data_later(tmp_path, lambda: [], lambda pages: None, outcomes.append).join(60)
    assert [repr(outcome) for outcome in outcomes] == ["OSError('disk full')", "None"]


def test_an_edit_of_what_only_its_page_shows_rewrites_that_page_alone(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    before = _site(content)
    path = content / EDITED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip() + "\n\nParagraf tambahan.\n", encoding="utf-8")
    after = _site(content)
    jobs = [job for job in plan_pages(after) if not job.is_section]
    # The origin of Bali's sekolah-pantai: its body is on its own page, not on the adopter's.
    assert affected_urls(before, after, jobs) == {"inovasi/jawa-barat/bank-sampah-digital/"}


def test_a_vocabulary_change_means_a_full_rewrite(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    before = _site(content)
    sectors = content / "taxonomies/sectors.yml"
    text = sectors.read_text(encoding="utf-8")
    sectors.write_text(text.replace('"Perizinan"', '"Perizinan Berusaha"'), encoding="utf-8")
    after = _site(content)
    assert affected_urls(before, after, list(plan_pages(after))) is None


def test_compiled_templates_are_reused_until_their_source_changes(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    code = TemplateCode()
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> CodeType:
            compiled.append(filename)
            return super()._compile(source, filename)

    def render() -> str:  # a new environment each time, as MkDocs makes one per build
        env = Counting(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=code)
        return env.get_template("page.html").render(x=1)

    assert render() == render() == "<p>1</p>"
    assert len(compiled) == 1
    (tmp_path / "page.html").write_text("<div>{{ x }}</div>", encoding="utf-8")
    assert render() == "<div>1</div>"
    assert len(compiled) == 2


def test_compiled_templates_are_kept_across_builds_in_a_signed_file(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    store = tmp_path / "cache" / "build-templates"
    store.parent.mkdir()
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source: str, filename: str) -> CodeType:
            compiled.append(filename)
            return super()._compile(source, filename)

    def build() -> str:  # a new process each time: the code comes from the file or nowhere
        code = TemplateCode.load(store)
        env = Counting(loader=jinja2.FileSystemLoader(tmp_path), bytecode_cache=code)
        html = env.get_template("page.html").render(x=1)
        code.save()
        return html

    assert build() == build() == "<p>1</p>"
    assert len(compiled) == 1
    (tmp_path / "page.html").write_text("<div>{{ x }}</div>", encoding="utf-8")
    assert build() == "<div>1</div>" and len(compiled) == 2
    # a file this machine did not sign is not read: the template is compiled again
    store.write_bytes(b"\0" * 32 + store.read_bytes()[32:])
    assert build() == "<div>1</div>" and len(compiled) == 3


def test_rereading_changed_entries_equals_loading_the_catalogue_again(tmp_path: Path) -> None:
    content = _copy_fixture(tmp_path)
    today = dt.date.today()
    before = load_catalogue(content, today=today)
    path = content / EDITED
    good = path.read_text(encoding="utf-8")
    # Saved as editors do: a temporary file beside it, renamed over it (the watch sees both).
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(good.rstrip() + "\n\nParagraf tambahan.\n", encoding="utf-8")
    temporary.replace(path)
    again = reread_entries(before, [temporary, path], today)
    assert again is not None and again == load_catalogue(content, today=today)
    site = build_site(before, SiteSettings(page_size=2))
    kept = site_after_edit(site, again)
    assert kept is not None and kept.facets is site.facets
    # What the re-reading cannot vouch for: a full load decides.
    path.write_text(good.replace("sdgs: [", "sdgs: [99, ", 1), encoding="utf-8")
    assert reread_entries(load_catalogue(content, today=today), [path], today) is None
    path.write_text(good, encoding="utf-8")
    latest = load_catalogue(content, today=today)
    new = path.with_name("bank-sampah-kedua.md")
    shutil.copyfile(path, new)
    assert reread_entries(latest, [new], today) is None  # an entry added
    with_media = content / "innovations/jawa-tengah/akta-kelahiran-kilat.md"
    assert reread_entries(load_catalogue(content, today=today), [with_media], today) is None
    # A title is on cards and term pages: the entries are re-read, the site is indexed again.
    latest = load_catalogue(content, today=today)
    path.write_text(good.replace("Bank Sampah Digital", "Bank Sampah Daring"), encoding="utf-8")
    retitled = reread_entries(latest, [path], today)
    assert retitled is not None
    assert site_after_edit(build_site(latest, SiteSettings(page_size=2)), retitled) is None


def test_a_rebuild_with_the_same_pages_reuses_the_sitemaps() -> None:
    """A preview edit that adds or removes no page gets the last sitemaps, byte for byte what
    building them again gives; another page list builds them anew."""
    from generator.site.sitemap import build_sitemaps, sitemaps_of

    base = "https://contoh.github.io/katalog/"
    urls = tuple(f"inovasi/aceh/entri-{n:05d}/" for n in range(60_001))  # two parts and an index
    first = sitemaps_of(base, urls)
    assert dict(first) == build_sitemaps(base, urls) and len(first) == 3
    assert sitemaps_of(base, tuple(urls)) is first
    fewer = sitemaps_of(base, urls[:-1])
    assert fewer is not first and dict(fewer) == build_sitemaps(base, urls[:-1])
    assert sitemaps_of("https://lain.example/", urls[:-1]) is not fewer


class _Watch:
    """The content watch as the server's inotify fills it: the files changed since last asked."""

    def __init__(self) -> None:
        self.changed: set[Path] = set()

    def take_changes(self) -> frozenset[Path]:
        changed, self.changed = frozenset(self.changed), set()
        return changed


def _built_apart(folder: Path, content: Path) -> dict[str, bytes]:
    """A clean build in a process of its own: in this one MkDocs would hand the build the same
    plugin instance as the server's (it keeps one per plugin name), still in preview mode, which
    writes the data files later, in a thread."""
    folder.mkdir()
    config = write_config(folder, content)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]
    subprocess.run(command, check=True, env=env, cwd=folder)
    return site_files(folder / "site")


def test_an_own_page_edit_keeps_the_page_plan_and_the_section_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The plan and the section pages come from the site's indexes, which such an edit keeps:
    planning 58,753 pages again was a third of a 50k rebuild. An edit of what other pages show
    plans and renders them again; either way the served folder equals a clean build."""
    import generator.plugin as plugin_module

    content = _copy_fixture(tmp_path)
    (tmp_path / "serve").mkdir()
    served = write_config(tmp_path / "serve", content)
    config = load_config(str(served), strict=False)
    plugin = config.plugins["katalog"]
    assert isinstance(plugin, plugin_module.KatalogPlugin)
    calls = {"plans": 0, "sections": 0}

    def counted(name: str, original):  # type: ignore[no-untyped-def]
        def call(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls[name] += 1
            return original(*args, **kwargs)

        return call

    monkeypatch.setattr(plugin_module, "split_plan", counted("plans", plugin_module.split_plan))
    monkeypatch.setattr(
        plugin_module, "render_page", counted("sections", plugin_module.render_page)
    )
    config.plugins.on_startup(command="serve", dirty=True)
    watch = _Watch()
    path = content / EDITED
    try:
        build(config, dirty=True)
        assert calls["plans"] == 1 and calls["sections"] > 0
        plugin._watch = watch  # type: ignore[assignment]  # what on_serve starts
        steps = [
            ("own page", lambda text: text.rstrip() + "\n\nParagraf tambahan pratinjau.\n", 0),
            ("title", lambda text: text.replace("Bank Sampah Digital", "Bank Sampah Daring"), 1),
        ]
        for step, change, plans in steps:
            before = dict(calls)
            path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
            watch.changed.add(path)
            build(load_config(str(served), strict=False), dirty=True)
            for thread in threading.enumerate():
                if thread.name == "katalog-data-refresh":
                    thread.join(60)
            assert calls["plans"] - before["plans"] == plans, step
            assert (calls["sections"] > before["sections"]) == bool(plans), step
            assert site_files(tmp_path / "serve" / "site") == _built_apart(
                tmp_path / f"clean-{plans}", content
            ), step
    finally:
        plugin._watch = None
        config.plugins.on_shutdown()
    page = (tmp_path / "serve/site/inovasi/jawa-barat/bank-sampah-digital/index.html").read_text(
        encoding="utf-8"
    )
    assert "Paragraf tambahan pratinjau." in page and "Bank Sampah Daring" in page
