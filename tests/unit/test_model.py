"""Values the decree derives from the content: number, date line, labels, Nơi nhận, signature."""

from __future__ import annotations

import pytest

from vanban import model as m
from vanban.spec.inline import parse_inline


@pytest.mark.parametrize("number,code,line", [
    (5, "UBND-VX", "Số: 05/UBND-VX"),
    (15, "QĐ-BNV", "Số: 15/QĐ-BNV"),
    (469, "UBND-KGVX", "Số: 469/UBND-KGVX"),
    (None, "STTTT-BCVTCNTT", "Số:      /STTTT-BCVTCNTT"),
])
def test_number_line_with_leading_zero_and_draft_blank(number, code, line):
    assert m.DocumentNumber(code, number).line == line


@pytest.mark.parametrize("y,mo,d,line", [
    (2020, 1, 5, "Hà Nội, ngày 05 tháng 01 năm 2020"),
    (2021, 2, 4, "Hà Nội, ngày 04 tháng 02 năm 2021"),
    (2019, 6, 29, "Hà Nội, ngày 29 tháng 6 năm 2019"),
    (2020, 3, 10, "Hà Nội, ngày 10 tháng 3 năm 2020"),
    (2020, 12, 1, "Hà Nội, ngày 01 tháng 12 năm 2020"),
    (2020, 8, None, "Hà Nội, ngày      tháng 8 năm 2020"),
])
def test_date_line_leading_zero_rule(y, mo, d, line):
    assert m.IssueDate("Hà Nội", y, mo, d).line == line


def test_point_labels_follow_the_vietnamese_alphabet():
    labels = [m.item_label(m.ListKind.DIEM, i) for i in range(7)]
    assert labels == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    assert m.item_label(m.ListKind.KHOAN, 11) == "12."
    assert m.item_label(m.ListKind.GACH, 3, "+") == "+"


def test_distribution_lines_punctuation():
    dist = m.Distribution(("Sở Y tế", "Sở Nội vụ;"), ("UBND tỉnh (b/c)", "Ban Giám đốc Sở."), ("VT", "KGVX"))
    assert dist.addressee_lines == ("Kính gửi:", "- Sở Y tế;", "- Sở Nội vụ.")
    assert dist.lines == ("- Như trên;", "- UBND tỉnh (b/c);", "- Ban Giám đốc Sở;", "- Lưu: VT, KGVX.")


def test_single_addressee_on_the_kinh_gui_line_as_written():
    """The decree's example "Kính gửi: Bộ Nội vụ" has no final mark (§3.6); one typed with "." keeps it."""
    assert m.Distribution(("Bộ Nội vụ",), (), ("VT",)).addressee_lines == ("Kính gửi: Bộ Nội vụ",)
    assert m.Distribution(("Bộ Nội vụ.",), (), ("VT",)).addressee_lines == ("Kính gửi: Bộ Nội vụ.",)


def test_archive_line_with_drafter_and_copies():
    dist = m.Distribution(("A",), (), ("VT",), drafter="lvt", copies=17)
    assert dist.archive_line == "- Lưu: VT, lvt. (17)"
    assert m.Distribution(("A",), (), ("VT", "VP"), copies=2).archive_line == "- Lưu: VT, VP (2)."


def test_signature_lines():
    sig = m.Signature((m.AuthorityLine(m.Authority.TM, "Ủy ban nhân dân tỉnh"),
                       m.AuthorityLine(m.Authority.KT, "Chủ tịch")), "Phó Chủ tịch", "Trần Thị Bích Hằng")
    assert sig.all_lines == ("TM. Ủy ban nhân dân tỉnh", "KT. Chủ tịch", "Phó Chủ tịch")
    assert m.Signature((), "Giám đốc", "A", acting=True).all_lines == ("Q. Giám đốc",)


def test_inline_markup():
    text = parse_inline("Đến ngày **20/8/2020** đạt *60%* tại <https://bluezone.gov.vn> và [đây](https://a.vn)")
    assert [(s.text, s.bold, s.italic, s.link) for s in text.spans] == [
        ("Đến ngày ", False, False, None),
        ("20/8/2020", True, False, None),
        (" đạt ", False, False, None),
        ("60%", False, True, None),
        (" tại ", False, False, None),
        ("https://bluezone.gov.vn", False, False, "https://bluezone.gov.vn"),
        (" và ", False, False, None),
        ("đây", False, False, "https://a.vn"),
    ]


def test_unsafe_link_scheme_is_plain_text():
    text = parse_inline("[bấm](javascript:alert(1))")
    assert all(span.link is None for span in text.spans)


def test_closing_marker():
    assert parse_inline("Trân trọng.").closed().plain == "Trân trọng./."
    assert parse_inline("Trân trọng").closed().plain == "Trân trọng./."
    assert parse_inline("Trân trọng./.").closed().plain == "Trân trọng./."
