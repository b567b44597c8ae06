"""The formatting audit: every .docx rule shown firing, with its exact message, on a copy of the rendered
seed 003 whose XML was changed through vanban.ooxml (the way a clerk's edit in Word would change it)."""

from __future__ import annotations

import pytest

from vanban import ooxml
from vanban.checker import RULES, check_docx_bytes, docx_rules
from vanban.checker.rules import DOCX
from vanban.ooxml import el, qn


class Docx:
    """A rendered .docx whose parts are parsed once, edited in place and packed again."""

    def __init__(self, data: bytes):
        self.data = data
        self.pkg = ooxml.open_package(data)
        self.parts: dict = {}

    def part(self, name: str):
        if name not in self.parts:
            self.parts[name] = self.pkg.xml(name)
        return self.parts[name]

    @property
    def doc(self):
        return self.part("word/document.xml")

    def para(self, start: str):
        for p in self.doc.iter(qn("w:p")):
            if ooxml.paragraph_text(p).strip().startswith(start):
                return p
        raise AssertionError(start)

    def body_paras(self):
        start = ooxml.body_paragraphs(self.doc).index(self.para("Hiện nay"))
        return [p for p in ooxml.body_paragraphs(self.doc)[start:] if ooxml.cell_of(p) is None]

    def page_paragraphs(self):
        out = []
        for name in self.pkg.names():
            if name.startswith("word/header"):
                out += ooxml.field_paragraphs(self.part(name), "PAGE")
        return out

    def build(self) -> bytes:
        return ooxml.replace_parts(self.data, {k: ooxml.serialize_part(v) for k, v in self.parts.items()})


def rpr_set(p, tag: str, **attrs) -> None:
    """Direct run formatting on every run of a paragraph (what Word writes when a clerk clicks B, I …)."""
    for r in p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = el("w:rPr")
            r.insert(0, rpr)
        for old in rpr.findall(qn(tag)):
            rpr.remove(old)
        rpr.append(el(tag, {f"w:{k}": v for k, v in attrs.items()}))


def ppr_set(p, tag: str, **attrs) -> None:
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p.insert(0, ppr)
    node = ppr.find(qn(tag))
    if node is None:
        node = el(tag)
        ppr.append(node)
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), str(value))


def set_text(p, text: str) -> None:
    ts = list(p.iter(qn("w:t")))
    ts[0].text = text
    for t in ts[1:]:
        t.text = ""


def remove(p) -> None:
    p.getparent().remove(p)


def sect(d: Docx):
    return d.doc.find(f"{qn('w:body')}/{qn('w:sectPr')}")


def _after(p):
    return p.getnext()


def _letter_size(d):
    size = sect(d).find(qn("w:pgSz"))
    size.set(qn("w:w"), "12240")
    size.set(qn("w:h"), "15840")


def _landscape(d):
    size = sect(d).find(qn("w:pgSz"))
    w, h = size.get(qn("w:w")), size.get(qn("w:h"))
    size.set(qn("w:w"), h)
    size.set(qn("w:h"), w)
    size.set(qn("w:orient"), "landscape")


def _insert_type_title(d):
    table = d.doc.find(f"{qn('w:body')}/{qn('w:tbl')}")
    p = el("w:p", None, el("w:r", None, el("w:t")))
    p.find(f"{qn('w:r')}/{qn('w:t')}").text = "QUYẾT ĐỊNH"
    table.addnext(p)


def _splittable_signature_row(d):
    """What a clerk's table in Word has by default: rows that may break across pages."""
    for tr in ooxml.table_rows(ooxml.table_of_cell(ooxml.cell_of(d.para("Nơi nhận:")))):
        trpr = tr.find(qn("w:trPr"))
        if trpr is not None:
            tr.remove(trpr)


def _empty_section_break(d):
    """python-docx's add_section: an empty paragraph after the signature table carrying the section."""
    import copy

    p = el("w:p", None, el("w:pPr", None, copy.deepcopy(sect(d))))
    sect(d).addprevious(p)


def _drop_end_marker(d):
    last = d.para("Nhận Công văn này")
    runs = [r for r in last.iter(qn("w:r")) if ooxml.run_text(r)]
    assert ooxml.run_text(runs[-1]) == "/."
    remove(runs[-1])


def _page_jc_right(d):
    for p in d.page_paragraphs():
        ppr_set(p, "w:jc", val="right")


def _page_size_12(d):
    for p in d.page_paragraphs():
        rpr_set(p, "w:sz", val="24")


#: rule id → (mutation, exact message, where: "đoạn N «excerpt»" or "" for the whole document)
CASES = {
    "ND30-PL1-I-1": (_letter_size, "khổ giấy 216×279 mm, không phải A4 (210×297 mm)", ""),
    "ND30-PL1-I-2": (_landscape, "trang trình bày theo chiều ngang; văn bản trình bày theo chiều dài khổ A4 (trừ "
                                 "bảng biểu)", ""),
    "ND30-PL1-I-3": (lambda d: sect(d).find(qn("w:pgMar")).set(qn("w:left"), "1134"),
                     "lề trái 20 mm, ngoài khoảng 30–35 mm", ""),
    "ND30-PL1-I-4.1": (lambda d: rpr_set(d.para("Số:"), "w:rFonts", ascii="Arial", hAnsi="Arial", eastAsia="Arial",
                                         cs="Arial"),
                       "phông chữ \"Arial\" (ô ascii); văn bản dùng Times New Roman", "đoạn 7 «Số: 469/UBND-KGVX»"),
    "ND30-PL1-I-4.2": (lambda d: rpr_set(d.para("Số:"), "w:color", val="FF0000"),
                       "chữ màu #FF0000; văn bản dùng chữ màu đen", "đoạn 7 «Số: 469/UBND-KGVX»"),
    "ND30-PL1-I-7.1": (_page_jc_right, "số trang đặt ở đầu trang nhưng canh right; số trang canh giữa trong phần lề "
                                       "trên (đầu trang)", ""),
    "ND30-PL1-I-7.2": (lambda d: sect(d).remove(sect(d).find(qn("w:titlePg"))),
                       "số trang hiện ở trang thứ nhất; không hiển thị số trang thứ nhất", ""),
    "ND30-PL1-I-7.3": (_page_size_12, "số trang cỡ 12; cỡ chữ từ 13 đến 14, kiểu đứng", ""),
    "ND30-PL1-II-0": (lambda d: remove(d.para("CỘNG HÒA")),
                      "không tìm thấy Quốc hiệu (\"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\")", ""),
    "ND30-PL1-II-1a": (lambda d: rpr_set(d.para("CỘNG HÒA"), "w:i"),
                       "Quốc hiệu in nghiêng; Quốc hiệu in hoa, cỡ 12–13, đứng, đậm",
                       "đoạn 4 «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»"),
    "ND30-PL1-II-1b.1": (lambda d: rpr_set(d.para("Độc lập"), "w:b", val="0"),
                         "Tiêu ngữ không đậm; Tiêu ngữ in thường, cỡ 13–14, đứng, đậm",
                         "đoạn 5 «Độc lập - Tự do - Hạnh phúc»"),
    "ND30-PL1-II-1b.2": (lambda d: set_text(d.para("Độc lập"), "Độc lập – Tự do – Hạnh phúc"),
                         "Tiêu ngữ viết \"Độc lập – Tự do – Hạnh phúc\"; đúng là \"Độc lập - Tự do - Hạnh phúc\" "
                         "(gạch nối có cách chữ)", "đoạn 5 «Độc lập – Tự do – Hạnh phúc»"),
    "ND30-PL1-II-1b.3": (lambda d: remove(_after(d.para("Độc lập"))),
                         "không có đường kẻ ngang nét liền dưới Tiêu ngữ", "đoạn 5 «Độc lập - Tự do - Hạnh phúc»"),
    "ND30-PL1-II-2b.1": (lambda d: rpr_set(d.para("ỦY BAN NHÂN DÂN"), "w:sz", val="28"),
                         "tên cơ quan \"ỦY BAN NHÂN DÂN\" cỡ 14; tên cơ quan in hoa, cỡ 12–13, đứng",
                         "đoạn 1 «ỦY BAN NHÂN DÂN»"),
    "ND30-PL1-II-2b.2": (lambda d: rpr_set(d.para("TỈNH THÁI BÌNH"), "w:b", val="0"),
                         "tên cơ quan ban hành \"TỈNH THÁI BÌNH\" không in đậm", "đoạn 2 «TỈNH THÁI BÌNH»"),
    "ND30-PL1-II-2b.3": (lambda d: remove(_after(d.para("TỈNH THÁI BÌNH"))),
                         "không có đường kẻ ngang dưới tên cơ quan ban hành; đường kẻ nét liền dài 1/3–1/2 dòng chữ",
                         "đoạn 2 «TỈNH THÁI BÌNH»"),
    "ND30-PL1-II-3c.1": (lambda d: set_text(d.para("Số:"), "Số: 5/UBND-KGVX"),
                         "\"Số: 5/UBND-KGVX\": số nhỏ hơn 10 phải ghi thêm số 0 phía trước (\"05\")",
                         "đoạn 7 «Số: 5/UBND-KGVX»"),
    "ND30-PL1-II-3c.2": (lambda d: rpr_set(d.para("Số:"), "w:b"),
                         "dòng \"Số\" in đậm; cỡ 13, đứng, không đậm", "đoạn 7 «Số: 469/UBND-KGVX»"),
    "ND30-PL1-II-4c.1": (lambda d: rpr_set(d.para("Thái Bình, ngày"), "w:i", val="0"),
                         "dòng địa danh, ngày không nghiêng; in thường, cỡ 13–14, nghiêng",
                         "đoạn 12 «Thái Bình, ngày 04 tháng 02 năm 2021»"),
    "ND30-PL1-II-4c.2": (lambda d: set_text(d.para("Thái Bình, ngày"), "Thái Bình, ngày 4 tháng 2 năm 2021"),
                         "\"Thái Bình, ngày 4 tháng 2 năm 2021\": ngày nhỏ hơn 10 ghi thêm số 0 (\"ngày 04\"); tháng "
                         "1, 2 ghi thêm số 0 (\"tháng 02\")", "đoạn 12 «Thái Bình, ngày 4 tháng 2 năm 2021»"),
    "ND30-PL1-II-5b.2": (_insert_type_title,
                         "\"V/v\" chỉ dùng cho trích yếu công văn; văn bản có tên loại \"QUYẾT ĐỊNH\" ghi trích yếu "
                         "ngay dưới tên loại (ô 5a)",
                         "đoạn 8 «V/v tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone t…»"),
    "ND30-PL1-II-5b.3": (lambda d: rpr_set(d.para("V/v"), "w:i"),
                         "trích yếu \"V/v …\" in nghiêng; in thường, cỡ 12–13, đứng",
                         "đoạn 8 «V/v tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone t…»"),
    "ND30-PL1-II-5b.4": (lambda d: ppr_set(d.para("V/v"), "w:spacing", before=0),
                         "trích yếu \"V/v …\" cách dòng Số 0 pt; cách dòng 6pt với số, ký hiệu",
                         "đoạn 8 «V/v tiếp tục đẩy mạnh cài đặt ứng dụng Bluezone t…»"),
    "ND30-PL1-II-6e.1": (lambda d: ppr_set(d.body_paras()[0], "w:jc", val="left"),
                         "đoạn nội dung canh left, không canh đều hai lề",
                         "đoạn 17 «Hiện nay, đại dịch Covid-19 tiếp tục diễn biến ph…»"),
    "ND30-PL1-II-6e.2": (lambda d: ppr_set(d.body_paras()[0], "w:ind", firstLine=0),
                         "đoạn nội dung lùi đầu dòng 0,00 cm; lùi 1 cm hoặc 1,27 cm",
                         "đoạn 17 «Hiện nay, đại dịch Covid-19 tiếp tục diễn biến ph…»"),
    "ND30-PL1-II-6e.3": (lambda d: ppr_set(d.body_paras()[1], "w:spacing", before=0),
                         "khoảng cách giữa các đoạn 0 pt; tối thiểu 6pt",
                         "đoạn 18 «1. Giám đốc Sở, Thủ trưởng các ban, ngành đoàn th…»"),
    "ND30-PL1-II-6e.4": (lambda d: ppr_set(d.body_paras()[0], "w:spacing", line=480, lineRule="auto"),
                         "khoảng cách dòng 2,00 lines; tối thiểu dòng đơn, tối đa 1,5 lines",
                         "đoạn 17 «Hiện nay, đại dịch Covid-19 tiếp tục diễn biến ph…»"),
    "ND30-PL3-KT": (_drop_end_marker,
                    "nội dung không kết thúc bằng \"./.\" (đoạn cuối: \"đơn vị khẩn trương triển khai thực hiện.\")",
                    "đoạn 30 «Nhận Công văn này, yêu cầu các đơn vị khẩn trương…»"),
    "ND30-PL1-II-9d.3": (lambda d: rpr_set(d.para("Kính gửi"), "w:i"),
                         "dòng Kính gửi in nghiêng; in thường, cỡ 13–14, đứng", "đoạn 13 «Kính gửi:»"),
    "ND30-PL1-II-9d.4": (lambda d: set_text(d.para("- Chủ tịch Ủy ban"), "- Chủ tịch Ủy ban nhân dân huyện, thành phố"),
                         "Kính gửi: \"- Chủ tịch Ủy ban nhân dân huyện, thành…\": dòng cuối kết thúc bằng dấu chấm "
                         "(.)", "đoạn 16 «- Chủ tịch Ủy ban nhân dân huyện, thành phố»"),
    "ND30-PL1-II-9d.5": (lambda d: rpr_set(d.para("Nơi nhận:"), "w:i", val="0"),
                         "\"Nơi nhận:\" không nghiêng; cỡ 12, nghiêng, đậm", "đoạn 31 «Nơi nhận:»"),
    "ND30-PL1-II-9d.6": (lambda d: rpr_set(d.para("- Như trên"), "w:sz", val="24"),
                         "dòng nơi nhận \"- Như trên;\" cỡ 12; cỡ 11, đứng", "đoạn 32 «- Như trên;»"),
    "ND30-PL1-II-9d.7": (lambda d: remove(d.para("- Như trên")),
                         "Nơi nhận: thiếu \"- Như trên;\" (văn bản có Kính gửi)", "đoạn 31 «Nơi nhận:»"),
    "ND30-PL1-II-7đ.1": (lambda d: rpr_set(d.para("KT. CHỦ TỊCH"), "w:b", val="0"),
                         "dòng quyền hạn, chức vụ \"KT. CHỦ TỊCH\" không đậm; in hoa, cỡ 13–14, đứng, đậm",
                         "đoạn 39 «KT. CHỦ TỊCH»"),
    "ND30-PL1-II-7đ.2": (lambda d: rpr_set(d.para("Trần Thị Bích Hằng"), "w:i"),
                         "họ tên người ký \"Trần Thị Bích Hằng\" in nghiêng; in thường, cỡ 13–14, đứng, đậm",
                         "đoạn 41 «Trần Thị Bích Hằng»"),
    "ND30-PL1-II-2b.5": (lambda d: set_text(d.para("ỦY BAN NHÂN DÂN"), "ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH VÀ THÀNH PHỐ"),
                         "dòng tên cơ quan \"ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH VÀ THÀNH PHỐ\" rộng 118.6 mm, cột chỉ rộng "
                         "65.0 mm: Word ngắt dòng ở chỗ hết chỗ, có thể giữa một từ ghép; chia tên thành các dòng ngắn "
                         "hơn, ngắt giữa các cụm từ", "đoạn 1 «ỦY BAN NHÂN DÂN TỈNH THÁI BÌNH VÀ THÀNH PHỐ»"),
    "ND30-PL1-II-7.1": (_splittable_signature_row,
                        "hàng bảng chứa \"Nơi nhận:\" và chữ ký có thể bị ngắt sang trang sau: quyền hạn, chức vụ và "
                        "họ tên người ký có thể in ở hai trang; đặt cho hàng \"không ngắt qua trang\" (w:cantSplit)",
                        "đoạn 31 «Nơi nhận:»"),
    "ND30-PL1-I-7.4": (_empty_section_break,
                       "đoạn trống chỉ mang dấu ngắt phần (section break) có thể rơi sang một trang riêng chỉ có số "
                       "trang; đặt dấu ngắt phần vào đoạn cuối có chữ, hoặc ẩn dấu đoạn", "đoạn 42 «»"),
    "ND30-PL1-II-7b.6": (lambda d: set_text(d.para("KT. CHỦ TỊCH"), "KT.CHỦ TỊCH"),
                         "\"KT.CHỦ TỊCH\": sau chữ viết tắt quyền hạn có dấu chấm và một dấu cách (\"KT. CHỦ TỊCH\")",
                         "đoạn 39 «KT.CHỦ TỊCH»"),
}


@pytest.fixture(scope="module")
def seed(rendered):
    return rendered["003-thai-binh-bluezone"].data


def test_every_docx_rule_has_a_check_and_a_case():
    ids = {r.id for r in RULES.values() if r.applies == DOCX}
    assert ids == set(docx_rules.CHECKS)
    assert ids == set(CASES)


def test_rendered_seeds_pass_the_audit(rendered):
    for stem, doc in rendered.items():
        assert check_docx_bytes(doc.data, stem) == [], stem


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_with_its_exact_message(seed, rule_id):
    mutate, message, where = CASES[rule_id]
    d = Docx(seed)
    mutate(d)
    findings = [x for x in check_docx_bytes(d.build(), "x.docx") if x.code == rule_id]
    assert [(x.path, x.message) for x in findings][:1] == [(where, message)]
    assert findings[0].severity is RULES[rule_id].severity
    assert findings[0].format().startswith(f"x.docx: {RULES[rule_id].severity.label} {rule_id}")


def test_agency_rule_of_the_wrong_length(seed):
    d = Docx(seed)
    rule = _after(d.para("TỈNH THÁI BÌNH"))
    ind = rule.find(qn("w:pPr")).find(qn("w:ind"))
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    found = [x.message for x in check_docx_bytes(d.build(), "x.docx") if x.code == "ND30-PL1-II-2b.3"]
    assert len(found) == 1 and found[0].startswith("đường kẻ dài ") and "% dòng chữ dưới tên cơ quan ban hành" in found[0]
    assert int(found[0].split("đường kẻ dài ")[1].split("%")[0]) > 53


def test_many_bad_body_paragraphs_are_counted_not_repeated(seed):
    d = Docx(seed)
    for p in d.body_paras():
        ppr_set(p, "w:jc", val="left")
    found = [x.message for x in check_docx_bytes(d.build(), "x.docx") if x.code == "ND30-PL1-II-6e.1"]
    assert found == ["đoạn nội dung canh left, không canh đều hai lề (và 13 đoạn khác)"]


def test_theme_fonts_of_a_word_document_are_resolved(seed):
    d = Docx(seed)
    rpr_set(d.para("Số:"), "w:rFonts", asciiTheme="minorHAnsi", hAnsiTheme="minorHAnsi")
    found = [x.message for x in check_docx_bytes(d.build(), "x.docx") if x.code == "ND30-PL1-I-4.1"]
    theme = ooxml.open_package(seed).xml("word/theme/theme1.xml")
    latin = theme.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}minorFont/"
                       "{http://schemas.openxmlformats.org/drawingml/2006/main}latin").get("typeface")
    assert f"phông chữ \"{latin}\" (ô ascii); văn bản dùng Times New Roman" in found


def test_layout_rules_pass_on_what_vanban_writes_after_a_table():
    """The hidden one-point break paragraph after the signature table (issue 16) is not an empty break."""
    import textwrap

    from vanban import load
    from vanban.render.docx import render_docx
    from conftest import DIRECTIVES

    spec = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8") + textwrap.dedent("""\
        phu_luc:
          - ten: Danh sách
            cot: [{ma: stt, ten: Stt, kieu: stt}, {ma: ten, ten: Tên, rong: 80}]
        """)
    data = render_docx(load(spec).document)
    codes = {x.code for x in check_docx_bytes(data, "x.docx")}
    assert not codes & {"ND30-PL1-I-7.4", "ND30-PL1-II-7.1", "ND30-PL1-II-2b.5"}
