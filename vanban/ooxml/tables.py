"""The rows of a bordered data table (bảng), written straight as ``w:tr`` elements.

python-docx builds a table cell by cell through its object API, which costs about half a
millisecond a cell; a 2,000-row appendix would take seconds. The renderer describes each row
(cells with their runs, paragraph style, alignment and horizontal span) and this module writes it:
``w:cantSplit`` on every row (a row never breaks across pages), ``w:gridSpan`` for a group row
spanning columns, ``w:keepNext`` on the paragraphs of a group row (kept with its first item), and
``w:tblHeader`` on the header rows (repeated on every page; set by :func:`.builders.grid_table`).
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass
from typing import Iterable, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from lxml.etree import SubElement

from .elements import xml_of
from .units import mm_to_twips
from .xml import XML_SPACE, Element, qn


@dataclass(frozen=True)
class CellRun:
    """A run of text in a cell with its emphasis; ``link`` is an external URL."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    link: str | None = None


@dataclass(frozen=True)
class GridCell:
    """One cell: its runs, the paragraph style (by id), the alignment ("left", "center", "right" or
    ``None`` for the style's), the number of grid columns it spans, and bold for every run (a total)."""

    runs: tuple[CellRun, ...]
    style_id: str
    align: str | None = None
    span: int = 1
    bold: bool = False


@dataclass(frozen=True)
class GridRowSpec:
    cells: Sequence[GridCell]
    keep_next: bool = False  # a group row: kept on the page of its first item


_JC = {"left": "left", "center": "center", "right": "right"}


def append_grid_rows(table, widths_mm: Sequence[float], rows: Iterable[GridRowSpec]) -> int:
    """Append ``rows`` to a python-docx ``table`` laid out by :func:`.builders.grid_table`; returns the count."""
    tbl = xml_of(table)
    twips = [mm_to_twips(w) for w in widths_mm]
    links: dict[str, str] = {}
    part = table.part
    protos = _Prototypes(tbl)
    count = 0
    for spec in rows:
        _row(spec, twips, part, links, _sub(tbl, "tr"), protos)
        count += 1
    return count


_W = {name: qn("w:" + name) for name in (
    "tr", "trPr", "cantSplit", "tc", "tcPr", "tcW", "gridSpan", "vAlign", "p", "pPr", "pStyle", "keepNext", "jc",
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
    """One prototype ``w:tc`` (cell and paragraph properties, empty paragraph) per kind of cell and one ``w:r``
    per kind of run; each cell of the table is a deep copy, made in C, with its runs appended. A table of
    2,000 rows × 6 cells is written in a fraction of the time element-by-element building takes."""

    def __init__(self, tbl: Element):
        self.tbl = tbl
        self.cells: dict[tuple, Element] = {}
        self.runs: dict[tuple, Element] = {}

    def _detached(self, name: str) -> Element:
        node = _sub(self.tbl, name)  # made in the table's tree (python-docx's element classes), then detached
        self.tbl.remove(node)
        return node

    def cell(self, width: int, span: int, style_id: str, keep_next: bool, align: str | None) -> Element:
        key = (width, span, style_id, keep_next, align)
        proto = self.cells.get(key)
        if proto is None:
            proto = self._detached("tc")
            tcpr = _sub(proto, "tcPr")
            _sub(tcpr, "tcW", w=str(width), type="dxa")
            if span > 1:
                _sub(tcpr, "gridSpan", val=str(span))
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
            proto = self._detached("r")
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


def _row(spec: GridRowSpec, twips: list[int], part, links: dict[str, str], tr: Element,
         protos: _Prototypes) -> None:
    _sub(_sub(tr, "trPr"), "cantSplit")
    col = 0
    for cell in spec.cells:
        width = sum(twips[col:col + cell.span])
        col += cell.span
        tc = protos.cell(width, cell.span, cell.style_id, spec.keep_next, cell.align)
        tr.append(tc)
        p = tc[-1]
        for run in cell.runs:
            if not run.text:
                continue
            r = protos.run(run.bold or cell.bold, run.italic, run.underline, bool(run.link))
            t = r[-1]
            t.text = run.text
            if run.text[:1].isspace() or run.text[-1:].isspace():
                t.set(XML_SPACE, "preserve")
            if run.link:
                r_id = links.get(run.link)
                if r_id is None:
                    r_id = links[run.link] = part.relate_to(run.link, RT.HYPERLINK, is_external=True)
                link = _sub(p, "hyperlink")
                link.set(_R_ID, r_id)
                link.set(_W["history"], "1")
                link.append(r)
            else:
                p.append(r)
