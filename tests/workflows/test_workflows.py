"""The workflow files: GitHub's schema, zizmor's audits, and the rules they are glue to."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = ROOT / ".venv" / "bin"


def _load(name: str) -> dict[str, object]:
    document = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    # YAML 1.1 reads the key `on` as True
    document["on"] = document.pop(True)
    return document


def _make(target: str, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), target],
        cwd=folder, capture_output=True, text=True,
    )  # fmt: skip


@pytest.fixture
def workflow_copy(tmp_path: Path) -> Path:
    """A folder laid out like the repository, holding copies of the workflows, for breaking."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    for path in WORKFLOWS:
        (tmp_path / ".github" / "workflows" / path.name).write_text(path.read_text())
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    stamp = (ROOT / ".venv" / ".installed").stat().st_mtime
    for name in ("pyproject.toml", "constraints.txt"):  # older than the stamp: no reinstall
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
        os.utime(tmp_path / name, (stamp - 1, stamp - 1))
    return tmp_path


def test_the_workflows_pass_the_schema_and_zizmor(workflow_copy: Path):
    done = _make("workflows", workflow_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout + done.stderr


def test_a_workflow_against_the_schema_fails(workflow_copy: Path):
    check = workflow_copy / ".github" / "workflows" / "check.yml"
    check.write_text(check.read_text().replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"))
    done = _make("workflows", workflow_copy)
    assert done.returncode != 0
    assert "check.yml" in done.stdout + done.stderr


def test_an_insecure_workflow_fails_zizmor(workflow_copy: Path):
    check = workflow_copy / ".github" / "workflows" / "check.yml"
    text = check.read_text().replace(
        "run: make ci-check", "run: echo '${{ github.event.pull_request.title }}'"
    )
    check.write_text(text.replace("on:\n  pull_request:\n", "on:\n  pull_request_target:\n"))
    done = _make("workflows", workflow_copy)
    assert done.returncode != 0
    assert "template-injection" in done.stdout + done.stderr


def test_make_test_runs_the_workflow_checks():
    makefile = (ROOT / "Makefile").read_text()
    test_rule = re.search(r"^test: (.*)$", makefile, re.MULTILINE)
    assert test_rule is not None and "workflows" in test_rule[1].split()


def test_pull_requests_run_without_write_access_or_secrets():
    check = _load("check.yml")
    assert set(check["on"]) == {"pull_request", "workflow_dispatch"}
    assert check["permissions"] == {"contents": "read"}
    text = (ROOT / ".github" / "workflows" / "check.yml").read_text()
    assert "secrets." not in text and "pull_request_target" not in text.split("#")[0]
    for job in check["jobs"].values():
        assert "if" not in job  # a skipped required check would block the merge
        assert "permissions" not in job


def test_no_workflow_interpolates_into_a_script():
    for path in WORKFLOWS:
        document = yaml.safe_load(path.read_text())
        for job in document["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), (path.name, step)
                uses = step.get("uses")
                if uses:  # pinned to a commit, the tag kept as a comment
                    assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", uses), uses


def test_only_the_deploy_job_may_write_pages_and_only_the_release_job_contents():
    publish = _load("publish.yml")
    assert set(publish["on"]) == {"push", "workflow_dispatch"}
    assert publish["on"]["push"] == {"branches": ["main"]}
    assert publish["permissions"] == {"contents": "read"}
    assert publish["concurrency"]["group"]
    jobs = publish["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["release"]["permissions"] == {"contents": "write"}
    assert all("permissions" not in job for name, job in jobs.items() if name not in (
        "deploy", "release"))  # fmt: skip
    uses = [step.get("uses", "").split("@")[0] for job in jobs.values() for step in job["steps"]]
    assert uses.index("actions/configure-pages") < uses.index("actions/upload-pages-artifact")
    assert "actions/deploy-pages" in uses


def test_the_release_job_uploads_what_the_site_links_before_the_site_goes_live():
    """The JSON exports the site leaves out (release_exports) reach the release its links name:
    built by `make release-assets` with the build's addresses and hub, uploaded to the tag of
    generator/urls.py, and the deploy waits for them."""
    from generator.urls import RELEASE_TAG

    jobs = _load("publish.yml")["jobs"]
    release = jobs["release"]
    assert release["needs"] == "build"
    assert set(jobs["deploy"]["needs"]) == {"build", "release"}
    steps = release["steps"]
    build = next(step for step in steps if step.get("run") == "make release-assets")
    site_build = next(
        s for s in jobs["build"]["steps"] if s.get("run", "").startswith("make build")
    )
    assert build["env"]["KATALOG_REPO_URL"] == site_build["env"]["KATALOG_REPO_URL"]
    assert build["env"]["HUB"] == site_build["env"]["HUB"]
    assert build["env"]["KATALOG_SITE_URL"] == "${{ needs.build.outputs.base_url }}"
    assert jobs["build"]["outputs"]["base_url"] == site_build["env"]["KATALOG_SITE_URL"]
    upload = next(step for step in steps if "gh release upload" in step.get("run", ""))
    assert f"gh release upload {RELEASE_TAG} rilis/* --clobber" in upload["run"]
    assert f"gh release create {RELEASE_TAG}" in upload["run"]
    assert upload["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert all("GH_TOKEN" not in step.get("env", {}) for step in steps if step is not upload)
    makefile = (ROOT / "Makefile").read_text()
    assert "katalog release-assets --config $(CONFIG) --out rilis" in makefile


def test_the_publish_build_is_the_readme_build_with_the_published_addresses():
    readme = (ROOT / "README.md").read_text()
    documented = re.findall(r"`(make build[^`]*)`", readme)
    assert documented, "README documents make build"
    steps = _load("publish.yml")["jobs"]["build"]["steps"]
    build = next(step for step in steps if step.get("run", "").startswith("make build"))
    assert build["run"] in documented
    env = build["env"]
    assert env["KATALOG_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert env["KATALOG_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    assert env["HUB"] == "${{ vars.KATALOG_HUB }}"
    mkdocs = (ROOT / "mkdocs.yml").read_text()
    assert "site_url: !ENV [KATALOG_SITE_URL, null]" in mkdocs
    assert "repo_url: !ENV [KATALOG_REPO_URL, null]" in mkdocs


def test_the_freshness_report_is_scheduled_and_read_only():
    fresh = _load("freshness.yml")
    assert fresh["on"]["schedule"]
    assert fresh["permissions"] == {"contents": "read"}
    runs = [s["run"] for job in fresh["jobs"].values() for s in job["steps"] if "run" in s]
    assert runs == ["make stale"]
