# Yingcai: `make demo` serves the Chongqing 2020 demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test test-fast bench lint format messages clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The benchmarks' references (OR-Tools), on top of the development install.
$(VENV)/.installed-bench: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The demo runs as in production (DEBUG off, static files from WhiteNoise) but
# over plain HTTP on the loopback address. `yingcai serve` starts the web server and the
# task worker (mail, recommendations, exports) side by side; Ctrl-C stops both.
demo: install
	HTTPS=0 $(BIN)/yingcai migrate --no-input
	HTTPS=0 $(BIN)/yingcai collectstatic --no-input --verbosity 0
	HTTPS=0 $(BIN)/yingcai demo --preset chongqing2020 --if-empty
	HTTPS=0 $(BIN)/yingcai refresh_recommendations --all --if-empty
	HTTPS=0 $(BIN)/yingcai serve $(HOST):$(PORT)

serve: install
	HTTPS=0 $(BIN)/yingcai serve $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist: each worker has its own test database and var
# folder); `make test TEST_WORKERS=0` runs it in one process. On PostgreSQL, where the race
# tests run, it also measures the services and rules modules and fails when a refusal in them
# is executed by no test (tests/coverage_gate.py).
TEST_WORKERS ?= auto
ifneq ($(findstring postgres,$(DATABASE_URL)),)
REFUSAL_GATE := 1
endif

test: install
ifdef REFUSAL_GATE
	$(BIN)/pytest -n $(TEST_WORKERS) --cov --cov-report=
	$(BIN)/python tests/coverage_gate.py
else
	$(BIN)/pytest -n $(TEST_WORKERS)
endif

# Everything but the real-browser tests.
test-fast: install
	$(BIN)/pytest -n $(TEST_WORKERS) -m "not browser"

bench: install $(VENV)/.installed-bench
	$(BIN)/python benchmarks/run.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Developers only (needs GNU gettext): refresh the catalogues after changing strings.
messages: install
	cd src/yingcai && HTTPS=0 ../../$(BIN)/yingcai makemessages --locale zh_Hans --locale en --no-obsolete --add-location file
	cd src/yingcai && HTTPS=0 ../../$(BIN)/yingcai makemessages --domain djangojs --locale zh_Hans --locale en --no-obsolete
	cd src/yingcai && HTTPS=0 ../../$(BIN)/yingcai compilemessages

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .coverage .coverage.*
