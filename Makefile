# One place for the project's commands. `make test` is the README's test command and what CI runs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install test check lint types fmt validate bench bench-deps system-deps clean

# The venv with cseckg installed from this checkout (editable) and the test extras. The target is
# a stamp written once pip has done that, not .venv/bin/cseckg: the README's first command makes
# that script with a plain `pip install .` (a copy of src/, no test extras), and `make test` must
# work after it too. pip's RECORD of cseckg is newer than the stamp when something installed
# cseckg since (that same command, after `make test`): then it is installed again, editable.
STAMP := $(VENV)/.cseckg-test-extras
INSTALLED := $(wildcard $(VENV)/lib/python*/site-packages/cseckg-*.dist-info/RECORD)

$(STAMP): pyproject.toml $(INSTALLED)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# cffconvert (validates CITATION.cff in the tests) pins jsonschema < 4, which sssom's linkml
	# cannot share; its code runs on jsonschema 4, so it comes without its pins (the rest of its
	# dependencies are in the test extra)
	$(BIN)/pip install --quiet --no-deps 'cffconvert>=2,<3'
	touch $@

install: $(STAMP)

# Debian packages the tests use with real parts: Java (HermiT, Apache Jena), Apache Jena (SHACL
# cross-check, riot, TDB2), Chromium and its driver (browser tests), nginx (deploy/nginx in front
# of cseckg serve), systemd (systemd-analyze checks deploy/systemd). Installed when missing and we
# are root; otherwise say what is missing (those tests then fail under CI=true, skip elsewhere).
DEBIAN_PACKAGES := default-jre-headless libapache-jena-java unzip chromium chromium-driver nginx systemd

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "note: install$$missing for the cross-checks, browser and deployment tests"; fi

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

# Benchmarks (not part of the tests): wrk drives the server and proxy benchmarks.
bench-deps:
	@dpkg -s wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)

bench: install bench-deps
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_query.py
	$(BIN)/python bench/bench_export.py
	$(BIN)/python bench/bench_server.py
	$(BIN)/python bench/bench_proxy.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
