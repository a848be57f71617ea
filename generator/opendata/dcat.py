"""The DCAT-AP catalogue (JSON-LD) a CKAN portal harvests by URL, and the /data/ page's `Dataset`.

Both describe the same distributions, listed once here. Without `site_url` every IRI is
relative to the folder of `data/` (where both the catalogue file and the /data/ page are):
JSON-LD resolves relative IRIs against the document's own address, which is the URL a harvester
fetched it from.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from typing import Any

from ..entries.catalogue import Catalogue
from ..facets import FACETS_BY_KEY
from ..settings import SiteSettings
from ..urls import (
    CSV_EXPORT,
    CSV_GZ_EXPORT,
    DATA_PACKAGE,
    DATA_PAGE,
    DCAT_CATALOGUE,
    FEED,
    FULL_JSON_EXPORT,
    JSON_EXPORT,
    REPLICATIONS_CSV,
    UrlPatterns,
)
from .feed import FEED_FACETS, last_updated
from .licences import AREA_LICENCE, CONTENT_LICENCE

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# EU controlled vocabularies that DCAT-AP (and ckanext-dcat's profile) expect for these values.
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/IND"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
INDONESIA = "https://www.geonames.org/1643084"


@dataclass(frozen=True, slots=True)
class Distribution:
    """One downloadable file of one dataset."""

    dataset: str  # the dataset's key: "katalog" or "replikasi"
    path: str  # site-root-relative
    title: str
    file_type: str  # EU file-type code: CSV, JSON, GZIP, ATOM
    media_type: str


@dataclass(frozen=True, slots=True)
class Dataset:
    key: str
    title: str
    description: str
    keywords: tuple[str, ...]


def datasets(catalogue: Catalogue, settings: SiteSettings) -> list[Dataset]:
    site = settings.site_name
    found = [
        Dataset(
            "katalog",
            site,
            "Seluruh inovasi pelayanan publik di katalog: instansi, wilayah (kode "
            "Kemendagri), sektor, TPB/SDG, tahun, penghargaan, replikasi dan tautan.",
            ("inovasi", "pelayanan publik", "TPB", "SDG"),
        ),
        Dataset(
            "replikasi",
            f"Replikasi inovasi ({site})",
            "Siapa mereplikasi inovasi apa, di mana dan kapan.",
            ("replikasi", "inovasi", "pelayanan publik"),
        ),
    ]
    return found


def distributions(catalogue: Catalogue, settings: SiteSettings) -> list[Distribution]:
    """Every open-data file but the per-entry JSON (one per entry; see docs); the exports the
    repository's release holds are named at their release URL. A province's rows are the rows of
    katalog.csv with its slug in `province`: a file of their own would only copy them."""
    p = patterns = settings.patterns
    found = [
        Distribution("katalog", CSV_EXPORT, "katalog.csv", "CSV", "text/csv"),
        Distribution("katalog", CSV_GZ_EXPORT, "katalog.csv.gz", "GZIP", "application/gzip"),
        Distribution("katalog", JSON_EXPORT, "katalog.json", "JSON", "application/json"),
        Distribution(
            "katalog",
            FULL_JSON_EXPORT,
            "katalog-lengkap.json.gz (dengan uraian)",
            "GZIP",
            "application/gzip",
        ),
        Distribution(
            "katalog", DATA_PACKAGE, "Data Package (Frictionless)", "JSON", "application/json"
        ),
        Distribution("katalog", FEED, "Umpan Atom entri terbaru", "ATOM", "application/atom+xml"),
        Distribution("replikasi", REPLICATIONS_CSV, "replikasi.csv", "CSV", "text/csv"),
    ]
    for facet in (FACETS_BY_KEY[key] for key in FEED_FACETS):
        for term in facet.list_terms(catalogue, settings.province_scope):
            path = p.term_feed_url(patterns.term_url(facet.pattern, term.slug))
            title = f"Umpan Atom {facet.label} {term.label}"
            found.append(Distribution("katalog", path, title, "ATOM", "application/atom+xml"))
    return found


def _iri(path: str, settings: SiteSettings, patterns: UrlPatterns) -> str:
    released = settings.export_url(path)
    if released is not None:
        return released
    if settings.site_url:
        return settings.site_url.rstrip("/") + "/" + path
    relative = posixpath.relpath(path or ".", DATA_PAGE.rstrip("/"))
    return relative + ("/" if path.endswith("/") or not path else "")


def build_dcat(catalogue: Catalogue, settings: SiteSettings) -> bytes:
    """`data/dcat.jsonld`: a dcat:Catalog with its datasets and distributions (DCAT-AP 2)."""
    patterns = settings.patterns

    def iri(path: str) -> dict[str, str]:
        return {"@id": _iri(path, settings, patterns)}

    home = iri("")
    publisher = {
        "@id": _iri("", settings, patterns) + "#penerbit",
        "@type": "foaf:Agent",
        "foaf:name": settings.site_name,
        "foaf:homepage": home,
    }
    modified = last_updated(catalogue.entries)
    all_sets = datasets(catalogue, settings)
    files = distributions(catalogue, settings)
    graph: list[dict[str, Any]] = [
        {
            "@id": _iri(DCAT_CATALOGUE, settings, patterns),
            "@type": "dcat:Catalog",
            "dct:title": settings.site_name,
            "dct:description": "Data terbuka katalog inovasi pelayanan publik Indonesia.",
            "foaf:homepage": home,
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:language": {"@id": LANGUAGE},
            "dct:license": {"@id": CONTENT_LICENCE["url"]},
            "dcat:dataset": [{"@id": _dataset_iri(d.key, settings, patterns)} for d in all_sets],
        },
        publisher,
    ]
    for dataset in all_sets:
        own = [f for f in files if f.dataset == dataset.key]
        node: dict[str, Any] = {
            "@id": _dataset_iri(dataset.key, settings, patterns),
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.key,
            "dct:title": dataset.title,
            "dct:description": dataset.description,
            "dcat:keyword": list(dataset.keywords),
            "dct:language": {"@id": LANGUAGE},
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:spatial": {"@id": INDONESIA},
            "dcat:landingPage": iri(DATA_PAGE),
            "dcat:contactPoint": {
                "@type": "vcard:Organization",
                "vcard:fn": settings.site_name,
                "vcard:hasURL": home,
            },
            "dct:rights": f"{CONTENT_LICENCE['note']} {AREA_LICENCE['note']}.",
            "dcat:distribution": [{"@id": _iri(f.path, settings, patterns)} for f in own],
        }
        if modified is not None:
            node["dct:modified"] = {"@value": modified.isoformat(), "@type": "xsd:date"}
        graph.append(node)
    for f in files:
        graph.append(
            {
                "@id": _iri(f.path, settings, patterns),
                "@type": "dcat:Distribution",
                "dct:title": f.title,
                "dcat:accessURL": iri(f.path),
                "dcat:downloadURL": iri(f.path),
                "dct:format": {"@id": FILE_TYPE + f.file_type},
                "dcat:mediaType": {"@id": MEDIA_TYPE + f.media_type},
                "dct:license": {"@id": _licence_of(f)},
            }
        )
    return _json({"@context": CONTEXT, "@graph": graph})


def _licence_of(distribution: Distribution) -> str:
    # Tables carry region names and codes from idn-area-data; the feeds carry neither.
    return AREA_LICENCE["url"] if distribution.file_type != "ATOM" else CONTENT_LICENCE["url"]


def _dataset_iri(key: str, settings: SiteSettings, patterns: UrlPatterns) -> str:
    return _iri(DCAT_CATALOGUE, settings, patterns) + "#" + key


def dataset_json_ld(catalogue: Catalogue, settings: SiteSettings) -> dict[str, Any]:
    """The schema.org `Dataset` of the /data/ page, for Google Dataset Search."""
    patterns = settings.patterns
    files = [f for f in distributions(catalogue, settings) if f.dataset == "katalog"]
    modified = last_updated(catalogue.entries)
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": settings.site_name,
        "description": (
            "Katalog terbuka inovasi pelayanan publik Indonesia: instansi, wilayah (kode "
            "Kemendagri), sektor, TPB/SDG, tahun peluncuran, penghargaan dan replikasi setiap "
            "inovasi, sebagai CSV, JSON dan umpan Atom."
        ),
        "url": _iri(DATA_PAGE, settings, patterns),
        "keywords": ["inovasi pelayanan publik", "Indonesia", "TPB", "SDG", "replikasi"],
        "license": CONTENT_LICENCE["url"],
        "isAccessibleForFree": True,
        "inLanguage": "id",
        "spatialCoverage": {"@type": "Place", "name": "Indonesia"},
        "creator": {
            "@type": "Organization",
            "name": settings.site_name,
            "url": _iri("", settings, patterns),
        },
        "distribution": [
            _data_download(f, settings, patterns)
            for f in files
            if f.file_type != "ATOM" or f.path == FEED  # one feed, not one per sector
        ],
    }
    if modified is not None:
        node["dateModified"] = modified.isoformat()
    return node


def _data_download(f: Distribution, settings: SiteSettings, patterns: UrlPatterns) -> Any:
    return {
        "@type": "DataDownload",
        "name": f.title,
        "encodingFormat": f.media_type,
        "contentUrl": _iri(f.path, settings, patterns),
    }


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
