"""Numbers are never duplicated or skipped under concurrent clerks (Điều 15.3): ≥ 20 processes × ≥ 1,000
allocations against SQLite and against a real PostgreSQL server started on loopback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vanban.issuing.register import open_register
from vanban.issuing.settings import Settings

from .pgserver import PgServer

HERE = Path(__file__).resolve().parent
CLERKS, EACH = 20, 50  # 1,000 numbers


def _race(where: str) -> list[int]:
    procs = [subprocess.Popen([sys.executable, str(HERE / "allocate.py"), where, str(EACH), f"clerk{c}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in range(CLERKS)]
    numbers = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
        numbers += [int(line) for line in out.split()]
    return numbers


def _assert_no_gap_no_duplicate(numbers: list[int], settings: Settings) -> None:
    total = CLERKS * EACH
    assert len(numbers) == total
    assert sorted(numbers) == list(range(1, total + 1))  # 0 duplicates, 0 gaps, from 01
    with open_register(settings) as register:
        stored = [e.number for e in register.entries(year=2026)]
    assert stored == list(range(1, total + 1))


@pytest.mark.slow
def test_sqlite_twenty_clerks(tmp_path):
    path = tmp_path / "so.sqlite"
    _assert_no_gap_no_duplicate(_race(str(path)), Settings(register_file=path))


@pytest.mark.slow
def test_postgresql_twenty_clerks():
    server = PgServer()
    try:
        _assert_no_gap_no_duplicate(_race(server.url), Settings(register_url=server.url))
    finally:
        server.stop()
