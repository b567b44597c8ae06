"""`mau_word`: an office's own Word form with docxtpl tags, checked at load, filled in vanban's sandbox and
appended to the letter as a section of its own (issue 15, point 6)."""

from __future__ import annotations

import io
import zipfile

import pytest

import vanban
from vanban import ooxml
from vanban.copies.word import check_word_form
from conftest import Rendered
from ooxml_schema import errors, schema_for
from wordforms import REPORT_FORM, REPORT_VALUES, form, write_spec

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def codes(result) -> list[tuple[str, str, str]]:
    return [(d.code, d.path, d.message) for d in result.diagnostics]


def first(result):
    return next(iter(result.diagnostics))


def load(folder, extra, form_bytes=None, **kw):
    return vanban.load(write_spec(folder, extra, form_bytes, **kw))


# --------------------------------------------------------------------------- the tags, at load


def test_the_tags_are_checked_against_the_spec_at_load_with_the_path_of_mau_word(tmp_path):
    data = form(["Năm {{ du_lieu.nam }}", "Số {{ van_ban.so_ky_hieu }}", "{{ du_lieu.chi_tieu }}",
                 "{{ van_ban.so_hieu }}", "{{ noi_nhan.ten_goi }}", "{{ so_luong }}"])
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n    du_lieu: {nam: 2026, chi_tieu_1: 5}\n", data)
    assert not result.ok
    found = [d for d in result.diagnostics if d.code == "VB647"]
    assert [d.path for d in found] == ["phu_luc[0].mau_word"] * 4
    assert {(d.position.line, d.position.col) for d in found} == {(17, 15)}
    messages = " | ".join(d.message for d in found)
    assert "thẻ `du_lieu.chi_tieu` ở thân, đoạn 3: `du_lieu` của đặc tả không có `chi_tieu`" in messages
    assert "`van_ban` không có trường `so_hieu`" in messages
    assert "nơi nhận trong danh bạ không có trường `ten_goi`" in messages
    assert "thẻ dùng biến `so_luong` không có ở thân, đoạn 6" in messages
    assert any("chi_tieu_1" in d.hint for d in found)  # "did you mean"


def test_a_draft_has_no_number_for_van_ban_so(tmp_path):
    letter = write_spec(tmp_path, "", None).read_text(encoding="utf-8").replace("so: 4937\n", "")
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n", form(["Số {{ van_ban.so }}"]), letter=letter)
    assert [(c, p) for c, p, _ in codes(result)] == [("VB647", "phu_luc[0].mau_word")]
    assert "văn bản chưa có `so`" in first(result).message


def test_syntax_sandbox_and_filters_are_those_of_every_template(tmp_path):
    data = form(["{{ du_lieu.nam }", "{{ du_lieu.__class__ }}", "{{ du_lieu.nam | tien }}"])
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n    du_lieu: {nam: 1}\n", data)
    assert [c for c, _, _ in codes(result)] == ["VB646"]
    assert "đoạn 1" in first(result).message
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n    du_lieu: {nam: 1}\n",
                  form(["{{ du_lieu.__class__ }}", "{{ du_lieu.nam | tien }}", "{% include 'x' %}"]))
    assert sorted(c for c, _, _ in codes(result)) == ["VB622", "VB623", "VB626"]


def test_check_word_form_reports_what_the_tags_read():
    problems, uses = check_word_form(form(["{{ du_lieu.a }} {{ noi_nhan.ten }} {{ so_lieu.x | so }}"]), {"a": 1}, {})
    assert problems == []
    assert uses == {"du_lieu", "noi_nhan", "so_lieu"}


@pytest.mark.parametrize("name, content, expected", [
    ("khong-co.docx", None, "không đọc được mẫu Word: không tìm thấy tệp"),
    ("mau.docm", b"PK", "chứa macro"),
    ("mau.doc", b"\xd0\xcf\x11\xe0", "không phải tệp .docx"),
    ("mau.docx", b"not a zip", "không phải tệp .docx hợp lệ"),
])
def test_the_file_goes_through_the_gate(tmp_path, name, content, expected):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = load(tmp_path, f"phu_luc:\n  - mau_word: {name}\n")
    assert [(c, p) for c, p, _ in codes(result)] == [("VB645", "phu_luc[0].mau_word")]
    assert expected in first(result).message


def test_a_folder_or_fifo_is_refused_without_waiting(tmp_path):
    (tmp_path / "mau.docx").mkdir()
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n")
    assert [c for c, _, _ in codes(result)] == ["VB115"]


def test_an_external_template_link_is_removed_with_a_warning(tmp_path):
    data = form(["Năm {{ du_lieu.nam }}"])
    members = ooxml.package_members(data)
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxml'
            b'formats.org/package/2006/relationships"><Relationship Id="rId9" Type="' + ooxml.ATTACHED_TEMPLATE.encode()
            + b'" Target="file://server/share/x.dotm" TargetMode="External"/></Relationships>')
    data = ooxml.write_package(members + [("word/_rels/settings.xml.rels", rels)])
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n    du_lieu: {nam: 1}\n", data)
    assert result.ok
    assert [c for c, _, _ in codes(result)] == ["VB705"]
    word = result.document.attachments[0].word
    assert b"x.dotm" not in b"".join(d for _n, d in ooxml.package_members(word.package))


def test_content_vanban_cannot_carry_is_refused_not_dropped(tmp_path):
    import docx
    from docx.enum.section import WD_SECTION

    d = docx.Document()
    d.add_paragraph("Phần 1")
    d.add_section(WD_SECTION.NEW_PAGE)
    d.add_paragraph("Phần 2")
    out = io.BytesIO()
    d.save(out)
    result = load(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n", out.getvalue())
    assert [c for c, _, _ in codes(result)] == ["VB650"]
    assert "nhiều phần (section)" in first(result).message


def test_mau_word_and_a_table_or_du_lieu_alone(tmp_path):
    result = load(tmp_path, "bieu_mau:\n  - mau_word: mau.docx\n    cot: [{ten: A}]\n", form(["x"]))
    assert [(c, p) for c, p, _ in codes(result)] == [("VB649", "bieu_mau[0].mau_word")]
    result = load(tmp_path, "phu_luc:\n  - ten: Phụ lục\n    noi_dung: [x]\n    du_lieu: {a: 1}\n")
    assert [(c, p) for c, p, _ in codes(result)] == [("VB649", "phu_luc[0].du_lieu")]
    result = load(tmp_path, "bieu_mau:\n  - trich_yeu: x\n")
    assert sorted((c, p) for c, p, _ in codes(result)) == [("VB202", "bieu_mau[0].cot"), ("VB202", "bieu_mau[0].ten")]


# --------------------------------------------------------------------------- filled and appended


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("word")
    spec = write_spec(folder, "phu_luc:\n  - nhan: PHỤ LỤC 01\n    mau_word: mau.docx\n" + REPORT_VALUES,
                      form(**REPORT_FORM))
    result = vanban.build(spec, vanban.BuildOptions(output=folder / "out"))
    assert result.ok, [d.format() for d in result.diagnostics]
    return folder, spec, (folder / "out" / "thu.docx").read_bytes()


def _texts(doc: Rendered) -> list[str]:
    return [ooxml.paragraph_text(p) for p in doc.document.iter(f"{W}p")]


def test_the_form_is_filled_from_the_spec_in_the_sandbox(built):
    doc = Rendered(built[2])
    texts = _texts(doc)
    assert "MẪU SỐ 01: BÁO CÁO KẾT QUẢ NĂM 2026" in texts
    assert "(Kèm theo Công văn số 4937/UBND-VHXH ngày 17 tháng 8 năm 2020 của Ủy ban nhân dân tỉnh Long An)" in texts
    # the docxtpl row loop, Babel vi_VN numbers, and values escaped (never markup)
    assert texts[texts.index("Người dùng") + 1] == "187.315"
    assert texts[texts.index("Thiết bị") + 1] == "1.200"
    assert "Ghi chú: số liệu <tạm tính> & chưa kiểm tra" in texts
    assert not any("{{" in t or "{%" in t for t in texts)


def test_the_form_is_a_section_of_its_own_headed_like_an_appendix(built):
    doc = Rendered(built[2])
    sections = list(doc.document.iter(f"{W}sectPr"))
    assert len(sections) == 2
    letter, appendix = sections
    # its own page setup (python-docx's Letter turned landscape, 1.25 in margins left and right), numbered from 1, no number on page 1
    size = appendix.find(f"{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h"), size.get(f"{W}orient")) == ("15840", "12240", "landscape")
    assert appendix.find(f"{W}pgMar").get(f"{W}left") == "1800"
    assert appendix.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert appendix.find(f"{W}titlePg") is not None
    texts = _texts(doc)
    label = texts.index("PHỤ LỤC 01")
    assert texts[label + 1].startswith("(Kèm theo Công văn số 4937/UBND-VHXH")
    assert texts.index("MẪU SỐ 01: BÁO CÁO KẾT QUẢ NĂM 2026") > label


def test_the_forms_styles_are_copied_under_names_of_their_own(built):
    doc = Rendered(built[2])
    styles = doc.part("word/styles.xml")
    names = {s.find(f"{W}name").get(f"{W}val"): s for s in styles.iter(f"{W}style")}
    assert "Normal (mẫu Word 1)" in names and "Table Grid (mẫu Word 1)" in names
    assert "List Bullet (mẫu Word 1)" in names
    copied = names["Normal (mẫu Word 1)"]
    assert copied.find(f"{W}rPr/{W}sz").get(f"{W}val") == "26"  # the form's 13 pt, not the letter's 14 pt
    assert names["Normal"].find(f"{W}rPr/{W}sz") is None or \
        names["Normal"].find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"
    note = next(p for p in doc.document.iter(f"{W}p") if ooxml.paragraph_text(p).startswith("Ghi chú:"))
    style_id = note.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
    assert names["List Bullet (mẫu Word 1)"].get(f"{W}styleId") == style_id
    # the bullet's list definition came along, renumbered into the letter's numbering part
    numbering = doc.part("word/numbering.xml")
    num_ids = {n.get(f"{W}numId") for n in numbering.iter(f"{W}num")}
    used = names["List Bullet (mẫu Word 1)"].find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    assert used in num_ids


def test_every_part_is_schema_valid_and_the_output_byte_identical(built):
    folder, spec, data = built
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        found = [e for name in package.namelist() if schema_for(name) for e in errors(name, package.read(name))]
    assert not found, "\n".join(found[:10])
    again = vanban.build(spec, vanban.BuildOptions(output=folder / "again"))
    assert (folder / "again" / "thu.docx").read_bytes() == data


def test_the_api_fills_the_form_when_rendering(built):
    folder, spec, data = built
    result = vanban.load(spec)
    assert result.ok
    assert result.document.attachments[0].word.filled is None  # loading evaluates nothing
    assert vanban.render_docx(result.document) == data


def test_a_per_recipient_form_in_a_letter_built_as_one_is_vb625(tmp_path):
    spec = write_spec(tmp_path, "bieu_mau:\n  - mau_word: mau.docx\n",
                      form(["Đơn vị: {{ noi_nhan.ten }}", "{{ so_lieu.nguoi_dung | so }}"]))
    result = vanban.build(spec, vanban.BuildOptions(output=tmp_path / "out"))
    assert result.failed and not (tmp_path / "out" / "thu.docx").exists()
    assert [(d.code, d.path) for d in result.diagnostics] == [("VB625", "bieu_mau[0].mau_word")]
    assert "mẫu Word `mau.docx`" in first(result).message


def test_a_filter_that_cannot_format_a_value_is_reported_with_the_form(tmp_path):
    spec = write_spec(tmp_path, "phu_luc:\n  - mau_word: mau.docx\n    du_lieu: {so_luong: nhiều}\n",
                      form(["{{ du_lieu.so_luong | so }}"]))
    result = vanban.build(spec, vanban.BuildOptions(output=tmp_path / "out"))
    assert [(d.code, d.path) for d in result.diagnostics] == [("VB624", "phu_luc[0].mau_word")]
    assert "`nhiều`" in first(result).message


def test_loops_are_bounded_like_every_template(tmp_path):
    rows = "\n".join(f"        - {i}" for i in range(1001))
    spec = write_spec(tmp_path, f"phu_luc:\n  - mau_word: mau.docx\n    du_lieu:\n      dong:\n{rows}\n",
                      form(["{% for d in du_lieu.dong %}{{ d }}{% endfor %}"]))
    result = vanban.build(spec, vanban.BuildOptions(output=tmp_path / "out"))
    assert [d.code for d in result.diagnostics] == ["VB140"]


def test_a_field_one_recipient_lacks_is_vb648_naming_the_tag_and_the_recipient(tmp_path):
    from vanban import model as m
    from vanban.copies.personalize import context
    from vanban.copies.word import fill_forms

    result = load(tmp_path, "bieu_mau:\n  - mau_word: mau.docx\n",
                  form(["{{ noi_nhan.ten }}: {{ so_lieu.dan_so | so }} người"]))
    assert result.ok
    document = result.document
    recipient = m.Recipient("xa-a", "Ủy ban nhân dân xã A", "UBND xã A", None, None)
    forms, problems = fill_forms(document, recipient, {**context(recipient, None), "so_lieu": {"dan_so": 1234}})
    assert problems == [] and forms[0].word.filled is not None
    texts = [ooxml.paragraph_text(p) for p in ooxml.parse_xml(ooxml.read_part(forms[0].word.filled, ooxml.W_MAIN))
             .iter(f"{W}p")]
    assert "Ủy ban nhân dân xã A: 1.234 người" in texts
    forms, problems = fill_forms(document, recipient, {**context(recipient, None), "so_lieu": {"ho": 5}})
    assert [(d.code, d.path) for d in problems] == [("VB648", "bieu_mau[0].mau_word")]
    assert problems[0].message == ("mẫu Word `mau.docx`: nơi nhận `xa-a` (Ủy ban nhân dân xã A): thiếu số liệu thẻ "
                                   "`so_lieu.dan_so`")
    assert forms[0].word.filled is None
