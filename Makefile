# kis-binding: `make demo` and `make test` are the README's two set-up commands.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install generate check lint typecheck test demo bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

generate: $(STAMP)
	$(PY) -m codegen generate --spec spec --out generated
	$(PY) -m codegen coverage --spec spec -o docs/coverage.md

lint: $(STAMP)
	$(PY) -m ruff check src codegen tests generated
	$(PY) -m ruff format --check src codegen tests generated

typecheck: $(STAMP)
	$(PY) -m mypy src/kis_runtime generated/kis codegen

check: lint typecheck
	$(PY) -m codegen check --spec spec --out generated
	$(PY) -m codegen coverage --spec spec -o docs/coverage.md --check

test: $(STAMP)
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
