"""Phụ lục and biểu mẫu after the text (Điều 8.3.a, §3.16) read back into ``phu_luc`` / ``bieu_mau``.

A form starts with its label ("Phụ lục", "Phụ lục II", "Biểu mẫu số 1"), centred, after the signature,
optionally under its own header block beside a Quốc hiệu ("TÊN DOANH NGHIỆP………"); then its name (in
capitals), the line under it, the reference line "(Kèm theo …)" (derived, not written back), "Đơn vị tính:
…", the bordered table and its notes and signers. Columns are read from the table's header rows (two
levels: a group cell spanning columns over its columns), their widths from the cells, their kind from the
cells as vanban lays them out (stt and dates centred, numbers right, text left; a "%" makes a percentage),
given rows from the text of the label column or from every filled cell, the totals row from its label.
What a .docx cannot tell (column codes and formulas, the recipients who send the form back) is not invented:
codes are made from the column names and marked.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import replace

from .. import ooxml
from ..model.decree import QUOC_HIEU, upper
from ..model.forms import PLACE_DATE_BLANK

#: "Phụ lục", "Phụ lục II", "PHỤ LỤC 01" (a number with its leading zero, directive 021), "Biểu mẫu số 1".
LABEL = re.compile(r"^((Phụ lục|PHỤ LỤC)(\s+(số\s+)?([IVXLC]+|\d+))?|Biểu mẫu số\s+\d+)$")
#: The reference line under the name: "(Kèm theo Công văn số …)", "(Ban hành kèm theo Quyết định số …)".
REFERENCE = re.compile(r"^\((Ban hành kèm theo|Kèm theo)\b")
NUMBER = re.compile(r"\d{1,3}(\.\d{3})*(,\d+)?|\d+")
UNIT = re.compile(r"^(Đơn vị tính|ĐVT)\s*:")
_DEFAULT_BIEU_MAU = "Biểu mẫu số {n}"


def code_of(name: str, taken: set[str]) -> str:
    """A column code from its name: "Số lượng điện thoại" → ``so_luong_dien_thoai``."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", ascii_name)[:4] or ["cot"]
    code = "_".join(words)
    if code[0].isdigit():
        code = "c_" + code
    base, n = code, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    taken.add(code)
    return code


class FormReader:
    """Reads the forms of a document whose paragraphs the :class:`~.reader.DocxReader` holds."""

    def __init__(self, reader):
        self.r = reader
        self.ctx = reader.ctx

    def read(self, spec: dict, after: int) -> None:
        paras = self.r.paras
        starts = [i for i in range(after, len(paras)) if paras[i].centered and LABEL.match(" ".join(paras[i].plain.split()))
                  and ooxml.cell_of(self.ctx.paragraphs[i]) is None]
        starts = sorted(starts + self._unlabelled(after, starts))
        bounds = starts + [self._enclosure_start(after)]
        appendices, forms = [], []
        for n, (start, stop) in enumerate(zip(bounds, bounds[1:])):
            form = self._form(start, stop, spec)
            if form is None:
                continue
            kind, label, body = form
            if kind == "phu_luc":
                appendices.append((label, body))
            else:
                forms.append((label, body))
        for key, found, default in (("phu_luc", appendices, None), ("bieu_mau", forms, _DEFAULT_BIEU_MAU)):
            out = []
            for n, (label, body) in enumerate(found):
                expected = (("Phụ lục" if len(found) == 1 else f"Phụ lục {_roman(n + 1)}") if default is None
                            else default.format(n=n + 1))
                if label is None:
                    body = {"nhan": False, **body}
                elif label != expected:
                    body = {"nhan": label, **body}
                out.append(body)
            if out:
                spec[key] = out

    def _enclosure_start(self, after: int) -> int:
        """Where the documents issued with a quyết định begin (each after its own Quốc hiệu): forms end there."""
        paras = self.r.paras
        return next((i for i in range(after, len(paras)) if " ".join(upper(paras[i].plain).split()) == QUOC_HIEU
                     and not self._form_header(i)), len(paras))

    def _form_header(self, i: int) -> bool:
        """Whether the Quốc hiệu at ``i`` heads a form (a label follows within its header table)."""
        paras = self.r.paras
        tc = ooxml.cell_of(self.ctx.paragraphs[i])
        if tc is None:
            return False
        table = ooxml.cell_position(tc)[0]
        j = i
        while j < len(paras) and ((cell := ooxml.cell_of(self.ctx.paragraphs[j])) is not None
                                  and ooxml.cell_position(cell)[0] == table or not paras[j].plain):
            j += 1
        return j < len(paras) and paras[j].centered and bool(LABEL.match(" ".join(paras[j].plain.split())))

    def _unlabelled(self, after: int, starts: list[int]) -> list[int]:
        """Phụ lục printed without a label (``nhan: false``, directive 023): a centred title in capitals, bold,
        out of any table, its reference line "(Kèm theo …)" right under it (an optional bold line between)."""
        paras, out = self.r.paras, []
        for i in range(after, len(paras)):
            p = paras[i]
            if not (p.centered and p.bold and p.plain and upper(p.plain) == p.plain) or i - 1 in starts or \
                    ooxml.cell_of(self.ctx.paragraphs[i]) is not None or LABEL.match(" ".join(p.plain.split())):
                continue
            nxt = [k for k in range(i + 1, min(i + 4, len(paras))) if paras[k].plain][:2]
            if nxt and REFERENCE.match(paras[nxt[0]].plain) or len(nxt) == 2 and paras[nxt[0]].centered and \
                    paras[nxt[0]].bold and REFERENCE.match(paras[nxt[1]].plain):
                if not any(" ".join(upper(paras[k].plain).split()) == QUOC_HIEU for k in range(max(0, i - 8), i)):
                    out.append(i)
        return out

    def _form(self, start: int, stop: int, spec: dict):
        r, ctx, paras = self.r, self.ctx, self.r.paras
        labelled = bool(LABEL.match(" ".join(paras[start].plain.split())))
        label = " ".join(paras[start].plain.split()) if labelled else None
        kind = "phu_luc" if label is None or upper(label).startswith("PHỤ LỤC") else "bieu_mau"
        body: dict = {}
        used = {start} if labelled else set()
        # its own header block: the table just above the label, with a Quốc hiệu in its right cell
        header = [i for i in range(max(0, start - 12), start) if ooxml.cell_of(ctx.paragraphs[i]) is not None
                  and i > (ctx.signatures[0][-1] if ctx.signatures else 0)]
        if any(" ".join(upper(paras[i].plain).split()) == QUOC_HIEU for i in header):
            cell = None
            lines = []
            for i in header:
                text = paras[i].plain
                tc = ooxml.cell_of(ctx.paragraphs[i])
                if ooxml.cell_position(tc)[2] == 0 and text:
                    lines.append(text)
                    cell = tc
                used.add(i)
            if lines and cell is not None:
                body["dau_mau"] = self._header_lines(lines)
        j = start + 1 if labelled else start
        top = [i for i in range(j, stop) if ooxml.cell_of(ctx.paragraphs[i]) is None]
        k = 0
        if k < len(top) and paras[top[k]].plain:
            body["ten"] = self._title(top[k])
            used.add(top[k])
            k += 1
        else:
            return None
        if k < len(top) and paras[top[k]].plain and paras[top[k]].centered and paras[top[k]].bold and \
                not REFERENCE.match(paras[top[k]].plain) and not UNIT.match(paras[top[k]].plain):
            body["trich_yeu"] = paras[top[k]].plain
            used.add(top[k])
            k += 1
        reference = None
        head_end = max(used)  # the last line of the name block (the reference line when there is one)
        while k < len(top) and (not paras[top[k]].plain or REFERENCE.match(paras[top[k]].plain)):
            if REFERENCE.match(paras[top[k]].plain):
                reference = paras[top[k]].plain
                head_end = top[k]
            used.add(top[k])
            k += 1
            if not paras[top[k - 1]].plain and k < len(top) and UNIT.match(paras[top[k]].plain):
                break
        kem_theo = self._reference(reference, spec)
        if kem_theo is not None:
            body["kem_theo"] = kem_theo
        tables = self._tables(start, stop)
        # the form's table: the first thing after the lines above (an empty line or the unit line between)
        first_table = min((min(i for ids in t["cells"].values() for i in ids) for t in tables), default=stop)
        # (vanban writes the rule under the name and the unit line, empty or not, above the form's table; a table
        # right under the rule is a ``bang`` of the appendix's text)
        between = [i for i in range(head_end + 1, first_table)]
        unit = [i for i in between if paras[i].plain]
        main = None
        if tables and len(unit) <= 1 and all(UNIT.match(paras[i].plain) for i in unit) and \
                (len(between) >= 2 or not r.ours) and not self._signer_table(tables[0], stop):
            main = tables[0]
            if unit:
                text = paras[unit[0]].plain
                body["don_vi_tinh"] = text if text.startswith("ĐVT") else text.split(":", 1)[1].strip()
            used.update(between)
        if main is not None:
            table = self._table(main, body)
            if table is None:
                return None
            used.update(table)
        elif kind == "bieu_mau":
            return None
        # notes under the table (italic as a whole), the body, then the signers' table
        rest = [i for i in range(max(used) + 1, stop)]
        if main is not None:
            notes = []
            for i in rest:
                if ooxml.cell_of(ctx.paragraphs[i]) is not None:
                    break
                if not paras[i].plain:
                    used.add(i)
                    continue
                if not all(s.italic for s in paras[i].spans if s.text.strip()):
                    break
                notes.append(markup(strip_spans([replace(s, italic=False) for s in paras[i].spans])))
                used.add(i)
            if notes:
                body["ghi_chu"] = notes
        signers = tables[-1] if tables and tables[-1] is not main and self._signer_table(tables[-1], stop) else None
        body_stop = min(i for ids in signers["cells"].values() for i in ids) if signers else stop
        body_start = max(used) + 1
        if kind == "phu_luc" and body_start < body_stop:
            blocks = r._body_blocks(body_start, body_stop)
            if blocks:
                reader = BodyReader(r.recaser, articles_are_text=False, warn=r.warn, ours=r.ours)
                content = reader.read(blocks)
                for index, text in reader.notes:
                    r.notes.append(f"tiêu đề (đoạn {index + 1}): «{text}»")
                used.update(p.index for p in blocks)
                if content:
                    body["noi_dung"] = content
        if signers is not None:
            used.update(self._signers(signers, body))
        r.used.update(used)
        order = ("nhan", "dau_mau", "ten", "trich_yeu", "kem_theo", "don_vi_tinh", "huong", "cot", "danh_so_cot",
                 "danh_so", "stt_lien_tuc", "dong",
                 "so_dong_trong", "tong_cong", "ghi_chu", "noi_dung", "ngay_ky", "ky")
        return kind, label, {k: body[k] for k in order if k in body}

    def _title(self, i: int):
        """The name, on the lines the clerk broke it into (a line break in the paragraph, §3.16), recased."""
        lines = [" ".join(line.split()) for line in ooxml.paragraph_text(self.ctx.paragraphs[i]).split("\n")]
        lines = [line for line in lines if line]
        if len(lines) > 1:  # recased as one text (a line may start inside a sentence), then cut where it was
            cased = self.r.recase(" ".join(lines), "tên phụ lục/biểu mẫu")
            text = cased.value if isinstance(cased, Noted) else cased
            if len(text) != len(" ".join(lines)):
                return [self.r.recase(line, "tên phụ lục/biểu mẫu") for line in lines]
            out, pos = [], 0
            for line in lines:
                out.append(text[pos:pos + len(line)])
                pos += len(line) + 1
            if isinstance(cased, Noted):
                out[0] = Noted(out[0], cased.note)
            return out
        return self.r.recase(self.r.paras[i].plain, "tên phụ lục/biểu mẫu")

    def _reference(self, text: str | None, spec: dict):
        """``kem_theo`` from the reference line as printed: false when there is none, else the ways it differs
        from Mẫu 2.1's line "(Kèm theo <loại> số … ngày … tháng … năm … của …)" (§3.16), None when it does not."""
        if text is None:
            return False
        out: dict = {}
        if text.startswith("(Ban hành kèm theo"):
            out["cum"] = "ban_hanh_kem_theo"
        if re.search(r"\bngày\s*[\d ]*/[\d ]*/\s*\d{4}", text):
            out["ngay"] = "ngan"  # the short date "ngày 04/02/2021"; Mẫu 2.1's long one is the default
        if not re.search(r"\bcủa\s+\S", text):
            out["co_quan"] = False
        number_blank = re.search(r"\bsố\s*/", text) is not None
        day_blank = re.search(r"\bngày\s*(…|\.+|\s)\s*(tháng|/)", text) is not None
        if number_blank and "so" in spec or day_blank and isinstance(spec.get("ngay"), _dt.date):
            out["de_trong"] = True
        return out or None

    def body_table(self, indices: list[int]) -> dict | None:
        """A table of the body as the keys of ``bang`` (None when it is no table of data)."""
        tables = self._tables(min(indices), max(indices) + 1)
        if not tables:
            return None
        body: dict = {}
        if self._table(tables[0], body) is None:
            return None
        order = ("don_vi_tinh", "cot", "danh_so_cot", "danh_so", "stt_lien_tuc", "dong", "so_dong_trong",
                 "tong_cong")
        return {k: body[k] for k in order if k in body}

    def _header_lines(self, lines: list[str]):
        joined = " ".join(lines)
        return joined if len(lines) > 1 and not any(line.endswith("…") for line in lines[:-1]) else (
            lines[0] if len(lines) == 1 else lines)

    def _tables(self, start: int, stop: int) -> list[dict]:
        """The tables of a form: ``{"index": table index, "cells": {(row, col): [paragraph indices]}}``."""
        found: dict[int, dict] = {}
        for i in range(start, stop):
            tc = ooxml.cell_of(self.ctx.paragraphs[i])
            if tc is None:
                continue
            t, row, col = ooxml.cell_position(tc)
            entry = found.setdefault(t, {"index": t, "cells": {}, "tc": {}})
            entry["cells"].setdefault((row, col), []).append(i)
            entry["tc"][(row, col)] = tc
        return [found[t] for t in sorted(found)]

    def _table(self, data: dict, body: dict) -> set[int] | None:
        r, paras = self.r, self.r.paras
        cells = data["cells"]
        rows = sorted({row for row, _ in cells})
        tbl = next(iter(data["tc"].values()))
        grid = ooxml.table_grid(_table_of(tbl))

        def text(row: int, col: int) -> str:
            return " ".join(" ".join(paras[i].plain for i in cells.get((row, col), [])).split())

        def rich(row: int, col: int) -> str:
            """A text cell with its inline markup (**đậm**, *nghiêng*), paragraphs joined by a space."""
            from .body import markup, strip_spans

            return " ".join(markup(strip_spans(paras[i].spans)) for i in cells.get((row, col), []) if paras[i].plain)

        def first(row: int, col: int):
            ids = cells.get((row, col), [])
            return paras[ids[0]] if ids else None

        # header rows: every cell bold; the "(1) (2) …" row of column numbers under them
        head = 0
        while head < len(rows) and all((first(rows[head], c) is None or not first(rows[head], c).plain
                                        or first(rows[head], c).bold) for c in range(len(grid[rows[head]]))
                                       if (rows[head], c) in cells) and head < 3:
            head += 1
        trs = {row: ooxml.row_of_cell(tc) for (row, _col), tc in data["tc"].items()}
        marked = 0
        while marked < len(rows) and ooxml.row_is_header(trs[rows[marked]]):
            marked += 1
        if marked > 1 and all(re.fullmatch(r"\(?\d+\)?(=.*)?", text(rows[marked - 1], c) or "x")
                              for c in range(len(grid[rows[marked - 1]])) if (rows[marked - 1], c) in cells):
            marked -= 1  # the row of column numbers "(1) (2) …" repeats with the header; it is read below
        if marked:  # the rows Word repeats on every page (vanban marks its header rows so): a bold group row
            head = marked  # right under them is a row of data
        if head == 0 or head >= len(rows):
            return None
        width = len(grid[-1])
        numbered = all(re.fullmatch(r"\(?\d+\)?(=.*)?", text(rows[head], c) or "x") for c in range(width)
                       if (rows[head], c) in cells)
        data_rows = rows[head + (1 if numbered else 0):]
        if numbered:
            body["danh_so_cot"] = True
        group_rows = {row: self._group_cells(data, grid, row, width) for row in data_rows}
        group_rows = {row: found for row, found in group_rows.items() if found is not None}
        items_rows = [row for row in data_rows if row not in group_rows]
        # columns: leaves of the header (a cell spanning columns in the first row is a group)
        columns: list[dict] = []
        taken: set[str] = set()
        last_row = grid[head - 1] if head else grid[0]
        leaf = []
        for c in range(width):
            cell = last_row[c]
            leaf.append(cell)
        if any(not cell["text"].strip() for cell in leaf):
            return None  # a column without a name (a spec's column has one): not a table vanban writes (its text stays)
        widths = []
        for c in range(width):
            tc = next((tc for (row, col), tc in data["tc"].items() if row == items_rows[0] and col == c), None) \
                if items_rows else None
            twips = ooxml.cell_width_twips(tc) if tc is not None else None
            widths.append(round(ooxml.twips_to_mm(twips), 1) if twips else None)
        last = data_rows[-1] if len(data_rows) > 1 and data_rows[-1] not in group_rows else None
        total_row = last if last is not None and all(
            p is None or not p.plain or p.bold for p in (first(last, c) for c in range(width))) else None
        kinds = []
        aligned: list[str | None] = []  # the one alignment of a column's filled cells
        for c in range(width):
            values = [text(row, c) for row in items_rows]
            aligns = {first(row, c).align for row in items_rows if first(row, c) is not None}
            shown = {first(row, c).align for row in items_rows if first(row, c) is not None and first(row, c).plain}
            aligned.append(shown.pop() if len(shown) == 1 else None)
            name = " ".join(leaf[c]["text"].split())
            filled = [v for v in values if v]
            if name.lower() in ("stt", "tt", "số tt", "số thứ tự") and (all(
                    v == str(n + 1) for n, v in enumerate(values[:len(filled)])) or (group_rows or any(
                    ooxml.cell_vmerge(tc) == "continue" for (row, col), tc in data["tc"].items() if col == c))
                    and all(label_kind(v) != "other" for v in values)):
                kinds.append("stt")
            elif any(v.endswith("%") for v in filled) or ("right" in aligns and "tỷ lệ" in name.lower()):
                kinds.append("ty_le")
            elif "right" in aligns:
                kinds.append("so")
            elif "center" in aligns and all(re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", v) for v in filled):
                kinds.append("ngay")
            elif aligned[c] == "center" and filled and all(NUMBER.fullmatch(v) for v in filled) and \
                    total_row is not None and NUMBER.fullmatch(text(total_row, c)):
                kinds.append("so")  # a centred number column the totals row adds up (022: the points)
            else:
                kinds.append("chu")
        def not_added(c: int) -> bool:
            """Whether number column ``c`` is blank on every group row and on a totals row (first or last row,
            bold), there being one of them."""
            sums = []
            for row in group_rows:
                spans = group_rows[row][2]
                sums.append(bool(text(row, spans[c][0])) if c in spans else False)
            for row in (data_rows[0], data_rows[-1]) if len(data_rows) > 1 else ():
                if row not in group_rows and all(p is None or not p.plain or p.bold
                                                 for p in (first(row, k) for k in range(width))):
                    sums.append(bool(text(row, c)))
            return bool(sums) and not any(sums)

        groups: dict[int, dict] = {}
        for c in range(width):
            name = " ".join(leaf[c]["text"].split())
            match = re.fullmatch(r"(.+?)\s+\(([^()]+)\)", name)
            unit = None
            if match and kinds[c] in ("so", "ty_le"):
                name, unit = match.group(1), match.group(2)
            column = {"ma": code_of(name, taken), "ten": name}
            if unit:
                column["don_vi"] = unit
            if kinds[c] != "chu":
                column["kieu"] = kinds[c]
            if widths[c]:
                column["rong"] = widths[c]
            if kinds[c] == "so" and not_added(c):
                column["cong"] = False  # a number no group row and no total adds up (unit price, count)
            if kinds[c] == "so" and aligned[c] == "center":
                column["can"] = "giua"
            if kinds[c] == "chu" and aligned[c] in ("center", "right"):  # a text column centred or right-aligned
                column["can"] = {"center": "giua", "right": "phai"}[aligned[c]]
            top_cell = grid[0][c]
            if head > 1 and top_cell["col_span"] > 1 and top_cell["row_span"] < head:
                group = groups.get(id(top_cell))
                if group is None:
                    group = {"ten": " ".join(top_cell["text"].split()), "cot": []}
                    groups[id(top_cell)] = group
                    columns.append(group)
                group["cot"].append(column)
            else:
                columns.append(column)
        body["cot"] = columns
        # formulas from the row of column numbers: "(5)=(3)-(4)" → cong_thuc: tong_so - da_cai
        computed = set()
        if numbered:
            leaves_ = [c for col in columns for c in (col.get("cot") or [col])]
            for c in range(width):
                match = re.fullmatch(r"\(?\d+\)?=(.+)", text(rows[head], c))
                if not match:
                    continue
                try:
                    formula = re.sub(r"\((\d+)\)", lambda m: leaves_[int(m.group(1)) - 1]["ma"], match.group(1))
                except IndexError:
                    continue
                leaves_[c]["cong_thuc"] = " ".join(re.sub(r"([-+*/])", r" \1 ", formula).split())
                computed.add(c)
        # rows: the totals row (bold, "Tổng cộng"), given rows, blank rows to fill
        leaves = [c for col in columns for c in (col.get("cot") or [col])]
        label_col = next((c for c in range(width) if kinds[c] == "chu"), None)
        given, blank = [], 0
        total = None
        total_values: dict[str, str] = {}
        entries: list[dict] = []  # every given row with its Stt label, for the groups (table_groups.nest)
        top_total = None
        stt_col = next((c for c in range(width) if kinds[c] == "stt"), None)
        for row in data_rows:
            if row in group_rows:
                label, whole, spans = group_rows[row]
                group: dict = {}
                if whole:
                    group["nhom"] = WHOLE_GROUP.fullmatch(text(row, 0)).group("n")
                for c, (k, _span) in spans.items():
                    value = text(row, k)
                    if whole or c == stt_col or not value or c in computed:
                        continue
                    if c == label_col:  # a group row is bold as a whole: its other emphasis is kept
                        group["nhom"] = self._group_name(cells.get((row, k), []))
                    elif kinds[c] in ("so", "ty_le", "ngay", "chu"):
                        group[leaves[c]["ma"]] = rich(row, k) if kinds[c] == "chu" else value
                if "nhom" not in group:
                    return None  # a bold row without a name: not a group row vanban can write
                group = {"nhom": group.pop("nhom"), **group}
                if whole:
                    group["ca_dong"] = True
                entries.append({"group": True, "label": label, "row": group})
                continue
            values = [text(row, c) for c in range(width)]
            cells_row = [first(row, c) for c in range(width)]
            if label_col is not None and values[label_col] and all(
                    p is None or not p.plain or p.bold for p in cells_row) and row == data_rows[-1]:
                total = values[label_col]
                # what vanban does not add up is typed in the totals row (022: the points of a text column)
                total_values = {leaves[c]["ma"]: values[c] for c in range(width) if values[c] and c != label_col and (
                    kinds[c] == "chu" or leaves[c].get("cong") is False)}
                continue
            if label_col is not None and values[label_col] and row == data_rows[0] and len(data_rows) > 1 and (
                    group_rows or values[stt_col if stt_col is not None else label_col] == "") and all(
                    p is None or not p.plain or p.bold for p in cells_row):
                top_total = values[label_col]  # "TỔNG SỐ" right under the header (corpus 19)
                continue
            filled = {leaves[c]["ma"]: (rich(row, c) if kinds[c] == "chu" else values[c]) for c in range(width)
                      if values[c] and kinds[c] != "stt" and c not in computed}
            merged = {c for (r_, c), tc in data["tc"].items() if r_ == row and ooxml.cell_vmerge(tc) == "continue"}
            if merged:  # a sub-row: cells merged with the row above (gop_tren)
                blank_text = {c for c in range(width) if kinds[c] in ("stt", "chu") and not values[c]}
                filled["gop_tren"] = True if stt_col in merged and merged == blank_text else \
                    [leaves[c]["ma"] for c in sorted(merged)]
            if not filled:
                blank += 1
                continue
            elif label_col is not None and list(filled) == [leaves[label_col]["ma"]]:
                given.append(filled[leaves[label_col]["ma"]])
            else:
                given.append(filled)
            entries.append({"group": False, "label": values[stt_col] if stt_col is not None else "",
                            "row": given[-1], "merged": bool(merged) and stt_col in merged})
        if group_rows or any(entry.get("merged") for entry in entries):
            given, keys = nest(entries)
            body.update(keys)
        if given:
            body["dong"] = given
        if top_total is not None:
            body["tong_cong"] = {"nhan": top_total, "vi_tri": "tren"}
        if blank and (given or blank != 1):
            body["so_dong_trong"] = blank
        if total is not None:
            body["tong_cong"] = {"nhan": total, **total_values} if total_values else (
                True if total == "Tổng cộng" else total)
        used = {i for ids in cells.values() for i in ids}
        return used

    def _group_name(self, ids: list[int]) -> str:
        """The name of a group row with its inline markup. The row is bold as a whole, so the bold the clerk
        marked ("**Vùng nuôi tôm nước lợ:** Tần suất …", corpus 19) shows only as a run of its own: runs alike
        side by side are written bold and plain in turn, which gives them back."""
        ctx, parts = self.ctx, []
        for i in ids:
            if not self.r.paras[i].plain:
                continue
            spans = []
            for text, props, rel in ooxml.paragraph_pieces(ctx.paragraphs[i], ctx.sheet):
                kind, target = ctx.rels.get(rel, ("", "")) if rel is not None else ("", "")
                spans.append(Span(text.replace("\t", " ").replace("\n", " "), False, props["italic"],
                                  target if kind.endswith("/hyperlink") else None, props["underline"]))
            spans = strip_spans(spans)
            out = []
            for n, span in enumerate(spans):
                key = (span.italic, span.link, span.underline)
                alike_before = n > 0 and (spans[n - 1].italic, spans[n - 1].link, spans[n - 1].underline) == key
                alike_after = n + 1 < len(spans) and (spans[n + 1].italic, spans[n + 1].link,
                                                      spans[n + 1].underline) == key
                bold = (not out[-1].bold) if alike_before else alike_after
                out.append(replace(span, bold=bold))
            parts.append(markup(out))
        return " ".join(parts)

    def _group_cells(self, data: dict, grid: list[list[dict]], row: int, width: int):
        """A group row (every text bold, kept with the next row or spanning columns): its Stt label, whether
        it is one cell across the row ("I. TÊN NHÓM"), and {grid column: (cell index, span)}; ``None`` for a
        row of data."""
        paras, cells = self.r.paras, data["cells"]
        ids = [i for (r_, _c), found in cells.items() if r_ == row for i in found]
        texts = [paras[i] for i in ids if paras[i].plain]
        if not texts or not all(p.bold for p in texts):
            return None
        spans: dict[int, tuple[int, int]] = {}
        k = -1
        previous = None
        for c in range(width):
            element = grid[row][c]["element"]
            if element is not previous:
                k += 1
                spans[c] = (k, grid[row][c]["col_span"])
                previous = element
        keeps = all(ooxml.keeps_with_next(self.ctx.paragraphs[i]) for i in ids)
        if not keeps and len(spans) == width:
            return None  # a bold row of data (or the totals row), not a group
        if len(spans) == 1:
            only = " ".join(paras[i].plain for i in cells.get((row, 0), []) if paras[i].plain)
            match = WHOLE_GROUP.fullmatch(" ".join(only.split()))
            if match is None:
                return None
            return match.group("l"), True, spans
        label = " ".join(" ".join(paras[i].plain for i in cells.get((row, 0), [])).split())
        return label, False, spans

    def _signer_table(self, table: dict, stop: int) -> bool:
        """The signers' titles side by side under a form ("Người lập biểu", "Thủ trưởng đơn vị"): a table of one
        row (two with the "…, ngày … tháng … năm …" line) whose cells start with a bold title, nothing after it."""
        paras, cells = self.r.paras, table["cells"]
        rows = sorted({row for row, _ in cells})
        last = max(i for ids in cells.values() for i in ids)
        if len(rows) > 2 or any(paras[i].plain for i in range(last + 1, stop)):
            return False
        firsts = [next((paras[i] for i in ids if paras[i].plain), None)
                  for (row, _col), ids in sorted(cells.items()) if row == rows[-1]]
        titled = [p for p in firsts if p is not None]
        return bool(titled) and all(p.bold for p in titled) and (len(rows) == 1 or all(
            paras[i].plain in ("", PLACE_DATE_BLANK) for (row, _c), ids in cells.items() if row == rows[0] for i in ids))

    def _signers(self, table: dict, body: dict) -> set[int]:
        paras = self.r.paras
        cells = table["cells"]
        rows = sorted({row for row, _ in cells})
        last = rows[-1]
        if any(paras[i].plain == PLACE_DATE_BLANK for ids in cells.values() for i in ids):
            body["ngay_ky"] = True
        signers = []
        for (row, col) in sorted(k for k in cells if k[0] == last):
            texts = [paras[i].plain for i in cells[(row, col)] if paras[i].plain]
            if not texts:
                continue
            if len(texts) == 1:
                signers.append(texts[0])
            else:
                signers.append({"chuc_danh": texts[0], "chu_thich": " ".join(texts[1:])})
        if signers:
            body["ky"] = signers
        return {i for ids in cells.values() for i in ids}


from .body import BodyReader, markup, strip_spans  # noqa: E402
from .yamlout import Noted  # noqa: E402
from ..model import Span  # noqa: E402
from .table_groups import WHOLE as WHOLE_GROUP, label_kind, nest  # noqa: E402


def _table_of(tc):
    return ooxml.table_of_cell(tc)


def _roman(n: int) -> str:
    from ..model.decree import roman

    return roman(n)
