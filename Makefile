# Two commands set everything up on a fresh machine:
#   make scan   builds .venv, installs provenance, scans corpus/ and writes reports/
#   make test   builds .venv and runs the test suite
# Both install the system programs provenance uses (a C compiler for its Cython kernels,
# GraphViz) where they are missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REPORTS ?= reports

.PHONY: all scan test bench evaluate screenshots lint clean distclean system-deps

all: test

$(STAMP): pyproject.toml constraints.txt setup.py $(wildcard provenance/*.pyx provenance/*.pxd) | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

system-deps:
	@PYTHON=$(PYTHON) scripts/system-deps

scan: $(STAMP) system-deps
	$(BIN)/provenance scan corpus/ --out $(REPORTS)
	@if command -v dot >/dev/null 2>&1; then \
		$(BIN)/provenance graph $(REPORTS)/report.json --format svg --out $(REPORTS)/graph.svg && \
		$(BIN)/provenance graph $(REPORTS)/report.json --format svg --level outlet --out $(REPORTS)/graph-outlets.svg && \
		echo "Source graph drawn in $(REPORTS)/graph.svg and $(REPORTS)/graph-outlets.svg"; \
	else echo "GraphViz is missing: no SVG drawings, $(REPORTS)/graph.dot has the graph"; fi

test: $(STAMP) system-deps
	$(BIN)/python -m pytest

bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks

# The derivation graph's evaluation: seed gold, held-out synthetic corpora, METER.
evaluate: $(STAMP) system-deps
	$(BIN)/python -m benchmarks seeds graph meter

# docs/report-*.png: the seed report in headless Chromium, for the README.
screenshots: $(STAMP) system-deps
	$(BIN)/python scripts/screenshots.py

lint: $(STAMP)
	$(BIN)/ruff check provenance tests benchmarks

clean:
	rm -rf $(REPORTS) provenance-report .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
