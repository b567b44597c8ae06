"""Validated form specs (:mod:`vanban.forms.spec`) → frozen :mod:`vanban.forms.model`.

Called by :mod:`vanban.spec.loader`; problems are reported through its ``report(code, severity,
message, path, hint)`` so they carry the YAML path and ``file:line:col`` like every other error.

Codes: VB225 đơn vị báo cáo trùng; VB266 phụ lục không có bảng cũng không có nội dung; VB267 khóa của bảng
khi không có `cot`; VB649 `mau_word` cùng với bảng, hoặc `du_lieu` không có `mau_word`; the table's own
codes are in :mod:`vanban.spec.tables_build`, the Word form's (VB645–VB650) in :mod:`vanban.spec.word`.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..diagnostics import Severity
from ..model.decree import roman
from ..model.forms import Form, FormKind, Recipient, Reference, Signer, WordForm, slug
from .forms import BieuMauSpec
from .tables_build import build_table, inline_text

Report = Callable[..., None]
#: Builds the body blocks of an appendix: (block specs, YAML path) → model blocks (the loader's builder).
Blocks = Callable[[list, tuple], tuple]
#: Reads and checks the Word form of `mau_word`: (spec, YAML path of the form, its reference) → WordForm or None.
WordReader = Callable[..., "WordForm | None"]


def build_forms(phu_luc: Iterable[BieuMauSpec], bieu_mau: Iterable[BieuMauSpec], report: Report,
                blocks: Blocks | None = None, word: WordReader | None = None) -> tuple[Form, ...]:
    """Phụ lục first (numbered I, II … when there are two or more, §3.16), then biểu mẫu (số 1, 2 …).

    A label written in the spec is kept as written ("PHỤ LỤC 01", corpus 19 "PHỤ LỤC II"); `nhan: false`
    leaves it out (a single "THUYẾT MINH …" after a letter)."""
    appendices = list(phu_luc)
    forms = []
    for i, spec in enumerate(appendices):
        label = spec.nhan if spec.nhan is not None else (
            "Phụ lục" if len(appendices) == 1 else f"Phụ lục {roman(i + 1)}")
        forms.append(_form(spec, FormKind.PHU_LUC, i, label, ("phu_luc", i), report, blocks, word))
    for i, spec in enumerate(bieu_mau):
        label = spec.nhan if spec.nhan is not None else f"Biểu mẫu số {i + 1}"
        forms.append(_form(spec, FormKind.BIEU_MAU, i, label, ("bieu_mau", i), report, blocks, word))
    return tuple(forms)


def _reference(spec: BieuMauSpec) -> Reference | None:
    ref = spec.kem_theo
    if ref is None:
        return None
    return Reference(phrase="Ban hành kèm theo" if ref.cum == "ban_hanh_kem_theo" else "Kèm theo",
                     long_date=ref.ngay == "dai", issuer=ref.co_quan, blank=ref.de_trong)


def _form(spec: BieuMauSpec, kind: FormKind, index: int, label: str, path: tuple, report: Report,
          blocks: Blocks | None = None, word: WordReader | None = None) -> Form:
    body_specs = getattr(spec, "noi_dung", None) or []
    reference = _reference(spec)
    word_form = None
    if spec.mau_word is not None:
        if spec.cot:
            report("VB649", Severity.ERROR, "biểu mẫu/phụ lục có cả bảng (`cot`) và mẫu Word (`mau_word`)",
                   path + ("mau_word",), "chọn một: bảng do vanban trình bày, hoặc mẫu Word riêng của cơ quan")
        elif word is not None:
            word_form = word(spec, path, reference)
    else:
        if spec.du_lieu is not None:
            report("VB649", Severity.ERROR, "`du_lieu` chỉ dùng để điền mẫu Word (`mau_word`)", path + ("du_lieu",),
                   "thêm `mau_word: TỆP.docx`, hoặc bỏ `du_lieu`")
        if not spec.ten:
            report("VB202", Severity.ERROR, "thiếu trường bắt buộc `ten`", path + ("ten",), "")
        if kind is FormKind.BIEU_MAU and not spec.cot:
            report("VB202", Severity.ERROR, "thiếu trường bắt buộc `cot`", path + ("cot",),
                   "các cột của bảng, hoặc `mau_word: TỆP.docx` (mẫu Word riêng của cơ quan)")
    table = build_table(spec, path, report) if spec.cot else None
    if not spec.cot:
        for key in ("dong", "so_dong_trong", "tong_cong", "don_vi_tinh", "danh_so", "danh_so_cot", "cong_nhom",
                    "stt_lien_tuc"):
            if key in spec.model_fields_set:
                report("VB267", Severity.ERROR, f"`{key}` là khóa của bảng nhưng phụ lục không có cột (`cot`)",
                       path + (key,), "thêm các cột ở `cot`, hoặc đặt bảng trong `noi_dung` bằng một khối `bang`")
    body = blocks(body_specs, path + ("noi_dung",)) if body_specs and blocks is not None else ()
    if table is None and not body and spec.mau_word is None and kind is FormKind.PHU_LUC:
        report("VB266", Severity.ERROR, "phụ lục không có bảng (`cot`) cũng không có nội dung (`noi_dung`)", path,
               "thêm các cột và dòng của bảng, hoặc nội dung chữ của phụ lục ở `noi_dung`")
    notes = []
    for i, note in enumerate(spec.ghi_chu or ()):
        where = path + ("ghi_chu", i) if len(spec.ghi_chu or ()) > 1 else path + ("ghi_chu",)
        notes.append(inline_text(note, where, report))
    recipients = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(spec.don_vi_bao_cao):
        code = entry.ma or slug(entry.ten)
        for key in (code.lower(), " ".join(entry.ten.lower().split())):
            if key in seen:
                report("VB225", Severity.ERROR, f"đơn vị báo cáo `{entry.ten}` trùng với dòng {seen[key] + 1}",
                       path + ("don_vi_bao_cao", i), "mỗi đơn vị một tên và một mã riêng")
                break
        else:
            seen[code.lower()] = seen[" ".join(entry.ten.lower().split())] = i
            recipients.append(Recipient(entry.ten, code))
    return Form(
        kind=kind,
        key=f"{kind.value}-{index + 1}",
        label=label,
        title=" ".join(spec.ten or ()),
        title_lines=tuple(spec.ten) if spec.ten and len(spec.ten) > 1 else (),
        subtitle=spec.trich_yeu or "",
        header_left=tuple(spec.dau_mau or ()),
        table=table,
        notes=tuple(n.plain if n is not None else "" for n in notes),
        rich_notes=tuple(n for n in notes if n is not None),
        body=body,
        reference=reference,
        word=word_form,
        signers=tuple(Signer(k.chuc_danh, k.chu_thich or "") for k in spec.ky),
        recipients=tuple(recipients),
        place_date=spec.ngay_ky,
        orientation={"doc": "portrait", "ngang": "landscape"}.get(spec.huong),
    )


