# cadrex — the commands a newcomer needs. Everything installs into .venv on first use.
PY      ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
HOST    ?= 127.0.0.1
PORT    ?= 8000
SMS_PORT ?= 8025
# The demo's notices go out for real, to places you can watch (ADR 0013): emails as files in
# var/mail/, text messages to a local fake gateway that logs each one to var/sms.jsonl.
DEMO_ENV := DEBUG=1 CADREX_DEMO=1 \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend CADREX_EMAIL_ENABLED=1 \
	CADREX_SMS_URL=http://127.0.0.1:$(SMS_PORT)/send CADREX_SITE_URL=http://$(HOST):$(PORT)
# The server and, beside it, the background worker that runs roster imports and exports and
# sends the notices (manage.py db_worker, ADR 0010), and the fake SMS gateway; both stop with
# the server (Ctrl-C, or any exit).
SERVE_WITH_WORKER = $(DEMO_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(DEMO_ENV) $(BIN)/python manage.py fake_sms_gateway --port $(SMS_PORT) --log var/sms.jsonl \
	  & gateway=$$!; \
	trap 'kill $$worker $$gateway 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help demo serve test test-rules test-db test-browser lint fmt bench install clean

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PY)）"; exit 1; }
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install cadrex with its dev tools

demo: $(STAMP) ## build the demo city on SQLite (var/) and serve it on 127.0.0.1:8000
	mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo --reset
	@echo "打开 http://$(HOST):$(PORT)/ （Ctrl-C 停止，后台任务进程随之停止）"
	$(SERVE_WITH_WORKER)

serve: $(STAMP) ## serve the existing database (with its background worker) without rebuilding it
	$(SERVE_WITH_WORKER)

test: $(STAMP) ## run every test tier (rules, database, browser)
	$(BIN)/python -m pytest

test-rules: $(STAMP) ## the pure rules tier only (fast)
	$(BIN)/python -m pytest tests/rules

test-db: $(STAMP) ## the rules and database tiers (everything but the browser)
	$(BIN)/python -m pytest tests --ignore=tests/browser

test-browser: $(STAMP) ## the Playwright tier only
	$(BIN)/python -m pytest tests/browser

lint: $(STAMP) ## ruff lint and format check, import-linter floors, Django checks, no missing migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run -v0

fmt: $(STAMP) ## format and auto-fix with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP) ## benchmarks: ratios against a baseline run in the same process
	$(BIN)/python -m bench.bench_matching
	SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret} $(BIN)/python -m bench.bench_hearing
	SECRET_KEY=$${SECRET_KEY:-bench-only-not-a-secret} $(BIN)/python -m bench.bench_pages
	$(BIN)/python -m bench.bench_roster_io
	$(BIN)/python -m bench.bench_demo

clean: ## remove .venv and var/
	rm -rf $(VENV) var
