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
	@command -v pyenv >/dev/null && { pyenv which python$(PYTHON_VERSION) >/dev/null 2>&1 || pyenv install --skip-existing $(PYTHON_VERSION); } || true
	@PYBIN=$$(command -v pyenv >/dev/null && pyenv which python$(PYTHON_VERSION) 2>/dev/null || command -v python$(PYTHON_VERSION)); \
	  test -n "$$PYBIN" || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }; \
	  test -x $(PY) || $$PYBIN -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dev]'
	@touch $@

demo: $(STAMP) ## Migrate and seed the SQLite demo, then serve it at http://127.0.0.1:$(DEMO_PORT)/
	@mkdir -p var
	$(PY) demo/manage.py migrate --noinput
	$(PY) demo/manage.py seed_demo
	@echo "Demo at http://127.0.0.1:$(DEMO_PORT)/ — every demo password is: demo"
	DEMO_LMS_ROOT_URL=http://127.0.0.1:$(DEMO_PORT) $(PY) demo/manage.py runserver 127.0.0.1:$(DEMO_PORT)

venv: $(STAMP) ## Create .venv with Python from .python-version and install the project

# axe-core (package.json devDependencies) for the browser tests' accessibility checks: `npm ci` from the
# npm registry, again only when package.json or the lock file change. Without npm the checks skip
# (and fail under ATTENDANCE_REQUIRE_SERVICES=1, as in CI).
NODE_STAMP := node_modules/.package-lock.json

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	  else echo "npm is missing: the axe-core accessibility checks will be skipped (apt-get install npm)"; fi

node-deps: $(NODE_STAMP) ## Install the browser tests' npm tools (axe-core) with npm ci

test: $(STAMP) $(NODE_STAMP) ## Run the whole suite on SQLite with eager Celery
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check, ruff format --check and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy attendance_app attendance_xblock

format: $(STAMP) ## Reformat the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

I18N_IGNORE := --ignore=.venv --ignore=.venv-pinned --ignore=tests --ignore=demo --ignore=build --ignore=scripts --ignore=setup.py \
	--ignore=static/attendance/js/translations
DJANGO_ADMIN := PYTHONPATH=. DJANGO_SETTINGS_MODULE=attendance_app.settings.test $(VENV)/bin/django-admin

gettext-tools:
	@command -v msgfmt >/dev/null || { apt-get update -qq && apt-get install -y -qq gettext; }

messages: $(STAMP) gettext-tools ## Extract Python, template and JS strings into locale/*/LC_MESSAGES/*.po
	$(DJANGO_ADMIN) makemessages -l en -l es_419 -l fr -d django $(I18N_IGNORE) --no-location --no-obsolete
	$(DJANGO_ADMIN) makemessages -l en -l es_419 -l fr -d djangojs $(I18N_IGNORE) --no-location --no-obsolete

compile_translations: $(STAMP) gettext-tools ## Compile .po to .mo and write the block's JS catalogs
	$(DJANGO_ADMIN) compilemessages --ignore=.venv --ignore=.venv-pinned --ignore=build --ignore=dist
	$(PY) scripts/compile_js_catalogs.py

i18n_check: $(STAMP) gettext-tools ## Fail if extracted strings, .mo files or JS catalogs are out of date
	@rm -rf build/i18n-check && mkdir -p build/i18n-check && cp -r locale build/i18n-check/committed
	$(MAKE) --no-print-directory messages >/dev/null
	@rm -rf build/i18n-check/fresh && cp -r locale build/i18n-check/fresh
	@rm -rf locale && cp -r build/i18n-check/committed locale
	$(PY) scripts/compare_catalogs.py locale build/i18n-check/fresh
	$(PY) scripts/compile_js_catalogs.py --check

# MariaDB and real-worker Celery legs. The test database (test_attendance) is recreated on every
# run (--create-db), so a stale schema never breaks one. Both need MariaDB; test-celery also Redis.
MYSQL_STAMP := $(VENV)/.mysql-installed
ATTENDANCE_CELERY_BROKER_URL ?= redis://127.0.0.1:6379/15
SUDO := $(shell test "$$(id -u)" = 0 || echo sudo)

$(MYSQL_STAMP): $(STAMP)
	@pkg-config --exists mariadb 2>/dev/null || pkg-config --exists mysqlclient 2>/dev/null || { \
	  echo "mysqlclient needs the MariaDB client headers: installing default-libmysqlclient-dev pkg-config"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-libmysqlclient-dev pkg-config; }
	$(PY) -m pip install --quiet -e '.[mysql]'
	@touch $@

mysql-deps: $(MYSQL_STAMP) ## Install mysqlclient (and the system headers it builds against)

test-mysql: $(MYSQL_STAMP) ## Run the suite on MariaDB (eager Celery; browser and wheel tests need no database)
	ATTENDANCE_TEST_DATABASE=mysql $(PY) -m pytest --create-db -m "not browser and not wheel" $(PYTEST_ARGS)

chromium:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test-browser: $(STAMP) chromium $(NODE_STAMP) ## Run the browser tests in Debian's Chromium (screenshots in test-output/e2e/)
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

system-deps: chromium gettext-tools ## Install the system packages CI needs (Chromium, gettext, MySQL client headers, poppler-utils, npm)
	@pkg-config --exists mariadb 2>/dev/null || pkg-config --exists mysqlclient 2>/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-libmysqlclient-dev pkg-config; }
	@command -v pdftoppm >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils; }
	@command -v npm >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; }

test-celery: $(MYSQL_STAMP) ## Run the real-worker Celery tests on MariaDB and Redis
	ATTENDANCE_TEST_DATABASE=mysql ATTENDANCE_CELERY_BROKER_URL=$(ATTENDANCE_CELERY_BROKER_URL) \
	  $(PY) -m pytest --create-db -m celery_worker $(PYTEST_ARGS)

# The bench (tests/bench/, docs/performance.md): gunicorn in .venv, wrk from Debian, MariaDB when a
# server answers (its database attendance_bench is recreated), SQLite under var/bench/. Not in CI.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(MYSQL_STAMP)
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq wrk; }
	$(PY) -m pip install --quiet -e '.[bench]'
	@touch $@

bench: $(BENCH_STAMP) ## Measure beats, answers, the learner view, a CSV export and the dashboard against baselines (BENCH_QUICK=1: ~3 min)
	$(PY) -m tests.bench

# The soak (tests/soak/, docs/quality.md "Soak"): the same gunicorn, MariaDB (database attendance_soak,
# recreated) and Redis database 12 for the cache when it answers. Real time: 10 minutes. Not in CI.
soak: $(BENCH_STAMP) ## 500 simulated learners for 10 minutes under gunicorn on MariaDB; checks each one's credit, seats, 5xx, memory (SOAK_QUICK=1: 2 min, 50 learners)
	$(PY) -m tests.soak

# edx-platform's pinned libraries (requirements/edx-platform-constraints.txt) in a virtual environment of
# their own, .venv-pinned: the pins as they are (no dependency resolution, as edx-platform installs them),
# then this plugin and the few test-only tools beside them, with the pins as constraints so that pip
# refuses any range of ours the pins do not satisfy. The environment is rebuilt only when the pins,
# the build constraint or the Python version change (a content stamp); the plugin is reinstalled when
# setup.py or the test tools change.
PINNED_VENV := .venv-pinned
PINNED_PY := $(PINNED_VENV)/bin/python
PINS := requirements/edx-platform-constraints.txt
PIN_BUILD_CONSTRAINTS := requirements/build-constraints.txt
PINNED_TOOLS := requirements/test-pinned.txt
# pytest-randomly comes with the pins and shuffles the tests: a fixed seed keeps a failure reproducible.
PINNED_PYTEST_ARGS ?= -q --randomly-seed=2026

pinned-venv: ## Create .venv-pinned with edx-platform's pinned libraries and the plugin (reused while the pins are unchanged)
	@PYBIN=$$(command -v pyenv >/dev/null && pyenv which python$(PYTHON_VERSION) 2>/dev/null || command -v python$(PYTHON_VERSION)); \
	  test -n "$$PYBIN" || { echo "Python $(PYTHON_VERSION) is needed (pyenv install $(PYTHON_VERSION))"; exit 1; }; \
	  pins=$$(cat $(PINS) $(PIN_BUILD_CONSTRAINTS) .python-version | cksum); \
	  if [ "$$(cat $(PINNED_VENV)/.pins 2>/dev/null)" != "$$pins" ]; then \
	    echo "Installing edx-platform's pinned set into $(PINNED_VENV) (about 2 minutes)"; \
	    rm -rf $(PINNED_VENV) && $$PYBIN -m venv $(PINNED_VENV) && \
	    $(PINNED_PY) -m pip install --quiet 'pip>=25.3' && \
	    $(PINNED_PY) -m pip install --quiet --no-deps --build-constraint $(PIN_BUILD_CONSTRAINTS) -r $(PINS) && \
	    sed -E 's/\[[^]]*\]//' $(PINS) > $(PINNED_VENV)/constraints.txt && \
	    echo "$$pins" > $(PINNED_VENV)/.pins || exit 1; \
	  fi; \
	  plugin=$$(cat $(PINNED_VENV)/.pins setup.py $(PINNED_TOOLS) | cksum); \
	  if [ "$$(cat $(PINNED_VENV)/.plugin 2>/dev/null)" != "$$plugin" ]; then \
	    $(PINNED_PY) -m pip install --quiet --build-constraint $(PIN_BUILD_CONSTRAINTS) \
	      -c $(PINNED_VENV)/constraints.txt -e . -r $(PINNED_TOOLS) && \
	    $(PINNED_PY) -m pip check && \
	    echo "$$plugin" > $(PINNED_VENV)/.plugin || exit 1; \
	  fi

test-pinned: pinned-venv ## Run the suite (SQLite; not browser, wheel or worker tests) under edx-platform's pinned libraries
	$(PINNED_PY) -m pip list --format=freeze 2>/dev/null | grep -iE '^(django|xblock|edx-opaque-keys|openedx-events|djangorestframework|drf-spectacular|celery)==' | tr '\n' ' '; echo
	$(PINNED_PY) -m pytest -m "not browser and not wheel" $(PINNED_PYTEST_ARGS)

SCHEMA_TEST_DB ?= test_attendance_schema
test-schema: $(MYSQL_STAMP) ## Schemathesis over the OpenAPI document as five roles, on MariaDB (not part of make test)
	ATTENDANCE_TEST_DATABASE=mysql ATTENDANCE_MYSQL_TEST_NAME=$(SCHEMA_TEST_DB) \
	  $(PY) -m pytest --create-db -p no:randomly -m schemathesis $(PYTEST_ARGS)

test-js: ## Run the JavaScript unit tests (node --test; Node.js 20 or later)
	node --test tests/js/*.test.mjs

# Legs in virtual environments of their own, so that the shared .venv never sees their packages:
# event-routing-backends registers itself as an LMS plugin, and Tutor pins its own libraries.
# Each is reused while its stamp is newer than what it installs from.
PYBIN = $$(command -v pyenv >/dev/null && pyenv which python$(PYTHON_VERSION) 2>/dev/null || command -v python$(PYTHON_VERSION))
XAPI_VENV ?= build/xapi-venv
XAPI_STAMP := $(XAPI_VENV)/.installed
TUTOR_VENV ?= build/tutor-venv
TUTOR_STAMP := $(TUTOR_VENV)/.installed

$(XAPI_STAMP): setup.py pyproject.toml
	@test -x $(XAPI_VENV)/bin/python || $(PYBIN) -m venv $(XAPI_VENV)
	$(XAPI_VENV)/bin/python -m pip install --quiet -e '.[test,xapi]'
	@touch $@

test-xapi: $(XAPI_STAMP) ## Run the xAPI transformer tests with event-routing-backends installed (own venv)
	$(XAPI_VENV)/bin/python -m pytest -p no:cacheprovider --ds tests.attendance_app.xapi.settings -m xapi \
	  tests/attendance_app/xapi $(PYTEST_ARGS)

$(TUTOR_STAMP): tutor-contrib-attendance/pyproject.toml
	@test -x $(TUTOR_VENV)/bin/python || $(PYBIN) -m venv $(TUTOR_VENV)
	$(TUTOR_VENV)/bin/python -m pip install --quiet -e './tutor-contrib-attendance[test]'
	@touch $@

test-tutor: $(TUTOR_STAMP) ## Render the Tutor plugin in a temporary Tutor root with tutor from PyPI (no Docker)
	cd tutor-contrib-attendance && $(abspath $(TUTOR_VENV))/bin/python -m pytest $(PYTEST_ARGS)

vendor: ## Install the pages' browser libraries from npm (package.json) and copy their builds (licence on top) into static/attendance/vendor/
	npm install --no-audit --no-fund
	{ printf '/*!\n'; cat node_modules/chart.js/LICENSE.md; printf '\n*/\n'; cat node_modules/chart.js/dist/chart.umd.min.js; } \
	  > static/attendance/vendor/chart.umd.min.js

clean: ## Remove the virtual environment, build output and test artifacts
	rm -rf $(VENV) $(PINNED_VENV) node_modules build dist *.egg-info var test-output .pytest_cache .mypy_cache .ruff_cache

.PHONY: vendor node-deps chromium test-browser test-js system-deps help demo venv test lint format clean gettext-tools messages compile_translations i18n_check \
	mysql-deps test-mysql test-celery bench soak pinned-venv test-pinned test-schema test-xapi test-tutor
