"""Table computation: Stt, computed columns (a + b, a / b) and the totals row (dòng tổng cộng).

Works on plain value grids, so the .docx, the .xlsx writer and the summary of returned files
compute the same way.
"""

from __future__ import annotations

from decimal import Decimal

from .forms import Column, ColumnType, Formula, Table, Value


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


def complete_row(columns: tuple[Column, ...], values: list[Value], number: int | None) -> list[Value]:
    """Fill the computed cells of a data row (Stt = ``number``; formulas in column order)."""
    out = list(values)
    by_code = {c.code: i for i, c in enumerate(columns)}
    for i, column in enumerate(columns):
        if column.type is ColumnType.STT:
            out[i] = Decimal(number) if number is not None else None
    for i, column in enumerate(columns):
        if column.formula is not None:
            out[i] = evaluate(column.formula, {code: out[j] for code, j in by_code.items()})
    return out


def totals_row(table: Table, rows: list[list[Value]], label: str | None = None) -> list[Value]:
    """Sums of the number columns; ratios recomputed from the sums; the label in the label column."""
    columns = table.columns
    out: list[Value] = [None] * len(columns)
    for i, column in enumerate(columns):
        if column.summable and column.formula is None:
            present = [row[i] for row in rows if isinstance(row[i], Decimal)]
            out[i] = sum(present, Decimal(0)) if present else None
    out = complete_row(columns, out, None)
    where = table.label_column
    if where is not None:
        out[where] = label if label is not None else table.total_label
    return out


def table_grid(table: Table, inputs: list[list[Value]] | None = None) -> list[list[Value]]:
    """The data rows (given values, overlaid by ``inputs`` when given) and the totals row, computed."""
    rows = []
    source = inputs if inputs is not None else [list(r.values) for r in table.rows]
    for n, values in enumerate(source, start=1):
        rows.append(complete_row(table.columns, list(values), n))
    if table.total_label is not None:
        rows.append(totals_row(table, rows))
    return rows
