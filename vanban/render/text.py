"""Model → plain text of the letter, one line per paragraph, in reading order.

Used by ``vanban text`` (and so by git as a diff driver: ``textconv``). The lines are those the
.docx shows (ô 11 phạm vi lưu hành, upper-case agency, Quốc hiệu, "Số:", date line, "V/v" or tên loại and trích
yếu, the độ mật / độ khẩn stamps, căn cứ, Kính gửi, numbered body with the closing "./.", Nơi nhận, signature
(with the placeholder line of a draft), ô 13 contact lines, then each document issued with it (Mẫu 1.3) and each
phụ lục or biểu mẫu (§3.16) with its label, title, reference line, table, notes and signers), without layout.
After them, the settings that change the output but not these words (:mod:`vanban.model.settings`).
"""

from __future__ import annotations

from typing import Iterable

from .. import model as m
from ..model.walk import footnote_order
from ..model.decree import QUOC_HIEU, TIEU_NGU, upper
from ..model.forms import PLACE_DATE_BLANK, Form, reference_line
from ..model.settings import Setting, settings_text
from .lines import body_lines, closed_content_lines
from .tables import table_text


def _marked(text: m.RichText, numbers: dict[str, int]) -> str:
    """The plain text with each footnote reference as its number in brackets: "… của UBND tỉnh[1], …"."""
    return "".join(s.text if s.footnote is None else f"[{numbers[s.footnote]}]" for s in text.spans)


def render_text(doc: m.Document, settings: Iterable[Setting] = ()) -> str:
    """The letter's text; ``settings`` (:func:`vanban.model.settings.output_settings` and the project's) are
    listed after it. A footnote reference is its number in brackets ("tỉnh[1],"), the notes follow the
    letter and what is issued with it ("[1] …")."""
    numbers = {label: n for n, label in enumerate(footnote_order(doc), 1)}
    lines: list[str] = []
    if doc.circulation:
        lines.append(upper(doc.circulation))
    lines += [upper(line) for line in doc.agency.parent]
    lines += [upper(line) for line in doc.agency.name]
    lines += [QUOC_HIEU, TIEU_NGU, doc.number.line.rstrip()]
    if doc.type is m.DocumentType.CONG_VAN and doc.subject:
        lines.append(doc.subject_line)
    lines.append(doc.issued.line)
    lines += [stamp.text for stamp in (doc.secrecy, doc.urgency) if stamp is not None]
    if doc.type.has_named_title:
        lines += ["", doc.type.heading]
        if doc.subject:
            lines.append(doc.subject[:1].upper() + doc.subject[1:])
    if doc.enacting_word:
        if doc.authority:
            lines.append(upper(doc.authority))
        lines += [_marked(g, numbers) for g in doc.ground_lines]
        lines.append(doc.enacting_word)
    if doc.type is m.DocumentType.CONG_DIEN:
        lines += ["", upper(doc.issuer_name) + " điện:"] + list(doc.distribution.dash_lines)
    elif doc.distribution.addressees:
        lines += [""] + list(doc.distribution.addressee_lines)
    lines.append("")
    lines += _body(closed_content_lines(doc), numbers)
    lines += ["", "Nơi nhận:"]
    lines += list(doc.distribution.lines)
    for signature in (doc.second_signature, doc.signature):
        if signature is not None:
            lines.append("")
            lines += [upper(line) for line in signature.all_lines]
            if signature.placeholder:
                second = signature is doc.second_signature and doc.type is m.DocumentType.BIEN_BAN
                lines.append(m.MINUTES_SECRETARY_PLACEHOLDER if second else m.SIGNATURE_PLACEHOLDER)
            lines.append(signature.name)
    if doc.contact:
        lines += [""] + list(doc.contact.lines)
    for enclosed in doc.enclosures:
        lines += ["", enclosed.type.heading, enclosed.subject[:1].upper() + enclosed.subject[1:], enclosed.reference, ""]
        lines += _body(list(body_lines(enclosed.body)), numbers)
    for form in doc.attachments:
        lines += _form(doc, form, numbers)
    if numbers:  # chú thích cuối trang, as at the foot of the printed pages
        texts = dict(doc.footnotes)
        lines.append("")
        lines += [f"[{n}] {texts[label].plain}" for label, n in numbers.items()]
    lines += settings_text(settings)
    return "\n".join(lines) + "\n"


def _body(content, numbers: dict[str, int]) -> list[str]:
    out = []
    for line in content:
        if line.table is not None:
            out += table_text(line.table)
            continue
        out.append((line.label + " " if line.label else "") + _marked(line.text, numbers))
    return out


def _form(doc: m.Document, form: Form, numbers: dict[str, int]) -> list[str]:
    """A phụ lục or biểu mẫu as it is printed on its own pages (§3.16): its own header, label, title IN HOA,
    trích yếu, the reference line, the table, the notes, the body, the signers."""
    out = [""]
    if form.header_left:
        out += [upper(line) for line in form.header_left] + [QUOC_HIEU, TIEU_NGU]
    if form.label:
        out.append(form.label)
    out += [upper(line) for line in form.lines_of_title if line]
    if form.subtitle:
        out.append(form.subtitle)
    if form.reference is not None:
        out.append(reference_line(doc, form.reference))
    if form.table is not None:
        out += table_text(form.table)
    out += [note.plain for note in form.rich_notes] if form.rich_notes else list(form.notes)
    out += _body(list(body_lines(form.body)), numbers)
    if form.place_date and form.signers:
        out.append(PLACE_DATE_BLANK)
    for signer in form.signers:
        out += [signer.title] + ([signer.caption] if signer.caption else [])
    return out
