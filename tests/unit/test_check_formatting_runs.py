"""The rules of font and colour (Phụ lục I, Mục I, khoản 4) read each run's formatting once per kind: runs without
direct formatting once per paragraph style, paragraphs of a style already shown skipped unless they hold direct
formatting (issue 13, point 13: the 120,000 cells of a 20,000-row form). What they find, and where, is what a
run-by-run reading finds."""

from __future__ import annotations

import pytest

from vanban import ooxml
from vanban.checker import check_docx_bytes
from vanban.ooxml import el, qn
from test_check_docx_rules import Docx, rpr_set

VML = "urn:schemas-microsoft-com:vml"


@pytest.fixture(scope="module")
def seed(rendered):
    return rendered["003-thai-binh-bluezone"].data


def _number(d: Docx, p) -> int:
    return ooxml.body_paragraphs(d.doc).index(p) + 1


def _findings(d: Docx, code: str):
    return [x for x in check_docx_bytes(d.build(), "x.docx") if x.code == code]


def test_direct_formatting_in_a_later_paragraph_of_a_shown_style_is_found_there(seed):
    d = Docx(seed)
    body = d.body_paras()
    later = body[-2]  # the same paragraph style as the body's first paragraphs, read before it
    assert ooxml.paragraph_style_id(later) == ooxml.paragraph_style_id(body[0])
    rpr_set(later, "w:color", val="C00000")
    found = _findings(d, "ND30-PL1-I-4.2")
    assert len(found) == 1 and "C00000" in found[0].message
    assert found[0].path.startswith(f"đoạn {_number(d, later)} ")


def test_a_style_whose_font_is_wrong_is_found_at_its_first_paragraph(seed):
    d = Docx(seed)
    body = d.body_paras()
    style_id = ooxml.paragraph_style_id(body[0])
    styles = d.part("word/styles.xml")
    style = next(s for s in styles.iter(qn("w:style")) if s.get(qn("w:styleId")) == style_id)
    rpr = style.find(qn("w:rPr"))
    if rpr is None:
        rpr = el("w:rPr")
        style.append(rpr)
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    rpr.insert(0, el("w:rFonts", {"w:ascii": "Arial", "w:hAnsi": "Arial", "w:eastAsia": "Arial", "w:cs": "Arial"}))
    found = [x for x in _findings(d, "ND30-PL1-I-4.1") if '"Arial"' in x.message]
    assert found, "the style's font was not found"
    first = min(_number(d, p) for p in ooxml.body_paragraphs(d.doc)
                if ooxml.paragraph_style_id(p) == style_id and ooxml.text_runs(p)
                and not any(r.find(qn("w:rPr")) is not None for r in ooxml.text_runs(p)))
    assert all(x.path.startswith(f"đoạn {first} ") for x in found)


def test_a_run_in_a_text_box_is_placed_in_the_text_box_paragraph(seed):
    d = Docx(seed)
    outer = d.body_paras()[0]
    inner = el("w:p")
    run = el("w:r")
    run.append(el("w:rPr"))
    run[0].append(el("w:rFonts", {"w:ascii": "Arial", "w:hAnsi": "Arial"}))
    run.append(el("w:t"))
    run[1].text = "Chữ trong hộp"
    inner.append(run)
    box = el("w:txbxContent")
    box.append(inner)
    holder = el("w:r")
    pict = el("w:pict")
    shape = pict.makeelement(f"{{{VML}}}shape", {})
    textbox = shape.makeelement(f"{{{VML}}}textbox", {})
    textbox.append(box)
    shape.append(textbox)
    pict.append(shape)
    holder.append(pict)
    outer.append(holder)
    found = [x for x in _findings(d, "ND30-PL1-I-4.1") if '"Arial"' in x.message]
    assert found and found[0].path.startswith(f"đoạn {_number(d, inner)} «Chữ trong hộp»")
    assert _number(d, inner) == _number(d, outer) + 1


def _runs_listed(data: bytes):
    from vanban.checker import docx_rules

    ctx = docx_rules.DocxContext(ooxml.open_package(data))
    return ctx, docx_rules._formatting_runs(ctx)


@pytest.mark.parametrize("source", ["directives", "form", "form-bold-late"])
def test_the_runs_listed_once_every_style_is_shown_are_those_of_a_paragraph_by_paragraph_reading(
        rendered, monkeypatch, source):
    """Once no new style has been shown for a while, only the body paragraphs holding a ``w:rPr`` or of a style not
    shown yet are read (found by libxml2): the same runs, in the same order, as reading every paragraph's style,
    wherever the switch comes."""
    from conftest import ROOT
    from vanban import load, render_docx
    from vanban.checker import docx_rules

    if source == "directives":
        documents = [r.data for r in rendered.values()]
    else:
        loaded = load(ROOT / "tests" / "fixtures" / "forms" / "bao-cao-xa.yaml")
        assert loaded.ok
        d = Docx(render_docx(loaded.document))
        if source == "form-bold-late":  # direct formatting in the last cell of the form, after every style is shown
            last = ooxml.body_paragraphs(d.doc)
            cell = next(p for p in reversed(last) if ooxml.table_of_cell(p) is not None and ooxml.text_runs(p))
            rpr_set(cell, "w:color", val="C00000")
        documents = [d.build()]
    switched = 0
    for data in documents:
        ctx, _ = _runs_listed(data)
        with monkeypatch.context() as m:  # never switched: every paragraph's style read, as before
            m.setattr(docx_rules, "_SWITCH_AFTER", 10 ** 9)
            slow = docx_rules._formatting_runs(ctx)
        for after in (0, 1, 7, docx_rules._SWITCH_AFTER):
            styles_read = []
            real = ooxml.paragraph_style_id
            with monkeypatch.context() as m:
                m.setattr(docx_rules, "_SWITCH_AFTER", after)
                m.setattr(ooxml, "paragraph_style_id", lambda p: styles_read.append(p) or real(p))
                fast = docx_rules._formatting_runs(ctx)
            assert fast == slow, after
            switched += len(styles_read) < len(ctx.paragraphs)
    assert switched, "no document was read with the skip"
    if source == "form-bold-late":
        assert any("C00000" in x.message for x in check_docx_bytes(documents[0], "x.docx")
                   if x.code == "ND30-PL1-I-4.2")
