# Policy Portal. `make run` and `make test` do all the set-up on a fresh Debian machine.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench smoke backup restore compose-check worker beat system-deps venv node clean-var help

help:
	@echo "make run    set up, migrate, load the demo schools and serve on http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the whole test suite"
	@echo "make lint   ruff, mypy and the missing-migrations check"
	@echo "make bench  benchmarks -> docs/benchmarks.md (set DATABASE_URL for all of them)"
	@echo "make worker / make beat   a Celery worker / the scheduler (production stack, REDIS_URL)"

system-deps:
	@scripts/install-system-deps $(SYSTEM_DEPS_FLAGS)

# Rebuilt whenever pyproject.toml changes. XStatic-Bootstrap's sdist still
# imports pkg_resources, so the build runs with the venv's older setuptools.
# uv, installed into the venv by pip, installs the project's packages in
# parallel: about 15 s on a fresh checkout here, against 66 s with pip alone.
$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip "setuptools<81" wheel uv
	$(VENV)/bin/uv pip install -q --python $(PY) --no-build-isolation -e ".[dev]"
	@touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

node: node_modules/.installed

run: system-deps venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo ""
	@echo "Policy Portal is at http://$(HOST):$(PORT)/ (press Ctrl+C to stop)"
	@# Periodic work (the outbox sweep, the morning digests) runs beside the
	@# server in-process; Ctrl+C stops both.
	@{ $(PY) manage.py run_periodic & periodic=$$!; \
	  trap 'kill $$periodic 2>/dev/null' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT); }

# The production stack's background processes (need REDIS_URL).
worker: venv
	$(VENV)/bin/celery -A policyportal worker --loglevel=INFO

beat: venv
	$(VENV)/bin/celery -A policyportal beat --loglevel=INFO --schedule var/celerybeat-schedule

# The suite without the browser runs in parallel (pytest-xdist: each process
# has its own test database), then the browser journeys, in two processes
# (scripts/test-suite). BROWSER_JOURNEYS=no, ISOLATION=no (the isolation
# matrix), FUZZ=no (the form fuzzer), BUDGETS=no (every page's query budget)
# and SWEEPS=no (all three sweeps) leave those out: CI runs each once (.ci/run).
TEST_PROCESSES ?= 2
BROWSER_JOURNEYS ?= yes
SWEEPS ?= yes
ISOLATION ?= yes
FUZZ ?= yes
BUDGETS ?= yes
UNIT_TESTS ?= tests

test: SYSTEM_DEPS_FLAGS = --with-node
test: system-deps venv node
ifdef PYTEST_ARGS
	PORTAL_FAST_PASSWORD_HASHER=1 $(VENV)/bin/pytest $(PYTEST_ARGS)
else
	UNIT_TESTS="$(UNIT_TESTS)" TEST_PROCESSES=$(TEST_PROCESSES) BROWSER_JOURNEYS=$(BROWSER_JOURNEYS) SWEEPS=$(SWEEPS) \
		ISOLATION=$(ISOLATION) FUZZ=$(FUZZ) BUDGETS=$(BUDGETS) scripts/test-suite
endif

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(PY) manage.py makemigrations --check --dry-run

# Writes docs/benchmarks.md (docs/testing.md, "Benchmarks"): all but the PDF
# section need DATABASE_URL (PostgreSQL); BENCH_ARGS="--only …" picks sections.
bench: system-deps venv
	$(PY) bench/run.py $(BENCH_ARGS)

# The production stack end to end without Docker: gunicorn, a Celery worker
# and beat against PostgreSQL and Redis (scripts/prod-smoke; needs DATABASE_URL).
smoke: system-deps venv
	scripts/prod-smoke

# Backups of the database and the private files (docs/operations.md).
# `make backup` writes BACKUP_DIR/<timestamp>/; `make restore BACKUP=<that directory>`.
BACKUP_DIR ?= var/backups
backup: venv
	BACKUP_DIR=$(BACKUP_DIR) scripts/backup

restore: venv
	scripts/restore "$(BACKUP)"

# docker-compose.yml validated by Debian's docker-compose (no Docker engine needed).
compose-check:
	scripts/check-compose

clean-var:
	rm -rf var
