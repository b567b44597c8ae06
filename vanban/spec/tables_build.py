"""Validated table specs (:mod:`vanban.spec.tables`) → frozen :mod:`vanban.model.tables`.

One builder for a `bang` in the body and the table of a phụ lục or biểu mẫu. Problems are reported
through the loader's ``report(code, severity, message, path, hint)`` so they carry the YAML path
and ``file:line:col``.

Codes:
  VB221 mã cột trùng                          VB222 công thức sai
  VB223 dòng có khóa không phải cột / ô của cột tính
  VB224 giá trị của một ô không hợp kiểu cột
  VB260 tổng cộng gõ tay khác tổng tính        VB261 dòng nhiều ô hơn số cột
  VB262 nhóm không có dòng nào                 VB263 định dạng chữ trong ô không khép (** * __)
  VB264 tổng nhóm gõ tay khác tổng tính        VB265 nhóm lồng nhau quá sâu
  VB268 `gop_tren` ghi cột không có            VB269 ô gộp với dòng trên lại có giá trị
  VB270 dòng phụ (`gop_tren`) không đứng ngay dưới một dòng của nhóm
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace
from decimal import Decimal
from typing import Callable, Iterable

from ..diagnostics import Severity
from ..model.compute import layout
from ..model.tables import (DEFAULT_GROUPED, DEFAULT_WIDTH_MM, Align, Column, ColumnType, Formula, HeaderCell,
                            Numbering, Row, RowKind, Table, Value)
from ..model.values import ValueProblem, format_value, parse_cell
from .inline import parse_inline
from .tables import MERGE_KEY, ROW_CELLS_KEY, ROW_LABEL_KEY, BangSpec, CotSpec, NhomSpec

Report = Callable[..., None]

#: Deepest nesting of groups (I → 1 → 1.1 → 1.1.1 → a → -: corpus 19 goes five deep).
MAX_GROUP_DEPTH = 8

_TERM = re.compile(r"\s*([+-]?)\s*([A-Za-z_][A-Za-z0-9_]*)\s*")
#: Markers a clerk escapes to print them ("2\*3").
_ESCAPED = re.compile(r"\\[*_\\\[\]]")


def build_table(spec: BangSpec, path: tuple, report: Report) -> Table:
    """The table of ``spec`` (written at YAML ``path``), its typed totals checked against the computed ones."""
    columns = _columns(spec, path, report)
    header: list[HeaderCell] = []
    depth = _depth(spec.cot)
    _header(spec.cot, depth, 0, 0, header)
    rows: list[Row] = []
    typed_groups: list[tuple[int, tuple]] = []
    _rows(spec.dong, columns, path + ("dong",), 0, rows, typed_groups, report)
    blank = spec.so_dong_trong if spec.so_dong_trong is not None else (0 if rows else 1)
    rows += [Row((None,) * len(columns)) for _ in range(blank)]
    if not rows:
        report("VB206", Severity.ERROR, "bảng không có dòng nào", path + ("so_dong_trong",),
               "ghi các dòng ở `dong` hoặc số dòng trống ở `so_dong_trong`")
    total = spec.tong_cong
    if total is not None and not any(c.type is ColumnType.TEXT for c in columns):
        report("VB223", Severity.ERROR, "dòng tổng cộng cần một cột chữ để ghi nhãn", path + ("tong_cong",))
    grouped = any(r.is_group for r in rows)
    numbering = (tuple(Numbering(n) for n in spec.danh_so) if spec.danh_so
                 else DEFAULT_GROUPED if grouped else (Numbering.ARABIC,))
    table = Table(columns=tuple(columns), header=tuple(header), header_rows=depth, rows=tuple(rows),
                  number_row=spec.danh_so_cot, total_label=total.nhan if total is not None else None,
                  unit_note=spec.don_vi_tinh or "", numbering=numbering, group_totals=spec.cong_nhom,
                  total_top=total is not None and total.vi_tri == "tren", continuous=spec.stt_lien_tuc)
    if typed_groups or (total is not None and total.model_extra):
        _check_sums(table, total, typed_groups, path, report)
    return table


# --------------------------------------------------------------------------- columns and header


def _columns(spec: BangSpec, path: tuple, report: Report) -> list[Column]:
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
                              width_mm=col.rong or DEFAULT_WIDTH_MM[col.kieu], decimals=decimals,
                              align=Align(col.can) if col.can else None, total=col.cong))
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
    return columns


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


# --------------------------------------------------------------------------- rows


def _rows(specs: list, columns: list[Column], path: tuple, level: int, out: list[Row],
          typed_groups: list[tuple[int, tuple]], report: Report) -> None:
    for i, spec in enumerate(specs):
        where = path + (i,)
        if not isinstance(spec, NhomSpec):
            row = _row(spec, columns, where, report, level=level)
            if row.merged_up and not (out and out[-1].kind is RowKind.ITEM and out[-1].level == level):
                report("VB270", Severity.ERROR, "dòng phụ (`gop_tren`) phải đứng ngay dưới một dòng của cùng nhóm "
                       "để gộp ô với dòng đó", where + (MERGE_KEY,),
                       "bỏ `gop_tren`, hoặc đặt dòng này ngay sau dòng mà nó là dòng phụ")
                row = Row(row.values, row.kind, row.level, row.end, row.rich, src_path=where)
            out.append(row)  # (made with its src_path: dataclasses.replace per row cost a tenth of a 20,000-row load)
            continue
        if level >= MAX_GROUP_DEPTH:
            report("VB265", Severity.ERROR, f"nhóm lồng nhau quá {MAX_GROUP_DEPTH} cấp", where + ("nhom",))
            continue
        cells = {ROW_LABEL_KEY: spec.nhom, **(spec.model_extra or {})}
        head = _row(cells, columns, where, report, level=level, group=True)
        index = len(out)
        out.append(head)
        if not spec.dong:
            report("VB262", Severity.ERROR, f"nhóm `{spec.nhom}` không có dòng nào", where + ("nhom",),
                   "thêm các dòng của nhóm ở `dong`, hoặc ghi nhóm thành một dòng thường")
        _rows(spec.dong, columns, where + ("dong",), level + 1, out, typed_groups, report)
        out[index] = Row(head.values, RowKind.GROUP, level, len(out), head.rich, spec.ca_dong,
                         Numbering(spec.danh_so) if spec.danh_so else None, src_path=where)
        if any(columns[k].summable and columns[k].formula is None and isinstance(v, Decimal)
               for k, v in enumerate(head.values)):
            typed_groups.append((index, where))


def _row(entry: dict, columns: list[Column], path: tuple, report: Report, *, level: int = 0,
         group: bool = False) -> Row:
    values: list[Value] = [None] * len(columns)
    rich: list = []
    by_code = {c.code: i for i, c in enumerate(columns)}
    cells: list[tuple[int, object, tuple]] = []  # (column, raw value, path of the value)
    merge = entry.get(MERGE_KEY)
    for key, raw in entry.items():
        if key == MERGE_KEY:
            continue
        if key == ROW_CELLS_KEY:
            inputs = [i for i, c in enumerate(columns) if not c.computed]
            if len(raw) > len(inputs):
                report("VB261", Severity.ERROR, f"dòng có {len(raw)} ô nhưng bảng chỉ có {len(inputs)} cột để ghi "
                       f"(không kể cột tự tính)", path,
                       "bỏ bớt ô, hoặc thêm cột ở `cot`; cột stt và cột có `cong_thuc` được tính tự động")
            cells.extend((col, value, path + (n,)) for n, (col, value) in enumerate(zip(inputs, raw)))
            continue
        if key == ROW_LABEL_KEY:
            where = next((i for i, c in enumerate(columns) if c.type is ColumnType.TEXT), None)
            if where is None:
                report("VB223", Severity.ERROR, "dòng viết dạng chuỗi (hoặc nhóm) cần một cột chữ (kieu: chu)", path)
                continue
            cells.append((where, raw, path + ("nhom",) if group else path))
            continue
        where = by_code.get(key)
        if where is None:
            close = difflib.get_close_matches(key, list(by_code), n=1)
            report("VB223", Severity.ERROR, f"dòng có khóa `{key}` không phải mã cột", path + (key,),
                   f"có phải ý bạn là `{close[0]}`?" if close else "các mã cột: " + ", ".join(by_code))
            continue
        cells.append((where, raw, path + (key,)))
    for where, raw, cell_path in cells:
        column = columns[where]
        if column.computed:
            report("VB223", Severity.ERROR, f"cột `{column.code}` được tính tự động; không ghi giá trị", cell_path)
            continue
        if column.type is ColumnType.TEXT and isinstance(raw, str):
            text = inline_text(raw, cell_path, report)
            if text is not None:
                values[where] = " ".join(text.plain.split())
                if any(s.bold or s.italic or s.link or s.underline for s in text.spans):
                    rich.append((where, text))
                continue
        try:
            values[where] = parse_cell(column, raw, percent_points=True)
        except ValueProblem as problem:
            hint = ("YAML đọc 187.315 là số thập phân kiểu Anh; viết trong ngoặc kép theo kiểu Việt Nam: \"187.315\""
                    if isinstance(raw, float) else "")
            report("VB224", Severity.ERROR, f"cột `{column.code}` ({column.title}): {problem}", cell_path, hint)
    merged = _merged(merge, columns, values, path + (MERGE_KEY,), report) if merge and not group else frozenset()
    return Row(tuple(values), RowKind.GROUP if group else RowKind.ITEM, level, rich=tuple(rich), merged_up=merged,
               src_path=path)


def _merged(merge, columns: list[Column], values: list[Value], path: tuple, report: Report) -> frozenset[int]:
    """The columns of a sub-row merged with the row above: ``true`` the Stt cell (so the row has no number)
    and every text cell left blank (a blank number is a figure to fill, not merged unless named), or the
    columns named."""
    if merge is True:
        return frozenset(i for i, c in enumerate(columns)
                         if c.type in (ColumnType.STT, ColumnType.TEXT) and values[i] is None)
    by_code = {c.code: i for i, c in enumerate(columns)}
    out = set()
    for n, code in enumerate(merge):
        where = by_code.get(code)
        if where is None:
            close = difflib.get_close_matches(code, list(by_code), n=1)
            report("VB268", Severity.ERROR, f"`gop_tren` ghi cột `{code}` không có trong bảng", path + (n,),
                   f"có phải ý bạn là `{close[0]}`?" if close else "các mã cột: " + ", ".join(by_code))
        elif values[where] is not None:
            report("VB269", Severity.ERROR, f"ô cột `{code}` gộp với ô của dòng trên nhưng lại có giá trị",
                   path + (n,), "bỏ giá trị của ô, hoặc bỏ cột này khỏi `gop_tren`")
        elif columns[where].formula is None:
            out.add(where)
    return frozenset(out)


def inline_text(raw: str, path: tuple, report: Report):
    """The inline text of a cell or a note; markers left open (``**đậm``, ``*nghiêng``) are VB263, never printed."""
    text = parse_inline(raw)
    bare = parse_inline(_ESCAPED.sub("", raw)).plain if "\\" in raw else text.plain
    if "*" in bare or "__" in bare:
        report("VB263", Severity.ERROR, f"định dạng chữ không khép: `{raw.strip()[:60]}`", path,
               "viết **đậm**, *nghiêng*, __gạch chân__ với dấu mở và dấu đóng; muốn in dấu * thì viết \\*")
        return None
    return text


# --------------------------------------------------------------------------- typed sums


def _check_sums(table: Table, total, typed_groups: list[tuple[int, tuple]], path: tuple, report: Report) -> None:
    """Typed subtotals (on group rows) and typed totals (in `tong_cong`) must equal the computed ones."""
    shown = layout(table)
    offset = 1 if table.total_top and table.total_label is not None else 0
    for index, where in typed_groups:
        typed, computed = table.rows[index].values, shown[index + offset].values
        for k, column in enumerate(table.columns):
            if column.summable and column.formula is None and isinstance(typed[k], Decimal) \
                    and typed[k] != computed[k]:
                report("VB264", Severity.ERROR,
                       f"tổng nhóm cột `{column.code}` ghi {format_value(column, typed[k])} nhưng tổng các dòng "
                       f"của nhóm là {format_value(column, computed[k])}", where + (column.code,),
                       "sửa số liệu, hoặc bỏ số gõ tay ở dòng nhóm để vanban tự tính")
    if total is None or not total.model_extra:
        return
    computed = next(r.values for r in shown if r.kind == "total")
    by_code = {c.code: i for i, c in enumerate(table.columns)}
    for code, raw in total.model_extra.items():
        where = path + ("tong_cong", code)
        k = by_code.get(code)
        if k is None or not table.columns[k].summable:
            report("VB223", Severity.ERROR, f"`tong_cong` có khóa `{code}` không phải mã một cột số", where,
                   "các cột số: " + ", ".join(c.code for c in table.columns if c.summable))
            continue
        column = table.columns[k]
        try:
            typed = parse_cell(column, raw, percent_points=True)
        except ValueProblem as problem:
            report("VB224", Severity.ERROR, f"cột `{code}` ({column.title}): {problem}", where)
            continue
        if typed != computed[k]:
            report("VB260", Severity.ERROR,
                   f"tổng cộng cột `{code}` ghi {format_value(column, typed)} nhưng tổng các dòng là "
                   f"{format_value(column, computed[k])}", where,
                   "sửa số liệu của các dòng, hoặc bỏ số gõ tay ở `tong_cong` để vanban tự tính")
