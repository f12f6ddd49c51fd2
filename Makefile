# np6-pulumi: `make demo` runs the main job, `make test` runs every test. Both set up a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: setup toolchain demo test lint typecheck unit e2e bench clean

setup: $(STAMP) toolchain

$(STAMP): requirements.txt pyproject.toml
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

toolchain:
	@scripts/install-pulumi.sh >/dev/null

demo: setup
	scripts/demo.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy np6_provider np6_emulator stacks benchmarks scripts/gen_docs.py __main__.py tests

test: setup lint typecheck
	scripts/test.sh

bench: setup
	scripts/bench.sh

clean:
	rm -rf .pulumi-state .pulumi-home .np6-emulator .mypy_cache .ruff_cache .pytest_cache .hypothesis
