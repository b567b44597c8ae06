"""Minimal textual edits of a spec: the number and date that ``vanban cap-so`` writes into it.

The clerk's file is not re-serialised: only the values of ``so:`` and ``ngay:`` change (or their lines are
inserted where the starters put them), so comments, quoting and layout stay as they were and ``git diff``
shows two lines. Positions come from PyYAML's safe composer.
"""

from __future__ import annotations

import datetime as _dt

import yaml
from yaml.nodes import MappingNode, ScalarNode

from ..diagnostics import Diagnostic, Position, Severity, UserError

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def _refuse(name: str, message: str, line: int = 0, col: int = 0) -> UserError:
    return UserError([Diagnostic("VB405", Severity.ERROR, message, "", Position(name, line, col),
                                 "ghi `so:` và `ngay:` ở mức trên cùng của đặc tả, dạng khối (không dùng {…})")])


def set_number_and_date(text: str, number: int, date: _dt.date, *, name: str = "<spec>") -> str:
    """``text`` with ``so: <number>`` and ``ngay: <YYYY-MM-DD>``: the values replaced in place when the keys
    exist, else one line each inserted (``so`` before ``ky_hieu``, ``ngay`` after ``dia_danh``). VB405 when
    the spec's top level is not a block mapping or the values are not plain scalars."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise _refuse(name, f"không sửa được đặc tả: YAML không hợp lệ ({exc})") from None
    if not isinstance(root, MappingNode) or root.flow_style:
        raise _refuse(name, "không sửa được đặc tả: mức trên cùng không phải bảng dạng khối")
    pairs = [(k.value, k, v) for k, v in root.value if isinstance(k, ScalarNode)]
    index = {key: (k, v) for key, k, v in pairs}
    indent = root.value[0][0].start_mark.column if root.value else 0
    lines_start = _line_starts(text)
    edits: list[tuple[int, int, str]] = []
    for key, value, before in (("so", str(number), ("ky_hieu", "dia_danh", "ngay")),
                               ("ngay", date.isoformat(), None)):
        if key in index:
            knode, vnode = index[key]
            if not isinstance(vnode, ScalarNode) or vnode.style in ("|", ">"):
                raise _refuse(name, f"không sửa được `{key}`: giá trị không phải một giá trị đơn",
                              vnode.start_mark.line + 1, vnode.start_mark.column + 1)
            start, end = vnode.start_mark.index, vnode.end_mark.index
            if start == end or vnode.start_mark.line != knode.start_mark.line:  # `so:` with no value
                start = end = knode.end_mark.index + 1  # after the colon
                value = " " + value
                if vnode.start_mark.line != knode.start_mark.line:
                    raise _refuse(name, f"không sửa được `{key}`: giá trị nằm ở dòng khác",
                                  vnode.start_mark.line + 1, vnode.start_mark.column + 1)
            edits.append((start, end, value))
            continue
        line = f"{' ' * indent}{key}: {value}\n"
        if before is not None:
            anchor = next((index[b][0] for b in before if b in index), None)
            position = lines_start[anchor.start_mark.line] if anchor is not None else None
        else:
            position = None
            if "dia_danh" in index:
                keys = [k for _, k, _ in pairs]
                at = keys.index(index["dia_danh"][0])
                position = lines_start[keys[at + 1].start_mark.line] if at + 1 < len(keys) else None
        if position is None:  # at the end of the spec
            position = len(text)
            if text and not text.endswith("\n"):
                line = "\n" + line
        edits.append((position, position, line))
    out = text
    for start, end, value in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + value + out[end:]
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)
    starts.append(len(text))
    return starts
