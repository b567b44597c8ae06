"""Golden files: each spec in directives/ → .docx parts, compared as canonical XML.

Regenerate after an intended change with ``pytest tests/golden --update-golden`` and review
the diff of tests/golden/data in git.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vanban import ooxml
from conftest import directive_specs

DATA = Path(__file__).resolve().parent / "data"
PARTS = ("word/document.xml", "word/header1.xml", "word/header2.xml", "word/footer1.xml", "word/footer2.xml",
         "word/_rels/document.xml.rels",
         "docProps/core.xml", "[Content_Types].xml")


def _name(part: str) -> str:
    return part.replace("/", "__").replace("[", "").replace("]", "")


@pytest.mark.golden
@pytest.mark.parametrize("spec", directive_specs(), ids=lambda p: p.stem)
def test_golden(rendered, spec, update_golden):
    doc = rendered[spec.stem]
    folder = DATA / spec.stem
    names = set(doc.zip.namelist())
    for part in PARTS:
        if part not in names:
            continue
        actual = ooxml.canonical_xml(doc.zip.read(part))
        path = folder / (_name(part) + ".xml" if not part.endswith(".xml") else _name(part))
        if update_golden:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual + "\n", encoding="utf-8")
            continue
        assert path.exists(), f"no golden file {path}; run pytest --update-golden"
        expected = path.read_text(encoding="utf-8").rstrip("\n")
        assert actual == expected, f"{spec.stem}: {part} differs from {path} (pytest --update-golden)"
