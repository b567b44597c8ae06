"""The one place that knows WordprocessingML.

Everything that touches XML elements of a .docx lives here: namespaces, element helpers built
on python-docx's ``OxmlElement``, a single hardened XML parser (``resolve_entities=False``,
no network) and the deterministic package writer. Renderers, the checker and the tests call
these helpers; nobody else builds XML strings or runs regular expressions over XML.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from typing import Iterable, Iterator

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from functools import lru_cache

from docx.oxml.ns import nsdecls, qn as _qn  # noqa: F401  (re-exported for callers)
from docx.shared import Emu
from lxml import etree

#: ``qn("w:p")`` → Clark name; cached, as style resolution calls it for every run of a document.
qn = lru_cache(maxsize=None)(_qn)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}

#: 1 mm in twentieths of a point (twips), the unit of most WordprocessingML lengths.
TWIPS_PER_MM = 1440 / 25.4

#: A fixed timestamp for every zip member, so the same input gives byte-identical output.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def mm_to_twips(mm: float) -> int:
    return int(round(mm * TWIPS_PER_MM))


def twips_to_mm(twips: int) -> float:
    return twips / TWIPS_PER_MM


def mm(value: float) -> Emu:
    """A length in millimetres as python-docx's EMU length."""
    return Emu(int(round(value * 36000)))


# --------------------------------------------------------------------------- parsing


def safe_parser() -> etree.XMLParser:
    """The only XML parser vanban uses on input: no entities, no DTD, no network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
    )


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser=safe_parser())


def canonical_xml(data: bytes) -> str:
    """Canonical XML (C14N 2.0) of a part, pretty enough to diff line by line."""
    root = parse_xml(data)
    for el in root.iter():
        if el.text is not None and not el.text.strip() and len(el):
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    etree.indent(root, space=" ")
    return etree.tostring(root, method="c14n2").decode("utf-8")


# --------------------------------------------------------------------------- elements


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """Make ``<w:tag w:k="v" …>children</w:tag>``; ``tag`` and keys are prefixed names."""
    node = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        node.set(qn(key), str(value))
    for child in children:
        node.append(child)
    return node


def _replace_child(parent: etree._Element, child: etree._Element) -> etree._Element:
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.append(child)
    return child


def set_fonts(rpr: etree._Element, family: str) -> None:
    """Put ``family`` in all four font slots (ascii, hAnsi, eastAsia, cs) and drop theme fonts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        if key.lower().endswith("theme"):
            del fonts.attrib[key]
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{slot}"), family)


def strip_theme_fonts(root: etree._Element, family: str) -> None:
    """Replace every theme font reference under ``root`` by ``family`` in all slots."""
    for fonts in root.iter(qn("w:rFonts")):
        rpr = fonts.getparent()
        set_fonts(rpr, family)


def drop_relationships(rels_owner, reltypes: Iterable[str]) -> None:
    """Remove relationships of the given types (and so their parts) from a part or package."""
    rels = rels_owner.rels
    for r_id, rel in list(rels.items()):
        if rel.reltype in reltypes:
            rels.pop(r_id)
            rels._target_parts_by_rId.pop(r_id, None)  # python-docx has no public API for this


def set_paragraph_defaults(styles_root: etree._Element, size_half_points: int) -> None:
    """docDefaults: no space after, single line spacing, the given font size."""
    defaults = styles_root.find(qn("w:docDefaults"))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _replace_child(ppr, el("w:spacing", {"w:before": 0, "w:after": 0, "w:line": 240, "w:lineRule": "auto"}))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        _replace_child(rpr, el(tag, {"w:val": size_half_points}))
    _order_children(rpr, ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "color", "sz", "szCs", "u", "lang"])


def set_lang(rpr: etree._Element, lang: str) -> None:
    _replace_child(rpr, el("w:lang", {"w:val": lang, "w:eastAsia": lang, "w:bidi": lang}))


def paragraph_border(p_el: etree._Element, side: str, size_eighths: int = 6) -> None:
    """A single solid border on one side of a paragraph (used for the short rules of ô 1/ô 2)."""
    ppr = p_el.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = el("w:pBdr")
        ppr.append(bdr)
    _replace_child(bdr, el("w:" + side, {"w:val": "single", "w:sz": size_eighths, "w:space": 1, "w:color": "000000"}))
    _order_ppr(ppr)


#: Schema order of pPr children that we write (CT_PPrBase); Word is strict about it.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]


def _order_ppr(ppr: etree._Element) -> None:
    rank = {qn("w:" + name): i for i, name in enumerate(_PPR_ORDER)}
    children = sorted(ppr, key=lambda c: rank.get(c.tag, len(rank)))
    for child in children:
        ppr.append(child)


def add_page_field(paragraph) -> None:
    """Append a PAGE field (complex field) to a python-docx paragraph (số trang, §3.15)."""
    run = paragraph.add_run()
    r = run._r
    r.append(el("w:fldChar", {"w:fldCharType": "begin"}))
    run2 = paragraph.add_run()
    instr = el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run2._r.append(instr)
    run3 = paragraph.add_run()
    run3._r.append(el("w:fldChar", {"w:fldCharType": "separate"}))
    paragraph.add_run("2")
    run5 = paragraph.add_run()
    run5._r.append(el("w:fldChar", {"w:fldCharType": "end"}))


def add_hyperlink(paragraph, url: str, text: str, *, bold: bool = False, italic: bool = False):
    """Append an external hyperlink run (``w:hyperlink`` with an r:id relationship)."""
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = el("w:hyperlink", {"r:id": r_id, "w:history": 1})
    run = el("w:r")
    rpr = el("w:rPr")
    if bold:
        rpr.append(el("w:b"))
    if italic:
        rpr.append(el("w:i"))
    rpr.append(el("w:color", {"w:val": "000000"}))
    rpr.append(el("w:u", {"w:val": "single"}))
    run.append(rpr)
    t = el("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)
    return link


def table_layout(table, widths_mm: Iterable[float], *, borders: bool = False) -> None:
    """Fixed layout, exact column widths, zero cell margins and (by default) no borders."""
    widths = [mm_to_twips(w) for w in widths_mm]
    tbl = table._tbl
    tblpr = tbl.tblPr
    _replace_child(tblpr, el("w:tblW", {"w:w": sum(widths), "w:type": "dxa"}))
    _replace_child(tblpr, el("w:tblInd", {"w:w": 0, "w:type": "dxa"}))
    if not borders:
        bdr = el("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            bdr.append(el("w:" + side, {"w:val": "nil"}))
        _replace_child(tblpr, bdr)
    _replace_child(tblpr, el("w:tblLayout", {"w:type": "fixed"}))
    mar = el("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        mar.append(el("w:" + side, {"w:w": 0, "w:type": "dxa"}))
    _replace_child(tblpr, mar)
    _replace_child(tblpr, el("w:tblLook", {"w:val": "0000", "w:firstRow": 0, "w:lastRow": 0,
                                           "w:firstColumn": 0, "w:lastColumn": 0,
                                           "w:noHBand": 1, "w:noVBand": 1}))
    _order_children(tblpr, ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                            "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                            "shd", "tblLayout", "tblCellMar", "tblLook"])
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            tcpr = cell._tc.get_or_add_tcPr()
            _replace_child(tcpr, el("w:tcW", {"w:w": width, "w:type": "dxa"}))


def box_table(table, width_mm: float, height_mm: float, *, double: bool = False, color: str = "000000",
              indent_mm: float = 0.0) -> None:
    """A one-cell table drawn as a stamp box of exactly ``width_mm`` × ``height_mm`` (ô 10a/10b/11, §3.13).

    Single or double border in ``color``, the text centred horizontally (by its style) and vertically.
    """
    table_layout(table, [width_mm])
    tblpr = table._tbl.tblPr
    _replace_child(tblpr, el("w:tblInd", {"w:w": mm_to_twips(indent_mm), "w:type": "dxa"}))
    bdr = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right"):
        bdr.append(el("w:" + side, {"w:val": "double" if double else "single", "w:sz": 4, "w:space": 0,
                                    "w:color": color}))
    for side in ("insideH", "insideV"):
        bdr.append(el("w:" + side, {"w:val": "nil"}))
    _replace_child(tblpr, bdr)
    _order_children(tblpr, ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                            "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                            "shd", "tblLayout", "tblCellMar", "tblLook"])
    row = table.rows[0]
    trpr = row._tr.get_or_add_trPr()
    _replace_child(trpr, el("w:trHeight", {"w:val": mm_to_twips(height_mm), "w:hRule": "exact"}))
    tcpr = row.cells[0]._tc.get_or_add_tcPr()
    _replace_child(tcpr, el("w:vAlign", {"w:val": "center"}))


def add_page_break(paragraph) -> None:
    """A page break run (``<w:br w:type="page"/>``), e.g. before a document issued with a decision."""
    run = paragraph.add_run()
    run._r.append(el("w:br", {"w:type": "page"}))


def move_before(element: etree._Element, reference: etree._Element) -> None:
    """Move ``element`` (a table, a paragraph) right before ``reference`` in its story."""
    reference.addprevious(element)


def clear_body(document) -> None:
    """Remove all content of a python-docx Document's body but its final section properties."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def empty_cell(cell) -> None:
    """Remove the empty paragraph python-docx puts in a new table cell (content is added after)."""
    for paragraph in list(cell.paragraphs):
        if not paragraph.text:
            cell._tc.remove(paragraph._p)


def _order_children(parent: etree._Element, order: list[str]) -> None:
    rank = {qn("w:" + name): i for i, name in enumerate(order)}
    for child in sorted(parent, key=lambda c: rank.get(c.tag, len(rank))):
        parent.append(child)


def set_title_page(section) -> None:
    """Turn on "different first page" (``w:titlePg``) so page 1 shows no number (§3.15)."""
    section.different_first_page_header_footer = True


def set_header_distance(section, mm_value: float) -> None:
    section.header_distance = mm(mm_value)


# --------------------------------------------------------------------------- sections and grid tables (forms)

#: Schema order of sectPr children (CT_SectPr); Word rejects them out of order.
_SECTPR_ORDER = [
    "headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc",
    "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote", "titlePg",
    "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
]


def add_section(document, *, landscape: bool, restart_numbering: bool = True):
    """Start a new section on a new page (a phụ lục, §3.16) and return it.

    Headers stay linked to the previous section, so the page-number header and the empty
    first-page header (``titlePg``) carry over; with ``restart_numbering`` the numbering starts
    again from 1 (``w:pgNumType w:start="1"``): an appendix is numbered on its own (§3.15) and
    its first page shows no number.
    """
    from docx.enum.section import WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    orient_section(section, landscape)
    sect_pr = section._sectPr
    if restart_numbering:
        _replace_child(sect_pr, el("w:pgNumType", {"w:start": 1}))
    _order_children(sect_pr, _SECTPR_ORDER)
    return section


def orient_section(section, landscape: bool) -> None:
    """Turn a section to landscape (or back) with its margins rotated with the sheet.

    Turning the A4 sheet a quarter to the left, the binding (left) margin of the portrait page
    becomes the top margin of the landscape page, the right margin its bottom, and the top and
    bottom margins its right and left (the decree's margins stay on the same edges of paper).
    """
    from docx.enum.section import WD_ORIENT

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
    return twips_to_mm(section.page_width.twips - section.left_margin.twips - section.right_margin.twips)


def grid_table(table, widths_mm: Iterable[float], *, header_rows: int = 0, cell_margin_mm: float = 1.2) -> None:
    """A bordered table (single lines all round and inside), fixed column widths, centred.

    The first ``header_rows`` rows repeat at the top of every page (``w:tblHeader``) and no row
    breaks across pages (``w:cantSplit``).
    """
    table_layout(table, widths_mm, borders=True)
    tblpr = table._tbl.tblPr
    bdr = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        bdr.append(el("w:" + side, {"w:val": "single", "w:sz": 4, "w:space": 0, "w:color": "000000"}))
    _replace_child(tblpr, bdr)
    _replace_child(tblpr, el("w:jc", {"w:val": "center"}))
    mar = el("w:tblCellMar")
    for side, width in (("top", 0), ("left", mm_to_twips(cell_margin_mm)), ("bottom", 0),
                        ("right", mm_to_twips(cell_margin_mm))):
        mar.append(el("w:" + side, {"w:w": width, "w:type": "dxa"}))
    _replace_child(tblpr, mar)
    _order_children(tblpr, ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
                            "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
                            "shd", "tblLayout", "tblCellMar", "tblLook"])
    for index, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        _replace_child(trpr, el("w:cantSplit"))
        if index < header_rows:
            _replace_child(trpr, el("w:tblHeader"))
        for tc in row._tr.tc_lst:
            tcpr = tc.get_or_add_tcPr()
            _replace_child(tcpr, el("w:vAlign", {"w:val": "center"}))
            _order_children(tcpr, ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd",
                                   "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"])


def merge_cells(table, row: int, col: int, row_span: int, col_span: int):
    """Merge a block of cells (gridSpan across, vMerge down) and return the merged cell."""
    first = table.cell(row, col)
    if row_span == 1 and col_span == 1:
        return first
    merged = first.merge(table.cell(row + row_span - 1, col + col_span - 1))
    for paragraph in merged.paragraphs[1:]:  # python-docx keeps one paragraph per merged cell
        merged._tc.remove(paragraph._p)
    return merged


def table_grid(tbl: etree._Element) -> list[list[dict]]:
    """Read a ``w:tbl`` back as a grid: one dict per grid cell with ``text``, ``row``/``col`` of the
    merged cell's top-left corner, and its ``row_span``/``col_span``. Merged cells repeat the origin."""
    rows: list[list[dict]] = []
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        row: list[dict] = []
        col = 0
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val"), "continue")
            text = "\n".join(paragraph_text(p) for p in tc.findall(qn("w:p")))
            if vmerge == "continue" and rows and col < len(rows[-1]):
                origin = rows[-1][col]
                origin["row_span_open"] = True
                cell = origin
            else:
                cell = {"text": text, "row": r, "col": col, "row_span": 1, "col_span": span, "element": tc}
            for _ in range(span):
                row.append(cell)
            col += span
        rows.append(row)
    for r, row in enumerate(rows):  # row spans: count the rows that repeat the same origin
        for cell in row:
            if cell["row"] == r:
                continue
            cell["row_span"] = max(cell["row_span"], r - cell["row"] + 1)
    for row in rows:
        for cell in row:
            cell.pop("row_span_open", None)
    return rows


def body_tables(document_root: etree._Element) -> list[etree._Element]:
    """The top-level tables of the main story, in order."""
    return document_root.find(qn("w:body")).findall(qn("w:tbl"))


def section_properties(document_root: etree._Element) -> list[etree._Element]:
    """Every ``w:sectPr`` of the body in order (the last one is the body's own)."""
    body = document_root.find(qn("w:body"))
    found = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in body.findall(qn("w:p"))]
    return [s for s in found if s is not None] + [body.find(qn("w:sectPr"))]


# --------------------------------------------------------------------------- reading back


def iter_paragraph_text_runs(p_el: etree._Element) -> Iterator[str]:
    for node in p_el.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:tab") and node.getparent().tag == qn("w:tabs"):
            continue  # a tab stop defined in the paragraph properties, not a tab character
        if node.tag == qn("w:t"):
            yield node.text or ""
        elif node.tag == qn("w:tab"):
            yield "\t"
        else:
            yield "\n"


def paragraph_text(p_el: etree._Element) -> str:
    return "".join(iter_paragraph_text_runs(p_el))


def body_paragraphs(document_root: etree._Element) -> list[etree._Element]:
    """All paragraphs of the main story in reading order, table cells included (row by row)."""
    body = document_root.find(qn("w:body"))
    return list(body.iter(qn("w:p")))


def _on(node: etree._Element | None) -> bool | None:
    """Value of a toggle property (``<w:b/>``, ``<w:b w:val="0"/>``), ``None`` if absent."""
    if node is None:
        return None
    return node.get(qn("w:val"), "true") not in ("0", "false", "off")


class StyleSheet:
    """Resolves effective run and paragraph properties through styles, as Word does.

    Order: direct run properties → paragraph style chain (basedOn) → docDefaults.
    """

    def __init__(self, styles_root: etree._Element):
        self.root = styles_root
        self.by_id = {s.get(qn("w:styleId")): s for s in styles_root.iter(qn("w:style"))}
        self.default_para = next(
            (s.get(qn("w:styleId")) for s in styles_root.iter(qn("w:style"))
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
            None,
        )

    def chain(self, style_id: str | None) -> list[etree._Element]:
        out, seen = [], set()
        style_id = style_id or self.default_para
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def style_name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id or self.default_para)
        if style is None:
            return None
        name = style.find(qn("w:name"))
        return name.get(qn("w:val")) if name is not None else None

    def _rpr_layers(self, p_el: etree._Element, r_el: etree._Element | None) -> list[etree._Element]:
        layers = []
        rpr_direct = r_el.find(qn("w:rPr")) if r_el is not None else None
        if rpr_direct is not None:
            layers.append(rpr_direct)
            # a character style (w:rStyle) sits between direct formatting and the paragraph style
            rstyle = rpr_direct.find(qn("w:rStyle"))
            seen: set = set()
            style_id = rstyle.get(qn("w:val")) if rstyle is not None else None
            while style_id and style_id not in seen and style_id in self.by_id:
                seen.add(style_id)
                style = self.by_id[style_id]
                if style.find(qn("w:rPr")) is not None:
                    layers.append(style.find(qn("w:rPr")))
                based = style.find(qn("w:basedOn"))
                style_id = based.get(qn("w:val")) if based is not None else None
        for style in self.chain(paragraph_style_id(p_el)):
            rpr = style.find(qn("w:rPr"))
            if rpr is not None:
                layers.append(rpr)
        defaults = self.root.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
            if rpr is not None:
                layers.append(rpr)
        return layers

    def run_props(self, p_el: etree._Element, r_el: etree._Element | None) -> dict:
        """Effective ``size`` (pt), ``bold``, ``italic``, ``fonts`` (slot → family) and ``caps``."""
        props: dict = {"size": None, "bold": None, "italic": None, "caps": None, "fonts": {}}
        for rpr in self._rpr_layers(p_el, r_el):
            if props["size"] is None and rpr.find(qn("w:sz")) is not None:
                props["size"] = int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2
            for key, tag in (("bold", "w:b"), ("italic", "w:i"), ("caps", "w:caps")):
                if props[key] is None:
                    props[key] = _on(rpr.find(qn(tag)))
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is not None:
                for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                    if slot not in props["fonts"] and fonts.get(qn(f"w:{slot}")):
                        props["fonts"][slot] = fonts.get(qn(f"w:{slot}"))
                    theme = fonts.get(qn(f"w:{slot}Theme")) or (fonts.get(qn("w:cstheme")) if slot == "cs" else None)
                    if slot not in props["fonts"] and theme:
                        props["fonts"][slot] = "theme:" + theme
        props["size"] = props["size"] or 10.0
        props["bold"] = bool(props["bold"])
        props["italic"] = bool(props["italic"])
        props["caps"] = bool(props["caps"])
        return props

    def paragraph_props(self, p_el: etree._Element) -> dict:
        """Effective ``align``, ``first_line`` / ``left`` / ``right`` indents (twips), ``before``/``after`` (pt)."""
        props: dict = {}
        layers = []
        ppr = p_el.find(qn("w:pPr"))
        if ppr is not None:
            layers.append(ppr)
        layers += [s.find(qn("w:pPr")) for s in self.chain(paragraph_style_id(p_el)) if s.find(qn("w:pPr")) is not None]
        defaults = self.root.find(qn("w:docDefaults"))
        if defaults is not None and defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") is not None:
            layers.append(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
        for layer in layers:
            jc = layer.find(qn("w:jc"))
            if "align" not in props and jc is not None:
                props["align"] = jc.get(qn("w:val"))
            ind = layer.find(qn("w:ind"))
            if ind is not None:
                for key, attr in (("first_line", "w:firstLine"), ("left", "w:left"), ("right", "w:right"),
                                  ("hanging", "w:hanging"), ("left", "w:start"), ("right", "w:end")):
                    if key not in props and ind.get(qn(attr)) is not None:
                        props[key] = int(ind.get(qn(attr)))
            spacing = layer.find(qn("w:spacing"))
            if spacing is not None:
                for key, attr in (("before", "w:before"), ("after", "w:after")):
                    if key not in props and spacing.get(qn(attr)) is not None:
                        props[key] = int(spacing.get(qn(attr))) / 20
                if "line" not in props and spacing.get(qn("w:line")) is not None:
                    props["line"] = int(spacing.get(qn("w:line")))
                    props["line_rule"] = spacing.get(qn("w:lineRule"), "auto")
        props.setdefault("align", "left")
        for key in ("first_line", "left", "right", "hanging"):
            props.setdefault(key, 0)
        props.setdefault("before", 0.0)
        props.setdefault("after", 0.0)
        return props


def paragraph_style_id(p_el: etree._Element) -> str | None:
    ppr = p_el.find(qn("w:pPr"))
    if ppr is None:
        return None
    style = ppr.find(qn("w:pStyle"))
    return style.get(qn("w:val")) if style is not None else None


def text_runs(p_el: etree._Element) -> list[etree._Element]:
    """Runs of a paragraph that carry text (hyperlink runs included)."""
    return [r for r in p_el.iter(qn("w:r")) if r.find(qn("w:t")) is not None and "".join(
        t.text or "" for t in r.iter(qn("w:t"))).strip()]


def read_part(docx_bytes: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        return zf.read(name)


# --------------------------------------------------------------------------- writing


def deterministic_zip(docx_bytes: bytes) -> bytes:
    """Re-pack a package with fixed timestamps and attributes, keeping member order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, data, compresslevel=6)
    return out.getvalue()


#: Longest text python-docx accepts in a core document property (title, subject, author …).
CORE_PROPERTY_MAX = 255


def core_text(value: str) -> str:
    """A core property value cut to what the package format takes (a long trích yếu or agency name)."""
    return value if len(value) <= CORE_PROPERTY_MAX else value[:CORE_PROPERTY_MAX - 1] + "…"


def save_document(document) -> bytes:
    """Serialise a python-docx Document to bytes, byte-identical for identical content."""
    buf = io.BytesIO()
    document.save(buf)
    return deterministic_zip(buf.getvalue())


# --------------------------------------------------------------------------- reading untrusted packages

#: Limits for .docx files vanban reads but did not write (a clerk's Word file, one from another
#: agency): a zip bomb, a huge part or a package of thousands of members is refused before it is
#: inflated. Parts are inflated in chunks and the limit is enforced on the bytes actually produced,
#: so a member whose header lies about its size is refused too.
MAX_PACKAGE_BYTES = 100 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
#: Largest inflation ratio accepted for a part of more than 1 MiB (Word XML compresses ~10–30×).
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024

W_MAIN = "word/document.xml"


class PackageError(Exception):
    """A .docx that cannot be read safely; ``code`` is the stable VB7xx code, ``message`` Vietnamese."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


class Package:
    """A WordprocessingML package opened defensively (see the limits above).

    Only the parts that are asked for are inflated; every XML part goes through :func:`parse_xml`
    (no entities, no DTD, no network) and a part with a DOCTYPE is refused.
    """

    def __init__(self, data: bytes):
        if len(data) > MAX_PACKAGE_BYTES:
            raise PackageError("VB702", f"tệp quá lớn ({len(data) // (1024 * 1024)} MB; tối đa "
                                        f"{MAX_PACKAGE_BYTES // (1024 * 1024)} MB)")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise PackageError("VB701", f"không phải tệp .docx hợp lệ (không đọc được gói zip: {exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise PackageError("VB702", f"gói có {len(infos)} thành phần (tối đa {MAX_MEMBERS}); từ chối")
        self._infos = {info.filename: info for info in infos}
        declared = 0
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise PackageError("VB702", f"thành phần {info.filename} quá lớn "
                                            f"({info.file_size // (1024 * 1024)} MB khi giải nén; tối đa "
                                            f"{MAX_PART_BYTES // (1024 * 1024)} MB); từ chối")
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise PackageError("VB702", f"thành phần {info.filename} có tỉ lệ nén bất thường "
                                            f"({info.file_size // max(info.compress_size, 1)}:1), nghi là bom zip; "
                                            "từ chối")
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise PackageError("VB702", f"tổng dung lượng giải nén {declared // (1024 * 1024)} MB vượt giới hạn "
                                        f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB; từ chối")
        self._inflated = 0
        self._parsed: dict[str, etree._Element] = {}
        if W_MAIN not in self._infos:
            raise PackageError("VB703", "không có phần nội dung word/document.xml (không phải tệp Word .docx)")

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise PackageError("VB703", f"thiếu thành phần {name}")
        out = bytearray()
        try:
            with self._zip.open(info) as handle:
                while True:
                    chunk = handle.read(1024 * 1024)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > MAX_PART_BYTES or self._inflated + len(out) > MAX_TOTAL_BYTES:
                        raise PackageError("VB702", f"thành phần {name} giải nén vượt giới hạn; từ chối")
                    if len(out) > _RATIO_FLOOR and len(out) > MAX_RATIO * max(info.compress_size, 1):
                        raise PackageError("VB702", f"thành phần {name} có tỉ lệ nén bất thường, nghi là bom zip; "
                                                    "từ chối")
        except PackageError:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            raise PackageError("VB701", f"thành phần {name} bị hỏng ({exc})") from None
        self._inflated += len(out)
        return bytes(out)

    def xml(self, name: str) -> etree._Element:
        """A part parsed (once: later calls return the same tree) with the safe parser."""
        cached = self._parsed.get(name)
        if cached is not None:
            return cached
        data = self.read(name)
        try:
            root = parse_xml(data)
        except etree.XMLSyntaxError as exc:
            raise PackageError("VB704", f"XML của {name} không hợp lệ ({exc})") from None
        if root.getroottree().docinfo.doctype:
            raise PackageError("VB704", f"{name} có khai báo DOCTYPE/thực thể (entity); từ chối vì lý do an toàn")
        self._parsed[name] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: id → (type, target resolved against the part's folder)."""
        folder, _, base = part.rpartition("/")
        name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.has(name):
            return {}
        out = {}
        for rel in self.xml(name):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = _resolve_target(folder, target)
            out[rel.get("Id")] = (rel.get("Type", ""), target)
        return out


def _resolve_target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def style_names(package: "Package") -> set[str]:
    """The names of the styles a package defines (``word/styles.xml``), read through the hardened reader."""
    if not package.has("word/styles.xml"):
        return set()
    root = package.xml("word/styles.xml")
    names = set()
    for style in root.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            names.add(name.get(qn("w:val")))
    return names


def open_package(data: bytes) -> Package:
    """Open untrusted .docx bytes; raises :class:`PackageError` with a VB7xx code."""
    return Package(data)


def twips_attr(node: etree._Element | None, attr: str) -> int | None:
    if node is None or node.get(qn(f"w:{attr}")) is None:
        return None
    try:
        return int(float(node.get(qn(f"w:{attr}"))))
    except ValueError:
        return None


def header_footer_refs(sect: etree._Element) -> dict[str, dict[str, str]]:
    """``{"header": {"default": rId, "first": rId}, "footer": {...}}`` of a section."""
    out: dict[str, dict[str, str]] = {"header": {}, "footer": {}}
    for kind in ("header", "footer"):
        for ref in sect.findall(qn(f"w:{kind}Reference")):
            out[kind][ref.get(qn("w:type"), "default")] = ref.get(qn("r:id"))
    return out


def has_field(root: etree._Element, name: str) -> bool:
    """Whether a complex (``w:instrText``) or simple (``w:fldSimple``) field ``name`` occurs under root."""
    for instr in root.iter(qn("w:instrText")):
        if (instr.text or "").strip().split(" ")[0:1] == [name]:
            return True
    for simple in root.iter(qn("w:fldSimple")):
        if (simple.get(qn("w:instr")) or "").strip().split(" ")[0:1] == [name]:
            return True
    return False


def field_paragraphs(root: etree._Element, name: str) -> list[etree._Element]:
    out = []
    for p in root.iter(qn("w:p")):
        if has_field(p, name):
            out.append(p)
    return out


def is_toggle_on(node: etree._Element | None) -> bool | None:
    return _on(node)


def paragraph_border_sides(p_el: etree._Element) -> set[str]:
    """Sides with a visible border set directly on the paragraph (``w:pBdr``)."""
    bdr = p_el.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if bdr is None:
        return set()
    return {child.tag.split("}")[1] for child in bdr if child.get(qn("w:val")) not in (None, "nil", "none")}


def has_drawing(p_el: etree._Element) -> bool:
    """A drawn shape (DrawingML or VML) anchored in the paragraph, e.g. a line under the Tiêu ngữ."""
    vml = "urn:schemas-microsoft-com:vml"
    for node in p_el.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")) or tag.startswith("{" + vml + "}"):
            return True
    return False


def cell_of(p_el: etree._Element) -> etree._Element | None:
    """The table cell (``w:tc``) holding a paragraph, or ``None`` for a paragraph of the body."""
    node = p_el.getparent()
    while node is not None:
        if node.tag == qn("w:tc"):
            return node
        if node.tag == qn("w:body"):
            return None
        node = node.getparent()
    return None


def cell_width_twips(tc: etree._Element) -> int | None:
    return twips_attr(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}"), "w")


def cell_position(tc: etree._Element) -> tuple[int, int, int]:
    """(table index among the body's tables, row, column) of a cell."""
    tr = tc.getparent()
    tbl = tr.getparent()
    body = tbl.getparent()
    tables = [t for t in body.iter(qn("w:tbl"))]
    return tables.index(tbl), list(tbl.findall(qn("w:tr"))).index(tr), list(tr.findall(qn("w:tc"))).index(tc)


def run_text(r_el: etree._Element) -> str:
    return "".join(t.text or "" for t in r_el.iter(qn("w:t")))


def run_color(p_el: etree._Element, r_el: etree._Element, sheet: "StyleSheet") -> str | None:
    """Effective ``w:color`` of a run (hex or "auto"), through the paragraph's style chain."""
    for rpr in sheet._rpr_layers(p_el, r_el):
        color = rpr.find(qn("w:color"))
        if color is not None and color.get(qn("w:val")):
            return color.get(qn("w:val"))
    return None


# --------------------------------------------------------------------------- tracked changes (redline)


class Revisions:
    """Makes ``w:ins`` / ``w:del`` marks with one author and date and sequential ids (deterministic)."""

    def __init__(self, author: str, date: str):
        self.author = author
        self.date = date  # ISO 8601, e.g. "2021-02-05T00:00:00Z"
        self.next_id = 1

    def mark(self, tag: str) -> etree._Element:
        node = el(tag, {"w:id": self.next_id, "w:author": self.author, "w:date": self.date})
        self.next_id += 1
        return node


def _text_runs_in_order(p_el: etree._Element) -> list[etree._Element]:
    """The runs of a paragraph that carry ``w:t`` text, in document order (hyperlinks included)."""
    return [r for r in p_el.iter(qn("w:r")) if r.find(qn("w:t")) is not None]


def _split_run(r_el: etree._Element, offset: int) -> etree._Element:
    """Split a text run at ``offset`` characters; returns the new right-hand run (inserted after)."""
    from copy import deepcopy

    text = run_text(r_el)
    right = deepcopy(r_el)
    for t in list(r_el.findall(qn("w:t")))[1:]:
        r_el.remove(t)
    for t in list(right.findall(qn("w:t")))[1:]:
        right.remove(t)
    _set_text(r_el.find(qn("w:t")), text[:offset])
    _set_text(right.find(qn("w:t")), text[offset:])
    r_el.addnext(right)
    return right


def _set_text(t: etree._Element, text: str) -> None:
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _deleted_run(template: etree._Element | None, text: str) -> etree._Element:
    """A run holding ``text`` as ``w:delText``, with the formatting of ``template`` (if any)."""
    from copy import deepcopy

    run = el("w:r")
    if template is not None and template.find(qn("w:rPr")) is not None:
        run.append(deepcopy(template.find(qn("w:rPr"))))
    dt = el("w:delText")
    _set_text(dt, text)
    run.append(dt)
    return run


def redline_paragraph(p_el: etree._Element, inserted: list[tuple[int, int]],
                      deleted: list[tuple[int, str]], rev: Revisions) -> None:
    """Mark changes inside one paragraph of the NEW document.

    ``inserted`` are character ranges of the paragraph's text that are new; ``deleted`` are
    (offset, old text) pairs to show as deleted text at that offset of the new text.
    """
    cuts = sorted({o for rng in inserted for o in rng} | {o for o, _ in deleted})
    # split runs so every cut falls on a run boundary
    pos = 0
    for run in _text_runs_in_order(p_el):
        text = run_text(run)
        start, end = pos, pos + len(text)
        current = run
        for cut in cuts:
            if start < cut < end:
                current = _split_run(current, cut - start)
                start = cut
        pos = end
    runs = []
    pos = 0
    for run in _text_runs_in_order(p_el):
        n = len(run_text(run))
        runs.append((pos, pos + n, run))
        pos += n
    for lo, hi in inserted:
        for start, end, run in runs:
            if start >= lo and end <= hi and end > start:
                wrapper = rev.mark("w:ins")
                run.addprevious(wrapper)
                wrapper.append(run)
    for offset, text in sorted(deleted, key=lambda d: d[0]):
        before = [r for s, e, r in runs if e == offset and e > s]
        after = [r for s, e, r in runs if s == offset and e > s]
        template = before[-1] if before else (after[0] if after else None)
        wrapper = rev.mark("w:del")
        wrapper.append(_deleted_run(template, text))
        if before:
            anchor = before[-1]
            anchor = anchor.getparent() if anchor.getparent().tag == qn("w:ins") else anchor
            anchor.addnext(wrapper)
        elif after:
            anchor = after[0]
            anchor = anchor.getparent() if anchor.getparent().tag == qn("w:ins") else anchor
            anchor.addprevious(wrapper)
        else:
            p_el.append(wrapper)


def _mark_paragraph_mark(p_el: etree._Element, tag: str, rev: Revisions) -> None:
    ppr = p_el.find(qn("w:pPr"))
    if ppr is None:
        ppr = el("w:pPr")
        p_el.insert(0, ppr)
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = el("w:rPr")
        ppr.append(rpr)
        _order_ppr(ppr)
    rpr.insert(0, rev.mark(tag))


def mark_inserted_paragraph(p_el: etree._Element, rev: Revisions) -> None:
    """The whole paragraph is new: its runs in ``w:ins`` and its paragraph mark inserted."""
    for run in _text_runs_in_order(p_el):
        wrapper = rev.mark("w:ins")
        run.addprevious(wrapper)
        wrapper.append(run)
    _mark_paragraph_mark(p_el, "w:ins", rev)


def deleted_paragraph_copy(old_p: etree._Element, rev: Revisions) -> etree._Element:
    """A copy of an OLD paragraph shown as deleted in the NEW document.

    Hyperlinks are unwrapped (their relationship ids belong to the old package) and every text
    becomes ``w:delText`` inside ``w:del``.
    """
    from copy import deepcopy

    p = deepcopy(old_p)
    for link in list(p.iter(qn("w:hyperlink"))):
        parent = link.getparent()
        index = parent.index(link)
        for child in list(link):
            parent.insert(index, child)
            index += 1
        parent.remove(link)
    for run in _text_runs_in_order(p):
        for t in run.findall(qn("w:t")):
            t.tag = qn("w:delText")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        wrapper = rev.mark("w:del")
        run.addprevious(wrapper)
        wrapper.append(run)
    _mark_paragraph_mark(p, "w:del", rev)
    return p


def paragraph_containers(document_root: etree._Element) -> dict[tuple, list[etree._Element]]:
    """Paragraphs grouped by where they sit: ``("body",)`` or ``("cell", table, row, col)``."""
    body = document_root.find(qn("w:body"))
    out: dict[tuple, list[etree._Element]] = {("body",): []}
    tables = list(body.iter(qn("w:tbl")))
    for child in body:
        if child.tag == qn("w:p"):
            out[("body",)].append(child)
    for ti, tbl in enumerate(tables):
        for ri, tr in enumerate(tbl.findall(qn("w:tr"))):
            for ci, tc in enumerate(tr.findall(qn("w:tc"))):
                out[("cell", ti, ri, ci)] = tc.findall(qn("w:p"))
    return out


def track_revisions_setting(settings_root: etree._Element) -> None:
    """Turn on "Track Changes" (``w:trackRevisions``) so further edits are tracked too."""
    if settings_root.find(qn("w:trackRevisions")) is not None:
        return
    # CT_Settings order: trackRevisions comes right before these (Word and LibreOffice are strict)
    later = {qn("w:" + n) for n in ("doNotTrackMoves", "doNotTrackFormatting", "documentProtection",
                                    "autoFormatOverride", "styleLockTheme", "styleLockQFSet", "defaultTabStop",
                                    "autoHyphenation", "characterSpacingControl", "compat", "rsids", "themeFontLang",
                                    "clrSchemeMapping", "shapeDefaults", "decimalSymbol", "listSeparator")}
    for child in settings_root:
        if child.tag in later:
            child.addprevious(el("w:trackRevisions"))
            return
    settings_root.append(el("w:trackRevisions"))


def replace_parts(docx_bytes: bytes, parts: dict[str, bytes]) -> bytes:
    """The same package with some parts replaced, written deterministically."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = parts.get(info.filename, src.read(info.filename))
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, data, compresslevel=6)
    return out.getvalue()


def serialize_part(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def run_offsets(p_el: etree._Element) -> list[tuple[etree._Element, int, int]]:
    """Each run of a paragraph with the range of :func:`paragraph_text` it covers (tabs count as one)."""
    out = []
    pos = 0
    for run in p_el.iter(qn("w:r")):
        n = 0
        for node in run.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            n += len(node.text or "") if node.tag == qn("w:t") else 1
        out.append((run, pos, pos + n))
        pos += n
    return out


# --------------------------------------------------------------------------- per-copy packages (fast path)
#
# A letter sent to 1,000 recipients differs between copies only in a few texts (Kính gửi, the
# recipient's figures). The package is rendered once with a unique marker in each of those texts;
# here its parts are split at the markers, the unchanged parts are compressed once, and each copy
# only joins and deflates the parts that hold a marker. The result is byte-identical to
# ``save_document`` of the same content (same zip layout, same deflate stream).


def xml_text(value: str) -> bytes:
    """``value`` escaped as XML character data, as lxml writes it (``&``, ``<``, ``>``)."""
    from xml.sax.saxutils import escape

    return escape(value).encode("utf-8")


def _text_element(open_tag: bytes, close_tag: bytes, content: bytes) -> bytes | None:
    """The element holding ``content`` as python-docx/lxml would write it; ``None`` if it would differ in form."""
    if not content:
        return None  # lxml writes an empty element as <x/> and python-docx drops an empty w:t
    if open_tag.startswith(b"<w:t>") or open_tag.startswith(b"<w:t "):
        text = content.decode("utf-8")
        if len(text.strip()) < len(text):
            return b'<w:t xml:space="preserve">' + content + close_tag
        return b"<w:t>" + content + close_tag
    return open_tag + content + close_tag


class PartTemplate:
    """A serialised part split at text markers: static bytes and holes (elements whose text holds markers)."""

    def __init__(self, data: bytes, markers: list[bytes]):
        found = sorted((pos, index) for index, marker in enumerate(markers)
                       for pos in _find_all(data, marker))
        self.pieces: list = []  # bytes, or (open_tag, close_tag, [bytes | int marker index])
        cursor = 0
        i = 0
        while i < len(found):
            pos = found[i][0]
            start = data.rfind(b"<", 0, pos)
            tag_end = data.index(b">", start) + 1
            close = data.index(b"</", pos)
            end = data.index(b">", close) + 1
            content: list = []
            at = tag_end
            while i < len(found) and found[i][0] < close:
                pos, index = found[i]
                if pos > at:
                    content.append(data[at:pos])
                content.append(index)
                at = pos + len(markers[index])
                i += 1
            if close > at:
                content.append(data[at:close])
            self.pieces.append(data[cursor:start])
            self.pieces.append((data[start:tag_end], data[close:end], content))
            cursor = end
        self.pieces.append(data[cursor:])
        self.holes = len(found)
        self.head = self.pieces[0]
        # the deflate state after the static head, reused by every copy
        self._compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self._head_deflated = self._compressor.compress(self.head)
        self._head_crc = zlib.crc32(self.head)

    def fill(self, values: list[bytes]) -> bytes | None:
        """The part's bytes with escaped ``values`` in the holes; ``None`` where the plain renderer would
        write a different form (an empty text), so the caller renders that copy the plain way."""
        out = []
        for piece in self.pieces[1:]:
            if isinstance(piece, bytes):
                out.append(piece)
                continue
            open_tag, close_tag, content = piece
            element = _text_element(open_tag, close_tag,
                                    b"".join(values[c] if isinstance(c, int) else c for c in content))
            if element is None:
                return None
            out.append(element)
        return b"".join(out)

    def deflate(self, tail: bytes) -> tuple[bytes, int, int]:
        """Deflate head + ``tail`` (what :meth:`fill` returned), continuing from the head's saved state."""
        compressor = self._compressor.copy()
        data = self._head_deflated + compressor.compress(tail) + compressor.flush()
        return data, zlib.crc32(tail, self._head_crc), len(self.head) + len(tail)


def _find_all(data: bytes, needle: bytes):
    pos = data.find(needle)
    while pos != -1:
        yield pos
        pos = data.find(needle, pos + len(needle))


class PackageTemplate:
    """A .docx package (from :func:`save_document`) whose marked texts are filled per copy."""

    def __init__(self, docx_bytes: bytes, markers: list[str]):
        self.markers = [m.encode("utf-8") for m in markers]
        self.members: list = []  # (ZipInfo, compressed, crc, size) or (ZipInfo, PartTemplate)
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src:
            for info in src.infolist():
                data = src.read(info.filename)
                zinfo = zip_entry(info.filename)
                if any(marker in data for marker in self.markers):
                    self.members.append((zinfo, PartTemplate(data, self.markers)))
                else:
                    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
                    packed = compressor.compress(data) + compressor.flush()
                    self.members.append((zinfo, packed, zlib.crc32(data), len(data)))

    def part(self, name: str) -> PartTemplate | None:
        for member in self.members:
            if member[0].filename == name and isinstance(member[1], PartTemplate):
                return member[1]
        return None

    def fill(self, values: list[str]) -> bytes | None:
        """The package of one copy, or ``None`` if a value needs the plain renderer (see PartTemplate.fill)."""
        escaped = [xml_text(v) for v in values]
        out = io.BytesIO()
        central = []
        for member in self.members:
            zinfo = member[0]
            if isinstance(member[1], PartTemplate):
                tail = member[1].fill(escaped)
                if tail is None:
                    return None
                packed, crc, size = member[1].deflate(tail)
            else:
                _, packed, crc, size = member
            entry = zip_entry(zinfo.filename)
            entry.CRC, entry.compress_size, entry.file_size = crc, len(packed), size
            entry.header_offset = out.tell()
            out.write(entry.FileHeader(False))
            out.write(packed)
            central.append(entry)
        _write_central_directory(out, central)
        return out.getvalue()


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A zip entry with the fixed attributes of :func:`deterministic_zip`."""
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    info.flag_bits = 0
    return info


def _write_central_directory(out: io.BytesIO, entries: list[zipfile.ZipInfo]) -> None:
    """The central directory and end record, field for field as :mod:`zipfile` writes them."""
    start = out.tell()
    for info in entries:
        dt = info.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        filename, flag_bits = info._encodeFilenameFlags()
        out.write(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, info.create_version,
                              info.create_system, info.extract_version, info.reserved, flag_bits,
                              info.compress_type, dostime, dosdate, info.CRC, info.compress_size, info.file_size,
                              len(filename), len(info.extra), len(info.comment), 0, info.internal_attr,
                              info.external_attr, info.header_offset))
        out.write(filename + info.extra + info.comment)
    size = out.tell() - start
    out.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(entries), len(entries),
                          size, start, 0))


# --------------------------------------------------------------------------- merged copies (bản gộp để in)


def body_content(document_xml: bytes) -> bytes:
    """The serialised children of ``w:body`` before its final ``w:sectPr``: one copy's content when merging."""
    start = document_xml.index(b"<w:body>") + len(b"<w:body>")
    return document_xml[start:document_xml.rindex(b"<w:sectPr")]


_AFTER_PGNUMTYPE = (b"<w:cols", b"<w:formProt", b"<w:vAlign", b"<w:noEndnote", b"<w:titlePg", b"<w:textDirection",
                    b"<w:bidi", b"<w:rtlGutter", b"<w:docGrid", b"<w:printerSettings", b"<w:sectPrChange")


def first_section_restart(document_xml: bytes) -> tuple[bytes, bytes] | None:
    """For a document of several sections (a letter and its forms): the serialised properties of its first
    section and the same with page numbers restarting at 1, to swap in each copy of a merged document.
    ``None`` for a one-section document (its only sectPr is handled by :func:`merge_layout`)."""
    start = document_xml.index(b"<w:body>")
    first = document_xml.find(b"<w:sectPr", start)
    if first == -1 or first == document_xml.rindex(b"<w:sectPr"):
        return None
    end = document_xml.index(b"</w:sectPr>", first) + len(b"</w:sectPr>")
    old = document_xml[first:end]
    if b"<w:pgNumType" in old:
        return None
    at = min((old.find(tag) for tag in _AFTER_PGNUMTYPE if old.find(tag) != -1), default=len(old) - len(b"</w:sectPr>"))
    return old, old[:at] + b'<w:pgNumType w:start="1"/>' + old[at:]


def merge_layout(document_xml: bytes) -> tuple[bytes, bytes, bytes]:
    """How to concatenate copies of a one-section document.xml into one document for printing.

    Returns (the head up to and with ``<w:body>``, the section break paragraph to put after each copy
    but the last, the new ending). Every copy starts on a new page with its page numbers
    restarting at 1 (``w:pgNumType w:start="1"``) and no number on its first page (§3.15).
    """
    body_open = b"<w:body>"
    start = document_xml.index(body_open) + len(body_open)
    root = parse_xml(document_xml)
    sect = root.find(qn("w:body")).find(qn("w:sectPr"))
    number = sect.find(qn("w:pgNumType"))
    if number is None:
        number = el("w:pgNumType")
        later = [qn("w:" + n) for n in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
                                        "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange")]
        anchor = next((child for child in sect if child.tag in later), None)
        if anchor is None:
            sect.append(number)
        else:
            anchor.addprevious(number)
    number.set(qn("w:start"), "1")
    sect_bytes = etree.tostring(sect, encoding="utf-8")
    section_break = b"<w:p><w:pPr>" + sect_bytes + b"</w:pPr></w:p>"
    ending = sect_bytes + b"</w:body></w:document>"
    if not document_xml.rstrip().endswith(b"</w:sectPr></w:body></w:document>"):
        raise ValueError("document.xml does not end with its section properties")
    return document_xml[:start], section_break, ending
