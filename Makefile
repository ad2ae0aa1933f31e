# Open Beat. `make help` lists every target.

PY ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
PELICAN = $(BIN)/pelican
PYTHON = $(BIN)/python

BASEDIR = $(CURDIR)
INPUTDIR = $(BASEDIR)/content
OUTPUTDIR = $(BASEDIR)/output
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

PELICANOPTS =
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

.PHONY: help html serve publish clean test lint linkcheck new bench syndicate rsync_upload github browser-tools screenshots update-golden

help:
	@echo 'Open Beat: a police department transparency site.'
	@echo ''
	@echo '  make html          set up .venv (first run), build content/ into output/'
	@echo '  make test          set up .venv (first run), run the whole test suite'
	@echo '  make serve         preview on http://127.0.0.1:$(PORT)/, rebuilding on every change'
	@echo '  make publish       build with publishconf.py (absolute URLs from SITEURL)'
	@echo '  make lint          check content/ for mistakes, without building'
	@echo '  make new TYPE=stories TITLE="Bike unit returns"   start a new post'
	@echo '  make linkcheck     check that every internal link of output/ resolves'
	@echo '  make bench         print build times and page weights'
	@echo '  make syndicate     post new items of the social feed to Mastodon and Bluesky'
	@echo '  make rsync_upload  publish, then copy output/ to SSH_TARGET=user@host:/path'
	@echo '  make github        publish, then push output/ to the $(GITHUB_PAGES_BRANCH) branch'
	@echo '  make browser-tools install Chromium, axe-core and the Nu checker (root, Debian)'
	@echo '  make screenshots   save PNGs of the main pages at desktop and phone widths'
	@echo '  make update-golden regenerate the golden pages and feeds of the tests'
	@echo '  make clean         remove output/ and the image and card caches'
	@echo ''
	@echo 'Switches: PORT=8000  DEBUG=1 (verbose build)  PYTEST_ARGS="-k feeds"'

# The virtual environment is rebuilt whenever requirements.txt changes.
$(BIN)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --requirement requirements.txt
	touch $@

html: $(BIN)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(BIN)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS) --autoreload --listen --bind 127.0.0.1 --port $(PORT)

publish: $(BIN)/.installed
	$(PELICAN) "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(PUBLISHCONF)" $(PELICANOPTS)
	$(PYTHON) scripts/precompress.py "$(OUTPUTDIR)"

test: $(BIN)/.installed
	$(PYTHON) -m pytest $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(PYTHON) scripts/lint.py "$(INPUTDIR)"

new: $(BIN)/.installed
	$(PYTHON) scripts/new.py "$(TYPE)" "$(TITLE)" --content "$(INPUTDIR)"

linkcheck: $(BIN)/.installed
	$(PYTHON) scripts/linkcheck.py "$(OUTPUTDIR)"

bench: $(BIN)/.installed
	$(PYTHON) scripts/bench.py

syndicate: $(BIN)/.installed
	$(PYTHON) scripts/syndicate.py "$(OUTPUTDIR)/feeds/social.rss.xml"

rsync_upload: publish
	test -n "$(SSH_TARGET)" || { echo 'Set SSH_TARGET=user@host:/var/www/site'; exit 2; }
	rsync -e ssh -P -rvzc --delete "$(OUTPUTDIR)/" "$(SSH_TARGET)" --cvs-exclude

github: publish
	$(BIN)/ghp-import -m "Publish the site" -b $(GITHUB_PAGES_BRANCH) "$(OUTPUTDIR)" --no-jekyll
	git push origin $(GITHUB_PAGES_BRANCH)

browser-tools:
	bash scripts/install-browser-tools.sh

screenshots: $(BIN)/.installed html
	$(PYTHON) scripts/screenshots.py "$(OUTPUTDIR)"

update-golden: $(BIN)/.installed
	UPDATE_GOLDEN=1 $(PYTHON) -m pytest -q tests/test_golden.py

clean:
	rm -rf "$(OUTPUTDIR)" "$(BASEDIR)/.cache"
