# make run: set up and open the app.  make test: set up and run the whole suite headless.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# A reference implementation for one cross-check (tests/analysis/test_unitized_alpha_package.py); its
	# metadata pins pytest<8 and numpy<2, which nothing else here needs, so its dependencies are not taken.
	$(BIN)/python -m pip install --quiet --no-deps krippendorff-unitized-alpha==0.1.0
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/coder gui

PY_DIRS := $(wildcard src tests bench scripts)

lint: $(STAMP)
	$(BIN)/ruff check $(PY_DIRS)
	$(BIN)/ruff format --check $(PY_DIRS)
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

screenshot: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshot.py docs/screenshot.png

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
