"""Property-based tests of the spec entry point: generated and mutated specs never crash vanban.

Invariants, for any bytes given as a spec:
- loading never raises; it returns a document, or coded diagnostics pointing into the input;
- a document that loads renders to a .docx that re-opens, holds only XML-legal text in NFC, and the
  formatting the decree requires (Times New Roman, A4) is still there;
- the CLI exits 0 with the file written, or 1 with diagnostics and no file; never a traceback.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import yaml
from hypothesis import given, strategies as st

from vanban import ooxml
from vanban.cli import main as cli_main
from vanban.render.docx import render_docx
from vanban import load

from conftest import outputs

ROOT = Path(__file__).resolve().parents[2]
SPECS = sorted((ROOT / "directives").glob("*.yaml"))
SPEC_TEXTS = [p.read_text(encoding="utf-8") for p in SPECS]
CODE = re.compile(r"^VB\d{3}$")

# --------------------------------------------------------------------------- strategies

#: Characters that have bitten text pipelines: combining marks, zero-width, bidi, XML-illegal controls,
#: surrogate-free astral characters, quotes and YAML indicators.
NASTY = st.sampled_from(
    ["\u0301", "\u0323", "\u0309", "\u200b", "\u200d", "\u2060", "\u202e", "\u2066", "\x00", "\x07", "\x1b",
     "\x0c", "\ufffe", "\t", "\r", "\r\n", "\ufeff", "𝕍", "😀", "\"", "'", ":", "- ", "#", "&a", "*a", "!!", "{",
     "[", "]", "}", "|", ">", "%", "@", "`", "\\", "ộ", "Đ", "o\u0302\u0323", "\u00ad"]
)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60) | NASTY


def _insert(text: str, pos: int, piece: str) -> str:
    pos = pos % (len(text) + 1)
    return text[:pos] + piece + text[pos:]


@st.composite
def text_mutation(draw) -> bytes:
    """A seed spec with one or more edits of its text or its encoding."""
    text = draw(st.sampled_from(SPEC_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "dup_line", "drop_line", "nfd", "crlf", "tabs", "truncate",
                                     "long"]))
        pos = draw(st.integers(0, 10**6))
        if kind == "insert":
            text = _insert(text, pos, draw(TEXT))
        elif kind == "delete":
            start = pos % (len(text) + 1)
            text = text[:start] + text[start + draw(st.integers(1, 40)):]
        elif kind in ("dup_line", "drop_line"):
            lines = text.split("\n")
            i = pos % len(lines)
            lines[i:i + 1] = [lines[i]] * (2 if kind == "dup_line" else 0)
            text = "\n".join(lines)
        elif kind == "nfd":
            text = unicodedata.normalize("NFD", text)
        elif kind == "crlf":
            text = text.replace("\n", "\r\n")
        elif kind == "tabs":
            text = text.replace("  ", "\t", draw(st.integers(1, 3)))
        elif kind == "truncate":
            text = text[: pos % (len(text) + 1)]
        else:
            text = _insert(text, pos, "x" * draw(st.sampled_from([100, 5000, 25000])))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


def _values(draw):
    return draw(st.one_of(
        TEXT, st.integers(-10**12, 10**12), st.none(), st.booleans(), st.floats(allow_nan=True),
        st.lists(TEXT, max_size=3), st.dictionaries(TEXT, TEXT, max_size=2),
    ))


@st.composite
def data_mutation(draw) -> bytes:
    """A seed spec parsed, with keys dropped, duplicated, renamed or retyped, and dumped back."""
    data = yaml.safe_load(draw(st.sampled_from(SPEC_TEXTS)))
    for _ in range(draw(st.integers(1, 4))):
        target = data
        path_keys = []
        while isinstance(target, (dict, list)) and target and draw(st.booleans()):
            keys = list(target.keys()) if isinstance(target, dict) else list(range(len(target)))
            key = draw(st.sampled_from(keys))
            if not isinstance(target[key], (dict, list)):
                break
            path_keys.append(key)
            target = target[key]
        if not isinstance(target, (dict, list)) or not target:
            continue
        keys = list(target.keys()) if isinstance(target, dict) else list(range(len(target)))
        key = draw(st.sampled_from(keys))
        op = draw(st.sampled_from(["drop", "retype", "rename", "nest", "dup"]))
        if op == "drop":
            del target[key]
        elif op == "retype":
            target[key] = _values(draw)
        elif op == "rename" and isinstance(target, dict):
            target[draw(TEXT) or "x"] = target.pop(key)
        elif op == "nest":
            value = target[key]
            for _ in range(draw(st.integers(1, 60))):
                value = [value] if draw(st.booleans()) else {"noi_dung": [value]}
            target[key] = value
        elif op == "dup" and isinstance(target, list):
            target.extend([target[key]] * draw(st.integers(1, 50)))
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def alias_bomb(draw) -> bytes:
    width = draw(st.integers(2, 12))
    depth = draw(st.integers(2, 12))
    lines = ["a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for i in range(1, depth):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"trich_yeu: *a{depth - 1}")
    return ("\n".join(lines) + "\n").encode()


SPEC_BYTES = text_mutation() | data_mutation() | alias_bomb() | st.binary(max_size=400)

# --------------------------------------------------------------------------- invariants


def _check_loaded(raw: bytes):
    result = load(raw, name="fuzz.yaml")
    lines = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 2
    for d in result.diagnostics:
        assert CODE.match(d.code), d
        assert d.message and d.position is not None and d.position.file == "fuzz.yaml", d
        assert 0 <= d.position.line <= lines, d
    if result.document is None:
        assert result.diagnostics.errors, "no document and no error"
    return result


def _check_docx(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        root = ooxml.parse_xml(zf.read("word/document.xml"))
        sheet = ooxml.StyleSheet(ooxml.parse_xml(zf.read("word/styles.xml")))
    for p in ooxml.body_paragraphs(root):
        text = ooxml.paragraph_text(p)
        assert unicodedata.is_normalized("NFC", text)
        for run in ooxml.text_runs(p):
            fonts = sheet.run_props(p, run)["fonts"]
            assert set(fonts.values()) == {"Times New Roman"}
    size = root.find(f".//{ooxml.qn('w:pgSz')}")
    assert (size.get(ooxml.qn("w:w")), size.get(ooxml.qn("w:h"))) == ("11906", "16838")


#: With VANBAN_FUZZ_PROGRESS=FILE the long campaign writes "<cases> <documents rendered>" there every
#: 500 cases, so a campaign that runs for hours can be followed (and counted if it is stopped).
_PROGRESS = os.environ.get("VANBAN_FUZZ_PROGRESS")
_counts = {"cases": 0, "rendered": 0}


def _tick(rendered: bool) -> None:
    _counts["cases"] += 1
    _counts["rendered"] += rendered
    if _PROGRESS and _counts["cases"] % 500 == 0:
        Path(_PROGRESS).write_text(f"{_counts['cases']} {_counts['rendered']}\n")


@given(SPEC_BYTES)
def test_loading_and_rendering_never_crash(raw):
    result = _check_loaded(raw)
    if result.ok:
        _check_docx(render_docx(result.document))
    _tick(result.ok)


@given(text_mutation() | data_mutation())
def test_cli_exits_0_with_a_file_or_1_without_one(tmp_path_factory, raw):
    work = tmp_path_factory.mktemp("fuzz")
    spec = work / "thu.yaml"
    spec.write_bytes(raw)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli_main(["build", str(spec), "-o", str(work / "out")])
    assert "Traceback" not in err.getvalue()
    assert code in (0, 1), err.getvalue()
    produced = outputs(work / "out") if (work / "out").exists() else []
    if code == 0:
        assert produced == ["thu.docx"]
        _check_docx((work / "out" / "thu.docx").read_bytes())
    else:
        assert produced == [], produced
        assert err.getvalue().strip()
