# The README's two commands are `make demo` and `make test`; both install what they need.
PY ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SCALE ?= demo

.PHONY: install demo test lint ui benchmark clean

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "tradewh needs Python >= 3.11")'
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Synthetic demo universe end to end: synth -> build -> checks -> estimates -> report.
demo: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/tradewh demo

## The whole test suite (unit, dbt build on tiny data, Dagster job, demo-scale recovery).
test: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

## Python lint (ruff, pyproject.toml) and SQL lint (sqlfluff with the dbt templater, .sqlfluff);
## `make test` runs both (tests/test_lint.py). dbt's templater opens a warehouse: a scratch one.
lint: install
	$(BIN)/ruff check .
	PATH="$(CURDIR)/$(BIN):$$PATH" TRADEWH_WAREHOUSE="$${TMPDIR:-/tmp}/tradewh-sqlfluff.duckdb" \
		$(BIN)/sqlfluff lint dbt_project/models --processes 1

ui: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/tradewh ui

## Per-stage wall time and peak memory: make benchmark SCALE=large
benchmark: install
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/tradewh benchmark --scale $(SCALE) --workdir bench/$(SCALE)

clean:
	rm -rf data output bench .dagster_home dbt_project/target dbt_project/logs
