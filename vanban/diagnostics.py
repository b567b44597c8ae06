"""Errors as data.

A :class:`Diagnostic` is one finding about an input: a stable code, a severity, a Vietnamese
message, the YAML path and the ``file:line:col`` where it points. Loaders and checkers collect
them all and report once. :class:`UserError` carries diagnostics about the user's input;
:class:`InternalError` is a bug in vanban and is reported differently by the CLI.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return {"error": "lỗi", "warning": "cảnh báo"}[self.value]


@dataclass(frozen=True)
class Position:
    """A place in a source file; ``line`` and ``col`` count from 1."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


def format_path(path: tuple) -> str:
    """A YAML path as users read it: ``("noi_dung", 2, "khoan", 0)`` → ``noi_dung[2].khoan[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: Severity
    message: str
    path: str = ""
    position: Position | None = None
    hint: str = ""

    def format(self) -> str:
        where = str(self.position) if self.position else "?"
        path = f" [{self.path}]" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}: {self.severity.label} {self.code}{path}: {self.message}{hint}"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        if self.position:
            data["position"] = {"file": self.position.file, "line": self.position.line, "col": self.position.col}
        return data


@dataclass
class Diagnostics:
    """An ordered collection of findings about one input."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def sorted(self) -> list[Diagnostic]:
        def key(d: Diagnostic):
            pos = d.position or Position("")
            return (pos.file, pos.line, pos.col, d.code)

        return sorted(self.items, key=key)

    def to_json(self) -> str:
        return json.dumps([d.to_dict() for d in self.sorted()], ensure_ascii=False, indent=2)


class VanbanError(Exception):
    """Base class of every exception vanban raises on purpose."""


class UserError(VanbanError):
    """The input is wrong; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class InternalError(VanbanError):
    """A bug in vanban itself (never the user's fault)."""
