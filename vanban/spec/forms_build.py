"""Validated form specs (:mod:`vanban.forms.spec`) → frozen :mod:`vanban.forms.model`.

Called by :mod:`vanban.spec.loader`; problems are reported through its ``report(code, severity,
message, path, hint)`` so they carry the YAML path and ``file:line:col`` like every other error.

Codes:
  VB221 mã cột trùng                          VB222 công thức sai
  VB223 dòng có khóa không phải cột / ô của cột tính
  VB224 giá trị của một ô không hợp kiểu cột   VB225 đơn vị báo cáo trùng
"""

from __future__ import annotations

import difflib
import re
from typing import Callable, Iterable

from ..diagnostics import Severity
from ..model.decree import roman
from ..model.forms import (Column, ColumnType, Form, FormKind, Formula, HeaderCell, Recipient, Row, Signer,
                           Table, slug)
from .forms import ROW_LABEL_KEY, BieuMauSpec, CotSpec
from ..model.values import ValueProblem, parse_cell

Report = Callable[..., None]

#: Natural widths (mm) of a column by type, when the spec gives none.
DEFAULT_WIDTH_MM = {"stt": 12.0, "chu": 45.0, "so": 30.0, "ty_le": 22.0, "ngay": 26.0}

_TERM = re.compile(r"\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*")


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
    table = _table(spec, path, report)
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


def _leaves(cols: list[CotSpec], path: tuple) -> Iterable[tuple[CotSpec, tuple]]:
    for i, col in enumerate(cols):
        if col.cot:
            yield from _leaves(col.cot, path + (i, "cot"))
        else:
            yield col, path + (i,)


def _depth(cols: list[CotSpec]) -> int:
    return max((1 + _depth(c.cot) if c.cot else 1) for c in cols)


def _header(cols: list[CotSpec], depth: int, level: int, start: int, out: list[HeaderCell]) -> int:
    col = start
    for spec in cols:
        if spec.cot:
            width = sum(1 for _ in _leaves(spec.cot, ()))
            out.append(HeaderCell(spec.ten, level, col, 1, width))
            _header(spec.cot, depth, level + 1, col, out)
            col += width
        else:
            text = f"{spec.ten} ({spec.don_vi})" if spec.don_vi else spec.ten
            out.append(HeaderCell(text, level, col, depth - level, 1))
            col += 1
    return col


def _table(spec: BieuMauSpec, path: tuple, report: Report) -> Table:
    leaves = list(_leaves(spec.cot, path + ("cot",)))
    codes: dict[str, int] = {}
    columns: list[Column] = []
    for n, (col, col_path) in enumerate(leaves):
        code = col.ma or f"cot{n + 1}"
        if code in codes:
            report("VB221", Severity.ERROR, f"mã cột `{code}` trùng với cột thứ {codes[code] + 1}", col_path + ("ma",))
        codes.setdefault(code, n)
        kind = ColumnType(col.kieu)
        decimals = col.thap_phan if col.thap_phan is not None else (2 if kind is ColumnType.PERCENT else 0)
        columns.append(Column(code=code, title=col.ten, type=kind, unit=col.don_vi or "",
                              width_mm=col.rong or DEFAULT_WIDTH_MM[col.kieu], decimals=decimals))
    # formulas: only number columns before this one (computed in column order)
    for n, (col, col_path) in enumerate(leaves):
        if col.cong_thuc is None:
            continue
        formula = _formula(col.cong_thuc, columns, n, col_path + ("cong_thuc",), report)
        if formula is not None:
            kind = columns[n].type
            if formula.ratio and kind is not ColumnType.PERCENT:
                report("VB222", Severity.ERROR, "công thức chia \"a / b\" dùng cho cột kiểu `ty_le`",
                       col_path + ("kieu",), "thêm kieu: ty_le")
            elif not formula.ratio and kind is not ColumnType.NUMBER:
                report("VB222", Severity.ERROR, "công thức cộng trừ dùng cho cột kiểu `so`", col_path + ("kieu",),
                       "thêm kieu: so")
            else:
                columns[n] = Column(**{**columns[n].__dict__, "formula": formula})
    header: list[HeaderCell] = []
    depth = _depth(spec.cot)
    _header(spec.cot, depth, 0, 0, header)
    rows = [_row(entry, columns, path + ("dong", i), report) for i, entry in enumerate(spec.dong)]
    blank = spec.so_dong_trong if spec.so_dong_trong is not None else (0 if rows else 1)
    rows += [Row((None,) * len(columns)) for _ in range(blank)]
    if not rows:
        report("VB206", Severity.ERROR, "bảng không có dòng nào", path + ("so_dong_trong",),
               "ghi các dòng ở `dong` hoặc số dòng trống ở `so_dong_trong`")
    label = spec.tong_cong
    if label and not any(c.type is ColumnType.TEXT for c in columns):
        report("VB223", Severity.ERROR, "dòng tổng cộng cần một cột chữ để ghi nhãn", path + ("tong_cong",))
    return Table(columns=tuple(columns), header=tuple(header), header_rows=depth, rows=tuple(rows),
                 number_row=spec.danh_so_cot, total_label=label, unit_note=spec.don_vi_tinh or "")


def _formula(text: str, columns: list[Column], n: int, path: tuple, report: Report) -> Formula | None:
    available = {c.code: i for i, c in enumerate(columns)}
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 2 or not all(re.fullmatch(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*", p) for p in parts):
            report("VB222", Severity.ERROR, f"công thức `{text}` sai dạng", path, "ví dụ \"da_cai / tong_so\"")
            return None
        terms = tuple((1, p.strip()) for p in parts)
        ratio = True
    else:
        pos, found = 0, []
        while pos < len(text):
            match = _TERM.match(text, pos)
            if not match or match.end() == pos or (found and not match.group(1)):
                report("VB222", Severity.ERROR, f"công thức `{text}` sai dạng", path,
                       "chỉ dùng mã cột với + và -, hoặc một phép chia a / b")
                return None
            found.append((-1 if match.group(1) == "-" else 1, match.group(2)))
            pos = match.end()
        terms = tuple(found)
        ratio = False
    ok = True
    for _, code in terms:
        where = available.get(code)
        if where is None:
            close = difflib.get_close_matches(code, list(available), n=1)
            report("VB222", Severity.ERROR, f"công thức dùng cột `{code}` không có", path,
                   f"có phải ý bạn là `{close[0]}`?" if close else "các cột: " + ", ".join(available))
            ok = False
        elif where >= n:
            report("VB222", Severity.ERROR, f"công thức chỉ dùng các cột đứng trước; `{code}` ở sau", path)
            ok = False
        elif columns[where].type is not ColumnType.NUMBER:
            report("VB222", Severity.ERROR, f"cột `{code}` không phải cột số (kieu: so)", path)
            ok = False
    return Formula(terms, ratio) if ok else None


def _row(entry: dict, columns: list[Column], path: tuple, report: Report) -> Row:
    values: list = [None] * len(columns)
    by_code = {c.code: i for i, c in enumerate(columns)}
    for key, raw in entry.items():
        if key == ROW_LABEL_KEY:
            where = next((i for i, c in enumerate(columns) if c.type is ColumnType.TEXT), None)
            if where is None:
                report("VB223", Severity.ERROR, "dòng viết dạng chuỗi cần một cột chữ (kieu: chu)", path)
                continue
        else:
            where = by_code.get(key)
            if where is None:
                close = difflib.get_close_matches(key, list(by_code), n=1)
                report("VB223", Severity.ERROR, f"dòng có khóa `{key}` không phải mã cột", path + (key,),
                       f"có phải ý bạn là `{close[0]}`?" if close else "các mã cột: " + ", ".join(by_code))
                continue
        column = columns[where]
        if column.computed:
            report("VB223", Severity.ERROR, f"cột `{column.code}` được tính tự động; không ghi giá trị",
                   path + (key,) if key != ROW_LABEL_KEY else path)
            continue
        try:
            values[where] = parse_cell(column, raw, percent_points=True)
        except ValueProblem as problem:
            hint = ("YAML đọc 187.315 là số thập phân kiểu Anh; viết trong ngoặc kép theo kiểu Việt Nam: \"187.315\""
                    if isinstance(raw, float) else "")
            report("VB224", Severity.ERROR, f"cột `{column.code}` ({column.title}): {problem}",
                   path + (key,) if key != ROW_LABEL_KEY else path, hint)
    return Row(tuple(values))
