"""Building a document on python-docx: what its API lacks for the layout of Nghị định 30.

Paragraph borders for the short rules under the agency name and the Tiêu ngữ (Phụ lục I, ô 1–2),
the PAGE field (§3.15), hyperlinks, borderless layout tables and stamp boxes (§3.13), bordered
grid tables of the forms (§3.16), sections and their orientation, the template's font defaults.
Each helper takes python-docx objects (or their elements) and places what it adds in schema
order through :mod:`.elements`.
"""

from __future__ import annotations

import re
from typing import Iterable

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml.etree import SubElement

from .elements import el, get_or_add, insert_in_order, set_child, xml_of
from .units import mm, mm_to_twips, twips_to_mm
from .xml import XML_SPACE, Element, qn

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


# --------------------------------------------------------------------------- fonts and styles


def set_fonts(rpr: Element, family: str) -> None:
    """Put ``family`` in all four font slots (ascii, hAnsi, eastAsia, cs) and drop theme fonts."""
    fonts = get_or_add(rpr, "w:rFonts")
    for key in list(fonts.attrib):
        if key.lower().endswith("theme"):
            del fonts.attrib[key]
    for slot in FONT_SLOTS:
        fonts.set(qn(f"w:{slot}"), family)


def strip_theme_fonts(root: Element, family: str) -> None:
    """Replace every theme font reference under ``root`` by ``family`` in all slots."""
    for fonts in list(root.iter(qn("w:rFonts"))):
        set_fonts(fonts.getparent(), family)


def set_lang(rpr: Element, lang: str) -> None:
    set_child(rpr, el("w:lang", {"w:val": lang, "w:eastAsia": lang, "w:bidi": lang}))


def set_paragraph_defaults(styles_root: Element, size_half_points: int) -> None:
    """docDefaults: no space after, single line spacing, the given font size."""
    defaults = get_or_add(styles_root, "w:docDefaults")
    ppr = get_or_add(get_or_add(defaults, "w:pPrDefault"), "w:pPr")
    set_child(ppr, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}))
    rpr = get_or_add(get_or_add(defaults, "w:rPrDefault"), "w:rPr")
    for tag in ("w:sz", "w:szCs"):
        set_child(rpr, el(tag, {"w:val": size_half_points}))


def set_document_defaults(document, *, family: str, lang: str, size_half_points: int) -> None:
    """The template's defaults (Phụ lục I, Mục I, khoản 4: phông Times New Roman): ``family`` in every
    font slot of every style and of docDefaults (no theme fonts), ``lang``, size, single spacing."""
    styles = document.styles.element
    strip_theme_fonts(styles, family)
    defaults = get_or_add(styles, "w:docDefaults")
    rpr = get_or_add(get_or_add(defaults, "w:rPrDefault"), "w:rPr")
    set_fonts(rpr, family)
    set_lang(rpr, lang)
    set_paragraph_defaults(styles, size_half_points)


def set_style_fonts(style, family: str) -> None:
    """``family`` in all four font slots of a python-docx style."""
    set_fonts(style.element.get_or_add_rPr(), family)


def set_style_id(style, style_id: str) -> None:
    """The ``w:styleId`` of a python-docx style (python-docx derives one from the name)."""
    style.element.set(qn("w:styleId"), style_id)


def drop_relationships(rels_owner, reltypes: Iterable[str]) -> None:
    """Remove relationships of the given types (and so their parts) from a part or package."""
    rels = rels_owner.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(r_id)
            rels._target_parts_by_rId.pop(r_id, None)  # python-docx has no public API for this


def drop_stock_extras(document) -> None:
    """Drop the parts of python-docx's stock template an office template has no use for: the Word
    2010 styles-with-effects copy, custom XML and the thumbnail."""
    drop_relationships(document.part, {
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        RT.CUSTOM_XML,
    })
    drop_relationships(document.part.package, {RT.THUMBNAIL})


# --------------------------------------------------------------------------- paragraphs and runs


def paragraph_border(paragraph, side: str, size_eighths: int = 6) -> None:
    """A single solid border on one side of a paragraph (the short rules of ô 1 and ô 2, §3.1–3.2)."""
    ppr = xml_of(paragraph).get_or_add_pPr()
    bdr = get_or_add(ppr, "w:pBdr")
    set_child(bdr, el("w:" + side, {"w:val": "single", "w:sz": size_eighths, "w:space": 1, "w:color": "000000"}))


def _preserved_text(tag: str, text: str) -> Element:
    node = el(tag)
    node.set(XML_SPACE, "preserve")
    node.text = text
    return node


def add_page_field(paragraph) -> None:
    """Append a PAGE field (complex field) to a python-docx paragraph (số trang, §3.15)."""
    xml_of(paragraph.add_run()).append(el("w:fldChar", {"w:fldCharType": "begin"}))
    xml_of(paragraph.add_run()).append(_preserved_text("w:instrText", " PAGE "))
    xml_of(paragraph.add_run()).append(el("w:fldChar", {"w:fldCharType": "separate"}))
    paragraph.add_run("2")
    xml_of(paragraph.add_run()).append(el("w:fldChar", {"w:fldCharType": "end"}))


def add_hyperlink(paragraph, url: str, text: str, *, bold: bool = False, italic: bool = False):
    """Append an external hyperlink run (``w:hyperlink`` with an r:id relationship), black and underlined."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink", {"r:id": r_id, "w:history": 1})
    rpr = el("w:rPr")
    if bold:
        rpr.append(el("w:b"))
    if italic:
        rpr.append(el("w:i"))
    rpr.append(el("w:color", {"w:val": "000000"}))
    rpr.append(el("w:u", {"w:val": "single"}))
    link.append(el("w:r", {}, rpr, _preserved_text("w:t", text)))
    xml_of(paragraph).append(link)
    return link


def add_page_break(paragraph) -> None:
    """A page break run (``<w:br w:type="page"/>``), e.g. before a document issued with a decision."""
    xml_of(paragraph.add_run()).append(el("w:br", {"w:type": "page"}))


def move_before(item, reference) -> None:
    """Move ``item`` (a python-docx paragraph or table, or an element) right before ``reference``."""
    xml_of(reference).addprevious(xml_of(item))


def move_after(item, reference) -> None:
    """Move ``item`` (a python-docx paragraph or table, or an element) right after ``reference``."""
    xml_of(reference).addnext(xml_of(item))


def clear_body(document) -> None:
    """Remove all content of a python-docx Document's body but its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


# --------------------------------------------------------------------------- tables


def _borders(tag: str, sides: Iterable[str], **attrs) -> Element:
    node = el(tag)
    for side in sides:
        node.append(el("w:" + side, {f"w:{k}": v for k, v in attrs.items()}))
    return node


def _cell_margins(top: int, left: int, bottom: int, right: int) -> Element:
    node = el("w:tblCellMar")
    for side, width in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        node.append(el("w:" + side, {"w:w": width, "w:type": "dxa"}))
    return node


def table_layout(table, widths_mm: Iterable[float], *, borders: bool = False) -> None:
    """Fixed layout, exact column widths, zero cell margins and (by default) no borders."""
    widths = [mm_to_twips(w) for w in widths_mm]
    tbl = xml_of(table)
    tblpr = tbl.tblPr
    set_child(tblpr, el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}))
    set_child(tblpr, el("w:tblInd", {"w:w": 0, "w:type": "dxa"}))
    if not borders:
        set_child(tblpr, _borders("w:tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV"),
                                  val="nil"))
    set_child(tblpr, el("w:tblLayout", {"w:type": "fixed"}))
    set_child(tblpr, _cell_margins(0, 0, 0, 0))
    set_child(tblpr, el("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0, "w:firstColumn": 0,
                                      "w:lastColumn": 0, "w:noHBand": 1, "w:noVBand": 1}))
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            set_child(xml_of(cell).get_or_add_tcPr(), el("w:tcW", {"w:w": width, "w:type": "dxa"}))


def box_table(table, width_mm: float, height_mm: float, *, double: bool = False, color: str = "000000",
              indent_mm: float = 0.0) -> None:
    """A one-cell table drawn as a stamp box of exactly ``width_mm`` × ``height_mm`` (ô 10a/10b/11, §3.13).

    Single or double border in ``color``, the text centred horizontally (by its style) and vertically.
    """
    table_layout(table, [width_mm])
    tblpr = xml_of(table).tblPr
    set_child(tblpr, el("w:tblInd", {"w:w": mm_to_twips(indent_mm), "w:type": "dxa"}))
    bdr = _borders("w:tblBorders", ("top", "left", "bottom", "right"), val="double" if double else "single",
                   sz=4, space=0, color=color)
    for side in ("insideH", "insideV"):
        bdr.append(el("w:" + side, {"w:val": "nil"}))
    set_child(tblpr, bdr)
    row = table.rows[0]
    set_child(xml_of(row).get_or_add_trPr(), el("w:trHeight", {"w:val": mm_to_twips(height_mm), "w:hRule": "exact"}))
    set_child(xml_of(row.cells[0]).get_or_add_tcPr(), el("w:vAlign", {"w:val": "center"}))


def grid_table(table, widths_mm: Iterable[float], *, header_rows: int = 0, cell_margin_mm: float = 1.2) -> None:
    """A bordered table (single lines all round and inside), fixed column widths, centred (§3.16).

    The first ``header_rows`` rows repeat at the top of every page (``w:tblHeader``) and no row
    breaks across pages (``w:cantSplit``).
    """
    table_layout(table, widths_mm, borders=True)
    tblpr = xml_of(table).tblPr
    set_child(tblpr, _borders("w:tblBorders", ("top", "left", "bottom", "right", "insideH", "insideV"),
                              val="single", sz=4, space=0, color="000000"))
    set_child(tblpr, el("w:jc", {"w:val": "center"}))
    margin = mm_to_twips(cell_margin_mm)
    set_child(tblpr, _cell_margins(0, margin, 0, margin))
    for index, row in enumerate(table.rows):
        tr = xml_of(row)
        trpr = tr.get_or_add_trPr()
        set_child(trpr, el("w:cantSplit"))
        if index < header_rows:
            set_child(trpr, el("w:tblHeader"))
        for tc in tr.tc_lst:
            set_child(tc.get_or_add_tcPr(), el("w:vAlign", {"w:val": "center"}))


def merge_cells(table, row: int, col: int, row_span: int, col_span: int):
    """Merge a block of cells (gridSpan across, vMerge down) and return the merged cell."""
    first = table.cell(row, col)
    if row_span == 1 and col_span == 1:
        return first
    merged = first.merge(table.cell(row + row_span - 1, col + col_span - 1))
    for paragraph in merged.paragraphs[1:]:  # python-docx keeps one paragraph per merged cell
        xml_of(merged).remove(xml_of(paragraph))
    return merged


def empty_cell(cell) -> None:
    """Remove the empty paragraph python-docx puts in a new table cell (content is added after)."""
    for paragraph in list(cell.paragraphs):
        if not paragraph.text:
            xml_of(cell).remove(xml_of(paragraph))


# --------------------------------------------------------------------------- sections


def set_title_page(section) -> None:
    """Turn on "different first page" (``w:titlePg``) so page 1 shows no number (§3.15)."""
    section.different_first_page_header_footer = True


def set_header_distance(section, mm_value: float) -> None:
    section.header_distance = mm(mm_value)


def add_section(document, *, landscape: bool, restart_numbering: bool = True, title_page: bool = True):
    """Start a new section on a new page (a phụ lục, §3.16) and return it.

    Headers stay linked to the previous section, so the page-number header and the empty
    first-page header carry over; with ``restart_numbering`` the numbering starts again from 1
    (``w:pgNumType w:start="1"``): an appendix is numbered on its own (§3.15) and, with
    ``title_page``, its first page shows no number (``w:titlePg``); without, the new section's first
    page is numbered like the others (a document issued with a decision continues its pages).

    The section before ends on its last real paragraph (:func:`end_section_on_last_paragraph`): no
    empty paragraph is left to spill onto a page of its own (issue 16).
    """
    section = document.add_section(WD_SECTION.NEW_PAGE)
    end_section_on_last_paragraph(document)
    orient_section(section, landscape)
    section.different_first_page_header_footer = title_page
    if restart_numbering:
        set_child(xml_of(section), el("w:pgNumType", {"w:start": 1}))
    return section


def end_section_on_last_paragraph(document) -> None:
    """Carry the section break that python-docx put in a new empty paragraph on the last real one.

    ``Document.add_section`` ends the previous section with an empty paragraph holding its
    ``w:sectPr``; when the page before is full, that paragraph alone spills onto a new page which
    then holds only a page number. The ``w:sectPr`` moves into the paragraph before it. After a
    table (the Nơi nhận/signature table ends a letter) there is no paragraph to carry it: a
    ``w:tbl`` cannot hold a ``w:sectPr`` (ECMA-376 §17.6.17), so the break paragraph stays but takes no
    room: its mark is hidden (``w:vanish``) and one point high.
    """
    body = document.element.body
    marks = [p for p in body.findall(qn("w:p")) if is_break_paragraph(p)]
    if not marks:
        return
    breaker = marks[-1]
    before = breaker.getprevious()
    sect_pr = breaker.find(qn("w:pPr")).find(qn("w:sectPr"))
    if before is not None and before.tag == qn("w:p") and not _holds_section(before):
        insert_in_order(get_or_add(before, "w:pPr"), sect_pr)
        body.remove(breaker)
        return
    hide_paragraph_mark(breaker)


def hide_paragraph_mark(p) -> None:
    """An empty paragraph that takes no room: hidden mark, no spacing, a one-point exact line."""
    ppr = get_or_add(p, "w:pPr")
    set_child(ppr, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 20, "w:lineRule": "exact"}))
    rpr = get_or_add(ppr, "w:rPr")
    set_child(rpr, el("w:vanish"))
    set_child(rpr, el("w:sz", {"w:val": 2}))
    set_child(rpr, el("w:szCs", {"w:val": 2}))


def _holds_section(p) -> bool:
    ppr = p.find(qn("w:pPr"))
    return ppr is not None and ppr.find(qn("w:sectPr")) is not None


def is_break_paragraph(p) -> bool:
    """A paragraph with no text run that only carries a section break."""
    return _holds_section(p) and not any(r.find(qn("w:t")) is not None for r in p.iter(qn("w:r")))


def keep_table_together(table) -> None:
    """No row of ``table`` breaks across pages (``w:cantSplit``) and every row stays with the next
    (``w:keepNext`` on the paragraphs of all rows but the last): the Nơi nhận/signature block (ô 7–9b)
    is printed on one page."""
    rows = list(table.rows)
    for index, row in enumerate(rows):
        tr = xml_of(row)
        set_child(tr.get_or_add_trPr(), el("w:cantSplit"))
        if index < len(rows) - 1:
            for p in tr.iter(qn("w:p")):
                keep_with_next(p)


def keep_with_next(paragraph) -> None:
    """``w:keepNext`` on a paragraph (python-docx object or element)."""
    set_child(get_or_add(xml_of(paragraph), "w:pPr"), el("w:keepNext"))


def orient_section(section, landscape: bool) -> None:
    """Turn a section to landscape (or back) with its margins rotated with the sheet.

    Turning the A4 sheet a quarter to the left, the binding (left) margin of the portrait page
    becomes the top margin of the landscape page, the right margin its bottom, and the top and
    bottom margins its right and left (the decree's margins stay on the same edges of paper).
    """
    is_landscape = section.orientation == WD_ORIENT.LANDSCAPE
    if is_landscape == landscape:
        return
    w, h = section.page_width, section.page_height
    top, bottom, left, right = section.top_margin, section.bottom_margin, section.left_margin, section.right_margin
    section.page_width, section.page_height = h, w
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = left, right, bottom, top
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.left_margin, section.right_margin, section.bottom_margin, section.top_margin = top, bottom, left, right


def section_text_width_mm(section) -> float:
    """Width between the margins of a python-docx section."""
    return twips_to_mm(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)


class ParagraphAppender:
    """Adds body paragraphs in constant time each (đoạn văn của phần nội dung, ô 6).

    python-docx's ``add_paragraph(style=name)`` looks the style up among every style of the template and
    scans the body for its ``w:sectPr`` on each call, which makes a long letter quadratic; this resolves
    each style name to its id once and places each paragraph just before the body's final ``w:sectPr``.
    Other containers (table cells, headers) fall back to python-docx with the resolved style."""

    def __init__(self, document):
        self.document = document
        self.ids: dict[str, str | None] = {}
        self.default_id: str | None = None  # the template's default paragraph style, looked up once
        self.body = None  # the w:body element, looked up once

    def style_id(self, name: str) -> str | None:
        """The id of the paragraph style ``name``; ``None`` for the template's default style (as python-docx)."""
        if name not in self.ids:
            from docx.enum.style import WD_STYLE_TYPE

            style = self.document.styles[name]
            if self.default_id is None:  # python-docx scans every style for it: once per document, not per name
                default = self.document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
                self.default_id = default.style_id if default is not None else ""
            self.ids[name] = None if style.style_id == self.default_id else style.style_id
        return self.ids[name]

    def add(self, container, style: str):
        from docx.text.paragraph import Paragraph

        if container is not self.document:
            paragraph = container.add_paragraph()
            paragraph._p.style = self.style_id(style)
            return paragraph
        body = self.body
        if body is None:
            body = self.body = self.document.element.body  # python-docx finds it among the children on every ask
        p = el("w:p")
        last = next(body.iterchildren(reversed=True), None)  # the last child in O(1) (len(body) counts them all)
        if last is not None and last.tag == qn("w:sectPr"):
            last.addprevious(p)
        else:
            body.append(p)
        # what python-docx's ``p.style = …`` writes (an empty w:pPr for the default style), without its search of
        # the schema's successors for every child it adds
        ppr = SubElement(p, _PPR)
        style_id = self.style_id(style)
        if style_id is not None:
            SubElement(ppr, _PSTYLE).set(_VAL, style_id)
        return Paragraph(p, self.document._body)


_PPR, _PSTYLE, _VAL, _R, _T, _TAB, _BR = (qn(t) for t in ("w:pPr", "w:pStyle", "w:val", "w:r", "w:t", "w:tab", "w:br"))
_RUN_BREAKS = re.compile(r"([\t\r\n])")


def add_text_run(paragraph, text: str):
    """``paragraph.add_run(text)`` of python-docx, with the same XML: the text in ``w:t`` pieces (``xml:space``
    preserved where a piece starts or ends with a space), a tab as ``w:tab``, a line end (``\\n``, ``\\r``) as
    ``w:br``; made by lxml a piece at a time, where python-docx reads the text a character at a time (2.4 million
    calls for a letter of 20,000 paragraphs). Returns the python-docx ``Run``."""
    from docx.text.run import Run

    r = SubElement(xml_of(paragraph), _R)
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece == "\n" or piece == "\r":
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(XML_SPACE, "preserve")
    return Run(r, paragraph)
