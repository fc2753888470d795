# Two commands: `make run` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

# Test settings: a throwaway key; DATABASE_URL passes through from the caller.
TEST_ENV := SECRET_KEY=insecure-test-only-key ALLOWED_HOSTS=testserver,localhost,127.0.0.1 DEBUG=0

.PHONY: run test bench-check install node-tools lint format clean messages

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# axe-core and the Nu HTML Checker (vnu-jar) for the browser tests, pinned in package-lock.json. Without npm
# (or offline) the browser tests skip themselves and say why; CI sets REQUIRE_BROWSER_TESTS=1 to fail instead.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

node-tools:
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm not found: browser tests will be skipped (they need axe-core and vnu-jar from npm)"; \
	elif ! $(MAKE) --no-print-directory $(NODE_STAMP); then \
	  echo "npm ci failed: browser tests will be skipped"; \
	fi

# A Celery worker (with its beat, the sweep every minute) runs beside runserver, so alerts and staff emails take the
# same path as in production. Its broker is a folder under var/celery (no server needed; CELERY_BROKER_URL picks a
# real one) and emails are printed on its output (EMAIL_BACKEND picks SMTP). Ctrl-C stops both.
run: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo
	DEBUG=1 $(BIN)/celery -A cms worker -B --loglevel=INFO --concurrency=1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) node-tools
	$(TEST_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The benchmark harness's own tests (bench/tests), kept out of `make test` (pyproject's testpaths): same settings.
bench-check: $(STAMP)
	$(TEST_ENV) $(BIN)/python -m pytest bench/tests $(PYTEST_ARGS)

# ruff, mypy over the product code (django-stubs) and the apps' import layers (.importlinter).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy
	DEBUG=1 $(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The catalogues (locale/vi: overrides of Django's English messages; locale/en: the English site), compiled with
# polib, so no gettext is needed; the .mo files are committed.
messages: $(STAMP)
	$(BIN)/python -c "import glob, polib; [polib.pofile(p).save_as_mofile(p[:-2] + 'mo') for p in glob.glob('locale/*/LC_MESSAGES/*.po')]"

clean:
	rm -rf $(VENV) staticfiles node_modules test-artifacts
