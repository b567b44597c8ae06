"""Group rows of a table read back from a .docx (`vanban nhap`): the Stt labels of the rows give their nesting.

vanban writes a group row bold, kept with its next row (``w:keepNext``), its number in the Stt column and its
name across the empty columns (or "I. TÊN NHÓM" in one cell across the row); an office's table looks alike.
The labels (I, 1, 1.1, a, -, or none) give each row its level: a label of the kind of an open group closes that
group and opens its sibling; another kind opens a child. From the levels come the table's numbering per level
(`danh_so`), a group's own numbering where it differs (`nhom.danh_so`), and numbers running on across groups
(`stt_lien_tuc`).
"""

from __future__ import annotations

import re

_ROMAN = re.compile(r"[IVXLC]+")
_DOTTED = re.compile(r"\d+(\.\d+)+")
_LETTER = re.compile(r"[a-zđ]")
#: "I. TÊN", "1.2. Tên", "a) tên", "- tên": a group written in one cell across the row
WHOLE = re.compile(r"(?P<l>[IVXLC]+|\d+(?:\.\d+)*|[a-zđ]|-)(?:[.)])?\s+(?P<n>.+)", re.S)
#: the names of the numbering kinds in a spec
NUMBERING = {"roman": "la_ma", "arabic": "so", "letter": "chu", "dash": "gach", "none": "khong"}
DEFAULT_GROUPED = ["la_ma", "so", "chu", "gach"]


def label_kind(label: str) -> str:
    """The kind of a Stt label: roman, arabic, dotted:N (N dots), letter, dash or none."""
    label = label.strip().rstrip(".)")
    if not label:
        return "none"
    if _ROMAN.fullmatch(label):
        return "roman"
    if label.isdigit():
        return "arabic"
    if _DOTTED.fullmatch(label):
        return f"dotted:{label.count('.')}"
    if _LETTER.fullmatch(label):
        return "letter"
    if label == "-":
        return "dash"
    return "other"


def numbering_of(kind: str) -> str:
    return "so_noi" if kind.startswith("dotted") else NUMBERING.get(kind, "khong")


def nest(entries: list[dict]) -> tuple[list, dict]:
    """``entries`` in reading order, each ``{"group": bool, "label": str, "row": <the row's spec value>}``
    (a group's row value is the dict of its ``nhom`` and other keys): the nested ``dong`` and the table keys
    (``danh_so``, ``stt_lien_tuc``) that number them as they were numbered."""
    top: list = []
    stack: list[tuple[str, dict]] = []  # (label kind, group spec) of the open groups
    levels: dict[int, str] = {}  # level → the numbering of its first row
    children_kinds: dict[int, str] = {}  # id(group) → the numbering kind of its first row
    groups_in_order: list[tuple[dict, int]] = []
    items_numbers: list[tuple[int, str]] = []  # (id of parent group or 0, label) of numbered items
    for entry in entries:
        kind = label_kind(entry["label"])
        kinds = [k for k, _ in stack]
        if entry.get("merged"):
            pass
        elif kind in kinds and kind not in ("none", "dash") and (
                entry["group"] or children_kinds.get(id(stack[-1][1]), kind) != kind):
            # a sibling of that open group: a group "1.2" after the rows of "1.1"; an item "III" after the
            # items "1 … 7" of group II (an item numbered like its group's first row stays in the group)
            del stack[kinds.index(kind):]
        elif entry["group"] and kind == "none" and stack and stack[-1][0] == "none":
            stack.pop()
        parent = stack[-1][1] if stack else None
        level = len(stack)
        if entry.get("merged"):
            (parent["dong"] if parent is not None else top).append(entry["row"])
            continue
        if parent is not None:
            children_kinds.setdefault(id(parent), kind)
        levels.setdefault(level, kind)
        if entry["group"]:
            group = entry["row"]
            group["dong"] = []
            (parent["dong"] if parent is not None else top).append(group)
            stack.append((kind, group))
            groups_in_order.append((group, level))
        else:
            (parent["dong"] if parent is not None else top).append(entry["row"])
            if kind == "arabic":
                items_numbers.append((id(parent) if parent is not None else 0, entry["label"].strip()))
    keys: dict = {}
    depth = max(levels) + 1 if levels else 0
    danh_so = [numbering_of(levels.get(n, "none")) for n in range(depth)]
    for group, level in groups_in_order:
        mine = children_kinds.get(id(group))
        if mine is not None and numbering_of(mine) != danh_so[min(level + 1, depth - 1)]:
            group["danh_so"] = numbering_of(mine)
            group["dong"] = group.pop("dong")  # the rows last, after the group's own keys
    if groups_in_order and danh_so != DEFAULT_GROUPED[:len(danh_so)]:
        keys["danh_so"] = danh_so
    elif not groups_in_order and danh_so and danh_so != ["so"]:
        keys["danh_so"] = danh_so
    # numbers running on across groups: the numbered items read 1, 2, 3 … through two groups or more
    parents = {parent for parent, _ in items_numbers}
    if len(parents) > 1 and [label for _, label in items_numbers] == [str(n) for n in
                                                                      range(1, len(items_numbers) + 1)]:
        keys["stt_lien_tuc"] = True
    return top, keys
