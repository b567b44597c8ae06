"""``vanban kiem-tra-chu-ky FILE.pdf``: every signature of a PDF, checked.

For each signature: who signed (the certificate's name and organisation), when (Vietnam time, ISO 8601; from a
timestamp server when there is a timestamp token), whether the signed bytes are intact, whether the certificate
chains to the trust store of ``[ban_hanh] tin_cay`` (pyHanko's validator; revocation soft-fail, no fetching),
and whether its position follows Phụ lục I (nd30.md §7):

- the competent person's signature (ô 7c): between the chức vụ line above it and the name line below it,
  centred on them (±3 mm);
- the organisation's signature (ô 8) beside it: on its left, covering a fifth to a half of it (the decree:
  about 1/3), their centres level (±5 mm);
- an attachment's signature (alone in its file): at the top right of the first page, within the top
  margin (its right edge within 25 mm of the page's right edge, its top within 20 mm of the top).

A signature's role is its field name (``ChuKyNguoiKy`` / ``ChuKyCoQuan``, as vanban signs), else its order.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Position, Severity, UserError
from .sign import FIELD_ORGANISATION, FIELD_PERSON, MM, TextLine, text_lines, vietnam_time

PERSON, ORGANISATION, ATTACHMENT = "nguoi_ky", "co_quan", "phu_luc"
ROLE_LABELS = {PERSON: "người có thẩm quyền (ô 7c)", ORGANISATION: "cơ quan, tổ chức (ô 8)",
               ATTACHMENT: "cơ quan, tổ chức trên tệp đính kèm"}


@dataclass
class SignatureReport:
    field: str
    role: str
    signer: str
    organisation: str
    time: str
    timestamped: bool
    intact: bool
    valid: bool
    trusted: bool
    chain: list[str]
    page: int | None
    box: tuple[float, float, float, float] | None
    position_ok: bool | None = None
    position_note: str = ""
    problems: list[Diagnostic] = field(default_factory=list)


def load_trust(paths) -> list:
    """The certificates of the trust store (PEM or DER files; VB421 for one that cannot be read)."""
    from pyhanko.keys import load_certs_from_pemder

    certs = []
    for path in paths:
        try:
            certs += list(load_certs_from_pemder([str(path)]))
        except (OSError, ValueError) as exc:
            raise UserError([Diagnostic("VB421", Severity.ERROR, f"không đọc được chứng thư tin cậy: {exc}", "",
                                        Position(str(path)), "xem `tin_cay` trong [ban_hanh] của vanban.toml")])
    return certs


def _widgets(pdf: bytes) -> dict[str, tuple[int, tuple[float, float, float, float]]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out = {}
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            name = annot.get("/T")
            if name is None and "/Parent" in annot:
                name = annot["/Parent"].get_object().get("/T")
            if name is not None and "/Rect" in annot:
                rect = [float(v) for v in annot["/Rect"]]
                out[str(name)] = (index, (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]),
                                          max(rect[1], rect[3])))
    return out


def verify_pdf(data: bytes, trust: list, *, name: str = "<pdf>") -> list[SignatureReport]:
    """The reports of every signature of ``data`` (VB423 when it is no PDF or has no signature)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
        widgets = _widgets(data)
    except Exception as exc:  # pyHanko/pypdf on a file that is no PDF
        raise UserError([Diagnostic("VB423", Severity.ERROR, f"không đọc được tệp PDF: {type(exc).__name__}", "",
                                    Position(name))]) from None
    if not signatures:
        raise UserError([Diagnostic("VB423", Severity.ERROR, "tệp PDF không có chữ ký số nào", "", Position(name))])
    reports = []
    for order, sig in enumerate(signatures):
        context = ValidationContext(trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(sig, signer_validation_context=context)
        cert = status.signing_cert
        subject = cert.subject.native
        common, org = subject.get("common_name", ""), subject.get("organization_name", "")
        stamp = status.timestamp_validity
        moment = stamp.timestamp if stamp is not None else status.signer_reported_dt
        page, box = widgets.get(sig.field_name, (None, None))
        role = _role(sig.field_name, order, len(signatures), page)
        chain = []
        path = getattr(status, "validation_path", None)
        if path is not None:
            try:
                chain = [c.subject.native.get("common_name", "") for c in path.iter_certs(include_root=True)]
            except Exception:  # noqa: BLE001 — the path is informative only
                chain = []
        report = SignatureReport(sig.field_name, role, common, org, vietnam_time(moment) if moment else "",
                                 stamp is not None, bool(status.intact), bool(status.valid), bool(status.trusted),
                                 chain, page, box)
        where = Position(name)
        if not (report.intact and report.valid):
            report.problems.append(Diagnostic("VB420", Severity.ERROR, f"chữ ký `{sig.field_name}` của {common} không "
                                              "toàn vẹn: tệp đã bị sửa sau khi ký, hoặc chữ ký hỏng", "", where))
        elif not report.trusted:
            report.problems.append(Diagnostic("VB421", Severity.ERROR, f"chứng thư của {common} không dẫn tới chứng thư "
                                              "tin cậy nào", "", where, "thêm chứng thư gốc của CA vào `tin_cay`"))
        reports.append(report)
    _check_positions(data, reports, name)
    return reports


def _role(field_name: str, order: int, count: int, page: int | None) -> str:
    if field_name == FIELD_PERSON:
        return PERSON
    if field_name == FIELD_ORGANISATION:
        return ORGANISATION if count > 1 else ATTACHMENT
    if count == 1:
        return ATTACHMENT
    return PERSON if order == 0 else ORGANISATION


def _check_positions(data: bytes, reports: list[SignatureReport], name: str) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    person = next((r for r in reports if r.role == PERSON and r.box), None)
    for report in reports:
        if report.box is None:
            report.position_ok, report.position_note = False, "không có vùng hiển thị"
        elif report.role == PERSON:
            report.position_ok, report.position_note = _person_position(text_lines(data, [report.page]), report.box)
        elif report.role == ORGANISATION:
            report.position_ok, report.position_note = _seal_position(report.box, person.box if person else None)
        else:
            page = reader.pages[report.page]
            report.position_ok, report.position_note = _attachment_position(
                report.box, report.page, float(page.mediabox.width), float(page.mediabox.height))
        if not report.position_ok:
            report.problems.append(Diagnostic("VB422", Severity.WARNING, f"vị trí chữ ký của {ROLE_LABELS[report.role]} "
                                              f"không theo Phụ lục I: {report.position_note}", "", Position(name)))


def _person_position(lines: list[TextLine], box) -> tuple[bool, str]:
    x0, y0, x1, y1 = box
    column = [ln for ln in lines if ln.x0 < x1 and ln.x1 > x0 and not ln.text.startswith("(")]
    above = [ln for ln in column if ln.baseline > (y0 + y1) / 2]
    below = [ln for ln in column if ln.baseline < (y0 + y1) / 2]
    if not above or not below:
        return False, "không thấy dòng chức vụ phía trên và họ tên phía dưới ảnh chữ ký"
    title = min(above, key=lambda ln: ln.baseline)
    person = max(below, key=lambda ln: ln.baseline)
    centre = (title.centre + person.centre) / 2
    off_x = abs((x0 + x1) / 2 - centre) / MM
    off_y = abs((y0 + y1) / 2 - (title.bottom + person.top) / 2) / MM
    between = y1 <= title.baseline + 1 and y0 >= person.baseline - 1
    if between and off_x <= 3 and off_y <= 3:
        return True, f"giữa “{title.text}” và “{person.text}”, lệch tâm {off_x:.1f} mm ngang, {off_y:.1f} mm dọc"
    return False, (f"phải nằm giữa “{title.text}” và “{person.text}” (lệch tâm {off_x:.1f} mm ngang, "
                   f"{off_y:.1f} mm dọc)")


def _seal_position(box, person) -> tuple[bool, str]:
    if person is None:
        return False, "không có chữ ký của người có thẩm quyền để đóng dấu lên"
    width = person[2] - person[0]
    covered = (min(box[2], person[2]) - person[0]) / width if width else 0
    level = abs((box[1] + box[3]) / 2 - (person[1] + person[3]) / 2) / MM
    left = box[0] < person[0]
    if left and 0.2 <= covered <= 0.5 and level <= 5:
        return True, f"trùm {covered:.0%} ảnh chữ ký về phía trái"
    return False, f"phải trùm khoảng 1/3 ảnh chữ ký về phía trái (đang trùm {covered:.0%}, lệch dọc {level:.1f} mm)"


def _attachment_position(box, page: int, width: float, height: float) -> tuple[bool, str]:
    right = (width - box[2]) / MM
    top = (height - box[3]) / MM
    if page == 0 and right <= 25 and top <= 20 and box[0] > width / 2:
        return True, f"góc trên bên phải trang đầu (cách mép phải {right:.0f} mm, mép trên {top:.0f} mm)"
    return False, f"phải ở góc trên bên phải trang đầu (trang {page + 1}, cách mép phải {right:.0f} mm, mép trên {top:.0f} mm)"


def verify_file(path: Path, trust_paths) -> list[SignatureReport]:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserError([Diagnostic("VB106", Severity.ERROR, f"không đọc được tệp: {exc.strerror or exc}", "",
                                    Position(str(path)))]) from None
    return verify_pdf(data, load_trust(trust_paths), name=str(path))


__all__ = ["SignatureReport", "verify_pdf", "verify_file", "load_trust"]
