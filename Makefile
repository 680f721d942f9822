# Two entry points for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint system-deps bench clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,inspect]"
	# An editable install compiles nothing; where PYTHONDONTWRITEBYTECODE is set no .pyc
	# is ever written, and every command compiled the package again (0.4 s each).
	$(BIN)/python -m compileall -q compliance >/dev/null
	touch $(STAMP)

# PDF rendering needs Pango (WeasyPrint) and, for reproducible font subsetting,
# HarfBuzz's subset library; pdftoppm is used to look at pages. The packet site's tests
# drive Debian's headless Chromium through its chromedriver (a separate, best-effort step:
# without them those tests skip). Best effort: skipped where apt is unavailable or we are
# not root.
system-deps:
	@if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  dpkg -s libharfbuzz-subset0 poppler-utils libpango-1.0-0 fonts-dejavu-core >/dev/null 2>&1 || \
	  { apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
	    libharfbuzz-subset0 poppler-utils fonts-dejavu-core >/dev/null; }; \
	  dpkg -s chromium chromium-driver >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver >/dev/null; } || \
	  echo "chromium not installed: the browser tests of the packet site will skip"; \
	fi

# axe-core (accessibility rules) for the packet site's browser tests, pinned, into a
# project-local folder; best effort: without npm the accessibility test skips.
AXE := .cache/axe/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.12.1
$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@$(AXE_VERSION) \
	  || echo "axe-core not installed: the accessibility test will skip"; \
	else echo "npm not found: the accessibility test will skip"; fi

# check exits 1 (gaps found) and gate exits 3 (CONDITIONAL GO) on the example: that
# is the point of the demo, so their exit codes do not stop the build.
demo: system-deps $(STAMP)
	-$(BIN)/compliance check
	-$(BIN)/compliance gate
	$(BIN)/compliance build --out build/
	$(BIN)/compliance build incident-report INC-2026-029 --out build/

test: system-deps $(STAMP) $(AXE)
	$(BIN)/ruff check compliance tests benchmarks
	$(BIN)/ruff format --check compliance tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check compliance tests benchmarks
	$(BIN)/ruff format --check compliance tests benchmarks
	$(BIN)/lint-imports

# Benchmarks on a generated large workspace (not part of the test suite; ~6 minutes).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf build $(VENV) .cache
