"""Render many copies of one letter by rendering what they share once.

The document is rendered a single time with a unique marker where each copy differs (the text
after "Kính gửi" and every template text); :class:`vanban.ooxml.PackageTemplate` splits the parts
at those markers. A copy is then a join of escaped values and one deflate of the changed part
(continuing from the saved compressor state of its unchanged head); the other parts' compressed
bytes are reused. The output is byte-identical to the plain renderer's for the same recipient
(a test checks it); a copy whose values the fast path cannot place exactly (an empty text) is
rendered the plain way.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from .. import ooxml
from ..render.docx import render_docx
from ..model.walk import body_texts, document_texts
from .personalize import personalize, template_sources
from .templating import has_template

_MARK = "\ue000{}\ue001"


class FastRenderer:
    def __init__(self, doc: m.Document, template: Path | None = None):
        self.sources = template_sources(doc)
        self.markers = [_MARK.format(i) for i in range(len(self.sources) + 1)]  # last one: Kính gửi
        marks = dict(zip(self.sources, self.markers))
        placeholder = m.Recipient("", "", "", None, None)
        marked = personalize(doc, placeholder, self.markers[-1], marks.__getitem__)
        # the document title (a core property) is cut at 255 characters: a long filled trích yếu is
        # rendered the plain way
        self.subject_hole = self.sources.index(doc.subject) if doc.subject in marks else None
        self.title_overhead = (len(marked.title) - len(self.markers[self.subject_hole])
                               if self.subject_hole is not None else 0)
        self.document_bytes = render_docx(marked, template)
        self.package = ooxml.PackageTemplate(self.document_bytes, self.markers)
        texts = list(document_texts(doc))
        # a template text that ends the content or a căn cứ: the renderer adds "./." (or "/." after a ".")
        # or the căn cứ ";"/"." after stripping spaces and punctuation, which depends on the value
        bodies = [list(body_texts(doc.body))] + [list(body_texts(e.body)) for e in doc.enclosures]
        closing = list(doc.grounds) + [ts[-1] for ts in bodies if ts]
        self.tail_holes = {i for i, source in enumerate(self.sources)
                           if any(t.spans and t.spans[-1].text == source for t in closing)}
        self.linked = any(span.link and has_template(span.text) for t in texts for span in t.spans)
        self.usable = self._usable(doc)

    def _usable(self, doc: m.Document) -> bool:
        """Markers must not occur in the spec itself, and every marker must land in a text we can fill.

        A part rendered from the recipient's data directly (``Recipient.data``, e.g. a prefilled biểu mẫu)
        rather than through template texts differs in places the markers do not see: such copies are
        rendered the plain way.
        """
        if self.linked:
            return False
        if any(has_template(span.text) for _, note in doc.footnotes for span in note.spans):
            return False  # a footnote filled per copy lives in word/footnotes.xml: rendered the plain way
        if any(getattr(a.kind, "value", "") == "bieu_mau" or a.word is not None for a in doc.attachments):
            return False  # each copy has its own prefilled biểu mẫu or filled Word form: rendered the plain way
        if self.subject_hole is not None:
            # the trích yếu is measured: the V/v is narrowed to balanced lines (issue 16), the trích yếu of
            # other types is capitalised and measured for its rule
            return False
        if any("\ue000" in s or "\ue001" in s for s in self.sources):
            return False
        holes = sum(part.holes for member in self.package.members
                    for part in member[1:2] if isinstance(part, ooxml.PartTemplate))
        return holes >= len(self.markers)

    def values(self, addressee: str, filled: dict[str, str]) -> list[str]:
        return [filled[s] for s in self.sources] + [addressee]

    def render(self, values: list[str]) -> bytes | None:
        """One copy's .docx, or ``None`` when it must be rendered the plain way."""
        if any(not v or "\n" in v or "\t" in v or "\r" in v for v in values):
            return None
        if self.subject_hole is not None and self.title_overhead + len(values[self.subject_hole]) > 255:
            return None
        for i in self.tail_holes:
            value = values[i]
            if value != value.rstrip() or value[-1:] in ".;,":
                return None
        return self.package.fill(values)
