# One place for the project's commands. `make test` is the README's test command and what CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install test check lint types fmt validate bench system-deps clean

$(BIN)/cseckg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/cseckg

# Java (HermiT, Apache Jena) and Debian's Apache Jena for the cross-checks: installed when missing
# and we are root; otherwise say what is missing (those tests then fail under CI=true, skip elsewhere).
system-deps:
	@if command -v java >/dev/null && dpkg -s libapache-jena-java >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    default-jre-headless libapache-jena-java unzip >/dev/null; \
	else echo "note: install default-jre-headless and libapache-jena-java for the Jena cross-checks"; fi

test: install system-deps
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

types: install
	$(BIN)/mypy

fmt: install
	$(BIN)/cseckg fmt --check

validate: install
	$(BIN)/cseckg validate

check: fmt lint types test validate

bench: install
	$(BIN)/python bench/bench_validate.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
