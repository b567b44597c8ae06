"""PAdES signatures placed as Phụ lục I lays out for electronic documents (nd30.md §3.8–3.9, §7).

- The competent person's signature (ô 7c): the image of the handwritten signature, blue, a PNG with a
  transparent background, **centred between the chức vụ line and the name** (horizontally on the centre of
  those lines, vertically in the middle of the space between them).
- The organisation's signature (ô 8): the image of the seal, red, transparent PNG, **at the seal's real size**
  (``duong_kinh_mm``), **covering about 1/3 of the signer's image, on its left**: the seal's right edge is at
  one third of the signature image's width, their centres on one horizontal line.
- An attachment or appendix in a separate file: the organisation's signature **at the top right of its first
  page, with no image**, showing the document's số/ký hiệu and the signing time (date; hour:minute:second;
  Vietnam time, ISO 8601: ``2026-03-05T09:41:07+07:00``) in Times New Roman (or its metric twin Liberation
  Serif), regular, 10 pt, black. The box's right edge is on the right margin (15 mm) and it sits in the top
  margin (its top 8 mm below the page's edge).

Signatures are PAdES (ETSI.CAdES.detached, SHA-256) by pyHanko, each an incremental update, so the first
signature stays valid after the second; the signing time is the machine clock, or a timestamp server's
(RFC 3161) when ``tsa`` is configured.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, replace
from pathlib import Path

from .. import metrics
from ..diagnostics import Diagnostic, Position, Severity, UserError

MM = 72 / 25.4
VIETNAM = _dt.timezone(_dt.timedelta(hours=7))
#: The attachment stamp: 10 pt, right edge on the 15 mm right margin, top 8 mm below the page's edge.
STAMP_SIZE_PT = 10
STAMP_RIGHT_MM = 15
STAMP_TOP_MM = 8
STAMP_WIDTH_MM = 62
STAMP_HEIGHT_MM = 9
#: The signature image: at most this high (and 80 % of the space between chức vụ and name).
SIGNATURE_MAX_HEIGHT_MM = 22
SIGNATURE_MAX_WIDTH_MM = 60
FIELD_PERSON, FIELD_ORGANISATION = "ChuKyNguoiKy", "ChuKyCoQuan"
TNR_FILES = ("/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman.ttf",
             "/usr/share/fonts/truetype/msttcorefonts/times.ttf")


def _error(code: str, message: str, where: str, hint: str = "") -> UserError:
    return UserError([Diagnostic(code, Severity.ERROR, message, "", Position(where), hint)])


# --------------------------------------------------------------------------- reading the page


@dataclass(frozen=True)
class TextLine:
    """One line of text on a page, in PDF points (origin bottom left)."""

    page: int
    text: str
    x0: float
    x1: float
    baseline: float
    size: float
    font: str

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def top(self) -> float:
        return self.baseline + 0.8 * self.size  # capitals with Vietnamese marks

    @property
    def bottom(self) -> float:
        return self.baseline - 0.25 * self.size


def text_lines(pdf: bytes, pages: list[int] | None = None) -> list[TextLine]:
    """The text lines of ``pages`` (all by default) with their extent; runs on one baseline and touching
    are joined. Widths come from the Times New Roman metrics of :mod:`vanban.metrics`."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    out: list[TextLine] = []
    for index in (range(len(reader.pages)) if pages is None else pages):
        chunks: list[TextLine] = []

        def visit(text, cm, tm, font, size, index=index):
            if not text.strip():
                return
            scale = (tm[0] * cm[0]) or 1
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            size = abs(size * scale)
            name = str((font or {}).get("/BaseFont", ""))
            bold = "Bold" in name
            width = metrics.text_width_mm(text.rstrip("\n"), size, bold=bold, italic="Italic" in name) * MM
            chunks.append(TextLine(index, text.strip("\n"), x, x + width, y, size, name))

        reader.pages[index].extract_text(visitor_text=visit)
        merged: list[TextLine] = []
        for chunk in chunks:
            last = merged[-1] if merged else None
            if last and abs(last.baseline - chunk.baseline) < 0.5 and -2 < chunk.x0 - last.x1 < 6:
                merged[-1] = replace(last, text=last.text + chunk.text, x1=chunk.x1)
            else:
                merged.append(chunk)
        out += [replace(line, text=" ".join(line.text.split())) for line in merged]
    return out


def _norm(text: str) -> str:
    import unicodedata

    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


@dataclass(frozen=True)
class Placement:
    """Where the two images go on the signing page (PDF points, x0 y0 x1 y1)."""

    page: int
    title: TextLine
    name: TextLine
    signature: tuple[float, float, float, float]
    seal: tuple[float, float, float, float]


def locate_signer(lines: list[TextLine], name: str, title: str | None = None) -> tuple[TextLine, TextLine] | None:
    """The chức vụ line and the name line of the signing block: the last line reading ``name``, and above it
    in the same column the line reading ``title`` (or, without one, the nearest line that is not a
    parenthesised hint)."""
    wanted = _norm(name)
    for candidate in reversed(lines):
        if _norm(candidate.text) != wanted:
            continue
        above = [ln for ln in lines if ln.page == candidate.page and ln.baseline > candidate.baseline + 1
                 and ln.x0 < candidate.x1 and ln.x1 > candidate.x0]
        above.sort(key=lambda ln: ln.baseline)
        for line in above:
            if title is not None:
                if _norm(line.text) == _norm(title):
                    return line, candidate
            elif not line.text.startswith("("):
                return line, candidate
    return None


def place_images(title: TextLine, name: TextLine, image_size: tuple[int, int], seal_mm: float) -> Placement:
    """The boxes of the signature image (centred between chức vụ and name) and the seal (real size, over
    the left third of the signature image)."""
    gap_top, gap_bottom = title.bottom, name.top
    space = max(gap_top - gap_bottom, 10.0)
    height = min(0.8 * space, SIGNATURE_MAX_HEIGHT_MM * MM)
    width = height * image_size[0] / max(image_size[1], 1)
    if width > SIGNATURE_MAX_WIDTH_MM * MM:
        width = SIGNATURE_MAX_WIDTH_MM * MM
        height = width * image_size[1] / max(image_size[0], 1)
    cx = (title.centre + name.centre) / 2
    cy = (gap_top + gap_bottom) / 2
    sig = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    diameter = seal_mm * MM
    right = sig[0] + width / 3
    seal = (right - diameter, cy - diameter / 2, right, cy + diameter / 2)
    return Placement(title.page, title, name, tuple(round(v, 2) for v in sig), tuple(round(v, 2) for v in seal))


def stamp_box(page_width: float, page_height: float) -> tuple[float, float, float, float]:
    """The attachment stamp's box: top right of the page (right margin 15 mm, 8 mm from the top)."""
    x1 = page_width - STAMP_RIGHT_MM * MM
    y1 = page_height - STAMP_TOP_MM * MM
    return (round(x1 - STAMP_WIDTH_MM * MM, 2), round(y1 - STAMP_HEIGHT_MM * MM, 2), round(x1, 2), round(y1, 2))


# --------------------------------------------------------------------------- images and font


def load_image(path: Path | None, role: str):
    """The signature (``nguoi_ky``: blue) or seal (``co_quan``: red) image: a PNG with a transparent
    background whose visible pixels have the colour the decree requires (VB414 otherwise)."""
    from PIL import Image, UnidentifiedImageError

    what = "chữ ký (màu xanh)" if role == "nguoi_ky" else "con dấu (màu đỏ)"
    if path is None:
        raise _error("VB414", f"chưa cấu hình ảnh {what}", "vanban.toml", f"ghi `anh` trong [ban_hanh.{role}]")
    try:
        with Image.open(path) as opened:
            kind = opened.format
            image = opened.convert("RGBA")
    except (OSError, UnidentifiedImageError) as exc:
        raise _error("VB414", f"không đọc được ảnh {what}: {exc}", str(path)) from None
    if kind != "PNG":
        raise _error("VB414", f"ảnh {what} phải là tệp PNG (nền trong suốt), không phải {kind}", str(path))
    alpha = image.getchannel("A")
    low, high = alpha.getextrema()
    if low == 255:
        raise _error("VB414", f"ảnh {what} không có nền trong suốt", str(path), "xuất lại ảnh PNG có kênh alpha")
    raw = image.resize((64, 64)).tobytes()
    opaque = [raw[i:i + 4] for i in range(0, len(raw), 4) if raw[i + 3] > 128]
    if not opaque:
        raise _error("VB414", f"ảnh {what} trong suốt hoàn toàn", str(path))
    r = sum(p[0] for p in opaque) / len(opaque)
    g = sum(p[1] for p in opaque) / len(opaque)
    b = sum(p[2] for p in opaque) / len(opaque)
    good = (b > r + 30 and b > g + 10) if role == "nguoi_ky" else (r > g + 60 and r > b + 60)
    if not good:
        raise _error("VB414", f"ảnh {what} không đúng màu quy định (Phụ lục I: chữ ký màu xanh, dấu màu đỏ)",
                     str(path))
    return image


#: What a stamp can show: số/ký hiệu (Vietnamese capitals, digits, "/", "-") and an ISO 8601 time.
STAMP_CHARACTERS = ("".join(chr(c) for c in range(32, 127)) + "ĐđÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"
                    "ÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ")


def stamp_font() -> str:
    """Times New Roman when installed, else its metric twin Liberation Serif (VB419 without either), as a
    subset scaled to 1000 units per em (pyHanko writes the widths of a 2048-unit font unscaled, which spreads
    the letters), cached in ``~/.cache/vanban``."""
    source = next((Path(c) for c in TNR_FILES if Path(c).is_file()), None)
    folder = metrics.find_font_dir()
    if source is None and folder is not None and (folder / "LiberationSerif-Regular.ttf").is_file():
        source = folder / "LiberationSerif-Regular.ttf"
    if source is not None:
        return _scaled_font(source)
    raise _error("VB419", "không tìm thấy phông Times New Roman (hay Liberation Serif) cho dòng chữ ký số của phụ lục",
                 "phông chữ", "cài bằng: sudo apt-get install fonts-liberation2")


def _scaled_font(source: Path) -> str:
    import hashlib
    import logging
    import os
    import tempfile

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    stat = source.stat()
    key = hashlib.sha256(f"{source}:{stat.st_size}:{stat.st_mtime_ns}:{STAMP_CHARACTERS}".encode()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "vanban"
    target = cache / f"stamp-{source.stem}-{key}.ttf"
    if target.is_file():
        return str(target)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    font = TTFont(str(source))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=STAMP_CHARACTERS)
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        scale_upem(font, 1000)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
        os.close(fd)
    except OSError:  # no writable cache: a temporary file for this run
        fd, tmp = tempfile.mkstemp(suffix=".ttf")
        os.close(fd)
        font.save(tmp)
        return tmp
    font.save(tmp)
    os.replace(tmp, target)
    return str(target)


# --------------------------------------------------------------------------- signing


def _stamp_style_class():
    from pyhanko.stamp import TextStampStyle

    class VietnamTimeStampStyle(TextStampStyle):
        """A text stamp whose ``%(ts)s`` is the signing time in Vietnam time, ISO 8601."""

        def create_stamp(self, writer, box, text_params):
            params = dict(text_params)
            moment = _dt.datetime.strptime(params["ts"], "%Y-%m-%dT%H:%M:%S.%f%z")
            params["ts"] = vietnam_time(moment)
            return super().create_stamp(writer, box, params)

    return VietnamTimeStampStyle


def vietnam_time(moment: _dt.datetime) -> str:
    """``2026-03-05T09:41:07+07:00``: ISO 8601 in Vietnam time (UTC+7, no daylight saving)."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def _timestamper(tsa_url: str | None):
    if not tsa_url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(tsa_url, timeout=20)


def _sign(pdf: bytes, signer, field: str, page: int, box, style, *, name: str, tsa_url: str | None,
          reason: str, text_params: dict | None = None) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256",
                                        subfilter=fields.SigSeedSubFilter.PADES, name=name, reason=reason)
    spec = fields.SigFieldSpec(sig_field_name=field, on_page=page, box=tuple(box))
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=_timestamper(tsa_url), stamp_style=style,
                                   new_field_spec=spec)
    out = io.BytesIO()
    try:
        # a fixed reservation spares pyHanko a trial signature to estimate it (half the signing time)
        pdf_signer.sign_pdf(writer, output=out, appearance_text_params=text_params,
                            bytes_reserved=32768 if tsa_url else 16384)
    except Exception as exc:  # pyHanko's SigningError, a token refusing, a timestamp server failing
        raise _error("VB416", f"không ký được: {type(exc).__name__}: {exc}", field) from None
    return out.getvalue()


def _image_style(image):
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    rule = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
                                      margins=layout.Margins(0, 0, 0, 0),
                                      inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT)
    return StaticStampStyle(background=PdfImage(image), background_layout=rule, border_width=0,
                            background_opacity=1.0)


def sign_document(pdf: bytes, placement: Placement, *, person, organisation, signature_image, seal_image,
                  tsa_url: str | None = None) -> bytes:
    """The person's signature with the blue image at ô 7c, then the organisation's with the red seal at ô 8."""
    signed = _sign(pdf, person.signer, FIELD_PERSON, placement.page, placement.signature,
                   _image_style(signature_image), name=person.subject, tsa_url=tsa_url,
                   reason="Người có thẩm quyền ký (Điều 13.7 Nghị định 30/2020/NĐ-CP)")
    return _sign(signed, organisation.signer, FIELD_ORGANISATION, placement.page, placement.seal,
                 _image_style(seal_image), name=organisation.subject, tsa_url=tsa_url,
                 reason="Chữ ký số của cơ quan, tổ chức (Điều 5 Nghị định 30/2020/NĐ-CP)")


def sign_attachment(pdf: bytes, number_code: str, *, organisation, tsa_url: str | None = None) -> bytes:
    """The organisation's signature on an attachment in a separate file: top right of its first page, no
    image, "số/ký hiệu" and the signing time (Vietnam time, ISO 8601), Times New Roman 10 pt black."""
    from pypdf import PdfReader
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.text import TextBoxStyle

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    box = stamp_box(float(page.mediabox.width), float(page.mediabox.height))
    from pyhanko.pdf_utils import layout

    top_right = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MAX,
                                           y_align=layout.AxisAlignment.ALIGN_MAX, margins=layout.Margins(0, 0, 0, 0),
                                           inner_content_scaling=layout.InnerScaling.NO_SCALING)
    text_style = TextBoxStyle(font=GlyphAccumulatorFactory(stamp_font(), font_size=STAMP_SIZE_PT),
                              font_size=STAMP_SIZE_PT, text_color=(0, 0, 0), leading=STAMP_SIZE_PT + 2,
                              box_layout_rule=top_right)
    style = _stamp_style_class()(stamp_text="%(so)s\n%(ts)s", timestamp_format="%Y-%m-%dT%H:%M:%S.%f%z",
                                 text_box_style=text_style, border_width=0, background=None,
                                 inner_content_layout=top_right)
    return _sign(pdf, organisation.signer, FIELD_ORGANISATION, 0, box, style, name=organisation.subject,
                 tsa_url=tsa_url, reason="Chữ ký số của cơ quan, tổ chức trên phụ lục (Phụ lục I, Nghị định 30)",
                 text_params={"so": number_code})


# --------------------------------------------------------------------------- attachments in separate files


def split_attachments(pdf: bytes, labels: list[str], after_page: int) -> tuple[bytes, list[bytes]]:
    """The main document's pages (up to ``after_page``, the signing page) and one PDF per attachment, each
    starting on the first later page with a line reading its label ("Biểu mẫu số 1", "Phụ lục II"). The
    parts keep the PDF/A metadata and output intent of the whole."""
    from pypdf import PdfReader

    count = len(PdfReader(io.BytesIO(pdf)).pages)
    if not labels:
        return pdf, []
    lines = text_lines(pdf, list(range(after_page + 1, count)))
    starts = []
    page = after_page + 1
    for label in labels:
        found = next((ln.page for ln in lines if ln.page >= page and _norm(ln.text) == _norm(label)), None)
        if found is None:
            found = page  # a label not found: the attachment starts where the previous one ended
        starts.append(found)
        page = found + 1
    starts[0] = after_page + 1
    ranges = [(0, after_page + 1)] + [(s, e) for s, e in zip(starts, starts[1:] + [count])]
    return _pages(pdf, *ranges[0]), [_pages(pdf, s, e) for s, e in ranges[1:]]


def _pages(pdf: bytes, start: int, end: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    total = len(writer.pages)
    for index in reversed(range(total)):
        if not start <= index < end:
            writer.remove_page(index, clean=True)
    writer.compress_identical_objects()  # drops the fonts and images only the removed pages used
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
