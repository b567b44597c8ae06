"""Load a spec text in a test and read its diagnostics as a user sees them ("t.yaml:5:5: lỗi VB203 [so]: …").

One helper for the loader's tests (test_loader, test_types, test_prose, test_as_written, test_prose_traps …).
"""

from __future__ import annotations

from vanban.spec.loader import LoadResult, load_spec_text


def load_formatted(text: str, name: str = "t.yaml") -> tuple[LoadResult, list[str]]:
    """The :class:`LoadResult` of ``text`` and its diagnostics, formatted and in the order they are printed."""
    result = load_spec_text(text, name)
    return result, [d.format() for d in result.diagnostics.sorted()]


def formatted(text: str, name: str = "t.yaml") -> list[str]:
    """The diagnostics of ``text``, formatted and in the order they are printed."""
    return load_formatted(text, name)[1]
