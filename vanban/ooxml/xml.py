"""XML of WordprocessingML: namespaces, qualified names, the one hardened parser, serialisation.

Every part vanban reads (its own output, a clerk's .docx, one from another agency) goes through
:func:`parse_xml`: no entity expansion, no DTD, no network. Every part it writes out of lxml goes
through :func:`serialize_part`, the form python-docx writes (UTF-8, standalone declaration).
"""

from __future__ import annotations

from functools import lru_cache

from docx.oxml.ns import nsdecls  # noqa: F401  (re-exported for callers)
from docx.oxml.ns import qn as _qn
from lxml import etree

#: ``qn("w:p")`` → Clark name ``{…/main}p``; cached, as style resolution calls it for every run.
qn = lru_cache(maxsize=None)(_qn)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
VML_NS = "urn:schemas-microsoft-com:vml"
NS = {
    "w": W_NS,
    "r": R_NS,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "a": A_NS,
}
#: ``xml:space``, set to "preserve" on texts with leading or trailing spaces.
XML_SPACE = f"{{{XML_NS}}}space"

Element = etree._Element


def child(el: Element, tag: str) -> Element | None:
    """The first child of ``el`` named ``tag`` (a Clark name), or None: ``find`` without a path, for the small
    elements of a run or a paragraph. lxml's ``find`` parses its argument as a path on every call (3 µs); the
    audit of a 20,000-row form asks this half a million times."""
    for node in el:
        if node.tag == tag:
            return node
    return None


def safe_parser() -> etree.XMLParser:
    """The only XML parser vanban uses on input: no entities, no DTD, no network."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
    )


def parse_xml(data: bytes) -> Element:
    return etree.fromstring(data, parser=safe_parser())


def has_doctype(root: Element) -> bool:
    """Whether the parsed part declared a DOCTYPE (entities, external subsets): refused on input."""
    return bool(root.getroottree().docinfo.doctype)


#: What :func:`parse_xml` raises on malformed XML.
XMLSyntaxError = etree.XMLSyntaxError


def serialize_part(root: Element) -> bytes:
    """A whole part as python-docx writes it: XML declaration, UTF-8, ``standalone="yes"``."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def serialize_fragment(node: Element) -> bytes:
    """One element (and what it holds) as UTF-8 without a declaration, e.g. to splice into a part."""
    return etree.tostring(node, encoding="utf-8")


def xml_text(value: str) -> bytes:
    """``value`` escaped as XML character data, as lxml writes it (``&``, ``<``, ``>``)."""
    from xml.sax.saxutils import escape  # here: it imports urllib and email (40 ms) on first use

    return escape(value).encode("utf-8")


def local_name(node: Element) -> str:
    """``p`` for ``{…/main}p``; "" for comments and processing instructions."""
    tag = node.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def canonical_xml(data: bytes) -> str:
    """Canonical XML (C14N 2.0) of a part, pretty enough to diff line by line."""
    root = parse_xml(data)
    for node in root.iter():
        if node.text is not None and not node.text.strip() and len(node):
            node.text = None
        if node.tail is not None and not node.tail.strip():
            node.tail = None
    etree.indent(root, space=" ")
    return etree.tostring(root, method="c14n2").decode("utf-8")
