"""Every part vanban writes validates against the Office Open XML schemas (tests/ooxml_schema.py).

For every spec in directives/: document, styles, settings, font table, numbering, web settings,
headers and footers against ``wml.xsd``, ``docProps/app.xml`` against the extended properties and
``docProps/core.xml`` against the OPC core properties schema.
"""

from __future__ import annotations

import pytest

from vanban import ooxml
from conftest import directive_specs
from ooxml_schema import errors, schema_for

REQUIRED = ("word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
            "docProps/app.xml", "docProps/core.xml")


@pytest.mark.parametrize("spec", directive_specs(), ids=lambda p: p.stem)
def test_every_part_of_every_directive_is_schema_valid(rendered, spec):
    doc = rendered[spec.stem]
    names = doc.zip.namelist()
    assert set(REQUIRED) <= set(names)
    checked = [n for n in names if schema_for(n)]
    assert set(REQUIRED) <= set(checked)
    found = [e for name in checked for e in errors(name, doc.zip.read(name))]
    assert not found, "\n".join(found[:20])


SETTINGS = (b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'%s<w:defaultTabStop w:val="720"/></w:settings>')


def test_the_validator_reports_what_word_refuses():
    assert errors("word/settings.xml", SETTINGS % b'<w:zoom w:percent="100"/>') == []
    assert errors("word/settings.xml", SETTINGS % b'<w:zoom w:val="bestFit"/>'), "w:zoom needs w:percent"
    late_zoom = (b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                 b'<w:defaultTabStop w:val="720"/><w:zoom w:percent="100"/></w:settings>')
    assert errors("word/settings.xml", late_zoom), "children out of schema order"
    compat = SETTINGS % (b'<w:compat><w:compatSetting w:name="compatibilityMode" '
                         b'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>')
    assert errors("word/settings.xml", compat.replace(b"<w:defaultTabStop w:val=\"720\"/>", b"")) == []
    app = (b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           b'<Application>vanban</Application><Pages>one</Pages></Properties>')
    assert errors("docProps/app.xml", app), "Pages is a number"


def test_ignorable_extensions_are_skipped_and_others_are_not():
    w14 = (b'<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
           b'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           b'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">'
           b'<w:defaultTabStop w:val="720"/><w14:docId w14:val="1"/></w:settings>')
    assert errors("word/settings.xml", w14) == []
    assert errors("word/settings.xml", w14.replace(b' mc:Ignorable="w14"', b""))


def test_paragraph_properties_built_by_vanban_are_in_schema_order():
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("x")
    paragraph.paragraph_format.left_indent = ooxml.mm(5)
    paragraph.alignment = 1
    ooxml.paragraph_border(paragraph, "bottom")  # pBdr goes before spacing/ind/jc (CT_PPrBase)
    ooxml.paragraph_border(paragraph, "top")  # top before bottom (CT_PBdr)
    data = ooxml.save_document(document)
    assert errors("word/document.xml", ooxml.read_part(data, "word/document.xml")) == []
