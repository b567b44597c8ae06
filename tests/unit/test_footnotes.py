"""Footnotes (chú thích cuối trang, #17; corpus 03, 20, 22): ``[^n]`` in the body or a căn cứ refers to the n-th
entry of ``chu_thich``; Word footnotes (word/footnotes.xml, numbered in the order of their references, 12 pt),
the same numbers in ``vanban text``, read by the content rules and read back by ``vanban nhap``."""

from __future__ import annotations

import io
import zipfile

import vanban
from vanban import ooxml
from vanban.spec.loader import load_spec_text
from test_loader import GOOD

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SPEC = GOOD.replace("""noi_dung:
  - Đoạn một.
""", """noi_dung:
  - Theo Quyết định số 02110/QĐ-UBND của UBND tỉnh[^2], các xã bị ngập sâu.
  - Các văn bản chỉ đạo của Bộ Chính trị[^1]; **bảo đảm** thống nhất.
chu_thich:
  - Chỉ thị số 46-CT/TW ngày 16/5/2025 của Bộ Chính trị.
  - Xã Phú Mỡ, Phường *Sông Cầu*, Xã Ô Loan.
""")


def loaded(text: str = SPEC):
    result = load_spec_text(text, "t.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    return result


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_references_and_notes_are_word_footnotes_numbered_in_reading_order():
    result = loaded()
    assert result.diagnostics.sorted() == []
    data = vanban.render_docx(result.document)
    files = parts(data)
    assert "word/footnotes.xml" in files
    assert b"footnotes" in files["word/_rels/document.xml.rels"]
    assert b"wordprocessingml.footnotes+xml" in files["[Content_Types].xml"]
    body = ooxml.parse_xml(files["word/document.xml"])
    refs = [r.get(W + "id") for r in body.iter(W + "footnoteReference")]
    assert refs == ["1", "2"]  # the first reference met is note 1, whatever its place in chu_thich
    notes = ooxml.footnotes_by_id(ooxml.parse_xml(files["word/footnotes.xml"]))
    assert ooxml.paragraph_text(notes["1"][0]).strip() == "Xã Phú Mỡ, Phường Sông Cầu, Xã Ô Loan."
    assert ooxml.paragraph_text(notes["2"][0]).strip() == "Chỉ thị số 46-CT/TW ngày 16/5/2025 của Bộ Chính trị."
    sizes = {s.get(W + "val") for s in notes["1"].iter(W + "sz")}
    assert sizes == {"24"}  # 12 pt
    italic = [r for r in notes["1"].iter(W + "r") if r.find(f"{W}rPr/{W}i") is not None]
    assert [ooxml.run_text(r) for r in italic] == ["Sông Cầu"]
    assert vanban.render_docx(result.document) == data  # deterministic


def test_text_shows_the_numbers_and_the_notes_after_the_signature():
    lines = vanban.render_text(loaded().document).splitlines()
    assert "Theo Quyết định số 02110/QĐ-UBND của UBND tỉnh[1], các xã bị ngập sâu." in lines
    assert "Các văn bản chỉ đạo của Bộ Chính trị[2]; bảo đảm thống nhất./." in lines
    at = lines.index("[1] Xã Phú Mỡ, Phường Sông Cầu, Xã Ô Loan.")
    assert lines[at - 1:at + 2] == ["", "[1] Xã Phú Mỡ, Phường Sông Cầu, Xã Ô Loan.",
                                    "[2] Chỉ thị số 46-CT/TW ngày 16/5/2025 của Bộ Chính trị."]
    assert at > lines.index("Nguyễn Văn A")  # after the signature


def test_a_reference_in_a_can_cu_keeps_its_place_before_the_punctuation():
    spec = GOOD.replace("loai: cong_van", "loai: quyet_dinh").replace("ky_hieu: STTTT-VP", "ky_hieu: STTTT")
    spec = spec.replace("kinh_gui: [Sở Y tế, Sở Nội vụ]\n", "tham_quyen_ban_hanh: Giám đốc Sở\ncan_cu:\n"
                        "  - Căn cứ Hiến pháp năm 2013[^1]\n  - Theo đề nghị của Chánh Văn phòng\nchu_thich: [Sửa đổi 2025.]\n")
    lines = vanban.render_text(loaded(spec).document).splitlines()
    assert "Căn cứ Hiến pháp năm 2013[1];" in lines and "[1] Sửa đổi 2025." in lines


def test_unknown_repeated_and_unused_notes_are_reported():
    bad = SPEC.replace("tỉnh[^2]", "tỉnh[^3]")
    result = load_spec_text(bad, "t.yaml")
    assert [d.code for d in result.diagnostics.sorted()] == ["VB239", "VB241"]
    assert "chú thích `[^3]` không có: `chu_thich` có 2 chú thích" in result.diagnostics.sorted()[0].format()
    twice = load_spec_text(SPEC.replace("Chính trị[^1]", "Chính trị[^2]"), "t.yaml")
    assert [d.code for d in twice.diagnostics.sorted()] == ["VB240", "VB241"]
    literal = loaded(SPEC.replace("tỉnh[^2]", "tỉnh\\[^2]").replace("  - Xã Phú Mỡ, Phường *Sông Cầu*, Xã Ô Loan.\n", ""))
    assert "tỉnh[^2]" in vanban.render_text(literal.document)  # escaped: the text itself


def test_content_rules_read_the_notes():
    doc = loaded(SPEC.replace("Chỉ thị số 46-CT/TW", "Nghị định số 144/2021/NĐ- CP")).document
    assert "chu_thich[0]" in [d.path for d in vanban.check(doc) if d.code == "ND30-PL1-II-6b.1"]


def test_nhap_reads_the_footnotes_back():
    doc = loaded().document
    imported = vanban.import_docx(vanban.render_docx(doc), name="t.docx")
    assert "tỉnh[^1], các xã" in imported.text and "chu_thich:" in imported.text
    again = vanban.load(imported.text, name="t.yaml")
    assert again.ok and vanban.render_text(again.document) == vanban.render_text(doc)
