"""Validating parts of a .docx against the Office Open XML schemas with lxml's XMLSchema.

The schemas in ``tests/fixtures/ooxml-xsd/`` are those of ECMA-376 1st edition (2006), the base
of ISO/IEC 29500 transitional, as Debian ships them (see the README there). Three constructs that
ISO/IEC 29500 added and Word writes are added to them when they are loaded, as the transitional
schema (ECMA-376 5th edition, Part 4) defines them:

- ``w:compat/w:compatSetting`` (CT_CompatSetting: ``w:name``, ``w:uri``, ``w:val``), last in CT_Compat;
- the attributes of ``w:tblLook`` (CT_TblLook: ``w:val`` and the ``w:firstRow`` … ``w:noVBand`` toggles);
- ``m:val`` of math toggles (``m:smallFrac m:val="0"``) is ``ST_OnOff``: xsd:boolean or on/off.

Before validation, markup compatibility (ECMA-376 Part 3) is applied: elements and attributes of
the namespaces a part lists in ``mc:Ignorable`` (Word 2010+ extensions such as ``w14``) are removed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lxml import etree

XSD_DIR = Path(__file__).resolve().parent / "fixtures" / "ooxml-xsd"
XS = "http://www.w3.org/2001/XMLSchema"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NAMESPACES = {
    "wml": (W, "wml.xsd"),
    "app": ("http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            "shared-documentPropertiesExtended.xsd"),
    "core": ("http://schemas.openxmlformats.org/package/2006/metadata/core-properties", "opc-coreProperties.xsd"),
}
#: The schema of each part we validate, by its name in the package (headers and footers: by prefix).
PART_SCHEMAS = {"docProps/app.xml": "app", "docProps/core.xml": "core"}
#: Where the schemas point outside the folder: served from it.
REMOTE = {
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dc.xsd": "dc.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcterms.xsd": "dcterms.xsd",
    "http://dublincore.org/schemas/xmls/qdc/2003/04/02/dcmitype.xsd": "dcmitype.xsd",
}


def _x(tag: str) -> str:
    return f"{{{XS}}}{tag}"


def _named(root, kind: str, name: str):
    return next(node for node in root.iter(_x(kind)) if node.get("name") == name)


def _amend_wml(root) -> None:
    compat = _named(root, "complexType", "CT_Compat").find(_x("sequence"))
    etree.SubElement(compat, _x("element"), name="compatSetting", type="CT_CompatSetting", minOccurs="0",
                     maxOccurs="unbounded")
    setting = etree.SubElement(root, _x("complexType"), name="CT_CompatSetting")
    for attr in ("name", "uri", "val"):
        etree.SubElement(setting, _x("attribute"), name=attr, type="xsd:string")
    look = etree.SubElement(root, _x("complexType"), name="CT_TblLook")
    for attr in ("firstRow", "lastRow", "firstColumn", "lastColumn", "noHBand", "noVBand"):
        etree.SubElement(look, _x("attribute"), name=attr, type="ST_OnOff")
    etree.SubElement(look, _x("attribute"), name="val", type="ST_ShortHexNumber")
    for element in root.iter(_x("element")):
        if element.get("name") == "tblLook":
            element.set("type", "CT_TblLook")
    on_off = _named(root, "simpleType", "ST_OnOff")
    assert {e.get("value") for e in on_off.iter(_x("enumeration"))} >= {"0", "1", "true", "false", "on", "off"}


def _amend_math(root) -> None:
    on_off = _named(root, "simpleType", "ST_OnOff")
    for child in list(on_off):
        on_off.remove(child)
    union = etree.SubElement(on_off, _x("union"), memberTypes="xsd:boolean")
    words = etree.SubElement(etree.SubElement(union, _x("simpleType")), _x("restriction"), base="xsd:string")
    for value in ("on", "off"):
        etree.SubElement(words, _x("enumeration"), value=value)


AMEND = {"wml.xsd": _amend_wml, "shared-math.xsd": _amend_math}


class _Resolver(etree.Resolver):
    """Serves the schemas from XSD_DIR (amended where needed) and one file holding the DrawingML
    main namespace's pieces: libxml2 reads only the first import of a namespace."""

    def resolve(self, url, pubid, context):
        name = REMOTE.get(url) or url.rsplit("/", 1)[-1]
        if name == "dml-main.xsd":
            pieces = [p.name for p in sorted(XSD_DIR.glob("dml-*.xsd"))
                      if f'targetNamespace="{A}"' in p.read_text(encoding="utf-8-sig")]
            text = f'<xsd:schema xmlns:xsd="{XS}" targetNamespace="{A}">' + "".join(
                f'<xsd:include schemaLocation="{piece}"/>' for piece in pieces) + "</xsd:schema>"
            return self.resolve_string(text, context, base_url=str(XSD_DIR / name))
        if name in AMEND:
            root = etree.parse(str(XSD_DIR / name)).getroot()
            AMEND[name](root)
            return self.resolve_string(etree.tostring(root), context, base_url=str(XSD_DIR / name))
        if (XSD_DIR / name).is_file() and name in REMOTE.values():
            return self.resolve_filename(str(XSD_DIR / name), context)
        return None


@lru_cache(maxsize=None)
def schema(kind: str) -> etree.XMLSchema:
    namespace, location = NAMESPACES[kind]
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Resolver())
    driver = (f'<xsd:schema xmlns:xsd="{XS}">'
              f'<xsd:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>'
              f'<xsd:import namespace="{A}" schemaLocation="dml-main.xsd"/>'
              f'<xsd:import namespace="{namespace}" schemaLocation="{location}"/></xsd:schema>')
    return etree.XMLSchema(etree.fromstring(driver.encode(), parser, base_url=str(XSD_DIR / "driver.xsd")))


def ignorable_removed(data: bytes):
    """The part with the elements and attributes of its ``mc:Ignorable`` namespaces removed."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    prefixes = (root.get(f"{{{MC}}}Ignorable") or "").split()
    ignored = {root.nsmap[p] for p in prefixes if p in root.nsmap} | {MC}
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            continue
        if etree.QName(node).namespace in ignored and node is not root:
            node.getparent().remove(node)
            continue
        for key in list(node.attrib):
            if key.startswith("{") and key[1:].split("}")[0] in ignored:
                del node.attrib[key]
    return root


def schema_for(part: str) -> str | None:
    """"wml" for the WordprocessingML parts (``word/*.xml``), "app"/"core" for the properties, else ``None``."""
    if part in PART_SCHEMAS:
        return PART_SCHEMAS[part]
    return "wml" if re.fullmatch(r"word/[^/]+\.xml", part) else None


def errors(part: str, data: bytes) -> list[str]:
    """Schema errors of one part (``[]`` when valid)."""
    kind = schema_for(part)
    if kind is None:
        return []
    validator = schema(kind)
    if validator.validate(ignorable_removed(data)):
        return []
    return [f"{part}:{e.line}: {e.message}" for e in validator.error_log]
