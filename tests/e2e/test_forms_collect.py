"""Forms end to end: `vanban build --forms xlsx` (headers, validations, protection, identity of each
copy) and the round trip through `vanban collect` with 60 recipients, bad cells, a missing commune,
a duplicate, a generic workbook and a form filled in Word."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest

from vanban import ooxml
from vanban.model.values import format_number, format_ratio
from clirun import run
from conftest import ROOT, outputs
from pdfutil import soffice_program

pytestmark = pytest.mark.e2e

FIXTURE = ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml"
SEED_004 = ROOT / "directives" / "004-binh-phuoc-bluezone.yaml"
SHEET = "Phụ lục"
# columns of the fixture's table: A stt, B khu_vuc, C tong_so, D da_cai, E chua_cai (=C-D), F ty_le (=D/C),
# G so_dan, H so_ho, I ngay_so_lieu, J ghi_chu
INPUTS = {"C": "tong_so", "D": "da_cai", "G": "so_dan", "H": "so_ho"}
FIRST = 14  # first data row of the fixture's sheet (header block, heading, recipient, 2 header rows, numbers)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    result = run("build", str(FIXTURE), str(SEED_004), "-o", str(out), "--forms", "xlsx")
    assert result.returncode == 0, result.stderr
    return out


# --------------------------------------------------------------------------- build --forms xlsx


def test_build_writes_a_workbook_and_one_copy_per_recipient_deterministically(built, tmp_path):
    copies = sorted(p.name for p in (built / "bao-cao-xa-bieu-mau").iterdir())
    assert copies == [".vanban-bieu-mau"] + sorted(f"xa-so-{i:02d}.xlsx" for i in range(1, 61))  # + the manifest
    assert sorted(p.name for p in (built / "004-binh-phuoc-bluezone-bieu-mau").iterdir()) == [
        ".vanban-bieu-mau", "mobifone.xlsx", "viettel.xlsx", "vnpt.xlsx"]
    again = tmp_path / "again"
    assert run("build", str(FIXTURE), "-o", str(again), "--forms", "xlsx", "-q").returncode == 0
    for name in ("bao-cao-xa.xlsx", "bao-cao-xa-bieu-mau/xa-so-07.xlsx", "bao-cao-xa.docx"):
        assert (built / name).read_bytes() == (again / name).read_bytes(), name
    without = tmp_path / "plain"
    assert run("build", str(FIXTURE), "-o", str(without), "-q").returncode == 0
    assert outputs(without) == ["bao-cao-xa.docx"]


def test_seed_004_workbook_heading_header_and_validations(built):
    wb = openpyxl.load_workbook(built / "004-binh-phuoc-bluezone.xlsx")
    assert wb.sheetnames == ["Biểu mẫu số 1"]
    ws = wb["Biểu mẫu số 1"]
    values = [ws.cell(row=r, column=1).value for r in range(1, 7)]
    assert values == ["TÊN DOANH NGHIỆP………………", None, "Biểu mẫu số 1", "MẪU BÁO CÁO",
                      "Thống kê số lượng điện thoại thông minh cài đặt Bluezone trên địa bàn tỉnh",
                      "(Kèm theo Công văn số      /STTTT-TTBCXB ngày     /8/2020 của Sở Thông tin và Truyền thông)"]
    assert ws["C1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert [c.value for c in ws[11]] == ["Stt", "Tên huyện/thị/thành phố", "Số lượng điện thoại thông minh cài đặt",
                                         "Tỷ lệ", "Thời điểm báo cáo", "Ghi chú"]
    assert [ws.cell(row=r, column=2).value for r in (12, 22, 23)] == ["Thành phố Đồng Xoài", "Huyện Phú Riềng",
                                                                     "Tổng cộng"]
    assert ws["C23"].value == '=IF(COUNT(C12:C22)=0,"",SUM(C12:C22))'
    rules = {str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}
    assert rules == {
        "C12:C22": ("whole", "greaterThanOrEqual", "0", None),  # consecutive blanks as one range
        "D12:D22": ("decimal", "between", "0", "1"),
        "E12:E22": ("date", "between", "DATE(2000,1,1)", "DATE(2100,12,31)"),
    }
    assert (ws["C12"].number_format, ws["D12"].number_format, ws["E12"].number_format) == ("#,##0", "0.00%",
                                                                                            "dd/m/yyyy")
    assert ws.protection.sheet
    assert ws["C11"].protection.locked and ws["B12"].protection.locked and ws["C23"].protection.locked
    assert not ws["C12"].protection.locked and not ws["F22"].protection.locked
    assert not ws["C8"].protection.locked  # the generic workbook: "Đơn vị báo cáo" is typed by the unit
    assert ws.page_setup.orientation == "portrait"


def test_wide_form_workbook_merged_header_numbers_and_formulas(built):
    wb = openpyxl.load_workbook(built / "bao-cao-xa-bieu-mau" / "xa-so-07.xlsx")
    ws = wb[SHEET]
    assert ws.page_setup.orientation == "landscape"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A11:A12", "B11:B12", "C11:F11", "G11:H11", "I11:I12", "J11:J12"} <= merged
    assert [ws.cell(row=11, column=c).value for c in (1, 2, 3, 7, 9, 10)] == [
        "Stt", "Khu vực", "Điện thoại thông minh", "Dân cư", "Ngày số liệu", "Ghi chú"]
    assert [c.value for c in ws[12]][2:8] == ["Tổng số (máy)", "Đã cài Bluezone (máy)", "Chưa cài", "Tỷ lệ đã cài",
                                             "Số dân (người)", "Số hộ"]
    assert [c.value for c in ws[13]] == ["(1)", "(2)", "(3)", "(4)", "(5)=(3)-(4)", "(6)=(4)/(3)", "(7)", "(8)", "(9)",
                                         "(10)"]
    assert ws["E14"].value == '=IF(COUNT(C14,D14)=0,"",N(C14)-N(D14))' and ws["F14"].value == '=IF(OR(D14="",C14="",C14=0),"",D14/C14)'
    assert ws["C16"].value == '=IF(COUNT(C14:C15)=0,"",SUM(C14:C15))' and ws["F16"].value == '=IF(OR(D16="",C16="",C16=0),"",D16/C16)'
    assert ws["J15"].value == "gồm cả khu dân cư mới" and ws["J15"].protection.locked
    assert not ws["C14"].protection.locked and not ws["I15"].protection.locked and ws["E14"].protection.locked
    assert ws["C8"].value == "Xã số 07" and ws["C8"].protection.locked
    names = wb.defined_names
    assert names["VANBAN_DON_VI"].attr_text == '"xa-so-07"'
    assert names["VANBAN_F1_BANG"].attr_text == "'Phụ lục'!$A$14:$J$15"
    assert names["VANBAN_F1_KHOA"].attr_text.startswith('"STTTT-TTBCXB|phu_luc-1|')


def test_wide_form_in_the_docx_is_a_landscape_section_with_merged_header_cells(built):
    root = ooxml.parse_xml(ooxml.read_part((built / "bao-cao-xa.docx").read_bytes(), "word/document.xml"))
    letter, form = ooxml.section_properties(root)
    q = ooxml.qn
    size = form.find(q("w:pgSz"))
    assert size.get(q("w:orient")) == "landscape"
    assert (size.get(q("w:w")), size.get(q("w:h"))) == (letter.find(q("w:pgSz")).get(q("w:h")),
                                                       letter.find(q("w:pgSz")).get(q("w:w")))
    lm, fm = letter.find(q("w:pgMar")), form.find(q("w:pgMar"))
    # the margins turn with the sheet: binding (left) → top, right → bottom, top/bottom → right/left
    assert [fm.get(q(f"w:{k}")) for k in ("top", "bottom", "left", "right")] == [
        lm.get(q(f"w:{k}")) for k in ("left", "right", "bottom", "top")]
    table = next(t for t in ooxml.body_tables(root) if ooxml.table_grid(t)[0][0]["text"] == "Stt")
    grid = ooxml.table_grid(table)
    assert all(len(row) == 10 for row in grid)
    group = grid[0][2]
    assert (group["text"], group["col_span"], group["row_span"]) == ("Điện thoại thông minh", 4, 1)
    assert grid[0][2] is grid[0][5]
    assert (grid[0][0]["text"], grid[0][0]["row_span"]) == ("Stt", 2) and grid[1][0] is grid[0][0]
    assert [c["text"] for c in grid[1][2:8]] == ["Tổng số (máy)", "Đã cài Bluezone (máy)", "Chưa cài", "Tỷ lệ đã cài",
                                                "Số dân (người)", "Số hộ"]
    assert grid[2][4]["text"] == "(5)=(3)-(4)"
    texts = [ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(root)]
    assert "(Kèm theo Công văn số 1234/STTTT-TTBCXB ngày 05 tháng 8 năm 2020 của Sở Thông tin và Truyền thông)" in texts
    assert "Phụ lục" in texts and "SỐ LIỆU CÀI ĐẶT ỨNG DỤNG BLUEZONE" in texts
    assert "Ghi chú: Tỷ lệ đã cài = (4)/(3); số liệu tính đến ngày báo cáo." in texts
    assert "Người lập biểu" in texts and "(Ký tên, đóng dấu)" in texts


# --------------------------------------------------------------------------- round trip


def _values(i: int) -> list[dict[str, object]]:
    """What commune ``i`` reports for its two rows."""
    return [{"tong_so": 100 + i, "da_cai": 40 + i, "so_dan": 1000 + 7 * i, "so_ho": 300 + i},
            {"tong_so": 200 + 2 * i, "da_cai": 90 + i, "so_dan": 2000 + 3 * i, "so_ho": 500 + i}]


#: Bad cells written on purpose: commune → (cell, value written, column code, row index).
BAD = {
    5: ("C14", "abc", "tong_so", 0),
    9: ("D15", -3, "da_cai", 1),
    20: ("G14", 12.5, "so_dan", 0),
    41: ("H15", "1.5", "so_ho", 1),
}
BAD_DATE = {33: ("I14", "31/2/2020")}


def _fill_workbook(path: Path, i: int, target: Path, *, type_name: bool = False) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    if type_name:
        ws["C8"] = f"xã số {i}"
    for r, row in enumerate(_values(i)):
        for letter, code in INPUTS.items():
            ws[f"{letter}{FIRST + r}"] = row[code]
        ws[f"I{FIRST + r}"] = dt.datetime(2020, 8, 27)
    if i in BAD:
        cell, value, _, _ = BAD[i]
        ws[cell] = value
    if i in BAD_DATE:
        ws[BAD_DATE[i][0]] = BAD_DATE[i][1]
    wb.save(target)


def _fill_docx(path: Path, i: int, target: Path) -> None:
    d = docx.Document(str(path))
    header = next(t for t in d.tables if t.cell(0, 0).text.startswith("UBND XÃ"))
    header.cell(0, 0).paragraphs[0].runs[0].text = f"UBND Xã số {i}"
    table = next(t for t in d.tables if t.cell(0, 0).text == "Stt")
    columns = {"tong_so": 2, "da_cai": 3, "so_dan": 6, "so_ho": 7}
    for r, row in enumerate(_values(i)):
        for code, c in columns.items():
            table.cell(3 + r, c).paragraphs[0].add_run(format_number(Decimal(row[code])))
        table.cell(3 + r, 8).paragraphs[0].add_run("27/8/2020")
    d.save(str(target))


@pytest.fixture(scope="module")
def collected(built, tmp_path_factory):
    filled = tmp_path_factory.mktemp("filled")
    copies = built / "bao-cao-xa-bieu-mau"
    for i in range(1, 60):  # commune 60 never answers
        if i == 12:
            _fill_workbook(built / "bao-cao-xa.xlsx", i, filled / "bao-cao-tra-ve.xlsx", type_name=True)
        elif i == 34:
            _fill_docx(built / "bao-cao-xa.docx", i, filled / "xa34.docx")
        else:
            _fill_workbook(copies / f"xa-so-{i:02d}.xlsx", i, filled / f"xa-so-{i:02d}.xlsx")
    _fill_workbook(copies / "xa-so-07.xlsx", 7, filled / "xa-so-07-gui-lai.xlsx")  # sent twice
    (filled / "ghi-chu.txt").write_text("không phải biểu mẫu", encoding="utf-8")
    out = tmp_path_factory.mktemp("summary")
    files = sorted(str(p) for p in filled.iterdir())
    result = run("collect", str(FIXTURE), *files, "-o", str(out))
    return result, out, filled


def test_collect_reports_every_bad_cell_the_duplicate_and_the_missing_commune(collected):
    result, _, filled = collected
    assert result.returncode == 1
    found = set()
    for line in result.stderr.splitlines():
        match = re.match(r"^(\S+): (lỗi|cảnh báo) (VB\d+)(?: \[([^\]]+)\])?: (.*)$", line)
        if match:
            found.add((Path(match.group(1)).name, match.group(3), match.group(4) or ""))
    expected = {(f"xa-so-{i:02d}.xlsx", "VB904", f"{SHEET}!{cell}") for i, (cell, *_rest) in BAD.items()}
    expected |= {(f"xa-so-{i:02d}.xlsx", "VB904", f"{SHEET}!{cell}") for i, (cell, _) in BAD_DATE.items()}
    expected |= {("xa-so-07.xlsx", "VB905", ""),  # "xa-so-07-gui-lai.xlsx" sorts first and is kept
                 ("ghi-chu.txt", "VB901", ""),
                 ("bao-cao-xa.yaml", "VB906", "")}
    assert found == expected, result.stderr
    assert "trang tính `Phụ lục`, ô C14 (cột Tổng số, dòng `Trung tâm xã`): `abc` không phải là số" in result.stderr
    assert "ô G14 (cột Số dân, dòng `Trung tâm xã`): 12,5 không phải là số nguyên" in result.stderr
    assert "ô D15 (cột Đã cài Bluezone, dòng `Các thôn, ấp`): số -3 âm" in result.stderr
    assert "ô I14 (cột Ngày số liệu, dòng `Trung tâm xã`): ngày `31/2/2020` không có thật" in result.stderr
    assert "Phụ lục: đơn vị `Xã số 60` chưa nộp" in result.stderr
    assert "Phụ lục: 59/60 đơn vị đã nộp, 1 chưa nộp" in result.stdout


def _expected() -> dict[int, dict[str, Decimal | None]]:
    out = {}
    for i in range(1, 60):
        rows = _values(i)
        for j, (_, _, code, r) in ((k, v) for k, v in BAD.items() if k == i):
            rows[r] = {**rows[r], code: None}
        sums = {}
        for code in ("tong_so", "da_cai", "so_dan", "so_ho"):
            present = [Decimal(row[code]) for row in rows if row[code] is not None]
            sums[code] = sum(present, Decimal(0))
        sums["chua_cai"] = sums["tong_so"] - sums["da_cai"]
        sums["ty_le"] = sums["da_cai"] / sums["tong_so"]
        out[i] = sums
    return out


def test_summary_workbook_has_one_row_per_commune_and_the_totals(collected):
    _, out, _ = collected
    wb = openpyxl.load_workbook(out / "bao-cao-xa-tong-hop.xlsx")
    assert wb.sheetnames == ["Tổng hợp 1", "Kiểm tra"]
    ws = wb["Tổng hợp 1"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(k for k, r in enumerate(rows) if r[:2] == ["Stt", "Đơn vị báo cáo"])
    assert rows[head] == ["Stt", "Đơn vị báo cáo", "Tổng số (máy)", "Đã cài Bluezone (máy)", "Chưa cài",
                          "Tỷ lệ đã cài", "Số dân (người)", "Số hộ", "Tình trạng"]
    body = rows[head + 1: head + 62]
    assert [r[1] for r in body[:60]] == [f"Xã số {i:02d}" for i in range(1, 61)]
    expected = _expected()
    codes = ["tong_so", "da_cai", "chua_cai", "ty_le", "so_dan", "so_ho"]
    first = head + 2  # Excel row of the first commune
    for i in range(1, 60):
        row = body[i - 1]
        assert row[0] == i
        for code, value in zip(codes, row[2:8]):
            if code in ("chua_cai", "ty_le"):  # computed columns are live formulas on their row
                assert isinstance(value, str) and value.startswith("=") and f"C{first + i - 1}" in value, (i, code)
            else:
                assert value == pytest.approx(float(expected[i][code])), (i, code)
        assert row[8] == ("1 ô sai" if i in BAD or i in BAD_DATE else "đủ"), i
    assert body[59][2:4] == [None] * 2 and body[59][6:9] == [None] * 2 + ["chưa nộp"]
    total = body[60]
    assert total[1] == "Tổng cộng"
    last = first + 59
    assert total[2:4] == [f"=SUBTOTAL(9,C{first}:C{last})", f"=SUBTOTAL(9,D{first}:D{last})"]
    assert total[6:8] == [f"=SUBTOTAL(9,G{first}:G{last})", f"=SUBTOTAL(9,H{first}:H{last})"]
    checks = [list(r) for r in wb["Kiểm tra"].iter_rows(values_only=True)][1:]
    assert sorted(r[2] for r in checks) == sorted(["VB901", "VB904", "VB904", "VB904", "VB904", "VB904", "VB905",
                                                   "VB906"])


def test_summary_docx_table_formats_numbers_the_vietnamese_way(collected):
    _, out, _ = collected
    root = ooxml.parse_xml(ooxml.read_part((out / "bao-cao-xa-tong-hop.docx").read_bytes(), "word/document.xml"))
    table = ooxml.body_tables(root)[0]
    grid = ooxml.table_grid(table)
    assert len(grid) == 1 + 60 + 1
    expected = _expected()
    tong = sum(expected[i]["tong_so"] for i in expected)
    da = sum(expected[i]["da_cai"] for i in expected)
    total = [c["text"] for c in grid[-1]]
    assert total[1:6] == ["Tổng cộng", format_number(tong), format_number(da), format_number(tong - da),
                          format_ratio(da / tong)]
    assert re.fullmatch(r"\d{1,3}(\.\d{3})+", total[2]) and re.fullmatch(r"\d+,\d\d%", total[5])
    assert [c["text"] for c in grid[34]][1:3] == ["Xã số 34", format_number(expected[34]["tong_so"])]
    assert ooxml.section_properties(root)[0].find(ooxml.qn("w:pgSz")).get(ooxml.qn("w:orient")) == "landscape"
    texts = [ooxml.paragraph_text(p) for p in ooxml.body_paragraphs(root)]
    assert "(Số liệu của 59/60 đơn vị đã nộp, theo Công văn số 1234/STTTT-TTBCXB ngày 05 tháng 8 năm 2020 của Sở " \
           "Thông tin và Truyền thông)" in texts


def test_collect_refuses_another_version_damaged_files_and_specs_without_forms(built, tmp_path):
    changed = tmp_path / "bao-cao-xa-moi.yaml"
    changed.write_text(FIXTURE.read_text(encoding="utf-8").replace("- Trung tâm xã", "- Trung tâm"), encoding="utf-8")
    damaged = tmp_path / "hong.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not a workbook")
    result = run("collect", str(changed), str(built / "bao-cao-xa-bieu-mau" / "xa-so-01.xlsx"), str(damaged),
                 "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "lỗi VB902: Phụ lục: tệp được tạo từ một phiên bản khác của biểu mẫu (cột hoặc dòng đã đổi)" in result.stderr
    assert f"{damaged}: lỗi VB901: không mở được tệp Excel" in result.stderr
    assert "Traceback" not in result.stderr
    plain = run("collect", str(ROOT / "directives" / "003-thai-binh-bluezone.yaml"), str(damaged),
                "-o", str(tmp_path / "none"))
    assert plain.returncode == 1 and "VB909" in plain.stderr
    assert not (tmp_path / "none").exists()


def test_a_workbook_without_its_names_is_read_by_its_layout(built, tmp_path):
    wb = openpyxl.load_workbook(built / "bao-cao-xa.xlsx")
    for name in list(wb.defined_names):
        del wb.defined_names[name]
    ws = wb[SHEET]
    ws["C8"] = "Xã số 02"
    for r, row in enumerate(_values(2)):
        for letter, code in INPUTS.items():
            ws[f"{letter}{FIRST + r}"] = row[code]
        ws[f"I{FIRST + r}"] = "27/8/2020"
    wb.save(tmp_path / "copy.xlsx")
    result = run("collect", str(FIXTURE), str(tmp_path / "copy.xlsx"), "-o", str(tmp_path / "out"))
    assert "Phụ lục: 1/60 đơn vị đã nộp, 59 chưa nộp" in result.stdout, result.stderr
    rows = list(openpyxl.load_workbook(tmp_path / "out" / "bao-cao-xa-tong-hop.xlsx")["Tổng hợp 1"].iter_rows(
        values_only=True))
    row = next(r for r in rows if r[1] == "Xã số 02")
    assert row[2:4] == (100 + 2 + 200 + 4, 40 + 2 + 90 + 2)


@pytest.mark.libreoffice
def test_summary_formulas_recomputed_by_libreoffice_give_the_totals(collected, tmp_path):
    """The summary's formulas, recalculated by LibreOffice Calc (headless), give what vanban computed."""
    soffice = soffice_program()
    if not Path("/usr/lib/libreoffice/program/libsclo.so").exists():
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    _, out, _ = collected
    saved = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(out / "bao-cao-xa-tong-hop.xlsx")],
                   capture_output=True, timeout=300, check=True)
    ws = openpyxl.load_workbook(saved / "bao-cao-xa-tong-hop.xlsx", data_only=True)["Tổng hợp 1"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(k for k, r in enumerate(rows) if r[:2] == ["Stt", "Đơn vị báo cáo"])
    body = rows[head + 1: head + 62]
    expected = _expected()
    for i in range(1, 60):
        assert body[i - 1][4] == pytest.approx(float(expected[i]["chua_cai"])), i
        assert body[i - 1][5] == pytest.approx(float(expected[i]["ty_le"])), i
    sums = {code: sum(expected[i][code] for i in expected) for code in ("tong_so", "da_cai", "so_dan", "so_ho")}
    total = body[60]
    assert total[2] == sums["tong_so"] and total[3] == sums["da_cai"]
    assert total[4] == sums["tong_so"] - sums["da_cai"]
    assert total[5] == pytest.approx(float(sums["da_cai"] / sums["tong_so"]))
    assert (total[6], total[7]) == (sums["so_dan"], sums["so_ho"])


@pytest.mark.libreoffice
def test_a_workbook_saved_again_by_libreoffice_is_still_recognised(built, tmp_path):
    soffice = soffice_program()
    if not Path("/usr/lib/libreoffice/program/libsclo.so").exists():
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)")
    filled = tmp_path / "xa-so-03.xlsx"
    _fill_workbook(built / "bao-cao-xa-bieu-mau" / "xa-so-03.xlsx", 3, filled)
    saved = tmp_path / "saved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(filled)], capture_output=True,
                   timeout=300, check=True)
    wb = openpyxl.load_workbook(saved / "xa-so-03.xlsx", data_only=True)
    ws = wb[SHEET]
    assert ws.protection.sheet and ws["C16"].value == 100 + 3 + 200 + 6  # LibreOffice computed the SUM
    result = run("collect", str(FIXTURE), str(saved / "xa-so-03.xlsx"), "-o", str(tmp_path / "out"))
    assert "Phụ lục: 1/60 đơn vị đã nộp, 59 chưa nộp" in result.stdout, result.stderr
    assert "VB90" not in result.stderr.replace("VB906", "")
