"""``ooxml.add_text_run`` writes the XML python-docx's ``paragraph.add_run(text)`` writes (issue 13, point 13: python-docx
reads a run's text one character at a time, 2.4 million calls for a letter of 20,000 paragraphs), and body paragraphs
get the ``w:pPr`` python-docx's ``p.style = …`` writes."""

from __future__ import annotations

import docx
import pytest
from lxml import etree

from vanban import ooxml

TEXTS = ["", "Kính gửi: Sở Y tế", " a", "a ", "\u00a0a\u00a0", "a\tb", "\ta\t", "a\nb", "a\r\nb", "\n", "\t\t",
         "a \t b", "  \n  ", "x\r", "Điều 1.\tNội dung\n(tiếp)"]


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_run_is_what_python_docx_writes(text):
    d = docx.Document()
    theirs = d.add_paragraph().add_run(text)
    ours = ooxml.add_text_run(d.add_paragraph(), text)
    assert etree.tostring(ours._r) == etree.tostring(theirs._r)
    ours.bold = True  # a python-docx Run: formatting set as before
    assert ours._r.find(ooxml.qn("w:rPr")) is not None and ours.text == theirs.text


@pytest.mark.parametrize("style", ["Normal", "Heading 1", "List Bullet"])
def test_a_body_paragraph_has_the_ppr_python_docx_writes(style):
    d = docx.Document()
    theirs = d.add_paragraph(style=style)
    ours = ooxml.ParagraphAppender(d).add(d, style)
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
    assert ours._p.getnext() is theirs._p.getnext() or ours._p.getnext().tag == ooxml.qn("w:sectPr")
