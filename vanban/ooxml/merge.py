"""The merged print file (bản gộp để in): every copy of a letter in one .docx, streamed to disk.

Each copy starts on a new page, in a section of its own whose page numbers restart at 1 with no
number on its first page (§3.15), and its numbered lists (a Word form's 1., 2., 3.) count from their
start again (:class:`ListRestarts`). Copies are joined as serialised XML (the copies of one letter
share everything but a few texts), so a run of thousands of copies never holds more than one copy
in memory. The file is a plain zip: no zip64 (pandoc and other readers refuse it); a print file
that would need it (over 2 GB) is refused with :class:`MergedTooLarge`.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from .builders import hide_paragraph_mark
from .elements import el, get_or_add, insert_in_order, tags_after
from .package import COMPRESS_LEVEL, W_MAIN, package_members, read_part, zip_entry
from .xml import Element, parse_xml, qn, serialize_fragment, serialize_part, xml_text

#: Largest document.xml of a merged file: what a zip without zip64 holds, less room for the other parts.
MAX_MERGED_BYTES = zipfile.ZIP64_LIMIT - 64 * 1024 * 1024

_BODY = b"<w:body>"
_SECT = b"<w:sectPr"
_SECT_END = b"</w:sectPr>"


class MergedTooLarge(Exception):
    """The merged document would be too large for a zip without zip64."""


def body_content(document_xml: bytes) -> bytes:
    """The serialised children of ``w:body`` before its final ``w:sectPr``: one copy's content when merging."""
    start = document_xml.index(_BODY) + len(_BODY)
    return document_xml[start:document_xml.rindex(_SECT)]


def first_section_restart(document_xml: bytes) -> tuple[bytes, bytes] | None:
    """For a document of several sections (a letter and its forms): the serialised properties of its first
    section and the same with page numbers restarting at 1, to swap in each copy of a merged document.
    ``None`` for a one-section document (its only sectPr is handled by :func:`merge_layout`)."""
    start = document_xml.index(_BODY)
    first = document_xml.find(_SECT, start)
    if first == -1 or first == document_xml.rindex(_SECT):
        return None
    end = document_xml.index(_SECT_END, first) + len(_SECT_END)
    old = document_xml[first:end]
    if b"<w:pgNumType" in old:
        return None
    later = [old.find(b"<" + tag.encode()) for tag in tags_after("sectPr", "pgNumType")]
    at = min((pos for pos in later if pos != -1), default=len(old) - len(_SECT_END))
    return old, old[:at] + b'<w:pgNumType w:start="1"/>' + old[at:]


def merge_layout(document_xml: bytes) -> tuple[bytes, bytes, bytes]:
    """How to concatenate copies of a one-section document.xml into one document for printing.

    Returns (the head up to and with ``<w:body>``, the section break paragraph to put after each copy
    but the last, the new ending). Every copy starts on a new page with its page numbers
    restarting at 1 (``w:pgNumType w:start="1"``) and no number on its first page (§3.15).
    """
    if not document_xml.rstrip().endswith(_SECT_END + b"</w:body></w:document>"):
        raise ValueError("document.xml does not end with its section properties")
    start = document_xml.index(_BODY) + len(_BODY)
    sect = parse_xml(document_xml).find(qn("w:body")).find(qn("w:sectPr"))
    get_or_add(sect, "w:pgNumType").set(qn("w:start"), "1")
    sect_bytes = serialize_fragment(sect)
    # the break after a copy (which ends with its signature or its form's table) takes no room: a copy whose
    # last page is full never pushes an empty page holding only a page number into the print file
    breaker = el("w:p")
    hide_paragraph_mark(breaker)
    insert_in_order(breaker.find(qn("w:pPr")), copy.deepcopy(sect))
    section_break = serialize_fragment(breaker)
    return document_xml[:start], section_break, sect_bytes + b"</w:body></w:document>"


#: The numbering and styles parts of a package python-docx writes (vanban's letters and their copies).
NUMBERING = "word/numbering.xml"
STYLES = "word/styles.xml"
#: Level formats that print no number: a list of them has nothing to restart.
_NOT_COUNTED = frozenset({"bullet", "none"})


def _max_id(nodes, attr: str) -> int:
    values = [int(v) for v in (n.get(qn(attr)) for n in nodes) if v is not None and v.lstrip("-").isdigit()]
    return max(values, default=0)


def _val(node: Element | None, tag: str) -> str | None:
    child = node.find(qn(tag)) if node is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _abstract_content(abstract: Element) -> bytes:
    """An abstract list definition without its id: two that print alike share one in the merged file."""
    clone = copy.deepcopy(abstract)
    clone.attrib.pop(qn("w:abstractNumId"), None)
    return serialize_fragment(clone)


def _numbered_styles(styles: Element | None) -> dict[str, tuple[str, str | None]]:
    """Paragraph styles that number their paragraphs (``w:numPr`` of the style or of one it is based on):
    style id → (numId, ilvl or ``None``). The id ``""`` stands for the default paragraph style."""
    if styles is None:
        return {}
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style")) if s.get(qn("w:type")) == "paragraph"}
    out: dict[str, tuple[str, str | None]] = {}
    for style_id, style in by_id.items():
        seen, node = set(), style
        while node is not None and node.get(qn("w:styleId")) not in seen:
            seen.add(node.get(qn("w:styleId")))
            num_pr = node.find(qn("w:pPr") + "/" + qn("w:numPr"))
            num_id = _val(num_pr, "w:numId")
            if num_id is not None:
                if num_id != "0":
                    out[style_id] = (num_id, _val(num_pr, "w:ilvl"))
                break
            node = by_id.get(_val(node, "w:basedOn"))
        if style.get(qn("w:default")) in ("1", "true") and style_id in out:
            out[""] = out[style_id]
    return out


class ListRestarts:
    """Each copy's lists in the merged print file get list instances (``w:num``) of their own, so that a
    numbered list of a copy (a Word form's 1., 2., 3., Nghị định 30 §3.16: each copy a document of its own)
    counts from its start instead of on from the copy before it (4., 5., 6.).

    The copies of a letter share one numbering part (the first copy's): without this, every copy's paragraphs
    would point at the same ``w:num``. Here, per copy, each list instance its paragraphs use (directly, or
    through a numbered paragraph style, then written on the paragraph) is replaced by a new one on the same
    definition; the first instance of each definition in the copy gets a ``w:lvlOverride/w:startOverride`` for
    every level that prints a number, the way Word restarts a list (ECMA-376 §17.9.26, §17.9.28). Further
    instances of that definition in the copy count on as they did in the copy itself. A copy's own definitions
    are taken from its own numbering part (a form filled differently per recipient may use fewer lists), shared
    with the merged file's where they are the same. Bullets get their instances too, without override."""

    def __init__(self, parts: dict[str, bytes]):
        self.root = parse_xml(parts[NUMBERING]) if NUMBERING in parts else None
        self.changed = False
        self.new_abstracts: list[Element] = []
        self.new_nums: list[Element] = []
        if self.root is None:
            return
        abstracts = self.root.findall(qn("w:abstractNum"))
        self.abstracts = {a.get(qn("w:abstractNumId")): a for a in abstracts}
        self.by_content: dict[bytes, str] = {}
        for abstract_id, abstract in self.abstracts.items():
            self.by_content.setdefault(_abstract_content(abstract), abstract_id)
        self.nums = {n.get(qn("w:numId")): n for n in self.root.findall(qn("w:num"))}
        self.next_num = _max_id(self.nums.values(), "w:numId") + 1
        self.next_abstract = _max_id(abstracts, "w:abstractNumId") + 1
        self.styled = _numbered_styles(parse_xml(parts[STYLES]) if STYLES in parts else None)
        # a copy whose body has none of these has no list: it is copied as it is, unparsed
        self.markers = [b"<w:numId"] + [b'w:val="' + xml_text(s).replace(b'"', b"&quot;") + b'"' for s in self.styled if s]
        self.default_numbered = "" in self.styled

    def needed(self, body: bytes) -> bool:
        return self.root is not None and (self.default_numbered or any(m in body for m in self.markers))

    def rewrite(self, head: bytes, body: bytes, package: bytes) -> bytes:
        """``body`` (one copy's serialised body content, see :func:`body_content`) with its lists on list
        instances of their own; ``head`` is the document's start up to ``<w:body>`` (its namespaces),
        ``package`` the copy's .docx (its own numbering part)."""
        root = parse_xml(head + body + b"</w:body></w:document>")
        own: list[Element | None] = []  # the copy's numbering part, parsed on first need
        mapped: dict[tuple[str, str], str | None] = {}
        restarted: set[tuple[str, str]] = set()
        for p in root.find(qn("w:body")).iter(qn("w:p")):
            ppr = p.find(qn("w:pPr"))
            num_pr = ppr.find(qn("w:numPr")) if ppr is not None else None
            direct = _val(num_pr, "w:numId")
            if direct is not None:
                source, num_id, style_level = "copy", direct, None
            else:
                style = self.styled.get(_val(ppr, "w:pStyle") or "")
                if style is None:
                    continue
                source, (num_id, style_level) = "base", style
            if num_id == "0":
                continue
            key = (source, num_id)
            if key not in mapped:
                if source == "copy" and not own:
                    try:
                        own.append(parse_xml(read_part(package, NUMBERING)))
                    except KeyError:  # no numbering part: its instances are not defined
                        own.append(None)
                mapped[key] = self._instance(source, num_id, own[0] if own else None, restarted)
            new = mapped[key]
            if new is None:
                continue  # an instance the copy does not define: left as it is
            if direct is not None:
                num_pr.find(qn("w:numId")).set(qn("w:val"), new)
                continue
            num_pr = get_or_add(get_or_add(p, "w:pPr"), "w:numPr")
            if num_pr.find(qn("w:ilvl")) is None:
                insert_in_order(num_pr, el("w:ilvl", {"w:val": style_level or "0"}))
            insert_in_order(num_pr, el("w:numId", {"w:val": new}))
        if not mapped:
            return body
        self.changed = True
        data = serialize_fragment(root)
        return data[data.index(_BODY) + len(_BODY):data.rindex(b"</w:body>")]

    def _instance(self, source: str, num_id: str, own: Element | None, restarted: set) -> str | None:
        """A new ``w:num`` in the merged numbering for the copy's instance ``num_id`` (of the merged file's
        numbering when ``source`` is "base", of the copy's own ``own`` otherwise), restarting when it is the
        copy's first of its definition; ``None`` when the instance is not defined."""
        numbering = self.root if source == "base" else own
        if numbering is None:
            return None
        num = next((n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id), None)
        abstract_id = _val(num, "w:abstractNumId")
        if abstract_id is None:
            return None
        if source == "base":
            abstract = self.abstracts.get(abstract_id)
            merged_id = abstract_id
        else:
            abstract = next((a for a in numbering.findall(qn("w:abstractNum"))
                             if a.get(qn("w:abstractNumId")) == abstract_id), None)
            if abstract is None:
                return None
            merged_id = self._definition(abstract)
        if abstract is None:
            return None
        new_id = str(self.next_num)
        self.next_num += 1
        new = el("w:num", {"w:numId": new_id}, el("w:abstractNumId", {"w:val": merged_id}))
        overrides = {o.get(qn("w:ilvl")): copy.deepcopy(o) for o in num.findall(qn("w:lvlOverride"))}
        if (source, abstract_id) not in restarted:
            restarted.add((source, abstract_id))
            for lvl in abstract.findall(qn("w:lvl")):
                level = lvl.get(qn("w:ilvl"))
                override = overrides.get(level)
                shown = override.find(qn("w:lvl")) if override is not None else None
                shown = shown if shown is not None else lvl
                if (_val(shown, "w:numFmt") or "decimal") in _NOT_COUNTED:
                    continue
                if override is None:
                    override = overrides[level] = el("w:lvlOverride", {"w:ilvl": level})
                if override.find(qn("w:startOverride")) is None:
                    insert_in_order(override, el("w:startOverride", {"w:val": _val(shown, "w:start") or "0"}))
        for level in sorted(overrides, key=lambda v: int(v) if (v or "").isdigit() else 99):
            new.append(overrides[level])
        self.new_nums.append(new)
        return new_id

    def _definition(self, abstract: Element) -> str:
        """The merged file's id of a definition printing like the copy's ``abstract`` (added when new)."""
        content = _abstract_content(abstract)
        found = self.by_content.get(content)
        if found is None:
            found = str(self.next_abstract)
            self.next_abstract += 1
            clone = copy.deepcopy(abstract)
            clone.set(qn("w:abstractNumId"), found)
            self.new_abstracts.append(clone)
            self.abstracts[found] = clone
            self.by_content[content] = found
        return found

    def part(self) -> bytes:
        """The merged numbering part: the first copy's, with every copy's list instances (and definitions)."""
        for abstract in self.new_abstracts:
            insert_in_order(self.root, abstract)
        cleanup = self.root.find(qn("w:numIdMacAtCleanup"))
        for num in self.new_nums:
            if cleanup is not None:
                cleanup.addprevious(num)
            else:
                self.root.append(num)
        self.new_abstracts, self.new_nums = [], []
        return serialize_part(self.root)


class MergedDocument:
    """A .docx at ``path`` holding copies of the letter ``base`` (a package from ``save_document``)
    one after the other; :meth:`add` each copy's package, then :meth:`close`."""

    def __init__(self, path: Path, base: bytes):
        self.parts = package_members(base)
        document = dict(self.parts)[W_MAIN]
        self.head, self.section_break, self.ending = merge_layout(document)
        self.restart = first_section_restart(document)  # a letter with forms: several sections
        self.lists = ListRestarts(dict(self.parts))
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=False, compresslevel=COMPRESS_LEVEL)
        self.stream = None
        self.written = 0

    def _write(self, data: bytes) -> None:
        self.written += len(data)
        if self.written + len(self.ending) > MAX_MERGED_BYTES:
            raise MergedTooLarge(f"{self.written} bytes")
        self.stream.write(data)

    def add(self, copy: bytes) -> None:
        body = body_content(read_part(copy, W_MAIN))
        if self.restart is not None:
            body = body.replace(self.restart[0], self.restart[1], 1)
        if self.lists.needed(body):
            body = self.lists.rewrite(self.head, body, copy)
        if self.stream is None:
            self.stream = self.zip.open(zip_entry(W_MAIN), "w")
            self._write(self.head)
        else:
            self._write(self.section_break)
        self._write(body)

    def abort(self) -> None:
        """Close the file without finishing it (the caller removes it): a run stopped half way. Errors of
        the half-written file (a full disk) are dropped: the caller reports the error that stopped the run."""
        try:
            if self.stream is not None:
                self.stream.close()
        except (OSError, ValueError):
            pass
        finally:
            self.stream = None
            try:
                self.zip.close()
            except (OSError, ValueError):
                pass

    def close(self) -> None:
        if self.stream is not None:
            self.stream.write(self.ending)
            self.stream.close()
            for name, data in self.parts:
                if name == NUMBERING and self.lists.changed:
                    data = self.lists.part()
                if name != W_MAIN:
                    self.zip.writestr(zip_entry(name), data)
        self.zip.close()
