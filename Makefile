# The README's two commands: `make run` and `make test`. Each does the whole
# set-up first (a virtualenv, the requirements, a browser) so a fresh clone needs
# nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

.PHONY: run test test-fast bench browser setup test-tools clean

run: setup
	$(BIN)/python -m backend serve

test: setup
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

bench: setup
	$(BIN)/python -m bench

setup: $(READY) browser test-tools

# web-ext (Mozilla's extension linter) for the extension tests, when npm is here.
TEST_TOOLS := tests/extension/node_modules/.bin/web-ext
test-tools: $(TEST_TOOLS)
$(TEST_TOOLS): tests/extension/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/extension --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the extension tests fall back to a schema check of the manifest"; fi

$(READY): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip wheel "setuptools<81"
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps face-recognition==1.3.0
	$(BIN)/pip install --quiet --no-deps mediapipe==0.10.14 ai-edge-litert==2.3.0
	touch $(READY)

browser:
	@scripts/ensure-browser

clean:
	rm -rf $(VENV)
