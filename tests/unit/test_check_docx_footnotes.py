"""`vanban check FILE.docx` reads the footnotes (chú thích cuối trang, word/footnotes.xml) too: the rules on the
words of the text (phông Times New Roman, chữ màu đen: Phụ lục I, Mục I, khoản 4) hold in a note, a finding
names the note by the number printed, and a hostile notes part is refused as a hostile main part is."""

from __future__ import annotations

import io
import zipfile

import pytest

from clirun import run
from conftest import DIRECTIVES
from vanban import load, ooxml
from vanban.checker import check_docx_bytes
from vanban.ooxml import el, qn
from vanban.render.docx import render_docx

FIRST_NOTE = "Theo Công văn số 12/UBND-KGVX ngày 02/02/2021."
SECOND_NOTE = "Danh sách gửi kèm."


@pytest.fixture(scope="module")
def noted() -> bytes:
    """Seed 003 with two notes; the note referenced second is the first entry of `chu_thich`."""
    spec = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
    assert spec.count("Hiện nay, đại dịch") == 1 and spec.count("phức tạp, khó lường") == 1
    spec = spec.replace("Hiện nay, đại dịch", "Hiện nay[^2], đại dịch").replace(
        "phức tạp, khó lường", "phức tạp[^1], khó lường")
    spec += f"chu_thich:\n  - \"{SECOND_NOTE}\"\n  - \"{FIRST_NOTE}\"\n"
    result = load(spec)
    assert result.ok, [d.format() for d in result.diagnostics]
    return render_docx(result.document)


def _note_runs(data: bytes, text: str):
    """The parsed footnotes part and the runs of the note reading ``text``."""
    root = ooxml.open_package(data).xml("word/footnotes.xml")
    for note in ooxml.footnotes_by_id(root).values():
        if ooxml.paragraph_text(note).strip() == text:
            return root, [r for r in note.iter(qn("w:r")) if ooxml.run_text(r).strip()]
    raise AssertionError(text)


def _with_note_format(data: bytes, text: str, tag: str, **attrs) -> bytes:
    """What Word writes when a clerk formats the words of a note: direct run properties."""
    root, runs = _note_runs(data, text)
    for r in runs:
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            r.insert(0, rpr)
        ooxml.set_child(rpr, el(tag, {f"w:{k}": v for k, v in attrs.items()}))
    return ooxml.replace_parts(data, {"word/footnotes.xml": ooxml.serialize_part(root)})


def test_the_notes_are_read_in_the_order_of_their_references(noted):
    from vanban.checker.docx_rules import DocxContext

    notes = DocxContext(ooxml.open_package(noted)).footnotes
    assert [(mark, ooxml.paragraph_text(ps[0]).strip()) for mark, ps in notes] == [
        ("1", FIRST_NOTE), ("2", SECOND_NOTE)]


def test_clean_notes_give_no_finding(noted):
    assert check_docx_bytes(noted, "x.docx") == []


def test_a_font_in_a_note_is_reported_with_the_notes_number(noted):
    data = _with_note_format(noted, SECOND_NOTE, "w:rFonts", ascii="Arial")
    found = [(d.code, d.severity.value, d.path, d.message) for d in check_docx_bytes(data, "x.docx")]
    assert found == [("ND30-PL1-I-4.1", "error", f"chú thích 2 «{SECOND_NOTE}»",
                      "phông chữ \"Arial\" (ô ascii); văn bản dùng Times New Roman")]


def test_a_colour_in_a_note_is_reported_and_the_cli_prints_where(noted, tmp_path):
    path = tmp_path / "gop-y.docx"
    path.write_bytes(_with_note_format(noted, FIRST_NOTE, "w:color", val="FF0000"))
    result = run("check", path)
    assert result.returncode == 0, result.stderr  # a warning
    assert (f"{path}: cảnh báo ND30-PL1-I-4.2 [chú thích 1 «Theo Công văn số 12/UBND-KGVX ngày 02/02/2021.»]: "
            "chữ màu #FF0000; văn bản dùng chữ màu đen") in result.stdout


def test_a_note_referenced_nowhere_is_not_printed_so_not_checked(noted):
    root, runs = _note_runs(_with_note_format(noted, FIRST_NOTE, "w:color", val="FF0000"), FIRST_NOTE)
    package = ooxml.open_package(noted)
    document = package.xml(ooxml.W_MAIN)
    for ref in list(document.iter(qn("w:footnoteReference"))):
        if ooxml.paragraph_text(ooxml.footnotes_by_id(root)[ref.get(qn("w:id"))]).strip() == FIRST_NOTE:
            ref.getparent().getparent().remove(ref.getparent())
    data = ooxml.replace_parts(noted, {"word/footnotes.xml": ooxml.serialize_part(root),
                                       ooxml.W_MAIN: ooxml.serialize_part(document)})
    assert check_docx_bytes(data, "x.docx") == []


# --------------------------------------------------------------------------- a hostile notes part


def _notes_part(data: bytes, part: bytes) -> bytes:
    """The package with word/footnotes.xml replaced by ``part`` (written as any zip tool would)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, part if info.filename == "word/footnotes.xml" else src.read(info.filename))
    return out.getvalue()


def _refused(data: bytes) -> list[tuple[str, str]]:
    return [(d.code, d.message) for d in check_docx_bytes(data, "x.docx")]


def test_entities_in_the_notes_are_refused(noted, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    part = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
            f'<w:footnotes xmlns:w="{ooxml.W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
            '</w:footnote></w:footnotes>').encode()
    found = _refused(_notes_part(noted, part))
    assert found == [("VB704", "word/footnotes.xml có khai báo DOCTYPE/thực thể (entity); từ chối vì lý do an "
                               "toàn")]
    assert "TOP SECRET" not in repr(found)


def test_deeply_nested_notes_are_refused(noted):
    part = (f'<w:footnotes xmlns:w="{ooxml.W_NS}"><w:footnote w:id="1"><w:p>'.encode()
            + b"<w:r>" * 5000 + b"</w:r>" * 5000 + b"</w:p></w:footnote></w:footnotes>")
    [(code, message)] = _refused(_notes_part(noted, part))
    assert code == "VB704" and message.startswith("XML của word/footnotes.xml không hợp lệ (")


def test_a_notes_bomb_is_refused(noted):
    part = (f'<w:footnotes xmlns:w="{ooxml.W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>'.encode()
            + b" " * (4 * 1024 * 1024) + b"</w:t></w:r></w:p></w:footnote></w:footnotes>")
    [(code, message)] = _refused(_notes_part(noted, part))
    assert code == "VB702" and message.startswith("thành phần word/footnotes.xml có tỉ lệ nén bất thường")


def test_a_huge_notes_part_is_refused(noted, monkeypatch):
    """Above the per-part limit (64 MB; lowered here, just above the largest other part, to keep the test
    small) the notes are not inflated."""
    with zipfile.ZipFile(io.BytesIO(noted)) as zf:
        limit = max(info.file_size for info in zf.infolist()) + 1
    monkeypatch.setattr(ooxml.package, "MAX_PART_BYTES", limit)
    words = " ".join(f"từ{n}" for n in range(limit // 4)).encode()  # more than the limit, not 200:1 compressible
    part = (f'<w:footnotes xmlns:w="{ooxml.W_NS}"><w:footnote w:id="1"><w:p><w:r><w:t>'.encode() + words
            + b"</w:t></w:r></w:p></w:footnote></w:footnotes>")
    [(code, message)] = _refused(_notes_part(noted, part))
    assert code == "VB702" and message.startswith("thành phần word/footnotes.xml quá lớn")


def test_broken_notes_are_refused(noted):
    assert [code for code, _ in _refused(_notes_part(noted, b"<w:footnotes"))] == ["VB704"]
