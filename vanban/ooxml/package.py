"""The .docx package (a zip of parts): reading untrusted files, writing byte-identical ones.

Reading: a .docx vanban did not write (a clerk's Word file, one from another agency) is opened by
:func:`open_package` within limits (zip bombs, huge parts, thousands of members and DOCTYPEs are
refused with a VB7xx code). Writing: every package vanban writes goes through :func:`write_package`
with one fixed zip entry (:func:`zip_entry`: fixed timestamp and attributes, deflate level 6, no
zip64), so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from typing import Iterable

from .parts import finish
from .xml import Element, XMLSyntaxError, has_doctype, parse_xml, qn

#: A fixed timestamp for every zip member, so the same input gives byte-identical output.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
#: Deflate level of every member (zipfile's and the per-copy renderer's streams must agree).
COMPRESS_LEVEL = 6

W_MAIN = "word/document.xml"


# --------------------------------------------------------------------------- writing


def zip_entry(name: str) -> zipfile.ZipInfo:
    """The zip entry of every member vanban writes: fixed date and attributes, deflated."""
    info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    info.flag_bits = 0
    return info


def write_package(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` members in the given order, deterministic and never zip64."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=False) as dst:
        for name, data in members:
            dst.writestr(zip_entry(name), data, compresslevel=COMPRESS_LEVEL)
    return out.getvalue()


def package_members(docx_bytes: bytes) -> list[tuple[str, bytes]]:
    """The members of a package vanban wrote, in order (not for untrusted input: see :class:`Package`)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as src:
        return [(info.filename, src.read(info.filename)) for info in src.infolist()]


def replace_parts(docx_bytes: bytes, parts: dict[str, bytes]) -> bytes:
    """The same package with some parts replaced, written deterministically."""
    return write_package((name, parts.get(name, data)) for name, data in package_members(docx_bytes))


def deterministic_zip(docx_bytes: bytes) -> bytes:
    """Re-pack a package with fixed timestamps and attributes, keeping member order."""
    return replace_parts(docx_bytes, {})


def read_part(docx_bytes: bytes, name: str) -> bytes:
    """One part of a package vanban wrote (untrusted input goes through :func:`open_package`)."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        return zf.read(name)


class _Members:
    """The physical writer python-docx's ``PackageWriter`` writes to: keeps each member in order instead of
    deflating it into a zip that would be inflated and deflated again (:func:`save_document`)."""

    def __init__(self):
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))

    def close(self) -> None:
        pass


def save_document(document) -> bytes:
    """Serialise a python-docx Document to bytes, byte-identical for identical content, with clean
    package metadata (:func:`vanban.ooxml.parts.finish`).

    The members are those ``Document.save`` writes, in its order (python-docx's own ``PackageWriter`` steps),
    deflated once by :func:`write_package` (a letter of 40,000 paragraphs or a form of 20,000 rows spent a tenth
    of its rendering compressing its body twice, issue 13)."""
    from docx.opc.pkgwriter import PackageWriter

    replace = finish(document)
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts  # as OpcPackage.save: listed again after before_marshal
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return write_package((name, replace.get(name, data)) for name, data in members.members)


# --------------------------------------------------------------------------- reading untrusted packages

#: Limits for .docx files vanban reads but did not write (a clerk's Word file, one from another
#: agency): a zip bomb, a huge part or a package of thousands of members is refused before it is
#: inflated. Parts are inflated in chunks and the limit is enforced on the bytes actually produced,
#: so a member whose header lies about its size is refused too.
MAX_PACKAGE_BYTES = 100 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 2000
#: Largest inflation ratio accepted for a part of more than 1 MiB (Word XML compresses ~10–30×).
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024


class PackageError(Exception):
    """A .docx that cannot be read safely; ``code`` is the stable VB7xx code, ``message`` Vietnamese."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


class Package:
    """A WordprocessingML package opened defensively (see the limits above).

    Only the parts that are asked for are inflated; every XML part goes through :func:`parse_xml`
    (no entities, no DTD, no network) and a part with a DOCTYPE is refused.
    """

    def __init__(self, data: bytes, main: str = W_MAIN):
        if len(data) > MAX_PACKAGE_BYTES:
            raise PackageError("VB702", f"tệp quá lớn ({len(data) // (1024 * 1024)} MB; tối đa "
                                        f"{MAX_PACKAGE_BYTES // (1024 * 1024)} MB)")
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except NotImplementedError as exc:  # "zip file version 6.4", a compression method zipfile lacks
            raise PackageError("VB701", f"gói zip dùng tính năng không hỗ trợ ({exc}); hãy lưu lại tệp bằng Word")\
                from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise PackageError("VB701", f"không phải tệp .docx hợp lệ (không đọc được gói zip: {exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise PackageError("VB702", f"gói có {len(infos)} thành phần (tối đa {MAX_MEMBERS}); từ chối")
        self._infos = {info.filename: info for info in infos}
        declared = 0
        for info in infos:
            if info.file_size > MAX_PART_BYTES:
                raise PackageError("VB702", f"thành phần {info.filename} quá lớn "
                                            f"({info.file_size // (1024 * 1024)} MB khi giải nén; tối đa "
                                            f"{MAX_PART_BYTES // (1024 * 1024)} MB); từ chối")
            if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise PackageError("VB702", f"thành phần {info.filename} có tỉ lệ nén bất thường "
                                            f"({info.file_size // max(info.compress_size, 1)}:1), nghi là bom zip; "
                                            "từ chối")
            declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            raise PackageError("VB702", f"tổng dung lượng giải nén {declared // (1024 * 1024)} MB vượt giới hạn "
                                        f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB; từ chối")
        self._inflated = 0
        self._parsed: dict[str, Element] = {}
        if main not in self._infos:
            what = "Word .docx" if main == W_MAIN else "Office"
            raise PackageError("VB703", f"không có phần nội dung {main} (không phải tệp {what})")

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise PackageError("VB703", f"thiếu thành phần {name}")
        out = bytearray()
        try:
            with self._zip.open(info) as handle:
                while True:
                    chunk = handle.read(1024 * 1024)
                    if not chunk:
                        break
                    out += chunk
                    if len(out) > MAX_PART_BYTES or self._inflated + len(out) > MAX_TOTAL_BYTES:
                        raise PackageError("VB702", f"thành phần {name} giải nén vượt giới hạn; từ chối")
                    if len(out) > _RATIO_FLOOR and len(out) > MAX_RATIO * max(info.compress_size, 1):
                        raise PackageError("VB702", f"thành phần {name} có tỉ lệ nén bất thường, nghi là bom zip; "
                                                    "từ chối")
        except PackageError:
            raise
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError,
                RuntimeError) as exc:
            raise PackageError("VB701", f"thành phần {name} bị hỏng ({exc})") from None
        self._inflated += len(out)
        return bytes(out)

    def xml(self, name: str) -> Element:
        """A part parsed (once: later calls return the same tree) with the safe parser."""
        cached = self._parsed.get(name)
        if cached is not None:
            return cached
        data = self.read(name)
        try:
            root = parse_xml(data)
        except XMLSyntaxError as exc:
            raise PackageError("VB704", f"XML của {name} không hợp lệ ({exc})") from None
        if has_doctype(root):
            raise PackageError("VB704", f"{name} có khai báo DOCTYPE/thực thể (entity); từ chối vì lý do an toàn")
        if name == W_MAIN and (root.tag != qn("w:document") or root.find(qn("w:body")) is None):
            raise PackageError("VB703", f"{name} không có thân văn bản (w:document/w:body): không phải văn bản Word")
        self._parsed[name] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationships of ``part``: id → (type, target resolved against the part's folder)."""
        folder, _, base = part.rpartition("/")
        name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.has(name):
            return {}
        out = {}
        for rel in self.xml(name):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = _resolve_target(folder, target)
            out[rel.get("Id")] = (rel.get("Type", ""), target)
        return out


def _resolve_target(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def open_package(data: bytes, main: str = W_MAIN) -> Package:
    """Open untrusted .docx bytes (or another Office package whose main part is ``main``); raises
    :class:`PackageError` with a VB7xx code."""
    return Package(data, main)


def check_zip(data: bytes, main: str, *, max_total: int = MAX_TOTAL_BYTES) -> Package:
    """Open an untrusted Office package and inflate every member within the limits (and at most
    ``max_total`` bytes in all), before a library that does not apply them (openpyxl) sees the bytes;
    raises :class:`PackageError`."""
    package = Package(data, main)
    total = 0
    for name in package.names():
        if not name.endswith("/"):
            total += len(package.read(name))
            if total > max_total:
                raise PackageError("VB702", f"gói giải nén ra hơn {max_total // (1024 * 1024)} MB; từ chối")
    return package


#: Relationship type of a document's attached template (word/_rels/settings.xml.rels).
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"


def external_template_links(package: Package) -> list[str]:
    """Targets of external attached-template relationships (``http://…/x.dotm``, ``\\\\server\\share``):
    Word fetches them when the document opens, leaking the reader's Windows credentials to a share."""
    out = []
    name = "word/_rels/settings.xml.rels"
    if package.has(name):
        for rel in package.xml(name):
            if rel.get("Type") == ATTACHED_TEMPLATE and rel.get("TargetMode") == "External":
                out.append(rel.get("Target", ""))
    return out


def strip_external_templates(data: bytes) -> tuple[bytes, list[str]]:
    """A template package without its external attached-template relationships (and the
    ``w:attachedTemplate`` elements pointing at them), and the targets removed. ``data`` has passed
    :func:`open_package`."""
    from .xml import qn, serialize_part

    package = open_package(data)
    links = external_template_links(package)
    if not links:
        return data, []
    name = "word/_rels/settings.xml.rels"
    rels = package.xml(name)
    removed = set()
    for rel in list(rels):
        if rel.get("Type") == ATTACHED_TEMPLATE and rel.get("TargetMode") == "External":
            removed.add(rel.get("Id"))
            rels.remove(rel)
    replace = {name: serialize_part(rels)}
    if package.has("word/settings.xml"):
        settings = package.xml("word/settings.xml")
        for element in settings.findall(qn("w:attachedTemplate")):
            settings.remove(element)
        replace["word/settings.xml"] = serialize_part(settings)
    members = [(n, replace.get(n) or package.read(n)) for n in package.names() if not n.endswith("/")]
    return write_package(members), links


