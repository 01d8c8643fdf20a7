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

I18N_IGNORE := --ignore=.venv --ignore=tests --ignore=demo --ignore=build --ignore=scripts --ignore=setup.py \
	--ignore=static/attendance/js/translations
DJANGO_ADMIN := PYTHONPATH=. DJANGO_SETTINGS_MODULE=attendance_app.settings.test $(VENV)/bin/django-admin

gettext-tools:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }

messages: $(STAMP) gettext-tools ## Extract Python, template and JS strings into locale/*/LC_MESSAGES/*.po
	$(DJANGO_ADMIN) makemessages -l en -l es_419 -l fr -d django $(I18N_IGNORE) --no-location --no-obsolete
	$(DJANGO_ADMIN) makemessages -l en -l es_419 -l fr -d djangojs $(I18N_IGNORE) --no-location --no-obsolete

compile_translations: $(STAMP) gettext-tools ## Compile .po to .mo and write the block's JS catalogs
	$(DJANGO_ADMIN) compilemessages --ignore=.venv
	$(PY) scripts/compile_js_catalogs.py

i18n_check: $(STAMP) gettext-tools ## Fail if extracted strings, .mo files or JS catalogs are out of date
	@rm -rf build/i18n-check && mkdir -p build/i18n-check && cp -r locale build/i18n-check/
	$(MAKE) --no-print-directory messages >/dev/null
	@for po in $$(cd build/i18n-check && find locale -name '*.po'); do \
	  diff -q <(grep -E '^msgid' build/i18n-check/$$po | sort) <(grep -E '^msgid' $$po | sort) >/dev/null || \
	  { echo "$$po is out of date: run make messages and translate the new strings"; rm -rf locale && mv build/i18n-check/locale .; exit 1; }; \
	done
	@rm -rf locale && mv build/i18n-check/locale .
	$(PY) scripts/compile_js_catalogs.py --check

clean: ## Remove the virtual environment, build output and test artifacts
	rm -rf $(VENV) build dist *.egg-info var test-output .pytest_cache .mypy_cache .ruff_cache

.PHONY: help venv test lint format clean gettext-tools messages compile_translations i18n_check
