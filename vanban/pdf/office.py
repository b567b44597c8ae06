"""Finding LibreOffice, the Python that can drive it over UNO, and poppler's pdftoppm.

PDF is the form in which văn bản điện tử are signed digitally and sent between agencies (Nghị định 30,
Điều 5 and Phụ lục I §7 of ``shared/nd30.md``). vanban makes the PDF by letting LibreOffice lay out the
.docx it rendered; nothing else in vanban needs LibreOffice, so it is looked up only when asked for.

Missing tools are user-facing errors (coded diagnostics with the ``apt-get`` line that installs them):

- ``VB801`` LibreOffice (``soffice``) not found;
- ``VB802`` LibreOffice found but no Python with its ``uno`` module (Debian: ``python3-uno``);
- ``VB803`` ``pdftoppm`` (poppler-utils) not found, for ``vanban preview``.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, Position, Severity, UserError

APT_PACKAGES = "libreoffice-writer-nogui fonts-liberation2 poppler-utils python3-uno"
INSTALL_HINT = f"cài bằng: sudo apt-get install {APT_PACKAGES}"

#: Where LibreOffice lives when ``soffice`` is not on PATH (Debian/Ubuntu, TDF builds, macOS).
_SOFFICE_CANDIDATES = (
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice*/program/soffice",
    "/usr/local/lib/libreoffice/program/soffice",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


@dataclass(frozen=True)
class Office:
    """An installed LibreOffice: the binary to start and a Python that can ``import uno``."""

    soffice: Path  # the real program (``program/soffice.bin`` where it exists), started directly
    python: Path


def _executable(path: str | Path) -> Path | None:
    p = Path(path)
    return p if p.is_file() and os.access(p, os.X_OK) else None


def find_soffice() -> Path | None:
    """The LibreOffice program: ``$VANBAN_SOFFICE`` if set, else ``soffice``/``libreoffice`` on PATH or
    in the usual places.

    The shell wrapper ``soffice`` is resolved to ``program/soffice.bin`` beside it, which the pool starts
    itself: then LibreOffice is a direct child of vanban (no launcher process in between that could be
    orphaned) and a whole worker is killed by its process group.
    """
    env = os.environ.get("VANBAN_SOFFICE")
    if env is not None:  # set: only this one (empty: "no LibreOffice")
        candidates = [env]
    else:
        candidates = [shutil.which("soffice"), shutil.which("libreoffice")]
        for pattern in _SOFFICE_CANDIDATES:
            candidates += sorted(glob.glob(pattern))
    for candidate in candidates:
        if not candidate:
            continue
        path = _executable(candidate)
        if path is None:
            continue
        real = path.resolve()
        binary = _executable(real.parent / "soffice.bin")
        return binary or real
    return None


def _python_candidates(soffice: Path) -> list[Path]:
    names = [os.environ.get("VANBAN_UNO_PYTHON"), sys.executable, "/usr/bin/python3"]
    # LibreOffice's own Python (TDF builds, Windows, macOS) sits beside the program.
    names += [str(soffice.parent / "python"), str(soffice.parent.parent / "Resources" / "python")]
    names += [shutil.which("python3")]
    seen: list[Path] = []
    for name in names:
        if name and (path := _executable(name)) and path not in seen:
            seen.append(path)
    return seen


def _can_import_uno(python: Path) -> bool:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    try:
        result = subprocess.run([str(python), "-c", "import uno"], stdin=subprocess.DEVNULL,
                                capture_output=True, timeout=30, env=env)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0


@functools.lru_cache(maxsize=None)
def _find_office(soffice: Path | None) -> Office | Diagnostic:
    if soffice is None:
        return Diagnostic("VB801", Severity.ERROR,
                          "không tìm thấy LibreOffice, cần có để xuất PDF và xem trước trang", "",
                          Position("soffice"), INSTALL_HINT)
    for python in _python_candidates(soffice):
        if _can_import_uno(python):
            return Office(soffice, python)
    return Diagnostic("VB802", Severity.ERROR,
                      "có LibreOffice nhưng không có Python nào nạp được mô-đun `uno` để điều khiển nó",
                      "", Position(str(soffice)), "cài bằng: sudo apt-get install python3-uno")


def find_office() -> Office:
    """The installed LibreOffice, or :class:`UserError` VB801/VB802 saying how to install it."""
    found = _find_office(find_soffice())
    if isinstance(found, Diagnostic):
        raise UserError([found])
    return found


def find_pdftoppm() -> Path:
    """poppler's ``pdftoppm`` (PDF page → PNG), or :class:`UserError` VB803."""
    path = os.environ["VANBAN_PDFTOPPM"] if "VANBAN_PDFTOPPM" in os.environ else shutil.which("pdftoppm")
    if not path or not _executable(path):
        raise UserError([Diagnostic("VB803", Severity.ERROR,
                                    "không tìm thấy pdftoppm (poppler-utils), cần có để xuất ảnh trang", "",
                                    Position("pdftoppm"), "cài bằng: sudo apt-get install poppler-utils")])
    return Path(path)


def available() -> bool:
    """True when ``--pdf`` can work here (LibreOffice and a Python with ``uno``)."""
    return not isinstance(_find_office(find_soffice()), Diagnostic)

