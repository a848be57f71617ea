# Each target makes its own virtual environment, so a fresh machine needs only python3, make and git.
PYTHON ?= python3
# MkDocs 1.6 prints a notice about MkDocs 2 on every run; the project pins 1.x on purpose.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: serve build test lint typecheck validate workflows bench clean
.PHONY: check-site stale ci-check ci-test

# The site to build: empty is the national catalogue (mkdocs.yml); HUB=<name> builds the hub
# configured in hubs/<name>/mkdocs.yml. The publish workflow sets it from the repository variable
# KATALOG_HUB, so a hub's site is selected without editing any file (docs/publikasi.md).
HUB ?=
CONFIG := $(if $(HUB),hubs/$(HUB)/mkdocs.yml,mkdocs.yml)
# In a workflow, reports are also appended to the job summary; locally they only print.
SUMMARY ?= $(GITHUB_STEP_SUMMARY)
# In a pull request, the problems of the files it changes come first (GitHub shows few).
BASE ?= $(if $(GITHUB_BASE_REF),origin/$(GITHUB_BASE_REF))

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(AXE): tests/browser/package.json
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $(AXE)

# --dirty keeps unchanged pages between rebuilds, so the plugin rewrites only what an edit
# touches; MkDocs warns about dirty builds, hence --no-strict for the preview (make build is strict).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --config-file $(CONFIG) --site-dir $(CURDIR)/site

validate: $(STAMP)
	$(BIN)/katalog validate content/

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# GitHub's workflow schema, then zizmor's security audits (offline: no GitHub API calls).
workflows: $(STAMP)
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --quiet .github/workflows

test: lint typecheck validate workflows $(AXE)
	$(BIN)/python -m pytest

# The hosting gate: the built site against GitHub Pages' limits (size, file count, largest files).
check-site: $(STAMP)
	$(BIN)/katalog check-site site $(if $(SUMMARY),--summary "$(SUMMARY)")

# Entries not updated for 12 months, per province (the weekly freshness workflow).
stale: $(STAMP)
	$(BIN)/katalog stale --format markdown $(if $(SUMMARY),--summary "$(SUMMARY)")

# What the pull-request workflow runs: annotations and job summary, the strict build, the gate.
ci-check: $(STAMP)
	$(BIN)/katalog validate content/ --format github $(if $(BASE),--base '$(BASE)') \
		$(if $(SUMMARY),--summary "$(SUMMARY)")
	$(MAKE) --no-print-directory build
	$(MAKE) --no-print-directory check-site

# The code half of the pull-request check: nothing an entry cannot affect runs for entries only.
ci-test:
	@if [ -n "$(BASE)" ] && git diff --quiet '$(BASE)' -- . ':(exclude)content/innovations'; then \
		echo "Hanya entri yang berubah sejak $(BASE): uji kode dilewati (Entri dan situs memeriksanya)"; \
	else \
		bash .ci/run; \
	fi

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
