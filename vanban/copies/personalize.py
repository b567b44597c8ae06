"""The document of one recipient: Kính gửi that recipient alone, templates filled.

Used by both renderers: the plain one (every copy rendered from its own model) and the fast one
(one rendering with markers in the places that differ, see :mod:`vanban.copies.fast`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from decimal import Decimal
from typing import Any, Callable

from .. import model as m
from ..model.walk import document_texts, map_document_text
from ..diagnostics import Diagnostic, Position, Severity
from .data import DataTable
from .templating import BadValue, MissingField, SecurityError, TemplateError, TemplateLimit, has_template, render

Fill = Callable[[str], str]


def template_sources(doc: m.Document) -> list[str]:
    """Every distinct template text of a document (trích yếu, căn cứ, body, attached documents), in order."""
    found: dict[str, None] = {}
    if has_template(doc.subject):
        found[doc.subject] = None
    for text in document_texts(doc):
        for span in text.spans:
            if has_template(span.text):
                found.setdefault(span.text, None)
    return list(found)


def _rich(text: m.RichText, fill: Fill) -> m.RichText:
    if not any(has_template(s.text) for s in text.spans):
        return text
    return m.RichText(tuple(replace(s, text=fill(s.text)) if has_template(s.text) else s
                            for s in text.spans))


def fill_templates(doc: m.Document, fill: Fill) -> m.Document:
    """``doc`` with its templates filled, addressees unchanged (a letter built as one document)."""
    subject = fill(doc.subject) if has_template(doc.subject) else doc.subject
    return replace(map_document_text(doc, lambda text: _rich(text, fill)), subject=subject)


def personalize(doc: m.Document, recipient: m.Recipient, addressee: str, fill: Fill,
                row: dict | None = None, forms: tuple | None = None) -> m.Document:
    """``doc`` as sent to ``recipient``: "Kính gửi: ``addressee``." and every template text filled by ``fill``.

    ``row`` (the recipient's data) is carried on the recipient of the copy (``Recipient.data``), and each
    biểu mẫu of the letter becomes the recipient's own form, prefilled (:func:`prefill_forms`). ``forms``
    are the letter's forms with their Word forms filled for this recipient (:func:`vanban.copies.word.fill_forms`).
    """
    if row:
        recipient = replace(recipient, data=tuple(row.items()))
    distribution = replace(doc.distribution, addressees=(addressee,), recipients=(recipient,))
    filled = replace(fill_templates(doc, fill), distribution=distribution)
    if forms is not None:
        filled = replace(filled, attachments=forms)
    if recipient.id and any(_is_form(f) for f in filled.attachments):
        filled = replace(filled, attachments=prefill_forms(filled.attachments, recipient, row or {}))
    return filled


def _is_form(attachment) -> bool:
    from ..model.forms import FormKind

    return attachment.kind is FormKind.BIEU_MAU


def _cell(column, value):
    """A data value as the form column's value; BadValue when it does not fit the column's type."""
    from ..model.forms import ColumnType

    if column.type is ColumnType.TEXT:
        return " ".join(str(value).split())
    if column.type in (ColumnType.NUMBER, ColumnType.PERCENT):
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)) or value < 0:
            raise BadValue(value, column.code, "một số ≥ 0" if column.type is ColumnType.NUMBER else "một tỉ lệ")
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if column.type is ColumnType.DATE:
        if not isinstance(value, _dt.date):
            raise BadValue(value, column.code, "một ngày")
        return value
    return None


def prefill_forms(forms: tuple, recipient: m.Recipient, row: dict) -> tuple:
    """Each biểu mẫu (not the phụ lục) as sent to one recipient: its table keeps one row, that recipient's,
    with the cells whose column code is a column of the data table filled (the label column defaults to
    the recipient's short name); computed columns stay computed, the other cells stay blank to fill.
    The form's đơn vị báo cáo is the recipient (its files are named by the recipient's id)."""
    from ..model.forms import Recipient as Reporter
    from ..model.forms import Row

    out = []
    for form in forms:
        if not _is_form(form) or form.table is None:  # a phụ lục, or a Word form (filled by vanban.copies.word)
            out.append(form)
            continue
        table = form.table
        label = table.label_column
        values = []
        for i, column in enumerate(table.columns):
            if column.computed:
                values.append(None)
            elif column.code in row:
                values.append(_cell(column, row[column.code]))
            elif i == label:
                values.append(recipient.short)
            else:
                values.append(None)
        out.append(replace(form, table=replace(table, rows=(Row(tuple(values)),)),
                           recipients=(Reporter(recipient.name, recipient.id),)))
    return tuple(out)


# --------------------------------------------------------------------------- context and errors


def recipient_fields(r: m.Recipient) -> dict[str, Any]:
    """``noi_nhan`` in a template: the registry fields of the recipient (absent ones are missing fields)."""
    fields = {"ma": r.id, "ten": r.name, "ten_ngan": r.short, "thu_truong": r.head, "email": r.email,
              "nhom": list(r.groups), "loai": r.kind, "kinh_gui": r.addressed_as}
    return {k: v for k, v in fields.items() if v is not None}


def context(r: m.Recipient, table: DataTable | None) -> dict[str, Any]:
    ctx: dict[str, Any] = {"noi_nhan": recipient_fields(r)}
    if table is not None and r.id in table.rows:
        ctx["so_lieu"] = table.rows[r.id]
    return ctx


def render_for(source: str, r: m.Recipient | None, ctx: dict, table: DataTable | None,
               where: tuple[str, Position] | None) -> tuple[str | None, Diagnostic | None]:
    """Fill ``source`` for one recipient; a failure is a diagnostic naming the recipient and the field."""
    try:
        return render(source, ctx), None
    except (MissingField, BadValue, SecurityError, TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        return None, failure(exc, r, ctx, table, where)


def failure(exc: Exception, r: m.Recipient | None, ctx: dict, table: DataTable | None,
            where: tuple[str, Position] | None, *, missing_code: str = "VB625", subject: str = "") -> Diagnostic:
    """The diagnostic of a template that could not be filled for ``r``: the missing field and the recipient
    (``missing_code``), the value a filter cannot format and its cell (VB624), a limit (VB140), the sandbox
    (VB622). ``subject`` starts the message ("mẫu Word `x.docx`: ")."""
    path, position = where if where else ("", None)
    who = subject + (f"nơi nhận `{r.id}` ({r.name})" if r is not None else "văn bản")
    tag = "thẻ " if missing_code != "VB625" else ""
    if isinstance(exc, MissingField):
        owner = exc.owner
        if owner is not None and owner is ctx.get("so_lieu"):
            message = f"{who}: thiếu số liệu {tag}`so_lieu.{exc.name}`"
            hint = f"ô trống hoặc thiếu cột `{exc.name}` trong {table.path}" if table else ""
            if table is not None and r is not None and r.id in table.row_positions:
                hint = f"ô trống hoặc thiếu cột `{exc.name}` ở dòng {table.row_positions[r.id]}"
        elif owner is not None and owner is ctx.get("noi_nhan"):
            message = f"{who}: thiếu trường {tag}`noi_nhan.{exc.name}`"
            hint = "ghi trường này trong danh bạ nơi nhận"
        elif exc.name == "so_lieu":
            message = f"{who}: mẫu dùng `so_lieu` nhưng không có số liệu"
            hint = ("chỉ rõ bảng số liệu bằng --so-lieu BẢNG.csv" if table is None
                    else f"không có dòng của nơi nhận này trong {table.path}")
        elif exc.name == "noi_nhan":
            message = f"{subject}mẫu dùng `noi_nhan`: văn bản này phải dựng riêng cho từng nơi nhận"
            hint = "dùng `vanban build SPEC --tung-noi-nhan`"
            return Diagnostic("VB625", Severity.ERROR, message, path, position, hint)
        else:
            message = f"{who}: thiếu trường {tag}`{exc.name}`"
            hint = ""
        return Diagnostic(missing_code, Severity.ERROR, message, path, position, hint)
    if isinstance(exc, BadValue):
        column, cell = (table.where(r.id, exc.value) if table is not None and r is not None else (None, None))
        if column is None and missing_code != "VB625":
            cell = None  # a value of the spec (du_lieu), not of the recipient's row
        place = f" ở cột `{column}`" if column else ""
        return Diagnostic("VB624", Severity.ERROR,
                          f"{who}: giá trị `{exc.value}`{place} không phải {exc.expected} "
                          f"(bộ lọc `{exc.filter_name}`)", path, cell or position,
                          f"mẫu ở {position}" if cell and position else "")
    if isinstance(exc, TemplateLimit):
        return Diagnostic("VB140", Severity.ERROR, f"{who}: mẫu vượt giới hạn: {exc}", path, position,
                          "mẫu chỉ điền một câu của văn bản: bỏ phép tính hay vòng lặp lớn")
    if isinstance(exc, SecurityError):
        return Diagnostic("VB622", Severity.ERROR, f"{subject}mẫu bị chặn: {exc}", path, position)
    return Diagnostic("VB624", Severity.ERROR, f"{who}: không điền được mẫu ({exc})", path, position)
