# innokg: make run (build the store and ask one question), make test.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build run test clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes (the package itself is editable).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

install: $(STAMP)

build: install
	$(BIN)/innokg build

# make run PORT=9000 serves on another port (innokg serve says so in one line when the port is taken).
PORT ?= 8000
run: build
	$(BIN)/innokg serve --port $(PORT)

# The browser tests drive Debian's chromium (never a downloaded one); they fail, never skip, without it.
browser:
	@test -x /usr/bin/chromium || { (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk) >/dev/null \
	  || echo "make: could not install chromium and fonts-noto-cjk with apt-get (run as root on Debian); the browser tests will fail"; }

test: install browser
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
