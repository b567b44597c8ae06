"""The command line turns glibc's fast bins off (vanban/heap.py; issue 13, point 13): the blocks of a freed .docx
tree are merged as they are freed, not in a half-second stall at the next large allocation (measured by
``bench/bench_linear.py``: the stalls showed in reading the workbooks' pipe and in writing the set)."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from conftest import DIRECTIVES, ROOT


def _glibc() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "mallinfo2")
    except (OSError, TypeError):  # no CDLL(None) on Windows
        return False


@pytest.mark.skipif(not _glibc(), reason="not glibc")
def test_glibc_accepts_the_setting():
    proc = subprocess.run([sys.executable, "-c", "from vanban import heap; print(heap.free_promptly())"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "True", proc.stderr


def test_the_command_line_sets_it_and_the_python_api_does_not(monkeypatch):
    import vanban
    from vanban import heap
    from vanban.cli import main

    calls = []
    monkeypatch.setattr(heap, "free_promptly", lambda: calls.append(1) or True)
    vanban.load(DIRECTIVES / "003-thai-binh-bluezone.yaml")
    assert not calls  # an application keeps its allocator as it set it
    assert main(["text", str(DIRECTIVES / "003-thai-binh-bluezone.yaml")]) == 0
    assert calls == [1]
