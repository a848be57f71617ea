"""Hub folders (`hubs/<province>/`): what a provincial hub owns, read and scaffolded.

A hub owns its folder and its province's entries; it never edits a national file, so pulling
national updates cannot conflict. The folder holds the hub's site configuration (`mkdocs.yml`,
inheriting the national one), its home introduction, its logo and its vocabulary additions.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .colours import WHITE, mix, text_on
from .entries.importing import IMPORT_RECORD
from .entries.loading import display_path
from .entries.messages import say
from .entries.vocabularies import (
    AWARDS_FILE,
    HUBS_DIR,
    SECTORS_FILE,
    hubs_root,
    load_reference_data,
)

CONFIG_FILE = "mkdocs.yml"
INTRO_FILE = "beranda.md"
LOGO_NAME = "logo"  # logo.svg, logo.png, ...: the file name the site config points at
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
LOGO_URL = "assets/hub/"  # where the site publishes the hub's logo
# The hub's own link-preview card (scripts/draw_social_card.py --hub), published where the theme's
# national card is, so the pages' og:image needs no change.
CARD_FILE = "kartu-sosial.png"
CARD_URL = "assets/images/kartu-sosial.png"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_PRIMARY = "#0b3a75"
DEFAULT_ACCENT = "#b07d00"


@dataclass(frozen=True, slots=True)
class Hub:
    """A hub's folder as a site build needs it."""

    province: str
    folder: Path
    intro: str  # Markdown of the home page's introduction; "" when the file is absent
    logo: Path | None
    card: Path | None  # the hub's link-preview card; None: the national one
    site_url: str  # the hub's own published catalogue, "" when it declares none


class HubError(ValueError):
    """A hub folder that cannot be created or read; the message is for the person at the
    terminal, in Bahasa Indonesia."""


def read_hub(content_dir: Path, province: str) -> Hub:
    folder = hubs_root(content_dir) / province
    if not folder.is_dir():
        raise HubError(say("hub-missing", path=display_path(folder), found=province))
    intro_path = folder / INTRO_FILE
    intro = intro_path.read_text(encoding="utf-8") if _own_file(intro_path) else ""
    card = folder / CARD_FILE
    return Hub(
        province,
        folder,
        intro,
        find_logo(folder),
        card if _own_file(card) else None,
        declared_site_url(folder),
    )


def find_logo(folder: Path) -> Path | None:
    for suffix in LOGO_SUFFIXES:
        path = folder / (LOGO_NAME + suffix)
        if _own_file(path):
            return path
    return None


def _own_file(path: Path) -> bool:
    """A regular file in the hub folder, never a symlink: what it points at (a file outside the
    repository) must not be published as the hub's logo or card."""
    return path.is_file() and not path.is_symlink()


def declared_site_url(folder: Path) -> str:
    """The `site_url` the hub's own config file sets as a fixed address (not one inherited from
    national). An `!ENV` value is not resolved: on the national build the environment holds the
    national address, which would then be listed as every hub's catalogue."""
    import yaml

    path = folder / CONFIG_FILE
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_IgnoreTags)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    value = doc.get("site_url") if isinstance(doc, dict) else None
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else ""


def declared_catalogues(content_dir: Path) -> dict[str, str]:
    """Province slug -> the catalogue address each hub folder declares."""
    root = hubs_root(content_dir)
    if not root.is_dir():
        return {}
    found = {p.name: declared_site_url(p) for p in sorted(root.iterdir()) if p.is_dir()}
    return {province: url for province, url in found.items() if url}


def _ignore_tag(loader: object, suffix: str, node: object) -> None:
    return None


def _ignore_tags_loader() -> type:
    import yaml

    class Loader(yaml.SafeLoader):
        """MkDocs configs may carry `!ENV` and `!relative` tags; reading one key ignores them."""

    Loader.add_multi_constructor("!", _ignore_tag)
    return Loader


_IgnoreTags = _ignore_tags_loader()


def write_hub(
    root: Path,
    province: str,
    name: str,
    primary: str = DEFAULT_PRIMARY,
    accent: str = DEFAULT_ACCENT,
    logo: Path | None = None,
    lang: str = "id",
) -> list[Path]:
    """Create `hubs/<province>/` under the repository `root`; returns the files written.
    Refuses an unknown province, an existing hub folder, a bad colour or logo."""
    provinces = load_reference_data().provinces
    if province not in provinces or province == "nasional":
        known = ", ".join(slug for slug in provinces if slug != "nasional")
        raise HubError(say("hub-province-unknown", lang, found=province, allowed=known))
    if not name.strip():
        raise HubError(say("hub-name", lang))
    for option, colour in (("--primary", primary), ("--accent", accent)):
        if not COLOUR.fullmatch(colour):
            raise HubError(say("hub-colour", lang, option=option, found=colour))
    if logo is not None and (not logo.is_file() or logo.suffix.lower() not in LOGO_SUFFIXES):
        allowed = ", ".join(LOGO_SUFFIXES)
        raise HubError(say("hub-logo", lang, found=str(logo), allowed=allowed))
    folder = root / HUBS_DIR / province
    # An import record alone (`katalog import` keeps it in the hub's folder) is not a hub yet.
    if folder.exists() and any(path.name != IMPORT_RECORD for path in folder.iterdir()):
        raise HubError(say("hub-exists", lang, path=display_path(folder) + "/"))
    province_name = provinces[province].name
    logo_file = LOGO_NAME + (logo.suffix.lower() if logo is not None else ".svg")
    (folder / "taxonomies").mkdir(parents=True, exist_ok=True)
    files = {
        CONFIG_FILE: hub_config(province, name, primary, accent, logo_file),
        INTRO_FILE: hub_intro(name, province_name),
        SECTORS_FILE: _additions_file("Sektor", "sectors.yml"),
        AWARDS_FILE: _additions_file("Program penghargaan", "awards.yml"),
    }
    written = []
    for relative, text in files.items():
        path = folder / relative
        path.write_text(text, encoding="utf-8")
        written.append(path)
    logo_path = folder / logo_file
    if logo is not None:
        shutil.copyfile(logo, logo_path)
    else:
        logo_path.write_text(default_logo(name, province_name, primary), encoding="utf-8")
    written.append(logo_path)
    return written


def hub_config(province: str, name: str, primary: str, accent: str, logo_file: str) -> str:
    """The hub's mkdocs.yml: only what differs from national. Paths are relative to this file,
    as MkDocs resolves them (INHERIT merges the files; it does not move the paths)."""
    quoted = _quote(name)
    return f"""\
# Situs hub {province}: hanya yang berbeda dari katalog nasional (../../mkdocs.yml, diwarisi lewat
# INHERIT). Folder hubs/{province}/ dan content/innovations/{province}/ milik hub; berkas lain
# milik nasional, jadi pembaruan nasional ditarik tanpa konflik (lihat docs/hub.md).
# Bangun: make build HUB={province}   Pratinjau: make serve HUB={province}
INHERIT: ../../mkdocs.yml
site_name: {quoted}
# Alamat terbit katalog hub (tautan kanonik, sitemap, kartu tautan). Bawaan: alamat GitHub Pages
# yang diisi alur kerja Terbitkan; ditulis di sini agar alamat nasional tidak pernah terwarisi.
# Tulis alamat tetap (mis. https://katalog.hub-contoh.id/) agar halaman Hub JIPP menautkannya.
site_url: !ENV [KATALOG_SITE_URL, null]
docs_dir: ../../docs
site_dir: ../../site

theme:
  custom_dir: ../../theme_overrides
  logo: {LOGO_URL}{logo_file}
  favicon: {LOGO_URL}{logo_file}

plugins:
  katalog:
    hub: {province}
    content_dir: ../../content
    province_scope: [{province}]
    palette_primary: "{primary}"
    palette_accent: "{accent}"
"""


def hub_intro(name: str, province_name: str) -> str:
    return (
        f"Katalog terbuka inovasi pelayanan publik di {province_name}, diterbitkan oleh "
        f"{name}: apa yang dilakukan instansi pemerintah untuk melayani warga lebih baik, di "
        "mana, sejak kapan, dan siapa yang sudah mereplikasinya. Setiap entri bersumber dan "
        "seluruh data dapat diunduh.\n"
    )


def _additions_file(kind: str, national: str) -> str:
    return (
        f"# {kind} tambahan hub ini, dengan format yang sama seperti "
        f"content/taxonomies/{national}.\n"
        "# Hanya slug baru: slug yang sudah ada di kosakata nasional adalah error.\n"
        "# Contoh:\n"
        "#   - slug: contoh-slug\n"
        '#     name: "Nama"\n'
        '#     name_en: "Name"\n'
        "terms: []\n"
    )


def default_logo(name: str, province_name: str, primary: str) -> str:
    """A plain logo until the hub has its own: the province's initials on a light disc, which
    reads on the header's primary colour whatever it is."""
    from markupsafe import escape

    initials = "".join(w[0] for w in province_name.split() if w[:1].isalpha())[:3].upper()
    disc = mix(primary, WHITE, 0.9)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" role="img" '
        f'aria-label="Logo {escape(name)}"><circle cx="24" cy="24" r="22" fill="{disc}"/>'
        f'<text x="24" y="29" text-anchor="middle" font-family="sans-serif" font-weight="700" '
        f'font-size="{16 if len(initials) > 2 else 18}" fill="{text_on(disc)}">'
        f"{escape(initials)}</text></svg>\n"
    )


def _quote(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar
