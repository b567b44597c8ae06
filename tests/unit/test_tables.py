"""Tables (bảng): the model's numbering per level, subtotals and totals over items only (nested groups,
no double counting), the `bang` block in the body of any type, the .docx read back (gridSpan group rows,
computed totals, right-aligned numbers, bold/italic runs without literal markers, tblHeader, cantSplit,
keepNext on group rows) and the coded errors with their positions."""

from __future__ import annotations

import io
import textwrap
import zipfile
from decimal import Decimal

import pytest

import vanban
from vanban import ooxml
from vanban.model.compute import layout
from vanban.model.tables import Numbering
from vanban.render.text import render_text

from specload import REPORT_HEAD, report_letter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

TABLE = """\
      don_vi_tinh: "ĐVT: đồng"
      cot:
        - {ten: TT, kieu: stt}
        - {ten: Chỉ tiêu, ma: chi_tieu, rong: 80}
        - {ten: Số mẫu, ma: so_mau, kieu: so, cong: false}
        - {ten: Thành tiền, ma: thanh_tien, kieu: so}
        - {ten: Ghi chú, ma: ghi_chu}
      cong_nhom: true
      tong_cong: {nhan: TỔNG SỐ, vi_tri: tren, thanh_tien: "30.000"}
      dong:
        - nhom: "**Quan trắc** thường xuyên"
          dong:
            - nhom: Mẫu nước nguồn cấp
              dong:
                - {chi_tieu: "Nhiệt độ *nước*", so_mau: 108, thanh_tien: "10.000", ghi_chu: "STT 6, PL 6"}
                - {chi_tieu: pH, so_mau: 108, thanh_tien: "5.000"}
            - ["Oxy hòa tan", 36, "5.000", "[QĐ 66](https://example.gov.vn/qd66)"]
        - nhom: Quan trắc đột xuất
          thanh_tien: "10.000"
          dong:
            - {chi_tieu: Coliform, so_mau: 10, thanh_tien: "10.000"}
  - Báo cáo để Ủy ban nhân dân tỉnh biết.
"""


def spec(table: str = TABLE) -> str:
    return report_letter(table)


def load_ok(text: str):
    result = vanban.load(text, name="t.yaml")
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return result.document


def errors(text: str) -> list:
    result = vanban.load(text, name="t.yaml")
    assert not result.ok
    return result.diagnostics.errors


def table_of(document):
    return next(b for b in document.body if isinstance(b, vanban.model.TableBlock)).table


# --------------------------------------------------------------------------- model


def test_numbering_per_level_and_subtotals_over_items_only():
    table = table_of(load_ok(spec()))
    rows = layout(table)
    kinds = [(r.kind, r.label) for r in rows]
    assert kinds == [("total", ""), ("group", "I"), ("group", "1"), ("item", "a"), ("item", "b"), ("item", "2"),
                     ("group", "II"), ("item", "1")]
    money = table.index("thanh_tien")
    assert [r.values[money] for r in rows] == [Decimal(30000), Decimal(20000), Decimal(15000), Decimal(10000),
                                               Decimal(5000), Decimal(5000), Decimal(10000), Decimal(10000)]
    # a column with cong: false is neither subtotalled nor totalled
    samples = table.index("so_mau")
    assert rows[0].values[samples] is None and rows[1].values[samples] is None


def test_total_at_the_bottom_and_dotted_numbering():
    table = table_of(load_ok(spec(TABLE.replace("vi_tri: tren", "vi_tri: duoi").replace(
        "cong_nhom: true", "cong_nhom: true\n      danh_so: [la_ma, so, so_noi]"))))
    rows = layout(table)
    assert rows[-1].kind == "total" and rows[0].label == "I"
    assert [r.label for r in rows[:-1]] == ["I", "1", "1.1", "1.2", "2", "II", "1"]
    assert Numbering.LETTER.label(5) == "đ"


def test_grand_total_does_not_count_group_rows_twice():
    """Three levels of groups carrying subtotals: the total is the sum of the items only."""
    text = spec(textwrap.indent(textwrap.dedent("""\
        cot: [{ten: TT, kieu: stt}, {ten: Nội dung}, {ten: Tiền, ma: tien, kieu: so}]
        cong_nhom: true
        tong_cong: {nhan: Tổng cộng, tien: 7}
        dong:
          - nhom: A
            dong:
              - nhom: B
                dong:
                  - nhom: C
                    dong: [[x, 1], [y, 2]]
                  - [z, 3]
          - [w, 1]
        """), "      "))
    rows = layout(table_of(load_ok(text)))
    assert [r.values[2] for r in rows] == [Decimal(6), Decimal(6), Decimal(3), Decimal(1), Decimal(2), Decimal(3),
                                           Decimal(1), Decimal(7)]


# --------------------------------------------------------------------------- coded errors


@pytest.mark.parametrize("change, code, where", [
    (("thanh_tien: \"30.000\"}", "thanh_tien: \"31.000\"}"), "VB260", "noi_dung[1].bang.tong_cong.thanh_tien"),
    (("thanh_tien: \"10.000\"\n", "thanh_tien: \"12.000\"\n"), "VB264", "noi_dung[1].bang.dong[1].thanh_tien"),
    (("- [\"Oxy hòa tan\", 36, \"5.000\",", "- [\"Oxy hòa tan\", 36, \"5.000\", 1, 2,"), "VB261",
     "noi_dung[1].bang.dong[0].dong[1]"),
    (("\"Nhiệt độ *nước*\"", "\"Nhiệt độ **nước*\""), "VB263", "noi_dung[1].bang.dong[0].dong[0].dong[0].chi_tieu"),
])
def test_table_errors_are_coded_with_their_position(change, code, where):
    text = spec(TABLE.replace(*change))
    assert text != spec()
    found = [d for d in errors(text) if d.code == code]
    assert found, errors(text)
    assert found[0].path == where
    assert found[0].position.line > 14 and found[0].position.col > 1


def test_empty_group_is_an_error():
    text = spec(TABLE.replace("        - nhom: Quan trắc đột xuất\n          thanh_tien: \"10.000\"\n          dong:\n"
                              "            - {chi_tieu: Coliform, so_mau: 10, thanh_tien: \"10.000\"}\n",
                              "        - nhom: Quan trắc đột xuất\n").replace("\"30.000\"", "\"20.000\""))
    found = [d for d in errors(text) if d.code == "VB262"]
    assert found and found[0].path == "noi_dung[1].bang.dong[1].nhom"


def test_escaped_marker_is_allowed():
    document = load_ok(spec(TABLE.replace("\"Nhiệt độ *nước*\"", "\"Nhiệt độ 2\\\\*3\"")))
    assert "Nhiệt độ 2*3" in render_text(document)


# --------------------------------------------------------------------------- .docx read back


def _document_xml(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return ooxml.parse_xml(z.read("word/document.xml"))


def _text(node) -> str:
    return "".join(t.text or "" for t in node.iter(W + "t"))


def test_docx_table_read_back():
    document = load_ok(spec())
    root = _document_xml(vanban.render_docx(document))
    tables = [t for t in root.iter(W + "tbl") if any(h is not None for h in t.iter(W + "tblHeader"))]
    assert len(tables) == 1
    tbl = tables[0]
    rows = tbl.findall(W + "tr")
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    texts = [[_text(tc) for tc in r.findall(W + "tc")] for r in rows]
    assert texts[1] == ["", "TỔNG SỐ", "", "30.000", ""]
    # group rows: the name spans the empty columns up to the amount; kept with the next row
    assert texts[2] == ["I", "Quan trắc thường xuyên", "20.000", ""]
    span = rows[2].findall(W + "tc")[1].find(f"{W}tcPr/{W}gridSpan")
    assert span is not None and span.get(W + "val") == "2"
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in rows[2].iter(W + "p"))
    assert rows[4].find(f".//{W}keepNext") is None  # an item row is not kept with the next
    # bold and italic runs where the spec marks them, no literal markers anywhere
    whole = _text(tbl)
    assert "*" not in whole and "__" not in whole
    italic = [_text(r) for r in rows[4].iter(W + "r") if r.find(f"{W}rPr/{W}i") is not None]
    assert italic == ["nước"]
    # right-aligned numbers (the style of number cells)
    number_cell = rows[4].findall(W + "tc")[3]
    style = number_cell.find(f".//{W}pStyle").get(W + "val")
    assert style == "VBBangSo" and _text(number_cell) == "10.000"
    # a link in a cell
    assert rows[6].find(f".//{W}hyperlink") is not None


def test_docx_whole_row_group():
    text = spec(TABLE.replace("        - nhom: Quan trắc đột xuất\n", "        - nhom: Quan trắc đột xuất\n"
                                                                      "          ca_dong: true\n")
                .replace("          thanh_tien: \"10.000\"\n", ""))
    root = _document_xml(vanban.render_docx(load_ok(text)))
    rows = [r for t in root.iter(W + "tbl") for r in t.findall(W + "tr")]
    row = next(r for r in rows if "đột xuất" in _text(r))
    cells = row.findall(W + "tc")
    assert len(cells) == 1 and _text(cells[0]) == "II. Quan trắc đột xuất"
    assert cells[0].find(f"{W}tcPr/{W}gridSpan").get(W + "val") == "5"


def test_text_output_shows_the_table():
    out = render_text(load_ok(spec()))
    assert "| I | Quan trắc thường xuyên |  | 20.000 |  |" in out
    assert "ĐVT: đồng" in out


def test_same_input_same_bytes():
    document = load_ok(spec())
    assert vanban.render_docx(document) == vanban.render_docx(document)


def test_readme_example_loads_and_computes():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tables (bảng)", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    document = load_ok(REPORT_HEAD + example)
    rows = layout(table_of(document))
    assert rows[0].kind == "total" and rows[0].values[3] == Decimal(30000)
    assert [r.label for r in rows[1:]] == ["I", "1", "a", "b", "2", "II", "1"]


def test_fast_whole_number_format_is_babels():
    from babel.numbers import format_decimal

    from vanban.model.values import format_number

    for value in (0, 7, 999, 1000, 187315, 1364329243, -1234, 10 ** 15 + 1):
        assert format_number(Decimal(value)) == format_decimal(Decimal(value), "#,##0", locale="vi_VN"), value
    assert format_number(Decimal("1234.5"), 2) == "1.234,50"


def test_diff_names_the_changed_row_of_a_table():
    old = load_ok(spec())
    new = load_ok(spec(TABLE.replace('{chi_tieu: pH, so_mau: 108, thanh_tien: "5.000"}',
                                     '{chi_tieu: pH, so_mau: 108, thanh_tien: "6.000"}').replace('"30.000"', '"31.000"')))
    changes = vanban.diff(old, new)
    labels = [c.label.split(" (")[0] for c in changes]
    assert "Bảng 1, dòng I.1.b" in labels  # the item, named down its groups
    assert "Bảng 1, dòng I.1" in labels and "Bảng 1, dòng I" in labels  # the subtotals that moved with it
    assert "Bảng 1, dòng tổng cộng" in labels
    row = next(c for c in changes if c.label.startswith("Bảng 1, dòng I.1.b"))
    assert "5.000" in row.old and "6.000" in row.new


def test_underlined_lead_in_in_a_cell():
    text = spec(TABLE.replace('ghi_chu: "STT 6, PL 6"', 'ghi_chu: "__Nguồn:__ STT 6, PL 6"'))
    root = _document_xml(vanban.render_docx(load_ok(text)))
    runs = [r for r in root.iter(W + "r") if r.find(f"{W}rPr/{W}u") is not None and r.find(f"{W}t") is not None]
    assert [_text(r) for r in runs if "Nguồn" in _text(r)] == ["Nguồn:"]
    assert "__" not in "".join(_text(t) for t in root.iter(W + "tbl"))


# --------------------------------------------------------------------------- markers per group, sub-rows (corpus 19)

SUB_ROWS = """\
      cot:
        - {ten: TT, kieu: stt}
        - {ten: Tên điểm, ma: ten}
        - ten: Vị trí lấy mẫu
          cot: [{ten: X, ma: x}, {ten: Y, ma: y}]
        - {ten: Tiền, ma: tien, kieu: so}
        - {ten: Ghi chú, ma: ghi_chu}
      stt_lien_tuc: true
      cong_nhom: true
      tong_cong: true
      dong:
        - nhom: Vùng một
          danh_so: gach
          dong:
            - [Điểm A, "1", "2", "1.000", Chung cho A và B]
            - {gop_tren: true, x: "3", y: "4", tien: "500"}
            - {ten: Điểm B, x: "5", y: "6", tien: "200", gop_tren: [ghi_chu]}
        - nhom: Vùng hai
          dong:
            - [Điểm C, "7", "8", "300"]
            - {gop_tren: [cot1, ten], x: "9", y: "10", tien: "100"}
            - [Điểm D, "7", "8", "300"]
  - Báo cáo để Ủy ban nhân dân tỉnh biết.
"""


def test_group_markers_and_sub_rows_are_numbered_as_the_source_shows():
    """A group may number its rows otherwise than the level ("-" under one, 1, 2 under the next, numbered on
    across groups); a sub-row merged with the row above has no number and its amount still counts."""
    table = table_of(load_ok(spec(SUB_ROWS)))
    rows = layout(table)
    assert [(r.kind, r.label) for r in rows] == [
        ("group", "I"), ("item", "-"), ("item", ""), ("item", "-"), ("group", "II"), ("item", "1"), ("item", ""),
        ("item", "2"), ("total", "")]
    money = table.index("tien")
    assert [r.values[money] for r in rows if r.kind != "item"] == [Decimal(1700), Decimal(700), Decimal(2400)]
    assert table.rows[2].merged_up == frozenset({0, 1, 5})  # Stt, name, note: every cell left blank
    assert table.rows[3].merged_up == frozenset({5})


def test_nested_group_numbering_differs_per_group():
    """Corpus 19, Phụ lục II: under "1.1" the groups are 1.1.1, 1.1.2; under "1.2" they are a, b; the items
    of "a" are "-", those of "1.1.2" are 1, 2."""
    text = spec(textwrap.indent(textwrap.dedent("""\
        cot: [{ten: TT, kieu: stt}, {ten: Nội dung}, {ten: Tiền, ma: tien, kieu: so}]
        danh_so: [la_ma, so, so_noi, so_noi, chu, gach]
        cong_nhom: true
        dong:
          - nhom: A
            dong:
              - nhom: B
                dong:
                  - nhom: C
                    dong:
                      - nhom: D
                        dong:
                          - nhom: E
                            dong: [[x, 1]]
                      - nhom: F
                        danh_so: so
                        dong: [[y, 2], [z, 3]]
                  - nhom: G
                    danh_so: chu
                    dong:
                      - nhom: H
                        danh_so: gach
                        dong: [[w, 4]]
          - [v, 5]
        """), "      "))
    rows = layout(table_of(load_ok(text)))
    assert [r.label for r in rows] == ["I", "1", "1.1", "1.1.1", "a", "-", "1.1.2", "1", "2", "1.2", "a", "-", "II"]
    assert [r.values[2] for r in rows if r.kind == "group"][:2] == [Decimal(10), Decimal(10)]


def test_sub_rows_in_the_docx_are_vertical_merges_kept_with_their_row():
    root = _document_xml(vanban.render_docx(load_ok(spec(SUB_ROWS))))
    tbl = next(t for t in root.iter(W + "tbl") if any(True for _ in t.iter(W + "tblHeader")))
    rows = tbl.findall(W + "tr")[2:]  # after the two header rows

    def merges(row):
        return [None if (v := tc.find(f"{W}tcPr/{W}vMerge")) is None else v.get(W + "val", "continue")
                for tc in row.findall(W + "tc")]

    assert [_text(tc) for tc in rows[1].findall(W + "tc")] == ["-", "Điểm A", "1", "2", "1.000", "Chung cho A và B"]
    assert merges(rows[1]) == ["restart", "restart", None, None, None, "restart"]
    assert merges(rows[2]) == ["continue", "continue", None, None, None, "continue"]
    assert [_text(tc) for tc in rows[2].findall(W + "tc")] == ["", "", "3", "4", "500", ""]
    assert merges(rows[3]) == [None, None, None, None, None, "continue"]
    # a row whose sub-rows follow is kept on their page; the last sub-row is not kept with the next row
    assert rows[1].find(f".//{W}keepNext") is not None and rows[2].find(f".//{W}keepNext") is not None
    assert rows[3].find(f".//{W}keepNext") is None
    assert merges(rows[6]) == ["continue", "continue", None, None, None, None]


@pytest.mark.parametrize("change, code, where", [
    (("{gop_tren: [cot1, ten]", "{gop_tren: [cot1, tenn]"), "VB268", "noi_dung[1].bang.dong[1].dong[1].gop_tren[1]"),
    (("{gop_tren: [cot1, ten], x:", "{gop_tren: [cot1, x], x:"), "VB269", "noi_dung[1].bang.dong[1].dong[1].gop_tren[1]"),
    (("            - [Điểm C, \"7\", \"8\", \"300\"]\n", ""), "VB270", "noi_dung[1].bang.dong[1].dong[0].gop_tren"),
])
def test_sub_row_errors_are_coded(change, code, where):
    text = spec(SUB_ROWS.replace(*change))
    assert text != spec(SUB_ROWS)
    found = [d for d in errors(text) if d.code == code]
    assert found, errors(text)
    assert found[0].path == where and found[0].position.line > 14


# --------------------------------------------------------------------------- the checker reads the cells


def test_content_rules_read_body_table_cells():
    """A citation written wrong in a cell of a body table is found, at the row's file:line:col; a header cell
    is read as well."""
    from vanban.checker import check_document

    text = spec(TABLE.replace("ghi_chu: \"STT 6, PL 6\"", "ghi_chu: \"theo Khoản 2 Điều 5 Quyết định số 66/ 2018/QĐ-UBND\"")
                .replace("{ten: Ghi chú, ma: ghi_chu}", "{ten: \"Ghi chú (theo quyết định số 12/2020/QĐ-UBND)\", ma: ghi_chu}"))
    result = vanban.load(text, name="t.yaml")
    assert result.ok
    found = {(d.code, d.path) for d in check_document(result.document)}
    row = "noi_dung[1].bang.dong[0].dong[0].dong[0]"
    assert ("ND30-PL2-V.1", row) in found
    assert ("ND30-PL1-II-6b.1", row) in found
    assert ("ND30-PL2-V.2", "noi_dung[1].bang") in found
    line = next(d for d in check_document(result.document) if d.code == "ND30-PL2-V.1").position.line
    assert text.splitlines()[line - 1].lstrip().startswith("- {chi_tieu: \"Nhiệt độ")


def test_bench_letter_and_appendix_load():
    """bench/bench_tables.py builds on the same report letter (tests/specload.py): its letter and a small grouped
    appendix load, with as many rows as asked for."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    try:
        import bench_tables
    finally:
        sys.path.pop(0)
    assert bench_tables.LETTER.startswith(REPORT_HEAD)
    document = load_ok(bench_tables.LETTER + bench_tables.appendix(150))
    assert len(document.attachments[0].table.rows) == 150
