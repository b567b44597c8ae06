"""Untrusted .docx input: zip bombs, huge parts, too many members, entities and corrupt files are refused
with a coded error (never a traceback, never inflating the bomb)."""

from __future__ import annotations

import zipfile

import pytest

from vanban import ooxml
from vanban.checker import check_docx_bytes

from conftest import zip_bytes


def _code(data: bytes) -> tuple[str, str]:
    with pytest.raises(ooxml.PackageError) as exc:
        ooxml.open_package(data).xml(ooxml.W_MAIN)
    return exc.value.code, exc.value.message


def test_not_a_zip():
    code, message = _code(b"this is not a word file")
    assert code == "VB701" and message.startswith("không phải tệp .docx hợp lệ")


def test_truncated_docx_is_reported(rendered):
    data = rendered["003-thai-binh-bluezone"].data
    assert [(d.code, d.severity.value) for d in check_docx_bytes(data[: len(data) // 2], "cut.docx")] == [
        ("VB701", "error")]


def test_zip_without_document_part():
    assert _code(zip_bytes({"hello.txt": b"hi"}))[0] == "VB703"


@pytest.mark.parametrize("xml", [
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:bodx/></w:document>',
    b'<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:body>',
    b'<document><body/></document>',
])
def test_a_document_part_without_its_body_is_vb703_also_for_the_checker(xml):
    """Found by the fuzz campaign of 2026-12-07: a document part whose w:body was renamed made `check` raise
    AttributeError (exit 70)."""
    assert _code(zip_bytes({ooxml.W_MAIN: xml}))[0] == "VB703"
    assert [d.code for d in check_docx_bytes(zip_bytes({ooxml.W_MAIN: xml}), "x.docx")] == ["VB703"]


def test_zip_bomb_is_refused_by_ratio():
    code, message = _code(zip_bytes({ooxml.W_MAIN: b"\0" * (50 * 1024 * 1024)}))
    assert code == "VB702"
    assert "tỉ lệ nén bất thường" in message and "bom zip" in message


def test_a_500_mb_part_is_refused_without_inflating_it(tmp_path):
    path = tmp_path / "big.docx"
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(ooxml.W_MAIN, "w", force_zip64=True) as handle:
            written = 0
            while written < 500 * 1024 * 1024:
                handle.write(chunk)
                written += len(chunk)
    code, message = _code(path.read_bytes())
    assert code == "VB702"
    assert message.startswith("thành phần word/document.xml quá lớn (") and "tối đa 64 MB); từ chối" in message


def test_too_many_members():
    members = {f"x/{i}.xml": b"<a/>" for i in range(ooxml.MAX_MEMBERS + 1)}
    members[ooxml.W_MAIN] = b"<a/>"
    code, message = _code(zip_bytes(members))
    assert code == "VB702" and "thành phần (tối đa 2000)" in message


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xml = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
           f'<w:document xmlns:w="{ooxml.W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    data = zip_bytes({ooxml.W_MAIN: xml.encode()})
    code, message = _code(data)
    assert code == "VB704" and "DOCTYPE" in message
    diags = check_docx_bytes(data, "xxe.docx")
    assert [d.code for d in diags] == ["VB704"]
    assert "TOP SECRET" not in diags[0].format()


def test_broken_xml_is_reported():
    assert _code(zip_bytes({ooxml.W_MAIN: b"<w:document"}))[0] == "VB704"
