"""Tracked changes (``w:ins`` / ``w:del``) for the redline of two versions of a document.

A reviewer sees in Word what changed between two drafts (dự thảo) as Word's own revision marks,
accepts or rejects them, and keeps tracking further edits (``w:trackRevisions``). Author, date and
ids are fixed by the caller, so the same inputs give a byte-identical file.
"""

from __future__ import annotations

from copy import deepcopy

from .elements import el, get_or_add, insert_in_order
from .reading import run_text
from .xml import XML_SPACE, Element, qn


class Revisions:
    """Makes ``w:ins`` / ``w:del`` marks with one author and date and sequential ids (deterministic)."""

    def __init__(self, author: str, date: str):
        self.author = author
        self.date = date  # ISO 8601, e.g. "2021-02-05T00:00:00Z"
        self.next_id = 1

    def mark(self, tag: str) -> Element:
        node = el(tag, {"w:id": self.next_id, "w:author": self.author, "w:date": self.date})
        self.next_id += 1
        return node


def _text_runs_in_order(p_el: Element) -> list[Element]:
    """The runs of a paragraph that carry ``w:t`` text, in document order (hyperlinks included)."""
    return [r for r in p_el.iter(qn("w:r")) if r.find(qn("w:t")) is not None]


def _set_text(t: Element, text: str) -> None:
    t.text = text
    t.set(XML_SPACE, "preserve")


def _split_run(r_el: Element, offset: int) -> Element:
    """Split a text run at ``offset`` characters; returns the new right-hand run (inserted after)."""
    text = run_text(r_el)
    right = deepcopy(r_el)
    for t in list(r_el.findall(qn("w:t")))[1:]:
        r_el.remove(t)
    for t in list(right.findall(qn("w:t")))[1:]:
        right.remove(t)
    _set_text(r_el.find(qn("w:t")), text[:offset])
    _set_text(right.find(qn("w:t")), text[offset:])
    r_el.addnext(right)
    return right


def _deleted_run(template: Element | None, text: str) -> Element:
    """A run holding ``text`` as ``w:delText``, with the formatting of ``template`` (if any)."""
    run = el("w:r")
    if template is not None and template.find(qn("w:rPr")) is not None:
        run.append(deepcopy(template.find(qn("w:rPr"))))
    dt = el("w:delText")
    _set_text(dt, text)
    run.append(dt)
    return run


def _wrap(run: Element, wrapper: Element) -> None:
    run.addprevious(wrapper)
    wrapper.append(run)


def _outside_insertion(run: Element) -> Element:
    parent = run.getparent()
    return parent if parent.tag == qn("w:ins") else run


def redline_paragraph(p_el: Element, inserted: list[tuple[int, int]],
                      deleted: list[tuple[int, str]], rev: Revisions) -> None:
    """Mark changes inside one paragraph of the NEW document.

    ``inserted`` are character ranges of the paragraph's text that are new; ``deleted`` are
    (offset, old text) pairs to show as deleted text at that offset of the new text.
    """
    cuts = sorted({o for rng in inserted for o in rng} | {o for o, _ in deleted})
    # split runs so every cut falls on a run boundary
    pos = 0
    for run in _text_runs_in_order(p_el):
        text = run_text(run)
        start, end = pos, pos + len(text)
        current = run
        for cut in cuts:
            if start < cut < end:
                current = _split_run(current, cut - start)
                start = cut
        pos = end
    runs = []
    pos = 0
    for run in _text_runs_in_order(p_el):
        n = len(run_text(run))
        runs.append((pos, pos + n, run))
        pos += n
    for lo, hi in inserted:
        for start, end, run in runs:
            if start >= lo and end <= hi and end > start:
                _wrap(run, rev.mark("w:ins"))
    for offset, text in sorted(deleted, key=lambda d: d[0]):
        before = [r for s, e, r in runs if e == offset and e > s]
        after = [r for s, e, r in runs if s == offset and e > s]
        template = before[-1] if before else (after[0] if after else None)
        wrapper = rev.mark("w:del")
        wrapper.append(_deleted_run(template, text))
        if before:
            _outside_insertion(before[-1]).addnext(wrapper)
        elif after:
            _outside_insertion(after[0]).addprevious(wrapper)
        else:
            p_el.append(wrapper)


def _mark_paragraph_mark(p_el: Element, tag: str, rev: Revisions) -> None:
    rpr = get_or_add(get_or_add(p_el, "w:pPr"), "w:rPr")
    insert_in_order(rpr, rev.mark(tag))


def mark_inserted_paragraph(p_el: Element, rev: Revisions) -> None:
    """The whole paragraph is new: its runs in ``w:ins`` and its paragraph mark inserted."""
    for run in _text_runs_in_order(p_el):
        _wrap(run, rev.mark("w:ins"))
    _mark_paragraph_mark(p_el, "w:ins", rev)


def deleted_paragraph_copy(old_p: Element, rev: Revisions) -> Element:
    """A copy of an OLD paragraph shown as deleted in the NEW document.

    Hyperlinks are unwrapped (their relationship ids belong to the old package) and every text
    becomes ``w:delText`` inside ``w:del``.
    """
    p = deepcopy(old_p)
    for link in list(p.iter(qn("w:hyperlink"))):
        parent = link.getparent()
        index = parent.index(link)
        for child in list(link):
            parent.insert(index, child)
            index += 1
        parent.remove(link)
    for run in _text_runs_in_order(p):
        for t in run.findall(qn("w:t")):
            t.tag = qn("w:delText")
            t.set(XML_SPACE, "preserve")
        _wrap(run, rev.mark("w:del"))
    _mark_paragraph_mark(p, "w:del", rev)
    return p


def track_revisions_setting(settings_root: Element) -> None:
    """Turn on "Track Changes" (``w:trackRevisions``) so further edits are tracked too."""
    if settings_root.find(qn("w:trackRevisions")) is None:
        insert_in_order(settings_root, el("w:trackRevisions"))
