# Attendance & Credits for Open edX — developer commands. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEMO_PORT ?= 8000
PYTEST_ARGS ?=

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): setup.py pyproject.toml .python-version
	@command -v pyenv >/dev/null && pyenv install --skip-existing $(PYTHON_VERSION) || true
	@PYBIN=$$(command -v pyenv >/dev/null && pyenv which python$(PYTHON_VERSION) 2>/dev/null || command -v python$(PYTHON_VERSION)); \
	  test -n "$$PYBIN" || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }; \
	  test -x $(PY) || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $@

venv: $(STAMP) ## Create .venv with Python from .python-version and install the project

test: $(STAMP) ## Run the whole suite on SQLite with eager Celery
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check, ruff format --check and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy attendance_app attendance_xblock

format: $(STAMP) ## Reformat the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean: ## Remove the virtual environment, build output and test artifacts
	rm -rf $(VENV) build dist *.egg-info var test-output .pytest_cache .mypy_cache .ruff_cache

.PHONY: help venv test lint format clean
