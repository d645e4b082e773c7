# Dateline: `make run` opens the app on seeds/, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS ?= ../shared/corpora/bbc
SIZE_1M ?= 1000000

.PHONY: run test lint typecheck pytest index bench bench-quick bench-1m score clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -m compileall -q index tui  # as a regular install would
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/dateline index --if-missing
	$(BIN)/dateline

index: $(STAMP)
	$(BIN)/dateline index

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy --strict

pytest: $(STAMP)
	$(BIN)/python -m pytest

score: $(STAMP)
	$(BIN)/python -m bench.score_extraction

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run --corpus $(CORPUS)

bench-quick: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.run --corpus $(CORPUS) --quick

# Not part of `bench` or CI: hours at a million articles (test with SIZE_1M=20000).
bench-1m: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m bench.million --corpus $(CORPUS) --size $(SIZE_1M)

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
