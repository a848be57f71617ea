"""Hub folders: `katalog hub new`, reading a hub, the regency map and the Hub JIPP network."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.entries.catalogue import load_catalogue
from generator.hubs import declared_catalogues, read_hub
from generator.settings import SiteSettings
from generator.site import charts
from generator.site.plan import build_site
from generator.site.rendering import render_hub_network

from .conftest import CATALOGUE

FIXTURE = CATALOGUE / "site"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_hub_new_writes_the_hub_folder(tmp_path: Path) -> None:
    code, output = run(
        "hub", "new", "bali", "--name", "Katalog Inovasi Uji Bali", "--primary", "#123456",
        "--root", str(tmp_path),
    )  # fmt: skip
    assert code == 0, output
    folder = tmp_path / "hubs/bali"
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert names == [
        "beranda.md", "logo.svg", "mkdocs.yml", "taxonomies/awards.yml", "taxonomies/sectors.yml",
    ]  # fmt: skip
    text = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    # The hub's own address: the publish workflow's, never the national one by inheritance.
    assert "\nsite_url: !ENV [KATALOG_SITE_URL, null]\n" in text
    config = yaml.safe_load(text.replace("!ENV", ""))
    assert config["INHERIT"] == "../../mkdocs.yml"
    assert config["site_name"] == "Katalog Inovasi Uji Bali"
    assert config["theme"]["logo"] == "assets/hub/logo.svg"
    plugin = config["plugins"]["katalog"]
    assert plugin["hub"] == "bali" and plugin["province_scope"] == ["bali"]
    assert plugin["palette_primary"] == "#123456"
    for name in ("sectors.yml", "awards.yml"):
        assert yaml.safe_load((folder / "taxonomies" / name).read_text())["terms"] == []
    logo = (folder / "logo.svg").read_text(encoding="utf-8")
    assert logo.startswith("<svg") and ">B</text>" in logo
    hub = read_hub(tmp_path / "content", "bali")
    assert "Bali" in hub.intro and hub.logo == folder / "logo.svg" and hub.site_url == ""


def test_a_new_hub_takes_its_address_from_the_publish_workflow_never_from_national(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from generator.configfile import load_settings

    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Nasional\nsite_url: https://nasional.example/\n"
        "plugins:\n  katalog:\n    page_size: 5\n",
        encoding="utf-8",
    )
    assert run("hub", "new", "bali", "--name", "Hub Uji", "--root", str(tmp_path))[0] == 0
    config = tmp_path / "hubs/bali/mkdocs.yml"
    monkeypatch.delenv("KATALOG_SITE_URL", raising=False)
    assert load_settings(config).site_url == ""  # unpublished: no address, not national's
    monkeypatch.setenv("KATALOG_SITE_URL", "https://hub-uji.example/")
    settings = load_settings(config)
    assert (settings.site_url, settings.page_size, settings.hub) == (
        "https://hub-uji.example/", 5, "bali"
    )  # fmt: skip
    # the environment's address is this build's, not one the hub declares for the /hub/ page
    assert declared_catalogues(tmp_path / "content") == {}


def test_hub_new_copies_a_given_logo(tmp_path: Path) -> None:
    logo = tmp_path / "lambang.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n")
    code, output = run(
        "hub", "new", "riau", "--name", "Hub Uji", "--logo", str(logo), "--root", str(tmp_path)
    )
    assert code == 0, output
    assert (tmp_path / "hubs/riau/logo.png").read_bytes() == logo.read_bytes()
    config = (tmp_path / "hubs/riau/mkdocs.yml").read_text(encoding="utf-8")
    assert "logo: assets/hub/logo.png" in config


def test_hub_new_refuses_an_unknown_province(tmp_path: Path) -> None:
    code, output = run("hub", "new", "jawa-timor", "--name", "X", "--root", str(tmp_path))
    assert code == 1
    assert "provinsi 'jawa-timor' tidak dikenal" in output and "jawa-timur" in output
    assert not (tmp_path / "hubs").exists()


def test_hub_new_refuses_an_existing_hub_and_keeps_its_files(tmp_path: Path) -> None:
    assert run("hub", "new", "bali", "--name", "Satu", "--root", str(tmp_path))[0] == 0
    before = (tmp_path / "hubs/bali/mkdocs.yml").read_text(encoding="utf-8")
    code, output = run("hub", "new", "bali", "--name", "Dua", "--root", str(tmp_path))
    assert code == 1 and "sudah ada" in output
    assert (tmp_path / "hubs/bali/mkdocs.yml").read_text(encoding="utf-8") == before


def test_hub_new_joins_a_folder_that_holds_only_an_import_record(tmp_path: Path) -> None:
    # `katalog import` keeps its record in the province's hub folder before any hub exists.
    record = tmp_path / "hubs/bali/imports.json"
    record.parent.mkdir(parents=True)
    record.write_text('{"files": {}}', encoding="utf-8")
    code, output = run("hub", "new", "bali", "--name", "Satu", "--root", str(tmp_path))
    assert code == 0, output
    assert (tmp_path / "hubs/bali/mkdocs.yml").is_file()
    assert record.read_text(encoding="utf-8") == '{"files": {}}'


def test_hub_new_refuses_a_bad_colour(tmp_path: Path) -> None:
    code, output = run(
        "hub", "new", "bali", "--name", "X", "--accent", "merah", "--root", str(tmp_path)
    )
    assert code == 1 and "--accent 'merah' bukan warna #rrggbb" in output


def test_a_hub_declares_its_catalogue_address(tmp_path: Path) -> None:
    assert run("hub", "new", "bali", "--name", "Uji", "--root", str(tmp_path))[0] == 0
    config = tmp_path / "hubs/bali/mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "site_url: !ENV [KATALOG_SITE_URL, null]", "site_url: https://b.example/"
    )
    config.write_text(text, encoding="utf-8")
    assert declared_catalogues(tmp_path / "content") == {"bali": "https://b.example/"}


def test_regency_map_counts_every_regency_of_the_province() -> None:
    catalogue = load_catalogue(FIXTURE, province_scope=["jawa-barat"])
    site = build_site(catalogue, SiteSettings(province_scope=("jawa-barat",)))
    index = site.facet("kabupaten-kota")
    html = charts.regency_map(index, "jawa-barat", "Jawa Barat", lambda url: "/" + url, "#7a1f1f")
    cells = re.findall(r'<li class="kt-regencymap__cell".*?</li>', html)
    regencies = catalogue.vocab.regencies_of("jawa-barat")
    assert len(cells) == len(regencies) + 1  # and one cell for province-wide entries
    counts = [int(n) for n in re.findall(r'kt-regencymap__count">(\d+)<', html)]
    assert sum(counts) == len(catalogue.entries) and max(counts) > 0
    assert "Kota Bekasi" in html and "Tingkat provinsi" in html
    # a regency with entries links its /kabupaten-kota/<kode>/ page; an empty one links nothing
    linked = re.findall(r'<a class="kt-regencymap__body" href="([^"]+)">', html)
    assert len(linked) == sum(1 for n in counts[:-1] if n)
    assert all(re.fullmatch(r"/kabupaten-kota/\d\d\.\d\d/", href) for href in linked)
    darkest = charts.colour_scale("#7a1f1f")[-1]
    assert darkest == "#7a1f1f" and f"background:{darkest}" in html


def test_a_one_province_site_shows_its_regencies_not_a_tile() -> None:
    from generator.site.plan import HOME, PageJob
    from generator.site.rendering import render_page

    catalogue = load_catalogue(FIXTURE, province_scope=["jawa-barat"])
    settings = SiteSettings(province_scope=("jawa-barat",), palette_primary="#7a1f1f")
    site = build_site(catalogue, settings)
    home = render_page(site, PageJob(HOME, "", ""), lambda _: "").body
    assert 'class="kt-regencymap"' in home and "kt-tilemap" not in home
    assert "per kabupaten/kota di Jawa Barat" in home
    national = build_site(load_catalogue(FIXTURE), SiteSettings())
    home = render_page(national, PageJob(HOME, "", ""), lambda _: "").body
    assert "kt-tilemap" in home and "kt-regencymap" not in home


def test_the_hub_network_lists_the_pilot_hubs_with_decrees_and_links() -> None:
    settings = SiteSettings(hub_catalogues=(("jawa-timur", "https://jatim.example/"),))
    html = render_hub_network(build_site(load_catalogue(FIXTURE), settings))
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', html)
    assert len(rows) == 12
    names = [name for name, _ in rows]
    assert "Jawa Timur" in names and "Maluku" in names and "Jawa Barat" not in names
    # the pilot hubs share one decree: stated once, not in every row
    assert html.count("KepmenPAN-RB No. 94 Tahun 2020") == 1
    assert "dengan KepmenPAN-RB No. 94 Tahun 2020" in html
    formed_2019 = [name for name, cells in rows if "sudah ada pada 2019" in cells]
    assert sorted(formed_2019) == ["Jawa Timur", "Sulawesi Selatan", "Sumatera Selatan"]
    assert html.count('href="https://jatim.example/"') == 1
