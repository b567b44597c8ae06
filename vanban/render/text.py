"""Model → plain text of the letter, one line per paragraph, in reading order.

Used by ``vanban text`` (and so by git as a diff driver: ``textconv``). The lines are those the
.docx shows (upper-case agency, Quốc hiệu, "Số:", date line, "V/v" or tên loại and trích yếu,
căn cứ, Kính gửi, numbered body with the closing "./.", Nơi nhận, signature), without layout.
"""

from __future__ import annotations

from .. import model as m
from ..model.decree import QUOC_HIEU, TIEU_NGU, upper
from .lines import content_lines
from .tables import table_text


def render_text(doc: m.Document) -> str:
    lines: list[str] = []
    lines += [upper(line) for line in doc.agency.parent]
    lines += [upper(line) for line in doc.agency.name]
    lines += [QUOC_HIEU, TIEU_NGU, doc.number.line.rstrip()]
    if doc.type is m.DocumentType.CONG_VAN and doc.subject:
        lines.append(doc.subject_line)
    lines.append(doc.issued.line)
    if doc.type.has_named_title:
        lines += ["", doc.type.heading]
        if doc.subject:
            lines.append(doc.subject[:1].upper() + doc.subject[1:])
    if doc.enacting_word:
        if doc.authority:
            lines.append(upper(doc.authority))
        lines += [g.plain for g in doc.ground_lines]
        lines.append(doc.enacting_word)
    if doc.type is m.DocumentType.CONG_DIEN:
        lines += ["", upper(doc.issuer_name) + " điện:"] + list(doc.distribution.dash_lines)
    elif doc.distribution.addressees:
        lines += [""] + list(doc.distribution.addressee_lines)
    lines.append("")
    content = content_lines(doc)
    if content:
        content[-1] = content[-1].closed()
    for line in content:
        if line.table is not None:
            lines += table_text(line.table)
            continue
        lines.append((line.label + " " if line.label else "") + line.text.plain)
    lines += ["", "Nơi nhận:"]
    lines += list(doc.distribution.lines)
    for signature in (doc.second_signature, doc.signature):
        if signature is not None:
            lines.append("")
            lines += [upper(line) for line in signature.all_lines]
            lines.append(signature.name)
    return "\n".join(lines) + "\n"
