"""Fuzzing the other entry points: registry files, per-recipient data tables, output file names.

Invariants: loading never raises, problems come back as coded diagnostics with a position in the file,
and a file name made from any recipient id stays a single safe name inside the run folder.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import given, strategies as st

from vanban.copies.batch import safe_filename
from vanban.copies.data import load_table
from vanban.registry import load_registry

from .test_fuzz_spec import NASTY, TEXT, _insert

ROOT = Path(__file__).resolve().parents[2]
REGISTRY_TEXT = (ROOT / "recipients" / "long-an-2020.yaml").read_text(encoding="utf-8")
CODE = re.compile(r"^VB\d{3}$")


@st.composite
def registry_bytes(draw) -> bytes:
    text = REGISTRY_TEXT
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, 10**6))
        kind = draw(st.sampled_from(["insert", "delete", "dup_line", "nfd", "crlf"]))
        if kind == "insert":
            text = _insert(text, pos, draw(TEXT))
        elif kind == "delete":
            start = pos % (len(text) + 1)
            text = text[:start] + text[start + draw(st.integers(1, 60)):]
        elif kind == "dup_line":
            lines = text.split("\n")
            i = pos % len(lines)
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif kind == "nfd":
            text = unicodedata.normalize("NFD", text)
        else:
            text = text.replace("\n", "\r\n")
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1"])), errors="replace")


def _coded(diags) -> None:
    for d in diags:
        assert CODE.match(d.code), d
        assert d.message and d.position is not None, d


@given(registry_bytes())
def test_registry_files_never_crash(tmp_path_factory, raw):
    folder = tmp_path_factory.mktemp("reg")
    (folder / "danh-ba.yaml").write_bytes(raw)
    registry, diags = load_registry(folder)
    _coded(diags)


@st.composite
def table_bytes(draw) -> bytes:
    header = draw(st.sampled_from(["ma,so_dan,ty_le", "ma;so_dan;ty_le", "ma,so_dan,ma", "", "so_dan,ty_le"]))
    rows = draw(st.lists(st.lists(TEXT | st.sampled_from(["1.234", "1,09%", "-5", "", "1e309", "=cmd|' /C calc'!A0"]),
                                  min_size=0, max_size=5), max_size=8))
    sep = "," if "," in header or not header else ";"
    text = header + "\n" + "\n".join(sep.join(cell.replace("\n", " ") for cell in row) for row in rows)
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"])), errors="replace")


@given(table_bytes())
def test_data_tables_never_crash(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("data") / "so-lieu.csv"
    path.write_bytes(raw)
    table, diags = load_table(path)
    _coded(diags)
    assert table is not None or diags.errors


@given(TEXT | st.text(max_size=400) | st.sampled_from(["..", "../../etc/passwd", "CON", "nul.txt", "a/b\\c", " .", "Ủy ban"]))
def test_any_recipient_id_gives_a_safe_file_name(name):
    safe = safe_filename(name)
    assert safe and safe not in (".", "..")
    assert "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert not safe.startswith(".")
    assert len(safe.encode("utf-8")) <= 255
    assert safe.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                              *(f"LPT{i}" for i in range(10))}
