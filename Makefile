# Wumei: the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-test lint bench vendor clean

$(BIN)/python:
	@# Debian ships venv separately (python3-venv); install it when we can, else say what is missing.
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else echo "请先安装 python3-venv：sudo apt-get install python3-venv"; exit 1; fi; }
	$(BIN)/pip install --quiet --upgrade pip

# Debian packages Wumei uses at run time: WeasyPrint's Pango, CJK fonts for official documents.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk fonts-arphic-ukai
$(VENV)/.system: | $(BIN)/python
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "请先安装系统软件包：sudo apt-get install $$missing"; exit 1; fi; fi
	touch $@

$(VENV)/.installed: requirements/base.txt pyproject.toml $(VENV)/.system | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## make demo: install, migrate, load the demo county, start the job worker and the server, print the demo accounts.
## The worker (huey, renders documents) runs in the background and stops when the server stops.
demo: install
	WUMEI_DEMO=1 $(BIN)/wumei migrate --no-input -v0
	WUMEI_DEMO=1 $(BIN)/wumei load_demo --seed 1
	WUMEI_DEMO=1 $(BIN)/wumei collectstatic --no-input -v0
	@WUMEI_DEMO=1 $(BIN)/wumei run_huey --workers 1 --worker-type thread --quiet & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	WUMEI_DEMO=1 WUMEI_DEBUG=0 $(BIN)/wumei runserver --nostatic --noreload $(HOST):$(PORT)

## make test: install what the tests need and run the whole suite.
## Static analysis first (docs/security.md, "Static analysis"): ruff, bandit, the dependency audit.
test: lint
	$(BIN)/wumei makemigrations --check --dry-run -v0
	$(BIN)/pytest -q

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/bandit -r wumei -c pyproject.toml -q
	$(BIN)/python scripts/audit_deps.py

## make bench: build the county/city/province scales on SQLite and PostgreSQL and write bench/results/.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432/wumei_bench
bench: install-test
	rm -f bench/tmp/bench.sqlite3*
	$(BIN)/python bench/run.py --name sqlite --database-url sqlite:///$(CURDIR)/bench/tmp/bench.sqlite3
	-psql "$(dir $(BENCH_PG))postgres" -qc "DROP DATABASE IF EXISTS $(notdir $(BENCH_PG))"
	psql "$(dir $(BENCH_PG))postgres" -qc "CREATE DATABASE $(notdir $(BENCH_PG))"
	$(BIN)/python bench/run.py --name postgresql --database-url $(BENCH_PG)

vendor:
	./scripts/vendor.sh

clean:
	rm -rf $(VENV) var
