# The commands people run. Everything installs itself into .venv from the locked files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
SANDBOX_PORT ?= 8765

# With no Creators API credential and no partner tag configured, `make run` talks to the
# local sandbox API: three stores, each with its own tag, in two regions, each with its own
# credential. The sandbox is started holding exactly those, so a tag sent to the wrong store
# or a credential used for another region's store fails there as it would at Amazon.
ifeq ($(strip $(CREATORS_API_CREDENTIAL_ID)$(CREATORS_API_NA_CREDENTIAL_ID)$(CREATORS_API_EU_CREDENTIAL_ID)$(CREATORS_API_FE_CREDENTIAL_ID)$(AMAZON_PARTNER_TAGS)$(AMAZON_PARTNER_TAG)),)
SANDBOX := yes
DEMO_PARTNER_TAGS := US:demo-us-20,UK:demo-uk-21,DE:demo-de-21
DEMO_CREDENTIALS := NA:sandbox-na:sandbox-na-secret,EU:sandbox-eu:sandbox-eu-secret
run: export AMAZON_MARKETPLACES := US,UK,DE
run: export AMAZON_PARTNER_TAGS := $(DEMO_PARTNER_TAGS)
run: export CREATORS_API_NA_CREDENTIAL_ID := sandbox-na
run: export CREATORS_API_NA_CREDENTIAL_SECRET := sandbox-na-secret
run: export CREATORS_API_NA_VERSION := 3.1
run: export CREATORS_API_EU_CREDENTIAL_ID := sandbox-eu
run: export CREATORS_API_EU_CREDENTIAL_SECRET := sandbox-eu-secret
run: export CREATORS_API_EU_VERSION := 3.2
run: export CREATORS_API_HOST := http://127.0.0.1:$(SANDBOX_PORT)
run: export CREATORS_API_AUTH_ENDPOINT := http://127.0.0.1:$(SANDBOX_PORT)/auth/o2/token
run: export CREATORS_API_TPS := 5
# The sandbox serves the demo's product images; links and the CSP must allow it.
run: export OUTBOUND_EXTRA_ORIGINS := http://127.0.0.1:$(SANDBOX_PORT)
run: export SANDBOX_TPS := 5
run: export SANDBOX_CREDENTIALS := $(DEMO_CREDENTIALS)
run: export SANDBOX_PARTNER_TAGS := $(DEMO_PARTNER_TAGS)
endif
# `make run EDGE=1` puts the self-hosted edge (Varnish, deploy/varnish/) in front of the
# site on its own port: the canonical site is then the edge's address, and ingestion's
# purges go to it.
EDGE_PORT ?= 8080
ifneq ($(strip $(EDGE)),)
run: export SITE_URL ?= http://$(HOST):$(EDGE_PORT)
run: export EDGE_PURGE_URL := http://$(HOST):$(EDGE_PORT)/
run: export EDGE_ORIGIN := $(HOST):$(PORT)
run: export EDGE_ADDRESS := $(HOST):$(EDGE_PORT)
run: export EDGE_WORKDIR := $(CURDIR)/var/edge
run: varnish
endif
# Without Redis the request quota lives in one process, so the worker runs a single one.
WORKER_CONCURRENCY ?= $(if $(strip $(REDIS_URL)),2,1)

.DEFAULT_GOAL := help
.PHONY: help install install-local install-test install-lint run test test-fast chromium varnish wrk gettext messages bench bench-catalogue bench-upsert bench-ingest bench-edge soak lint format migrate lock worker beat clean

help:
	@echo "make run      serve the site at http://$(HOST):$(PORT) (installs and migrates first)"
	@echo "make test     run the whole test suite against PostgreSQL and Redis"
	@echo "make test-fast  the quick loop: every test but the browser, worker and fault ones"
	@echo "make lint     ruff, mypy, missing migrations, bandit, pip-audit, and the deployment files: hadolint, cfn-lint, actionlint, checkov"
	@echo "make messages gather new storefront text into locale/ for translation"
	@echo "make migrate  apply database migrations"
	@echo "make worker   run a Celery worker"
	@echo "make beat     run Celery beat (exactly one per deployment)"
	@echo "make bench    every benchmark below, into docs/benchmarks.md"
	@echo "make bench-catalogue  search and pages at 1,000,000 products (BENCH_CATALOGUE_ARGS=--size N)"
	@echo "make bench-upsert  products written per second by the bulk upsert"
	@echo "make bench-ingest  price refreshes per second against the quota (BENCH_ARGS=--tps 5)"
	@echo "make bench-edge  pages through Varnish and at the origin, loaded by wrk (BENCH_EDGE_ARGS=--size N)"
	@echo "make soak     load gunicorn on loopback while ingestion runs (SOAK_ARGS=--seconds 20)"
	@echo "make lock     regenerate requirements/*.txt from requirements/*.in"

$(UV): requirements/tools.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/tools.txt
	touch $@

$(VENV)/.installed-base: requirements/base.txt $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.installed-local: requirements/local.txt $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/local.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(UV)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/test.txt
	touch $@

# The soak serves through gunicorn, which only the production requirements carry.
$(VENV)/.installed-soak: requirements/production.txt $(VENV)/.installed-test
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r requirements/production.txt
	touch $@

# The deployment linters live in their own environment: checkov's pins must not move the
# app's locked dependencies.
LINT_VENV := $(VENV)/lint
$(LINT_VENV)/.installed: requirements/lint.txt $(UV)
	test -x $(LINT_VENV)/bin/python || $(PYTHON) -m venv $(LINT_VENV)
	$(UV) pip install --quiet --python $(LINT_VENV)/bin/python --require-hashes -r requirements/lint.txt
	touch $@

# The storefront's translations: the committed gettext catalogues, compiled by Babel (no
# system gettext needed). A catalogue with an untranslated or fuzzy entry still compiles;
# the tests refuse it.
MESSAGES := $(VENV)/.compiled-messages
$(MESSAGES): $(wildcard locale/*/LC_MESSAGES/django.po) $(VENV)/.installed-base
	$(BIN)/pybabel -q compile --domain django --directory locale
	touch $@

install: $(VENV)/.installed-base $(MESSAGES)
install-local: $(VENV)/.installed-local $(MESSAGES)
install-test: $(VENV)/.installed-test $(MESSAGES)

migrate: install
	$(MANAGE) migrate --noinput

run: install-local migrate
	$(MANAGE) ensure_admin
	$(if $(SANDBOX),$(MANAGE) load_demo)
	@echo "Site: http://$(HOST):$(PORT)/  (Ctrl-C stops every process)"
	$(if $(EDGE),@echo "Edge: http://$(HOST):$(EDGE_PORT)/  (Varnish in front of the site)")
	PATH="$(CURDIR)/$(BIN):$$PATH" HOST=$(HOST) WEB_PORT=$(PORT) SANDBOX_PORT=$(SANDBOX_PORT) \
		WORKER_CONCURRENCY=$(WORKER_CONCURRENCY) \
		$(BIN)/honcho start -c sandbox=$(if $(SANDBOX),1,0),edge=$(if $(EDGE),1,0)

worker: install
	$(BIN)/celery -A config.celery_app worker --loglevel=INFO --without-gossip --without-mingle

beat: install
	$(BIN)/celery -A config.celery_app beat --loglevel=INFO

# Browser tests drive Debian's Chromium; install it when it is missing (needs root).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The edge (`make run EDGE=1` and the edge tests) runs Debian's Varnish; install it when it
# is missing (needs root).
varnish:
	@test -x /usr/sbin/varnishd || command -v varnishd >/dev/null 2>&1 || { \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish; }

# The edge benchmark loads with Debian's wrk (a C loader that outruns the edge, which the
# Python loader cannot); install it when it is missing (needs root).
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

# Extracting messages needs GNU gettext's xgettext and msgmerge; install them when missing.
gettext:
	@command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1 || { \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; }

# New or changed storefront text into locale/*/LC_MESSAGES/django.po, to be translated.
messages: install-test gettext
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) messages_extract

test: install-test $(VENV)/.installed-soak chromium varnish wrk gettext
	$(BIN)/python devtools/backing_services.py $(BIN)/pytest $(PYTEST_ARGS)

# Leaves out what starts Chromium, Celery workers, Varnish or private servers (the pytest markers).
test-fast: install-test gettext
	$(BIN)/python devtools/backing_services.py $(BIN)/pytest -m "not browser and not worker and not fault and not edge" $(PYTEST_ARGS)

# Benchmarks run on PostgreSQL and Redis (found or started as for the tests). The first run
# builds a 1,000,000-product catalogue in its own database; later runs reuse it.
bench: bench-catalogue bench-upsert bench-ingest bench-edge

bench-catalogue: $(VENV)/.installed-soak
	$(BIN)/python devtools/backing_services.py $(MANAGE) bench_catalogue $(BENCH_CATALOGUE_ARGS)

# On bench-catalogue's database: after it, the 1,000,000 products it built (the first
# 100,000 of them re-dated if stale); on its own, it builds those 100,000 there.
bench-edge: $(VENV)/.installed-soak varnish wrk
	$(BIN)/python devtools/backing_services.py $(MANAGE) bench_catalogue --only=edge --size=100000 $(BENCH_EDGE_ARGS)

bench-upsert: install-test
	$(BIN)/python devtools/backing_services.py $(MANAGE) bench_upsert

bench-ingest: install-test
	$(BIN)/python devtools/backing_services.py $(MANAGE) migrate --noinput -v0
	$(BIN)/python devtools/backing_services.py $(MANAGE) bench_ingest $(BENCH_ARGS)

# 50 clients for 5 minutes by default; not part of `make test`. Writes docs/benchmarks.md.
soak: $(VENV)/.installed-soak
	$(BIN)/python devtools/backing_services.py $(MANAGE) soak $(SOAK_ARGS)

install-lint: $(LINT_VENV)/.installed

# checkov runs offline (--skip-download); its findings are fixed or justified in deploy/README.md.
lint: install-test install-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python devtools/backing_services.py $(BIN)/mypy .
	$(BIN)/python devtools/backing_services.py $(MANAGE) makemigrations --check --dry-run
	$(LINT_VENV)/bin/bandit -q -c pyproject.toml -r config products ingestion devtools
	$(LINT_VENV)/bin/python devtools/audit_requirements.py requirements/production.txt
	$(LINT_VENV)/bin/hadolint docker/Dockerfile
	$(LINT_VENV)/bin/cfn-lint deploy/*.yaml
	$(LINT_VENV)/bin/actionlint
	$(BIN)/pytest -q -p no:cacheprovider config/tests/test_deploy_files.py
	BC_SKIP_MAPPING=TRUE $(LINT_VENV)/bin/checkov --quiet --compact --skip-download \
		--framework cloudformation dockerfile github_actions \
		-d deploy -d .github -f docker/Dockerfile

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(UV)
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/tools.in -o requirements/tools.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/base.in -o requirements/base.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/production.in -o requirements/production.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/local.in -o requirements/local.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/test.in -o requirements/test.txt
	$(UV) pip compile --quiet --upgrade --generate-hashes --python-version 3.11 requirements/lint.in -o requirements/lint.txt

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
