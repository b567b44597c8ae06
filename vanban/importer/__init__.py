"""``vanban nhap``: an existing Word document turned into a spec (drafts and archives become YAML).

The .docx is opened by the hardened package reader (:func:`vanban.ooxml.open_package`: zip bombs,
huge parts, DOCTYPEs refused), its parts of Điều 8 are found by text and position as ``vanban check``
finds them (:mod:`.reader`), the body's typed numbers become structure (:mod:`.body`) and the spec is
written as YAML by our own emitter (:mod:`.yamlout`), with ``# ?`` where a value was guessed.
Nothing is dropped: a paragraph that cannot be placed is kept as a body paragraph with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ooxml
from ..diagnostics import Diagnostic, Position, Severity
from .reader import DocxReader, NotAnAdministrativeDocument
from .yamlout import emit

#: The signature of an OLE compound file: a .doc of Word 97–2003, or a .docx encrypted with a password
#: (Word keeps the encrypted package in an "EncryptedPackage" stream of such a file).
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


@dataclass
class ImportResult:
    """The spec's YAML text (``None`` when the file could not be read) and the findings."""

    text: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.text is not None


def import_docx(data: bytes, name: str = "van-ban.docx", *, schema_line: str | None = None) -> ImportResult:
    """Read ``data`` (the bytes of a .docx) into the text of a spec. Never raises for a bad file:
    the reasons are error diagnostics (VB701–704 of the package reader, VB960 encrypted or an old .doc,
    VB961 not an administrative document)."""
    where = Position(name)
    if data[:8] == _OLE_MAGIC:
        if _ENCRYPTED in data:
            message, hint = "tệp .docx được mã hóa bằng mật khẩu; không đọc được", \
                "mở bằng Word, bỏ mật khẩu (Tệp › Thông tin › Bảo vệ tài liệu) rồi lưu lại"
        else:
            message, hint = "tệp Word 97–2003 (.doc), không phải .docx", "mở bằng Word hoặc LibreOffice và lưu thành .docx"
        return ImportResult(None, [Diagnostic("VB960", Severity.ERROR, message, "", where, hint)])
    try:
        package = ooxml.open_package(data)
        imported = DocxReader(package, name).read()
    except ooxml.PackageError as exc:
        return ImportResult(None, [Diagnostic(exc.code, Severity.ERROR, exc.message, "", where)])
    except NotAnAdministrativeDocument:
        return ImportResult(None, [Diagnostic(
            "VB961", Severity.ERROR, "không phải văn bản hành chính: không có Quốc hiệu, dòng \"Số:\" hay \"Nơi nhận:\"",
            "", where, "vanban nhap đọc văn bản theo thể thức của Nghị định 30/2020/NĐ-CP")])
    header = []
    if schema_line:
        header.append(f"yaml-language-server: $schema={schema_line}")
    header.append(f"Nhập từ {name} bằng vanban nhap.")
    if imported.notes:
        header.append("Những chỗ đánh dấu # ? là phỏng đoán; kiểm tra lại trước khi dùng.")
    return ImportResult(emit(imported.spec, header), imported.diagnostics, imported.notes)


__all__ = ["ImportResult", "import_docx"]
