"""Appendices of any kind (phụ lục, §3.16): a label as written or none, a title on the lines the clerk broke
it into, the reference line in the decree's forms (Kèm theo / Ban hành kèm theo, short or long date, with or
without the issuer, số and ngày blank for an electronic document), the unit line as written, body blocks after
(or instead of) the table, notes with inline markup, and the error for an appendix with nothing in it."""

from __future__ import annotations

import io
import textwrap
import zipfile

import pytest

import vanban
from vanban import ooxml
from vanban.model.forms import Reference, reference_line

from conftest import outputs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

LETTER = textwrap.dedent(
    """\
    loai: cong_van
    co_quan: {ten: Bộ Lao động - Thương binh và Xã hội}
    so: 5230
    ky_hieu: LĐTBXH-KHTC
    dia_danh: Hà Nội
    ngay: 2018-12-10
    trich_yeu: dự toán kinh phí năm 2019
    kinh_gui: Sở Lao động - Thương binh và Xã hội tỉnh Hưng Yên
    noi_dung: [Bộ thông báo dự toán như thuyết minh kèm theo.]
    luu: [VT, KHTC]
    nguoi_ky: {ky_thay: Bộ trưởng, chuc_vu: Thứ trưởng, ho_ten: Lê Tấn Dũng}
    """
)

TEXT_ONLY = textwrap.dedent(
    """\
    phu_luc:
      - nhan: false
        ten: [Thuyết minh dự toán kinh phí, năm 2019]
        kem_theo: {de_trong: true}
        noi_dung:
          - muc: Căn cứ lập dự toán
            noi_dung:
              - Dự toán lập theo số người hưởng đến ngày 30/11/2018.
          - muc: Nội dung dự toán
            noi_dung:
              - khoan: ["Chi phí chi trả **0,55%**.", Chi phí quản lý.]
    """
)

BUDGET = textwrap.dedent(
    """\
    phu_luc:
      - nhan: PHỤ LỤC 01
        ten: Dự toán kinh phí
        kem_theo: {cum: ban_hanh_kem_theo, ngay: dai, co_quan: false}
        don_vi_tinh: "ĐVT: triệu đồng"
        cot:
          - {ten: TT, kieu: stt}
          - {ten: Nội dung, ma: noi_dung}
          - {ten: Kinh phí, ma: kinh_phi, kieu: so}
          - {ten: Ghi chú, ma: ghi_chu}
        cong_nhom: true
        tong_cong: {nhan: TỔNG SỐ, vi_tri: tren}
        dong:
          - nhom: Chi thường xuyên
            dong: [[Lương, 10], [Điện nước, 5]]
        ghi_chu: ["Ghi chú: số liệu __tạm tính__, *chưa* gồm thuế."]
        noi_dung:
          - muc: Hướng dẫn đánh giá
            noi_dung:
              - khoan: [Đơn vị tự đánh giá., Sở kiểm tra.]
      - nhan: PHỤ LỤC 02
        ten: Dự toán chi tiết
        cot: [{ten: Nội dung}, {ten: Kinh phí, kieu: so}]
        dong: [[Hội nghị, 3]]
    """
)


def load_ok(text: str):
    result = vanban.load(text, name="t.yaml")
    assert result.ok, [str(d) for d in result.diagnostics.items]
    return result.document


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style id, text) of the body paragraphs outside tables, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ooxml.parse_xml(z.read("word/document.xml"))
    body = root.find(W + "body")
    out = []
    for p in body.findall(W + "p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(W + "t"))
        out.append((style.get(W + "val") if style is not None else "", text))
    return out


def test_text_only_appendix_without_label_blank_reference():
    document = load_ok(LETTER + TEXT_ONLY)
    form = document.attachments[0]
    assert form.table is None and form.label == ""
    assert form.lines_of_title == ("Thuyết minh dự toán kinh phí", "năm 2019")
    assert reference_line(document, form.reference) == (
        "(Kèm theo Công văn số      /LĐTBXH-KHTC ngày      tháng      năm 2018 của Bộ Lao động - Thương binh và Xã "
        "hội)")
    found = paragraphs(vanban.render_docx(document))
    styles = [s for s, _ in found]
    assert "VBPhuLucSo" not in styles  # no label
    title = next(t for s, t in found if s == "VBTenPhuLuc")
    assert title == "THUYẾT MINH DỰ TOÁN KINH PHÍNĂM 2019"  # two lines, broken by w:br
    texts = [t for _, t in found]
    assert "I. CĂN CỨ LẬP DỰ TOÁN" in texts and "II. NỘI DUNG DỰ TOÁN" in texts
    assert "1. Chi phí chi trả 0,55%." in texts


def test_title_line_break_is_a_break():
    data = vanban.render_docx(load_ok(LETTER + TEXT_ONLY))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ooxml.parse_xml(z.read("word/document.xml"))
    title = next(p for p in root.iter(W + "p") if (p.find(f"{W}pPr/{W}pStyle") is not None and
                                                  p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "VBTenPhuLuc"))
    assert len(list(title.iter(W + "br"))) == 1


@pytest.mark.parametrize("reference, expected", [
    (Reference(),  # Mẫu 2.1: "ngày … tháng … năm …" (§3.16)
     "(Kèm theo Công văn số 5230/LĐTBXH-KHTC ngày 10 tháng 12 năm 2018 của Bộ Lao động - Thương binh và Xã hội)"),
    (Reference(long_date=False),
     "(Kèm theo Công văn số 5230/LĐTBXH-KHTC ngày 10/12/2018 của Bộ Lao động - Thương binh và Xã hội)"),
    (Reference(long_date=False, blank=True),
     "(Kèm theo Công văn số      /LĐTBXH-KHTC ngày     /    /2018 của Bộ Lao động - Thương binh và Xã hội)"),
    (Reference("Ban hành kèm theo", long_date=True, issuer=False),
     "(Ban hành kèm theo Công văn số 5230/LĐTBXH-KHTC ngày 10 tháng 12 năm 2018)"),
    (Reference(long_date=True, blank=True),
     "(Kèm theo Công văn số      /LĐTBXH-KHTC ngày      tháng      năm 2018 của Bộ Lao động - Thương binh và Xã hội)"),
])
def test_reference_line_forms(reference, expected):
    assert reference_line(load_ok(LETTER), reference) == expected


def test_budget_appendices_label_as_written_unit_notes_body():
    document = load_ok(LETTER + BUDGET)
    first, second = document.attachments
    assert (first.label, second.label) == ("PHỤ LỤC 01", "PHỤ LỤC 02")
    found = paragraphs(vanban.render_docx(document))
    texts = [t for _, t in found]
    assert "PHỤ LỤC 01" in texts and "PHỤ LỤC 02" in texts
    assert "(Ban hành kèm theo Công văn số 5230/LĐTBXH-KHTC ngày 10 tháng 12 năm 2018)" in texts
    assert "ĐVT: triệu đồng" in texts
    note = texts.index("Ghi chú: số liệu tạm tính, chưa gồm thuế.")
    assert texts[note + 1] == "I. HƯỚNG DẪN ĐÁNH GIÁ"  # the body blocks come after the table and its notes
    assert texts[note + 2] == "1. Đơn vị tự đánh giá."
    # the second appendix keeps the default reference line
    assert texts.count("(Kèm theo Công văn số 5230/LĐTBXH-KHTC ngày 10 tháng 12 năm 2018 của Bộ Lao động - Thương "
                       "binh và Xã hội)") == 1


def test_note_markup_is_formatting_not_asterisks():
    data = vanban.render_docx(load_ok(LETTER + BUDGET))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        root = ooxml.parse_xml(z.read("word/document.xml"))
    note = next(p for p in root.iter(W + "p") if "tạm tính" in "".join(t.text or "" for t in p.iter(W + "t")))
    underlined = ["".join(t.text for t in r.iter(W + "t")) for r in note.iter(W + "r")
                  if r.find(f"{W}rPr/{W}u") is not None]
    assert underlined == ["tạm tính"]
    assert "*" not in "".join(t.text or "" for t in note.iter(W + "t"))


def test_appendix_with_nothing_is_an_error():
    result = vanban.load(LETTER + "phu_luc:\n  - ten: Trống\n", name="t.yaml")
    assert not result.ok
    found = [d for d in result.diagnostics.errors if d.code == "VB266"]
    assert found and found[0].path == "phu_luc[0]" and found[0].position.line == 13


def test_open_markup_in_a_note_is_an_error():
    result = vanban.load(LETTER + BUDGET.replace("__tạm tính__", "__tạm tính"), name="t.yaml")
    found = [d for d in result.diagnostics.errors if d.code == "VB263"]
    assert found and found[0].path == "phu_luc[0].ghi_chu"


def test_text_only_appendix_gives_no_workbook(tmp_path):
    spec = tmp_path / "t.yaml"
    spec.write_text(LETTER + TEXT_ONLY, encoding="utf-8")
    result = vanban.build(spec, vanban.BuildOptions(output=str(tmp_path / "out"), forms_xlsx=True))
    assert not result.failed
    assert outputs(tmp_path / "out") == ["t.docx"]


def test_readme_appendix_example_loads():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Appendices of any kind (phụ lục)", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    document = load_ok(LETTER + example)
    form = document.attachments[0]
    assert form.label == "PHỤ LỤC 01" and len(form.lines_of_title) == 2 and form.body
    assert reference_line(document, form.reference).endswith("ngày 10 tháng 12 năm 2018 của Bộ Lao động - Thương "
                                                              "binh và Xã hội)")


def test_table_keys_without_columns_are_an_error():
    result = vanban.load(LETTER + "phu_luc:\n  - ten: T\n    dong: [a, b]\n    noi_dung: [Đoạn.]\n", name="t.yaml")
    found = [d for d in result.diagnostics.errors if d.code == "VB267"]
    assert found and found[0].path == "phu_luc[0].dong"


@pytest.mark.parametrize("table", [
    "cot: [{ten: A}]\n    dong: [[{x: 1}]]",
    "cot: [{ten: A}, {ten: B, kieu: so}]\n    dong: [{nhom: G, dong: [[a, 1]], cot2: {x: 1}}]",
    "cot: [{ten: A}]\n    tong_cong: [1]",
    "cot: [{ten: A}]\n    dong: [{nhom: G}]",
    "cot: [{ten: A, kieu: so}]\n    dong: [{nhom: G, dong: [[1]]}]",
    "cot: [{ten: A}]\n    danh_so: [la_ma, khac]",
    "cot: [{ten: A}]\n    dong: [7, null, [null]]",
    "cot: [{ten: A}, {ten: B, kieu: so}]\n    tong_cong: {nhan: T, cot2: abc, cot9: 1}\n    dong: [[a, 1]]",
])
def test_odd_tables_give_coded_errors_not_tracebacks(table):
    result = vanban.load(LETTER + f"phu_luc:\n  - ten: T\n    {table}\n", name="t.yaml")
    for d in result.diagnostics.items:
        assert d.code.startswith("VB") and d.position is not None, d
    if result.ok:
        vanban.render_docx(result.document)
