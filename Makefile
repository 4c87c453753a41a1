# Two commands on a fresh machine: `make site` and `make test`.
VENV      := .venv
PYTHON    := $(VENV)/bin/python
ANNALS    := $(VENV)/bin/annals
SYSPYTHON ?= python3
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: site internal archive check serve edit test deps test-deps browser nginx observatory host clean schema benchmark benchmark-draft golden zensical zensical-deps lint

site: deps ## Build the public site (site/) and the offline archive (dist/), checking the records once
	$(ANNALS) build --archive


internal: deps ## Build the internal reference (site-internal/)
	$(ANNALS) build --audience internal

archive: deps
	$(ANNALS) archive


check: deps
	$(ANNALS) check

serve: deps
	$(ANNALS) serve

edit: deps ## Edit records and review drafts in the browser (Decap CMS), with the live preview beside it
	$(ANNALS) edit

schema: deps
	$(ANNALS) schema

test: test-deps lint
	$(PYTHON) -m pytest

lint: test-deps ## ruff: unused and undefined names, common mistakes
	$(PYTHON) -m ruff check scripts tests

golden: deps ## Regenerate the golden pages of tests/golden/ after an intended change (review the diff)
	cd tests && ../$(PYTHON) test_golden.py && ../$(PYTHON) test_downloads.py

benchmark: test-deps benchmark-draft
	$(PYTHON) scripts/benchmark.py
	$(PYTHON) scripts/benchmark_statistics.py
	$(PYTHON) scripts/benchmark_engines.py

benchmark-draft: deps ## How well `annals draft` reads yearbook prose (corpus in ../shared/draft-corpus/)
	$(PYTHON) scripts/benchmark_draft.py

zensical: deps zensical-deps ## Build the public site with the second engine, Zensical
	$(ANNALS) build --engine zensical

zensical-deps: $(VENV)/.zensical-installed

$(VENV)/.zensical-installed: requirements-zensical.txt $(VENV)/.deps-installed
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	touch $@

deps: $(VENV)/.deps-installed node_modules/.installed

$(VENV)/.deps-installed: requirements.txt pyproject.toml
	$(SYSPYTHON) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test-deps: deps $(VENV)/.test-deps-installed zensical-deps browser nginx observatory

$(VENV)/.test-deps-installed: requirements-test.txt $(VENV)/.deps-installed
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

browser: ## Debian's Chromium for the browser tests, and a Chinese font so that text is measured as visitors see it
	@{ command -v chromium >/dev/null 2>&1 && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; } || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null; }

nginx: ## Debian's nginx for `annals host` and the hosting tests (its system service is left stopped)
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null && \
	  { ! systemctl is-active --quiet nginx 2>/dev/null || $(SUDO) systemctl disable --now nginx; }; }

host: deps nginx ## nginx with the production configuration on 127.0.0.1 (public :8443, internal :8444)
	$(ANNALS) host

OBSERVATORY := tools/observatory

observatory: $(OBSERVATORY)/node_modules/.installed ## The MDN HTTP Observatory scanner, in its own folder

# Its install script downloads CA and HSTS preload data: scripts stay off, the preload list is empty.
$(OBSERVATORY)/node_modules/.installed: $(OBSERVATORY)/package.json $(OBSERVATORY)/package-lock.json
	cd $(OBSERVATORY) && npm ci --ignore-scripts --no-audit --no-fund --silent
	echo '{}' > $(OBSERVATORY)/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json
	touch $@

clean:
	rm -rf site site-internal dist .cache
	rm -f .site.annals-build.json .site-internal.annals-build.json
