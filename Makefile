# Two entry points for a fresh clone: `make serve` and `make test` (see README.md).
# Both create .venv and install requirements.txt when it (or constraints.txt) changed, then do their job.

# The course is checked with Python 3.11; any newer Python 3 works too.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SETUP := $(VENV)/.installed

# Quiet builds and kernels: no MkDocs 2 banner, no TensorFlow start-up logs.
export NO_MKDOCS_2_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0

.DEFAULT_GOAL := help
.PHONY: help setup serve test test-cold test-backends check page build pdf diagrams translations benchmark clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

setup: $(SETUP) ## Create .venv with the pinned requirements (only when they changed)

$(SETUP): requirements.txt constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

serve: $(SETUP) ## Serve both languages at http://127.0.0.1:8000/ (English at /en/), reloading on edits
	@# --dirty: an edit rebuilds only the edited page (about 1.5 s instead of 5 s for the whole course)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

test: $(SETUP) ## Run every test on every core: snippets, lessons, parity, strict build, browser, links, contributor mistakes
	@# loadscope: the snippets of a page share a namespace, so a page (a module) stays on one
	@# worker, while the two classes of tests/site/test_every_page.py go to two
	$(BIN)/python -m pytest -n auto --dist loadscope

test-cold: $(SETUP) ## The same, ignoring every remembered result (tooling/results.py): every page run again
	COURSE_COLD=1 $(BIN)/python -m pytest -n auto --dist loadscope

# JAX and PyTorch live outside .venv: installed into a folder of their own, with the
# main venv's Python, and put on the PYTHONPATH of the processes that check them only.
BACKENDS := .cache/backends/site-packages
BACKENDS_SETUP := $(BACKENDS)/.installed

$(BACKENDS_SETUP): requirements-backends.txt $(SETUP)
	rm -rf $(BACKENDS)
	$(BIN)/python -m pip install --quiet --no-deps --target $(BACKENDS) -r requirements-backends.txt
	PYTHONPATH=$(BACKENDS) $(BIN)/python -m pip check
	touch $@

test-backends: $(BACKENDS_SETUP) ## Run every page and lesson on JAX and PyTorch too, and update docs/backends.json
	$(BIN)/python -m tooling.backend_run --site-packages $(BACKENDS)

check: $(SETUP) ## Seconds, no TensorFlow: lint and format of the machinery, parity, fences, Markdown links, glossary, tooling tests, translation status
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/python -m pytest -q -p no:xdist tests/tooling tests/course
	@$(BIN)/python -m tooling.translation_status

page: $(SETUP) ## Run the code of one page (make page PAGE=layers) and check its translations
	@test -n "$(PAGE)" || { echo "usage: make page PAGE=layers   (a page of docs/<source language>/, without .md)"; exit 2; }
	$(BIN)/python -m pytest -q -p no:xdist docs/$$($(BIN)/python -c 'from tooling.languages import COURSE; print(COURSE.source)')/$(PAGE).md tests/course

build: $(SETUP) ## Build the site into site/ with --strict
	$(BIN)/mkdocs build --strict

pdf: $(SETUP) ## Build the site, then print the whole course into it: one PDF per language, at its root (tooling/pdf.py)
	COURSE_PDF=1 $(BIN)/mkdocs build --strict
	$(BIN)/python -m tooling.pdf site

diagrams: $(SETUP) ## Redraw the model diagrams (<!-- model-diagram: ... --> in the pages) from their models
	COURSE_UPDATE_DIAGRAMS=1 $(BIN)/python -m pytest -q -n auto --dist loadfile docs

translations: $(SETUP) ## List the translated pages whose source changed since they were translated
	$(BIN)/python -m tooling.translation_status

LIGHTHOUSE := benchmarks/lighthouse/node_modules/.installed

$(LIGHTHOUSE): benchmarks/lighthouse/package-lock.json
	npm ci --prefix benchmarks/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

benchmark: $(SETUP) $(LIGHTHOUSE) ## Print build, test, page-size and Lighthouse figures (medians of several runs)
	$(BIN)/python benchmarks/measure.py

clean: ## Remove the built site and the caches (not .venv)
	rm -rf site .cache
