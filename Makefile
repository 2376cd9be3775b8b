# Tissage — the two commands of the README's Quick start are `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install demo test test-deps lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	scripts/install-system-deps runtime
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo
	@echo "Tissage : http://127.0.0.1:$(PORT)/  (Ctrl+C pour arrêter)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test-deps:
	scripts/install-system-deps test

test: install test-deps
	scripts/run-tests

lint: install
	$(VENV)/bin/ruff check tissage
	$(VENV)/bin/ruff format --check tissage

format: install
	$(VENV)/bin/ruff check --fix tissage
	$(VENV)/bin/ruff format tissage

# Every benchmark on SQLite and PostgreSQL, one table, docs/performance.md rewritten (about
# 15 minutes). BENCH_ARGS="--load-seconds 600" for the 10-minute load test.
bench: install test-deps
	$(PY) bench/run.py $(BENCH_ARGS)

# Extract the strings to translate, then compile the catalogues (needs GNU gettext).
messages: install
	cd tissage && ../$(PY) ../manage.py makemessages -l fr_CA -l en --no-obsolete --no-location
	cd tissage && ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) data build *.egg-info
