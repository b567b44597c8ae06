"""The types of Điều 7: per-type keys, ký hiệu, numbered structure, references, forms (exact messages)."""

from __future__ import annotations

import textwrap

import pytest

from vanban import model as m
from vanban import load

from specload import formatted

QD = textwrap.dedent(
    """\
    loai: quyet_dinh
    co_quan:
      ten: Ủy ban nhân dân tỉnh Thái Bình
    so: 5
    ky_hieu: UBND
    dia_danh: Thái Bình
    ngay: 2021-02-05
    trich_yeu: ban hành Quy chế
    tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân tỉnh Thái Bình
    can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương;, Theo đề nghị của Giám đốc Sở]
    noi_dung:
      - dieu: Ban hành kèm theo Quyết định này Quy chế.
      - dieu: Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này.
        khoa: thi_hanh
    noi_nhan:
      - Như {#thi_hanh}
      - Bộ Y tế
    nguoi_ky:
      chuc_vu: Chủ tịch
      ho_ten: Nguyễn Văn A
    """
)


def test_quyet_dinh_loads_with_derived_values():
    result = load(QD, name="t.yaml")
    assert result.ok and list(result.diagnostics) == []
    doc = result.document
    assert doc.type is m.DocumentType.QUYET_DINH
    assert doc.number.line == "Số: 05/QĐ-UBND"
    assert [g.plain for g in doc.ground_lines] == ["Căn cứ Luật Tổ chức chính quyền địa phương;",
                                                   "Theo đề nghị của Giám đốc Sở."]
    assert doc.enacting_word == "QUYẾT ĐỊNH:"
    assert [(a.label, a.text.plain, a.title) for a in doc.body] == [
        ("Điều 1.", "Ban hành kèm theo Quyết định này Quy chế.", None),
        ("Điều 2.", "Chánh Văn phòng chịu trách nhiệm thi hành Quyết định này.", None),
    ]
    assert doc.distribution.lines == ("- Như Điều 2;", "- Bộ Y tế;", "- Lưu: VT.")


def test_every_type_has_its_abbreviation_from_phu_luc_iii():
    table = {t.value: t.abbreviation for t in m.DocumentType}
    assert len(table) == 29
    assert table["quyet_dinh"] == "QĐ" and table["quy_dinh"] == "QyĐ" and table["chuong_trinh"] == "CTr"
    assert table["to_trinh"] == "TTr" and table["cong_dien"] == "CĐ" and table["giay_nghi_phep"] == "GNP"
    assert table["cong_van"] is None and table["thu_cong"] is None
    assert m.DocumentType.GIAY_GIOI_THIEU.heading == "GIẤY GIỚI THIỆU"


@pytest.mark.parametrize("loai,line", [("chi_thi", "Số: 05/CT-UBND"), ("ke_hoach", "Số: 05/KH-UBND"),
                                       ("bao_cao", "Số: 05/BC-UBND"), ("thong_bao", "Số: 05/TB-UBND")])
def test_named_type_code(loai, line):
    text = (QD.replace("loai: quyet_dinh", f"loai: {loai}")
            .replace("tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân tỉnh Thái Bình\n", "")
            .replace("can_cu: [Căn cứ Luật Tổ chức chính quyền địa phương;, Theo đề nghị của Giám đốc Sở]\n", ""))
    result = load(text, name="t.yaml")
    assert result.ok, formatted(text)
    assert result.document.number.line == line
    # outside a quyết định the text of `dieu` is the article's bold title
    assert result.document.body[0].title.plain == "Ban hành kèm theo Quyết định này Quy chế."


def test_type_abbreviation_typed_in_ky_hieu_is_a_warning():
    result = load(QD.replace("ky_hieu: UBND", "ky_hieu: QĐ-UBND"), name="t.yaml")
    assert [d.format() for d in result.diagnostics] == [
        "t.yaml:5:10: cảnh báo VB303 [ky_hieu]: chữ viết tắt tên loại `QĐ` được thêm tự động; chỉ ghi `UBND`"]
    assert result.document.number.line == "Số: 05/QĐ-UBND"


def test_another_types_abbreviation_in_ky_hieu_is_left_to_the_checker():
    result = load(QD.replace("ky_hieu: UBND", "ky_hieu: KH-UBND"), name="t.yaml")
    assert result.ok and result.document.number.code == "QĐ-KH-UBND"
    from vanban.checker import check_document

    assert [d.message for d in check_document(result.document) if d.code == "ND30-PL1-II-3b.4"] == [
        "ký hiệu `KH-UBND` mang chữ viết tắt `KH` của kế hoạch, nhưng văn bản là quyết định"]


def test_keys_required_by_and_foreign_to_the_type_are_reported_together():
    text = QD.replace("tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân tỉnh Thái Bình\n", "kinh_gui: Bộ Y tế\n")
    assert formatted(text) == [
        "t.yaml:1:1: lỗi VB202 [tham_quyen_ban_hanh]: thiếu trường bắt buộc `tham_quyen_ban_hanh`",
        "t.yaml:9:1: lỗi VB211 [kinh_gui]: khóa `kinh_gui` không dùng cho quyết định "
        "(chỉ dùng cho: công văn, công điện, báo cáo, tờ trình, thư công)",
    ]
    assert formatted(QD.replace("loai: quyet_dinh", "loai: ke_hoach")) == [
        "t.yaml:9:1: lỗi VB211 [tham_quyen_ban_hanh]: khóa `tham_quyen_ban_hanh` không dùng cho kế hoạch "
        "(chỉ dùng cho: quyết định, nghị quyết, công điện)",
        "t.yaml:10:1: lỗi VB211 [can_cu]: khóa `can_cu` không dùng cho kế hoạch (chỉ dùng cho: quyết định, nghị quyết)",
    ]
    # with an unknown key as well: all problems at once
    out = formatted(QD.replace("tham_quyen_ban_hanh:", "tham_quyen:"))
    assert [line.split()[2] for line in out] == ["VB202", "VB201"]


def test_cong_van_still_requires_kinh_gui_and_trich_yeu():
    text = textwrap.dedent("""\
        co_quan: {ten: Sở Y tế}
        ky_hieu: SYT-VP
        dia_danh: Thái Bình
        ngay: 2021-02-04
        noi_dung: []
        nguoi_ky: {chuc_vu: Giám đốc, ho_ten: A}
        """)
    assert formatted(text) == [
        "t.yaml:1:1: lỗi VB202 [trich_yeu]: thiếu trường bắt buộc `trich_yeu`",
        "t.yaml:1:1: lỗi VB202 [kinh_gui]: thiếu trường bắt buộc `kinh_gui`",
        "t.yaml:5:11: lỗi VB206 [noi_dung]: không được để trống",
    ]


def test_unknown_reference_suggests_the_key():
    assert formatted(QD.replace("Như {#thi_hanh}", "Như {#thi_hanhh}")) == [
        "t.yaml:16:5: lỗi VB310 [noi_nhan[0]]: không có phần nào mang khóa `thi_hanhh` để trích dẫn {#thi_hanhh} "
        "(có phải ý bạn là `thi_hanh`?)"]


def test_duplicate_key():
    text = QD.replace("  - dieu: Ban hành kèm theo Quyết định này Quy chế.\n",
                      "  - dieu: Ban hành kèm theo Quyết định này Quy chế.\n    khoa: thi_hanh\n")
    assert formatted(text) == ["t.yaml:15:11: lỗi VB311 [noi_dung[1].khoa]: khóa `thi_hanh` đã dùng cho Điều 1 "
                               "(dòng 13)"]


def test_badly_formed_key():
    assert formatted(QD.replace("khoa: thi_hanh", "khoa: thi hanh")) == [
        't.yaml:14:11: lỗi VB203 [noi_dung[1].khoa]: `khoa` chỉ gồm chữ không dấu, chữ số, "_" và "-"']


def test_item_with_both_doan_and_tieu_de():
    text = QD.replace("  - dieu: Ban hành kèm theo Quyết định này Quy chế.", "  - khoan:\n      - doan: a\n        tieu_de: b")
    assert formatted(text) == [
        "t.yaml:13:9: lỗi VB207 [noi_dung[0].khoan[0]]: mỗi mục có đúng một trong hai: `doan` (đoạn mở đầu) hoặc "
        "`tieu_de` (tiêu đề in đậm)"]


def test_misplaced_structure():
    text = QD.replace("  - dieu: Ban hành kèm theo Quyết định này Quy chế.",
                      "  - khoan:\n      - doan: a\n        noi_dung:\n          - chuong: X\n            noi_dung: [y]")
    assert formatted(text) == [
        "t.yaml:15:21: lỗi VB312 [noi_dung[0].khoan[0].noi_dung[0].chuong]: `chuong` không được đặt trong một "
        "khoản, điểm hay gạch đầu dòng (đặt trong cấp ngoài cùng của nội dung hoặc một phần)"]
    text = QD.replace("  - dieu: Ban hành kèm theo Quyết định này Quy chế.", "  - tieu_muc: X\n    noi_dung: [y]")
    assert formatted(text) == [
        "t.yaml:12:15: lỗi VB312 [noi_dung[0].tieu_muc]: `tieu_muc` không được đặt trong cấp ngoài cùng của nội dung "
        "(đặt trong một mục của chương)"]


def test_required_title():
    text = QD.replace("  - dieu: Ban hành kèm theo Quyết định này Quy chế.", "  - chuong: ''\n    noi_dung: [y]")
    assert formatted(text) == ["t.yaml:12:13: lỗi VB206 [noi_dung[0].chuong]: không được để trống"]


def test_bad_stamp_and_enclosure_type():
    assert formatted(QD + "do_khan: gap\n") == [
        "t.yaml:21:10: lỗi VB204 [do_khan]: giá trị `gap` không hợp lệ; chọn một trong: 'khan', 'thuong_khan' "
        "hoặc 'hoa_toc'"]
    assert formatted(QD + "kem_theo:\n  - loai: chi_thi\n    trich_yeu: x\n    noi_dung: [y]\n") == [
        "t.yaml:22:11: lỗi VB204 [kem_theo[0].loai]: `chi_thi` không phải loại văn bản ban hành kèm theo (chọn một "
        "trong: quy_che, quy_dinh, huong_dan, chuong_trinh, ke_hoach, phuong_an, de_an, du_an)"]


STRUCTURED = textwrap.dedent(
    """\
    loai: quy_dinh
    co_quan: {ten: Sở Thông tin và Truyền thông}
    ky_hieu: STTTT
    dia_danh: Thái Bình
    ngay: 2021-02-05
    trich_yeu: thử
    noi_dung:
      - phan: Quy định chung
        noi_dung:
          - chuong: Phạm vi
            noi_dung:
              - dieu: Một
              - dieu: Hai
      - phan: Quy định cụ thể
        noi_dung:
          - chuong: Trách nhiệm
            noi_dung:
              - muc: Sở
                noi_dung:
                  - tieu_muc: Sở A
                    noi_dung:
                      - dieu: Ba
                        khoa: ba
                  - tieu_muc: Sở B
                    noi_dung:
                      - dieu: Bốn
              - muc: Huyện
                noi_dung:
                  - dieu: "Năm, xem {#ba} và {#huyen}"
                    noi_dung:
                      - diem: [a, b, c, d, e, f]
                khoa: huyen
    nguoi_ky: {chuc_vu: Giám đốc, ho_ten: A}
    """
)


def test_numbers_are_computed_through_the_document():
    result = load(STRUCTURED, name="t.yaml")
    assert result.ok, [d.format() for d in result.diagnostics]
    labels = []

    def walk(blocks):
        for block in blocks:
            if isinstance(block, (m.Section, m.Article)):
                labels.append(block.label)
                walk(block.children)
            elif isinstance(block, m.ItemList):
                labels.extend(item.label for item in block.items)

    walk(result.document.body)
    assert labels == ["Phần I", "Chương I", "Điều 1.", "Điều 2.", "Phần II", "Chương II", "Mục 1", "Tiểu mục 1",
                      "Điều 3.", "Tiểu mục 2", "Điều 4.", "Mục 2", "Điều 5.", "a)", "b)", "c)", "d)", "đ)", "e)"]
    article = result.document.body[1].children[0].children[1].children[0]
    assert article.title.plain == "Năm, xem Điều 3 và Mục 2"


def test_muc_outside_a_chuong_is_the_roman_muc_of_reports():
    section = m.Section(m.SectionKind.MUC_LA_MA, 4, "Kiến nghị")
    assert (section.label, section.citation) == ("IV.", "Mục IV")
    assert [m.roman(n) for n in (1, 4, 9, 14, 40, 1999)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIX"]


def test_forms_lines():
    date = m.IssueDate("", 2020, 8, 31)
    intro = m.Introduction("Sở Thông tin và Truyền thông", "Nguyễn Văn B", None, "UBND huyện", "hỗ trợ", date)
    assert intro.lines[-1] == ("", "Giấy này có giá trị đến hết ngày 31 tháng 8 năm 2020.")
    minutes = m.Minutes("8 giờ", "Phòng họp", ("A", "B"), "Ông C", "Bà D", "11 giờ cùng ngày.")
    assert minutes.closing == "Cuộc họp kết thúc vào 11 giờ cùng ngày."
    assert ("", "- A;") in minutes.lines and ("", "- B.") in minutes.lines
    invitation = m.Invitation("Sở Y tế", ("Ông A",), "cuộc họp", time="8 giờ")
    assert invitation.lines == (("", "Sở Y tế trân trọng kính mời:"), ("", "Ông A"), ("Tới dự", "cuộc họp"),
                                ("Thời gian:", "8 giờ"))


def test_enclosure_reference_is_derived_from_the_decision():
    text = QD + "kem_theo:\n  - loai: quy_che\n    trich_yeu: phối hợp\n    noi_dung:\n      - dieu: Phạm vi\n"
    doc = load(text, name="t.yaml").document
    (enclosed,) = doc.enclosures
    assert enclosed.reference == ("(Kèm theo Quyết định số 05/QĐ-UBND ngày 05 tháng 02 năm 2021 của Chủ tịch "
                                  "Ủy ban nhân dân tỉnh Thái Bình)")
    assert enclosed.body[0].label == "Điều 1." and enclosed.body[0].title.plain == "Phạm vi"
    draft = load(text.replace("so: 5\n", "").replace("ngay: 2021-02-05", "ngay: 2/2021"), name="t.yaml")
    assert draft.document.enclosures[0].reference.startswith(
        "(Kèm theo Quyết định số       /QĐ-UBND ngày      tháng 02 năm 2021 của")


def test_long_agency_name_fits_the_core_properties():
    import io
    import zipfile

    from vanban import ooxml
    from vanban.render.docx import render_docx

    doc = load(QD.replace("ten: Ủy ban nhân dân tỉnh Thái Bình", "ten: " + "Ban " * 100), name="t.yaml").document
    with zipfile.ZipFile(io.BytesIO(render_docx(doc))) as zf:
        core = ooxml.parse_xml(zf.read("docProps/core.xml"))
    creator = core.find("{http://purl.org/dc/elements/1.1/}creator").text
    assert len(creator) == 255 and creator.endswith("…")
