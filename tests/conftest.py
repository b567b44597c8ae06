from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from vanban import ooxml
from vanban.render.docx import render_docx
from vanban import load

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVES = ROOT / "directives"
SEEDS = Path(__file__).resolve().parent / "fixtures" / "seeds"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/golden/data from the current renderer")


@pytest.fixture(scope="session")
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


class Rendered:
    """A rendered .docx opened for reading back (parts parsed with the safe parser)."""

    def __init__(self, data: bytes):
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = ooxml.parse_xml(self.zip.read("word/document.xml"))
        self.styles = ooxml.StyleSheet(ooxml.parse_xml(self.zip.read("word/styles.xml")))

    def part(self, name: str):
        return ooxml.parse_xml(self.zip.read(name))

    @property
    def paragraphs(self):
        return ooxml.body_paragraphs(self.document)

    def find(self, text: str):
        """The first paragraph whose text starts with ``text``."""
        for p in self.paragraphs:
            if ooxml.paragraph_text(p).startswith(text):
                return p
        raise AssertionError(f"no paragraph starts with {text!r}")

    def run_props(self, p):
        runs = ooxml.text_runs(p)
        assert runs, "paragraph has no text run"
        return [self.styles.run_props(p, r) for r in runs]


def directive_specs() -> list[Path]:
    return sorted(DIRECTIVES.glob("*.yaml"))


@pytest.fixture(scope="session")
def rendered() -> dict[str, Rendered]:
    out = {}
    for spec in directive_specs():
        result = load(spec)
        assert result.ok, [d.format() for d in result.diagnostics]
        out[spec.stem] = Rendered(render_docx(result.document))
    return out
