# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Both create .venv from the repo's own files (requirements.lock, hash-checked) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_HOME ?= $(CURDIR)/.safeset/prefect
export SAFESET_HOME ?= $(CURDIR)/.safeset
# No telemetry variables here: every entry point calls anonymizers.offline.configure_offline
# before it loads Prefect or Presidio (the command line, tests/conftest.py, bench).

.PHONY: demo test test-fast lint format docs eval bench lock clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python samples/make_samples.py --out samples
	@test -f $(SAFESET_HOME)/keys/pseudonym.key || $(BIN)/safeset keys init --demo
	$(BIN)/safeset run samples/ --config configs/default.yaml --out out --dataset demo

test: $(STAMP) lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The inner loop: no spaCy model, no Prefect server (tests marked model or slow are left out).
test-fast: $(STAMP) lint
	SAFESET_TEST_FAST=1 $(BIN)/python -m pytest -q -p no:cacheprovider -m "not slow and not model"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# docs/ENGINE.md's module map, from the module docstrings (tests/test_docs.py checks it).
docs: $(STAMP)
	$(BIN)/python -m docs.engine_modules

eval: $(STAMP)
	$(BIN)/python -m bench.eval_detection

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Re-resolve the lock (needs uv; pins the spaCy model to its wheel's hash only).
lock:
	uv pip compile requirements.in --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) out .safeset
