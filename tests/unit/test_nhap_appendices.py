"""`vanban nhap` reads appendices back (#15; directives 021, 022, 023, corpus 19 and 29): small letters built by
vanban's own renderer, imported, the imported spec checked key by key and its rendering compared byte for byte.

Each test fails when its recognition breaks: the "PHỤ LỤC 01" label, a name broken into lines, underline
(``__…__``) in a table cell and in the text, an appendix without a label, the reference line's variants, an
appendix of text with a table of its own and signers under it, a group name with bold marked inside it, a
centred number column with its total.
"""

from __future__ import annotations

import textwrap

import yaml

import vanban
from vanban.importer import import_docx

from test_loader import GOOD


def _spec(appendix: str) -> str:
    return GOOD + "phu_luc:\n" + textwrap.indent(textwrap.dedent(appendix), "  ")


TABLE = textwrap.dedent("""\
    cot:
      - {ten: TT, kieu: stt}
      - {ten: Nội dung, ma: noi_dung, rong: 70}
      - {ten: Thành tiền (đồng), ma: thanh_tien, kieu: so, rong: 30}
    dong:
      - [Lấy mẫu, "1.000"]
      - [Phân tích mẫu, "2.500"]
""")


def round_trip(text: str) -> dict:
    """The spec imported from the .docx of ``text``; asserts that it renders the same bytes, with no warning."""
    loaded = vanban.load(text, name="t.yaml")
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    data = vanban.render_docx(loaded.document)
    imported = import_docx(data, "t.docx")
    assert imported.ok and not [d for d in imported.diagnostics if d.code == "VB963"], [
        d.format() for d in imported.diagnostics]
    again = vanban.load(imported.text, name="t-nhap.yaml")
    assert again.ok, [d.format() for d in again.diagnostics]
    assert vanban.render_docx(again.document) == data, imported.text
    return yaml.safe_load(imported.text)


def test_a_label_numbered_with_a_leading_zero_is_read():
    spec = round_trip(_spec("- nhan: PHỤ LỤC 01\n  ten: Dự toán kinh phí\n" + textwrap.indent(TABLE, "  ")))
    appendix, = spec["phu_luc"]
    assert appendix["nhan"] == "PHỤ LỤC 01" and appendix["ten"] == "Dự toán kinh phí"
    assert [c["ten"] for c in appendix["cot"]] == ["TT", "Nội dung", "Thành tiền"]
    assert "noi_dung" not in appendix and spec["noi_dung"] == ["Đoạn một."]  # nothing left over in the body


def test_two_labels_in_capitals_are_kept_as_written():
    two = _spec("- nhan: PHỤ LỤC 01\n  ten: Thứ nhất\n" + textwrap.indent(TABLE, "  ")
                + "- nhan: PHỤ LỤC 02\n  ten: Thứ hai\n" + textwrap.indent(TABLE, "  "))
    assert [a["nhan"] for a in round_trip(two)["phu_luc"]] == ["PHỤ LỤC 01", "PHỤ LỤC 02"]


def test_a_name_broken_into_lines_keeps_its_lines_and_case():
    spec = round_trip(_spec("- ten:\n    - Thang điểm thi đua của Sở Thông tin và Truyền thông,\n"
                            "    - hưu trí xã hội không dùng tiền mặt\n" + textwrap.indent(TABLE, "  ")))
    appendix, = spec["phu_luc"]
    assert appendix["ten"] == ["Thang điểm thi đua của Sở Thông tin và Truyền thông,",
                               "hưu trí xã hội không dùng tiền mặt"]  # the second line is not capitalised
    assert "nhan" not in appendix  # the default label "Phụ lục"


def test_underline_in_a_table_cell_and_in_the_text_is_kept():
    table = TABLE.replace("[Lấy mẫu,", "[\"__Cách thức:__ lấy mẫu\",")
    text = _spec("- ten: Dự toán\n" + textwrap.indent(table, "  ")).replace(
        "- Đoạn một.", "- Đoạn __gạch chân__ và <https://vanban.dev/a_b>.")
    spec = round_trip(text)
    assert spec["phu_luc"][0]["dong"][0]["noi_dung"] == "__Cách thức:__ lấy mẫu"
    assert spec["noi_dung"] == ["Đoạn __gạch chân__ và <https://vanban.dev/a_b>."]  # a link's underline is its own


def test_an_appendix_without_a_label_and_with_text_only():
    spec = round_trip(_spec("""\
        - nhan: false
          ten: [Thuyết minh kinh phí, năm 2019]
          kem_theo: {de_trong: true}
          noi_dung:
            - muc: Căn cứ pháp lý
              noi_dung:
                - Số liệu được lập trên cơ sở số người hưởng.
            - muc: Tổ chức thực hiện
              noi_dung:
                - khoan: [Vụ Kế hoạch - Tài chính chủ trì., Các địa phương phối hợp.]
        """))
    appendix, = spec["phu_luc"]
    assert appendix["nhan"] is False and appendix["ten"] == ["Thuyết minh kinh phí", "năm 2019"]
    assert appendix["kem_theo"] == {"de_trong": True}
    assert [block["muc"] for block in appendix["noi_dung"]] == ["Căn cứ pháp lý", "Tổ chức thực hiện"]
    assert "cot" not in appendix


def test_the_reference_line_is_read_as_printed():
    for written, read in (("{ngay: ngan}", {"ngay": "ngan"}), ("{cum: ban_hanh_kem_theo, co_quan: false}",
                                                               {"cum": "ban_hanh_kem_theo", "co_quan": False}),
                          ("false", False)):
        spec = round_trip(_spec(f"- ten: Dự toán\n  kem_theo: {written}\n" + textwrap.indent(TABLE, "  ")))
        assert spec["phu_luc"][0]["kem_theo"] == read, written
    spec = round_trip(_spec("- ten: Dự toán\n" + textwrap.indent(TABLE, "  ")))
    assert "kem_theo" not in spec["phu_luc"][0]  # Mẫu 2.1's long date, the default


def test_text_with_a_table_of_its_own_and_notes_and_signers():
    spec = round_trip(_spec(textwrap.dedent("""\
        - ten: Danh mục thủ tục
          ghi_chu: ["Ghi chú: đơn giá theo **Quyết định số 66**."]
          ky: [Người lập biểu, {chuc_danh: Thủ trưởng đơn vị, chu_thich: "(Ký, đóng dấu)"}]
        """) + textwrap.indent(TABLE, "  ") + textwrap.indent(textwrap.dedent("""\
        noi_dung:
          - "**Phần I. DANH MỤC**"
          - bang:
              cot:
                - {ten: STT, kieu: stt}
                - {ten: Mã số, ma: ma_so, rong: 22}
                - {ten: Tên thủ tục, ma: ten, rong: 80}
              dong:
                - ['2.000286', Tiếp nhận đối tượng]
          - Đoạn cuối của phụ lục.
        """), "  ")))
    appendix, = spec["phu_luc"]
    assert appendix["ghi_chu"] == ["Ghi chú: đơn giá theo **Quyết định số 66**."]
    assert appendix["noi_dung"][0] == "**Phần I. DANH MỤC**"
    assert [c["ten"] for c in appendix["noi_dung"][1]["bang"]["cot"]] == ["STT", "Mã số", "Tên thủ tục"]
    assert appendix["noi_dung"][2] == "Đoạn cuối của phụ lục."
    assert appendix["ky"] == ["Người lập biểu", {"chuc_danh": "Thủ trưởng đơn vị", "chu_thich": "(Ký, đóng dấu)"}]


def test_a_group_name_with_bold_inside_and_a_centred_number_column_with_its_total():
    spec = round_trip(_spec("""\
        - ten: Thang điểm
          cot:
            - {ten: STT, kieu: stt, rong: 12}
            - {ten: Tiêu chí, ma: tieu_chi, rong: 70}
            - {ten: Điểm, ma: diem, kieu: so, rong: 20, can: giua}
          danh_so: [la_ma, so]
          tong_cong: true
          dong:
            - nhom: "**Nhóm xã:** tự chấm *(có tài liệu)*"
              dong:
                - {tieu_chi: Mở tài khoản, diem: 20}
                - {tieu_chi: Phát hành thẻ, diem: 40}
        """))
    appendix, = spec["phu_luc"]
    assert appendix["dong"][0]["nhom"] == "**Nhóm xã:** tự chấm *(có tài liệu)*"
    points = appendix["cot"][2]
    assert (points.get("kieu"), points.get("can")) == ("so", "giua")


def test_underline_is_marked_only_where_the_markup_reads_back():
    from vanban.importer.body import markup
    from vanban.model import Span

    assert markup([Span("Cách thức: "), Span("ghi", underline=True), Span(" nhận")]) == "Cách thức: __ghi__ nhận"
    assert markup([Span("a_b "), Span("x", bold=True, underline=True)]) == "a\\_b **__x__**"
    # inside a word "__" is no markup (it would print as two underscores): the words are kept, unmarked
    assert markup([Span("Cách"), Span("thức", underline=True), Span("nhận")]) == "Cáchthứcnhận"
    assert markup([Span("xem "), Span("đây", link="https://a.vn/c_d", underline=True)]) == "xem [đây](https://a.vn/c_d)"
