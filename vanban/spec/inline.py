"""Inline text of a spec: the small Markdown subset clerks may use inside body text.

``**đậm**``, ``*nghiêng*``, ``<https://…>`` and ``[chữ](https://…)``; a backslash escapes a
marker (``2\\*3``). Parsing is done by markdown-it-py (inline rules only), not by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

from ..model import RichText, Span

ALLOWED_SCHEMES = ("http://", "https://", "mailto:")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("zero").enable(["emphasis", "link", "autolink", "escape"])


#: A template region of a text (filled per recipient, see vanban.copies.templating); it is kept out of
#: the Markdown parser so that ``{{ a * b }}`` or ``{{ so_lieu.ty_le }}`` are never read as emphasis.
TEMPLATE_REGION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_HOLD = "\ue010{}\ue011"
_HELD = re.compile("\ue010(\\d+)\ue011")


@lru_cache(maxsize=4096)
def parse_inline(source: str) -> RichText:
    """Parse one paragraph of inline markup into spans (bold/italic/link)."""
    held: list[str] = []
    if "{" in source:
        def hold(match: re.Match) -> str:
            held.append(match.group())
            return _HOLD.format(len(held) - 1)

        source = TEMPLATE_REGION.sub(hold, source)
    rich = _parse_inline(source)
    if not held:
        return rich
    return RichText(tuple(Span(_HELD.sub(lambda g: held[int(g.group(1))], s.text), s.bold, s.italic, s.link)
                          for s in rich.spans))


def _parse_inline(source: str) -> RichText:
    tokens = _markdown().parseInline(source)
    spans: list[Span] = []
    bold = italic = 0
    link: str | None = None
    for token in tokens[0].children or []:
        kind = token.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
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
            _append(spans, Span(token.content, bold > 0, italic > 0, link))
        elif kind in ("softbreak", "hardbreak"):
            _append(spans, Span(" ", bold > 0, italic > 0, link))
    return RichText(tuple(spans))


def _append(spans: list[Span], span: Span) -> None:
    if not span.text:
        return
    if spans:
        last = spans[-1]
        if (last.bold, last.italic, last.link) == (span.bold, span.italic, span.link):
            spans[-1] = Span(last.text + span.text, last.bold, last.italic, last.link)
            return
    spans.append(span)
