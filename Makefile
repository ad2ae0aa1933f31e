# Open Beat. `make help` lists every target.

PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PELICAN = $(BIN)/pelican
PYTHON = $(BIN)/python

BASEDIR = $(CURDIR)
INPUTDIR ?= $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE = $(BASEDIR)/pelicanconf.py
PUBLISHCONF = $(BASEDIR)/publishconf.py

# Switches
PORT ?= 8000
DEBUG ?= 0
PYTEST_ARGS ?=
SSH_TARGET ?=
GITHUB_PAGES_BRANCH ?= gh-pages
TYPE ?=
TITLE ?=
FROM ?=
INBOX ?= $(BASEDIR)/inbox
N ?=

PELICANOPTS =
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

.PHONY: help html serve edit publish clean test test-fast lint linkcheck new bench syndicate listen \
	rsync_upload github browser-tools screenshots update-golden

help:
	@echo 'Open Beat: a police department transparency site.'
	@echo ''
	@echo '  make html          set up .venv (first run), build content/ into output/'
	@echo '  make test          set up the test tools (first run), run the whole test suite'
	@echo '  make test-fast     run only the fast tests (no site builds)'
	@echo '  make serve         preview on http://127.0.0.1:$(PORT)/; the page reloads after each edit'
	@echo '  make edit          the browser editor at http://127.0.0.1:$(PORT)/admin/, beside the preview'
	@echo '  make publish       build with publishconf.py (absolute URLs from SITEURL)'
	@echo '  make lint          check content/ for mistakes, without building'
	@echo '  make new TYPE=stories TITLE="Bike unit returns"   start a new post'
	@echo '  make new TYPE=qa FROM=URL       start an answer from a reply in the inbox'
	@echo '  make linkcheck     check that every internal link of output/ resolves'
	@echo '  make bench         print build times, preview times, memory and sizes against plain Pelican'
	@echo '  make syndicate     post new items of the social feed to Mastodon and Bluesky'
	@echo '  make listen        collect replies to our posts into inbox/'
	@echo '  make rsync_upload  publish, then copy output/ to SSH_TARGET=user@host:/path'
	@echo '  make github        publish, then push output/ to the $(GITHUB_PAGES_BRANCH) branch'
	@echo '  make browser-tools install Chromium, axe-core and the Nu checker (root, Debian)'
	@echo '  make screenshots   save PNGs of the main pages at desktop and phone widths'
	@echo '  make update-golden regenerate the golden pages and feeds of the tests'
	@echo '  make clean         remove output/ and the caches'
	@echo ''
	@echo 'Paths and switches: INPUTDIR=content OUTPUTDIR=output PORT=8000 DEBUG=1 PYTEST_ARGS="-k feeds" N=1000'

# The build's tools: Python packages, the core package (editable) and Node's Pagefind.
# Rebuilt whenever a requirements or lock file changes.
$(BIN)/.installed: requirements.txt package-lock.json pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --requirement requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --editable .
	@# npm ci empties node_modules first: keep the browser checks' tools when make browser-tools installed them.
	@if command -v npm >/dev/null; then npm ci $$([ -d node_modules/axe-core ] || echo --omit=dev) --no-audit --no-fund --loglevel=error; \
	else echo 'Node.js (npm) is not installed: the site builds without search. Install Node.js 18 or newer for search.'; fi
	touch $@

# The test tools on top of the build's.
$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --requirement requirements-dev.txt
	touch $@

html: $(BIN)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(BIN)/.installed
	$(PYTHON) scripts/serve.py "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" --port $(PORT)

edit: $(BIN)/.installed
	$(PYTHON) scripts/edit.py "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" --port $(PORT)

publish: $(BIN)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(PUBLISHCONF)" $(PELICANOPTS)
	$(PYTHON) scripts/precompress.py "$(OUTPUTDIR)"

# The tests run on every core (pytest-xdist), a test file's tests on one worker: it builds the sites
# the file shares once.
test: $(BIN)/.installed-dev
	$(PYTHON) -m pytest -n auto --dist loadfile $(PYTEST_ARGS)

test-fast: $(BIN)/.installed-dev
	$(PYTHON) -m pytest -n auto --dist loadfile -m "not build and not browser" $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(PYTHON) scripts/lint.py "$(INPUTDIR)"

new: $(BIN)/.installed
	$(PYTHON) scripts/new.py "$(TYPE)" "$(TITLE)" --content "$(INPUTDIR)" $(if $(FROM),--from "$(FROM)" --inbox "$(INBOX)")

linkcheck: $(BIN)/.installed
	$(PYTHON) scripts/linkcheck.py "$(OUTPUTDIR)"

bench: $(BIN)/.installed
	$(PYTHON) scripts/bench.py $(if $(N),--posts $(N))

syndicate: $(BIN)/.installed
	$(PYTHON) scripts/syndicate.py "$(OUTPUTDIR)/feeds/social.rss.xml"

listen: $(BIN)/.installed
	$(PYTHON) scripts/listen.py --inbox "$(INBOX)"

rsync_upload: publish
	test -n "$(SSH_TARGET)" || { echo 'Set SSH_TARGET=user@host:/var/www/site'; exit 2; }
	rsync -e ssh -P -rvzc --delete "$(OUTPUTDIR)/" "$(SSH_TARGET)" --cvs-exclude

github: publish
	$(BIN)/ghp-import -m "Publish the site" -b $(GITHUB_PAGES_BRANCH) "$(OUTPUTDIR)" --no-jekyll
	git push origin $(GITHUB_PAGES_BRANCH)

browser-tools:
	bash scripts/install-browser-tools.sh

screenshots: $(BIN)/.installed-dev html
	$(PYTHON) scripts/screenshots.py "$(OUTPUTDIR)"

update-golden: $(BIN)/.installed-dev
	UPDATE_GOLDEN=1 $(PYTHON) -m pytest -q tests/test_golden.py

clean:
	rm -rf "$(OUTPUTDIR)" "$(BASEDIR)/.cache"
