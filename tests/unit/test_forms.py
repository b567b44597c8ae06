"""Forms: Vietnamese values through Babel, table computation, the spec → model of a form and its
coded errors, the reference line derived from the letter, and how a returned file finds its recipient."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import pytest

from vanban.forms.collect import identify
from vanban.model.compute import table_grid
from vanban.model.forms import Column, ColumnType, Reference, reference_line
from vanban.model.values import ValueProblem, format_day, format_number, format_ratio, format_value, parse_cell
import vanban

LETTER = textwrap.dedent(
    """\
    loai: cong_van
    co_quan:
      ten: [Ủy ban nhân dân, tỉnh Thái Bình]
    so: 469
    ky_hieu: UBND-KGVX
    dia_danh: Thái Bình
    ngay: 2021-02-04
    trich_yeu: thử nghiệm
    kinh_gui: Sở Y tế
    noi_dung:
      - Đoạn một.
    nguoi_ky:
      chuc_vu: Chủ tịch
      ho_ten: Nguyễn Văn A
    """
)

FORM = textwrap.dedent(
    """\
    bieu_mau:
      - ten: Mẫu báo cáo
        cot:
          - {ma: stt, ten: Stt, kieu: stt}
          - {ma: ten, ten: Đơn vị}
          - ten: Máy
            cot:
              - {ma: a, ten: Tổng số, kieu: so}
              - {ma: b, ten: Đã cài, kieu: so}
          - {ma: c, ten: Tỷ lệ, kieu: ty_le, cong_thuc: b / a}
        dong:
          - Xã A
          - {ten: Xã B, a: "1.000", b: 25}
        tong_cong: true
    """
)


def load(extra: str = FORM, letter: str = LETTER):
    return vanban.load(letter + extra, name="t.yaml")


def messages(extra: str) -> list[str]:
    return [d.format() for d in load(extra).diagnostics.sorted()]


# --------------------------------------------------------------------------- values


def test_numbers_percentages_and_dates_in_vietnamese():
    assert format_number(Decimal(187315)) == "187.315"
    assert format_number(Decimal("1234.5"), 2) == "1.234,50"
    assert format_ratio(Decimal("0.0109")) == "1,09%"
    assert format_day(dt.date(2020, 8, 28)) == "28/8/2020"
    assert format_day(dt.date(2020, 9, 1)) == "01/9/2020"
    assert format_day(dt.date(2021, 2, 4)) == "04/02/2021"
    number = Column("a", "A", ColumnType.NUMBER)
    assert format_value(number, Decimal(1000000)) == "1.000.000"
    assert format_value(number, None) == ""


@pytest.mark.parametrize("raw, kind, decimals, points, expected", [
    ("187.315", ColumnType.NUMBER, 0, True, Decimal(187315)),
    (187315, ColumnType.NUMBER, 0, False, Decimal(187315)),
    ("12,5", ColumnType.NUMBER, 1, True, Decimal("12.5")),
    ("1,09%", ColumnType.PERCENT, 2, False, Decimal("0.0109")),
    ("1,09", ColumnType.PERCENT, 2, True, Decimal("0.0109")),  # Word: percentage points
    (0.0109, ColumnType.PERCENT, 2, False, Decimal("0.0109")),  # Excel: a fraction
    ("28/8/2020", ColumnType.DATE, 0, True, dt.date(2020, 8, 28)),
    (dt.datetime(2020, 8, 28, 0, 0), ColumnType.DATE, 0, False, dt.date(2020, 8, 28)),
    ("  ", ColumnType.NUMBER, 0, True, None),
    ("  Xã   A ", ColumnType.TEXT, 0, True, "Xã A"),
])
def test_cells_are_read_strictly(raw, kind, decimals, points, expected):
    assert parse_cell(Column("x", "X", kind, decimals=decimals), raw, percent_points=points) == expected


@pytest.mark.parametrize("raw, kind, message", [
    ("1.5", ColumnType.NUMBER, "`1.5` không phải là số viết theo kiểu Việt Nam"),
    ("abc", ColumnType.NUMBER, "`abc` không phải là số"),
    (-3, ColumnType.NUMBER, "số -3 âm"),
    (12.5, ColumnType.NUMBER, "12,5 không phải là số nguyên"),
    (True, ColumnType.NUMBER, "không phải là số"),
    (1.5, ColumnType.PERCENT, "tỷ lệ 150% lớn hơn 100%"),
    ("31/2/2020", ColumnType.DATE, "ngày `31/2/2020` không có thật"),
    ("hôm qua", ColumnType.DATE, "`hôm qua` không phải là ngày"),
    ("Xã\x08A", ColumnType.TEXT, "ký tự điều khiển U+0008"),
    ("1\u202e2", ColumnType.NUMBER, "ký tự điều khiển U+202E"),
])
def test_bad_cells_say_why_in_vietnamese(raw, kind, message):
    with pytest.raises(ValueProblem) as info:
        parse_cell(Column("x", "X", kind), raw, percent_points=False)
    assert message in str(info.value)


# --------------------------------------------------------------------------- spec → model


def test_form_model_header_grid_rows_and_computation():
    result = load()
    assert result.ok, [d.format() for d in result.diagnostics]
    (form,) = result.document.attachments
    assert (form.label, form.title, form.key) == ("Biểu mẫu số 1", "Mẫu báo cáo", "bieu_mau-1")
    table = form.table
    assert [c.code for c in table.columns] == ["stt", "ten", "a", "b", "c"]
    assert table.header_rows == 2
    assert [(h.text, h.row, h.col, h.row_span, h.col_span) for h in table.header] == [
        ("Stt", 0, 0, 2, 1), ("Đơn vị", 0, 1, 2, 1), ("Máy", 0, 2, 1, 2), ("Tổng số", 1, 2, 1, 1),
        ("Đã cài", 1, 3, 1, 1), ("Tỷ lệ", 0, 4, 2, 1)]
    assert table.number_labels == ("(1)", "(2)", "(3)", "(4)", "(5)=(4)/(3)")
    grid = table_grid(table)
    assert grid[0] == [Decimal(1), "Xã A", None, None, None]
    assert grid[1] == [Decimal(2), "Xã B", Decimal(1000), Decimal(25), Decimal("0.025")]
    assert grid[2] == [None, "Tổng cộng", Decimal(1000), Decimal(25), Decimal("0.025")]
    filled = table_grid(table, [[None, "Xã A", Decimal(0), Decimal(0), None], list(grid[1])])
    assert filled[0][4] is None  # a / 0 is left blank
    assert filled[2][2:] == [Decimal(1000), Decimal(25), Decimal("0.025")]


def test_appendix_labels_follow_the_decree():
    one = load(FORM.replace("bieu_mau:", "phu_luc:"))
    assert [f.label for f in one.document.attachments] == ["Phụ lục"]
    body = FORM.split("\n", 1)[1]
    two = load("phu_luc:\n" + body + body + "bieu_mau:\n" + body)
    assert [f.label for f in two.document.attachments] == ["Phụ lục I", "Phụ lục II", "Biểu mẫu số 1"]
    assert [f.key for f in two.document.attachments] == ["phu_luc-1", "phu_luc-2", "bieu_mau-1"]


def test_reference_line_is_derived_from_the_letter():
    doc = load().document
    # Mẫu 2.1 writes "ngày … tháng … năm …" (§3.16): the default; the short date is the option `ngay: ngan`
    assert reference_line(doc) == ("(Kèm theo Công văn số 469/UBND-KGVX ngày 04 tháng 02 năm 2021 của Ủy ban nhân "
                                   "dân tỉnh Thái Bình)")
    assert reference_line(doc, Reference(long_date=False)) == \
        "(Kèm theo Công văn số 469/UBND-KGVX ngày 04/02/2021 của Ủy ban nhân dân tỉnh Thái Bình)"
    draft = load(letter=LETTER.replace("so: 469\n", "").replace("ngay: 2021-02-04", "ngay: 8/2020")).document
    assert reference_line(draft) == \
        "(Kèm theo Công văn số      /UBND-KGVX ngày      tháng 8 năm 2020 của Ủy ban nhân dân tỉnh Thái Bình)"
    assert reference_line(draft, Reference(long_date=False)) == \
        "(Kèm theo Công văn số      /UBND-KGVX ngày     /8/2020 của Ủy ban nhân dân tỉnh Thái Bình)"
    short = load(FORM.replace("  - ten:", "  - kem_theo: {ngay: ngan}\n    ten:", 1)).document
    assert reference_line(short, short.attachments[0].reference).endswith("ngày 04/02/2021 của Ủy ban nhân dân tỉnh Thái Bình)")


def test_form_errors_have_codes_paths_and_positions():
    bad = FORM.replace("{ma: b, ten: Đã cài, kieu: so}", "{ma: a, ten: Đã cài, kieu: so}")
    assert "t.yaml:23:18: lỗi VB221 [bieu_mau[0].cot[2].cot[1].ma]: mã cột `a` trùng với cột thứ 3" in messages(bad)
    bad = FORM.replace("cong_thuc: b / a", "cong_thuc: b / tong")
    assert messages(bad) == ["t.yaml:24:53: lỗi VB222 [bieu_mau[0].cot[3].cong_thuc]: công thức dùng cột `tong` "
                             "không có (các cột: stt, ten, a, b, c)"]
    bad = FORM.replace("kieu: ty_le, cong_thuc: b / a", "kieu: so, cong_thuc: b / a")
    assert messages(bad) == ["t.yaml:24:35: lỗi VB222 [bieu_mau[0].cot[3].kieu]: công thức chia \"a / b\" dùng "
                             "cho cột kiểu `ty_le` (thêm kieu: ty_le)"]
    bad = FORM.replace("cong_thuc: b / a", "cong_thuc: b + c")
    assert any("VB222" in m and "chỉ dùng các cột đứng trước; `c` ở sau" in m for m in messages(bad))
    bad = FORM.replace("{ten: Xã B, a: \"1.000\", b: 25}", "{ten: Xã B, aa: 5, b: -2}")
    assert messages(bad) == [
        "t.yaml:27:25: lỗi VB223 [bieu_mau[0].dong[1].aa]: dòng có khóa `aa` không phải mã cột "
        "(có phải ý bạn là `a`?)",
        "t.yaml:27:31: lỗi VB224 [bieu_mau[0].dong[1].b]: cột `b` (Đã cài): số -2 âm; cột này chỉ nhận số ≥ 0",
    ]
    bad = FORM.replace("{ten: Xã B,", "{ten: Xã B, c: 5,")
    assert messages(bad) == ["t.yaml:27:24: lỗi VB223 [bieu_mau[0].dong[1].c]: cột `c` được tính tự động; "
                             "không ghi giá trị"]
    bad = FORM + "    don_vi_bao_cao: [Xã A, xã a]\n"
    assert messages(bad) == ["t.yaml:29:28: lỗi VB225 [bieu_mau[0].don_vi_bao_cao[1]]: đơn vị báo cáo `xã a` trùng "
                             "với dòng 1 (mỗi đơn vị một tên và một mã riêng)"]
    bad = FORM.replace("    tong_cong: true", "    tong_congg: true")
    assert messages(bad) == ["t.yaml:28:5: lỗi VB201 [bieu_mau[0].tong_congg]: khóa `tong_congg` không hợp lệ "
                             "(có phải ý bạn là `tong_cong`?)"]
    bad = FORM.replace("{ma: stt, ten: Stt, kieu: stt}", "{ma: stt, ten: Stt, kieu: so_thu_tu}")
    assert any("VB204" in m and "kieu" in m for m in messages(bad))


def test_unsigned_draft_keeps_a_blank_name():
    doc = load(letter=LETTER.replace("  ho_ten: Nguyễn Văn A\n", "")).document
    assert doc.signature.name == ""


# --------------------------------------------------------------------------- recipients


def test_a_returned_file_finds_its_recipient():
    text = FORM + "    don_vi_bao_cao:\n      - VNPT Bình Phước\n      - {ten: VNPT, ma: vnpt-hq}\n      - Viettel Bình Phước\n"
    (form,) = load(text).document.attachments
    vnpt_bp, vnpt, viettel = form.recipients
    assert vnpt_bp.code == "vnpt-binh-phuoc"
    assert identify(form, code="VNPT-HQ") is vnpt
    assert identify(form, name="  vnpt   bình phước ") is vnpt_bp
    assert identify(form, name="CÔNG TY VIETTEL BÌNH PHƯỚC") is viettel
    assert identify(form, name="TÊN DOANH NGHIỆP……", file_stem="bao-cao-vnpt-binh-phuoc-lan-2") is vnpt_bp
    assert identify(form, name="Sở Y tế", file_stem="bao-cao") is None
    (free,) = load().document.attachments  # no list: whoever the file says
    assert identify(free, name="Xã C").code == "xa-c"
    assert identify(free, name="Xã\x00 D").name == "Xã D"
