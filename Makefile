# Quick start: `make demo` renders every spec in directives/ into out/; `make test` runs the whole suite.
# Both set up their own virtual environment in .venv on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test golden template schema clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(PY) build.py

test: $(STAMP)
	$(PY) -m pytest

# Regenerate golden files after an intended rendering change (review the diff in git).
golden: $(STAMP)
	$(PY) -m pytest tests/golden --update-golden

# Rewrite templates/nd30.docx and schema/vanban.schema.json from the code.
template: $(STAMP)
	$(PY) -m vanban.render.template

schema: $(STAMP)
	$(PY) -m vanban schema > schema/vanban.schema.json

clean:
	rm -rf out $(VENV) *.egg-info
