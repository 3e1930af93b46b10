# `make run` and `make test` do all set-up from a clean clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean bench

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[all,dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/graphlab

lint: $(STAMP)
	$(BIN)/ruff check graphlab tests bench

test: $(STAMP)
	$(BIN)/ruff check graphlab tests bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
