# Each target makes its own virtual environment, so a fresh machine needs only python3, make and git.
PYTHON ?= python3
# MkDocs 1.6 prints a notice about MkDocs 2 on every run; the project pins 1.x on purpose.
export NO_MKDOCS_2_WARNING := 1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
AXE := tests/browser/node_modules/axe-core/axe.min.js
# HUB=<province> builds or previews that hub's site (hubs/<province>/mkdocs.yml, which inherits
# mkdocs.yml); empty builds the national catalogue. The publishing workflow passes its KATALOG_HUB.
HUB ?=
CONFIG := $(if $(HUB),hubs/$(HUB)/mkdocs.yml,mkdocs.yml)

.PHONY: serve build test lint typecheck validate bench clean

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
serve: $(CONFIG) $(STAMP)
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000 -f $(CONFIG)

build: $(CONFIG) $(STAMP)
	$(BIN)/mkdocs build --strict -f $(CONFIG)

hubs/%/mkdocs.yml:
	@echo "make: hub '$*' tidak ada: hubs/$*/mkdocs.yml belum dibuat (katalog hub new $* --name ...)" >&2
	@exit 2

validate: $(STAMP)
	$(BIN)/katalog validate content/

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck validate $(AXE)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache
