# tacitus: `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= tacitus.db

.PHONY: demo test install install-dev clean bench eval help

help:
	@echo "make demo   - create .venv, install, ingest examples/ into $(DB), show the ledger"
	@echo "make test   - install the dev extras and run the whole test suite"
	@echo "make eval   - score the extractor on the open evaluation sets in ../shared"
	@echo "make bench  - run the benchmarks (slow; figures go in docs/benchmarks.md)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/tacitus --db $(DB) ingest examples/*.txt examples/*.html examples/*.jsonl
	$(BIN)/tacitus --db $(DB) events --limit 40
	$(BIN)/tacitus --db $(DB) incidents --contested --limit 5
	$(BIN)/tacitus --db $(DB) incident --most-contested

test: install-dev
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

eval: install
	./scripts/eval.sh

bench: install-dev
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache build dist src/*.egg-info
