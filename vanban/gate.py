"""One gate for every untrusted input (cổng kiểm tra dữ liệu đầu vào).

Specs, registries (danh bạ), data tables (bảng số liệu), returned forms, Word templates and .docx files to
check are read through :func:`read_input`: a regular file only (a FIFO, a device or a folder is refused
before it is opened for reading, so nothing blocks), within a size limit, with every OS error as a coded
diagnostic naming the path. Every text that reaches a document (a spec value, a registry name, a data-table
cell, a cell of a returned form) is checked by :func:`text_problems` the same way: characters a .docx cannot
hold (VB107) and bidirectional controls (VB109) are refused, zero-width characters warned (VB108). Text
written into spreadsheets or CSV is kept from being read as a formula (:func:`neutralise_csv`,
:func:`set_text`), as OWASP recommends against CSV/formula injection.

Vanban's texts are Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP, Điều 8: the text of a
document is exactly what it says; nothing may make it read differently).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity

#: Characters a .docx (XML 1.0) cannot hold.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Invisible characters that change how text is read or matched (zero-width).
INVISIBLE = re.compile("[\u200b-\u200d\u2060\u00ad]")
#: Bidirectional controls: they can make "001.5" show as "5.100".
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")

#: Suffixes of Office files with macros: never read as a spec, a template or a form.
MACRO_SUFFIXES = (".docm", ".dotm", ".xlsm", ".xltm")


class InputRefused(Exception):
    """An input the gate refused; :meth:`diagnostic` gives the coded error naming the path."""

    def __init__(self, code: str, message: str, path: str | os.PathLike, hint: str = ""):
        self.code, self.message, self.path, self.hint = code, message, str(path), hint
        super().__init__(f"{code}: {path}: {message}")

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, Severity.ERROR, self.message, "", Position(self.path), self.hint)


def os_reason(exc: OSError) -> str:
    """An OS error in a clerk's words (Vietnamese)."""
    reasons = {
        errno.ENOENT: "không tìm thấy tệp", errno.EACCES: "không có quyền đọc", errno.EPERM: "không có quyền đọc",
        errno.EISDIR: "đây là một thư mục, không phải tệp", errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục", errno.ELOOP: "liên kết vòng",
        errno.EIO: "lỗi đọc đĩa",
    }
    return reasons.get(exc.errno, exc.strerror or str(exc))


def read_input(path: str | os.PathLike, limit: int, *, code: str, what: str = "tệp",
               size_code: str | None = None) -> bytes:
    """The bytes of an untrusted input file, or :class:`InputRefused`.

    The file is opened non-blocking and checked with ``fstat`` on the open descriptor (no race between
    a check and the read): only a regular file is read (VB115 for a FIFO, socket, device or folder); a
    file over ``limit`` bytes is refused (``size_code``, default ``code``) before it is read, and at most
    ``limit + 1`` bytes are ever read (a file that grows while read is refused too). A file that cannot
    be opened or read is ``code``."""
    size_code = size_code or code
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputRefused(code, f"không đọc được {what}: {os_reason(exc)}", path) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "thư mục" if stat.S_ISDIR(info.st_mode) else "FIFO, socket hoặc thiết bị"
            raise InputRefused("VB115", f"{what} không phải tệp thường ({kind}); không đọc", path,
                               "chỉ đưa vào tệp thường")
        if info.st_size > limit:
            raise InputRefused(size_code, f"{what} quá lớn ({_size(info.st_size)}; tối đa {_size(limit)})", path)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputRefused(size_code, f"{what} quá lớn (tối đa {_size(limit)})", path)
        return b"".join(chunks)
    except OSError as exc:
        raise InputRefused(code, f"không đọc được {what}: {os_reason(exc)}", path) from None
    finally:
        os.close(fd)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n} byte"


def is_regular(path: str | os.PathLike) -> bool:
    """A regular file (following symlinks), without opening it; ``False`` when it cannot be seen."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def macro_refusal(path: str | os.PathLike, code: str) -> InputRefused | None:
    """A macro-enabled Office file (``.docm`` …) named where a spec, template or form is expected."""
    suffix = Path(path).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        return InputRefused(code, f"tệp {suffix} chứa macro; vanban không đọc loại tệp này", path,
                            f"lưu lại thành {'.xlsx' if suffix.startswith('.x') else '.docx'} (không macro) rồi "
                            "dùng tệp đó")
    return None


# --------------------------------------------------------------------------- text that reaches a document


def text_problems(value: str) -> list[tuple[str, Severity, str]]:
    """The problems of one text as (code, severity, message): the same rules for specs, registries,
    data tables and returned forms (VB107 illegal control, VB109 bidi control, VB108 zero-width)."""
    out = []
    for match in XML_ILLEGAL.finditer(value):
        out.append(("VB107", Severity.ERROR,
                    f"ký tự điều khiển U+{ord(match.group()):04X} không được phép trong văn bản"))
    for match in BIDI.finditer(value):
        out.append(("VB109", Severity.ERROR, f"ký tự điều khiển hướng chữ U+{ord(match.group()):04X} có thể làm văn "
                                             "bản hiển thị khác với nội dung thật"))
    for match in INVISIBLE.finditer(value):
        out.append(("VB108", Severity.WARNING, f"ký tự vô hình U+{ord(match.group()):04X} trong văn bản"))
    return out


# --------------------------------------------------------------------------- formulas in spreadsheets and CSV

#: Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv(value: str) -> str:
    """A text for a CSV cell that Excel or LibreOffice will not read as a formula: a leading ``'`` before
    ``= + - @``, tab or CR (OWASP). Other texts are unchanged."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def set_formula(cell, formula: str) -> None:
    """One of vanban's own formulas (a computed column, a total) into an openpyxl cell: recorded, so that
    :func:`formulas_as_text` keeps it and only it as a formula."""
    cell.value = formula
    vars(cell.parent).setdefault("_vanban_formulas", set()).add(cell.coordinate)


def formulas_as_text(workbook, more_cells=None) -> int:
    """Before a workbook is saved: every cell openpyxl took for a formula (a string starting with "=")
    that vanban did not write with :func:`set_formula` becomes a text cell with Excel's "'" prefix, so a
    value typed by someone else (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``) is never recalculated when the
    workbook is opened. ``more_cells(ws)`` gives the cells of a sheet kept outside it (a form's item rows,
    :mod:`vanban.forms.rowwriter`). Returns how many cells were changed."""
    changed = 0
    for ws in workbook.worksheets:
        ours = vars(ws).get("_vanban_formulas", set())
        cells = list(ws._cells.values())  # the cells that exist (iter_rows would create every empty one)
        if more_cells is not None:
            cells += more_cells(ws)
        for cell in cells:
            if cell.data_type == "f" and cell.coordinate not in ours:
                cell.data_type = "s"
                cell.quotePrefix = True
                changed += 1
    return changed


def set_text(cell, value) -> None:
    """Put ``value`` into an openpyxl cell; a string is always a text cell, never a formula (openpyxl
    reads a string starting with "=" as one). A string a spreadsheet would read as a formula gets
    Excel's own text prefix (``quotePrefix``, the "'" of a typed cell), so editing it keeps it text."""
    cell.value = value
    if isinstance(value, str):
        if cell.data_type == "f":
            cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
