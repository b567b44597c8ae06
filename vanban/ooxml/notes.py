"""Footnotes (chú thích cuối trang): the ``word/footnotes.xml`` part and the references to it.

A reference is a superscript run holding ``w:footnoteReference`` (ECMA-376 §17.11.14); Word and LibreOffice
number the notes in the order of their references, so an id only links a reference to its note. The part holds
the two separators Word expects (ids -1 and 0) and one ``w:footnote`` per note: a justified paragraph starting
with ``w:footnoteRef`` (the number again, superscript), a space, the text, in the size asked (direct formatting,
so an office's ``--template`` needs no style of its own for them).
"""

from __future__ import annotations

from typing import Iterable

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from .elements import el, insert_in_order, xml_of
from .tables import CellRun
from .xml import XML_SPACE, Element, qn, serialize_part

FOOTNOTES_PART = "/word/footnotes.xml"


def _text(text: str) -> Element:
    node = el("w:t")
    node.set(XML_SPACE, "preserve")
    node.text = text
    return node


def _run(child: Element, *, size_half_points: int | None = None, superscript: bool = False,
         run: CellRun | None = None) -> Element:
    rpr = el("w:rPr")
    if run is not None:
        for flag, tag, attrs in ((run.bold, "w:b", {}), (run.italic, "w:i", {}),
                                 (run.underline, "w:u", {"w:val": "single"})):
            if flag:
                insert_in_order(rpr, el(tag, attrs))
    if size_half_points:
        insert_in_order(rpr, el("w:sz", {"w:val": size_half_points}))
        insert_in_order(rpr, el("w:szCs", {"w:val": size_half_points}))
    if superscript:
        insert_in_order(rpr, el("w:vertAlign", {"w:val": "superscript"}))
    node = el("w:r")
    if len(rpr):
        node.append(rpr)
    node.append(child)
    return node


def add_footnote_reference(paragraph, note_id: int) -> None:
    """Append the reference mark of footnote ``note_id`` (a superscript number) to a python-docx paragraph."""
    xml_of(paragraph).append(_run(el("w:footnoteReference", {"w:id": note_id}), superscript=True))


def footnotes_xml(notes: Iterable[tuple[int, tuple[CellRun, ...]]], size_pt: float) -> bytes:
    """The footnotes part: the separators, then each note (its id, its text as runs) in ``size_pt``."""
    half = round(size_pt * 2)
    root = el("w:footnotes")
    for note_id, kind, mark in ((-1, "separator", "w:separator"),
                                (0, "continuationSeparator", "w:continuationSeparator")):
        paragraph = el("w:p", {}, el("w:pPr", {}, el("w:spacing", {"w:after": 0, "w:line": 240,
                                                                     "w:lineRule": "auto"})),
                       el("w:r", {}, el(mark)))
        root.append(el("w:footnote", {"w:type": kind, "w:id": note_id}, paragraph))
    for note_id, runs in notes:
        ppr = el("w:pPr", {}, el("w:spacing", {"w:after": 0, "w:line": 240, "w:lineRule": "auto"}),
                 el("w:jc", {"w:val": "both"}))
        paragraph = el("w:p", {}, ppr)
        paragraph.append(_run(el("w:footnoteRef"), size_half_points=half, superscript=True))
        paragraph.append(_run(_text(" "), size_half_points=half))
        for run in runs:
            paragraph.append(_run(_text(run.text), size_half_points=half, run=run))
        root.append(el("w:footnote", {"w:id": note_id}, paragraph))
    return serialize_part(root)


def add_footnotes_part(document, notes: Iterable[tuple[int, tuple[CellRun, ...]]], size_pt: float) -> None:
    """Add ``word/footnotes.xml`` holding ``notes`` to a python-docx document, related to its main part."""
    part = Part(PackURI(FOOTNOTES_PART), CT.WML_FOOTNOTES, footnotes_xml(notes, size_pt), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def footnotes_by_id(root: Element) -> dict[str, Element]:
    """The notes of a footnotes part by id, separators left out: id → its ``w:footnote`` element."""
    return {note.get(qn("w:id")): note for note in root.findall(qn("w:footnote"))
            if note.get(qn("w:type")) in (None, "normal")}


def referenced_footnotes(document_root: Element, footnotes_root: Element) -> list[tuple[str, list[Element]]]:
    """The footnotes a reader sees, in the order of their references in the main story: (the mark printed,
    the note's paragraphs). Word numbers the notes 1, 2, … by their references (ECMA-376 §17.11.14); a
    reference with ``w:customMarkFollows`` prints the text after it instead and takes no number. A note no
    reference points at is not printed and left out, as are the separators. Restarts of the numbering per
    section or page (``w:numRestart``, rare in letters) are not followed: the marks run through the document."""
    notes = footnotes_by_id(footnotes_root)
    out: list[tuple[str, list[Element]]] = []
    seen: set[str] = set()
    number = 0
    for ref in document_root.iter(qn("w:footnoteReference")):
        note_id = ref.get(qn("w:id"))
        if note_id in seen or note_id not in notes:
            continue
        seen.add(note_id)
        if ref.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
            run = ref.getparent()
            mark = "".join(t.text or "" for t in run.iter(qn("w:t"))).strip() or "?"
        else:
            number += 1
            mark = str(number)
        out.append((mark, list(notes[note_id].iter(qn("w:p")))))
    return out
