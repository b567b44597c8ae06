"""One walker over the body of a document (nội dung, ô 6) for every layer.

The body is a tree: paragraphs, lists of items (khoản, điểm, gạch) whose items hold blocks, and
the structural parts (phần, chương, mục, tiểu mục, điều) that hold blocks. Renderers, the checker,
the differ, the loader and the per-recipient copies all need "every part in reading order" or
"the same tree with its texts changed"; they get it here instead of each writing its own recursion.

- :func:`walk` yields every part that carries text (a :class:`Paragraph`, a :class:`ListItem`,
  an :class:`Article` or a :class:`Section`) in reading order, with the parts that enclose it.
- :func:`texts` gives the inline texts (:class:`RichText`) a part holds.
- :func:`map_text` / :func:`map_document_text` rebuild the tree (or a whole document) with every
  inline text passed through a function, the structure and numbers unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator, Union

from .document import Article, Block, Document, ItemList, ListItem, ListKind, Paragraph, RichText, Section, TableBlock

#: A part of the body that carries text.
Node = Union[Paragraph, ListItem, Article, Section]
TextMap = Callable[[RichText], RichText]


@dataclass(frozen=True)
class Step:
    """One part met by :func:`walk`: the part, the parts that enclose it (outermost first), its number
    among its siblings (1-based: the n-th item of its list, the n-th paragraph of its level) and, for an
    item, the kind of its list (khoản, điểm, gạch)."""

    node: Node
    ancestors: tuple[Node, ...] = ()
    index: int = 1
    kind: ListKind | None = None

    @property
    def depth(self) -> int:
        return len(self.ancestors)


def walk(blocks: Iterable[Block], ancestors: tuple[Node, ...] = (), *, tables: bool = False) -> Iterator[Step]:
    """Every part of ``blocks`` that carries text, in reading order (a part before what it holds).

    Tables (:class:`TableBlock`) are met only with ``tables=True`` (the renderers lay them out; their
    cells are not paragraphs of the body for the checker or the differ)."""
    paragraphs = 0
    for block in blocks:
        if isinstance(block, ItemList):
            for n, item in enumerate(block.items, 1):
                yield Step(item, ancestors, n, block.kind)
                yield from walk(item.children, ancestors + (item,), tables=tables)
        elif isinstance(block, Paragraph):
            paragraphs += 1
            yield Step(block, ancestors, paragraphs)
        elif isinstance(block, TableBlock):
            if tables:
                yield Step(block, ancestors)  # type: ignore[arg-type]
        else:
            yield Step(block, ancestors)
            yield from walk(block.children, ancestors + (block,), tables=tables)


def children(node: Node) -> tuple[Block, ...]:
    return () if isinstance(node, Paragraph) else node.children


def texts(node: Node) -> tuple[RichText, ...]:
    """The inline texts of one part (a section's title is plain text, not inline markup)."""
    if isinstance(node, (Paragraph, ListItem)):
        return (node.text,)
    if isinstance(node, Article):
        return tuple(t for t in (node.title, node.text) if t is not None)
    return ()


def body_texts(blocks: Iterable[Block]) -> Iterator[RichText]:
    """Every inline text of ``blocks`` in reading order."""
    for step in walk(blocks):
        yield from texts(step.node)


def document_texts(doc: Document) -> Iterator[RichText]:
    """Every inline text a document's content holds: căn cứ, body, the notes of what is sent with it,
    documents issued with it, footnotes."""
    yield from doc.grounds
    yield from body_texts(doc.body)
    yield from doc.sent_with
    for enclosed in doc.enclosures:
        yield from body_texts(enclosed.body)
    for _, note in doc.footnotes:  # chú thích cuối trang (they hold no reference of their own)
        yield note


def footnote_order(doc: Document) -> tuple[str, ...]:
    """The labels of the footnotes in the order of their references (chú thích cuối trang): căn cứ, body, the
    notes of what is sent with it, documents issued with it, appendices. Word numbers footnotes so, from 1;
    ``vanban text`` prints the same numbers."""
    order: list[str] = []
    texts_ = list(document_texts(doc))
    for form in doc.attachments:
        texts_ += list(body_texts(form.body))
    for text in texts_:
        for span in text.spans:
            if span.footnote is not None and span.footnote not in order:
                order.append(span.footnote)
    return tuple(order)


def map_text(blocks: Iterable[Block], fn: TextMap) -> tuple[Block, ...]:
    """``blocks`` with every inline text replaced by ``fn(text)``; structure, numbers and sources kept."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(replace(block, text=fn(block.text)))
        elif isinstance(block, ItemList):
            out.append(replace(block, items=tuple(
                replace(item, text=fn(item.text), children=map_text(item.children, fn)) for item in block.items)))
        elif isinstance(block, Article):
            out.append(replace(block, title=fn(block.title) if block.title is not None else None,
                               text=fn(block.text) if block.text is not None else None,
                               children=map_text(block.children, fn)))
        elif isinstance(block, Section):
            out.append(replace(block, children=map_text(block.children, fn)))
        elif isinstance(block, TableBlock):
            rows = tuple(replace(row, rich=tuple((i, fn(text)) for i, text in row.rich)) if row.rich else row
                         for row in block.table.rows)
            out.append(replace(block, table=replace(block.table, rows=rows)))
        else:  # pragma: no cover - a new block type must be taught to the walker
            raise TypeError(f"unknown block {type(block).__name__}")
    return tuple(out)


def map_document_text(doc: Document, fn: TextMap) -> Document:
    """``doc`` with every inline text of its content (căn cứ, body, enclosed documents) passed through ``fn``."""
    return replace(doc, grounds=tuple(fn(g) for g in doc.grounds), body=map_text(doc.body, fn),
                   sent_with=tuple(fn(note) for note in doc.sent_with),
                   footnotes=tuple((label, fn(note)) for label, note in doc.footnotes),
                   enclosures=tuple(replace(e, body=map_text(e.body, fn)) for e in doc.enclosures))
