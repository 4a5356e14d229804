# The project's entry points. `make generate` and `make test` set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)

.PHONY: generate test lint typecheck unit check-drift update-golden env node bench bench-goals changelog update-spec

generate: $(STAMP)
	$(PY) -m generator generate

env: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -f node_modules/.installed-* && touch $@

# The last line checks generated/ is black-stable (the generator formats with ruff, and
# with black where ruff's text would not be black's: generator/format.py).
lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/black --check --quiet generator tests
	cd generated && ../$(BIN)/ruff check .
	$(BIN)/black --check --quiet --line-length 88 --target-version py311 generated/telnyx_client

typecheck: $(STAMP)
	$(BIN)/mypy generator
	cd generated && ../$(BIN)/mypy telnyx_client

unit: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -q

test: lint typecheck unit check-drift

check-drift: $(STAMP)
	$(PY) -m generator.drift generated

update-golden: $(STAMP)
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/golden

# Benchmarks against the peers (slow: tens of minutes); writes bench/RESULTS.md and bench/scale.png.
# Installs the pinned peers into .bench/venvs/ on first use.
bench: $(STAMP)
	$(PY) -m bench

# The API changelog (Markdown on stdout, suggested semver bump on stderr).
# Default: committed generated/ against the pinned spec; `make changelog OLD=a.yml NEW=b.yml`.
changelog: $(STAMP)
	$(PY) -m generator diff $(OLD) $(NEW)

# Pin a new upstream spec: `make update-spec COMMIT=<sha>` (the pinned URL at that
# commit) or `make update-spec URL=<url>`; regenerates and prints the changelog.
update-spec: $(STAMP)
	$(PY) -m generator update-spec $(if $(URL),--url '$(URL)',--commit '$(COMMIT)')

# The generation-speed goals alone (cold vs openapi-python-client, fresh clone, no change,
# spec update): a few minutes; writes .bench/goals.md (bench/RESULTS.md is `make bench`'s).
bench-goals: $(STAMP)
	$(PY) -m bench --only goals --out .bench/goals.md
