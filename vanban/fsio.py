"""Atomic file output: write to a temporary file beside the target, then rename.

A reader (or a run killed half-way) never sees a half-written file at the final name.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity


def write_atomic(path: str | Path, data: bytes) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def expand_inputs(targets: list[str], suffixes: tuple[str, ...], *, code: str = "VB106",
                  empty: str = "thư mục không có tệp đặc tả .yaml",
                  skip_hidden: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Files named on the command line; a directory stands for its files with one of ``suffixes``.

    Missing paths and directories without such files are returned as diagnostics (``code``)."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    for target in targets:
        path = Path(target)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if p.suffix.lower() in suffixes
                               and not (skip_hidden and p.name.startswith(("~$", "."))))
            except OSError as exc:
                problems.append(Diagnostic(code, Severity.ERROR, f"không đọc được thư mục: {exc.strerror or exc}", "",
                                           Position(str(path))))
                continue
            special = [p for p in found if p.exists() and not p.is_file() and not p.is_dir()]
            for p in special:  # a FIFO or device named like an input: reported, never opened
                problems.append(Diagnostic("VB115", Severity.ERROR, "không phải tệp thường (FIFO, socket hoặc thiết "
                                           "bị); không đọc", "", Position(str(p))))
            found = [p for p in found if p.is_file()]
            if not found and not special:
                problems.append(Diagnostic(code, Severity.ERROR, empty, "", Position(str(path))))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Diagnostic("VB115", Severity.ERROR, "không phải tệp thường (FIFO, socket hoặc thiết bị); "
                                       "không đọc", "", Position(str(path))))
        else:
            problems.append(Diagnostic(code, Severity.ERROR, "không tìm thấy tệp hoặc thư mục", "",
                                       Position(str(path))))
    return files, problems
