"""The three seed letters, rendered from directives/, read back word for word and element by element."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from vanban import ooxml
from conftest import seed_text

SEED_OF = {
    "000-tra-vinh-bluezone": "000_867561fc83524572.txt",
    "002-long-an-bluezone": "002_a325472644ffb1d1.txt",
    "003-thai-binh-bluezone": "003_9d22fb6ed9da6c0c.txt",
}

#: Deliberate differences from the extracted seed text, each an extraction artefact or a thể thức
#: correction the decree requires (and nothing else).
CORRECTIONS = {
    "000-tra-vinh-bluezone": [
        ("KT.GIÁM ĐỐC", "KT. GIÁM ĐỐC"),  # §3.8: "KT. BỘ TRƯỞNG", a space after the prefix
        ("- Lưu VT.", "- Lưu: VT."),  # §3.10: "Lưu" + ":" + "VT"
        ("2841/BTTTT-  \nTHH", "2841/BTTTT-THH"),  # a code split by the extraction's line wrap
    ],
    "002-long-an-bluezone": [
        ("~~4937~~", ""),  # struck-through duplicate of the number in the extraction
    ],
    "003-thai-binh-bluezone": [
        ("» HÒA TỘC", ""),  # the HỎA TỐC stamp, misread and misplaced by the text extraction (see STAMPS)
    ],
}


#: Stamps of the original letter that the extraction lost or garbled; the specs render them in ô 10b.
STAMPS = {"003-thai-binh-bluezone": ["HỎA", "TỐC"]}


def seed_tokens(stem: str) -> list[str]:
    text = seed_text(SEED_OF[stem])
    for old, new in CORRECTIONS[stem]:
        assert old in text
        text = text.replace(old, new)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    tokens: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        marker = []
        if line.startswith("* "):  # a "*" list marker typed in the letter, not emphasis
            marker, line = ["*"], line[2:]
        tokens += marker + line.replace("*", "").split()
    return tokens


def docx_tokens(doc) -> list[str]:
    return " ".join(ooxml.paragraph_text(p) for p in doc.paragraphs).split()


def after(tokens: list[str], start: str) -> list[str]:
    return tokens[tokens.index(start):]


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_every_word_of_the_seed_and_nothing_else(rendered, stem):
    ours, seed = docx_tokens(rendered[stem]), seed_tokens(stem) + STAMPS.get(stem, [])
    missing = Counter(seed) - Counter(ours)
    extra = Counter(ours) - Counter(seed)
    assert not missing and not extra, (missing, extra)


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_words_from_kinh_gui_to_the_signer_are_in_order(rendered, stem):
    ours, seed = docx_tokens(rendered[stem]), seed_tokens(stem)
    assert after(ours, "Kính") == after(seed, "Kính")


# --------------------------------------------------------------------------- formatting


def _section(doc):
    return doc.document.find(f"{ooxml.qn('w:body')}/{ooxml.qn('w:sectPr')}")


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_page_is_a4_portrait_with_decree_margins(rendered, stem):
    sect = _section(rendered[stem])
    size = sect.find(ooxml.qn("w:pgSz"))
    assert ooxml.twips_to_mm(int(size.get(ooxml.qn("w:w")))) == pytest.approx(210, abs=0.2)
    assert ooxml.twips_to_mm(int(size.get(ooxml.qn("w:h")))) == pytest.approx(297, abs=0.2)
    assert size.get(ooxml.qn("w:orient")) in (None, "portrait")
    mar = sect.find(ooxml.qn("w:pgMar"))
    get = lambda side: ooxml.twips_to_mm(int(mar.get(ooxml.qn(f"w:{side}"))))  # noqa: E731
    assert 20 <= round(get("top")) <= 25 and 20 <= round(get("bottom")) <= 25
    assert 30 <= round(get("left")) <= 35 and 15 <= round(get("right")) <= 20


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_times_new_roman_in_every_slot_of_every_run(rendered, stem):
    doc = rendered[stem]
    for p in doc.paragraphs:
        for props in doc.run_props(p) if ooxml.text_runs(p) else []:
            assert props["fonts"] == {slot: "Times New Roman" for slot in ("ascii", "hAnsi", "eastAsia", "cs")}
    for name in ("word/document.xml", "word/styles.xml", "word/header1.xml", "word/header2.xml"):
        if name in doc.zip.namelist():
            for fonts in doc.part(name).iter(ooxml.qn("w:rFonts")):
                assert not [k for k in fonts.attrib if k.lower().endswith("theme")], name


def _props(doc, start):
    p = doc.find(start)
    runs = doc.run_props(p)
    return p, runs


def _all(runs, key):
    values = {r[key] for r in runs}
    assert len(values) == 1, values
    return values.pop()


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_header_elements(rendered, stem):
    doc = rendered[stem]
    _, qh = _props(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert 12 <= _all(qh, "size") <= 13 and _all(qh, "bold") and not _all(qh, "italic")
    _, tn = _props(doc, "Độc lập - Tự do - Hạnh phúc")
    assert 13 <= _all(tn, "size") <= 14 and _all(tn, "bold")
    p, so = _props(doc, "Số:")
    assert _all(so, "size") == 13 and not _all(so, "bold")
    assert doc.styles.paragraph_props(p)["align"] == "center"
    _, vv = _props(doc, "V/v ")
    assert 12 <= _all(vv, "size") <= 13 and not _all(vv, "bold") and not _all(vv, "italic")
    date_line = {"000-tra-vinh-bluezone": "Trà Vinh, ngày 13 tháng 8 năm 2020",
                 "002-long-an-bluezone": "Long An, ngày 17 tháng 8 năm 2020",
                 "003-thai-binh-bluezone": "Thái Bình, ngày 04 tháng 02 năm 2021"}[stem]
    p, date = _props(doc, date_line)
    assert ooxml.paragraph_text(p) == date_line
    assert 13 <= _all(date, "size") <= 14 and _all(date, "italic")


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_rules_under_agency_name_and_tieu_ngu(rendered, stem):
    doc = rendered[stem]
    table = doc.document.find(f"{ooxml.qn('w:body')}/{ooxml.qn('w:tbl')}")
    cells = table.findall(f"{ooxml.qn('w:tr')}/{ooxml.qn('w:tc')}")
    widths = [int(c.find(f"{ooxml.qn('w:tcPr')}/{ooxml.qn('w:tcW')}").get(ooxml.qn("w:w"))) for c in cells[:2]]
    for cell, width in zip(cells[:2], widths):
        ruled = [p for p in cell.iter(ooxml.qn("w:p")) if p.find(f".//{ooxml.qn('w:pBdr')}/{ooxml.qn('w:bottom')}")
                 is not None]
        assert len(ruled) == 1
        props = doc.styles.paragraph_props(ruled[0])
        rule = width - props["left"] - props["right"]
        above = [ooxml.paragraph_text(p) for p in cell.iter(ooxml.qn("w:p"))][:-1]
        assert above, "the rule sits under text"
        assert 0.2 * width < rule < 0.8 * width


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_body_paragraphs(rendered, stem):
    doc = rendered[stem]
    start = doc.paragraphs.index(doc.find("Kính gửi")) + 1
    end = doc.paragraphs.index(doc.find("Nơi nhận:"))
    # the Kính gửi lines have no first-line indent; every body paragraph has one
    body = [p for p in doc.paragraphs[start:end] if doc.styles.paragraph_props(p)["first_line"]]
    assert len(body) >= 5
    for p in body:
        props = doc.styles.paragraph_props(p)
        assert props["align"] == "both"
        assert 10 <= ooxml.twips_to_mm(props["first_line"]) <= 12.7 + 0.05
        assert props["before"] >= 6
        assert 240 <= props.get("line", 240) <= 360
        assert all(13 <= r["size"] <= 14 and not r["caps"] for r in doc.run_props(p))
    assert ooxml.paragraph_text(body[-1]).endswith("./.")


def test_inline_bold_in_seed_002(rendered):
    doc = rendered["002-long-an-bluezone"]
    p = doc.find("1. Khẩn trương")
    bold = {"".join(t.text for t in r.iter(ooxml.qn("w:t")))
            for r in ooxml.text_runs(p) if doc.styles.run_props(p, r)["bold"]}
    assert bold == {"20/8/2020", "60%"}


def test_links_are_hyperlinks(rendered):
    doc = rendered["000-tra-vinh-bluezone"]
    rels = doc.part("word/_rels/document.xml.rels")
    targets = {r.get("Target") for r in rels if r.get("TargetMode") == "External"}
    assert targets == {"https://travinh.gov.vn/", "https://bluezone.gov.vn/tai-lieu"}


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_noi_nhan_and_signature(rendered, stem):
    doc = rendered[stem]
    heading = doc.find("Nơi nhận:")
    assert ooxml.paragraph_text(heading) == "Nơi nhận:"
    props = doc.run_props(heading)
    assert _all(props, "size") == 12 and _all(props, "bold") and _all(props, "italic")
    cell = heading.getparent()
    lines = [ooxml.paragraph_text(p) for p in cell.iter(ooxml.qn("w:p"))][1:]
    assert lines[0] == "- Như trên;"
    assert all(line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1])
    assert lines[-1].startswith("- Lưu: VT")
    for p in list(cell.iter(ooxml.qn("w:p")))[1:]:
        assert _all(doc.run_props(p), "size") == 11
    signer = cell.getnext()
    sig = [p for p in signer.iter(ooxml.qn("w:p"))]
    texts = [ooxml.paragraph_text(p) for p in sig]
    for p, text in zip(sig[:-1], texts[:-1]):
        assert text == text.upper()
        assert _all(doc.run_props(p), "bold") and 13 <= _all(doc.run_props(p), "size") <= 14
    assert _all(doc.run_props(sig[-1]), "bold")
    expected = {
        "000-tra-vinh-bluezone": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Chuẩn"],
        "002-long-an-bluezone": ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Cần"],
        "003-thai-binh-bluezone": ["TM. ỦY BAN NHÂN DÂN TỈNH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                   "Trần Thị Bích Hằng"],
    }[stem]
    assert texts == expected


def test_archive_lines(rendered):
    def last(stem):
        cell = rendered[stem].find("Nơi nhận:").getparent()
        return [ooxml.paragraph_text(p) for p in cell.iter(ooxml.qn("w:p"))][-1]

    assert last("000-tra-vinh-bluezone") == "- Lưu: VT."
    assert last("002-long-an-bluezone") == "- Lưu: VT, lvt. (17)"
    assert last("003-thai-binh-bluezone") == "- Lưu: VT, KGVX."


@pytest.mark.parametrize("stem", sorted(SEED_OF))
def test_page_numbers_from_page_two_centred_in_the_header(rendered, stem):
    doc = rendered[stem]
    sect = _section(doc)
    assert sect.find(ooxml.qn("w:titlePg")) is not None
    rels = {r.get("Id"): r.get("Target") for r in doc.part("word/_rels/document.xml.rels")}
    refs = {h.get(ooxml.qn("w:type")): rels[h.get(ooxml.qn("r:id"))]
            for h in sect.findall(ooxml.qn("w:headerReference"))}
    first = doc.part("word/" + refs["first"])
    assert "".join(t.text or "" for t in first.iter(ooxml.qn("w:t"))).strip() == ""
    assert not list(first.iter(ooxml.qn("w:instrText")))
    default = doc.part("word/" + refs["default"])
    instr = [i.text.strip() for i in default.iter(ooxml.qn("w:instrText"))]
    assert instr == ["PAGE"]
    p = next(default.iter(ooxml.qn("w:p")))
    sheet = doc.styles
    assert sheet.paragraph_props(p)["align"] == "center"
    assert 13 <= sheet.run_props(p, None)["size"] <= 14
