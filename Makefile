# Two commands set everything up on a fresh machine:
#   make scan   builds .venv, installs provenance, scans corpus/ and writes reports/
#   make test   builds .venv and runs the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORTS ?= reports

.PHONY: all scan test bench lint clean distclean

all: test

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

scan: $(STAMP)
	$(BIN)/provenance scan corpus/ --out $(REPORTS)

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

lint: $(STAMP)
	$(BIN)/ruff check provenance tests benchmarks

clean:
	rm -rf $(REPORTS) provenance-report .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
