"""Stock MkDocs + Material over the same entries: each entry a page, none in the nav."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from benchmarks.target import BuildTarget, link_tree, reset_dir

INDEX = """# Katalog Inovasi (tolok ukur MkDocs, SINTETIS)

Entri sintetis untuk tolok ukur build; bukan inovasi sungguhan.
"""


def stock_config(docs: Path, site: Path) -> dict[str, Any]:
    return {
        "site_name": "Katalog Inovasi (tolok ukur MkDocs, SINTETIS)",
        "site_url": "https://example.org/",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "theme": {"name": "material", "language": "id"},
        "plugins": ["search"],
        # Entries out of the nav: a nav listing every entry makes the build O(N^2).
        "nav": [{"Beranda": "index.md"}],
        # The one INFO line listing every page left out of the nav would be megabytes long.
        "validation": {"nav": {"omitted_files": "ignore"}},
    }


def prepare_stock_mkdocs(catalogue: Path, work: Path) -> BuildTarget:
    """Entries linked into `docs/inovasi/<province>/<slug>.md`, so pages land at the same URLs
    as ours: `/inovasi/<province>/<slug>/`."""
    reset_dir(work)
    docs = work / "docs"
    link_tree(catalogue / "content" / "innovations", docs / "inovasi")
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    site = work / "site"
    config = work / "mkdocs.yml"
    config.write_text(yaml.safe_dump(stock_config(docs, site), sort_keys=False), encoding="utf-8")
    mkdocs = (sys.executable, "-m", "mkdocs")
    return BuildTarget(
        name="mkdocs",
        label="stock MkDocs + Material",
        argv=(*mkdocs, "build", "-f", str(config)),
        cwd=work,
        site_dir=site,
        entries_dir=docs / "inovasi",
        fresh_dirs=(site,),
        env={"NO_MKDOCS_2_WARNING": "1"},
        notes=("default `search` plugin; entries not in the nav",),
        serve_argv=(*mkdocs, "serve", "-f", str(config), "--dev-addr", "127.0.0.1:{port}"),
    )
