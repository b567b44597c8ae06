"""The bytes of a large form's outputs, recorded: a faster writer must write the same files (issue 13, point 13).

The form of ``tests/fixtures/forms/bao-cao-xa.yaml`` with 1,000 generated rows of every kind (numbers, blanks to
fill, texts with spaces or a leading "=", dates, computed columns), flat and in groups, gives a .docx, the
workbook of every form and one recipient's workbook; the SHA-256 of each is recorded in ``bytes.json``. A change
of how rows are written (``vanban/ooxml/tables.py``, ``vanban/forms/rowwriter.py``) that is meant to be a speed-up
only must leave them as they are. After an intended change of the output, ``make golden`` records the new ones
(review that the change was meant).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import io

import pytest

from vanban import load, render_docx, ooxml
from vanban.forms import xlsx
from vanban.forms.xlsx import build_workbook
from conftest import plain_workbook_writer

ROOT = Path(__file__).resolve().parents[2]
FORM = ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml"
RECORD = Path(__file__).resolve().parent / "bytes.json"


def _row(i: int) -> str:
    if i % 11 == 0:
        return "{}"
    if i % 7 == 0:
        return f'{{khu_vuc: "  = thôn {i}  ", so_dan: "1.234", ngay_so_lieu: 2020-08-{1 + i % 28:02d}}}'
    if i % 5 == 0:
        return f'{{khu_vuc: "=SUM(A1:A{i})", tong_so: {i}, da_cai: {i}, ghi_chu: "a & <b> \\"c\\""}}'
    return f"{{khu_vuc: Thôn {i}, tong_so: {100 + i}, da_cai: {i % 100}}}"


def form_text(grouped: bool, rows: int = 1000) -> str:
    """The fixture's letter with ``rows`` generated rows (in groups of 50 when ``grouped``)."""
    text = FORM.read_text(encoding="utf-8")
    head, rest = text.split("    dong:\n", 1)
    tail = rest[rest.index("    tong_cong:"):]
    if grouped:
        body = ""
        for g in range(rows // 50):
            body += f"      - nhom: Nhóm {g + 1}\n        dong:\n"
            body += "".join(f"          - {_row(g * 50 + i)}\n" for i in range(1, 51))
    else:
        body = "".join(f"      - {_row(i)}\n" for i in range(1, rows + 1))
    return head + "    dong:\n" + body + tail


def _document(grouped: bool, rows: int = 1000):
    result = load(form_text(grouped, rows), name="bao-cao.yaml")
    assert result.ok, [d.format() for d in result.diagnostics.errors][:3]
    return result.document


def _outputs(grouped: bool) -> dict[str, str]:
    document = _document(grouped)
    recipient = document.attachments[0].recipients[0]
    files = {"docx": render_docx(document), "xlsx": build_workbook(document, "bao-cao"),
             f"xlsx {recipient.code}": build_workbook(document, "bao-cao", recipient)}
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


@pytest.mark.golden
def test_large_form_outputs_keep_their_bytes(update_golden):
    actual = {kind: _outputs(kind == "grouped") for kind in ("flat", "grouped")}
    if update_golden:
        RECORD.write_text(json.dumps(actual, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert actual == json.loads(RECORD.read_text(encoding="utf-8")), \
        "the outputs of a large form changed (make golden after an intended change)"


@pytest.mark.parametrize("grouped", [False, True], ids=["flat", "grouped"])
def test_item_rows_are_the_bytes_openpyxl_writes(grouped, monkeypatch):
    """The row writer's workbook is the one openpyxl's own writer makes of the same cells."""
    document = _document(grouped, rows=300)
    recipient = document.attachments[0].recipients[0]
    fast = [build_workbook(document, "bao-cao"), build_workbook(document, "bao-cao", recipient)]
    monkeypatch.setattr(xlsx, "FormWriter", plain_workbook_writer())
    assert fast == [build_workbook(document, "bao-cao"), build_workbook(document, "bao-cao", recipient)]


def test_save_document_writes_what_python_docx_saves(monkeypatch):
    """save_document deflates each member once; the package is the one ``Document.save`` then a deterministic
    re-pack made (the same members in the same order, the same bytes)."""
    document = _document(True, rows=100)
    saved = []

    def through_python_docx(d):
        replace = ooxml.parts.finish(d)
        buf = io.BytesIO()
        d.save(buf)
        saved.append(ooxml.replace_parts(buf.getvalue(), replace))
        return saved[-1]

    fast = render_docx(document)
    monkeypatch.setattr(ooxml, "save_document", through_python_docx)
    assert render_docx(document) == fast and saved
