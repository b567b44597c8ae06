"""Inline text of a spec: the small Markdown subset clerks may use inside body text.

``**đậm**``, ``*nghiêng*``, ``__gạch chân__``, ``<https://…>`` and ``[chữ](https://…)``; a backslash escapes a
marker (``2\\*3``). In the texts that may hold them (body, căn cứ), ``[^1]`` is the reference of a footnote
(chú thích cuối trang), Markdown's footnote syntax; ``\\[^1]`` is the text "[^1]". Parsing is done by markdown-it-py (inline rules only), not by hand.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import RichText, Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("zero").enable(["emphasis", "link", "autolink", "escape"])


#: The characters that can start markup for the rules enabled above (emphasis ``*`` ``_``, link ``[``, autolink
#: ``<``, escape ``\\``) or that markdown-it rewrites before parsing (line breaks, NUL). A text without any of
#: them is one plain span, as markdown-it would give it: the parser (and its import) is spared for most texts.
_MARKUP = re.compile(r"[*_\[<\\\r\n\x00]")


#: A template region of a text (filled per recipient, see vanban.copies.templating); it is kept out of
#: the Markdown parser so that ``{{ a * b }}`` or ``{{ so_lieu.ty_le }}`` are never read as emphasis.
TEMPLATE_REGION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_HOLD = "\ue010{}\ue011"
_HELD = re.compile("\ue010(\\d+)\ue011")


#: A footnote reference ``[^label]`` (not escaped by a backslash).
FOOTNOTE_REF = re.compile(r"(?<!\\)\[\^([^\]\s]{1,32})\]")
_NOTE = "\ue012{}\ue013"
_NOTED = re.compile("\ue012([^\ue013]*)\ue013")


@lru_cache(maxsize=4096)
def parse_inline(source: str, footnotes: bool = False) -> RichText:
    """Parse one paragraph of inline markup into spans (bold/italic/link); with ``footnotes``, a ``[^1]``
    is a footnote reference (a span of its own with ``footnote`` set and no text)."""
    if footnotes and "[^" in source:
        return _with_footnotes(parse_inline(FOOTNOTE_REF.sub(lambda m: _NOTE.format(m.group(1)), source)))
    held: list[str] = []
    if "{" in source:
        def hold(match: re.Match) -> str:
            held.append(match.group())
            return _HOLD.format(len(held) - 1)

        source = TEMPLATE_REGION.sub(hold, source)
    rich = _parse_inline(source)
    if not held:
        return rich
    return RichText(tuple(replace(s, text=_HELD.sub(lambda g: held[int(g.group(1))], s.text)) for s in rich.spans))


def _with_footnotes(rich: RichText) -> RichText:
    """Split the spans at the footnote placeholders: the text around them keeps its emphasis."""
    spans: list[Span] = []
    for span in rich.spans:
        pos = 0
        for match in _NOTED.finditer(span.text):
            if match.start() > pos:
                spans.append(replace(span, text=span.text[pos:match.start()]))
            spans.append(Span("", footnote=match.group(1)))
            pos = match.end()
        if pos < len(span.text):
            spans.append(replace(span, text=span.text[pos:]))
    return RichText(tuple(spans))


def _parse_inline(source: str) -> RichText:
    if not _MARKUP.search(source):
        return RichText((Span(source),) if source else ())
    tokens = _markdown().parseInline(source)
    spans: list[Span] = []
    bold = italic = underline = 0
    strong: list[str] = []  # the markup of each open strong emphasis: "**" bold, "__" underline
    link: str | None = None
    for token in tokens[0].children or []:
        kind = token.type
        if kind == "strong_open":
            strong.append(token.markup)
            if token.markup == "__":
                underline += 1
            else:
                bold += 1
        elif kind == "strong_close":
            if (strong.pop() if strong else "**") == "__":
                underline -= 1
            else:
                bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            link = href if href.startswith(ALLOWED_SCHEMES) else None
        elif kind == "link_close":
            link = None
        elif kind in ("text", "text_special"):
            _append(spans, Span(token.content, bold > 0, italic > 0, link, underline > 0))
        elif kind in ("softbreak", "hardbreak"):
            _append(spans, Span(" ", bold > 0, italic > 0, link, underline > 0))
    return RichText(tuple(spans))


def _append(spans: list[Span], span: Span) -> None:
    if not span.text:
        return
    if spans:
        last = spans[-1]
        if (last.bold, last.italic, last.link, last.underline) == (span.bold, span.italic, span.link, span.underline):
            spans[-1] = replace(last, text=last.text + span.text)
            return
    spans.append(span)
