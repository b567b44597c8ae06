"""`vanban collect`: read the returned forms, check every cell, and sum them up.

Returned files are .xlsx workbooks made by ``vanban build --forms xlsx`` (filled in Excel or
LibreOffice) or .docx files whose form tables were filled in Word. A file may hold several forms.

How a returned file is tied to its form and its recipient (đơn vị báo cáo):
- .xlsx: the defined name ``VANBAN_F<n>_KHOA`` names the letter (ký hiệu), the form and a fingerprint of its
  columns and rows (a file made from another version of the form is refused);
  ``VANBAN_F<n>_BANG`` is the data range. The recipient is the code in ``VANBAN_DON_VI`` (the
  per-recipient copies), else the name typed in the "Đơn vị báo cáo" cell, else the file name.
  A workbook without those names (rebuilt by hand) is read from the sheet named like the form,
  at the layout vanban writes.
- .docx: the table whose header matches the form's; the recipient is the text written over the
  form's own header block ("TÊN DOANH NGHIỆP……" replaced by the unit's name), else the file name.
A recipient is matched by its code or its name (case, diacritics and spacing ignored).

Codes:
  VB901 tệp không đọc được                 VB902 không có biểu mẫu của đặc tả / phiên bản khác
  VB903 không xác định được đơn vị báo cáo VB904 giá trị sai kiểu tại một ô
  VB905 đơn vị nộp trùng                   VB906 (cảnh báo) đơn vị chưa nộp
  VB907 (cảnh báo) ô còn trống             VB908 dòng cho sẵn của biểu mẫu bị sửa
  VB909 đặc tả không có biểu mẫu
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import gate, ooxml
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity
from ..model.decree import QUOC_HIEU
from ..model.forms import Column, ColumnType, Form, Recipient, Value, slug
from ..model.values import CONTROL, ValueProblem, parse_cell
from .xlsx import form_key, layout

#: Largest returned file read, in bytes (and largest unpacked part of it).
MAX_FILE_BYTES = 20 * 1024 * 1024
#: Largest returned form once unzipped (a form of 20,000 rows is about 12 MB of XML): openpyxl and lxml
#: hold a workbook in memory at ~20 times its XML, so the package limits are tighter than for a letter.
MAX_UNZIPPED = 32 * 1024 * 1024


@dataclass
class Submission:
    """One recipient's returned form: input values per row (blank where missing or wrong)."""

    recipient: Recipient
    source: str
    rows: list[list[Value]]
    bad_cells: int = 0
    blank_cells: int = 0


@dataclass
class FormResult:
    form: Form
    submissions: dict[str, Submission] = field(default_factory=dict)  # by recipient code, in arrival order
    missing: list[Recipient] = field(default_factory=list)

    def ordered(self) -> list[tuple[Recipient, Submission | None]]:
        """Every recipient of the list (returned or not), then those found outside the list."""
        out = [(r, self.submissions.get(r.code)) for r in self.form.recipients]
        known = {r.code for r in self.form.recipients}
        out += [(s.recipient, s) for code, s in self.submissions.items() if code not in known]
        return out


def collect(document, paths: list[Path]) -> tuple[list[FormResult], Diagnostics]:
    diags = Diagnostics()
    results = [FormResult(form) for form in document.attachments]  # by attachment index; text-only ones dropped below
    if not any(form.table is not None for form in document.attachments):
        diags.add(Diagnostic("VB909", Severity.ERROR, "đặc tả không có biểu mẫu hay phụ lục nào (`bieu_mau`, `phu_luc`)",
                             "", Position(document.source)))
        return results, diags
    for path in paths:
        name = str(path)
        try:
            refused = gate.macro_refusal(path, "VB901") if path.suffix.lower() != ".xlsm" else None
            if refused is not None:
                raise refused
            data = gate.read_input(path, MAX_FILE_BYTES, code="VB901", what="tệp biểu mẫu")
        except gate.InputRefused as exc:
            diags.add(exc.diagnostic())
            continue
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):  # values only: no macro ever runs
            found = _XlsxReader(name, data, document, diags).read()
        elif suffix == ".docx":
            found = _DocxReader(name, data, document, diags).read()
        else:
            diags.add(Diagnostic("VB901", Severity.ERROR, "chỉ đọc được tệp .xlsx hoặc .docx", "", Position(name)))
            continue
        if found is None:
            continue
        for index, submission in found:
            result = results[index]
            code = submission.recipient.code
            if code in result.submissions:
                first = result.submissions[code].source
                diags.add(Diagnostic("VB905", Severity.ERROR,
                                     f"{result.form.label}: đơn vị `{submission.recipient.name}` đã nộp trong tệp "
                                     f"{first}; tệp này bị bỏ qua", "", Position(name),
                                     "giữ một tệp cho mỗi đơn vị"))
                continue
            result.submissions[code] = submission
    results = [result for result in results if result.form.table is not None]  # a text-only phụ lục has nothing to fill
    for result in results:
        result.missing = [r for r in result.form.recipients if r.code not in result.submissions]
        for recipient in result.missing:
            diags.add(Diagnostic("VB906", Severity.WARNING, f"{result.form.label}: đơn vị `{recipient.name}` chưa nộp",
                                 "", Position(document.source)))
    return results, diags


# --------------------------------------------------------------------------- matching


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[.…_:;,]+", " ", text).split())


def identify(form: Form, *, code: str | None = None, name: str | None = None,
             file_stem: str | None = None) -> Recipient | None:
    """The recipient a returned form belongs to (see the module docstring)."""
    if not form.recipients:
        text = CONTROL.sub("", (name or "")).strip() or CONTROL.sub("", file_stem or "")
        return Recipient(" ".join(text.split()), slug(text)) if text else None
    if code:
        for recipient in form.recipients:
            if recipient.code.lower() == code.strip().lower():
                return recipient
    for text in (name, file_stem):
        if not text or not text.strip():
            continue
        wanted = _norm(text)
        key = f"-{slug(text)}-"
        for recipient in form.recipients:
            if wanted == _norm(recipient.name) or slug(text) == recipient.code.lower():
                return recipient
        hits = [r for r in form.recipients
                if f"-{slug(r.name)}-" in key or f"-{r.code.lower()}-" in key]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:  # the longest name wins ("VNPT Bình Phước" over "VNPT")
            hits.sort(key=lambda r: -len(slug(r.name)))
            if len(slug(hits[0].name)) > len(slug(hits[1].name)):
                return hits[0]
    return None


# --------------------------------------------------------------------------- reading


class _Reader:
    def __init__(self, name: str, data: bytes, document, diags: Diagnostics):
        self.name = name
        self.data = data
        self.document = document
        self.diags = diags
        self.stem = Path(name).stem

    def error(self, code: str, message: str, where: str = "", hint: str = "", severity=Severity.ERROR) -> None:
        self.diags.add(Diagnostic(code, severity, message, where, Position(self.name), hint))

    def rows(self, form: Form, cells: list[list], where, sheet_label: str) -> tuple[list[list[Value]], int, int]:
        """Check the cells of the data rows; ``cells[r][c]`` is a raw value, ``where(r, c)`` gives its
        address as shown in a message ("ô C14") and as the diagnostic's path ("Biểu mẫu số 1!C14")."""
        table = form.table
        out: list[list[Value]] = []
        bad = 0
        blanks: list[str] = []
        label_at = table.label_column
        for r, raw_row in enumerate(cells):
            given = table.rows[r].values if r < len(table.rows) else (None,) * len(table.columns)
            values: list[Value] = list(given)
            if r < len(table.rows) and table.rows[r].is_group:  # a group row: its subtotals are computed
                out.append(values)
                continue
            row_name = given[label_at] if label_at is not None and given[label_at] else None
            for c, column in enumerate(table.columns):
                raw = raw_row[c] if c < len(raw_row) else None
                if column.computed:
                    continue
                if given[c] is not None:
                    if c == label_at and raw not in (None, "") and _norm(str(raw)) != _norm(str(given[c])):
                        shown, path = where(r, c)
                        self.error("VB908", f"{sheet_label}, {shown}: dòng thứ {r + 1} phải là "
                                   f"`{given[c]}`, tệp ghi `{raw}`; các dòng cho sẵn không được sửa", path)
                        bad += 1
                    continue
                try:
                    value = parse_cell(column, raw, percent_points=not isinstance(raw, (int, float, Decimal)))
                except ValueProblem as problem:
                    label = f", dòng `{row_name}`" if row_name else f", dòng thứ {r + 1} của bảng"
                    shown, path = where(r, c)
                    self.error("VB904", f"{sheet_label}, {shown} (cột {column.title}{label}): {problem}",
                               path, _hint(column))
                    bad += 1
                    continue
                if value is None and column.type is not ColumnType.TEXT:
                    blanks.append(where(r, c)[0])
                values[c] = value
            out.append(values)
        if blanks:
            shown = "; ".join(blanks[:8]) + (f" và {len(blanks) - 8} ô khác" if len(blanks) > 8 else "")
            self.error("VB907", f"{sheet_label}: {len(blanks)} ô số liệu còn trống: {shown}", "",
                       severity=Severity.WARNING)
        return out, bad, len(blanks)

    def submission(self, index: int, form: Form, sheet_label: str, rows, bad, blanks, *, code=None, name=None):
        recipient = identify(form, code=code, name=name, file_stem=self.stem)
        if recipient is None:
            known = ", ".join(r.name for r in form.recipients[:5]) + (" …" if len(form.recipients) > 5 else "")
            self.error("VB903", f"{sheet_label}: không xác định được đơn vị báo cáo"
                       + (f" (`{name}`)" if name else ""), "",
                       f"ghi đúng tên đơn vị, ví dụ: {known}" if known else "ghi tên đơn vị báo cáo")
            return None
        return index, Submission(recipient, self.name, rows, bad, blanks)


def _hint(column: Column) -> str:
    return {ColumnType.NUMBER: "số ≥ 0, ví dụ 187.315" if column.decimals == 0 else "số ≥ 0, ví dụ 12,5",
            ColumnType.PERCENT: "tỷ lệ từ 0% đến 100%, ví dụ 1,09%",
            ColumnType.DATE: "ngày, ví dụ 28/8/2020"}.get(column.type, "")


class _XlsxReader(_Reader):
    def read(self):
        from openpyxl import load_workbook
        from openpyxl.utils import range_boundaries

        try:
            ooxml.check_zip(self.data, "xl/workbook.xml", max_total=MAX_UNZIPPED)  # the package limits, before openpyxl inflates it
            wb = load_workbook(io.BytesIO(self.data), data_only=True)
        except ooxml.PackageError as exc:
            self.error("VB901", f"không mở được tệp Excel: {exc.message}")
            return None
        except Exception as exc:  # openpyxl raises many kinds on a damaged file
            self.error("VB901", f"không mở được tệp Excel: {exc}")
            return None
        names = wb.defined_names
        code = _constant(names.get("VANBAN_DON_VI"))
        found = []
        for index, form in enumerate(self.document.attachments):
            if form.table is None:
                continue
            n = index + 1
            key = _constant(names.get(f"VANBAN_F{n}_KHOA"))
            plan = layout(form)
            ws, first = None, plan.first_data_row
            if key is not None:
                if key != form_key(self.document, form):
                    if key.split("|")[:2] == [self.document.number.code, form.key]:
                        self.error("VB902", f"{form.label}: tệp được tạo từ một phiên bản khác của biểu mẫu "
                                   "(cột hoặc dòng đã đổi)", "", "gửi lại tệp Excel tạo từ đặc tả hiện tại")
                    continue
                destinations = list(names[f"VANBAN_F{n}_BANG"].destinations)
                if not destinations or destinations[0][0] not in wb.sheetnames:
                    self.error("VB902", f"{form.label}: vùng dữ liệu của biểu mẫu bị xóa")
                    continue
                sheet_name, ref = destinations[0]
                ws = wb[sheet_name]
                _, first, _, _ = range_boundaries(ref.replace("$", ""))
            elif form.sheet_title in wb.sheetnames and _header_matches(wb[form.sheet_title], form, plan):
                ws = wb[form.sheet_title]
            if ws is None:
                continue
            label = f"trang tính `{ws.title}`"
            cells, coords = [], []
            for r in range(plan.data_rows):
                row_cells = [ws.cell(row=first + r, column=c + 1) for c in range(len(form.table.columns))]
                cells.append([_cell_value(cell) for cell in row_cells])
                coords.append([cell.coordinate for cell in row_cells])
            rows, bad, blanks = self.rows(form, cells, lambda r, c, ws=ws: (f"ô {coords[r][c]}",
                                                                            f"{ws.title}!{coords[r][c]}"), label)
            typed = None
            cell_name = names.get(f"VANBAN_F{n}_DON_VI")
            if cell_name is not None:
                for sheet_name, ref in cell_name.destinations:
                    if sheet_name in wb.sheetnames:
                        typed = wb[sheet_name][ref.replace("$", "")].value
            else:
                typed = ws[plan.recipient_cell].value
            hit = self.submission(index, form, label, rows, bad, blanks, code=code,
                                  name=str(typed) if typed is not None else None)
            if hit:
                found.append(hit)
        if not found and not any(d.position and d.position.file == self.name and d.code in ("VB902", "VB903")
                                 for d in self.diags):
            self.error("VB902", "tệp không chứa biểu mẫu nào của đặc tả này",
                       "", "dùng tệp Excel do `vanban build --forms xlsx` tạo ra")
        return found


def _constant(defined) -> str | None:
    if defined is None:
        return None
    text = defined.attr_text or ""
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    return None


def _cell_value(cell):
    value = cell.value
    if isinstance(value, str) and value.startswith("="):
        return value  # a formula without a computed value: reported as not a number
    return value


def _header_matches(ws, form: Form, plan) -> bool:
    for cell in form.table.header:
        value = ws.cell(row=plan.header_row + cell.row, column=cell.col + 1).value
        if _norm(str(value or "")) != _norm(cell.text):
            return False
    return True


class _DocxReader(_Reader):
    def read(self):
        try:
            root = ooxml.check_zip(self.data, ooxml.W_MAIN, max_total=MAX_UNZIPPED).xml(ooxml.W_MAIN)
        except ooxml.PackageError as exc:
            self.error("VB901", f"không mở được tệp Word: {exc.message}")
            return None
        except Exception as exc:
            self.error("VB901", f"không mở được tệp Word: {exc}")
            return None
        tables = ooxml.body_tables(root)
        grids = [ooxml.table_grid(t) for t in tables]
        found = []
        used = set()
        for index, form in enumerate(self.document.attachments):
            table = form.table
            if table is None:
                continue
            for t, grid in enumerate(grids):
                if t in used or not _grid_matches(grid, form):
                    continue
                used.add(t)
                head = table.header_rows + (1 if table.number_row else 0)
                body = grid[head:]
                if table.total_label is not None and body and table.label_column is not None:
                    last = body[-1][table.label_column]["text"] if len(body[-1]) > table.label_column else ""
                    if _norm(last) == _norm(table.total_label):
                        body = body[:-1]
                given = [r for r in table.rows if any(v is not None for v in r.values)]
                if given and len(body) != len(table.rows):
                    self.error("VB908", f"bảng {t + 1} ({form.label}): có {len(body)} dòng, biểu mẫu có "
                               f"{len(table.rows)} dòng; không thêm hay xóa dòng", f"bảng {t + 1}")
                    body = body[:len(table.rows)]
                cells = [[cell["text"] for cell in row] for row in body]
                label = f"bảng {t + 1} ({form.label})"
                rows, bad, blanks = self.rows(
                    form, cells, lambda r, c, t=t, head=head: (f"dòng {head + r + 1}, cột {c + 1}",
                                                               f"bảng {t + 1}, dòng {head + r + 1}, cột {c + 1}"),
                    label)
                name = _docx_header_name(tables[t]) if form.header_left else None
                if name is not None and _norm(name) in {_norm(line) for line in form.header_left}:
                    name = None  # the placeholder "TÊN DOANH NGHIỆP……" left as it was
                hit = self.submission(index, form, label, rows, bad, blanks, name=name)
                if hit:
                    found.append(hit)
                break
        if not found and not any(d.position and d.position.file == self.name and d.code == "VB903"
                                 for d in self.diags):
            self.error("VB902", "tệp không có bảng nào khớp với biểu mẫu của đặc tả (số cột, tiêu đề cột)")
        return found


def _grid_matches(grid: list[list[dict]], form: Form) -> bool:
    table = form.table
    if len(grid) < table.header_rows or any(len(row) != len(table.columns) for row in grid[:table.header_rows]):
        return False
    for cell in table.header:
        if _norm(grid[cell.row][cell.col]["text"]) != _norm(cell.text):
            return False
    return True


def _docx_header_name(tbl) -> str | None:
    """The text over the form's own header block: the first cell of the nearest table above
    (in the same section) that carries the Quốc hiệu."""
    for node in ooxml.tables_before(tbl):
        grid = ooxml.table_grid(node)
        texts = [cell["text"] for row in grid for cell in row]
        if any(QUOC_HIEU in text for text in texts):
            return " ".join(grid[0][0]["text"].split())
        return None
    return None
