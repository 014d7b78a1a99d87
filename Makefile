# kis-binding: `make demo` and `make test` are the README's two set-up commands.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install generate golden check lint typecheck test demo bench clean

# A new top-level package needs a reinstall for the editable install to find it.
$(STAMP): pyproject.toml src/kis_sim/__init__.py
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(PY) -m codegen generate --spec spec --out generated
	$(PY) -m codegen coverage --spec spec -o docs/coverage.md
	$(PY) -m codegen reference --spec spec -o docs/reference

# The generator's golden fixture (tests/golden): rewrite it after a template change, review the diff.
golden: $(STAMP)
	$(PY) -m codegen generate --spec tests/golden/spec --out tests/golden/expected

lint: $(STAMP)
	$(PY) -m ruff check src codegen tests generated bench
	$(PY) -m ruff format --check src codegen tests generated bench

typecheck: $(STAMP)
	$(PY) -m mypy src/kis_runtime src/kis_sim generated/kis codegen

check: lint typecheck
	$(PY) -m codegen check --spec spec --out generated
	$(PY) -m codegen coverage --spec spec -o docs/coverage.md --check
	$(PY) -m codegen reference --spec spec -o docs/reference --check

test: $(STAMP)
	$(PY) -m pytest

# Starts the simulator, pages 퇴직연금 잔고조회 through the binding, prints it, stops.
demo: generate
	$(PY) -m kis_sim.demo

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
