"""An office's own Word form (mẫu Word của cơ quan, biểu mẫu/phụ lục do bộ, ngành ban hành dưới dạng .docx)
with Jinja tags, filled by docxtpl and appended to a letter as a section of its own.

The WordprocessingML side only; the tags are filled in vanban's sandboxed Jinja environment, which the
caller passes in (:mod:`vanban.copies.word`). A form's package has passed the gate and the package limits
(:func:`vanban.ooxml.open_package`) and lost its external template links before it reaches this module.

- :func:`template_sources`: the Jinja source of every story docxtpl fills (body, headers, footers), as
  docxtpl prepares it, with a line break before each paragraph: a Jinja line number is then the
  paragraph's ordinal ("đoạn 12"), which the load-time check names.
- :func:`unsupported_content`: what vanban cannot carry into the letter (several sections, footnotes,
  comments, charts, embedded objects): refused at load, never dropped silently.
- :func:`fill`: docxtpl's ``DocxTemplate.render(context, jinja_env=…)`` with the given environment,
  saved deterministically.
- :func:`page_setup` / :func:`apply_page_setup`: the form's own page size, orientation and margins for
  its section (Nghị định 30, §3.16: an appendix on pages of its own).
- :func:`append_form`: the form's body at the end of a python-docx document: its styles copied under
  names of their own (``"<name> (mẫu Word 1)"``; the letter's styles are never changed), its numbering
  definitions renumbered, images and hyperlinks re-related, drawing and bookmark ids made unique.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass

from .elements import get_or_add, set_child, xml_of
from .package import deterministic_zip
from .xml import Element, qn

W_MAIN_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_IMAGE = f"{W_MAIN_TYPE}/image"
_HYPERLINK = f"{W_MAIN_TYPE}/hyperlink"
_HEADER = f"{W_MAIN_TYPE}/header"
_FOOTER = f"{W_MAIN_TYPE}/footer"
_R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
_PIC_CNVPR = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"


class WordFormError(Exception):
    """A form that cannot be read or carried over; ``message`` is Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _document(data):
    """A python-docx Document of the form's bytes (or the Document itself, already open)."""
    import docx

    if not isinstance(data, (bytes, bytearray)):
        return data
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged package
        raise WordFormError(f"python-docx không mở được tệp ({type(exc).__name__}: {exc})") from None


# --------------------------------------------------------------------------- the tags


def _lines(source: str) -> str:
    """A line break before each paragraph, as docxtpl renders a part (its Jinja line numbers = paragraphs)."""
    return source.replace("<w:p>", "\n<w:p>").replace("<w:p ", "\n<w:p ")


def template_sources(data: bytes) -> list[tuple[str, str]]:
    """(story, Jinja source) for the body and every header and footer, as docxtpl fills them (its
    ``patch_xml``: tags split across runs joined, ``{%tr %}``/``{%p %}`` moved to their rows and paragraphs)."""
    from docxtpl import DocxTemplate
    from lxml import etree

    template = DocxTemplate(io.BytesIO(data))
    template.docx = _document(data)
    out = [("thân", _lines(template.patch_xml(template.get_xml())))]
    for rel in template.docx.part.rels.values():
        if rel.reltype in (_HEADER, _FOOTER) and not rel.is_external:
            xml = etree.tostring(rel.target_part.element, encoding="unicode")
            story = "đầu trang" if rel.reltype == _HEADER else "chân trang"
            out.append((story, _lines(template.patch_xml(xml))))
    return out


def unsupported_content(data: bytes) -> list[str]:
    """What the body holds that vanban cannot carry into the letter (Vietnamese, one item each)."""
    document = _document(data)
    body = document.element.body
    found: list[str] = []

    def add(what: str) -> None:
        if what not in found:
            found.append(what)

    for p in body.iter(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            add("nhiều phần (section) với bố cục trang khác nhau: hãy để cả mẫu trong một phần")
            break
    for tag, what in (("w:footnoteReference", "chú thích cuối trang (footnote)"),
                      ("w:endnoteReference", "chú thích cuối văn bản (endnote)"),
                      ("w:commentReference", "nhận xét (comment)"),
                      ("w:subDoc", "văn bản con (subdocument)"), ("w:altChunk", "nội dung nhúng (altChunk)"),
                      ("w:object", "đối tượng nhúng (OLE)")):
        if next(body.iter(qn(tag)), None) is not None:
            add(what)
    rels = document.part.rels
    for node in body.iter():
        for name, value in node.attrib.items():
            if name.startswith(_R_NS) and value in rels:
                rel = rels[value]
                if rel.reltype not in (_IMAGE, _HYPERLINK):
                    add(f"phần liên kết loại `{rel.reltype.rsplit('/', 1)[-1]}` (biểu đồ, đối tượng nhúng …)")
    return found


# --------------------------------------------------------------------------- filling


def fill(data: bytes, context: dict, environment) -> bytes:
    """The form filled by docxtpl in ``environment`` (vanban's sandbox; autoescaped, so a value can never
    make XML), as a deterministic package. Errors of the template and of the values propagate."""
    from docxtpl import DocxTemplate

    template = DocxTemplate(io.BytesIO(data))
    template.render(context, jinja_env=environment)
    out = io.BytesIO()
    template.save(out)
    return deterministic_zip(out.getvalue())


# --------------------------------------------------------------------------- page setup


@dataclass(frozen=True)
class PageSetup:
    """The form's page: size (``w:pgSz``) and margins (``w:pgMar``), as written in its last section."""

    size: Element | None
    margins: Element | None

    @property
    def landscape(self) -> bool:
        if self.size is None:
            return False
        if self.size.get(qn("w:orient")) == "landscape":
            return True
        try:
            return int(self.size.get(qn("w:w"), "0")) > int(self.size.get(qn("w:h"), "0"))
        except ValueError:
            return False


def open_form(data: bytes):
    """The form opened once for :func:`page_setup` and :func:`append_form` (which read it, never change it)."""
    return _document(data)


def page_setup(data) -> PageSetup:
    sect = _document(data).element.body.find(qn("w:sectPr"))
    if sect is None:
        return PageSetup(None, None)
    size, margins = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return PageSetup(copy.deepcopy(size) if size is not None else None,
                     copy.deepcopy(margins) if margins is not None else None)


def apply_page_setup(section, setup: PageSetup) -> None:
    """The form's page size and margins on a python-docx section (its numbering and headers stay vanban's)."""
    sect = xml_of(section)
    for node in (setup.size, setup.margins):
        if node is not None:
            set_child(sect, copy.deepcopy(node))


# --------------------------------------------------------------------------- appending


def _max_int(nodes, attr: str) -> int:
    best = 0
    for node in nodes:
        try:
            best = max(best, int(node.get(attr, "0")))
        except ValueError:
            continue
    return best


class _Styles:
    """The form's styles copied into the letter under ids and names of their own."""

    def __init__(self, source, target, index: int):
        self.src = source.styles.element
        self.dst = target.styles.element
        self.index = index
        self.by_id = {s.get(qn("w:styleId")): s for s in self.src.findall(qn("w:style"))}
        self.mapped: dict[str, str] = {}
        self.defaults = {}
        for s in self.src.findall(qn("w:style")):
            if s.get(qn("w:default")) in ("1", "true", "on"):
                self.defaults.setdefault(s.get(qn("w:type")), s.get(qn("w:styleId")))
        taken = {s.get(qn("w:styleId")) for s in self.dst.findall(qn("w:style"))}
        names = set()
        for s in self.dst.findall(qn("w:style")):
            name = s.find(qn("w:name"))
            if name is not None:
                names.add(name.get(qn("w:val")))
        self.taken, self.names = taken, names
        doc_defaults = self.src.find(qn("w:docDefaults"))
        self.default_rpr = doc_defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if doc_defaults is not None \
            else None
        self.default_ppr = doc_defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}") if doc_defaults is not None \
            else None

    def new_id(self, style_id: str) -> str:
        candidate = f"MauWord{self.index}{style_id}"
        n = 2
        while candidate in self.taken:
            candidate = f"MauWord{self.index}{style_id}{n}"
            n += 1
        self.taken.add(candidate)
        return candidate

    def use(self, style_id: str | None) -> str | None:
        """The letter's id of the form's style ``style_id`` (copied with what it is based on)."""
        if style_id is None or style_id not in self.by_id:
            return None
        if style_id in self.mapped:
            return self.mapped[style_id]
        new = self.new_id(style_id)
        self.mapped[style_id] = new
        style = copy.deepcopy(self.by_id[style_id])
        style.set(qn("w:styleId"), new)
        for attr in ("w:default",):
            style.attrib.pop(qn(attr), None)
        name = style.find(qn("w:name"))
        label = name.get(qn("w:val")) if name is not None else style_id
        shown = f"{label} (mẫu Word {self.index})"
        while shown in self.names:
            shown += "'"
        self.names.add(shown)
        set_child(style, _val("w:name", shown))
        based = style.find(qn("w:basedOn"))
        if based is not None:
            parent = self.use(based.get(qn("w:val")))
            if parent is None:
                style.remove(based)
            else:
                based.set(qn("w:val"), parent)
        if style.find(qn("w:basedOn")) is None and style.get(qn("w:type")) == "paragraph":
            self._with_defaults(style)
        for tag in ("w:next", "w:link"):
            node = style.find(qn(tag))
            if node is not None:
                target = node.get(qn("w:val"))
                if target == style_id:
                    node.set(qn("w:val"), new)
                elif target in self.mapped:
                    node.set(qn("w:val"), self.mapped[target])
                else:
                    style.remove(node)
        for node in style.iter(qn("w:latentStyles")):
            node.getparent().remove(node)
        self.dst.append(style)
        return new

    def _with_defaults(self, style: Element) -> None:
        """A root paragraph style of the form carries the form's document defaults (its fonts and sizes), so
        that the letter's defaults do not change how the form looks (character and table styles are left as
        they are: defaults there would override the paragraph's own)."""
        for default, tag in ((self.default_rpr, "w:rPr"), (self.default_ppr, "w:pPr")):
            if default is None or not len(default):
                continue
            own = style.find(qn(tag))
            if own is None:
                own = get_or_add(style, tag)
            present = {child.tag for child in own}
            for child in default:
                if child.tag not in present:
                    own.append(copy.deepcopy(child))
            _reorder(own)


def _reorder(container: Element) -> None:
    """Children of a property container back into the schema's order (after defaults were merged in)."""
    from .elements import rank_of

    children = list(container)
    keyed = sorted(range(len(children)), key=lambda i: (rank_of(container.tag, children[i].tag)
                                                        if rank_of(container.tag, children[i].tag) is not None
                                                        else 10_000, i))
    for child in children:
        container.remove(child)
    for i in keyed:
        container.append(children[i])


def _val(tag: str, value: str) -> Element:
    from .elements import el

    return el(tag, {"w:val": value})


class _Numbering:
    """The form's list definitions (``w:abstractNum``, ``w:num``) copied into the letter under new ids."""

    def __init__(self, source, target):
        self.source, self.target = source, target
        self.mapped: dict[str, str] = {}
        self.abstract: dict[str, str] = {}
        self.src = None
        self.dst = None

    def _parts(self) -> bool:
        if self.src is None:
            try:
                self.src = self.source.part.numbering_part.element
            except (KeyError, NotImplementedError):
                return False
            self.dst = self.target.part.numbering_part.element
        return True

    def use(self, num_id: str) -> str | None:
        if num_id == "0":
            return "0"  # "no numbering"
        if num_id in self.mapped:
            return self.mapped[num_id]
        if not self._parts():
            return None
        num = next((n for n in self.src.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
        if num is None:
            return None
        abstract_ref = num.find(qn("w:abstractNumId"))
        old_abstract = abstract_ref.get(qn("w:val")) if abstract_ref is not None else None
        new_abstract = self.abstract.get(old_abstract)
        if new_abstract is None and old_abstract is not None:
            found = next((a for a in self.src.findall(qn("w:abstractNum"))
                          if a.get(qn("w:abstractNumId")) == old_abstract), None)
            if found is not None:
                new_abstract = str(_max_int(self.dst.findall(qn("w:abstractNum")), qn("w:abstractNumId")) + 1)
                clone = copy.deepcopy(found)
                clone.set(qn("w:abstractNumId"), new_abstract)
                for nsid in clone.findall(qn("w:nsid")):
                    clone.remove(nsid)  # Word tells lists apart by nsid: a copy must not join the letter's
                existing = self.dst.findall(qn("w:abstractNum"))
                if existing:
                    existing[-1].addnext(clone)
                else:
                    self.dst.insert(0, clone)
                self.abstract[old_abstract] = new_abstract
        new_num = str(_max_int(self.dst.findall(qn("w:num")), qn("w:numId")) + 1)
        clone = copy.deepcopy(num)
        clone.set(qn("w:numId"), new_num)
        if clone.find(qn("w:abstractNumId")) is not None and new_abstract is not None:
            clone.find(qn("w:abstractNumId")).set(qn("w:val"), new_abstract)
        nums = self.dst.findall(qn("w:num"))
        if nums:
            nums[-1].addnext(clone)
        else:
            last_abstract = self.dst.findall(qn("w:abstractNum"))
            if last_abstract:
                last_abstract[-1].addnext(clone)
            else:
                self.dst.append(clone)
        self.mapped[num_id] = new_num
        return new_num

    def rewrite(self, root: Element) -> None:
        for num_id in list(root.iter(qn("w:numId"))):
            new = self.use(num_id.get(qn("w:val"), ""))
            if new is None:
                num_pr = num_id.getparent()
                num_pr.getparent().remove(num_pr)
            else:
                num_id.set(qn("w:val"), new)


def append_form(target, data, index: int) -> None:
    """Append the body of the filled form ``data`` to the python-docx document ``target`` (before its last
    section's properties); ``index`` (1, 2 …) names the copied styles. The form's own last-section
    properties are not copied (see :func:`page_setup`)."""
    source = _document(data)
    items = [copy.deepcopy(child) for child in source.element.body if child.tag != qn("w:sectPr")]
    styles = _Styles(source, target, index)
    numbering = _Numbering(source, target)
    default_paragraph = styles.defaults.get("paragraph")
    default_table = styles.defaults.get("table")
    for item in items:  # the form's own style references first, then its defaults made explicit
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            for node in list(item.iter(qn(tag))):
                new = styles.use(node.get(qn("w:val")))
                if new is None:
                    node.getparent().remove(node)
                else:
                    node.set(qn("w:val"), new)
        for p in item.iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            if (ppr is None or ppr.find(qn("w:pStyle")) is None) and default_paragraph:
                new = styles.use(default_paragraph)
                if new:
                    set_child(get_or_add(p, "w:pPr"), _val("w:pStyle", new))
        for tbl in item.iter(qn("w:tbl")):
            tblpr = tbl.find(qn("w:tblPr"))
            if tblpr is not None and tblpr.find(qn("w:tblStyle")) is None and default_table:
                new = styles.use(default_table)
                if new:
                    set_child(tblpr, _val("w:tblStyle", new))
        numbering.rewrite(item)
    for style in list(styles.mapped.values()):
        node = next(s for s in styles.dst.findall(qn("w:style")) if s.get(qn("w:styleId")) == style)
        numbering.rewrite(node)
    _relink(source, target, items)
    _unique_ids(target, items)
    body = target.element.body
    last = body[-1] if len(body) else None
    for item in items:
        if last is not None and last.tag == qn("w:sectPr"):
            last.addprevious(item)
        else:
            body.append(item)


def _relink(source, target, items: list[Element]) -> None:
    """Images and hyperlinks of the form related from the letter's main part (new ids)."""
    rels = source.part.rels
    mapped: dict[str, str] = {}
    for item in items:
        for node in item.iter():
            for name, value in list(node.attrib.items()):
                if not name.startswith(_R_NS):
                    continue
                if value not in mapped:
                    rel = rels.get(value)
                    if rel is None:
                        raise WordFormError(f"liên kết `{value}` không có trong mẫu")
                    if rel.is_external:
                        mapped[value] = target.part.relate_to(rel.target_ref, rel.reltype, is_external=True)
                    elif rel.reltype == _IMAGE:
                        mapped[value], _image = target.part.get_or_add_image(io.BytesIO(rel.target_part.blob))
                    else:
                        raise WordFormError(f"không mang được phần liên kết loại {rel.reltype.rsplit('/', 1)[-1]}")
                node.set(name, mapped[value])


def _unique_ids(target, items: list[Element]) -> None:
    """Drawing ids (``wp:docPr``) and bookmark ids after those of the letter: each unique in the document."""
    body = target.element.body
    next_drawing = max(_max_int(body.iter(_DOCPR), "id"), _max_int(body.iter(_PIC_CNVPR), "id")) + 1
    next_mark = _max_int(body.iter(qn("w:bookmarkStart")), qn("w:id")) + 1
    marks: dict[str, str] = {}
    for item in items:
        for node in item.iter(_DOCPR):
            node.set("id", str(next_drawing))
            next_drawing += 1
        for tag in ("w:bookmarkStart", "w:bookmarkEnd"):
            for node in item.iter(qn(tag)):
                old = node.get(qn("w:id"), "")
                if old not in marks:
                    marks[old] = str(next_mark)
                    next_mark += 1
                node.set(qn("w:id"), marks[old])
