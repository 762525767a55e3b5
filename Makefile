# Two commands matter: `make run` (local server with demo data, no services needed)
# and `make test` (linters, type checks and the whole test suite).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` is local development: DEBUG on (a development SECRET_KEY is allowed then).
RUN_ENV := DEBUG=1 SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}
# Tests marked `sqlite` run a second time on the embedded database when the main run
# used another one (PostgreSQL in CI).
SQLITE_TEST_URL := sqlite:///$(CURDIR)/.test-sqlite.db

.PHONY: help run serve install install-dev migrate demo test pytest lint fmt typecheck worker beat clean loadtest faulttest bench

help:
	@echo "make run     install, migrate, load demo data, ensure a local admin, serve on $(HOST):$(PORT)"
	@echo "make test    ruff, ruff format --check, mypy, then the whole pytest suite"
	@echo "make lint | fmt | typecheck | worker | beat | clean"
	@echo "make bench | loadtest | faulttest   (PostgreSQL, Redis; see README, Performance)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Local development settings, written once: DEBUG on and a random SECRET_KEY, so that every
# `.venv/bin/python manage.py …` command of the README works after `make run`. Git-ignored;
# production sets its own environment (README, Deployment).
.env:
	@printf '# Local development (written by make run). Production sets its own environment.\nDEBUG=1\nSECRET_KEY=%s\n' \
	  "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env: DEBUG=1 and a random SECRET_KEY, for local development"

migrate: install .env
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(BIN)/python manage.py load_demo
	$(RUN_ENV) $(BIN)/python manage.py reindex_search --missing

run: demo
	$(RUN_ENV) $(BIN)/python manage.py ensure_admin
	$(RUN_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: run

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install-dev
	DEBUG=1 $(BIN)/mypy .

pytest: install-dev
	$(BIN)/pytest -p no:cacheprovider -n auto --create-db
	@case "$${DATABASE_URL:-sqlite}" in \
	  sqlite*) ;; \
	  *) echo "Again on SQLite: tests marked sqlite"; \
	     DATABASE_URL=$(SQLITE_TEST_URL) $(BIN)/pytest -p no:cacheprovider -m sqlite --create-db -q ;; \
	esac

test: lint typecheck pytest

worker: install
	$(BIN)/celery -A config worker --loglevel=INFO --concurrency=2

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis staticfiles .test-sqlite.db*

# Measurements (PostgreSQL and redis-server needed; each creates its own database).
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/tracker_bench
LOAD_DB ?= postgres://postgres@127.0.0.1:5432/tracker_load
BENCH_ENV := DEBUG=0 STATIC_MANIFEST=0 SECRET_KEY=bench-only LOG_LEVEL=ERROR

bench: install-dev
	DATABASE_URL=$(BENCH_DB) $(BENCH_ENV) $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) $(BENCH_ENV) $(BIN)/python manage.py bench --events 1000000 --json bench/latest.json

loadtest: install-dev
	DATABASE_URL=$(LOAD_DB) $(BIN)/python benchmarks/loadtest.py

faulttest: install-dev
	DATABASE_URL=$(LOAD_DB) $(BIN)/python benchmarks/loadtest.py --faults
