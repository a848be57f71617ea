"""Hugo (Debian's 0.111) over the same entries, with minimal templates and the same facets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from benchmarks.target import BuildTarget, Unavailable, reset_dir

SITE_TEMPLATE = Path(__file__).with_name("hugo_site")
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def taxonomy_front_matter(province: str, front: dict[str, Any]) -> dict[str, list[str]]:
    """Hugo builds facet pages only from front matter keys, so the folder (province), launch
    year and award programmes are spelled out as taxonomies; sectors and SDGs are copied."""
    terms = {
        "provinsi": [province],
        "sektor": [str(s) for s in front.get("sectors") or []],
        "sdg": [str(g) for g in front.get("sdgs") or []],
        "tahun": [str(front["launched"])] if front.get("launched") else [],
        "penghargaan": sorted({str(a["program"]) for a in front.get("awards") or []}),
    }
    return {key: values for key, values in terms.items() if values}


def hugo_entry(text: str, province: str) -> str:
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    _, front_text, body = text.split("---\n", 2)
    front = yaml.load(front_text, Loader=_LOADER)
    # JSON is YAML: one line per taxonomy, and no quoting surprises.
    extra = "".join(
        f"{key}: {json.dumps(values)}\n"
        for key, values in taxonomy_front_matter(province, front).items()
    )
    return f"---\n{front_text}{extra}---\n{body}"


def prepare_hugo(catalogue: Path, work: Path) -> BuildTarget:
    hugo = shutil.which("hugo")
    if hugo is None:
        raise Unavailable("`hugo` is not installed (apt-get install hugo)")
    reset_dir(work)
    shutil.copytree(SITE_TEMPLATE, work, dirs_exist_ok=True)
    source = catalogue / "content" / "innovations"
    target = work / "content" / "inovasi"
    for folder, _dirs, names in os.walk(source):
        province = Path(folder).relative_to(source)
        (target / province).mkdir(parents=True, exist_ok=True)
        for name in names:
            text = Path(folder, name).read_text(encoding="utf-8")
            out = target / province / name
            out.write_text(hugo_entry(text, str(province)), encoding="utf-8")
    site = work / "public"
    cache = work / "cache"
    return BuildTarget(
        name="hugo",
        label=f"Hugo {hugo_version(hugo)}",
        argv=(hugo, "--source", str(work), "--destination", str(site), "--cacheDir", str(cache)),
        cwd=work,
        site_dir=site,
        entries_dir=target,
        fresh_dirs=(site, cache, work / "resources"),
        notes=("minimal templates, paginated facet pages (20 per page), no search",),
        # `hugo server` renders into memory and re-renders only what an edit touches.
        serve_argv=(
            hugo,
            "server",
            "--source",
            str(work),
            "--bind",
            "127.0.0.1",
            "--port",
            "{port}",
            "--baseURL",
            "http://127.0.0.1:{port}/",
            "--appendPort=false",
            "--cacheDir",
            str(cache),
        ),
    )


def hugo_version(hugo: str) -> str:
    output = subprocess.run([hugo, "version"], capture_output=True, text=True, check=False).stdout
    # "hugo v0.111.3+extended linux/amd64 ..." -> "0.111.3"
    words = output.split()
    return words[1].lstrip("v").split("+")[0] if len(words) > 1 else "?"
