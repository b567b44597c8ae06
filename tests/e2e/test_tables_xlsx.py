"""A form with group rows as Excel: group subtotals and the total are live SUBTOTAL formulas that add the items
only; LibreOffice Calc (headless) recalculates them to what vanban computes; `vanban collect` reads a filled
copy, leaving the group rows out of what is checked and summed."""

from __future__ import annotations

import subprocess
import textwrap
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import vanban
from vanban.model.compute import layout
from clirun import run
from pdfutil import soffice_program

pytestmark = pytest.mark.e2e

SPEC = textwrap.dedent(
    """\
    loai: cong_van
    co_quan: {chu_quan: UBND tỉnh Đắk Lắk, ten: Sở Nông nghiệp và Môi trường}
    so: 88
    ky_hieu: SNNMT-TS
    dia_danh: Đắk Lắk
    ngay: 2025-12-01
    trich_yeu: báo cáo kinh phí quan trắc
    kinh_gui: Các đơn vị quan trắc
    noi_dung: [Đề nghị các đơn vị điền biểu mẫu kèm theo.]
    luu: [VT, TS]
    nguoi_ky: {chuc_vu: Giám đốc, ho_ten: Trần Văn Minh}
    bieu_mau:
      - ten: Kinh phí quan trắc
        don_vi_tinh: "ĐVT: đồng"
        cot:
          - {ten: TT, kieu: stt}
          - {ten: Nội dung, ma: noi_dung}
          - {ten: Kế hoạch, ma: ke_hoach, kieu: so}
          - {ten: Thực hiện, ma: thuc_hien, kieu: so}
          - {ten: Tỷ lệ, ma: ty_le, kieu: ty_le, cong_thuc: thuc_hien / ke_hoach}
        cong_nhom: true
        tong_cong: {nhan: TỔNG SỐ, vi_tri: tren}
        dong:
          - nhom: Quan trắc thường xuyên
            dong:
              - nhom: Mẫu nước nguồn cấp
                dong:
                  - {noi_dung: Nhiệt độ, ke_hoach: "10.000"}
                  - {noi_dung: pH, ke_hoach: "5.000"}
              - {noi_dung: Oxy hòa tan, ke_hoach: "7.000"}
          - nhom: Quan trắc đột xuất
            dong:
              - {noi_dung: Coliform, ke_hoach: "3.000"}
        don_vi_bao_cao: [{ten: Chi cục Thủy sản, ma: chi-cuc}]
    """
)
#: what each unit fills in Thực hiện, by item label
DONE = {"Nhiệt độ": 9000, "pH": 5000, "Oxy hòa tan": 6500, "Coliform": 1200}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("grouped")
    spec = folder / "nhom.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    result = run("build", str(spec), "-o", str(folder / "out"), "--forms", "xlsx", "-q")
    assert result.returncode == 0, result.stderr
    return spec, folder / "out"


def _cells(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _data_rows(rows):
    head = next(k for k, r in enumerate(rows) if r[:2] == ["TT", "Nội dung"])
    return head, rows[head + 1: head + 9]  # TỔNG SỐ, then I, 1, a, b, 2, II, 1


def test_group_rows_and_total_are_subtotal_formulas(built):
    _, out = built
    ws = openpyxl.load_workbook(out / "nhom.xlsx")["Biểu mẫu số 1"]
    rows = _cells(ws)
    head, body = _data_rows(rows)
    first = head + 1  # 0-based index of TỔNG SỐ; Excel row = index + 1
    total, g1, g11, a, b, i2, g2, c = body
    assert [r[0] for r in body] == [None, "I", "1", "a", "b", "2", "II", "1"]
    assert total[1] == "TỔNG SỐ"
    excel = {name: first + 1 + k for k, name in enumerate(["total", "I", "1", "a", "b", "2", "II", "c"])}
    assert total[2] == f"=SUBTOTAL(9,C{excel['I']}:C{excel['c']})"
    assert g1[2] == f"=SUBTOTAL(9,C{excel['1']}:C{excel['2']})"
    assert g11[2] == f"=SUBTOTAL(9,C{excel['a']}:C{excel['b']})"
    assert g2[2] == f"=SUBTOTAL(9,C{excel['c']}:C{excel['c']})"
    assert (a[2], b[2], i2[2], c[2]) == (10000, 5000, 7000, 3000)  # the given values
    assert g1[4].startswith("=IF(") and "D" in g1[4]  # a ratio recomputed from the group's sums


def _fill(path: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Biểu mẫu số 1"]
    for row in ws.iter_rows():
        label = row[1].value
        if label in DONE:
            row[3].value = DONE[label]
    wb.save(target)


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_same_totals_as_vanban(built, tmp_path):
    soffice = soffice_program()
    if not Path("/usr/lib/libreoffice/program/libsclo.so").exists():
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    spec, out = built
    filled = tmp_path / "chi-cuc.xlsx"
    _fill(out / "nhom-bieu-mau" / "chi-cuc.xlsx", filled)
    saved = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(filled)], capture_output=True,
                   timeout=300, check=True)
    ws = openpyxl.load_workbook(saved / "chi-cuc.xlsx", data_only=True)["Biểu mẫu số 1"]
    _, body = _data_rows(_cells(ws))
    # what vanban computes for the same inputs
    document = vanban.load(spec).document
    table = document.attachments[0].table
    inputs = [list(r.values) for r in table.rows]
    for values in inputs:
        if values[1] in DONE:
            values[3] = Decimal(DONE[values[1]])
    expected = layout(table, inputs)
    assert len(expected) == len(body)
    for shown, calc in zip(expected, body):
        for k in (2, 3):
            assert calc[k] == pytest.approx(float(shown.values[k])), (shown.kind, shown.label, k)
        assert calc[4] == pytest.approx(float(shown.values[4])), (shown.kind, shown.label)
    assert body[0][2:4] == [25000, 21700]  # items only: 10.000 + 5.000 + 7.000 + 3.000, no group twice
    # and vanban collect reads the recalculated copy back, group rows left out of the check
    result = run("collect", str(spec), str(saved / "chi-cuc.xlsx"), "-o", str(tmp_path / "tong-hop"))
    assert result.returncode == 0, result.stderr
    assert "VB904" not in result.stderr and "VB907" not in result.stderr, result.stderr
    summary = openpyxl.load_workbook(tmp_path / "tong-hop" / "nhom-tong-hop.xlsx")["Tổng hợp 1"]
    assert any(isinstance(v, str) and v.startswith("=SUBTOTAL(9,") for r in _cells(summary) for v in r)


def _form_sheet(tmp_path: Path, stem: str, text: str):
    """The first form's sheet of the workbook `vanban build --forms xlsx` makes of the spec ``text`` (saved as
    ``stem``.yaml in ``tmp_path``); the build must succeed."""
    spec = tmp_path / f"{stem}.yaml"
    spec.write_text(text, encoding="utf-8")
    assert run("build", str(spec), "-o", str(tmp_path / "out"), "--forms", "xlsx", "-q").returncode == 0
    return openpyxl.load_workbook(tmp_path / "out" / f"{stem}.xlsx")["Biểu mẫu số 1"]


def test_whole_row_group_is_one_merged_cell(tmp_path):
    text = SPEC.replace("      - nhom: Quan trắc đột xuất\n", "      - nhom: Quan trắc đột xuất\n        ca_dong: true\n")
    assert "ca_dong" in text
    ws = _form_sheet(tmp_path, "ca-dong", text)
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "II. Quan trắc đột xuất")
    assert any(str(r).startswith(f"A{cell.row}:E{cell.row}") for r in ws.merged_cells.ranges)


def test_sub_rows_are_merged_cells_without_a_number(tmp_path):
    """A sub-row (`gop_tren`) of a form: its Stt and name are merged with the row above in the sheet, it has no
    number, and the next item keeps its own."""
    text = SPEC.replace("- {noi_dung: pH, ke_hoach:", "- {gop_tren: true, ke_hoach:")
    assert "gop_tren" in text
    ws = _form_sheet(tmp_path, "gop", text)
    rows = _cells(ws)
    head, body = _data_rows(rows)
    assert [r[0] for r in body] == [None, "I", "1", "a", None, "2", "II", "1"]
    top = head + 5  # Excel row of "a" (Nhiệt độ): body[3], 1-based
    ranges = {str(r) for r in ws.merged_cells.ranges}
    assert {f"A{top}:A{top + 1}", f"B{top}:B{top + 1}"} <= ranges
    assert body[4][2] == 5000
