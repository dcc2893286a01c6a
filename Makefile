# Two commands do all set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV := DJANGO_DEBUG=1
DEMO_MEETINGS ?= 300
PORT ?= 8000

# A bare `make` installs (the first rule would otherwise be venv-again below).
.DEFAULT_GOAL := $(STAMP)

.PHONY: run test browser-tools serve audit bench superuser messages format clean

# The portal needs Python 3.11 or newer: a venv that is missing, broken or older is made
# again from $(PYTHON), which is checked first.
PY_IS_NEW_ENOUGH := import sys; sys.exit(sys.version_info < (3, 11))
PY_VERSION := import sys; print("%d.%d" % sys.version_info[:2])
ifneq ($(shell $(PY) -c '$(PY_IS_NEW_ENOUGH)' >/dev/null 2>&1 && echo ok),ok)
$(STAMP): venv-again
endif

# Installs the Debian packages in $$missing where apt-get can (as root), or says what
# $$purpose needs ($$needs) and stops.
define install_missing
if [ -n "$$missing" ]; then \
	if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Installing$$missing: $$purpose needs them."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	elif command -v apt-get >/dev/null; then \
		echo "make: $$purpose needs$$missing. Run: sudo apt-get install$$missing" >&2; exit 1; \
	else \
		echo "make: $$purpose needs $$needs, and apt-get is not available here." \
			"Install them with the system's package manager, then run make again." >&2; exit 1; \
	fi; \
fi
endef

.PHONY: venv-again
venv-again:
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) was not found. Install Python 3.11 or newer, or name it: make run PYTHON=python3.11" >&2; exit 1; }
	@$(PYTHON) -c '$(PY_IS_NEW_ENOUGH)' || { echo "make: $(PYTHON) is Python $$($(PYTHON) -c '$(PY_VERSION)'); the portal needs 3.11 or newer. Install it and name it: make run PYTHON=python3.11" >&2; exit 1; }
	@version=$$($(PYTHON) -c '$(PY_VERSION)'); missing=; needs=; purpose="Creating a virtual environment"; \
	$(PYTHON) -c 'import ensurepip' 2>/dev/null || { missing=" python$$version-venv"; needs="Python's ensurepip module"; }; \
	$(install_missing)
	@test ! -e $(VENV) || echo "Making $(VENV) again with $(PYTHON): the one there is broken or older than Python 3.11."
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)

# requirements.txt pins psycopg2, which builds from source: it needs pg_config, a C
# compiler and the headers of the venv's Python, even where only SQLite is used.
$(STAMP): requirements.txt requirements-dev.txt
	@$(PY) -c 'import psycopg2' 2>/dev/null || { \
		version=$$($(PY) -c '$(PY_VERSION)'); missing=; needs=; purpose="Building psycopg2"; \
		command -v pg_config >/dev/null || { missing="$$missing libpq-dev"; needs="pg_config (PostgreSQL's client library headers)"; }; \
		command -v cc >/dev/null || command -v gcc >/dev/null || { missing="$$missing gcc"; needs="$${needs:+$$needs, }a C compiler"; }; \
		test -f "$$($(PY) -c 'import sysconfig; print(sysconfig.get_config_var("INCLUDEPY"))')/Python.h" \
			|| { missing="$$missing python$$version-dev"; needs="$${needs:+$$needs, }the headers of Python $$version"; }; \
		$(install_missing); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

## make run: serve the site with demo data at http://127.0.0.1:8000/ (PORT=...: another port;
## SQLite unless DATABASE_URL is set)
run: $(STAMP)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py reindex
	$(DEV) $(PY) manage.py seed_demo --if-empty --meetings $(DEMO_MEETINGS)
	$(DEV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## make test: migrations in sync, lint, format, and the whole test suite (browser tests included)
test: $(STAMP) browser-tools
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

## make browser-tools: what tests/browser needs besides Python: Debian's Chromium (with CJK
## fonts) where apt-get can install it, otherwise those tests are skipped with the reason;
## axe-core and the Nu Html Checker from npm (package-lock.json).
browser-tools: node_modules/.package-lock.json
	@command -v chromium >/dev/null || { command -v apt-get >/dev/null && apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; } \
		|| echo "Chromium is not installed: the browser tests will be skipped."

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

## make serve: production mode: collectstatic, then gunicorn with (2 x CPUs + 1) sync workers.
## Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS (and usually DATABASE_URL, REDIS_URL).
BIND ?= 127.0.0.1:8000
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
serve: $(STAMP)
	@test -n "$$DJANGO_SECRET_KEY" || { echo "make serve: set DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS) first."; exit 2; }
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn portal.wsgi:application --bind $(BIND) --workers $(WORKERS) \
		--worker-class sync --error-logfile - --log-level warning

## make audit: known vulnerabilities in the pinned requirements (needs the PyPI or OSV advisory service)
audit: $(STAMP)
	$(VENV)/bin/pip-audit --requirement requirements.txt --no-deps --disable-pip --strict --progress-spinner off

## make superuser: create a staff login for /admin/
superuser: $(STAMP)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py createsuperuser

## make messages: refresh and compile the translation catalogues
messages: $(STAMP)
	$(DEV) $(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete
	$(DEV) $(PY) manage.py compilemessages --ignore=$(VENV)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles

## make bench: 100,000 meetings on PostgreSQL and SQLite, every page timed, load under gunicorn;
## writes bench/RESULTS.md (about 20 minutes on 2 CPUs).
bench: $(STAMP)
	@command -v wrk >/dev/null || { command -v apt-get >/dev/null && apt-get install -y -qq wrk; } || true
	$(PY) bench/run.py
