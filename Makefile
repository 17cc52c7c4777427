# Two commands matter: `make run` (the demo) and `make test` (the whole suite). Both install first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/reader --demo

# loadgroup: the sync tests share one real Miniflux, so they run on one worker (xdist_group "miniflux").
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadgroup -q -p no:cacheprovider

lint: $(STAMP)
	$(VENV)/bin/ruff check reader tests benchmarks
	$(VENV)/bin/mypy

check: lint test

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
