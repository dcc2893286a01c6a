# Two commands do all set-up on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV := DJANGO_DEBUG=1
DEMO_MEETINGS ?= 300

.PHONY: run test serve audit superuser messages format clean

$(STAMP): requirements.txt requirements-dev.txt
	@command -v pg_config >/dev/null || { command -v apt-get >/dev/null && apt-get update -qq && apt-get install -y -qq libpq-dev; } || true
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $(STAMP)

## make run: serve the site with demo data at http://127.0.0.1:8000/ (SQLite unless DATABASE_URL is set)
run: $(STAMP)
	$(DEV) $(PY) manage.py migrate --noinput
	$(DEV) $(PY) manage.py seed_demo --if-empty --meetings $(DEMO_MEETINGS)
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

## make test: migrations in sync, lint, format, and the whole test suite
test: $(STAMP)
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest

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
	$(DEV) $(PY) manage.py compilemessages

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
