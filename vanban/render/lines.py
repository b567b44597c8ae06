"""The content of a document (ô 6 and the fixed lines of the giấy types) as paragraphs in reading order.

Shared by the .docx and the text renderers: each :class:`Line` has the style it is written in, its
computed label ("1.", "a)", "Điều 2.") and its inline text; numbers are the model's, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable, Iterator

from .. import model as m
from ..model.decree import upper
from ..model.walk import walk
from . import styles as st

if TYPE_CHECKING:
    from ..model.tables import Table


@dataclass(frozen=True)
class Line:
    """One paragraph of ô 6 before it is written: style, computed label, text.

    ``keep_next``: the paragraph leads into what follows and is never the last line of a page
    (issue 16): an article ("Điều 2. Tổ chức thực hiện") or item that holds more, and a lead-in
    ending with ":" ("… các nội dung sau:"). Headings have it from their style.
    """

    style: str
    label: str
    text: m.RichText
    bold_label: bool = False
    keep_next: bool = False
    table: "Table | None" = None  # a table of the body (bảng) in place of a paragraph

    def closed(self) -> "Line":
        """The last paragraph carries the end-of-content marker "./." (§3.14); a table is left as it is."""
        if self.table is not None:
            return self
        return Line(self.style, self.label, self.text.closed(), self.bold_label, self.keep_next)


def _plain(text: str) -> m.RichText:
    return m.RichText((m.Span(text),))


def content_lines(doc: m.Document) -> list[Line]:
    """Everything between the title (or Kính gửi) and the signature, as paragraphs in reading order."""
    lines: list[Line] = []
    if doc.form is not None:
        for label, text in doc.form.lines:
            lines.append(Line(st.NOI_DUNG, label, _plain(text)))
    lines.extend(body_lines(doc.body))
    if isinstance(doc.form, m.Minutes):
        lines.append(Line(st.NOI_DUNG, "", _plain(doc.form.closing)))
    return lines


def closed_content_lines(doc: m.Document) -> list[Line]:
    """The content with "./." on its last paragraph (§3.14), then the notes of what is sent with it
    ("(Công điện số … gửi kèm theo)", after the marker as corpus 12 writes them)."""
    lines = content_lines(doc)
    notes = [Line(st.NOI_DUNG, "", note) for note in doc.sent_with_lines]
    if lines:
        lines[-1] = lines[-1].closed()
        if notes and lines[-1].table is None:
            lines[-1] = replace(lines[-1], keep_next=True)  # the end of the content stays with its notes
    lines += notes
    return lines


def _lead_in(text: m.RichText | None) -> bool:
    """A lead-in: text ending with ":" that announces what follows (Phụ lục I, Mục II, khoản 6)."""
    return text is not None and text.plain.rstrip().endswith(":")


def body_lines(blocks: Iterable[m.Block]) -> Iterator[Line]:
    """Body blocks as paragraphs in reading order; labels are plain text computed by the model."""
    for step in walk(blocks, tables=True):
        node = step.node
        if isinstance(node, m.TableBlock):
            yield Line(st.NOI_DUNG, "", m.RichText(()), table=node.table)
        elif isinstance(node, m.Paragraph):
            yield Line(st.NOI_DUNG, "", node.text, keep_next=_lead_in(node.text))
        elif isinstance(node, m.ListItem):
            yield Line(st.KHOAN_TIEU_DE if node.titled else st.NOI_DUNG, node.label, node.text,
                       keep_next=bool(node.children) or _lead_in(node.text))
        elif isinstance(node, m.Article):
            if node.title is not None:
                yield Line(st.DIEU, node.label, node.title, keep_next=True)
            else:
                yield Line(st.NOI_DUNG, node.label, node.text, bold_label=True,
                           keep_next=bool(node.children) or _lead_in(node.text))
        elif node.kind is m.SectionKind.MUC_LA_MA:
            yield Line(st.MUC_LA_MA, node.label, _plain(upper(node.title)))
        else:
            yield Line(st.PHAN_NHAN, "", _plain(node.label))
            yield Line(st.PHAN_TIEU_DE, "", _plain(upper(node.title)))
