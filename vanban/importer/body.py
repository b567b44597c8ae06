"""The body (ô 6) read back: typed numbers turned into structure.

Paragraphs come in reading order with their text and spans. A paragraph whose text starts with a label
of the decree's numbering (§3.7: "Phần I", "Chương I", "Mục 1", "Tiểu mục 1", "Điều 1.", "I.", "1.",
"a)", "-") becomes the part or list item it labels; the numbers themselves are dropped (vanban computes
them), so they must run on as vanban would number them: an item whose number does not continue an open
list nor start a new one stays a paragraph with its number typed (and the importer warns). A paragraph
without a label goes into the last open item when the list goes on after it, else it closes the lists.
Spec shapes written: the current list form (``khoan``/``diem``/``gach`` lists, ``doan``/``tieu_de`` items,
``phan``/``chuong``/``muc``/``tieu_muc``/``dieu`` with ``noi_dung``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import Span
from ..model.decree import point_label
from .casing import Recaser


@dataclass
class Para:
    """One paragraph as the importer sees it."""

    index: int
    text: str  # tabs and breaks as spaces, not stripped
    spans: list[Span]
    align: str = "left"
    bold: bool = False  # every letter bold
    centered: bool = False
    last_run: str = ""  # the text of the last run ("/." or "./." when vanban wrote the end mark)
    first_run: str = ""  # the text of the first run (vanban writes a label as a run of its own)
    keep_next: bool = False  # kept with the next paragraph (vanban: an item or article that holds more)
    table: dict | None = None  # a table of the body (``bang``) standing here

    @property
    def plain(self) -> str:
        return self.text.strip()


# --------------------------------------------------------------------------- inline markup


_ESCAPE = re.compile(r"([\\*_\[\]<`])")


def escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def markup(spans: list[Span]) -> str:
    """Spans as the inline markup of a spec: ``**đậm**``, ``*nghiêng*``, ``__gạch chân__``, ``<url>``,
    ``[chữ](url)``."""
    out = []
    for span in spans:
        text = span.text
        lead = text[:len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()):]
        core = text.strip()
        if not core:
            out.append(text)
            continue
        body = escape(core)
        if span.link:
            body = f"<{span.link}>" if core == span.link else f"[{body}]({span.link})"
        if span.underline and not span.link:  # a link is underlined as a link: no markup of its own
            body = f"__{body}__"
        if span.bold and span.italic:
            body = f"***{body}***"
        elif span.bold:
            body = f"**{body}**"
        elif span.italic:
            body = f"*{body}*"
        out.append(lead + body + trail)
    text = "".join(out)
    if any(s.underline and not s.link for s in spans) and not _reads_back(text, spans):
        return markup([replace(s, underline=False) for s in spans])  # "__" inside a word is no markup: not marked
    return text


def _reads_back(text: str, spans: list[Span]) -> bool:
    """Whether ``text`` parses back to the words and underlines of ``spans``."""
    from ..spec.inline import parse_inline

    def underlined(items) -> list[tuple[str, bool]]:
        return [(c, s.underline) for s in items for c in s.text if not c.isspace()]

    return underlined(parse_inline(text).spans) == underlined(
        [replace(s, underline=s.underline and not s.link) for s in spans])


def cut(spans: list[Span], start: int, end: int | None = None) -> list[Span]:
    """The spans of characters ``start:end`` of their joined text."""
    out, pos = [], 0
    for span in spans:
        lo, hi = pos, pos + len(span.text)
        pos = hi
        a, b = max(lo, start), min(hi, end if end is not None else hi)
        if a < b:
            out.append(replace(span, text=span.text[a - lo:b - lo]))
    return out


def strip_spans(spans: list[Span]) -> list[Span]:
    text = "".join(s.text for s in spans)
    lo = len(text) - len(text.lstrip())
    hi = len(text.rstrip())
    return cut(spans, lo, hi)


def unbold(spans: list[Span]) -> list[Span]:
    return [replace(s, bold=False) for s in spans]


def all_bold(spans: list[Span]) -> bool:
    letters = [s for s in spans if s.text.strip()]
    return bool(letters) and all(s.bold for s in letters)


# --------------------------------------------------------------------------- labels

#: I … XXXIX: the mục of a report or plan (C., D. of "A. B. C." headings are letters, not numbers).
_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
SECTION_LABEL = re.compile(rf"^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Tiểu mục|TIỂU MỤC)\s+({_ROMAN}|\d+)\s*[.:]?\s*(.*)$")
ARTICLE = re.compile(r"^Điều\s+(\d+)\s*[.:]\s*")
ROMAN_HEAD = re.compile(rf"^({_ROMAN})\.\s+(\S.*)$")
KHOAN = re.compile(r"^(\d+(?:\.\d+)*)\.(?![\d])\s*")  # "1.", and "1.1.", "1.1.1." of a khoản in a khoản
DIEM = re.compile(r"^([a-zđ]{1,2})\)\s*")
NGOAC = re.compile(r"^\((\d+)\)\s*")  # "(1)", "(2)": items numbered in brackets (`khoan` with `dau: "(1)"`)
GACH = re.compile(r"^([-+*•–])\s+")

_LEVEL = {"phan": 0, "chuong": 1, "muc": 2, "tieu_muc": 3, "dieu": 4}


def _section_key(word: str) -> str:
    word = word.lower()
    return {"phần": "phan", "chương": "chuong", "mục": "muc", "tiểu mục": "tieu_muc"}[word]


@dataclass
class Item:
    spans: list[Span]
    titled: bool = False
    keep: bool = False
    children: list = field(default_factory=list)

    def text(self) -> str:
        return "".join(s.text for s in self.spans)

    def spec(self):
        text = markup(unbold(self.spans) if self.titled else self.spans)
        if self.titled:
            out = {"tieu_de": text}
            if self.children:
                out["noi_dung"] = self.children
            return out
        if self.children:
            return {"doan": text, "noi_dung": self.children}
        return text


@dataclass
class OpenList:
    kind: str  # khoan | ngoac | diem | gach
    marker: str
    items: list[Item]
    host: list  # the children list the list is written into
    prefix: str = ""  # a khoản list inside a khoản: the parent's number ("1." for "1.1." "1.2.")

    def expects(self, kind: str, label: str) -> bool:
        if kind != self.kind:
            return False
        if kind == "khoan":
            return label == f"{self.prefix}{len(self.items) + 1}."
        if kind == "ngoac":
            return label == f"({len(self.items) + 1})"
        if kind == "diem":
            return label == point_label(len(self.items))
        return label == self.marker


@dataclass
class Labelled:
    kind: str  # section kinds, dieu, khoan, diem, gach, or "" for a paragraph
    label: str = ""
    rest: list[Span] = field(default_factory=list)  # the text after the label
    section: str = ""  # phan/chuong/muc/tieu_muc


def classify(para: Para, ours: bool = False) -> Labelled:
    """The label a paragraph starts with. A label in italics is quoted text, not numbering; in a document
    vanban wrote, a label is a run of its own, so a number typed inside the text is text."""
    if para.table is not None:
        return Labelled("table")
    found = _classify(para)
    if found.kind in ("khoan", "ngoac", "diem", "gach", "roman", "dieu"):
        head = para.spans[0] if para.spans else None
        if head is not None and head.italic and not head.bold:
            return Labelled("")
        if ours and found.kind == "dieu" and not para.first_run.strip().startswith(f"Điều {found.label}"):
            return Labelled("")
        if ours and found.kind == "roman" and para.first_run.strip() != found.label + ".":
            return Labelled("")
        if ours and found.kind in ("khoan", "ngoac", "diem", "gach") and para.first_run.strip() != found.label:
            return Labelled("")
    return found


def _classify(para: Para) -> Labelled:
    text = para.text.lstrip()
    offset = len(para.text) - len(text)
    if para.centered:
        match = SECTION_LABEL.match(text.strip())
        if match:
            return Labelled("section", match.group(2), strip_spans(cut(para.spans, offset + match.start(3))),
                            _section_key(match.group(1)))
    match = ARTICLE.match(text)
    if match:
        return Labelled("dieu", match.group(1), strip_spans(cut(para.spans, offset + match.end())))
    match = ROMAN_HEAD.match(text)
    if match and match.group(2).upper() == match.group(2) and para.bold:
        return Labelled("roman", match.group(1), strip_spans(cut(para.spans, offset + match.start(2))))
    for kind, pattern in (("khoan", KHOAN), ("ngoac", NGOAC), ("diem", DIEM), ("gach", GACH)):
        match = pattern.match(text)
        if match and text[match.end():].strip():
            label = match.group(0).strip()
            if kind == "gach":
                label = "-" if label == "–" else label
            return Labelled(kind, label, strip_spans(cut(para.spans, offset + match.end())))
    return Labelled("")


class BodyReader:
    """Builds the ``noi_dung`` of a spec from the body's paragraphs."""

    def __init__(self, recaser: Recaser, *, articles_are_text: bool, warn, ours: bool = False):
        self.recaser = recaser
        self.ours = ours
        self.articles_are_text = articles_are_text
        self.warn = warn  # warn(code, message, para)
        self.notes: list[tuple[int, str]] = []

    def read(self, paras: list[Para]) -> list:
        root: list = []
        parts: list[tuple[int, dict]] = []  # open sections/articles (level, node)
        lists: list[OpenList] = []
        infos = [classify(p, self.ours) for p in paras]
        # keep-with-next says which items hold more (vanban sets it on them and on lead-ins ending ":")
        keeps = any(p.keep_next for p in paras[:-1])
        i = 0

        def container() -> list:
            return parts[-1][1]["noi_dung"] if parts else root

        while i < len(paras):
            para, info = paras[i], infos[i]
            if para.table is not None:
                block = {"bang": para.table}
                last = lists[-1].items[-1] if lists else None
                if last is not None and (last.keep or last.titled or last.text().rstrip().endswith(":")):
                    last.children.append(block)
                else:
                    lists.clear()
                    container().append(block)
                i += 1
                continue
            if info.kind == "section" and not info.rest and i + 1 < len(paras) and paras[i + 1].centered:
                title_para = paras[i + 1]
                i += 1
                title = title_para.plain
            elif info.kind == "section":
                title = "".join(s.text for s in info.rest)
            if info.kind in ("section", "roman", "dieu"):
                lists.clear()
                if info.kind == "dieu":
                    key, level = "dieu", _LEVEL["dieu"]
                    spans = info.rest
                    if not self.articles_are_text and all_bold(spans):
                        spans = unbold(spans)
                    value = markup(spans)
                elif info.kind == "roman":
                    key, level = "muc", _LEVEL["muc"]
                    value = self._title("".join(s.text for s in info.rest), para)
                else:
                    key, level = info.section, _LEVEL[info.section]
                    value = self._title(title, para)
                while parts and parts[-1][0] >= level:
                    parts.pop()
                node = {key: value, "noi_dung": []}
                container().append(node)
                parts.append((level, node))
                i += 1
                continue
            if info.kind in ("khoan", "ngoac", "diem", "gach"):
                target = next((n for n in range(len(lists) - 1, -1, -1) if lists[n].expects(info.kind, info.label)),
                              None)
                fresh = info.label in ("1.", "(1)", "a)") or info.kind == "gach" or (
                    info.kind == "khoan" and info.label.endswith(".1."))
                prefix = info.label[:-2] if info.kind == "khoan" else ""
                titled = info.kind == "khoan" and para.bold and all_bold(info.rest)
                item = Item(info.rest, titled=titled, keep=para.keep_next)
                if target is not None:
                    del lists[target + 1:]
                    lists[target].items.append(item)
                elif fresh and prefix:  # "1.1.": a khoản list inside the khoản numbered by the prefix
                    parent = next((n for n in range(len(lists) - 1, -1, -1) if lists[n].kind == "khoan" and
                                   f"{lists[n].prefix}{len(lists[n].items)}." == prefix), None)
                    if parent is None:
                        self.warn("VB963", f"số `{info.label}` không nối tiếp danh sách nào; giữ nguyên là đoạn văn "
                                           "(số gõ tay)", para)
                        lists.clear()
                        container().append(markup(strip_spans(para.spans)))
                        i += 1
                        continue
                    del lists[parent + 1:]
                    opened = OpenList("khoan", "", [item], lists[parent].items[-1].children, prefix)
                    lists[parent].items[-1].children.append(opened)
                    lists.append(opened)
                elif fresh:
                    last = lists[-1].items[-1] if lists else None
                    announces = last is not None and (last.keep or last.titled or last.text().rstrip().endswith(":"))
                    same = None if announces else next(
                        (n for n in range(len(lists) - 1, -1, -1) if lists[n].kind == info.kind), None)
                    if same is not None:
                        host = lists[same].host
                        del lists[same:]
                    else:
                        host = lists[-1].items[-1].children if lists else container()
                    opened = OpenList(info.kind, info.label if info.kind == "gach" else "", [item], host)
                    host.append(opened)
                    lists.append(opened)
                else:
                    self.warn("VB963", f"số `{info.label}` không nối tiếp danh sách nào; giữ nguyên là đoạn văn "
                                       "(số gõ tay)", para)
                    lists.clear()
                    container().append(markup(strip_spans(para.spans)))
                i += 1
                continue
            # a paragraph: into the open item when its list goes on after it, else after the lists
            spans = strip_spans(para.spans)
            if lists and (lists[-1].items[-1].titled or lists[-1].items[-1].keep or
                          lists[-1].items[-1].text().rstrip().endswith(":")):
                # the content of a titled khoản, or of an item that announces it ("… như sau:")
                lists[-1].items[-1].children.append(markup(spans))
                i += 1
                continue
            if lists:
                goes_on = self._continued(infos, i + 1, lists, keeps)
                if goes_on is not None:
                    del lists[goes_on + 1:]
                    lists[goes_on].items[-1].children.append(markup(spans))
                    i += 1
                    continue
                lists.clear()
            container().append(markup(spans))
            i += 1
        return _finish(root)

    def _continued(self, infos: list[Labelled], start: int, lists: list[OpenList], keeps: bool) -> int | None:
        for info in infos[start:]:
            if info.kind in ("section", "roman", "dieu"):
                return None
            if info.kind in ("khoan", "ngoac", "diem", "gach"):
                found = next((n for n in range(len(lists) - 1, -1, -1) if lists[n].expects(info.kind, info.label)),
                             None)
                if found is not None and keeps and not lists[found].items[-1].keep:
                    return None  # its last item holds nothing more (no keep-with-next)
                return found
        return None

    def _title(self, upper_text: str, para: Para) -> str:
        text, guessed = self.recaser.recase(upper_text)
        if guessed:
            self.notes.append((para.index, upper_text))
        return text


def _finish(blocks: list) -> list:
    """Open lists and items as the spec's shapes."""
    out = []
    for block in blocks:
        if isinstance(block, OpenList):
            items = []
            for item in block.items:
                item.children = _finish(item.children)
                items.append(item.spec())
            entry = {block.kind: items}
            if block.kind == "gach" and block.marker != "-":
                entry["dau"] = block.marker
            if block.kind == "ngoac":
                entry = {"khoan": items, "dau": "(1)"}
            out.append(entry)
        elif isinstance(block, dict) and "bang" in block:
            out.append(block)
        elif isinstance(block, dict):
            block["noi_dung"] = _finish(block["noi_dung"])
            if not block["noi_dung"] and "dieu" in block:
                del block["noi_dung"]
            out.append(block)
        else:
            out.append(block)
    return out
