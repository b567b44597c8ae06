"""Model → plain text of the letter, one line per paragraph, in reading order.

Used by ``vanban text`` (and so by git as a diff driver: ``textconv``) and by ``vanban diff``.
The lines are the same the .docx shows (upper-case agency, "Số:", date line, "V/v", Kính gửi,
numbered body with the closing "./.", Nơi nhận, signature), without layout.
"""

from __future__ import annotations

from .. import model as m
from ..text import close_text, upper
from .docx import QUOC_HIEU, TIEU_NGU, _flatten


def render_text(doc: m.Document) -> str:
    lines: list[str] = []
    lines += [upper(line) for line in doc.agency.parent]
    lines += [upper(line) for line in doc.agency.name]
    lines += [QUOC_HIEU, TIEU_NGU, doc.number.line.rstrip(), doc.subject_line, doc.issued.line, ""]
    lines += list(doc.distribution.addressee_lines)
    lines.append("")
    paragraphs = list(_flatten(doc.body))
    label, text = paragraphs[-1]
    paragraphs[-1] = (label, close_text(text))
    for label, text in paragraphs:
        lines.append((label + " " if label else "") + text.plain)
    lines += ["", "Nơi nhận:"]
    lines += list(doc.distribution.lines)
    lines.append("")
    lines += [upper(line) for line in doc.signature.all_lines]
    lines.append(doc.signature.name)
    return "\n".join(lines) + "\n"
