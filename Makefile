# Cordwain: `make run` serves the storefront, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app app
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/cordwain_test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= 2
# `make run HOST=0.0.0.0` serves to other devices on the network (set PUBLIC_BASE_URL too: see README).
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run db test test-deps services bench load clean

setup: $(VENV)/.installed configurator/static/vendor/three/.version tests/browser/vendor/.version

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

configurator/static/vendor/three/.version tests/browser/vendor/.version &: package.json package-lock.json scripts/vendor_js.sh
	bash scripts/vendor_js.sh

db: setup
	$(FLASK) db upgrade
	$(FLASK) catalog seed

run: db
	$(FLASK) run --host $(HOST) --port $(PORT)

# Debian's Chromium for the browser tests and poppler for rendering PDFs, when missing.
test-deps:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || { \
	  echo "Installing Debian's chromium and poppler-utils for the browser and PDF tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null; }

# The tests use the real services; a missing one stops the run loudly, never a silent skip.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "ERROR: PostgreSQL is not answering on 127.0.0.1:5432; the tests need it (set TEST_DATABASE_URL to another server)."; exit 1; }
	@$(PY) -c "import redis, sys; redis.Redis.from_url('$(TEST_REDIS_URL)').ping()" 2>/dev/null || { echo "ERROR: Redis is not answering at $(TEST_REDIS_URL); the Celery job tests need it."; exit 1; }

test: setup test-deps services
	$(PY) -m mypy
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(PY) -m pytest -n $(PYTEST_WORKERS) -p no:cacheprovider

# Speed and memory: prints a table per benchmark.
bench: setup
	$(PY) bench/bench_last.py
	$(PY) bench/bench_photo.py
	$(PY) bench/bench_pages.py
	$(PY) bench/bench_shoe.py
	$(PY) bench/bench_mat.py

# Load (not a test): 50 shoppers for 60 s against gunicorn + Celery on PostgreSQL; orders/s, latencies, 0 lost.
load: setup services
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) configurator/static/vendor node_modules
