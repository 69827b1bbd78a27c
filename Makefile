# CAMI Portal: `make run` to start the portal, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in the e-mails and the printed examples point at the address `make run` serves on.
PORTAL_URL ?= http://$(HOST):$(PORT)
# Tests run with DEBUG off, like production; they only need a throw-away key.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-secret ALLOWED_HOSTS=localhost,127.0.0.1,testserver
DEV_ENV := DEBUG=1 PORTAL_URL=$(PORTAL_URL)
# pytest runs the suite on this many processes (pytest-xdist: auto is one per CPU core, 0 runs
# it in this process); PYTEST_ARGS adds anything else, e.g. PYTEST_ARGS="-k matrix".
PYTEST_WORKERS ?= auto

.PHONY: install run test lint migrate load demo clean backup restore

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

load: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_programme

demo: load
	$(DEV_ENV) $(BIN)/python manage.py create_demo_accounts

# The outbox's worker (core/outbox.py) and the background tasks' worker (a large cycle's
# review, docs/review.md) run beside the development server and stop with it: e-mail is
# queued by the portal and printed on the console by the worker.
run: demo
	@$(DEV_ENV) $(BIN)/python manage.py send_queued_mail --interval 5 & worker=$$!; \
	$(DEV_ENV) $(BIN)/python manage.py db_worker --interval 2 & tasks=$$!; \
	trap 'kill $$worker $$tasks 2>/dev/null; wait $$worker $$tasks 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .

test: install
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Backups of the database and the uploaded documents (docs/deployment.md). They run with the
# environment's settings (DATABASE_URL, MEDIA_ROOT, BACKUP_DIR...), like the portal itself.
# On a server the portal is installed without the development tools (`pip install .`): these
# install nothing there, and install everything in a development checkout that has no .venv yet.
backup:
	@$(BIN)/python -c "import django" 2>/dev/null || $(MAKE) install
	$(BIN)/python manage.py backup_portal

restore:
	@test -n "$(FILE)" || (echo "Give the archive: make restore FILE=backups/cami-....tar.gz"; exit 2)
	@$(BIN)/python -c "import django" 2>/dev/null || $(MAKE) install
	$(BIN)/python manage.py restore_portal "$(FILE)" $(RESTORE_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
