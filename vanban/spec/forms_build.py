"""Validated form specs (:mod:`vanban.forms.spec`) → frozen :mod:`vanban.forms.model`.

Called by :mod:`vanban.spec.loader`; problems are reported through its ``report(code, severity,
message, path, hint)`` so they carry the YAML path and ``file:line:col`` like every other error.

Codes: VB225 đơn vị báo cáo trùng; the table's own codes are in :mod:`vanban.spec.tables_build`.
"""

from __future__ import annotations

from typing import Callable, Iterable

from ..diagnostics import Severity
from ..model.decree import roman
from ..model.forms import Form, FormKind, Recipient, Signer, slug
from .forms import BieuMauSpec
from .tables_build import build_table

Report = Callable[..., None]



def build_forms(phu_luc: Iterable[BieuMauSpec], bieu_mau: Iterable[BieuMauSpec], report: Report) -> tuple[Form, ...]:
    """Phụ lục first (numbered I, II … when there are two or more, §3.16), then biểu mẫu (số 1, 2 …)."""
    appendices = list(phu_luc)
    forms = []
    for i, spec in enumerate(appendices):
        label = spec.nhan or ("Phụ lục" if len(appendices) == 1 else f"Phụ lục {roman(i + 1)}")
        forms.append(_form(spec, FormKind.PHU_LUC, i, label, ("phu_luc", i), report))
    for i, spec in enumerate(bieu_mau):
        label = spec.nhan or f"Biểu mẫu số {i + 1}"
        forms.append(_form(spec, FormKind.BIEU_MAU, i, label, ("bieu_mau", i), report))
    return tuple(forms)


def _form(spec: BieuMauSpec, kind: FormKind, index: int, label: str, path: tuple, report: Report) -> Form:
    table = build_table(spec, path, report)
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
        title=spec.ten,
        subtitle=spec.trich_yeu or "",
        header_left=tuple(spec.dau_mau or ()),
        table=table,
        notes=tuple(spec.ghi_chu or ()),
        signers=tuple(Signer(k.chuc_danh, k.chu_thich or "") for k in spec.ky),
        recipients=tuple(recipients),
        place_date=spec.ngay_ky,
        orientation={"doc": "portrait", "ngang": "landscape"}.get(spec.huong),
    )


