"""Templates in spec text (``{{ noi_nhan.ten }}``, ``{{ so_lieu.ty_le | phan_tram }}``), evaluated safely.

Jinja2's :class:`~jinja2.sandbox.ImmutableSandboxedEnvironment` with ``StrictUndefined`` and no
loader: a template can read the fields it is given and nothing else. It cannot reach Python
internals (``{{ ''.__class__ }}``), include or import other files, or change its data; a missing
field is an error, never a silent blank. Numbers and dates are written the Vietnamese way through
Babel (vi_VN): ``so`` → "187.315", ``phan_tram`` → "1,09%", ``ngay`` → "20/8/2020".

Codes:
  VB621 mẫu sai cú pháp              VB622 mẫu truy cập thuộc tính bị cấm (sandbox)
  VB623 biến hoặc bộ lọc không có    VB624 giá trị không dùng được với bộ lọc
  VB625 thiếu trường khi điền mẫu    VB626 mẫu dùng include/import/extends
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, Undefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..diagnostics import Diagnostic, Position, Severity
from ..model.document import has_template  # noqa: F401 (part of this module's API)

#: The variables a template may use.
VARIABLES = ("noi_nhan", "so_lieu")


class MissingField(Exception):
    """A template used a field that the recipient (or its data row) does not have."""

    def __init__(self, name: str | None, owner: Any):
        super().__init__(name)
        self.name = name
        self.owner = owner


class BadValue(Exception):
    """A filter got a value it cannot format (``phan_tram`` of a text …)."""

    def __init__(self, value: Any, filter_name: str, expected: str):
        super().__init__(f"{filter_name}: {value!r}")
        self.value = value
        self.filter_name = filter_name
        self.expected = expected


class _Undefined(StrictUndefined):
    __slots__ = ()

    def _fail_with_undefined_error(self, *args, **kwargs):
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "truy cập bị cấm")
        raise MissingField(self._undefined_name, self._undefined_obj)

    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = __contains__ = _fail_with_undefined_error
    __getattr__ = __getitem__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = _fail_with_undefined_error
    __int__ = __float__ = __lt__ = __le__ = __gt__ = __ge__ = _fail_with_undefined_error


# --------------------------------------------------------------------------- filters (Babel, vi_VN)

LOCALE = "vi_VN"


def _defined(value: Any) -> None:
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()


def _number(value: Any, filter_name: str) -> Decimal | int:
    _defined(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise BadValue(value, filter_name, "một số")
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


@lru_cache(maxsize=None)
def _locale():
    from babel import Locale

    return Locale.parse(LOCALE)


@lru_cache(maxsize=64)
def _pattern(pattern: str):
    from babel.numbers import parse_pattern

    return parse_pattern(pattern)


def _format(number, pattern: str) -> str:
    """Babel's format_decimal with the parsed pattern and locale kept (same result, without re-parsing)."""
    return _pattern(pattern).apply(number, _locale())


def so(value: Any, chu_so: int | None = None) -> str:
    """Số kiểu Việt Nam: 187315 → "187.315"; 1234.5 → "1.234,5"; ``chu_so`` = số chữ số thập phân."""
    number = _number(value, "so")
    pattern = "#,##0.###" if chu_so is None else "#,##0" + ("." + "0" * int(chu_so) if chu_so else "")
    return _format(number, pattern)


def phan_tram(value: Any, chu_so: int = 2) -> str:
    """Tỉ lệ (phần của 1) thành phần trăm: 0.0109 → "1,09%"; 0.6 → "60%" (tối đa ``chu_so`` chữ số lẻ)."""
    number = _number(value, "phan_tram") * 100
    pattern = "#,##0" + ("." + "#" * int(chu_so) if chu_so else "")
    return _format(number, pattern) + "%"


def ngay(value: Any, dang: str = "d/M/yyyy") -> str:
    """Ngày: 2020-08-20 → "20/8/2020" (mẫu ngày của Babel, ví dụ ``ngay('dd/MM/yyyy')``)."""
    from babel.dates import format_date

    _defined(value)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if not isinstance(value, _dt.date):
        raise BadValue(value, "ngay", "một ngày (2020-08-20 hoặc 20/8/2020)")
    return format_date(value, dang, locale=_locale())


def hoa(value: Any) -> str:
    """IN HOA (tiếng Việt, NFC)."""
    from ..model.decree import upper

    return upper(str(value))


FILTERS = {"so": so, "phan_tram": phan_tram, "ngay": ngay, "hoa": hoa}


def _finalize(value: Any) -> str:
    """Each ``{{ … }}`` output: text on one line with single spaces (a value never adds a line break)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = format(value, "f")
    elif isinstance(value, _dt.date):
        value = ngay(value)
    return " ".join(str(value).split())


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    # Jinja comments ({# … #}) are turned off: "{#khoa}" is the spec's own syntax for citing a keyed part.
    env = ImmutableSandboxedEnvironment(undefined=_Undefined, autoescape=False, finalize=_finalize,
                                        loader=None, auto_reload=False, comment_start_string="\ue003{#",
                                        comment_end_string="#}\ue003")
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=4096)
def compile_template(source: str):
    return environment().from_string(source)


def render(source: str, context: dict) -> str:
    """Fill one template. Raises MissingField, BadValue, SecurityError or a jinja2 TemplateError."""
    return compile_template(source).render(context)


# --------------------------------------------------------------------------- static check at load time


def check_template(source: str, path: str, position: Position) -> list[Diagnostic]:
    """Problems a template has whatever the recipient: syntax, forbidden constructs, unknown names."""
    env = environment()
    out: list[Diagnostic] = []

    def add(code: str, message: str, hint: str = "") -> None:
        out.append(Diagnostic(code, Severity.ERROR, message, path, position, hint))

    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        add("VB621", f"mẫu sai cú pháp: {exc.message}", "mẫu viết dạng {{ noi_nhan.ten }} hoặc "
            "{{ so_lieu.ty_le | phan_tram }}")
        return out
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        add("VB626", f"mẫu không được dùng `{type(node).__name__.lower()}` (không đọc tệp khác)")
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            add("VB622", f"mẫu không được truy cập `{attr}`")
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            close = difflib.get_close_matches(node.name, list(FILTERS) + sorted(env.filters), n=1, cutoff=0.5)
            add("VB623", f"bộ lọc `{node.name}` không có",
                f"có phải ý bạn là `{close[0]}`?" if close else "bộ lọc: " + ", ".join(FILTERS))
    if out:
        return out
    for name in sorted(meta.find_undeclared_variables(tree) - set(env.globals)):
        if name not in VARIABLES:
            close = difflib.get_close_matches(name, VARIABLES, n=1, cutoff=0.5)
            add("VB623", f"mẫu dùng biến `{name}` không có",
                f"có phải ý bạn là `{close[0]}`?" if close else "dùng `noi_nhan` hoặc `so_lieu`")
    if not out:
        try:
            compile_template(source)
        except TemplateError as exc:
            add("VB621", f"mẫu sai: {exc}")
    return out


def variables_used(source: str) -> set[str]:
    return set(meta.find_undeclared_variables(environment().parse(source)))


__all__ = ["has_template", "check_template", "render", "MissingField", "BadValue", "SecurityError", "TemplateError",
           "FILTERS", "VARIABLES", "variables_used", "compile_template"]
