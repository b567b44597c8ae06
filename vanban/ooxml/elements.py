"""Making WordprocessingML elements, and the one table of the schema's child orders.

Word (and LibreOffice) refuse a file whose property elements are out of the order of the schema
(ECMA-376 Part 1 / ISO/IEC 29500-1, §17: CT_PPr, CT_RPr, CT_SectPr …). Every element vanban adds
to a property container goes through :func:`set_child` or :func:`insert_in_order`, which look
the position up in :data:`CHILD_ORDER`; nobody else types a schema order out.
"""

from __future__ import annotations

from docx.oxml import OxmlElement

from .xml import Element, qn

#: The schema order of the children vanban writes into each container (transitional schema,
#: ``wml.xsd``). A tuple inside an order is a choice: its members share one rank, in any order.
CHILD_ORDER: dict[str, tuple] = {
    # CT_P (§17.3.1.22): the properties, then the content in any order
    "p": ("pPr", ("r", "hyperlink", "fldSimple", "ins", "del", "moveFrom", "moveTo", "bookmarkStart", "bookmarkEnd",
                  "proofErr", "permStart", "permEnd", "commentRangeStart", "commentRangeEnd", "smartTag", "sdt",
                  "customXml", "subDoc", "m:oMathPara", "m:oMath")),
    # CT_R (§17.3.2.25): the properties, then the content in any order
    "r": ("rPr", ("t", "delText", "instrText", "delInstrText", "tab", "br", "cr", "fldChar", "sym", "drawing",
                  "pict", "object", "noBreakHyphen", "softHyphen", "lastRenderedPageBreak", "footnoteReference",
                  "endnoteReference", "commentReference", "ptab")),
    # CT_PPr = CT_PPrBase (§17.3.1.26), then rPr, sectPr, pPrChange
    "pPr": (
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
        "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
        "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
        "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
        "sectPr", "pPrChange",
    ),
    # CT_ParaRPr / CT_RPr (§17.3.2.28): the paragraph mark's revision marks first, then EG_RPrBase
    "rPr": (
        "ins", "del", "moveFrom", "moveTo",
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
        "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
        "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
        "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange",
    ),
    # CT_Style (§17.7.4.17)
    "style": ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
              "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
              "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"),
    # CT_PBdr (§17.3.1.24)
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    # CT_SectPr (§17.6.17): header/footer references in any order, then EG_SectPrContents
    "sectPr": (
        ("headerReference", "footerReference"), "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
        "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
        "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange",
    ),
    # CT_TblPr (§17.4.60)
    "tblPr": (
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
        "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
        "tblCaption", "tblDescription", "tblPrChange",
    ),
    # CT_TblBorders (§17.4.39), CT_TblCellMar (§17.4.42)
    "tblBorders": ("top", ("left", "start"), "bottom", ("right", "end"), "insideH", "insideV"),
    "tblCellMar": ("top", ("left", "start"), "bottom", ("right", "end")),
    # CT_TrPr (§17.4.82) is a choice: any order
    "trPr": (("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
              "tblHeader", "tblCellSpacing", "jc", "hidden"), "ins", "del", "trPrChange"),
    # CT_TcPr (§17.4.70)
    "tcPr": (
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
        "tcPrChange",
    ),
    # CT_Numbering (§17.9.16), CT_Num (§17.9.15), CT_NumLvl (§17.9.8), CT_NumPr (§17.3.1.19)
    "numbering": ("numPicBullet", "abstractNum", "num", "numIdMacAtCleanup"),
    "num": ("abstractNumId", "lvlOverride"),
    "lvlOverride": ("startOverride", "lvl"),
    "numPr": ("ilvl", "numId", "numberingChange", "ins"),
    # CT_DocDefaults (§17.7.5.1)
    "docDefaults": ("rPrDefault", "pPrDefault"),
    # CT_Settings (§17.15.1.78)
    "settings": (
        "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
        "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
        "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
        "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges", "bordersDoNotSurroundHeader",
        "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors",
        "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate", "linkStyles",
        "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge", "revisionView",
        "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
        "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit",
        "hyphenationZone", "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
        "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
        "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
        "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
        "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin", "drawingGridVerticalOrigin",
        "doNotShadeFormData", "noPunctuationKerning", "characterSpacingControl", "printTwoOnOne",
        "strictFirstAndLastChars", "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
        "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent", "alwaysShowPlaceholderText",
        "doNotDemarcateInvalidXml", "saveXmlDataOnly", "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags",
        "alwaysMergeEmptyNamespace", "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat",
        "docVars", "rsids", "m:mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
        "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
        "readModeInkLockDown", "smartTagType", "sl:schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
        "decimalSymbol", "listSeparator",
    ),
}


def _ranks(order: tuple) -> dict[str, int]:
    out: dict[str, int] = {}
    for rank, entry in enumerate(order):
        for name in entry if isinstance(entry, tuple) else (entry,):
            out[qn(name if ":" in name else "w:" + name)] = rank
    return out


_RANKS = {qn("w:" + parent): _ranks(order) for parent, order in CHILD_ORDER.items()}


def rank_of(parent_tag: str, child_tag: str) -> int | None:
    """Position class of ``child_tag`` in a ``parent_tag`` container (Clark names), ``None`` if unknown."""
    return _RANKS.get(parent_tag, {}).get(child_tag)


def tags_after(parent: str, child: str) -> tuple[str, ...]:
    """The prefixed names that the schema puts after ``child`` in ``parent`` (e.g. in ``sectPr`` after
    ``pgNumType``: ``w:cols``, ``w:formProt`` …), for code that must place an element in serialised XML."""
    ranks = _RANKS[qn("w:" + parent)]
    mine = ranks[qn("w:" + child)]
    out = []
    for entry in CHILD_ORDER[parent]:
        for name in entry if isinstance(entry, tuple) else (entry,):
            if ranks[qn(name if ":" in name else "w:" + name)] > mine:
                out.append(name if ":" in name else "w:" + name)
    return tuple(out)


def el(tag: str, attrs: dict[str, object] | None = None, *children: Element) -> Element:
    """Make ``<w:tag w:k="v" …>children</w:tag>``; ``tag`` and keys are prefixed names."""
    node = OxmlElement(tag)
    for key, value in (attrs or {}).items():
        node.set(qn(key), str(value))
    for child in children:
        node.append(child)
    return node


def insert_in_order(parent: Element, child: Element) -> Element:
    """Insert ``child`` where the schema wants it among ``parent``'s children (after those of its rank).

    Children the table does not know (extensions, markup compatibility) are left where they are;
    a child of unknown rank is appended.
    """
    mine = rank_of(parent.tag, child.tag)
    if mine is not None:
        for existing in parent:
            rank = rank_of(parent.tag, existing.tag)
            if rank is not None and rank > mine:
                existing.addprevious(child)
                return child
    parent.append(child)
    return child


def set_child(parent: Element, child: Element) -> Element:
    """Put ``child`` in ``parent`` in schema order, replacing any child of the same tag."""
    old = parent.findall(child.tag)
    if old:
        parent.replace(old[0], child)
        for extra in old[1:]:
            parent.remove(extra)
        return child
    return insert_in_order(parent, child)


def get_or_add(parent: Element, tag: str) -> Element:
    """The child ``tag`` (prefixed name) of ``parent``, added in schema order if missing."""
    found = parent.find(qn(tag))
    return found if found is not None else insert_in_order(parent, el(tag))


def xml_of(obj) -> Element:
    """The lxml element behind a python-docx object (paragraph, run, table, cell, section …), or ``obj``
    itself if it already is one."""
    for attr in ("_element", "_sectPr"):
        node = getattr(obj, attr, None)
        if node is not None:
            return node
    return obj
