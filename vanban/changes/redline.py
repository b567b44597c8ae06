"""The NEW document as a .docx with Word tracked changes (``w:ins``/``w:del``) against OLD.

Both versions are rendered by :mod:`vanban.render.docx`; their paragraphs are paired where they
sit (the body, each cell of the header and signature tables) by text, and the NEW package is
marked: changed paragraphs word by word, new paragraphs as inserted, old ones as deleted
paragraphs in place. Author and date are fixed (default: "vanban" and the NEW document's date),
so the same inputs give a byte-identical file. All XML work is done by :mod:`vanban.ooxml`.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from .. import model as m
from .. import ooxml
from ..render.docx import render_docx
from . import SIMILAR, align

_TOKEN = re.compile(r"\s+|\S+")


def revision_date(doc: m.Document) -> str:
    issued = doc.issued
    return f"{issued.year:04d}-{issued.month or 1:02d}-{issued.day or 1:02d}T00:00:00Z"


def _mark_changed(p_new, old_text: str, new_text: str, rev: ooxml.Revisions) -> None:
    a, b = _TOKEN.findall(old_text), _TOKEN.findall(new_text)
    offsets = [0]
    for token in b:
        offsets.append(offsets[-1] + len(token))
    inserted, deleted = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            inserted.append((offsets[j1], offsets[j2]))
        if tag in ("delete", "replace"):
            deleted.append((offsets[j1], "".join(a[i1:i2])))
    ooxml.redline_paragraph(p_new, inserted, deleted, rev)


def redline_docx(old: m.Document, new: m.Document, *, template: Path | None = None, author: str = "vanban",
                 date: str | None = None) -> bytes:
    old_pkg = ooxml.open_package(render_docx(old, template))
    new_bytes = render_docx(new, template)
    new_pkg = ooxml.open_package(new_bytes)
    old_root, new_root = old_pkg.xml(ooxml.W_MAIN), new_pkg.xml(ooxml.W_MAIN)
    rev = ooxml.Revisions(author, date or revision_date(new))
    old_groups, new_groups = ooxml.paragraph_containers(old_root), ooxml.paragraph_containers(new_root)
    for key, new_ps in new_groups.items():
        old_ps = old_groups.get(key, [])
        old_texts = [ooxml.paragraph_text(p) for p in old_ps]
        new_texts = [ooxml.paragraph_text(p) for p in new_ps]
        deleted_at: dict[int, list] = {}
        for op, i, j in _in_place(old_texts, new_texts):
            if op == "edit":
                _mark_changed(new_ps[j], old_texts[i], new_texts[j], rev)
            elif op == "insert":
                ooxml.mark_inserted_paragraph(new_ps[j], rev)
            elif op == "delete":
                deleted_at.setdefault(j, []).append(old_ps[i])
        for j, olds in sorted(deleted_at.items()):
            for old_p in olds:
                copy = ooxml.deleted_paragraph_copy(old_p, rev)
                if j < len(new_ps):
                    ooxml.move_before(copy, new_ps[j])
                elif new_ps:
                    ooxml.move_after(copy, new_ps[-1])
    parts = {ooxml.W_MAIN: ooxml.serialize_part(new_root)}
    if new_pkg.has("word/settings.xml"):
        settings = new_pkg.xml("word/settings.xml")
        ooxml.track_revisions_setting(settings)
        parts["word/settings.xml"] = ooxml.serialize_part(settings)
    return ooxml.replace_parts(new_bytes, parts)


def _in_place(old: list[str], new: list[str]):
    """Operations in document terms: a moved paragraph is a deletion there and an insertion here.

    Deletions carry the index of the NEW paragraph before which they are shown.
    """
    ops = []
    pairs = align(old, new)
    kept = sorted((i, j) for op, i, j in pairs if op in ("equal", "edit"))
    for op, i, j in pairs:
        if op == "edit":
            ops.append(("edit", i, j))
        elif op in ("move", "move-edit", "delete"):
            # show the old paragraph before the new one that follows its old neighbour
            after = [nj for oi, nj in kept if oi > i]
            ops.append(("delete", i, after[0] if after else len(new)))
            if op != "delete":
                ops.append(("insert", None, j))
        elif op == "insert":
            ops.append(("insert", None, j))
    return ops


__all__ = ["SIMILAR", "redline_docx", "revision_date"]
