"""`mau_word`: an office's own Word form named by a biểu mẫu or phụ lục, read and checked when the spec loads.

The file (a path relative to the spec's folder) goes through the same gate as ``--template``: a regular file
within 20 MB (:func:`vanban.gate.read_input`), no macro-enabled ``.docm``, the package limits of
:func:`vanban.ooxml.open_package` (zip bombs, entities), external attached-template links removed (VB705).
Its tags are then parsed as docxtpl fills them, by the checker the caller passes in (vanban's Jinja
sandbox, :func:`vanban.copies.word.check_word_form`): a tag that the spec and the data cannot provide is an
error now, with the YAML path of `mau_word` and its ``file:line:col``, not when a copy is written.

Codes: VB645 the file cannot be used (missing, not a .docx, too large, damaged); VB646 a tag that does not
parse; VB647 a tag reading a name the spec or the data cannot provide; VB650 content vanban cannot carry
into the letter (several sections, footnotes, charts …). VB648 (a field a recipient's data lacks) is
reported by the per-recipient run.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Callable

from .. import gate
from ..diagnostics import Severity
from ..model.forms import WordForm, letter_values

#: Largest Word form accepted (as ``--template``); the package limits of :mod:`vanban.ooxml` apply too.
MAX_WORD_FORM_BYTES = 20 * 1024 * 1024

#: Checks a form's tags: (package, du_lieu, van_ban) → ([(code, message, hint)], variables the tags read).
WordCheck = Callable[[bytes, dict, dict], tuple[list[tuple[str, str, str]], frozenset]]


def _typed(value):
    """A ``du_lieu`` value as the tags get it: a YAML date (``2020-08-20``, kept as text by vanban's YAML
    loader) is a date for the ``ngay`` filter; lists and mappings are converted inside."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    return value


def base_folder(spec_name: str) -> Path:
    """The folder a `mau_word` path is relative to: the spec's own (the working folder for YAML text)."""
    if spec_name.startswith("<") or not spec_name:
        return Path.cwd()
    return Path(spec_name).resolve().parent


def read_word_form(spec, path: tuple, reference, *, folder: Path, document, position, report,
                   check: WordCheck | None) -> WordForm | None:
    """The Word form of ``spec.mau_word`` (a biểu mẫu or phụ lục at YAML ``path``), or ``None`` after
    reporting why it cannot be used."""
    from .. import ooxml  # python-docx: imported by a spec that has a Word form, not by every load

    where = path + ("mau_word",)
    source = spec.mau_word
    file = Path(source) if Path(source).is_absolute() else folder / source

    def fail(code: str, message: str, hint: str = "") -> None:
        report(code, Severity.ERROR, f"mẫu Word `{source}`: {message}", where, hint)

    refused = gate.macro_refusal(file, "VB645")
    if refused is not None:
        fail("VB645", refused.message, refused.hint)
        return None
    if file.suffix.lower() != ".docx":
        fail("VB645", "không phải tệp .docx", "lưu mẫu trong Word dưới dạng .docx (Word Document)")
        return None
    try:
        data = gate.read_input(file, MAX_WORD_FORM_BYTES, code="VB645", what="mẫu Word")
        ooxml.open_package(data)
        data, removed = ooxml.strip_external_templates(data)
    except gate.InputRefused as exc:
        report("VB115" if exc.code == "VB115" else "VB645", Severity.ERROR, f"mẫu Word `{source}`: {exc.message}",
               where, exc.hint)
        return None
    except ooxml.PackageError as exc:
        fail("VB645", f"không dùng được ({exc.message})", "mở tệp trong Word và lưu lại dạng .docx")
        return None
    for target in removed:
        report("VB705", Severity.WARNING, f"mẫu Word `{source}`: đã bỏ liên kết tới mẫu đính kèm bên ngoài "
               f"`{target}` (Word sẽ mở nó mỗi lần mở văn bản)", where,
               "bỏ liên kết trong Word: Developer → Document Template")
    try:
        unsupported = ooxml.wordform.unsupported_content(data)
    except ooxml.wordform.WordFormError as exc:
        fail("VB645", f"không dùng được ({exc.message})", "mở tệp trong Word và lưu lại dạng .docx")
        return None
    for what in unsupported:
        fail("VB650", f"vanban không mang được {what} vào văn bản", "bỏ phần đó khỏi mẫu (hoặc đưa vào bảng, đoạn văn)")
    values = {name: _typed(value) for name, value in (spec.du_lieu or {}).items()}
    uses: frozenset = frozenset()
    if check is not None:
        problems, uses = check(data, values, letter_values(document, reference))
        for code, message, hint in problems:
            fail(code, message, hint)
    return WordForm(source=source, package=data, values=tuple(values.items()), uses=uses, path=where,
                    position=position)
