# The commands people run. Everything installs itself into .venv from the locked files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-test run test lint format migrate lock worker beat clean

help:
	@echo "make run      serve the site at http://$(HOST):$(PORT) (installs and migrates first)"
	@echo "make test     run the whole test suite against PostgreSQL and Redis"
	@echo "make lint     ruff (lint and format check) and mypy"
	@echo "make migrate  apply database migrations"
	@echo "make worker   run a Celery worker"
	@echo "make beat     run Celery beat (exactly one per deployment)"
	@echo "make lock     regenerate requirements/*.txt from requirements/*.in"

$(UV): requirements/tools.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/tools.txt
	touch $@

$(VENV)/.installed-base: requirements/base.txt $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/test.txt
	touch $@

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

migrate: install
	$(MANAGE) migrate --noinput

run: migrate
	$(MANAGE) ensure_admin
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A config.celery_app worker --loglevel=INFO --without-gossip --without-mingle

beat: install
	$(BIN)/celery -A config.celery_app beat --loglevel=INFO

test: install-test
	$(BIN)/python config/backing_services.py $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python config/backing_services.py $(BIN)/mypy .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(UV)
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/tools.in -o requirements/tools.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/base.in -o requirements/base.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/production.in -o requirements/production.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/test.in -o requirements/test.txt

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
