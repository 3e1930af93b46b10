# `make run` and `make test` do all set-up from a clean clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean bench translations

$(STAMP): pyproject.toml setup.py constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[all,dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/graphlab

lint: $(STAMP)
	$(BIN)/ruff check graphlab tests bench

# The suite runs on two processes (pytest-xdist: the machines it must pass on have two
# cores). Tests marked `kernels` (op parity, lockstep training) run twice: with TF's
# oneDNN kernels and without them, as TF picks per CPU, so every machine checks both.
test: $(STAMP)
	$(BIN)/ruff check graphlab tests bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 -m "not kernels"
	TF_ENABLE_ONEDNN_OPTS=1 $(BIN)/python -m pytest -m kernels
	TF_ENABLE_ONEDNN_OPTS=0 $(BIN)/python -m pytest -m kernels

# The UI's Chinese: collect the marked strings into the .ts (translations kept), then
# compile the .qm the app loads. Both are committed; `make test` does not need Qt's tools.
TS := graphlab/ui/i18n/graphlab_zh_CN.ts
translations: $(STAMP)
	$(BIN)/python -m graphlab.ui.i18n.write_registry_docs
	$(BIN)/pyside6-lupdate -extensions py -locations none -no-obsolete -target-language zh_CN graphlab -ts $(TS)
	$(BIN)/pyside6-lrelease $(TS) -qm $(TS:.ts=.qm)

clean:
	rm -rf $(VENV) build *.egg-info
