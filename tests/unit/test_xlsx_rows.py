"""Linear-time form rows (issue 13, point 13): the item rows of a form's sheet are written straight as XML by
vanban.forms.rowwriter; the bytes are those openpyxl's own writer makes for the same cells, for every kind of
cell (formulas, texts with spaces or a leading "=", numbers, dates, blanks to fill, group rows around items)."""

from __future__ import annotations

import gc
import io
import textwrap
import zipfile
from decimal import Decimal

import openpyxl
import pytest

import vanban
from vanban.forms import xlsx
from vanban.gcpause import paused_gc, without_gc
from conftest import plain_workbook_writer

SPEC = textwrap.dedent(
    """\
    loai: cong_van
    co_quan: {chu_quan: UBND tỉnh Thái Bình, ten: Sở Y tế}
    so: 12
    ky_hieu: SYT-NVY
    dia_danh: Thái Bình
    ngay: 2025-12-01
    trich_yeu: báo cáo số liệu
    kinh_gui: Các trạm y tế
    noi_dung: [Đề nghị các đơn vị điền biểu mẫu kèm theo.]
    luu: [VT, NVY]
    nguoi_ky: {chuc_vu: Giám đốc, ho_ten: Trần Văn Minh}
    bieu_mau:
      - ten: Số liệu KIND
        cot:
          - {ma: stt, ten: TT, kieu: stt}
          - {ma: noi_dung, ten: Nội dung}
          - {ma: ke_hoach, ten: Kế hoạch, kieu: so}
          - {ma: thuc_hien, ten: Thực hiện, kieu: so, thap_phan: 2}
          - {ma: ty_le, ten: Tỷ lệ, kieu: ty_le, cong_thuc: thuc_hien / ke_hoach}
          - {ma: ngay, ten: Ngày, kieu: ngay}
        tong_cong: true
        dong:
    """
)

ITEMS = """\
          - {noi_dung: "=HYPERLINK(\\"http://x.vn\\",\\"bấm\\")", ke_hoach: "10.000", ngay: 2025-11-30}
          - {noi_dung: "  hai khoảng trắng  ", ke_hoach: "5.000", thuc_hien: "1.234,5"}
          - {noi_dung: "Thôn <3> & \\"xóm\\"", thuc_hien: "7"}
          - {noi_dung: "="}
          - {}
"""
GROUPED = """\
          - nhom: Nhóm một
            dong:
              - {noi_dung: "=1+2", ke_hoach: "3"}
              - {noi_dung: Hai, ngay: 2025-01-02}
          - nhom: Nhóm hai
            dong:
              - {noi_dung: Ba}
"""


def _spec(kind: str) -> str:
    rows = textwrap.indent(textwrap.dedent(ITEMS if kind == "items" else GROUPED), " " * 6)
    return SPEC.replace("KIND", kind) + rows


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("kind", ["items", "grouped"])
def test_item_rows_are_written_as_openpyxl_writes_them(kind, monkeypatch):
    result = vanban.load(_spec(kind), name="so-lieu.yaml")
    assert result.ok, [d.format() for d in result.diagnostics.errors]
    fast = xlsx.build_workbook(result.document, "so-lieu")
    monkeypatch.setattr(xlsx, "FormWriter", plain_workbook_writer())
    plain = xlsx.build_workbook(result.document, "so-lieu")
    assert _members(fast) == _members(plain)
    assert fast == plain


def test_item_rows_keep_types_formulas_and_text_prefix():
    result = vanban.load(_spec("items"), name="so-lieu.yaml")
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.build_workbook(result.document, "so-lieu")))
    ws = wb.worksheets[0]
    first = xlsx.layout(result.document.attachments[0]).first_data_row
    a, b, c, d, e = (ws[first + k] for k in range(5))
    assert a[0].value == f"=ROW()-{first - 1}" and a[0].data_type == "f"  # vanban's own formula stays live
    assert a[1].value.startswith("=HYPERLINK") and a[1].data_type == "s" and a[1].quotePrefix  # a typed one never
    assert a[2].value == 10000 and a[5].value.date().isoformat() == "2025-11-30"
    assert a[4].value.startswith("=IF(OR(")
    assert b[1].value == "hai khoảng trắng" and b[3].value == pytest.approx(1234.5)
    assert c[1].value == 'Thôn <3> & "xóm"'
    assert d[1].value == "=" and d[1].data_type == "s"
    assert e[2].value is None and not e[2].protection.locked  # a blank to fill
    assert ws.max_row >= first + 5 and ws.calculate_dimension().startswith("A1:")


def test_format_ratio_short_path_is_babels():
    import random

    from babel.numbers import format_percent

    from vanban.model.values import format_ratio, number_pattern

    values = [Decimal(v) for v in ("0", "0.00005", "0.00015", "0.00025", "0.005", "0.015", "0.025", "1E-10",
                                   "1E+3", "0.0109", "123.456789", "-0.0", "-0.5")]
    rng = random.Random(13)
    values += [Decimal(rng.randint(0, 10 ** 9)) / Decimal(10) ** rng.randint(0, 12) for _ in range(2000)]
    for value in values:
        for decimals in range(4):
            expected = format_percent(value, number_pattern(decimals) + "%", locale="vi_VN", decimal_quantization=True)
            assert format_ratio(value, decimals) == expected, (value, decimals)


def test_paused_gc_restores_the_collector():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()

    @without_gc
    def boom():
        assert not gc.isenabled()
        raise ValueError

    with pytest.raises(ValueError):
        boom()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left as it was
    finally:
        gc.enable()


def test_column_ranges_join_consecutive_rows():
    assert xlsx.column_ranges("C", [12, 13, 14, 16, 18, 19]) == "C12:C14 C16 C18:C19"
    assert xlsx.column_ranges("D", [5]) == "D5" and xlsx.column_ranges("D", []) == ""
