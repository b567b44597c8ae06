"""The package's own parts: document properties, settings and the font table.

Every .docx vanban writes names vanban as the program that made it (``docProps/app.xml``, with no
page or word counts that no program computed), opens in Word 2013+ mode (compatibility mode 15,
so Word shows no "Compatibility Mode" banner and lays the page out as current Word does), has a
``w:zoom`` the schema accepts, and lists in ``word/fontTable.xml`` only the fonts it uses
(Times New Roman, Phụ lục I, Mục I, khoản 4). :func:`finish` is called by
:func:`vanban.ooxml.package.save_document` on every document before it is written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from lxml.builder import ElementMaker

from .elements import el, get_or_add
from .reading import theme_fonts
from .xml import Element, parse_xml, qn, serialize_part

#: What ``docProps/app.xml`` says made the file (ECMA-376 Part 1, §22.2.2.1).
APPLICATION = "vanban"
#: Word 2013 and later (``w:compatSetting w:name="compatibilityMode"``, ISO/IEC 29500-1 §17.15.3.4).
COMPATIBILITY_MODE = 15
WORD_COMPAT_URI = "http://schemas.microsoft.com/office/word"
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#: Longest text python-docx accepts in a core document property (title, subject, author …).
CORE_PROPERTY_MAX = 255

_STORY_ROOTS = ("w:document", "w:hdr", "w:ftr", "w:footnotes", "w:endnotes", "w:comments")
_FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


# --------------------------------------------------------------------------- core and app properties


def core_text(value: str) -> str:
    """A core property value cut to what the package format takes (a long trích yếu or agency name)."""
    return value if len(value) <= CORE_PROPERTY_MAX else value[:CORE_PROPERTY_MAX - 1] + "…"


def set_core_properties(document, *, title: str, author: str, when, subject: str | None = None,
                        keywords: str | None = None, comments: str | None = None) -> None:
    """The core properties (``docProps/core.xml``) of a python-docx document, derived from the spec:
    fixed revision and dates (the document's date), vanban as the last to modify it; long values cut."""
    props = document.core_properties
    props.title = core_text(title)
    if subject is not None:
        props.subject = core_text(subject)
    props.author = core_text(author)
    props.last_modified_by = APPLICATION
    if keywords is not None:
        props.keywords = core_text(keywords)
    props.revision = 1
    if comments is not None:
        props.comments = comments
    props.created = props.modified = when


def package_version() -> str:
    """The version of vanban (``vanban/version.py``, the one place it is written)."""
    from ..version import __version__

    return __version__


def app_version(version: str) -> str:
    """``version`` ("1.2.3") in the form AppVersion must have, XX.YYYY ("01.0203"; §22.2.2.2):
    Word refuses a file whose AppVersion has three numbers."""
    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    major, minor, patch = numbers[:3]
    return f"{min(major, 99):02d}.{min(minor, 99):02d}{min(patch, 99):02d}"


@lru_cache(maxsize=1)
def app_properties() -> bytes:
    """``docProps/app.xml``: the application and its version, no statistics (pages, words …) that
    only a program laying the pages out could know, no template of another program."""
    e = ElementMaker(namespace=EXTENDED_NS, nsmap={None: EXTENDED_NS, "vt": VT_NS})
    root = e.Properties(
        e.Application(APPLICATION),
        e.DocSecurity("0"),
        e.ScaleCrop("false"),
        e.LinksUpToDate("false"),
        e.SharedDoc("false"),
        e.HyperlinksChanged("false"),
        e.AppVersion(app_version(package_version())),
    )
    return serialize_part(root)


# --------------------------------------------------------------------------- settings


def set_compatibility_mode(settings_root: Element, mode: int = COMPATIBILITY_MODE) -> None:
    """``w:compat/w:compatSetting w:name="compatibilityMode"`` set to ``mode`` (added if missing)."""
    compat = get_or_add(settings_root, "w:compat")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            break
    else:
        setting = el("w:compatSetting", {"w:name": "compatibilityMode"})
        compat.append(setting)  # compatSetting closes CT_Compat: after every other child
    setting.set(qn("w:uri"), WORD_COMPAT_URI)
    setting.set(qn("w:val"), str(mode))


def set_zoom(settings_root: Element, percent: int = 100) -> None:
    """``w:zoom`` with the ``w:percent`` the schema requires (CT_Zoom, §17.15.1.95); no preset view."""
    zoom = get_or_add(settings_root, "w:zoom")
    zoom.attrib.pop(qn("w:val"), None)
    zoom.set(qn("w:percent"), str(percent))


# --------------------------------------------------------------------------- fonts in use


def _related(part, reltype: str):
    try:
        return part.part_related_by(reltype)
    except KeyError:
        return None


def _root(part) -> Element | None:
    if part is None:
        return None
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


_STYLE_REFERENCES = (qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
_MARKS = _STYLE_REFERENCES + (qn("w:numId"), qn("w:rFonts"), qn("w:sym"))


_VAL = qn("w:val")


def _marks(scope: Element) -> dict[str, list]:
    """What :func:`fonts_in_use` reads in ``scope``, found in one pass (the body of a form of 20,000 rows has 1.7
    million elements: a pass per kind took a tenth of its rendering, issue 13): the elements by tag, but for the
    style references only the set of style ids they name (under the key ``"styles"``: 200,000 cells name three)."""
    found: dict[str, list] = {tag: [] for tag in _MARKS}
    styles: set = set()
    for node in scope.iter(*_MARKS):
        tag = node.tag
        if tag in _STYLE_REFERENCES:
            styles.add(node.get(_VAL))
        else:
            found[tag].append(node)
    found["styles"] = list(styles)
    return found


def fonts_in_use(stories: list[Element], styles: Element | None, numbering: Element | None,
                 theme: Element | None) -> set[str]:
    """The font families the document can show: set on its text (stories: body, headers, footers …),
    by the styles its text uses (with their ``basedOn`` chain and the defaults), and by the list
    definitions its paragraphs use; theme fonts resolved through the theme."""
    val = qn("w:val")
    by_id = {s.get(qn("w:styleId")): s for s in styles.iter(qn("w:style"))} if styles is not None else {}
    wanted = {sid for sid, s in by_id.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    scopes = [_marks(story) for story in stories]
    for marks in scopes:
        wanted.update(marks["styles"])
    used_styles, todo = set(), list(wanted)
    while todo:
        sid = todo.pop()
        if sid in used_styles or sid not in by_id:
            continue
        used_styles.add(sid)
        based = by_id[sid].find(qn("w:basedOn"))
        if based is not None:
            todo.append(based.get(val))
    scopes += [_marks(by_id[sid]) for sid in sorted(used_styles)]
    if styles is not None and styles.find(qn("w:docDefaults")) is not None:
        scopes.append(_marks(styles.find(qn("w:docDefaults"))))
    if numbering is not None:
        num_ids = {node.get(val) for marks in scopes for node in marks[qn("w:numId")]}
        abstract = {num.find(qn("w:abstractNumId")).get(val)
                    for num in numbering.findall(qn("w:num"))
                    if num.get(qn("w:numId")) in num_ids and num.find(qn("w:abstractNumId")) is not None}
        scopes += [_marks(a) for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) in abstract]
    themed = theme_fonts(theme)
    used: set[str] = set()
    for marks in scopes:
        for fonts in marks[qn("w:rFonts")]:
            for slot in _FONT_SLOTS:
                if fonts.get(qn(f"w:{slot}")):
                    used.add(fonts.get(qn(f"w:{slot}")))
            for key, value in fonts.attrib.items():
                if key.lower().endswith("theme") and themed.get(value):
                    used.add(themed[value])
        for sym in marks[qn("w:sym")]:
            if sym.get(qn("w:font")):
                used.add(sym.get(qn("w:font")))
    return used


def prune_font_table(font_table: Element, used: set[str]) -> None:
    """Drop the ``w:font`` entries of fonts the document does not use (§17.8.3.2)."""
    fonts = font_table.findall(qn("w:font"))
    closing = fonts[-1].tail if fonts else None
    for font in fonts:
        if font.get(qn("w:name")) not in used:
            font_table.remove(font)
    if len(font_table):
        font_table[-1].tail = closing  # the layout of the part's end stays as it was


def _stories(package) -> list[Element]:
    roots = {qn(tag) for tag in _STORY_ROOTS}
    return [part.element for part in package.iter_parts()
            if isinstance(part, XmlPart) and part.element.tag in roots]


# --------------------------------------------------------------------------- finishing a document


def finish(document) -> dict[str, bytes]:
    """Clean the package metadata of a python-docx document before it is written.

    Settings are changed in place; returns the parts to write instead of python-docx's own
    (``docProps/app.xml``, ``word/fontTable.xml``) by their names in the package.
    """
    settings = document.settings.element
    set_compatibility_mode(settings)
    set_zoom(settings)
    package = document.part.package
    replace: dict[str, bytes] = {}
    app = _related(package, RT.EXTENDED_PROPERTIES)
    if app is None:
        app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, app_properties(), package)
        package.relate_to(app, RT.EXTENDED_PROPERTIES)
    else:
        replace[app.partname.membername] = app_properties()
    font_part = _related(document.part, RT.FONT_TABLE)
    if font_part is not None:
        font_table = parse_xml(font_part.blob) if not isinstance(font_part, XmlPart) else font_part.element
        used = fonts_in_use(_stories(package), _root(_related(document.part, RT.STYLES)),
                            _root(_related(document.part, RT.NUMBERING)), _root(_related(document.part, RT.THEME)))
        prune_font_table(font_table, used)
        replace[font_part.partname.membername] = serialize_part(font_table)
    return replace
