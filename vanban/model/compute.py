"""Table computation: Stt labels, computed columns (a + b, a / b), group subtotals and the totals row.

Works on plain value grids, so the .docx, the .xlsx writer and the summary of returned files
compute the same way. The totals row adds up the item rows only, never the group rows (which
already hold subtotals of those items): no double counting however deep the groups go.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .tables import Column, ColumnType, Formula, Numbering, RowKind, Table, Value


def evaluate(formula: Formula, values: dict[str, Value]) -> Value:
    """The value of a computed cell, or ``None`` when an operand is blank (or a / 0)."""
    operands = []
    for sign, code in formula.terms:
        value = values.get(code)
        if not isinstance(value, Decimal):
            return None
        operands.append(value * sign)
    if formula.ratio:
        numerator, denominator = operands
        if denominator == 0:
            return None
        return numerator / denominator
    return sum(operands, Decimal(0))


def complete_row(columns: tuple[Column, ...], values: list[Value], number: int | str | None) -> list[Value]:
    """Fill the computed cells of a row (Stt = ``number``; formulas in column order)."""
    out = list(values)
    by_code = {c.code: i for i, c in enumerate(columns)}
    for i, column in enumerate(columns):
        if column.type is ColumnType.STT:
            out[i] = Decimal(number) if isinstance(number, int) else (number or None)
    current = None  # the row's values by code, kept up to date as the formulas fill it (one dict per row)
    for i, column in enumerate(columns):
        if column.formula is not None:
            if current is None:
                current = {code: out[j] for code, j in by_code.items()}
            out[i] = evaluate(column.formula, current)
            if by_code[column.code] == i:
                current[column.code] = out[i]
    return out


def sums(columns: tuple[Column, ...], rows: list[list[Value]]) -> list[Value]:
    """Sums of the summable (number, not computed) columns of ``rows``; other cells blank."""
    out: list[Value] = [None] * len(columns)
    for i, column in enumerate(columns):
        if column.summable and column.formula is None:
            present = [row[i] for row in rows if isinstance(row[i], Decimal)]
            out[i] = sum(present, Decimal(0)) if present else None
    return out


def totals_row(table: Table, rows: list[list[Value]], label: str | None = None) -> list[Value]:
    """Sums of the number columns of item ``rows``; ratios recomputed from the sums; the label in the label column."""
    out = complete_row(table.columns, sums(table.columns, rows), None)
    where = table.label_column
    if where is not None:
        out[where] = label if label is not None else table.total_label
    return out


def row_labels(table: Table) -> list[str]:
    """The Stt label of every row: numbered per level (I → 1 → a …), restarting under each group; a group
    may number its own rows otherwise (``child_numbering``); a sub-row merged with the row above has none."""
    labels: list[str] = []
    counters: list[int] = []
    parents: list[str] = []  # the label of the enclosing group at each level
    styles: list[Numbering | None] = []  # the numbering a group at each level gives its rows
    items = 0  # the running number of the items when they are numbered on across groups
    stt = table.stt_column
    for row in table.rows:
        level = row.level
        del counters[level + 1:]
        del parents[level:]
        del styles[level:]
        while len(counters) <= level:
            counters.append(0)
        if stt is not None and stt in row.merged_up:
            labels.append("")
            continue
        counters[level] += 1
        style = (styles[-1] if styles and len(styles) == level else None) or table.numbering_at(level)
        if table.continuous and not row.is_group and style not in (Numbering.DASH, Numbering.NONE):
            items += 1
            label = style.label(items, "")
        else:
            label = style.label(counters[level], parents[-1] if parents else "")
        labels.append(label)
        if row.is_group:
            parents.append(label)
            styles.append(row.child_numbering)
    return labels


def merged_runs(table: Table) -> list[tuple[int, int, int]]:
    """The vertically merged cells of sub-rows: (column, first row, last row), rows indexed in ``table.rows``."""
    out = []
    for column in range(len(table.columns)):
        top = None
        for r, row in enumerate(table.rows):
            if column in row.merged_up:
                if top is None:
                    top = r - 1
                if r + 1 == len(table.rows) or column not in table.rows[r + 1].merged_up:
                    out.append((column, top, r))
                    top = None
    return out


@dataclass(frozen=True)
class GridRow:
    """A row as shown: ``kind`` "item", "group" or "total"; ``index`` in ``table.rows`` (-1 for the total)."""

    kind: str
    values: list[Value]
    index: int = -1
    label: str = ""  # the Stt label ("I", "1", "a", "-")


def layout(table: Table, inputs: list[list[Value]] | None = None) -> list[GridRow]:
    """The rows of ``table`` as shown, computed: items, group rows with their subtotals, and the totals
    row (at the top or the bottom). ``inputs`` overlays the given values (a returned form)."""
    source = inputs if inputs is not None else [list(r.values) for r in table.rows]
    simple = table.plain_numbers
    labels = row_labels(table)
    computed: list[list[Value]] = []
    for n, (row, values) in enumerate(zip(table.rows, source)):
        number: int | str | None = n + 1 if simple else labels[n]
        computed.append(complete_row(table.columns, list(values), number))
    items = [values for row, values in zip(table.rows, computed) if not row.is_group]
    out: list[GridRow] = []
    for n, row in enumerate(table.rows):
        values = computed[n]
        if row.is_group:
            if table.group_totals or typed_sums(table, row.values):
                subtotal = sums(table.columns, [computed[j] for j in range(n + 1, row.end)
                                                if table.rows[j].kind is RowKind.ITEM])
                for i, column in enumerate(table.columns):
                    if column.summable and column.formula is None:
                        values[i] = subtotal[i]
                values = complete_row(table.columns, values, labels[n] if not simple else n + 1)
            out.append(GridRow("group", values, n, labels[n]))
        else:
            out.append(GridRow("item", values, n, labels[n]))
    if table.total_label is not None:
        total = GridRow("total", totals_row(table, items))
        if table.total_top:
            out.insert(0, total)
        else:
            out.append(total)
    return out


def typed_sums(table: Table, values) -> bool:
    """Whether a group row was given values in its summable columns (a subtotal typed by the clerk)."""
    return any(column.summable and column.formula is None and isinstance(value, Decimal)
               for column, value in zip(table.columns, values))


def row_values(table: Table, inputs: list[list[Value]] | None = None) -> list[list[Value]]:
    """The computed values of every row of ``table`` in its order (no totals row): row ``r`` is ``table.rows[r]``."""
    return [row.values for row in layout(table, inputs) if row.kind != "total"]


def table_grid(table: Table, inputs: list[list[Value]] | None = None) -> list[list[Value]]:
    """The rows as shown (given values, overlaid by ``inputs`` when given), computed, with the totals row."""
    return [row.values for row in layout(table, inputs)]


def text_rows(table: Table) -> list[tuple[str, str, list[str], int]]:
    """The rows as shown, as plain text: (kind, Stt label, cell texts, level; -1 for the total), for ``vanban
    text`` and ``vanban diff``."""
    from .values import format_value

    out = []
    for row in layout(table):
        source = table.rows[row.index] if row.index >= 0 else None
        cells = []
        for i, (column, value) in enumerate(zip(table.columns, row.values)):
            rich = source.rich_at(i) if source is not None else None
            text = rich.plain if rich is not None else format_value(column, value)
            if i == table.stt_column:
                text = row.label if row.kind != "total" else ""
            cells.append(text)
        out.append((row.kind, row.label, cells, table.rows[row.index].level if source is not None else -1))
    return out
