"""No WordprocessingML outside ``vanban/ooxml/`` (CONTRIBUTING: one place knows the XML).

Every module of the package but ``vanban/ooxml/`` is read as a syntax tree: none may import an
XML library (lxml, xml.*) or python-docx's element layer (``docx.oxml``), reach into python-docx's
elements (``._p``, ``._tbl``, ``._element``, ``._r`` … or ``.element``), walk or move lxml elements
(``getparent``, ``addprevious`` …), use qualified names (``qn``), or build XML from strings.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "vanban"
OOXML = PACKAGE / "ooxml"

FORBIDDEN_MODULES = ("lxml", "xml", "docx.oxml", "defusedxml")
#: python-docx's element handles and the lxml tree API.
FORBIDDEN_ATTRIBUTES = {
    "_p", "_tbl", "_element", "_r", "_tc", "_tr", "_sectPr", "element",
    "getparent", "getnext", "getprevious", "addnext", "addprevious", "itersiblings", "iterancestors", "xpath",
    "qn", "nsdecls", "OxmlElement",
}
FORBIDDEN_NAMES = {"qn", "nsdecls", "OxmlElement", "etree"}
#: XML in a string: a prefixed tag ("<w:p", "</w:t>") or a namespace of the Office formats.
XML_TEXT = re.compile(r"</?\s*[A-Za-z][\w.-]*:[A-Za-z]|schemas\.openxmlformats\.org|schemas\.microsoft\.com/office")


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _forbidden_module(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES)


def violations(source: str, filename: str = "<source>") -> list[str]:
    """Each use of WordprocessingML internals in ``source``, as "file:line: what"."""
    tree = ast.parse(source, filename)
    docstrings = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        where = f"{filename}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            out += [f"{where}: import {a.name}" for a in node.names if _forbidden_module(a.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and _forbidden_module(module):
                out.append(f"{where}: from {module} import …")
            out += [f"{where}: import of {a.name}" for a in node.names if a.name in FORBIDDEN_NAMES]
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            out.append(f"{where}: .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            out.append(f"{where}: {node.id}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)) and id(node) not in docstrings:
            text = node.value.decode("latin-1") if isinstance(node.value, bytes) else node.value
            if XML_TEXT.search(text):
                out.append(f"{where}: XML in a string {text[:40]!r}")
    return out


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if OOXML not in p.parents)


def test_no_wordprocessingml_outside_ooxml():
    found = []
    for path in _modules():
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent)))
    assert not found, "WordprocessingML outside vanban/ooxml/ (add a helper there):\n" + "\n".join(found)


def test_the_scan_covers_the_package_and_not_ooxml():
    names = {p.relative_to(PACKAGE).as_posix() for p in _modules()}
    assert {"render/docx.py", "render/forms.py", "checker/docx_rules.py", "copies/batch.py",
            "forms/collect.py", "changes/redline.py"} <= names
    assert not any(name.startswith("ooxml/") for name in names)


def test_the_scan_finds_each_kind_of_violation():
    source = '''
"""A docstring may say <w:p> and ``._p``."""
import lxml.etree
from lxml import etree
import xml.dom.minidom
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from vanban.ooxml import qn as name
def f(paragraph, table, run, cell, style, node):
    paragraph._p.append(run._r)
    table._tbl, cell._tc, style.element, paragraph._element
    node.getparent().addprevious(node)
    ooxml.qn("w:p")
    data = b'<w:styles xmlns:w="%s"/>'
    body = "</w:body>"
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
'''
    found = violations(source)
    text = "\n".join(found)
    for needle in ("import lxml.etree", "from lxml import", "import xml.dom.minidom", "from docx.oxml import",
                   "from docx.oxml.ns import", "import of qn", "._p", "._r", "._tbl", "._tc", ".element",
                   "._element", ".getparent", ".addprevious", ".qn", "XML in a string '<w:styles",
                   "XML in a string '</w:body>", "XML in a string 'http://schemas.openxmlformats.org"):
        assert needle in text, f"{needle!r} not reported:\n{text}"
    assert not any(":2:" in line for line in found), "the module docstring is prose, not code"


def test_plain_code_is_not_reported():
    source = '''
import zipfile
from docx.shared import Pt
from vanban import ooxml
def f(paragraph, node):
    ooxml.paragraph_border(paragraph, "bottom")
    if node.tag == "tag:yaml.org,2002:str":
        return "Kính gửi: Sở Y tế"
'''
    assert violations(source) == []
