"""vanban: Vietnamese official documents (văn bản hành chính) from YAML specs, per Nghị định 30/2020/NĐ-CP.

The Python API (the same pipeline as the ``vanban`` command)::

    import vanban

    result = vanban.load("cong-van.yaml")            # document + diagnostics, never raises for a bad spec
    if result.ok:
        docx = vanban.render_docx(result.document)   # bytes of the .docx
    findings = vanban.check("cong-van.yaml")         # the rules of the decree, with file:line:col
    changes = vanban.diff("cu.yaml", "moi.yaml")     # what changed, part by part
    built = vanban.build("cong-van.yaml", vanban.BuildOptions(output="out", pdf=True))

Names are imported on first use, so ``import vanban`` is cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .version import __version__

#: Public name → module that defines it.
_API = {
    "load": "vanban.app", "render_docx": "vanban.app", "render_text": "vanban.app", "build": "vanban.app",
    "build_many": "vanban.app", "check": "vanban.app", "check_paths": "vanban.app", "diff": "vanban.app",
    "redline": "vanban.app", "output_settings": "vanban.app", "import_docx": "vanban.app", "preview": "vanban.app", "collect": "vanban.app", "BuildOptions": "vanban.app",
    "BuildResult": "vanban.app", "CheckReport": "vanban.app", "LoadResult": "vanban.spec.loader",
    "Document": "vanban.model", "Diagnostic": "vanban.diagnostics", "Diagnostics": "vanban.diagnostics",
    "Severity": "vanban.diagnostics", "UserError": "vanban.diagnostics",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str):
    if name in _API:
        value = getattr(import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vanban' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from .app import (BuildOptions, BuildResult, CheckReport, build, build_many, check, check_paths, collect, import_docx,
                      diff, load, output_settings, preview, redline, render_docx, render_text)
    from .diagnostics import Diagnostic, Diagnostics, Severity, UserError
    from .model import Document
    from .spec.loader import LoadResult
