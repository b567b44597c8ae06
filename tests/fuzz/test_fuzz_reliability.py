"""Fuzzing the cases of issue 13: deep flow nesting (with tags and anchors between the brackets), templates with
arithmetic and loops, control and bidi characters in data tables and registries, zip headers of other versions.

Invariants: nothing raises, problems are coded diagnostics with a position; a deeply nested file is VB105 (never a
crash of the C parser); a template is never evaluated when checked and is refused within its limits when filled;
a damaged zip header is a VB7xx error."""

from __future__ import annotations

import re

from hypothesis import given, strategies as st

from vanban import load, ooxml
from vanban.copies.data import load_table
from vanban.copies.templating import MissingField, TemplateLimit, check_template, render
from vanban.diagnostics import Position
from vanban.registry import load_registry

from conftest import DIRECTIVES

CODE = re.compile(r"^VB\d{3}$")
SPEC = (DIRECTIVES / "003-thai-binh-bluezone.yaml").read_text(encoding="utf-8")
CONTROLS = st.sampled_from(["\x01", "\x0b", "\x1f", "\u202e", "\u2066", "\u200b", "\ufeff", "\x7f", "\x00"])


def _coded(diags) -> None:
    for d in diags:
        assert CODE.match(d.code), d
        assert d.message and d.position is not None, d


@given(st.integers(41, 30_000), st.sampled_from(["[", "{a: ", "[!!seq ", "[&a ", "[? ", "[a: ", "{? "]),
       st.sampled_from(["noi_dung: ", "kinh_gui: ", "x: "]))
def test_deep_flow_nesting_is_coded(depth, opener, key):
    result = load(SPEC.replace("noi_nhan:", key + opener * depth + "\nnoi_nhan:", 1), name="sau.yaml")
    assert not result.ok
    _coded(result.diagnostics)
    assert {d.code for d in result.diagnostics.errors} & {"VB105", "VB101"}


ARITH = st.sampled_from(["'x' * 10**9", "7**123456789", "(2**300)", "'ab' * so_lieu.n", "so_lieu.n ** so_lieu.n",
                         "-so_lieu.n * 10**80", "so_lieu.n // 0", "'a' + 'b' * 30000", "[1] * 10**8", "so_lieu.n % 7"])


@given(st.lists(ARITH, min_size=1, max_size=3), st.integers(0, 3), st.integers(-10, 10**6))
def test_templates_with_arithmetic_and_loops_stay_bounded(terms, loops, n):
    body = "{{ " + " ~ ".join(f"({t})" for t in terms) + " }}"
    for _ in range(loops):
        body = "{% for i in 'x' * 50 %}" + body + "{% endfor %}"
    assert check_template(body, "p", Position("f", 1, 1)) == []  # nothing evaluated at load
    try:
        out = render(body, {"so_lieu": {"n": n}})
    except (TemplateLimit, MissingField, ZeroDivisionError, TypeError, ValueError, OverflowError):
        return
    assert len(out) <= 100_000


@given(st.lists(st.lists(st.text(max_size=12) | CONTROLS.map(lambda c: f"a{c}b"), min_size=2, max_size=4),
                min_size=1, max_size=6))
def test_control_characters_in_data_tables_are_refused_or_clean(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("so-lieu") / "so-lieu.csv"
    text = "ma,cot\n" + "\n".join(",".join(c.replace(",", " ").replace("\n", " ").replace("\r", " ").replace('"', " ")
                                           for c in row) for row in rows)
    path.write_bytes(text.encode("utf-8", errors="replace"))
    table, diags = load_table(path)
    _coded(diags)
    if table is not None:
        for values in table.rows.values():
            for value in values.values():
                if isinstance(value, str):
                    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", value)


@given(CONTROLS, st.sampled_from(["raw", "escape"]), st.sampled_from(["ten", "ten_ngan", "thu_truong"]))
def test_control_characters_in_registries_are_refused(tmp_path_factory, char, form, field):
    value = char if form == "raw" else f"\\u{ord(char):04x}"
    path = tmp_path_factory.mktemp("danh-ba") / "danh-ba.yaml"
    path.write_bytes(f'danh_ba: x\nnoi_nhan:\n  a-b:\n    ten: "Ủy ban"\n    {field}: "A{value}B"\n'
                     .replace('ten: "Ủy ban"\n    ten:', "ten:").encode("utf-8"))
    registry, diags = load_registry(path)
    _coded(diags)
    if char not in ("\u200b", "\ufeff", "\x7f"):
        assert diags.errors, char


DOCX = ooxml.write_package([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")])


@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF), st.sampled_from([4, 6, 8, 10]))
def test_zip_headers_of_any_version_and_flags_are_coded(version, flags, offset):
    data = bytearray(DOCX)
    at = data.find(b"PK\x01\x02")
    field = at + offset
    data[field:field + 2] = (version if offset in (4, 6) else flags).to_bytes(2, "little")
    try:
        package = ooxml.open_package(bytes(data))
        package.read("word/document.xml")
    except ooxml.PackageError as exc:
        assert CODE.match(exc.code)
