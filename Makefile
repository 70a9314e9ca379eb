# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: run test test-all install bench screenshots demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

run: install
	$(PY) main.py

test: install
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

test-all: install
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider -m ""

demo: install
	$(PY) main.py demo --out out/demo

bench: install
	$(PY) -m pip install -q -e ".[test,bench]"
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

screenshots: install
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots

clean:
	rm -rf $(VENV) out build *.egg-info
