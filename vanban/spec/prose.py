"""The prose body (văn xuôi): ``noi_dung: |`` written as a clerk pastes it from Word → the list form.

One paragraph per line; a line indented deeper than the line that starts a paragraph continues it; a line
that starts with a typed marker is a part of that level (§3.7 of ``../shared/nd30.md``, Phụ lục I Mục V):

=========================  ==========================================================
``Phần I`` / ``Chương I``   phần, chương (title after ". " on the line, or on the next line)
``Mục 1`` / ``Tiểu mục 1``  mục, tiểu mục of a chương
``Điều 1. …``               điều (its title, or in a quyết định its text)
``I. …``                    mục of a report or plan ("I. MỤC ĐÍCH, YÊU CẦU")
``1.`` ``1.1.`` ``1.1.1.``  khoản and its sub-levels
``(1)`` ``(2)``             items numbered in brackets (``khoan`` with ``dau: "(1)"``)
``a)`` … ``đ)`` …           điểm (Vietnamese alphabet)
``-`` ``+`` ``*``           gạch đầu dòng levels
=========================  ==========================================================

The result is the same data the list form is (``{"khoan": [...]}``, ``{"dieu": …, "noi_dung": [...]}``), so
the schema, the builder and the numbering are shared: numbers are derived, and a typed number that skips or
repeats is a warning naming its line (VB232). An unmarked line ends the điểm and gạch lists above it; it is a
paragraph of the khoản above it when that khoản leads into it (titled, ending ":", or with content below it:
the next "2." then continues the list), else of the điều, mục, chương or phần; a khoản whose whole text is bold (``1. **Mục đích**``) is a titled
khoản. Every generated part gets the position of its line, so later diagnostics point into the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..model.decree import VIETNAMESE_POINT_LETTERS as POINT_LETTERS, point_label, roman

#: report(code, message, line, column, hint)
Warn = Callable[[str, str, int, int, str], None]

_ROMAN = re.compile(r"^(?P<n>[IVXLC]+)\.\s+(?P<rest>\S.*)$")
_HEADING = re.compile(r"^(?P<word>Phần|Chương|Tiểu mục|Mục)\s+(?P<n>[IVXLC]+|\d+)\s*(?:[.:–-]\s*(?P<rest>.*))?$")
_ARTICLE = re.compile(r"^Điều\s+(?P<n>\d+)\s*\.\s*(?P<rest>.*)$")
_KHOAN = re.compile(r"^(?P<n>\d+(?:\.\d+){0,2})\.\s+(?P<rest>\S.*)$")
_BRACKETED = re.compile(r"^\((?P<n>\d+)\)\s+(?P<rest>\S.*)$")
_DIEM = re.compile(r"^(?P<n>[a-zđ])\)\s+(?P<rest>\S.*)$")
_GACH = re.compile(r"^(?P<n>[-+*])\s+(?P<rest>\S.*)$")
_TITLED = re.compile(r"^\*\*(?P<title>[^*]+)\*\*$")

#: Rank of each level: a part of a rank closes every open part of the same or a deeper rank.
_RANK = {"phan": 0, "chuong": 1, "muc": 2, "tieu_muc": 3, "dieu": 4,
         "khoan1": 10, "khoan2": 11, "khoan3": 12, "ngoac": 12.5, "diem": 13, "-": 14, "+": 15, "*": 16}
_SECTION_WORD = {"Phần": "phan", "Chương": "chuong", "Mục": "muc", "Tiểu mục": "tieu_muc"}
_LIST_KEY = {"khoan1": "khoan", "khoan2": "khoan", "khoan3": "khoan", "ngoac": "khoan", "diem": "diem",
             "-": "gach", "+": "gach", "*": "gach"}


@dataclass
class _Open:
    """A part still open while reading: its rank, its data, where its children go, its typed number."""

    rank: int
    data: Any
    children: list | None
    path: tuple
    kind: str = ""
    number: str = ""  # the derived number of a khoản ("1", "1.2"), for its sub-levels
    count: dict = field(default_factory=dict)  # child counters by kind


def _leads_in(head: str) -> bool:
    """A khoản that introduces what follows: its text ends with ":" or starts with a bold heading."""
    return head.rstrip().endswith(":") or head.startswith("**")


class ProseParser:
    """Parse one literal block. ``register(path, line, col)`` records where each generated part was written."""

    def __init__(self, register: Callable[[tuple, int, int], None], warn: Warn, counters: dict | None = None):
        self.register = register
        self.warn = warn
        #: numbers continuous over the whole document (điều, chương, phần), shared by the blocks of one spec
        self.counters = counters if counters is not None else {"phan": 0, "chuong": 0, "dieu": 0}

    def parse(self, text: str, path: tuple, first_line: int, base_col: int) -> list:
        top: list = []
        stack = [_Open(-1, None, top, path)]
        last: tuple[Any, int] | None = None  # (the setter of the last text, the indent of its first line)
        pending_title: tuple[_Open, str] | None = None
        for offset, raw in enumerate(text.split("\n")):
            if not raw.strip():
                continue
            line, indent = first_line + offset, len(raw) - len(raw.lstrip(" "))
            content = raw.strip()
            col = base_col + indent
            if pending_title is not None:
                opened, key = pending_title
                pending_title = None
                opened.data[key] = content
                self.register(opened.path + (key,), line, col)
                last = (self._setter(opened.data, key), indent)
                continue
            if last is not None and indent > last[1]:
                last[0](content)
                continue
            parsed = self._marker(content)
            if parsed is None:
                container = self._paragraph_home(stack)
                index = len(container.children)
                container.children.append(content)
                self.register(container.path + (index,), line, col)
                last = (self._list_setter(container.children, index), indent)
                continue
            kind, typed, rest = parsed
            if kind in ("phan", "chuong", "muc", "tieu_muc", "dieu"):
                opened = self._section(stack, kind, typed, rest, line, col)
                key = kind
                if rest:
                    last = (self._setter(opened.data, key), indent)
                elif kind == "dieu":
                    opened.data[key] = ""
                    last = (self._setter(opened.data, key), indent)
                else:
                    pending_title = (opened, key)
                    last = None
                continue
            opened, head = self._item(stack, kind, typed, rest, line, col)
            last = (self._setter(opened.data, head), indent)
        self._finish(top)
        return top

    # markers ---------------------------------------------------------------------------------------

    @staticmethod
    def _marker(content: str) -> tuple[str, str, str] | None:
        match = _ARTICLE.match(content)
        if match:
            return "dieu", match["n"], match["rest"].strip()
        match = _HEADING.match(content)
        if match:
            return _SECTION_WORD[match["word"]], match["n"], (match["rest"] or "").strip()
        match = _ROMAN.match(content)
        if match:
            return "muc", match["n"], match["rest"].strip()
        match = _KHOAN.match(content)
        if match:
            return f"khoan{match['n'].count('.') + 1}", match["n"], match["rest"]
        match = _BRACKETED.match(content)
        if match:
            return "ngoac", match["n"], match["rest"]
        match = _DIEM.match(content)
        if match and match["n"] in POINT_LETTERS:
            return "diem", match["n"], match["rest"]
        match = _GACH.match(content)
        if match:
            return match["n"], match["n"], match["rest"]
        return None

    # structure -------------------------------------------------------------------------------------

    @staticmethod
    def _close_to(stack: list[_Open], rank: int) -> _Open:
        """Close the open parts of ``rank`` or deeper; return the part the next one goes into."""
        while len(stack) > 1 and stack[-1].rank >= rank:
            stack.pop()
        return stack[-1]

    @classmethod
    def _paragraph_home(cls, stack: list[_Open]) -> _Open:
        """Where an unmarked paragraph goes: the điểm and gạch lists end; it belongs to the khoản above it when
        that khoản leads into it (a title, a bold heading "**Phiên khai mạc** (8 giờ …)", a text ending ":", or
        content already below it), else the khoản
        list ends too and it is a paragraph of the điều, mục, chương or phần (as in the list form)."""
        home = cls._close_to(stack, _RANK["diem"])
        while home.kind == "khoan" and not (home.children or "tieu_de" in home.data or _leads_in(home.data["doan"])):
            stack.pop()
            home = stack[-1]
        return home

    def _section(self, stack: list[_Open], kind: str, typed: str, rest: str, line: int, col: int) -> _Open:
        parent = self._close_to(stack, _RANK[kind])
        if kind in self.counters:
            self.counters[kind] += 1
            number = self.counters[kind]
        else:
            parent.count[kind] = parent.count.get(kind, 0) + 1
            number = parent.count[kind]
            if kind == "muc" and parent.count.get("tieu_muc"):
                parent.count["tieu_muc"] = 0
        expected = roman(number) if typed[:1] in "IVXLC" and not typed.isdigit() else str(number)
        word = {"phan": "Phần ", "chuong": "Chương ", "muc": "Mục " if typed.isdigit() else "",
                "tieu_muc": "Tiểu mục ", "dieu": "Điều "}[kind]
        if typed != expected:
            self._skipped(f"{word}{typed}", f"{word}{expected}", line, col)
        index = len(parent.children)
        data: dict = {kind: rest, "noi_dung": []}
        parent.children.append(data)
        path = parent.path + (index,)
        self.register(path, line, col)
        self.register(path + (kind,), line, col)
        opened = _Open(_RANK[kind], data, data["noi_dung"], path + ("noi_dung",), kind)
        stack.append(opened)
        return opened

    def _item(self, stack: list[_Open], kind: str, typed: str, rest: str, line: int,
              col: int) -> tuple[_Open, str]:
        parent = self._close_to(stack, _RANK[kind])
        list_key = _LIST_KEY[kind]
        siblings = parent.children
        if siblings and isinstance(siblings[-1], dict) and siblings[-1].get("_prose_kind") == kind:
            holder = siblings[-1]
        else:
            holder = {list_key: [], "_prose_kind": kind}
            if list_key == "gach" and kind != "-":
                holder["dau"] = kind
            if kind == "ngoac":
                holder["dau"] = "(1)"
            siblings.append(holder)
            self.register(parent.path + (len(siblings) - 1,), line, col)
        items = holder[list_key]
        index = len(items)
        list_path = parent.path + (len(siblings) - 1, list_key)
        number = ""
        if kind == "ngoac":  # "(1)", "(2)": numbered on their own; a khoản inside goes on from the one around
            number = parent.number if parent.kind == "khoan" else ""
            if typed != str(index + 1):
                self._skipped(f"({typed})", f"({index + 1})", line, col)
        elif list_key == "khoan":
            prefix = parent.number if parent.kind == "khoan" else ""
            number = f"{prefix}.{index + 1}" if prefix else str(index + 1)
            if typed != number:
                self._skipped(f"{typed}.", f"{number}.", line, col)
        elif list_key == "diem":
            expected = point_label(index)[:-1]
            if typed != expected:
                self._skipped(f"{typed})", f"{expected})", line, col)
        title = _TITLED.match(rest) if list_key == "khoan" else None
        data: dict = {"tieu_de": title["title"]} if title else {"doan": rest}
        data["noi_dung"] = []
        items.append(data)
        path = list_path + (index,)
        self.register(path, line, col)
        head = "tieu_de" if title else "doan"
        self.register(path + (head,), line, col)
        opened = _Open(_RANK[kind], data, data["noi_dung"], path + ("noi_dung",), list_key, number)
        stack.append(opened)
        return opened, head

    def _skipped(self, typed: str, derived: str, line: int, col: int) -> None:
        self.warn("VB232", f"số `{typed}` gõ ở dòng {line} không liền mạch với các số trước; vanban đánh số "
                           f"`{derived}`", line, col, "bỏ số gõ tay hoặc sửa cho liền mạch")

    # results ---------------------------------------------------------------------------------------

    @staticmethod
    def _setter(data: dict, key: str) -> Callable[[str], None]:
        def append(more: str) -> None:
            data[key] = f"{data[key]} {more}" if data[key] else more
        return append

    @staticmethod
    def _list_setter(items: list, index: int) -> Callable[[str], None]:
        def append(more: str) -> None:
            items[index] = f"{items[index]} {more}"
        return append

    def _finish(self, blocks: list) -> None:
        """Drop the reading marks; an item without children is a plain string, as in the list form."""
        for block in blocks:
            if not isinstance(block, dict):
                continue
            block.pop("_prose_kind", None)
            for key in ("khoan", "diem", "gach"):
                if key in block:
                    for i, item in enumerate(block[key]):
                        self._finish(item["noi_dung"])
                        if not item["noi_dung"]:
                            del item["noi_dung"]
                            if "doan" in item:
                                block[key][i] = item["doan"]
            if "noi_dung" in block and not any(k in block for k in ("khoan", "diem", "gach")):
                self._finish(block["noi_dung"])
