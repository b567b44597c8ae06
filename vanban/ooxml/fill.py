"""Per-copy packages: one rendering of a letter filled in for each recipient (gửi từng nơi nhận).

A letter sent to 1,000 recipients differs between copies only in a few texts (Kính gửi, the
recipient's figures). The package is rendered once with a unique marker in each of those texts;
here its parts are split at the markers, the unchanged parts are compressed once, and each copy
only joins and deflates the parts that hold a marker. The result is byte-identical to
:func:`vanban.ooxml.package.save_document` of the same content (same zip layout, same deflate
stream); a test checks it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from .package import COMPRESS_LEVEL, package_members, zip_entry
from .xml import xml_text


def _text_element(open_tag: bytes, close_tag: bytes, content: bytes) -> bytes | None:
    """The element holding ``content`` as python-docx/lxml would write it; ``None`` if it would differ in form."""
    if not content:
        return None  # lxml writes an empty element as <x/> and python-docx drops an empty w:t
    if open_tag.startswith(b"<w:t>") or open_tag.startswith(b"<w:t "):
        text = content.decode("utf-8")
        if len(text.strip()) < len(text):
            return b'<w:t xml:space="preserve">' + content + close_tag
        return b"<w:t>" + content + close_tag
    return open_tag + content + close_tag


class PartTemplate:
    """A serialised part split at text markers: static bytes and holes (elements whose text holds markers)."""

    def __init__(self, data: bytes, markers: list[bytes]):
        found = sorted((pos, index) for index, marker in enumerate(markers)
                       for pos in _find_all(data, marker))
        self.pieces: list = []  # bytes, or (open_tag, close_tag, [bytes | int marker index])
        cursor = 0
        i = 0
        while i < len(found):
            pos = found[i][0]
            start = data.rfind(b"<", 0, pos)
            tag_end = data.index(b">", start) + 1
            close = data.index(b"</", pos)
            end = data.index(b">", close) + 1
            content: list = []
            at = tag_end
            while i < len(found) and found[i][0] < close:
                pos, index = found[i]
                if pos > at:
                    content.append(data[at:pos])
                content.append(index)
                at = pos + len(markers[index])
                i += 1
            if close > at:
                content.append(data[at:close])
            self.pieces.append(data[cursor:start])
            self.pieces.append((data[start:tag_end], data[close:end], content))
            cursor = end
        self.pieces.append(data[cursor:])
        self.holes = len(found)
        self.head = self.pieces[0]
        # the deflate state after the static head, reused by every copy
        self._compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
        self._head_deflated = self._compressor.compress(self.head)
        self._head_crc = zlib.crc32(self.head)

    def fill(self, values: list[bytes]) -> bytes | None:
        """The part's bytes with escaped ``values`` in the holes; ``None`` where the plain renderer would
        write a different form (an empty text), so the caller renders that copy the plain way."""
        out = []
        for piece in self.pieces[1:]:
            if isinstance(piece, bytes):
                out.append(piece)
                continue
            open_tag, close_tag, content = piece
            element = _text_element(open_tag, close_tag,
                                    b"".join(values[c] if isinstance(c, int) else c for c in content))
            if element is None:
                return None
            out.append(element)
        return b"".join(out)

    def deflate(self, tail: bytes) -> tuple[bytes, int, int]:
        """Deflate head + ``tail`` (what :meth:`fill` returned), continuing from the head's saved state."""
        compressor = self._compressor.copy()
        data = self._head_deflated + compressor.compress(tail) + compressor.flush()
        return data, zlib.crc32(tail, self._head_crc), len(self.head) + len(tail)


def _find_all(data: bytes, needle: bytes):
    pos = data.find(needle)
    while pos != -1:
        yield pos
        pos = data.find(needle, pos + len(needle))


class PackageTemplate:
    """A .docx package (from :func:`save_document`) whose marked texts are filled per copy."""

    def __init__(self, docx_bytes: bytes, markers: list[str]):
        self.markers = [m.encode("utf-8") for m in markers]
        self.members: list = []  # (ZipInfo, compressed, crc, size) or (ZipInfo, PartTemplate)
        for name, data in package_members(docx_bytes):
            zinfo = zip_entry(name)
            if any(marker in data for marker in self.markers):
                self.members.append((zinfo, PartTemplate(data, self.markers)))
            else:
                compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
                packed = compressor.compress(data) + compressor.flush()
                self.members.append((zinfo, packed, zlib.crc32(data), len(data)))

    def part(self, name: str) -> PartTemplate | None:
        for member in self.members:
            if member[0].filename == name and isinstance(member[1], PartTemplate):
                return member[1]
        return None

    def fill(self, values: list[str]) -> bytes | None:
        """The package of one copy, or ``None`` if a value needs the plain renderer (see PartTemplate.fill)."""
        escaped = [xml_text(v) for v in values]
        out = io.BytesIO()
        central = []
        for member in self.members:
            zinfo = member[0]
            if isinstance(member[1], PartTemplate):
                tail = member[1].fill(escaped)
                if tail is None:
                    return None
                packed, crc, size = member[1].deflate(tail)
            else:
                _, packed, crc, size = member
            entry = zip_entry(zinfo.filename)
            entry.CRC, entry.compress_size, entry.file_size = crc, len(packed), size
            entry.header_offset = out.tell()
            out.write(entry.FileHeader(False))
            out.write(packed)
            central.append(entry)
        _write_central_directory(out, central)
        return out.getvalue()


def _write_central_directory(out: io.BytesIO, entries: list[zipfile.ZipInfo]) -> None:
    """The central directory and end record, field for field as :mod:`zipfile` writes them."""
    start = out.tell()
    for info in entries:
        dt = info.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        filename, flag_bits = info._encodeFilenameFlags()
        out.write(struct.pack(zipfile.structCentralDir, zipfile.stringCentralDir, info.create_version,
                              info.create_system, info.extract_version, info.reserved, flag_bits,
                              info.compress_type, dostime, dosdate, info.CRC, info.compress_size, info.file_size,
                              len(filename), len(info.extra), len(info.comment), 0, info.internal_attr,
                              info.external_attr, info.header_offset))
        out.write(filename + info.extra + info.comment)
    size = out.tell() - start
    out.write(struct.pack(zipfile.structEndArchive, zipfile.stringEndArchive, 0, 0, len(entries), len(entries),
                          size, start, 0))
