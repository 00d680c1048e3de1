# The two commands in the README are `make serve` and `make test`; everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export TEST_DB

.PHONY: serve test install system-deps node-deps lint format check screenshots audit bench clean reset-demo

## uv installs the same pinned requirements as pip in under half the time (23 s against 57 s on a
## new 2-core machine): it fetches, unpacks and compiles in parallel. Compiling at install matters:
## where PYTHONDONTWRITEBYTECODE is set, the servers and commands that tests start would otherwise
## compile every module they import from source, each time they start.
UV_VERSION := 0.13.9
$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	test -x $(BIN)/uv || $(BIN)/pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Chromium for the browser tests, wrk for the benchmarks, PostgreSQL for TEST_DB=postgres and
## the two-machine test, Java for the HTML validity test (Nu Html Checker), Node/npm for Lighthouse
## and that checker; Caddy, age and systemd-analyze for the deployment tests (tests/deploy).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v wrk >/dev/null || \
	   ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v caddy >/dev/null || \
	   ! command -v age >/dev/null || ! command -v systemd-analyze >/dev/null; then \
	  echo "Installing Debian packages: chromium wrk postgresql caddy age systemd"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	    $$SUDO apt-get install -y -qq chromium wrk postgresql caddy age systemd >/dev/null; \
	fi
	@if ! command -v java >/dev/null || ! command -v npm >/dev/null; then \
	  PKGS="$$(command -v java >/dev/null || echo default-jre-headless) $$(command -v npm >/dev/null || echo nodejs npm)"; \
	  echo "Installing Debian packages: $$PKGS"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$PKGS >/dev/null; \
	fi

## The Nu Html Checker (vnu-jar) and Lighthouse from npm, pinned in package-lock.json. Only measuring
## tools: node_modules is not committed and nothing in it is served. Reinstalled when the lock changes.
## The tests need the checker alone (package.json's dependencies, 31 MB, 2 s); Lighthouse (its
## devDependencies, 190 MB more, 10 s) is installed by `make audit`, which installs both.
NODE_STAMP := node_modules/.installed
AUDIT_STAMP := node_modules/.installed-lighthouse
$(NODE_STAMP): package.json package-lock.json
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)
$(AUDIT_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP) $(AUDIT_STAMP)

node-deps: system-deps $(NODE_STAMP)

## Serve the demo site at http://127.0.0.1:8000 (installs, migrates and loads demo content first),
## with the task worker that sends staff emails (`db_worker`) running beside it. The worker runs in
## a session of its own and this recipe stops it when the server stops (Ctrl-C). It does not
## reload on code changes as runserver does (a reloading worker can outlive its parent): restart
## `make serve` after changing a task.
SERVE_ADDR ?= 127.0.0.1:8000
# Canonical links, the sitemap and staff emails name the address served, unless SITE_URL is set.
serve: export SITE_URL ?= http://$(SERVE_ADDR)
serve: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py collectstatic --noinput -v0
	@setsid $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill -TERM -- -$$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 0' INT TERM; \
	echo "Task worker started (pid $$worker): staff emails are sent from it."; \
	$(BIN)/python manage.py runserver $(SERVE_ADDR)

## Install everything (Chromium included) and run the whole test suite.
## TEST_DB=postgres runs it against a throwaway PostgreSQL server instead of SQLite.
test: $(STAMP) system-deps node-deps
	./scripts/run-tests

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## PNG screenshots of every public page at phone and desktop width, in /tmp/screenshots.
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py http://$(SERVE_ADDR)

## Start the demo again: deletes this checkout's SQLite database and media folder (then make serve).
reset-demo:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	rm -rf media

## Lighthouse (mobile) on the key pages of a production-settings gunicorn: the four scores, bytes
## transferred and any third-party request per page. See scripts/audit.py.
audit: $(STAMP) system-deps $(AUDIT_STAMP)
	$(BIN)/python scripts/audit.py

## Load measurements against gunicorn with production settings (they print figures; ~4 minutes).
bench: $(STAMP) system-deps
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
