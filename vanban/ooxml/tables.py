"""The rows of a bordered data table (bảng), written straight as ``w:tr`` elements.

python-docx builds a table cell by cell through its object API, which costs about half a
millisecond a cell; a 2,000-row appendix would take seconds. The renderer describes each row
(cells with their runs, paragraph style, alignment and horizontal span) and this module writes it:
``w:cantSplit`` on every row (a row never breaks across pages), ``w:gridSpan`` for a group row
spanning columns, ``w:vMerge`` for a sub-row's cells merged with the row above, ``w:keepNext`` on the
paragraphs of a group row (kept with its first item) and of a row whose sub-rows follow, and
``w:tblHeader`` on the header rows (repeated on every page; set by :func:`.builders.grid_table`).
"""

from __future__ import annotations

from copy import deepcopy
from typing import Iterable, NamedTuple, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from lxml.etree import SubElement

from .elements import xml_of
from .units import mm_to_twips
from .xml import XML_SPACE, Element, qn


class CellRun(NamedTuple):
    """A run of text in a cell with its emphasis; ``link`` is an external URL. (Named tuples, not frozen
    dataclasses: a form of 20,000 rows makes 200,000 of each, and a frozen dataclass costs ten times more to make.)"""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    link: str | None = None


class GridCell(NamedTuple):
    """One cell: its runs, the paragraph style (by id), the alignment ("left", "center", "right" or
    ``None`` for the style's), the number of grid columns it spans, bold for every run (a total), and its
    vertical merge: "restart" (the first cell of a merged column), "continue" (merged with the cell above)."""

    runs: tuple[CellRun, ...]
    style_id: str
    align: str | None = None
    span: int = 1
    bold: bool = False
    vmerge: str | None = None


class GridRowSpec(NamedTuple):
    cells: Sequence[GridCell]
    keep_next: bool = False  # a group row: kept on the page of its first item


class PlainRow(NamedTuple):
    """The most common row: one plain run of text per cell (``""``: an empty cell), each cell one column wide in
    its column's paragraph style (by id); the same as a :class:`GridRowSpec` of ``GridCell((CellRun(text),),
    style)`` cells, without making two objects per cell (a form of 20,000 rows has 200,000 cells)."""

    texts: Sequence[str]
    styles: tuple[str, ...]

    def spec(self) -> GridRowSpec:
        return GridRowSpec([GridCell((CellRun(text),), style) for text, style in zip(self.texts, self.styles)])


_JC = {"left": "left", "center": "center", "right": "right"}


def append_grid_rows(table, widths_mm: Sequence[float], rows: Iterable[GridRowSpec | PlainRow]) -> int:
    """Append ``rows`` to a python-docx ``table`` laid out by :func:`.builders.grid_table`; returns the count.

    Rows of the same shape (the same cells, spans, styles and kinds of runs: every item row of a form) are
    deep copies of one prototype ``w:tr`` made in C, with only their texts (and link ids) set: a row costs
    one copy whatever its number of cells, so a form of 20,000 rows is written in linear time (issue 13)."""
    tbl = xml_of(table)
    twips = [mm_to_twips(w) for w in widths_mm]
    edges = [sum(twips[:k]) for k in range(len(twips) + 1)]  # a cell's width: edges[end] - edges[start]
    links: dict[str, str] = {}
    part = table.part
    protos = _Prototypes(tbl)
    count = 0
    plain: dict[tuple, Element] = {}  # (styles, which cells have text) → the prototype of a PlainRow's shape
    for spec in rows:
        if type(spec) is PlainRow:
            texts = [text for text in spec.texts if text]
            urls = ()
            key = (spec.styles, tuple([bool(text) for text in spec.texts]))
            proto = plain.get(key)
            if proto is None:
                proto = plain[key] = _prototype(protos, _shape(spec.spec(), edges)[0])
        else:
            shape, texts, urls = _shape(spec, edges)
            proto = _prototype(protos, shape)
        tr = proto.__deepcopy__(None)  # lxml's own deep copy (copy.deepcopy adds a memo per call)
        for t, text in zip(tr.iter(_W["t"]), texts):
            t.text = text
            if text != text.strip():  # a space (str.isspace) at either end
                t.set(XML_SPACE, "preserve")
        if urls:
            for link, url in zip(tr.iter(_W["hyperlink"]), urls):
                r_id = links.get(url)
                if r_id is None:
                    r_id = links[url] = part.relate_to(url, RT.HYPERLINK, is_external=True)
                link.set(_R_ID, r_id)
        tbl.append(tr)
        count += 1
    return count


def _prototype(protos: _Prototypes, shape: _Shape) -> Element:
    proto = protos.rows.get(shape)
    if proto is None:
        proto = protos.rows[shape] = protos.detached("tr")
        _row(shape, proto, protos)
    return proto


#: The shape of a row: keep-next, then per cell (width, span, style id, alignment, vertical merge, run kinds), a
#: run kind being
#: (bold, italic, underline, link).
_Shape = tuple


def _shape(spec: GridRowSpec, edges: list[int]) -> tuple[_Shape, list[str], list[str]]:
    """A row as its shape (what its prototype is made from), its texts and its link URLs in document order;
    ``edges``: the grid's column edges in twips (the sums of the widths before each column)."""
    cells = []
    texts: list[str] = []
    urls: list[str] = []
    col = 0
    last = len(edges) - 1
    for cell in spec.cells:
        span = cell.span
        width = edges[min(col + span, last)] - edges[min(col, last)]
        col += span
        runs = cell.runs
        if len(runs) == 1 and not runs[0].link:  # most cells: one run of plain text
            run = runs[0]
            if run.text:
                texts.append(run.text)
                kinds: tuple = ((run.bold or cell.bold, run.italic, run.underline, False),)
            else:
                kinds = ()
        else:
            found = []
            for run in runs:
                if not run.text:
                    continue
                found.append((run.bold or cell.bold, run.italic, run.underline, bool(run.link)))
                texts.append(run.text)
                if run.link:
                    urls.append(run.link)
            kinds = tuple(found)
        cells.append((width, span, cell.style_id, cell.align, cell.vmerge, kinds))
    return (spec.keep_next, tuple(cells)), texts, urls


_W = {name: qn("w:" + name) for name in (
    "tr", "trPr", "cantSplit", "tc", "tcPr", "tcW", "gridSpan", "vMerge", "vAlign", "p", "pPr", "pStyle", "keepNext", "jc",
    "r", "rPr", "b", "i", "u", "color", "t", "hyperlink", "w", "type", "val", "history")}
_R_ID = qn("r:id")


def _sub(parent: Element, name: str, **attrs: str) -> Element:
    """A child element in schema order (the caller appends in order); lxml's SubElement is ~20 times faster
    than making each element through the parser, which matters for tables of thousands of rows."""
    node = SubElement(parent, _W[name])
    for key, value in attrs.items():
        node.set(_W[key] if key in _W else qn(key), value)
    return node


class _Prototypes:
    """The prototype ``w:tr`` of each row shape, built once from a prototype ``w:tc`` per kind of cell and a
    ``w:r`` per kind of run (made in the table's tree, so with python-docx's element classes, then detached)."""

    def __init__(self, tbl: Element):
        self.tbl = tbl
        self.rows: dict[_Shape, Element] = {}
        self.cells: dict[tuple, Element] = {}
        self.runs: dict[tuple, Element] = {}

    def detached(self, name: str) -> Element:
        node = _sub(self.tbl, name)
        self.tbl.remove(node)
        return node

    def cell(self, width: int, span: int, style_id: str, keep_next: bool, align: str | None,
             vmerge: str | None = None) -> Element:
        key = (width, span, style_id, keep_next, align, vmerge)
        proto = self.cells.get(key)
        if proto is None:
            proto = self.detached("tc")
            tcpr = _sub(proto, "tcPr")
            _sub(tcpr, "tcW", w=str(width), type="dxa")
            if span > 1:
                _sub(tcpr, "gridSpan", val=str(span))
            if vmerge == "restart":
                _sub(tcpr, "vMerge", val="restart")
            elif vmerge is not None:
                _sub(tcpr, "vMerge")
            _sub(tcpr, "vAlign", val="center")
            ppr = _sub(_sub(proto, "p"), "pPr")
            _sub(ppr, "pStyle", val=style_id)
            if keep_next:
                _sub(ppr, "keepNext")
            if align is not None:
                _sub(ppr, "jc", val=_JC[align])
            self.cells[key] = proto
        return deepcopy(proto)

    def run(self, bold: bool, italic: bool, underline: bool, link: bool) -> Element:
        key = (bold, italic, underline, link)
        proto = self.runs.get(key)
        if proto is None:
            proto = self.detached("r")
            if bold or italic or underline or link:
                rpr = _sub(proto, "rPr")
                if bold:
                    _sub(rpr, "b")
                if italic:
                    _sub(rpr, "i")
                if link:
                    _sub(rpr, "color", val="000000")
                if underline or link:
                    _sub(rpr, "u", val="single")
            _sub(proto, "t")
            self.runs[key] = proto
        return deepcopy(proto)


def _row(shape: _Shape, tr: Element, protos: _Prototypes) -> None:
    """Fill the prototype ``tr`` of ``shape``: row properties, cells, empty runs (texts and link ids are set
    on each copy; a link's ``r:id`` is left for the copy)."""
    keep_next, cells = shape
    _sub(_sub(tr, "trPr"), "cantSplit")
    for width, span, style_id, align, vmerge, kinds in cells:
        tc = protos.cell(width, span, style_id, keep_next, align, vmerge)
        tr.append(tc)
        p = tc[-1]
        for bold, italic, underline, link in kinds:
            r = protos.run(bold, italic, underline, link)
            if link:
                hyperlink = _sub(p, "hyperlink")
                hyperlink.set(_R_ID, "")
                hyperlink.set(_W["history"], "1")
                hyperlink.append(r)
            else:
                p.append(r)
