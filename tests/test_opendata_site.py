"""Open data of a built fixture site: the Data Package validates, the DCAT catalogue names exactly
the files there are, each facet term has its feed of its own entries, each entry its JSON. The
fixture is published from a GitHub repository, so its two JSON exports and katalog.csv are release
assets; katalog.csv.gz, the same rows gzipped, stays on the site."""

from __future__ import annotations

import csv
import dataclasses
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import frictionless
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.entries.catalogue import load_catalogue
from generator.opendata.exports import build_release_files
from generator.settings import SiteSettings
from tests.site_fixture import FIXTURE, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://katalog.example.org/"  # the fixture's mkdocs.yml
RELEASE = "https://github.com/contoh/katalog-uji/releases/download/data-terbaru/"  # its repo_url
RELEASED = ("data/katalog.json", "data/katalog-lengkap.json.gz", "data/katalog.csv")
ENTRY_IDS = sorted(f"{p.parent.name}/{p.stem}" for p in (FIXTURE / "innovations").glob("*/*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("opendata"), entry_json=True)


@pytest.fixture(scope="module")
def released(site: Path) -> Path:
    """What the publish workflow uploads: `katalog release-assets` with the site's mkdocs.yml."""
    out = site.parent / "rilis"
    result = CliRunner().invoke(
        main, ["release-assets", "--config", str(site.parent / "mkdocs.yml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def test_frictionless_validates_the_data_package(site: Path) -> None:
    report = frictionless.validate(str(site / "data/datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert names == {"katalog", "replikasi"}  # a province's rows are katalog.csv's, no copy
    assert {lic["name"] for lic in package["licenses"]} == {"CC-BY-4.0", "ODbL-1.0"}
    assert any("idn-area-data" in source["title"] for source in package["sources"])
    whole = next(r for r in package["resources"] if r["name"] == "katalog")
    assert whole["schema"]["primaryKey"] == ["id"]
    assert whole["schema"]["foreignKeys"][0]["fields"] == ["replicates"]
    table = gzip.decompress((site / "data/katalog.csv.gz").read_bytes()).decode("utf-8-sig")
    csv_columns = next(csv.reader(io.StringIO(table)))
    assert [f["name"] for f in whole["schema"]["fields"]] == csv_columns


def test_the_data_package_refuses_what_its_schema_forbids(site: Path, tmp_path: Path) -> None:
    """The validation above can fail: a province outside the vocabulary and a replication of a
    missing entry are both reported."""
    copy = tmp_path / "data"
    shutil.copytree(site / "data", copy)
    table = gzip.decompress((copy / "katalog.csv.gz").read_bytes()).decode("utf-8-sig")
    broken = table.replace(",bali,Bali,", ",balii,Bali,")
    assert broken != table
    (copy / "katalog.csv.gz").write_bytes(gzip.compress(broken.encode("utf-8-sig")))
    replications = (copy / "replikasi.csv").read_text(encoding="utf-8-sig")
    origin = rows(copy / "replikasi.csv")[0]["origin_id"]
    (copy / "replikasi.csv").write_text(replications.replace(origin, "bali/tidak-ada"), "utf-8-sig")
    report = frictionless.validate(str(copy / "datapackage.json"))
    errors = {e.type for task in report.tasks for e in task.errors}
    assert not report.valid
    assert {"constraint-error", "foreign-key"} <= errors, errors


def _files_on_site(site: Path) -> set[str]:
    data = {
        p.relative_to(site).as_posix()
        for p in (site / "data").rglob("*")
        if p.is_file() and p.suffix != ".html"  # the /data/ page itself
    }
    feeds = {p.relative_to(site).as_posix() for p in site.rglob("feed.xml")}
    # The schema is part of the package; the catalogue file describes, it is not described.
    return (data | feeds) - {"data/katalog.schema.json", "data/dcat.jsonld"}


def test_dcat_catalogue_names_every_distribution_on_the_site(site: Path) -> None:
    document = json.loads((site / "data/dcat.jsonld").read_text(encoding="utf-8"))
    graph = document["@graph"]
    assert document["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    catalogue = next(n for n in graph if n["@type"] == "dcat:Catalog")
    datasets = [n for n in graph if n["@type"] == "dcat:Dataset"]
    assert {d["@id"] for d in datasets} == {d["@id"] for d in catalogue["dcat:dataset"]}
    distributions = {n["@id"]: n for n in graph if n["@type"] == "dcat:Distribution"}
    listed = {ref["@id"] for d in datasets for ref in d["dcat:distribution"]}
    assert listed == set(distributions)
    for dataset in datasets:
        for key in ("dct:title", "dct:description", "dct:publisher", "dcat:distribution"):
            assert dataset[key], (dataset["@id"], key)
    named, in_release = set(), set()
    for node in distributions.values():
        url = node["dcat:downloadURL"]["@id"]
        assert node["dct:license"]["@id"].startswith("https://")
        if url.startswith(RELEASE):
            in_release.add(url.removeprefix(RELEASE))
            continue
        assert url.startswith(SITE_URL), url
        named.add(urlsplit(url).path.lstrip("/"))
    for path in named:
        assert (site / path).is_file(), f"the catalogue names {path}, which the site lacks"
    assert named == _files_on_site(site)
    assert in_release == {"katalog.json", "katalog-lengkap.json.gz", "katalog.csv"}


def test_dcat_without_site_url_resolves_against_its_own_address(tmp_path: Path) -> None:
    from generator.entries.catalogue import load_catalogue
    from generator.opendata.dcat import build_dcat
    from generator.settings import SiteSettings

    catalogue = load_catalogue(FIXTURE)
    graph = json.loads(build_dcat(catalogue, SiteSettings()))["@graph"]
    here = "https://portal.example/katalog/data/dcat.jsonld"
    urls = {urljoin(here, n["dcat:downloadURL"]["@id"]) for n in graph if "dcat:downloadURL" in n}
    assert "https://portal.example/katalog/data/katalog.csv" in urls
    assert "https://portal.example/katalog/feed.xml" in urls
    assert "https://portal.example/katalog/provinsi/bali/feed.xml" in urls


def _feed(site: Path, path: str) -> ET.Element:
    root = ET.fromstring((site / path).read_bytes())
    assert root.tag == f"{ATOM}feed", path
    for required in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert root.findtext(ATOM + required), (path, required)
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link is not None and self_link.get("href") == SITE_URL + path
    return root


def _entry_ids(feed: ET.Element) -> set[str]:
    prefix = SITE_URL + "inovasi/"
    links = [e.find(f"{ATOM}link[@rel='alternate']") for e in feed.findall(f"{ATOM}entry")]
    return {link.get("href", "")[len(prefix) :].rstrip("/") for link in links if link is not None}


def test_each_facet_term_feed_holds_only_its_entries(site: Path, released: Path) -> None:
    records = {r["id"]: r for r in json.loads((released / "katalog.json").read_bytes())["entries"]}
    checked = 0
    for folder, key in (("provinsi", "province"), ("sektor", "sectors"), ("sdg", "sdgs")):
        for feed_path in sorted((site / folder).glob("*/feed.xml")):
            slug = feed_path.parent.name
            feed = _feed(site, feed_path.relative_to(site).as_posix())

            def has_term(record: dict[str, object], key: str = key, slug: str = slug) -> bool:
                value = record[key]
                if key == "province":
                    return value["slug"] == slug  # type: ignore[index]
                items = value if isinstance(value, list) else []
                return slug in {str(t.get("slug", t.get("number"))) for t in items}

            expected = {i for i, r in records.items() if has_term(r)}
            assert _entry_ids(feed) == expected, feed_path
            checked += bool(expected)
    assert checked >= 8  # the fixture puts entries under several terms of each facet


def test_feed_entry_ids_do_not_depend_on_site_url() -> None:
    from generator.entries.catalogue import load_catalogue
    from generator.opendata.feed import build_term_feeds
    from generator.settings import SiteSettings

    catalogue = load_catalogue(FIXTURE)

    def ids(settings: SiteSettings) -> dict[str, list[str | None]]:
        return {
            f.path: [e.findtext(f"{ATOM}id") for e in ET.fromstring(f.content).iter(f"{ATOM}entry")]
            + [ET.fromstring(f.content).findtext(f"{ATOM}id")]
            for f in build_term_feeds(catalogue, settings)
        }

    without, with_url = ids(SiteSettings()), ids(SiteSettings(site_url="https://x.example/k/"))
    assert without == with_url
    assert all(i and i.startswith("tag:") for values in without.values() for i in values)


def test_every_entry_has_its_json_beside_its_page(site: Path, released: Path) -> None:
    assert sorted(p.parent.relative_to(site / "inovasi").as_posix()
                  for p in (site / "inovasi").rglob("index.json")) == ENTRY_IDS  # fmt: skip
    record = json.loads((site / "inovasi/bali/sekolah-pantai/index.json").read_bytes())
    assert record["id"] == "bali/sekolah-pantai" and record["body"].strip()
    light = json.loads((released / "katalog.json").read_bytes())["entries"]
    assert {k: v for k, v in record.items() if k != "body"} in light


def test_the_json_exports_leave_the_site_for_the_release_and_every_link_follows(
    site: Path, released: Path
) -> None:
    for path in RELEASED:
        assert not (site / path).exists(), f"{path} is a release asset, not a site file"
    assert sorted(p.name for p in released.iterdir()) == [
        "katalog-lengkap.json.gz",
        "katalog.csv",
        "katalog.json",
    ]
    page = (site / "data/index.html").read_text(encoding="utf-8")
    for name in ("katalog.json", "katalog-lengkap.json.gz", "katalog.csv"):
        assert f'href="{RELEASE}{name}" data-export="data/{name}"' in page
    assert 'href="../data/katalog.csv.gz"' in page  # what the site holds is linked in the site
    assert page.count('<span class="kt-size">rilis GitHub</span>') == 3
    assert re.search(r'data-size-of="data/katalog.csv.gz">[^<]+<', page)  # a site file: its size
    head = page.split('<script type="application/ld+json">', 1)[1].split("</script>")[0]
    urls = {d["contentUrl"] for d in json.loads(head)["distribution"]}
    assert {u for u in urls if u.endswith(("katalog.json", ".gz", "katalog.csv"))} == {
        RELEASE + "katalog.json",
        RELEASE + "katalog-lengkap.json.gz",
        RELEASE + "katalog.csv",
        SITE_URL + "data/katalog.csv.gz",
    }
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for path in RELEASED:
        for url in (f"{SITE_URL}{path}", f"../{path}"):
            assert not re.search(re.escape(url) + r'["\s]', pages), url


def test_release_assets_are_the_bytes_a_site_keeping_them_publishes(
    site: Path, released: Path, tmp_path: Path
) -> None:
    config = str(site.parent / "mkdocs.yml")
    result = CliRunner().invoke(main, ["export", "--config", config, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for path in RELEASED:
        assert (released / Path(path).name).read_bytes() == (tmp_path / path).read_bytes(), path
    meta = json.loads((released / "katalog.json").read_bytes())["meta"]
    assert meta["site_url"] == SITE_URL  # the importer links entries back to the site


def test_without_a_repository_the_site_keeps_its_exports(tmp_path: Path) -> None:
    from generator.assembly import linked_paths, site_files

    catalogue = load_catalogue(FIXTURE)
    local = SiteSettings(content_dir=FIXTURE)
    github = SiteSettings(content_dir=FIXTURE, repo_url="https://github.com/o/r")
    kept = dataclasses.replace(github, release_exports=False)
    for settings, on_site in ((local, True), (github, False), (kept, True)):
        paths = {f.path for f in site_files(catalogue, settings)}
        assert all((p in paths) == on_site for p in RELEASED), settings
        assert all((p in linked_paths(settings)) == on_site for p in RELEASED)
        assert (build_release_files(catalogue, settings) == []) == on_site
    assert github.export_url("data/katalog.json") == (
        "https://github.com/o/r/releases/download/data-terbaru/katalog.json"
    )
    result = CliRunner().invoke(
        main, ["release-assets", "--content", str(FIXTURE), "--out", str(tmp_path / "rilis")]
    )
    assert result.exit_code == 0, result.output
    assert "tak ada berkas untuk rilis" in result.output
    assert not (tmp_path / "rilis").exists()


def test_a_fork_links_its_own_release(tmp_path: Path) -> None:
    from generator.opendata.dcat import build_dcat

    catalogue = load_catalogue(FIXTURE)
    fork = SiteSettings(content_dir=FIXTURE, repo_url="https://github.com/pemprov-jatim/katalog/")
    graph = json.loads(build_dcat(catalogue, fork))["@graph"]
    urls = {n["dcat:downloadURL"]["@id"] for n in graph if "dcat:downloadURL" in n}
    own = "https://github.com/pemprov-jatim/katalog/releases/download/data-terbaru/"
    assert {own + "katalog.json", own + "katalog-lengkap.json.gz", own + "katalog.csv"} <= urls
    assert not any("contoh" in url for url in urls)


def test_no_province_csv_is_published_and_no_page_links_one(site: Path) -> None:
    assert not (site / "data/provinsi").exists()
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "data/provinsi/" not in pages
