"""The spec as YAML text: our own small emitter of the simplest form the spec language has.

Plain scalars wherever YAML reads them back as the same string (quoted, as JSON-style double-quoted
scalars, only when a plain one would be read otherwise: a trailing ":", ": " or " #" inside, a leading
indicator, something YAML 1.1 takes for a number, a date or a boolean); long texts wrapped at word
boundaries (a folded line reads back as one space). A value may carry a note: it is written after
it as a ``# ?`` comment, where the importer had to guess.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from typing import Any

#: Width of the lines the emitter wraps long texts at (the width of the specs in directives/).
WIDTH = 110


@dataclass(frozen=True)
class Noted:
    """A value with a note written after it as ``# ? note`` (what was guessed, and from what)."""

    value: Any
    note: str


class Digits(str):
    """A number written exactly as its digits, leading zeros kept (``so: 0129``): vanban reads it as the number
    and prints it as written."""


#: Scalars YAML 1.1 (PyYAML's resolver) reads as something else than a string.
_NOT_A_STRING = re.compile(
    r"[-+]?(\d[\d_]*)?(\.[\d_]*)?([eE][-+]?\d+)?|[-+]?\d[\d_]*(:[0-5]?\d)+(\.[\d_]*)?|0x[\da-fA-F_]+|0b[01_]+"
    r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES"
    r"|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|=|<<|\d{4}-\d\d?-\d\d?([Tt ].*)?")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


def is_plain(text: str) -> bool:
    """Whether ``text`` can be written as a plain scalar and read back as the same string."""
    if not text or text != text.strip() or _NOT_A_STRING.fullmatch(text):
        return False
    if text[0] in _INDICATORS and not (text[0] in "-?:" and len(text) > 1 and text[1] not in " \t"):
        return False
    if text[0] in "-?:" and (len(text) == 1 or text[1] in " \t"):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    return all(ch >= " " and ch not in "\x7f\u2028\u2029\ufeff\x85" for ch in text)


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Digits):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) else repr(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value)
    return text if is_plain(text) else json.dumps(text, ensure_ascii=False)


def _wrapped(text: str, first: int, indent: int) -> list[str]:
    """``text`` (a scalar as written) broken at single spaces into lines: the first of at most
    ``WIDTH - first`` characters, the others indented by ``indent``."""
    if len(text) + first <= WIDTH or "  " in text or text.startswith('"') and "\\" in text:
        return [text]
    words = text.split(" ")
    lines, current, limit = [], "", WIDTH - first
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current, limit = word, WIDTH - indent
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return [lines[0]] + [" " * indent + line for line in lines[1:]]


def _note(value: Any) -> tuple[Any, str]:
    if isinstance(value, Noted):
        return value.value, f"  # ? {value.note}"
    return value, ""


def _is_flow_list(value: Any) -> bool:
    """Short lists of short texts are written inline: ``luu: [VT, KGVX]``."""
    return (isinstance(value, list) and 0 < len(value) <= 6 and all(
        isinstance(v, str) and is_plain(v) and not set(v) & set(",[]{}") for v in value)
        and sum(len(v) + 2 for v in value) <= 40)


def emit_mapping(mapping: dict, indent: int = 0, first_prefix: str | None = None) -> list[str]:
    lines: list[str] = []
    for n, (key, raw) in enumerate(mapping.items()):
        value, note = _note(raw)
        lead = first_prefix if (n == 0 and first_prefix is not None) else " " * indent
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:{note}")
            lines += emit_mapping(value, indent + 2)
        elif isinstance(value, list) and _is_flow_list(value):
            lines.append(f"{lead}{key}: [{', '.join(value)}]{note}")
        elif isinstance(value, list):
            lines.append(f"{lead}{key}:{note}")
            lines += emit_sequence(value, indent + 2)
        else:
            text = scalar(value)
            first = len(lead) + len(key) + 2
            wrapped = _wrapped(text, first, indent + 2)
            wrapped[-1] += note
            lines.append(f"{lead}{key}: {wrapped[0]}")
            lines += wrapped[1:]
    return lines


def emit_sequence(items: list, indent: int) -> list[str]:
    lines: list[str] = []
    for raw in items:
        value, note = _note(raw)
        lead = " " * indent + "- "
        if isinstance(value, dict):
            sub = emit_mapping(value, indent + 2, first_prefix=lead)
            if note:
                sub[0] += note
            lines += sub
        elif isinstance(value, list):
            lines.append(lead.rstrip() + note)
            lines += emit_sequence(value, indent + 2)
        else:
            wrapped = _wrapped(scalar(value), len(lead), indent + 2)
            wrapped[-1] += note
            lines.append(lead + wrapped[0])
            lines += wrapped[1:]
    return lines


def emit(mapping: dict, header: list[str] = ()) -> str:
    """The YAML text of a spec: ``header`` comment lines, then the keys in the order given."""
    lines = [f"# {line}" if line else "#" for line in header]
    lines += emit_mapping(mapping)
    return "\n".join(lines) + "\n"
