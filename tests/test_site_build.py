"""End to end: `mkdocs build --strict` of the fixture catalogue (synthetic) with the real theme."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.labels import format_size
from tests.linkcheck import broken_links
from tests.site_fixture import FIXTURE, build_site, site_files

ENTRY_IDS = sorted(f"{p.parent.name}/{p.stem}" for p in (FIXTURE / "innovations").glob("*/*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("build"))


def test_every_entry_has_its_page_and_no_placeholder_ships(site: Path) -> None:
    for entry_id in ENTRY_IDS:
        assert (site / "inovasi" / entry_id / "index.html").is_file(), entry_id
    assert not (site / "katalog-shell").exists()
    assert (site / "inovasi/jawa-tengah/akta-kelahiran-kilat/loket.png").is_file()


def test_every_facet_term_has_a_page_even_when_empty(site: Path) -> None:
    for path in ("provinsi/aceh/", "sdg/1/", "sektor/pariwisata/", "penghargaan/iga/"):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        assert "Belum ada inovasi" in html, path
    for overview in ("provinsi/", "sektor/", "sdg/", "tahun/", "penghargaan/", "replikasi/"):
        assert (site / overview / "index.html").is_file()


def test_pagination_pages_exist_at_page_size_two(site: Path) -> None:
    assert (site / "provinsi/jawa-barat/2/index.html").is_file()  # three entries
    assert not (site / "provinsi/jawa-barat/3").exists()
    page2 = (site / "provinsi/jawa-barat/2/index.html").read_text(encoding="utf-8")
    assert 'aria-current="page">2<' in page2


def test_entry_page_shows_facts_replication_and_edit_link(site: Path) -> None:
    html = (site / "inovasi/jawa-barat/antrean-puskesmas-daring/index.html").read_text("utf-8")
    for expected in (
        "<title>[UJI] Antrean Puskesmas Daring - Katalog Uji</title>",
        "Dinas Kesehatan Kota Uji",
        "Kota Bandung",
        'class="kt-sdg kt-sdg--3"',
        "Direplikasi oleh",
        "Disdukcapil Kota Uji Tengah",  # an entry that `replicates` this one
        "Dinas Kesehatan Kabupaten Uji Timur",  # an adopter listed in `replications`
        "https://github.com/contoh/katalog-uji/edit/main/",
        'datetime="2024-05-17"',
        '<link rel="canonical" href="https://katalog.example.org/inovasi/jawa-barat/'
        'antrean-puskesmas-daring/">',
        '<li class="kt-on"><a href="../../../provinsi/">',
    ):
        assert expected in html, expected
    replicating = (site / "inovasi/jawa-tengah/akta-kelahiran-kilat/index.html").read_text("utf-8")
    assert "Mereplikasi" in replicating and "[UJI] Antrean Puskesmas Daring" in replicating


def test_home_title_names_the_site_once(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Katalog Uji</title>" in html


def test_overview_says_how_many_innovations_in_how_many_terms(site: Path) -> None:
    sectors = (site / "sektor/index.html").read_text(encoding="utf-8")
    assert re.search(r"\d+ inovasi tersebar di \d+ dari 20 sektor\.", sectors)
    assert "penandaan" not in sectors


def test_province_page_lists_innovations_before_replication(site: Path) -> None:
    html = (site / "provinsi/jawa-barat/index.html").read_text(encoding="utf-8")
    assert 0 < html.index('class="kt-cards"') < html.index('id="kt-exchange-title"')


def test_download_sizes_are_filled_after_the_files_are_written(site: Path) -> None:
    html = (site / "tentang/index.html").read_text(encoding="utf-8")
    size = (site / "data/katalog.csv.gz").stat().st_size
    assert f'data-size-of="data/katalog.csv.gz">{format_size(size)}</span>' in html


def test_footer_carries_the_odbl_notice_on_every_kind_of_page(site: Path) -> None:
    """The short notice, linking the Data page's licence section (the full notice is there:
    tests/test_lean_chrome.py checks it)."""
    notice = re.compile(
        r'<(?:div class="kt-data-notice"|p)><a href="([^"#]*)#lisensi">'
        r"Memuat informasi dari idn-area-data \(ODbL\)</a>(?:</div>|</footer>)"
    )
    for path in ("index.html", "provinsi/index.html", "provinsi/bali/index.html",
                 "inovasi/bali/sekolah-pantai/index.html", "tentang/index.html"):  # fmt: skip
        found = notice.search((site / path).read_text(encoding="utf-8"))
        assert found, path
        target = (site / path).parent / found.group(1) / "index.html"
        assert target.resolve() == (site / "data/index.html").resolve(), path


def test_province_page_shows_exports_and_imports(site: Path) -> None:
    html = (site / "provinsi/jawa-barat/index.html").read_text(encoding="utf-8")
    assert "Diekspor ke daerah lain (3)" in html
    bali = (site / "provinsi/bali/index.html").read_text(encoding="utf-8")
    assert "Diimpor dari daerah lain (1)" in bali


def test_every_internal_link_resolves(site: Path) -> None:
    broken = broken_links(site, "https://katalog.example.org/")
    assert not broken, "\n".join(broken[:20])


def test_sitemap_lists_filled_pages_not_placeholders(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://katalog.example.org/inovasi/bali/sekolah-pantai/" in sitemap
    assert "katalog-shell" not in sitemap
    assert not (site / "sitemap.xml.gz").exists()


def test_hostile_content_does_not_survive(site: Path) -> None:
    html = (site / "inovasi/dki-jakarta/konten-berbahaya/index.html").read_text(encoding="utf-8")
    content = html[html.index("<article") : html.index("</article>")]
    # The one script allowed is the page's own schema.org block, last in the article: JSON in
    # which the renderer escapes every "<" (site/head.py), so no entry text can end it early.
    ours = re.search(r'<script type="application/ld\+json">[^<]*</script>\s*$', content)
    assert ours is not None
    content = content[: ours.start()]
    assert "<script" not in content
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", content), "event handler attribute"
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*javascript:", content, re.IGNORECASE)
    assert "evil.example.org" not in content
    assert "<form" not in content and "<style" not in content and "<svg" not in content
    assert "&lt;script&gt;alert(&#39;judul&#39;)&lt;/script&gt;" in content  # shown, escaped
    # Title and description slots of the shell are escaped too.
    head = html[: html.index("</head>")]
    assert "<script>alert" not in head


def test_two_builds_are_identical(tmp_path: Path, site: Path) -> None:
    again = build_site(tmp_path / "again")
    first, second = site_files(site), site_files(again)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, different[:10]


def test_parallel_build_writes_the_same_pages(tmp_path: Path, site: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("generator.assembly.PARALLEL_THRESHOLD", 1)
    parallel = build_site(tmp_path / "parallel", processes=2)
    assert site_files(parallel) == site_files(site)


def test_invalid_entries_fail_the_build_with_one_line_each(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    broken = content / "innovations/bali/sekolah-pantai.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("sdgs: [4, 14]", "sdgs: [4, 99]"), "utf-8"
    )
    (content / "innovations/bali/rusak.md").write_text("tanpa front matter\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):  # MkDocs wraps PluginError
        build_site(tmp_path / "build", content_dir=content)
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert lines[-1].startswith("2 error di katalog"), lines
    assert any(re.search(r"sekolah-pantai\.md:\d+: error: sdgs\[1\]: ", m) for m in lines), lines
    assert any(re.search(r"rusak\.md:1: error: front-matter: ", m) for m in lines), lines


def test_open_data_and_search_index_are_written_beside_the_pages(tmp_path: Path) -> None:
    import json

    # the JSON exports kept in the site, as a site without a repository keeps them
    site = build_site(tmp_path / "with-search", search=True, release_exports=False)
    root = FIXTURE / "innovations"
    ids = [p.relative_to(root).with_suffix("").as_posix() for p in root.glob("*/*.md")]
    data = json.loads((site / "data/katalog.json").read_text(encoding="utf-8"))
    assert [record["id"] for record in data["entries"]] == sorted(ids)
    for name in (
        "data/katalog.csv",
        "data/katalog.csv.gz",
        "data/katalog-lengkap.json.gz",
        "feed.xml",
        "search/meta.json",
    ):
        assert (site / name).stat().st_size > 0, name
    assert not list(site.rglob("*.tmp"))


def test_the_real_catalogue_builds_strict(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = FIXTURE.parents[2]
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    build(config)  # raises Abort on any warning, e.g. a link to a file the plugin did not publish
    assert (tmp_path / "site/inovasi/jawa-barat/pikobar/index.html").exists()
    assert (tmp_path / "site/data/katalog.json").exists()
    _assert_data_page_describes_its_dataset(tmp_path / "site")


def _assert_data_page_describes_its_dataset(site: Path) -> None:
    """/data/ carries a schema.org Dataset (Google Dataset Search) whose downloads exist."""
    import json

    html = (site / "data/index.html").read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    datasets = [d for d in map(json.loads, blocks) if d["@type"] == "Dataset"]
    assert len(datasets) == 1
    dataset = datasets[0]
    for key in ("name", "description", "license", "creator", "distribution"):
        assert dataset[key], key
    urls = [d["contentUrl"] for d in dataset["distribution"]]
    assert "katalog.csv" in urls and "../feed.xml" in urls  # relative: no site_url here
    for url in urls:
        assert (site / "data" / url).resolve().is_file(), url


def test_no_page_names_the_build_machines_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Built from an unrelated working folder, from a copy outside any repository, with search.
    content = tmp_path / "salinan" / "content"
    shutil.copytree(FIXTURE / "innovations", content / "innovations")
    shutil.copytree(FIXTURE / "taxonomies", content / "taxonomies")
    monkeypatch.chdir(tmp_path)
    site = build_site(tmp_path / "build", content, search=True)
    leaks = [
        name
        for name, data in site_files(site).items()
        if str(tmp_path).encode() in data or str(FIXTURE.parents[2]).encode() in data
    ]
    assert leaks == []
    page = (site / "inovasi/bali/sekolah-pantai/index.html").read_text(encoding="utf-8")
    assert "/edit/main/content/innovations/bali/sekolah-pantai.md" in page


def test_symlinked_media_is_refused_and_never_published(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Git commits symlinks: `foto.png -> /etc/passwd` in a media folder used to be copied into
    # site/, publishing any file of the build machine (its environment too, via /proc).
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    media = content / "innovations/dki-jakarta/konten-berbahaya"
    secret = tmp_path / "outside-the-repository.png"
    secret.write_bytes(b"RAHASIA-DI-LUAR-REPO")
    (media / "passwd.png").symlink_to("/etc/passwd")
    (media / "luar.png").symlink_to(secret)
    site = tmp_path / "build/site"
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_site(tmp_path / "build", content_dir=content)
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    for name in ("passwd.png", "luar.png"):
        assert any(f"konten-berbahaya/{name}:1: error: media: " in m for m in lines), lines
    published = site_files(site) if site.exists() else {}
    assert not any(b"root:" in data or b"RAHASIA" in data for data in published.values())


def test_only_regular_media_files_that_validation_accepted_are_published(tmp_path: Path) -> None:
    from generator.entries.catalogue import load_catalogue

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content, ignore=shutil.ignore_patterns("docs", "mkdocs.yml"))
    media = content / "innovations/dki-jakarta/konten-berbahaya"
    (media / "passwd.png").symlink_to("/etc/passwd")
    catalogue = load_catalogue(content)
    accepted = {path.name for paths in catalogue.media.values() for path in paths}
    assert accepted == {"loket.png"}  # the fixture's two real images are named loket.png
    assert sum(len(paths) for paths in catalogue.media.values()) == 2
    assert [p.code for p in catalogue.errors] == ["file-symlink"]
    (media / "passwd.png").unlink()
    site = build_site(tmp_path / "build", content_dir=content)
    assert (site / "inovasi/dki-jakarta/konten-berbahaya/loket.png").read_bytes() == (
        media / "loket.png"
    ).read_bytes()
