# The two set-up commands are `make run` and `make test`; everything else is for developers.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?=
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/writing_system
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: run test lint format install install-dev migrate seed worker beat check-migrations services browser clean bench loadtest scale-check rehearsal

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## Set up and start the service on :8000 with demo data (SQLite unless DATABASE_URL is set).
run: seed
	@echo ""
	@echo "Swagger UI: http://127.0.0.1:8000/api/v1/docs/swagger/"
	@echo "ReDoc:      http://127.0.0.1:8000/api/v1/docs/redoc/"
	$(PY) manage.py runserver 127.0.0.1:8000

services:
	scripts/ensure-services.sh

## The browser tests' Chromium (Debian's package): installed when missing, or a clear failure.
browser:
	scripts/ensure-chromium.sh

## Install what the suite needs (requirements, services, Chromium), lint, then run every test.
test: install-dev services browser lint
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -n 2 --create-db -m "not serial" $(PYTEST_ARGS)
	# Tests that must run alone (they kill database connections); exit 5: none selected.
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -p no:xdist --create-db -m serial $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Benchmark the admin tip endpoints at a million tips on their own database (slow; not in `make test`).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/writing_system_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
BENCH_ARGS ?= --fresh --plot docs/images/bench-tips.png
bench: install-dev services
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) manage.py bench_tips $(BENCH_ARGS)

## Load test on loopback (not in CI): gunicorn on a copy of the bench database, driven by wrk
## for 60 s at 32 connections; results go to docs/PERFORMANCE.md ("Load test").
loadtest: install-dev services
	command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) -m perf.loadtest

## Two web nodes behind HAProxy, PgBouncer, a streaming replica and two Celery workers on
## RabbitMQ, under load with a node and a worker stopped midway (not in CI; docs/SCALING.md).
scale-check: install-dev services
	$(PY) -m perf.scalecheck

## Rehearse this release under load against the previous one, on a copy of the newest backup
## (or demo data): migrate while it serves, switch, HUP, roll back and forward (docs/DEPLOYMENT.md).
## The database it names only supplies the server and the scratch name (<name>_rehearsal).
REHEARSAL_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/writing_system
REHEARSAL_ARGS ?=
rehearsal: install-dev services
	DATABASE_URL=$${DATABASE_URL:-$(REHEARSAL_DATABASE_URL)} $(PY) manage.py rehearse_release $(REHEARSAL_ARGS)

check-migrations: install-dev
	$(PY) manage.py makemigrations --check --dry-run

## A Celery worker on the given queues (money, statistics, housekeeping; all by default).
WORKER_QUEUES ?= money,statistics,housekeeping,webhooks
worker: install
	$(VENV)/bin/celery -A config worker --queues $(WORKER_QUEUES) --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A config beat --loglevel=INFO

## Deployment checks (docs/DEPLOYMENT.md), against the configured DATABASE_URL.
.PHONY: preflight backup verify-backup rollback-check deploy-checks
PREFLIGHT_ARGS ?=
BACKUP_ARGS ?=
BACKUP ?=
BACKUP_DIR ?= backups
preflight: install
	$(PY) manage.py preflight $(PREFLIGHT_ARGS)

backup: install
	$(PY) manage.py backup_db $(BACKUP_ARGS)

## Verify BACKUP=path/to/file.dump, by default the newest dump in BACKUP_DIR.
verify-backup: install
	@dump="$(BACKUP)"; [ -n "$$dump" ] || dump=$$(ls -1 $(BACKUP_DIR)/*.dump 2>/dev/null | tail -1); \
	if [ -z "$$dump" ]; then echo "No backup in $(BACKUP_DIR): run make backup, or pass BACKUP=file.dump" >&2; exit 2; fi; \
	$(PY) manage.py verify_backup "$$dump"

rollback-check: install
	$(PY) manage.py rollback_check

## CI: preflight --strict (the compose web service's settings, a real worker), backup -> verify,
## rollback round trip, on database DEPLOY_CHECK_DB (default writing_system_deploy_check) and
## Redis DEPLOY_CHECK_REDIS_URL (default redis://127.0.0.1:6379/13), e.g.
## `make deploy-checks DEPLOY_CHECK_DB=mine DEPLOY_CHECK_REDIS_URL=redis://127.0.0.1:6379/9`.
deploy-checks: install services
	PY=$(PY) CELERY=$(VENV)/bin/celery deployment/deploy_checks.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
