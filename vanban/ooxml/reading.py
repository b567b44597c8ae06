"""Reading WordprocessingML back: text, tables, sections and the effective formatting of runs.

Used by the audit (``vanban check`` on any .docx: ours, a clerk's hand-typed one, one from
another agency), the differ, the collector of returned forms and the tests. :class:`StyleSheet`
resolves formatting as Word does (direct → character style → paragraph style chain → defaults),
so a rule of Phụ lục I (cỡ chữ, kiểu chữ, phông) is checked on what the page shows.
"""

from __future__ import annotations

from typing import Callable, Iterator

from .xml import A_NS, VML_NS, Element, child, qn

_P_PR, _P_STYLE, _R, _R_PR, _R_STYLE, _T, _VAL = (qn(t) for t in ("w:pPr", "w:pStyle", "w:r", "w:rPr", "w:rStyle", "w:t", "w:val"))
_BODY, _P = qn("w:body"), qn("w:p")
_TAB, _TABS, _BR, _FOOTNOTE_REF = (qn(t) for t in ("w:tab", "w:tabs", "w:br", "w:footnoteReference"))
_JC, _IND, _KEEP_NEXT, _SPACING = (qn(t) for t in ("w:jc", "w:ind", "w:keepNext", "w:spacing"))
#: what :func:`paragraph_text` reads: text, tab characters, breaks
_TEXT_TAGS = (_T, _TAB, _BR)

# --------------------------------------------------------------------------- text


def iter_paragraph_text_runs(p_el: Element, note_mark: Callable[[str], str] | None = None) -> Iterator[str]:
    """The text of a paragraph piece by piece; with ``note_mark``, a footnote reference is ``note_mark(id)``."""
    for node in p_el.iter(*(_TEXT_TAGS + (_FOOTNOTE_REF,) if note_mark else _TEXT_TAGS)):
        tag = node.tag
        if tag == _T:
            yield node.text or ""
        elif tag == _TAB:
            if node.getparent().tag != _TABS:  # a tab stop of the paragraph properties is not a tab character
                yield "\t"
        elif tag == _FOOTNOTE_REF:
            yield note_mark(node.get(qn("w:id"), ""))  # type: ignore[misc]
        else:
            yield "\n"


def paragraph_text(p_el: Element, note_mark: Callable[[str], str] | None = None) -> str:
    return "".join(iter_paragraph_text_runs(p_el, note_mark))


def run_text(r_el: Element) -> str:
    return "".join(t.text or "" for t in r_el.iter(qn("w:t")))


def is_text_run(r_el: Element) -> bool:
    """Whether a run carries text (a ``w:t`` of its own, and not only spaces)."""
    return child(r_el, _T) is not None and bool("".join([t.text or "" for t in r_el.iter(_T)]).strip())


def body_runs(document_root: Element) -> Iterator[tuple[Element, Element]]:
    """(paragraph, run) for every run of the main story in document order, in one pass of lxml; the paragraph is
    the run's own (the nearest ``w:p`` above it: a text box's, not the paragraph holding the text box)."""
    for r in document_root.find(qn("w:body")).iter(_R):
        p = _own_paragraph(r)
        if p is not None:
            yield p, r


def _own_paragraph(node: Element) -> Element | None:
    """The nearest ``w:p`` above ``node`` (a text box's, not the paragraph holding the text box)."""
    p = node.getparent()
    while p is not None and p.tag != _P:
        p = p.getparent()
    return p


def has_nested_paragraphs(document_root: Element) -> bool:
    """Whether the main story holds paragraphs inside paragraphs (text boxes: ``w:txbxContent``). lxml answers
    at once for a document that never names the element."""
    for _ in document_root.find(qn("w:body")).iter(qn("w:txbxContent")):
        return True
    return False


def may_have_direct_formatting(p_el: Element) -> bool:
    """Whether any run of a paragraph may have direct formatting: any ``w:rPr`` in it (the paragraph mark's own, in
    ``w:pPr``, counts too: a cheap test that errs on the side of reading the runs)."""
    for _ in p_el.iter(_R_PR):
        return True
    return False


def body_paragraphs_to_read(document_root: Element, paragraphs: list[Element], shown: set[str | None]) -> set[Element]:
    """Of the main story's ``paragraphs`` (:func:`body_paragraphs`), at least those that hold a ``w:rPr``
    (:func:`may_have_direct_formatting`) or whose :func:`paragraph_style_id` is not in ``shown``: found by walking
    only the ``w:rPr`` and ``w:pStyle`` elements (lxml's ``iter`` in C), not every paragraph. A paragraph whose style
    cannot be read for sure from its first ``w:pPr``'s first child is included whatever its style."""
    body = child(document_root, _BODY)
    found: set[Element] = set()
    if body is None:
        return found
    for rpr in body.iter(_R_PR):
        p = _own_paragraph(rpr)
        if p is not None:
            found.add(p)
    certain: set[Element] = set()  # paragraphs whose style id is their first w:pPr's first child's
    for ps in body.iter(_P_STYLE):
        ppr = ps.getparent()
        p = ppr.getparent()
        if (p is not None and p.tag == _P and ppr.tag == _P_PR and ps.getprevious() is None
                and ppr.getprevious() is None):
            certain.add(p)
            if ps.get(_VAL) not in shown:
                found.add(p)
    found.update(p for p in paragraphs if p not in certain)
    return found


def paragraph_runs(p_el: Element) -> list[Element]:
    """Every run of a paragraph (hyperlinks' and nested ones included), text or not."""
    return list(p_el.iter(_R))


def has_run_properties(r_el: Element) -> bool:
    """Whether a run has direct formatting (its own ``w:rPr``)."""
    return child(r_el, _R_PR) is not None


def text_runs(p_el: Element) -> list[Element]:
    """Runs of a paragraph that carry text (hyperlink runs included)."""
    return [r for r in p_el.iter(_R) if is_text_run(r)]


def run_offsets(p_el: Element) -> list[tuple[Element, int, int]]:
    """Each run of a paragraph with the range of :func:`paragraph_text` it covers (tabs count as one)."""
    out = []
    pos = 0
    for run in p_el.iter(qn("w:r")):
        n = 0
        for node in run.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
            n += len(node.text or "") if node.tag == qn("w:t") else 1
        out.append((run, pos, pos + n))
        pos += n
    return out


# --------------------------------------------------------------------------- the body and its stories


def body_paragraphs(document_root: Element) -> list[Element]:
    """All paragraphs of the main story in reading order, table cells included (row by row)."""
    return list(document_root.find(qn("w:body")).iter(qn("w:p")))


def story_paragraphs(root: Element) -> list[Element]:
    """All paragraphs of a header, footer or any other story part, in reading order."""
    return list(root.iter(qn("w:p")))


def body_tables(document_root: Element) -> list[Element]:
    """The top-level tables of the main story, in order."""
    return document_root.find(qn("w:body")).findall(qn("w:tbl"))


def paragraph_containers(document_root: Element) -> dict[tuple, list[Element]]:
    """Paragraphs grouped by where they sit: ``("body",)`` or ``("cell", table, row, col)``."""
    body = document_root.find(qn("w:body"))
    out: dict[tuple, list[Element]] = {("body",): []}
    for child in body:
        if child.tag == qn("w:p"):
            out[("body",)].append(child)
    for ti, tbl in enumerate(body.iter(qn("w:tbl"))):
        for ri, tr in enumerate(tbl.findall(qn("w:tr"))):
            for ci, tc in enumerate(tr.findall(qn("w:tc"))):
                out[("cell", ti, ri, ci)] = tc.findall(qn("w:p"))
    return out


def next_paragraph(p_el: Element) -> Element | None:
    """The paragraph right after ``p_el`` in its story (bookmarks between them skipped), if any."""
    nxt = p_el.getnext()
    while nxt is not None and nxt.tag != qn("w:p"):
        nxt = nxt.getnext() if nxt.tag in (qn("w:bookmarkStart"), qn("w:bookmarkEnd")) else None
    return nxt


def is_section_break(node: Element) -> bool:
    """A paragraph that ends a section (``w:pPr/w:sectPr``)."""
    return node.tag == qn("w:p") and node.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None


def tables_before(tbl: Element) -> Iterator[Element]:
    """The tables of the body above ``tbl`` in the same section, nearest first."""
    node = tbl.getprevious()
    while node is not None and not is_section_break(node):
        if node.tag == qn("w:tbl"):
            yield node
        node = node.getprevious()


# --------------------------------------------------------------------------- tables and cells


def table_grid(tbl: Element) -> list[list[dict]]:
    """Read a ``w:tbl`` back as a grid: one dict per grid cell with ``text``, ``row``/``col`` of the
    merged cell's top-left corner, and its ``row_span``/``col_span``. Merged cells repeat the origin."""
    rows: list[list[dict]] = []
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        row: list[dict] = []
        col = 0
        for tc in tr.findall(qn("w:tc")):
            tcpr = tc.find(qn("w:tcPr"))
            span = 1
            vmerge = None
            if tcpr is not None:
                gs = tcpr.find(qn("w:gridSpan"))
                if gs is not None:
                    span = int(gs.get(qn("w:val")))
                vm = tcpr.find(qn("w:vMerge"))
                if vm is not None:
                    vmerge = vm.get(qn("w:val"), "continue")
            text = "\n".join(paragraph_text(p) for p in tc.findall(qn("w:p")))
            if vmerge == "continue" and rows and col < len(rows[-1]):
                origin = rows[-1][col]
                origin["row_span_open"] = True
                cell = origin
            else:
                cell = {"text": text, "row": r, "col": col, "row_span": 1, "col_span": span, "element": tc}
            for _ in range(span):
                row.append(cell)
            col += span
        rows.append(row)
    for r, row in enumerate(rows):  # row spans: count the rows that repeat the same origin
        for cell in row:
            if cell["row"] == r:
                continue
            cell["row_span"] = max(cell["row_span"], r - cell["row"] + 1)
    for row in rows:
        for cell in row:
            cell.pop("row_span_open", None)
    return rows


def cell_of(p_el: Element) -> Element | None:
    """The table cell (``w:tc``) holding a paragraph, or ``None`` for a paragraph of the body."""
    node = p_el.getparent()
    while node is not None:
        if node.tag == qn("w:tc"):
            return node
        if node.tag == qn("w:body"):
            return None
        node = node.getparent()
    return None


def cell_width_twips(tc: Element) -> int | None:
    return twips_attr(tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}"), "w")


def cell_column(tc: Element) -> int:
    """The column of a cell in its row (0-based), without counting the tables before it as
    :func:`cell_position` does."""
    return list(tc.getparent().iterchildren(qn("w:tc"))).index(tc)


def cell_position(tc: Element) -> tuple[int, int, int]:
    """(table index among the body's tables, row, column) of a cell."""
    tr = tc.getparent()
    tbl = tr.getparent()
    body = tbl.getparent()
    tables = list(body.iter(qn("w:tbl")))
    return tables.index(tbl), list(tbl.findall(qn("w:tr"))).index(tr), list(tr.findall(qn("w:tc"))).index(tc)


def next_cell(tc: Element) -> Element | None:
    """The cell right of ``tc`` in its row, if any."""
    nxt = tc.getnext()
    while nxt is not None and nxt.tag != qn("w:tc"):
        nxt = nxt.getnext()
    return nxt


def other_row_cells(tc: Element) -> list[Element]:
    """The cells of ``tc``'s table (nested tables included) that are not in ``tc``'s row."""
    row = tc.getparent()
    return [other for other in row.getparent().iter(qn("w:tc")) if other is not tc and other.getparent() is not row]


def cell_paragraphs(tc: Element) -> list[Element]:
    return list(tc.iter(qn("w:p")))


# --------------------------------------------------------------------------- sections and fields


def row_can_split(tr: Element) -> bool:
    """Whether a table row may break across pages (no ``w:trPr/w:cantSplit`` turned on)."""
    trpr = tr.find(qn("w:trPr"))
    cant = trpr.find(qn("w:cantSplit")) if trpr is not None else None
    return cant is None or is_toggle_on(cant) is False


def row_of_cell(tc: Element) -> Element:
    """The ``w:tr`` that holds a cell."""
    return tc.getparent()


def row_is_header(tr: Element) -> bool:
    """Whether a table row repeats as a header row on every page (``w:trPr/w:tblHeader``)."""
    trpr = tr.find(qn("w:trPr"))
    mark = trpr.find(qn("w:tblHeader")) if trpr is not None else None
    return mark is not None and is_toggle_on(mark) is not False


def cell_vmerge(tc: Element) -> str | None:
    """A cell's vertical merge: "restart", "continue" (merged with the cell above) or ``None``."""
    tcpr = tc.find(qn("w:tcPr"))
    vm = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
    return None if vm is None else vm.get(qn("w:val"), "continue")


def table_rows(tbl: Element) -> list[Element]:
    return tbl.findall(qn("w:tr"))


def mark_hidden(p_el: Element) -> bool:
    """Whether a paragraph's mark is hidden (``w:pPr/w:rPr/w:vanish``): an empty such paragraph takes no room."""
    ppr = p_el.find(qn("w:pPr"))
    rpr = ppr.find(qn("w:rPr")) if ppr is not None else None
    vanish = rpr.find(qn("w:vanish")) if rpr is not None else None
    return vanish is not None and is_toggle_on(vanish) is not False


def section_break_paragraphs(document_root: Element) -> list[Element]:
    """The paragraphs of the body that end a section (hold a ``w:sectPr``), in order."""
    return [p for p in document_root.find(qn("w:body")).findall(qn("w:p")) if is_section_break(p)]


def previous_block(p_el: Element) -> Element | None:
    """The body element (paragraph or table) right before a paragraph of the body."""
    return p_el.getprevious()


def first_section_properties(document_root: Element) -> Element | None:
    """The first ``w:sectPr`` of :func:`section_properties`, reading only the body's own children (lxml's
    ``iter`` looks one match ahead, which is the rest of a 20,000-row table)."""
    body = document_root.find(qn("w:body"))
    p_tag = qn("w:p")
    sect_tag = qn("w:sectPr")
    for node in body:
        if node.tag == p_tag:
            ppr = child(node, _P_PR)
            sect = child(ppr, sect_tag) if ppr is not None else None
            if sect is not None:
                return sect
    return child(body, sect_tag)


def section_properties(document_root: Element) -> list[Element]:
    """Every ``w:sectPr`` of the body in order (the last one is the body's own)."""
    body = document_root.find(qn("w:body"))
    found = [p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") for p in body.findall(qn("w:p"))]
    return [s for s in found if s is not None] + [body.find(qn("w:sectPr"))]


def twips_attr(node: Element | None, attr: str) -> int | None:
    if node is None or node.get(qn(f"w:{attr}")) is None:
        return None
    try:
        return int(float(node.get(qn(f"w:{attr}"))))
    except ValueError:
        return None


def page_size(sect: Element | None) -> tuple[int | None, int | None, bool]:
    """(width, height in twips, marked landscape) of a section's page (``w:pgSz``)."""
    size = sect.find(qn("w:pgSz")) if sect is not None else None
    landscape = size is not None and size.get(qn("w:orient")) == "landscape"
    return twips_attr(size, "w"), twips_attr(size, "h"), landscape


def page_margins(sect: Element | None) -> dict[str, int | None] | None:
    """Margins of a section's page in twips (``w:pgMar``: top, bottom, left, right), ``None`` if unset."""
    mar = sect.find(qn("w:pgMar")) if sect is not None else None
    if mar is None:
        return None
    return {side: twips_attr(mar, side) for side in ("top", "bottom", "left", "right")}


def title_page(sect: Element) -> bool | None:
    """Whether the section has a different first page (``w:titlePg``), ``None`` if not said."""
    return is_toggle_on(sect.find(qn("w:titlePg")))


def header_footer_refs(sect: Element) -> dict[str, dict[str, str]]:
    """``{"header": {"default": rId, "first": rId}, "footer": {...}}`` of a section."""
    out: dict[str, dict[str, str]] = {"header": {}, "footer": {}}
    for kind in ("header", "footer"):
        for ref in sect.findall(qn(f"w:{kind}Reference")):
            out[kind][ref.get(qn("w:type"), "default")] = ref.get(qn("r:id"))
    return out


def has_field(root: Element, name: str) -> bool:
    """Whether a complex (``w:instrText``) or simple (``w:fldSimple``) field ``name`` occurs under root."""
    for instr in root.iter(qn("w:instrText")):
        if (instr.text or "").strip().split(" ")[0:1] == [name]:
            return True
    for simple in root.iter(qn("w:fldSimple")):
        if (simple.get(qn("w:instr")) or "").strip().split(" ")[0:1] == [name]:
            return True
    return False


def field_paragraphs(root: Element, name: str) -> list[Element]:
    return [p for p in root.iter(qn("w:p")) if has_field(p, name)]


def paragraph_border_sides(p_el: Element) -> set[str]:
    """Sides with a visible border set directly on the paragraph (``w:pBdr``)."""
    bdr = p_el.find(f"{qn('w:pPr')}/{qn('w:pBdr')}")
    if bdr is None:
        return set()
    return {child.tag.split("}")[1] for child in bdr if child.get(qn("w:val")) not in (None, "nil", "none")}


def has_drawing(p_el: Element) -> bool:
    """A drawn shape (DrawingML or VML) anchored in the paragraph, e.g. a line under the Tiêu ngữ."""
    for node in p_el.iter():
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")) or tag.startswith("{" + VML_NS + "}"):
            return True
    return False


def style_names(package) -> set[str]:
    """The names of the styles a package defines (``word/styles.xml``), read through the hardened reader
    (:class:`vanban.ooxml.package.Package`): a ``--template`` must have vanban's styles."""
    if not package.has("word/styles.xml"):
        return set()
    names = set()
    for style in package.xml("word/styles.xml").iter(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None and name.get(qn("w:val")):
            names.add(name.get(qn("w:val")))
    return names


def theme_fonts(theme_root: Element | None) -> dict[str, str]:
    """The fonts a theme gives to ``w:asciiTheme`` and its kin: ``{"minorHAnsi": "Calibri", …}``."""
    out: dict[str, str] = {}
    if theme_root is None:
        return out
    a = "{" + A_NS + "}"
    for kind in ("major", "minor"):
        font = next(theme_root.iter(f"{a}{kind}Font"), None)
        if font is None:
            continue
        for script, slot_names in (("latin", ("HAnsi", "Ascii")), ("ea", ("EastAsia",)), ("cs", ("Bidi",))):
            node = font.find(f"{a}{script}")
            face = node.get("typeface") if node is not None else ""
            for slot in slot_names:
                out[f"{kind}{slot}"] = face
    return out


# --------------------------------------------------------------------------- effective formatting


def is_toggle_on(node: Element | None) -> bool | None:
    """Value of a toggle property (``<w:b/>``, ``<w:b w:val="0"/>``), ``None`` if absent."""
    if node is None:
        return None
    return node.get(qn("w:val"), "true") not in ("0", "false", "off")


def paragraph_style_id(p_el: Element) -> str | None:
    ppr = child(p_el, _P_PR)
    if ppr is None:
        return None
    style = child(ppr, _P_STYLE)
    return style.get(_VAL) if style is not None else None


def _fold_rpr(layers: list[Element]) -> dict:
    """``size`` / ``bold`` / ``italic`` / ``caps`` / ``fonts`` of the first layer that sets each (``None`` where no
    layer does): layers in order of precedence, so folding a run's direct layer over its styles' fold is the same
    as folding all of them."""
    props: dict = {"size": None, "bold": None, "italic": None, "caps": None, "fonts": {}}
    for rpr in layers:
        if props["size"] is None and rpr.find(qn("w:sz")) is not None:
            props["size"] = int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2
        for key, tag in (("bold", "w:b"), ("italic", "w:i"), ("caps", "w:caps")):
            if props[key] is None:
                props[key] = is_toggle_on(rpr.find(qn(tag)))
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
                if slot not in props["fonts"] and fonts.get(qn(f"w:{slot}")):
                    props["fonts"][slot] = fonts.get(qn(f"w:{slot}"))
                theme = fonts.get(qn(f"w:{slot}Theme")) or (fonts.get(qn("w:cstheme")) if slot == "cs" else None)
                if slot not in props["fonts"] and theme:
                    props["fonts"][slot] = "theme:" + theme
    return props


def _fold_ppr(layers: list[Element]) -> dict:
    """The paragraph properties of :meth:`StyleSheet.paragraph_props` set by the first layer that sets each (keys
    no layer sets are absent): layers in order of precedence, so folding a paragraph's own ``w:pPr`` over its
    style chain's fold is the same as folding all of them."""
    props: dict = {}
    for layer in layers:
        jc = child(layer, _JC)
        if "align" not in props and jc is not None:
            props["align"] = jc.get(_VAL)
        ind = child(layer, _IND)
        if ind is not None:
            for key, attr in (("first_line", "w:firstLine"), ("left", "w:left"), ("right", "w:right"),
                              ("hanging", "w:hanging"), ("left", "w:start"), ("right", "w:end")):
                if key not in props and ind.get(qn(attr)) is not None:
                    props[key] = int(ind.get(qn(attr)))
        keep = child(layer, _KEEP_NEXT)
        if "keep_next" not in props and keep is not None:
            props["keep_next"] = is_toggle_on(keep) is not False
        spacing = child(layer, _SPACING)
        if spacing is not None:
            for key, attr in (("before", "w:before"), ("after", "w:after")):
                if key not in props and spacing.get(qn(attr)) is not None:
                    props[key] = int(spacing.get(qn(attr))) / 20
            if "line" not in props and spacing.get(qn("w:line")) is not None:
                props["line"] = int(spacing.get(qn("w:line")))
                props["line_rule"] = spacing.get(qn("w:lineRule"), "auto")
    return props


def _first_color(layers: list[Element]) -> str | None:
    for rpr in layers:
        color = rpr.find(qn("w:color"))
        if color is not None and color.get(qn("w:val")):
            return color.get(qn("w:val"))
    return None


class StyleSheet:
    """Resolves effective run and paragraph properties through styles, as Word does.

    Order: direct run properties → character style → paragraph style chain (basedOn) → docDefaults.
    ``StyleSheet(None)`` is the sheet of a package without a styles part (everything default).
    """

    def __init__(self, styles_root: Element | None):
        self.root = styles_root
        styles = list(styles_root.iter(qn("w:style"))) if styles_root is not None else []
        self.by_id = {s.get(qn("w:styleId")): s for s in styles}
        self.default_para = next(
            (s.get(qn("w:styleId")) for s in styles
             if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
            None,
        )
        defaults = styles_root.find(qn("w:docDefaults")) if styles_root is not None else None
        self._rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
        self._ppr_default = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if defaults is not None else None
        self._styled_cache: dict[tuple[str | None, str | None], tuple[dict, str | None]] = {}
        self._styled_ppr: dict[str | None, dict] = {}

    def chain(self, style_id: str | None) -> list[Element]:
        out, seen = [], set()
        style_id = style_id or self.default_para
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def style_name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id or self.default_para)
        if style is None:
            return None
        name = style.find(qn("w:name"))
        return name.get(qn("w:val")) if name is not None else None

    def _style_rpr_layers(self, rstyle_id: str | None, pstyle_id: str | None) -> list[Element]:
        """The ``w:rPr`` layers under a run's direct formatting: its character style's chain, then the paragraph
        style chain (basedOn), then docDefaults."""
        layers = []
        seen: set = set()
        style_id = rstyle_id
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            if style.find(qn("w:rPr")) is not None:
                layers.append(style.find(qn("w:rPr")))
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        for style in self.chain(pstyle_id):
            rpr = style.find(qn("w:rPr"))
            if rpr is not None:
                layers.append(rpr)
        if self._rpr_default is not None:
            layers.append(self._rpr_default)
        return layers

    def _styled(self, rstyle_id: str | None, pstyle_id: str | None) -> tuple[dict, str | None]:
        """(raw properties, colour) of the style layers: the same for every run of one character and paragraph
        style, so resolved once per pair (a form of 20,000 rows has 120,000 runs and a handful of pairs)."""
        key = (rstyle_id, pstyle_id)
        cached = self._styled_cache.get(key)
        if cached is None:
            layers = self._style_rpr_layers(rstyle_id, pstyle_id)
            cached = self._styled_cache[key] = (_fold_rpr(layers), _first_color(layers))
        return cached

    def _run_layers(self, p_el: Element, r_el: Element | None) -> tuple[Element | None, str | None, str | None]:
        """(direct ``w:rPr`` of the run, its character style id, the paragraph's style id)."""
        rpr_direct = child(r_el, _R_PR) if r_el is not None else None
        rstyle_id = None
        if rpr_direct is not None:
            rstyle = child(rpr_direct, _R_STYLE)
            rstyle_id = rstyle.get(_VAL) if rstyle is not None else None
        return rpr_direct, rstyle_id, paragraph_style_id(p_el)

    def run_props(self, p_el: Element, r_el: Element | None) -> dict:
        """Effective ``size`` (pt), ``bold``, ``italic``, ``fonts`` (slot → family) and ``caps``."""
        rpr_direct, rstyle_id, pstyle_id = self._run_layers(p_el, r_el)
        styled = self._styled(rstyle_id, pstyle_id)[0]
        if rpr_direct is None:
            props = dict(styled, fonts=dict(styled["fonts"]))
        else:
            props = _fold_rpr([rpr_direct])
            for key in ("size", "bold", "italic", "caps"):
                if props[key] is None:
                    props[key] = styled[key]
            for slot, face in styled["fonts"].items():
                props["fonts"].setdefault(slot, face)
        props["size"] = props["size"] or 10.0
        props["bold"] = bool(props["bold"])
        props["italic"] = bool(props["italic"])
        props["caps"] = bool(props["caps"])
        return props

    def run_color(self, p_el: Element, r_el: Element) -> str | None:
        """Effective ``w:color`` of a run (hex or "auto"), through the paragraph's style chain."""
        rpr_direct, rstyle_id, pstyle_id = self._run_layers(p_el, r_el)
        if rpr_direct is not None:
            color = _first_color([rpr_direct])
            if color is not None:
                return color
        return self._styled(rstyle_id, pstyle_id)[1]

    def paragraph_props(self, p_el: Element) -> dict:
        """Effective ``align``, ``first_line`` / ``left`` / ``right`` indents (twips), ``before``/``after`` (pt)."""
        ppr = child(p_el, _P_PR)
        style_id = None
        if ppr is not None:
            style = child(ppr, _P_STYLE)
            style_id = style.get(_VAL) if style is not None else None
        styled = self._styled_ppr.get(style_id)
        if styled is None:
            layers = [s.find(qn("w:pPr")) for s in self.chain(style_id) if s.find(qn("w:pPr")) is not None]
            if self._ppr_default is not None:
                layers.append(self._ppr_default)
            styled = self._styled_ppr[style_id] = _fold_ppr(layers)
        props = _fold_ppr([ppr]) if ppr is not None else {}
        for key, value in styled.items():
            props.setdefault(key, value)
        props.setdefault("align", "left")
        for key in ("first_line", "left", "right", "hanging"):
            props.setdefault(key, 0)
        props.setdefault("before", 0.0)
        props.setdefault("after", 0.0)
        props.setdefault("keep_next", False)
        return props


def run_color(p_el: Element, r_el: Element, sheet: StyleSheet) -> str | None:
    """Effective ``w:color`` of a run (hex or "auto"), through the paragraph's style chain."""
    return sheet.run_color(p_el, r_el)


# --------------------------------------------------------------------------- reading a document back (vanban nhap)


def paragraph_pieces(p_el: Element, sheet: StyleSheet,
                     note_mark: Callable[[str], str] | None = None) -> list[tuple[str, dict, str | None]]:
    """The runs of a paragraph in order as ``(text, properties, hyperlink r:id)``: the text with tabs and
    breaks as characters, the effective properties of :meth:`StyleSheet.run_props` plus ``underline``,
    and the relationship id of the ``w:hyperlink`` holding the run (``None`` outside a link); with
    ``note_mark``, a footnote reference is the text ``note_mark(id)``."""
    tags = (qn("w:t"), qn("w:tab"), qn("w:br")) + ((qn("w:footnoteReference"),) if note_mark else ())
    out = []
    for run in p_el.iter(qn("w:r")):
        parts = []
        for node in run.iter(*tags):
            if node.tag == qn("w:footnoteReference"):
                parts.append(note_mark(node.get(qn("w:id"), "")))
            elif node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                parts.append("\t")
            else:
                parts.append("\n")
        text = "".join(parts)
        if not text:
            continue
        props = dict(sheet.run_props(p_el, run))
        rpr = run.find(qn("w:rPr"))
        u = rpr.find(qn("w:u")) if rpr is not None else None
        props["underline"] = u is not None and u.get(qn("w:val"), "single") not in ("none", "0", "false")
        parent = run.getparent()
        link = parent.get(qn("r:id")) if parent is not None and parent.tag == qn("w:hyperlink") else None
        out.append((text, props, link))
    return out


def core_properties(root: Element | None) -> dict[str, str]:
    """``docProps/core.xml`` as local name → text (title, subject, creator, created …)."""
    if root is None:
        return {}
    out = {}
    for child in root:
        if isinstance(child.tag, str) and child.text:
            out[child.tag.rpartition("}")[2]] = child.text
    return out


def is_empty_paragraph(p_el: Element) -> bool:
    """A paragraph with no text (a spacer, the rule under a name, a page break)."""
    return not paragraph_text(p_el).strip()


def keeps_with_next(p_el: Element) -> bool:
    """Whether the paragraph's own properties keep it with the next one (``w:keepNext``)."""
    ppr = p_el.find(qn("w:pPr"))
    return ppr is not None and bool(is_toggle_on(ppr.find(qn("w:keepNext"))))


def application_name(app_root: Element | None) -> str:
    """The ``Application`` of ``docProps/app.xml`` ("vanban", "Microsoft Office Word", "LibreOffice/…")."""
    if app_root is None:
        return ""
    for child in app_root:
        if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "Application":
            return (child.text or "").strip()
    return ""


def table_of_cell(tc: Element) -> Element:
    """The ``w:tbl`` a cell belongs to."""
    return tc.getparent().getparent()
