"""Property-based tests of `vanban check` and `vanban diff` on hostile input.

- any bytes given as a .docx (a rendered letter with bytes flipped, cut or replaced, XML parts with
  random text) give coded diagnostics, never an exception;
- any spec that loads can be checked, diffed against a seed and redlined without an exception.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from hypothesis import given, strategies as st

from vanban import ooxml
from vanban.checker import check_docx_bytes, check_document
from vanban.changes import diff_documents, format_changes
from vanban.changes.redline import redline_docx
from vanban.render.docx import render_docx
from vanban import load

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = (ROOT / "directives" / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
SEED = load(SEED_TEXT, name="seed.yaml")
DOCX = render_docx(SEED.document)
CODE = re.compile(r"^(VB\d{3}|ND30-[A-Za-z0-9đ.-]+)$")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


PARTS = _parts(DOCX)


@st.composite
def broken_docx(draw):
    kind = draw(st.sampled_from(["flip", "cut", "part"]))
    if kind == "flip":
        data = bytearray(DOCX)
        for _ in range(draw(st.integers(1, 20))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    if kind == "cut":
        return DOCX[: draw(st.integers(0, len(DOCX)))]
    name = draw(st.sampled_from(sorted(n for n in PARTS if n.endswith((".xml", ".rels")))))
    text = PARTS[name].decode("utf-8")
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 200)))
    text = text[:start] + draw(st.text(max_size=40)) + text[end:]
    return ooxml.replace_parts(DOCX, {name: text.encode("utf-8", "surrogatepass")})


@given(broken_docx())
def test_check_docx_never_raises(data):
    for diagnostic in check_docx_bytes(data, "x.docx"):
        assert CODE.match(diagnostic.code), diagnostic
        assert diagnostic.message


WORDS = st.sampled_from(["Ủy ban", "tỉnh", "Huyện", "Khoản 2", "điều 5", "Công văn số 12 / UBND - VX", "ngày 31/02/2021",
                         "f)", "V/v", "TM.", "KT.", "PCT", "TS.", "Sở", "lvt", "", " ", "Đ", "./.", "-", ";", "\u0301"])


@st.composite
def edited_spec(draw):
    lines = SEED_TEXT.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if ": " in line:
            key = line.split(": ", 1)[0]
            lines[i] = key + ": " + " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
        elif line.lstrip().startswith("- "):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = indent + "- " + " ".join(draw(st.lists(WORDS, min_size=1, max_size=4)))
    return "\n".join(lines) + "\n"


@given(edited_spec())
def test_check_diff_redline_never_raise(text):
    result = load(text, name="x.yaml")
    if not result.ok:
        return
    for diagnostic in check_document(result.document):
        assert CODE.match(diagnostic.code) and diagnostic.position is not None
    changes = diff_documents(SEED.document, result.document)
    assert format_changes(changes)
    data = redline_docx(SEED.document, result.document)
    assert ooxml.open_package(data).xml(ooxml.W_MAIN) is not None
