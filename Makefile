# Tandem: `make demo` runs the product on SQLite; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
UV := $(VENV)/bin/uv
TANDEM := $(VENV)/bin/tandem

.PHONY: help demo install install-test serve migrate check test test-sqlite test-postgres browser-deps mail-deps lint bench clean services

help: #: list the targets
	@grep -E '^[a-z-]+:.*#:' Makefile | sed 's/:.*#:/\t/'

$(UV):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(UV) #: create .venv with the runtime dependencies (locked in uv.lock)
	$(UV) sync --frozen --inexact --no-default-groups --quiet

install-test: $(UV) browser-deps mail-deps #: .venv with test and lint dependencies, Chromium, axe-core and Dovecot
	$(UV) sync --frozen --inexact --all-groups --quiet

browser-deps: #: Debian's Chromium (tests drive it headless) and axe-core from npm
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f node_modules/axe-core/axe.min.js || npm ci --silent --no-audit --no-fund

mail-deps: #: Debian's Dovecot (the IMAP tests start their own; its system service is not used)
	@test -x /usr/sbin/dovecot || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; }

migrate: install
	$(TANDEM) migrate --noinput
	$(TANDEM) createcachetable

demo: migrate #: set up, seed the demo data and serve http://localhost:8000 with the worker
	$(TANDEM) demo
	$(TANDEM) serve

serve: migrate #: serve without seeding
	$(TANDEM) serve

lint: install-test #: ruff, mypy, Django's checks, migrations up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(TANDEM) check
	$(TANDEM) makemigrations --check --dry-run

services: #: start PostgreSQL and Redis if this machine has them stopped
	./.ci/ensure-services

test-sqlite: install-test services #: the suite on SQLite (browser tests included)
	$(VENV)/bin/pytest

test-postgres: install-test services #: the suite on PostgreSQL (DATABASE_URL, default 127.0.0.1:5432)
	DATABASE_URL=$${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/tandem} $(VENV)/bin/pytest -m "not browser"

test: lint #: everything CI runs: lint, then both suites at once (one per core)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

bench: install-test services #: the benchmarks in bench/ (the desk's takes 10-20 minutes)
	$(VENV)/bin/python bench/memory.py
	$(VENV)/bin/python bench/kb.py
	$(VENV)/bin/python bench/mail.py
	$(VENV)/bin/python bench/desk.py

clean: #: remove the virtual environment and ./var
	rm -rf $(VENV) var node_modules
