"""Values of form cells in Vietnamese conventions, through Babel (locale vi_VN).

Numbers: "." groups thousands, "," marks decimals (187.315; 1.234,5); percentages "1,09%";
dates "28/8/2020", "01/9/2020" as written in the body of letters. Parsing is strict: "1.5" is refused
(in Vietnamese it would be a malformed 15), so a value typed the English way is reported.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .forms import Column, ColumnType, Value

LOCALE = "vi_VN"

# Babel is imported by the first value formatted or parsed (a table, a template's filter), not by every load.


class ValueProblem(ValueError):
    """A cell value that does not fit its column; the message is Vietnamese, for the user."""


def number_pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def format_number(value: Decimal, decimals: int = 0) -> str:
    """187315 → "187.315"; with 2 decimals 1234.5 → "1.234,50".

    A whole number (most cells of a budget table) takes a short path with the locale's grouping symbol from
    Babel: the same text as Babel's pattern "#,##0" (a test compares them), at a fraction of the cost, which
    matters for tables of thousands of rows."""
    if decimals == 0 and value == value.to_integral_value():
        return f"{int(value):,}".replace(",", _group_symbol())
    from babel.numbers import format_decimal

    return format_decimal(value, number_pattern(decimals), locale=LOCALE, decimal_quantization=True)


@lru_cache(maxsize=1)
def _group_symbol() -> str:
    from babel.numbers import get_group_symbol

    return get_group_symbol(locale=LOCALE)


def format_ratio(value: Decimal, decimals: int = 2) -> str:
    """0.0109 → "1,09%".

    A finite ratio ≥ 0 (every cell of a percentage column) takes a short path: scaled by 100 and rounded the
    way Babel rounds (the decimal context, half to even), grouped and joined with the locale's symbols. The
    text is Babel's pattern "#,##0.00%" (a test compares them over many values and every tie), at a fraction of
    the cost, which matters for forms of thousands of rows."""
    if isinstance(value, Decimal) and value.is_finite() and not value.is_signed():
        rounded = value.scaleb(2).quantize(Decimal(1).scaleb(-decimals))
        whole, _, fraction = f"{rounded:f}".partition(".")
        text = f"{int(whole):,}".replace(",", _group_symbol())
        if decimals > 0:
            text += _decimal_symbol() + fraction.ljust(decimals, "0")
        return text + _percent_sign()
    from babel.numbers import format_percent

    return format_percent(value, number_pattern(decimals) + "%", locale=LOCALE, decimal_quantization=True)


@lru_cache(maxsize=1)
def _decimal_symbol() -> str:
    from babel.numbers import get_decimal_symbol

    return get_decimal_symbol(locale=LOCALE)


@lru_cache(maxsize=1)
def _percent_sign() -> str:
    from babel.numbers import format_percent

    return format_percent(Decimal(0), "0%", locale=LOCALE)[1:]  # what Babel writes after the number


def format_day(value: _dt.date) -> str:
    """28/8/2020, 01/9/2020, 04/02/2021: a day below 10 and the months 1 and 2 get a leading zero, as in
    the date line of the letter (§3.4) and in its body ("trước ngày 01/9/2020")."""
    from babel.dates import format_date

    return format_date(value, "dd/MM/yyyy" if value.month <= 2 else "dd/M/yyyy", locale=LOCALE)


def format_value(column: Column, value: Value) -> str:
    """The text of a cell in the .docx (and in messages)."""
    if value is None:
        return ""
    if column.type is ColumnType.STT:
        return str(int(value)) if isinstance(value, Decimal) else str(value)
    if isinstance(value, Decimal):
        if column.type is ColumnType.PERCENT:
            return format_ratio(value, column.decimals)
        if column.type is ColumnType.NUMBER:
            return format_number(value, column.decimals)
        return decimal_text(value)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return format_day(value)
    return str(value)


def decimal_text(value: Decimal) -> str:
    """A number as the locale writes it, all its decimals kept: 1234.5 → "1.234,5"."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=LOCALE)


# --------------------------------------------------------------------------- parsing

#: Characters a .docx or .xlsx cannot hold (and bidi overrides that hide what a cell says).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\u202a-\u202e\u2066-\u2069]")

_DATE_DMY = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_number_text(text: str) -> Decimal:
    """"187.315" → 187315, "1,5" → 1.5 (strict Vietnamese grouping)."""
    from babel.numbers import NumberFormatError, parse_decimal

    compact = text.strip().replace("\u00a0", "").replace(" ", "")
    try:
        return Decimal(parse_decimal(compact, locale=LOCALE, strict=True))
    except (NumberFormatError, InvalidOperation):
        raise ValueProblem(f"`{text.strip()}` không phải là số viết theo kiểu Việt Nam (ví dụ 187.315 hoặc 12,5)") \
            from None


def to_decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueProblem(f"`{value}` không phải là số")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    return parse_number_text(str(value))


def parse_cell(column: Column, raw, *, percent_points: bool) -> Value:
    """Check and convert one cell value against its column type.

    ``raw`` is a Python value (from YAML or openpyxl) or text (from a Word table). A percentage
    typed without "%" is read as percentage points when ``percent_points`` (Word, YAML: "1,09"
    means 1,09 %) and as a fraction otherwise (Excel stores 1,09 % as 0,0109).
    Raises :class:`ValueProblem`; returns ``None`` for a blank.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = column.type
    if isinstance(raw, str) and CONTROL.search(raw):
        found = CONTROL.search(raw).group()
        raise ValueProblem(f"ô chứa ký tự điều khiển U+{ord(found):04X}, không được phép")
    if kind is ColumnType.TEXT or kind is ColumnType.STT:
        if isinstance(raw, Decimal):
            return raw
        return " ".join(str(raw).split()) if not isinstance(raw, (_dt.date,)) else format_day(raw)
    if kind is ColumnType.DATE:
        if isinstance(raw, _dt.datetime):
            return raw.date()
        if isinstance(raw, _dt.date):
            return raw
        text = str(raw).strip()
        for pattern, order in ((_DATE_DMY, "dmy"), (_DATE_ISO, "ymd")):
            match = pattern.match(text)
            if match:
                parts = dict(zip(order, (int(g) for g in match.groups())))
                try:
                    return _dt.date(parts["y"], parts["m"], parts["d"])
                except ValueError:
                    raise ValueProblem(f"ngày `{text}` không có thật") from None
        raise ValueProblem(f"`{text}` không phải là ngày (viết dạng 28/8/2020)")
    if kind is ColumnType.PERCENT:
        if isinstance(raw, str) and raw.strip().endswith("%"):
            value = parse_number_text(raw.strip()[:-1]) / 100
        else:
            value = to_decimal(raw)
            if percent_points or isinstance(raw, str):
                value = value / 100
        if value < 0:
            raise ValueProblem(f"tỷ lệ {format_ratio(value, column.decimals)} âm")
        if value > 1:
            raise ValueProblem(f"tỷ lệ {format_ratio(value, column.decimals)} lớn hơn 100%")
        return value
    # a number ≥ 0
    if isinstance(raw, (_dt.date, _dt.time)):
        raise ValueProblem(f"`{raw}` là ngày giờ, không phải là số")
    value = to_decimal(raw)
    if value < 0:
        raise ValueProblem(f"số {decimal_text(value)} âm; cột này chỉ nhận số ≥ 0")
    if column.decimals == 0 and value != value.to_integral_value():
        raise ValueProblem(f"{decimal_text(value)} không phải là số nguyên")
    return value
