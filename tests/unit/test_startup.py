"""Start-up: loading, `vanban text` and `vanban build` of a plain letter import only what they use.

Each case runs in a fresh interpreter (the process is the point: what one command imports) and lists the
modules it ended with; the time is measured by bench/bench_import.py, not here. A letter that does use
inline markup or a template imports markdown-it or Jinja2 (the positive cases show the guard can fail).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from vanban.spec import inline
from test_loader import GOOD

ROOT = Path(__file__).resolve().parents[2]

#: Imported only by what needs them: the Jinja2 sandbox (a template), markdown-it (inline markup), Babel (a
#: table's values, a template's filters), the registry (an "@" reference), per-recipient copies, the checker and
#: python-docx (a build), openpyxl (forms), the signing stack (ban hành), the pydantic models of tables and forms
#: and their builders (a `bang`, `phu_luc` or `bieu_mau`).
TABLES_AND_FORMS = ("vanban.spec.tables", "vanban.spec.tables_build", "vanban.spec.forms", "vanban.spec.forms_build")
HEAVY = ("jinja2", "markdown_it", "babel", "vanban.copies", "vanban.registry", "vanban.checker", "docx", "lxml",
         "vanban.ooxml", "openpyxl", "PIL", "pyhanko", "cryptography", "vanban.issuing", "vanban.pdf",
         *TABLES_AND_FORMS)
#: What each command may import of them for a plain letter.
NEEDED = {"load": (), "text": (), "build": ("vanban.checker", "docx", "lxml", "vanban.ooxml")}

_PROBE = """
import contextlib, io, json, sys
from vanban.cli import main
args = json.loads(sys.argv[1])
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    if args[0] == "load":
        import vanban
        status = 0 if vanban.load(args[1]).ok else 1
    else:
        status = main(args)
print(json.dumps([status, sorted(sys.modules)]))
"""


def imported(tmp_path: Path, command: str, text: str) -> set[str]:
    """The heavy modules (and packages) in ``sys.modules`` after ``command`` on the spec ``text``."""
    spec = tmp_path / "cong-van.yaml"
    spec.write_text(text, encoding="utf-8")
    args = {"load": ["load", str(spec)], "text": ["text", str(spec)],
            "build": ["build", str(spec), "-o", str(tmp_path / "out"), "-q"]}[command]
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(args)], cwd=tmp_path, capture_output=True,
                          text=True, check=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    status, modules = json.loads(proc.stdout)
    assert status == 0, (command, proc.stderr)
    return {heavy for heavy in HEAVY for name in modules if name == heavy or name.startswith(heavy + ".")}


@pytest.mark.parametrize("command", ["load", "text", "build"])
def test_a_plain_letter_imports_only_what_it_uses(tmp_path, command):
    assert imported(tmp_path, command, GOOD) == set(NEEDED[command])


def test_markup_and_templates_import_their_parsers(tmp_path):
    marked = GOOD.replace("Đoạn một.", "Đoạn **một** tại <https://www.bluezone.gov.vn/>.")
    assert imported(tmp_path, "load", marked) == {"markdown_it"}
    templated = GOOD.replace("Đoạn một.", "Đoạn {{ 187315 | so }}.")
    assert {"jinja2", "vanban.copies"} <= imported(tmp_path, "load", templated)


def test_a_table_or_a_form_imports_their_models(tmp_path):
    """The models of tables and forms are built with the first one (the guard above can fail)."""
    table = GOOD.replace("  - Đoạn một.", "  - Đoạn một.\n  - bang:\n      cot: [{ten: Tên}]\n      dong: [Một]")
    assert table != GOOD
    assert {"vanban.spec.tables", "vanban.spec.tables_build"} <= imported(tmp_path, "load", table)
    form = GOOD + "phu_luc:\n  - ten: Danh sách\n    noi_dung: [Đoạn.]\n"
    assert set(TABLES_AND_FORMS) <= imported(tmp_path, "load", form)


def test_plain_text_skips_markdown_it_with_the_same_spans():
    """A text without markup characters is one span without the parser: exactly what markdown-it gives."""
    rng = random.Random(14)
    alphabet = list("ab ăĐ\t&#!~`$%^=+-:@]}{)(09'\".,;?/|") + ["\u00a0", "\u2028", "\u0085", "\x0b", "\u200b",
                                                               "&amp;", "&#42;", "http://x.vn", "\ufeff"]
    samples = ["", " ", "Đoạn một.", "  lề  ", "a & b", "x = y", "~a~", "`a`", "#1", "!", "100%", "3/4"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(2000)]
    parser = inline._markdown()
    for text in samples:
        assert not inline._MARKUP.search(text)
        spans = []
        for token in parser.parseInline(text)[0].children or []:
            assert token.type == "text", (text, token.type)
            spans.append(token.content)
        assert inline.parse_inline(text) == inline.RichText((inline.Span("".join(spans)),) if text else ()), text
