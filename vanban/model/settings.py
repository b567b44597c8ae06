"""What changes a document's output without changing its words (thiết lập): the reviewer's list.

``vanban text`` (the git textconv driver) prints the words of the letter; a reviewer reading a ``git diff`` or
``vanban diff`` must also see what changes the .docx (or the files issued with it) without changing those words:
a rule of ``vanban check`` switched off (``bo_qua_quy_tac`` in the spec, ``[check] bo_qua`` in ``vanban.toml``), a
column's width or alignment, a phụ lục's page orientation, an office's own Word form (``mau_word``: its file, by a
digest of its content, and its ``du_lieu``), the đơn vị báo cáo that get a workbook, the numbering row
of a table, a group row across the whole row, a khoản with a title (bold, its own line), inline emphasis (đậm,
nghiêng, gạch chân, liên kết). Each is a :class:`Setting`, listed in a stable order by :func:`output_settings`.

:data:`ROLES` classifies every field of every dataclass of :mod:`vanban.model` once: ``TEXT`` (its words are in
``vanban text``), ``SETTING`` (it changes the output, not the words: it must give a :class:`Setting` here), or
``INTERNAL`` (where a part was written, registry records behind a printed name, keys to cite a part: no effect on
what is printed). A test fails when a new model field is in none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from . import document as m
from .forms import Form
from .tables import DEFAULT_WIDTH_MM, Table
from .walk import walk

TEXT, SETTING, INTERNAL = "text", "setting", "internal"


def _all(cls: str, role: str, *fields: str) -> dict[str, str]:
    return {f"{cls}.{name}": role for name in fields}


#: "Class.field" → TEXT | SETTING | INTERNAL, for every dataclass of the model (tests/unit/test_settings.py).
ROLES: dict[str, str] = {
    **_all("Document", TEXT, "type", "agency", "number", "issued", "subject", "distribution", "body", "signature",
           "authority", "grounds", "secrecy", "urgency", "circulation", "contact", "form", "second_signature",
           "enclosures", "attachments", "footnotes", "sent_with"),
    **_all("Document", INTERNAL, "source", "origin"),
    **_all("Origin", INTERNAL, "file", "locator", "templates", "free_addressees", "noi_nhan"),
    "Origin.rules_off": SETTING,  # bo_qua_quy_tac: what `vanban check` no longer says
    **_all("SourceRef", INTERNAL, "path", "position"),
    "RichText.spans": TEXT,
    "Span.text": TEXT,
    "Span.footnote": TEXT,  # a footnote reference: "[1]" in vanban text
    **_all("Span", SETTING, "bold", "italic", "underline", "link"),  # **đậm**, *nghiêng*, __gạch chân__, <liên kết>
    **_all("Paragraph", TEXT, "text"), "Paragraph.src": INTERNAL,
    **_all("ListItem", TEXT, "label", "text", "children"), "ListItem.src": INTERNAL,
    "ListItem.titled": SETTING,  # tieu_de: number and title bold on their own line (§3.7)
    **_all("ItemList", TEXT, "kind", "items"),
    **_all("Section", TEXT, "kind", "number", "title", "children"), **_all("Section", INTERNAL, "key", "src"),
    **_all("Article", TEXT, "number", "title", "text", "children"), **_all("Article", INTERNAL, "key", "src"),
    "TableBlock.table": TEXT, "TableBlock.src": INTERNAL,
    **_all("Agency", TEXT, "name", "parent"),
    **_all("DocumentNumber", TEXT, "code", "number", "written", "year"),
    **_all("IssueDate", TEXT, "place", "year", "month", "day"),
    **_all("Contact", TEXT, "address", "phone", "fax", "email", "website"),
    **_all("AuthorityLine", TEXT, "authority", "of"),
    **_all("Signature", TEXT, "lines", "title", "name", "acting", "placeholder", "representing"),
    # a registry record behind a printed Kính gửi name: the name is text (Distribution.addressees)
    **_all("Recipient", INTERNAL, "id", "name", "short", "head", "email", "groups", "kind", "addressed_as", "data"),
    **_all("Distribution", TEXT, "addressees", "others", "archive", "drafter", "copies", "as_above"),
    "Distribution.recipients": INTERNAL,
    **_all("Invitation", TEXT, "host", "invitees", "event", "chair", "time", "place"),
    **_all("Introduction", TEXT, "host", "person", "position", "sent_to", "purpose", "valid_until"),
    **_all("Minutes", TEXT, "start", "place", "attendees", "chair", "secretary", "end", "meeting"),
    **_all("Leave", TEXT, "host", "request_date", "person", "position", "year", "days", "start", "end", "place"),
    **_all("EnclosedDocument", TEXT, "type", "subject", "body", "reference"),
    **_all("Form", TEXT, "label", "title", "subtitle", "header_left", "table", "notes", "signers", "place_date",
           "title_lines", "body", "reference", "rich_notes"),
    **_all("Form", INTERNAL, "kind", "key"),  # the kind shows in its label; the key is the spec's order
    **_all("Form", SETTING, "recipients", "orientation", "word"),  # don_vi_bao_cao (one workbook each), huong
    # an office's own Word form (mau_word): its words are in the .docx it names, filled from du_lieu
    **_all("WordForm", SETTING, "source", "package", "values"),
    **_all("WordForm", INTERNAL, "uses", "path", "position", "filled"),  # what its tags read; where; a build's
    **_all("FormRecipient", SETTING, "name", "code"),
    **_all("Reference", TEXT, "phrase", "long_date", "issuer", "blank"),
    **_all("Signer", TEXT, "title", "caption"),
    **_all("Column", TEXT, "title", "type", "unit", "decimals", "formula", "total"),
    "Column.code": INTERNAL,  # mã cột: names the column in rows and formulas
    **_all("Column", SETTING, "width_mm", "align"),  # rong, can
    **_all("Formula", TEXT, "terms", "ratio"),  # its results are the printed figures
    **_all("HeaderCell", TEXT, "text", "row", "col", "row_span", "col_span"),
    **_all("Row", TEXT, "values", "kind", "level", "rich"), "Row.end": INTERNAL,
    "Row.whole": SETTING,  # ca_dong: the group row in one cell across the table
    "Row.child_numbering": TEXT,  # a group's own danh_so: the Stt labels of its rows are printed
    "Row.merged_up": SETTING,  # gop_tren: cells merged with the row above
    "Row.src_path": INTERNAL,  # where the row was written
    **_all("Table", TEXT, "columns", "header", "header_rows", "rows", "total_label", "unit_note", "numbering",
           "group_totals", "total_top", "continuous"),
    "Table.number_row": SETTING,  # danh_so_cot: the (1) (2) (3) row under the header
    # views computed for the renderers, not document data
    **_all("GridRow", INTERNAL, "kind", "values", "index", "label"),
    **_all("Step", INTERNAL, "node", "ancestors", "index", "kind"),
}

#: Where a setting is written: the spec (its YAML path) or the project's vanban.toml.
SPEC = "spec"


@dataclass(frozen=True)
class Setting:
    """One output-only setting: ``label`` (what it is, in Vietnamese), ``subject`` (which part: "cột 2 «Số
    người»"), ``value`` as printed, ``path`` where it is written (a YAML path of the spec, or a TOML key), and
    ``source``: :data:`SPEC`, or the vanban.toml it came from."""

    label: str
    subject: str
    value: str
    path: tuple = ()
    source: str = SPEC
    #: the setting is what it says wherever it is written (a rule switched off, a bold word, a link): a version
    #: that moves it is not a change; otherwise it is the setting of its place (a column's width)
    by_value: bool = False

    @property
    def where(self) -> str:
        from ..diagnostics import format_path

        if self.source == SPEC:
            return format_path(self.path)
        return f"{self.source}: [{self.path[0]}] {format_path(self.path[1:])}" if self.path else self.source

    @property
    def identity(self) -> tuple:
        """What makes two settings of two versions "the same setting" (its value may differ): see ``by_value``."""
        if self.by_value:
            return (self.label, self.subject, self.value, self.source == SPEC)
        return (self.label, self.subject, self.where)

    @property
    def line(self) -> str:
        """"- Bỏ qua quy tắc ND30-PL1-II-9d.2 (bo_qua_quy_tac[0])", "- Độ rộng, canh lề cột 2 «Số người»: 25 mm
        (noi_dung[3].bang.cot)"."""
        head = f"{self.label} {self.subject}".strip()
        value = f": {self.value}" if self.value else ""
        where = f" ({self.where})" if self.where else ""
        return f"- {head}{value}{where}"


RULE_OFF = "Bỏ qua quy tắc"
#: The heading of the settings section of ``vanban text``.
HEADING = "Thiết lập (thay đổi bản in, không thay đổi chữ):"

_EMPHASIS = (("bold", "Chữ đậm"), ("italic", "Chữ nghiêng"), ("underline", "Chữ gạch chân"))
_ALIGN = {"trai": "trái", "giua": "giữa", "phai": "phải"}


def _short(text: str, words: int = 8) -> str:
    tokens = text.split()
    return "«" + " ".join(tokens[:words]) + ("…" if len(tokens) > words else "") + "»"


def _rich(text: m.RichText | None, path: tuple, where: str = "") -> Iterator[Setting]:
    """The emphasis of one inline text: one setting per emphasised run ("Chữ đậm: «Mục đích»")."""
    if text is None:
        return
    for span in text.spans:
        if not span.text.strip():
            continue
        for attribute, label in _EMPHASIS:
            if getattr(span, attribute):
                yield Setting(label, where, _short(span.text), path, by_value=True)
        if span.link:
            autolink = span.text.strip() in (span.link, span.link.removeprefix("mailto:"))
            yield Setting("Liên kết", where, span.link if autolink else f"{_short(span.text)} → {span.link}", path,
                          by_value=True)


def _table(table: Table, path: tuple, name: str) -> Iterator[Setting]:
    for n, column in enumerate(table.columns, 1):
        parts = []
        if column.width_mm and column.width_mm != DEFAULT_WIDTH_MM.get(column.type.value):
            parts.append(f"rộng {column.width_mm:g} mm")
        if column.align is not None:
            parts.append(f"canh {_ALIGN.get(column.align.value, column.align.value)}")
        if parts:
            yield Setting("Cột", f"{n} «{column.title}» của {name}", ", ".join(parts), path + ("cot",))
    if table.number_row:
        yield Setting("Dòng đánh số cột (1) (2) (3)", f"của {name}", "có", path + ("danh_so_cot",))
    for row in table.rows:
        if row.whole:
            title = next((str(v) for v in row.values if isinstance(v, str) and v.strip()), "")
            yield Setting("Dòng nhóm gộp cả dòng", f"của {name}", _short(title), path + ("dong",), by_value=True)
        if row.merged_up:
            cells = ", ".join(str(i + 1) for i in sorted(row.merged_up))
            yield Setting("Dòng phụ gộp ô với dòng trên", f"của {name}", f"cột {cells}",
                          row.src_path or path + ("dong",), by_value=True)
    for where, text in ((i, t) for row in table.rows for i, t in row.rich):
        yield from _rich(text, path + ("dong",), f"trong {name}, cột {where + 1}")


def _blocks(blocks, base: tuple = ()) -> Iterator[Setting]:
    tables = 0
    for step in walk(blocks, tables=True):
        node = step.node
        src = getattr(node, "src", None)
        path = src.path if src is not None else base
        if isinstance(node, m.TableBlock):
            tables += 1
            yield from _table(node.table, path, f"bảng {tables}")
            continue
        if isinstance(node, m.ListItem):
            if node.titled:
                yield Setting("Khoản có tiêu đề (số và tiêu đề in đậm, dòng riêng)", "", _short(node.text.plain), path,
                              by_value=True)
            yield from _rich(node.text, path)
        elif isinstance(node, m.Paragraph):
            yield from _rich(node.text, path)
        elif isinstance(node, m.Article):
            yield from _rich(node.title, path)
            yield from _rich(node.text, path)


def _value(value) -> str:
    """A du_lieu value on one line: text as written, lists and mappings as compact JSON."""
    import json

    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def form_path(form: Form) -> tuple:
    """The YAML path of an attached form from its key ("phu_luc-2" → ("phu_luc", 1))."""
    kind, _, number = form.key.rpartition("-")
    return (kind, int(number) - 1) if number.isdigit() else (form.key,)


def _form(form: Form) -> Iterator[Setting]:
    path = form_path(form)
    name = form.label or form.title
    if form.orientation is not None:
        yield Setting("Hướng trang", f"của {name}", "ngang" if form.orientation == "landscape" else "dọc",
                      path + ("huong",))
    if form.recipients:
        yield Setting("Đơn vị báo cáo (mỗi đơn vị một tệp Excel)", f"của {name}",
                      "; ".join(f"{r.name} ({r.code})" for r in form.recipients), path + ("don_vi_bao_cao",))
    if form.word is not None:
        import hashlib

        digest = hashlib.sha256(form.word.package).hexdigest()[:12]
        yield Setting("Mẫu Word", f"của {name}", f"{form.word.source} (sha256 {digest})", path + ("mau_word",))
        for key, value in form.word.values:
            yield Setting("Dữ liệu điền mẫu Word", f"«{key}» của {name}", _value(value), path + ("du_lieu", key))
    if form.table is not None:
        yield from _table(form.table, path, name)
    for i, note in enumerate(form.rich_notes):
        yield from _rich(note, path + ("ghi_chu", i))
    yield from _blocks(form.body, path)


def output_settings(doc: m.Document) -> tuple[Setting, ...]:
    """The output-only settings of a document written in its spec, in reading order (the rules switched off
    first): what ``vanban text`` lists after the letter and ``vanban diff`` compares."""
    out = [Setting(RULE_OFF, rule, "", ref.path, by_value=True) for rule, ref in doc.origin.rules_off]
    out += _blocks(doc.body)
    for i, enclosed in enumerate(doc.enclosures):
        out += _blocks(enclosed.body, ("kem_theo", i))
    for form in doc.attachments:
        out += _form(form)
    return tuple(out)


def rules_off_in_config(rules, config_path: str) -> tuple[Setting, ...]:
    """The rules switched off for every spec of a project (``[check] bo_qua`` of ``config_path``)."""
    return tuple(Setting(RULE_OFF, rule, "", ("check", "bo_qua"), config_path, by_value=True) for rule in sorted(rules))


def settings_text(settings) -> list[str]:
    """The settings section of ``vanban text``: a blank line, the heading, one line each; none without settings."""
    settings = list(settings)
    if not settings:
        return []
    return ["", HEADING] + [s.line for s in settings]
