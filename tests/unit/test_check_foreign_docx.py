"""The audit on a Word file vanban did not produce: a letter typed "by hand" with python-docx's stock template
(Normal style, theme fonts, direct formatting, typed underscores as rules), the way a clerk builds it in Word.
The parts are found by text and position; none of our style names exist in this document."""

from __future__ import annotations

import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt

from vanban import ooxml
from vanban.checker import check_docx_bytes


def _run(paragraph, text, size, *, bold=False, italic=False, all_slots=True):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    if all_slots:
        ooxml.set_fonts(run._r.get_or_add_rPr(), "Times New Roman")
    else:
        run.font.name = "Times New Roman"  # what Word's font box sets: ascii and hAnsi only
    return run


def _p(container, text, size, *, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, all_slots=True):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    _run(paragraph, text, size, bold=bold, italic=italic, all_slots=all_slots)
    return paragraph


def _two(d, left, right, *, kw, left_bold=False, right_bold=False, right_size=13, right_italic=False, left_size=13):
    """One header line typed with a tab between the left and the right column (no table)."""
    paragraph = d.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(8.5))
    _run(paragraph, left, left_size, bold=left_bold, **kw)
    _run(paragraph, "\t", left_size, **kw)
    _run(paragraph, right, right_size, bold=right_bold, italic=right_italic, **kw)
    return paragraph


def hand_typed(*, all_slots=True, number="05", date_italic=True, page_numbers_in_footer=False, sloppy_signature=False,
               tabs=False) -> bytes:
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height = Mm(210), Mm(297)
    s.top_margin = s.bottom_margin = Mm(20)
    s.left_margin, s.right_margin = Mm(30), Mm(15)
    kw = {"all_slots": all_slots}
    if tabs:
        _two(d, "UBND TỈNH THÁI BÌNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", kw=kw, right_bold=True)
        _two(d, "SỞ Y TẾ", "Độc lập - Tự do - Hạnh phúc", kw=kw, left_bold=True, right_bold=True, right_size=14)
        _two(d, "________", "______________________________", kw=kw)
        _two(d, f"Số: {number}/SYT-NV", "Thái Bình, ngày 05 tháng 3 năm 2021", kw=kw, right_size=14,
             right_italic=date_italic)
        vv = _p(d, "V/v tăng cường phòng, chống dịch", 12, align=WD_ALIGN_PARAGRAPH.LEFT, **kw)
        vv.paragraph_format.space_before = Pt(6)
    else:
        _table_header(d, kw, number, date_italic)
    _rest(d, kw, s, page_numbers_in_footer, sloppy_signature)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _table_header(d, kw, number, date_italic):
    header = d.add_table(rows=2, cols=2)
    left, right = header.cell(0, 0), header.cell(0, 1)
    for cell in (left, right, header.cell(1, 0), header.cell(1, 1)):
        ooxml.empty_cell(cell)
    _p(left, "UBND TỈNH THÁI BÌNH", 13, **kw)
    _p(left, "SỞ Y TẾ", 13, bold=True, **kw)
    _p(left, "________", 13, **kw)
    _p(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, **kw)
    _p(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True, **kw)
    _p(right, "______________________________", 14, **kw)
    _p(header.cell(1, 0), f"Số: {number}/SYT-NV", 13, **kw)
    vv = _p(header.cell(1, 0), "V/v tăng cường phòng, chống dịch", 12, **kw)
    vv.paragraph_format.space_before = Pt(6)
    _p(header.cell(1, 1), "Thái Bình, ngày 05 tháng 3 năm 2021", 14, italic=date_italic, **kw)


def _rest(d, kw, s, page_numbers_in_footer, sloppy_signature=False):
    _p(d, "Kính gửi: Ủy ban nhân dân các huyện, thành phố.", 14, **kw)
    texts = ["Thực hiện chỉ đạo của Ủy ban nhân dân tỉnh về phòng, chống dịch Covid-19, Sở Y tế đề nghị:",
             "1. Tiếp tục tuyên truyền, hướng dẫn người dân thực hiện các biện pháp phòng, chống dịch.",
             "2. Báo cáo kết quả thực hiện về Sở Y tế trước ngày 15 hằng tháng./."]
    for text in texts:
        p = _p(d, text, 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, **kw)
        p.paragraph_format.first_line_indent = Cm(1.27)
        p.paragraph_format.space_before = Pt(6)
        p.paragraph_format.line_spacing = 1.15
    sign = d.add_table(rows=1, cols=2)
    left, right = sign.cell(0, 0), sign.cell(0, 1)
    for cell in (left, right):
        ooxml.empty_cell(cell)
    _p(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, **kw)
    for line in ("- Như trên;", "- Giám đốc Sở;", "- Lưu: VT, NV."):
        _p(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT, **kw)
    _p(right, "KT. GIÁM ĐỐC", 14, bold=True, **kw)
    _p(right, "PHÓ GIÁM ĐỐC", 14, bold=True, **kw)
    _p(right, "Nguyễn Văn An", 14, bold=True, **kw)
    if not sloppy_signature:
        ooxml.keep_table_together(sign)  # the clerk unticks "Allow row to break across pages"
    if page_numbers_in_footer:
        footer = s.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        ooxml.add_page_field(footer)


def test_a_correct_hand_typed_letter_passes():
    assert [d.format() for d in check_docx_bytes(hand_typed(), "tay.docx")] == []


def test_a_sloppy_hand_typed_letter_is_caught():
    data = hand_typed(all_slots=False, number="5", date_italic=False, page_numbers_in_footer=True)
    found = {(d.code, d.path, d.message) for d in check_docx_bytes(data, "tay.docx")}
    theme = ooxml.open_package(data).xml("word/theme/theme1.xml")
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    east = theme.find(f".//{a}minorFont/{a}ea").get("typeface")
    expected_font = east or "(phông chủ đề minorEastAsia)"
    assert ("ND30-PL1-I-4.1", "đoạn 1 «UBND TỈNH THÁI BÌNH»",
            f"phông chữ \"{expected_font}\" (ô eastAsia); văn bản dùng Times New Roman") in found
    assert "ND30-PL1-II-7.1" not in {code for code, _, _ in found}
    split = {d.code for d in check_docx_bytes(hand_typed(sloppy_signature=True), "tay.docx")}
    assert split == {"ND30-PL1-II-7.1"}  # Word's default table: the signature row may break across pages
    assert ("ND30-PL1-II-3c.1", "đoạn 7 «Số: 5/SYT-NV»",
            "\"Số: 5/SYT-NV\": số nhỏ hơn 10 phải ghi thêm số 0 phía trước (\"05\")") in found
    assert ("ND30-PL1-II-4c.1", "đoạn 9 «Thái Bình, ngày 05 tháng 3 năm 2021»",
            "dòng địa danh, ngày không nghiêng; in thường, cỡ 13–14, nghiêng") in found
    assert ("ND30-PL1-I-7.1", "",
            "số trang đặt ở chân trang (lề dưới); số trang canh giữa trong phần lề trên (đầu trang)") in found
    assert ("ND30-PL1-I-7.2", "", "số trang hiện ở trang thứ nhất; không hiển thị số trang thứ nhất") in found


@pytest.mark.parametrize("removed", ["Nơi nhận:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
def test_missing_parts_are_reported_not_crashed_on(removed):
    data = hand_typed()
    package = ooxml.open_package(data)
    root = package.xml(ooxml.W_MAIN)
    for p in list(root.iter(ooxml.qn("w:p"))):
        if ooxml.paragraph_text(p) == removed:
            p.getparent().remove(p)
    broken = ooxml.replace_parts(data, {ooxml.W_MAIN: ooxml.serialize_part(root)})
    codes = [d.code for d in check_docx_bytes(broken, "x.docx")]
    assert "ND30-PL1-II-0" in codes


def test_a_header_typed_with_tabs_instead_of_a_table():
    assert [d.format() for d in check_docx_bytes(hand_typed(tabs=True), "tab.docx")] == []
    found = {(d.code, d.path, d.message) for d in check_docx_bytes(hand_typed(tabs=True, number="5",
                                                                             date_italic=False), "tab.docx")}
    where = "đoạn 4 «Số: 5/SYT-NV Thái Bình, ngày 05 tháng 3 năm 2021»"
    assert found == {
        ("ND30-PL1-II-3c.1", where, "\"Số: 5/SYT-NV\": số nhỏ hơn 10 phải ghi thêm số 0 phía trước (\"05\")"),
        ("ND30-PL1-II-4c.1", where, "dòng địa danh, ngày không nghiêng; in thường, cỡ 13–14, nghiêng"),
    }
