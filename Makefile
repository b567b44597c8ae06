# Quick start: `make demo` renders every spec in directives/ into out/; `make test` runs the fast tier of the
# suite (a minute or two), `make test-all` every tier (LibreOffice, fuzz, the installed wheel: what CI runs).
# All set up their own virtual environment in .venv on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup demo test test-all golden template schema clean

# The tiers left out of `make test` (pytest markers, see pyproject.toml).
FAST := not slow and not libreoffice and not fuzz and not wheel

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

# PDFs beside the .docx too when LibreOffice is installed (README: PDF and page previews), and one document issued
# end to end with throwaway DEMO keys: out/ban-hanh/out/cong-van.pdf (README: Ban hành văn bản điện tử).
demo: $(STAMP)
	@if $(PY) -c 'import sys, vanban.pdf.office as o; sys.exit(not o.available())'; then $(PY) build.py --pdf \
	&& $(PY) examples/ban-hanh/demo.py; \
	else echo "LibreOffice not installed: .docx only (see README for PDF)"; $(PY) build.py; fi

test: $(STAMP)
	$(PY) -m pytest -m "$(FAST)"

test-all: $(STAMP)
	$(PY) -m pytest

# Regenerate golden files after an intended rendering change (review the diff in git).
golden: $(STAMP)
	$(PY) -m pytest tests/golden --update-golden

# Rewrite vanban/templates/nd30.docx and schema/*.schema.json from the code.
template: $(STAMP)
	$(PY) -m vanban.render.template

schema: $(STAMP)
	$(PY) -m vanban schema -o schema/vanban.schema.json
	$(PY) -m vanban schema --danh-ba -o schema/danh-ba.schema.json

clean:
	rm -rf out build $(VENV) *.egg-info
