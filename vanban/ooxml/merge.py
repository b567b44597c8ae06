"""The merged print file (bản gộp để in): every copy of a letter in one .docx, streamed to disk.

Each copy starts on a new page, in a section of its own whose page numbers restart at 1 with no
number on its first page (§3.15). Copies are joined as serialised XML (the copies of one letter
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
from .xml import parse_xml, qn, serialize_fragment

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


class MergedDocument:
    """A .docx at ``path`` holding copies of the letter ``base`` (a package from ``save_document``)
    one after the other; :meth:`add` each copy's package, then :meth:`close`."""

    def __init__(self, path: Path, base: bytes):
        self.parts = package_members(base)
        document = dict(self.parts)[W_MAIN]
        self.head, self.section_break, self.ending = merge_layout(document)
        self.restart = first_section_restart(document)  # a letter with forms: several sections
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
                if name != W_MAIN:
                    self.zip.writestr(zip_entry(name), data)
        self.zip.close()
