"""The rows of a bordered data table (bảng), written straight as ``w:tr`` elements.

python-docx builds a table cell by cell through its object API, which costs about half a
millisecond a cell; a 2,000-row appendix would take seconds. The renderer describes each row
(cells with their runs, paragraph style, alignment and horizontal span) and this module writes it:
``w:cantSplit`` on every row (a row never breaks across pages), ``w:gridSpan`` for a group row
spanning columns, ``w:keepNext`` on the paragraphs of a group row (kept with its first item), and
``w:tblHeader`` on the header rows (repeated on every page; set by :func:`.builders.grid_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from .elements import el, xml_of
from .units import mm_to_twips
from .xml import XML_SPACE, Element


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
    count = 0
    for spec in rows:
        tbl.append(_row(spec, twips, part, links))
        count += 1
    return count


def _row(spec: GridRowSpec, twips: list[int], part, links: dict[str, str]) -> Element:
    tr = el("w:tr", {}, el("w:trPr", {}, el("w:cantSplit")))
    col = 0
    for cell in spec.cells:
        width = sum(twips[col:col + cell.span])
        col += cell.span
        tcpr = el("w:tcPr", {}, el("w:tcW", {"w:w": width, "w:type": "dxa"}))
        if cell.span > 1:
            tcpr.append(el("w:gridSpan", {"w:val": cell.span}))
        tcpr.append(el("w:vAlign", {"w:val": "center"}))
        tr.append(el("w:tc", {}, tcpr, _paragraph(cell, spec.keep_next, part, links)))
    return tr


def _paragraph(cell: GridCell, keep_next: bool, part, links: dict[str, str]) -> Element:
    ppr = el("w:pPr", {}, el("w:pStyle", {"w:val": cell.style_id}))
    if keep_next:
        ppr.append(el("w:keepNext"))
    if cell.align is not None:
        ppr.append(el("w:jc", {"w:val": _JC[cell.align]}))
    p = el("w:p", {}, ppr)
    for run in cell.runs:
        if not run.text:
            continue
        r = _run(run, cell.bold)
        if run.link:
            r_id = links.get(run.link)
            if r_id is None:
                r_id = links[run.link] = part.relate_to(run.link, RT.HYPERLINK, is_external=True)
            p.append(el("w:hyperlink", {"r:id": r_id, "w:history": 1}, r))
        else:
            p.append(r)
    return p


def _run(run: CellRun, bold: bool) -> Element:
    r = el("w:r")
    rpr = el("w:rPr")
    if run.bold or bold:
        rpr.append(el("w:b"))
    if run.italic:
        rpr.append(el("w:i"))
    if run.link:
        rpr.append(el("w:color", {"w:val": "000000"}))
    if run.underline or run.link:
        rpr.append(el("w:u", {"w:val": "single"}))
    if len(rpr):
        r.append(rpr)
    t = el("w:t")
    t.text = run.text
    if run.text[:1].isspace() or run.text[-1:].isspace():
        t.set(XML_SPACE, "preserve")
    r.append(t)
    return r
