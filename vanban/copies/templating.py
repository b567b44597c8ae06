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

import contextvars
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


class TemplateLimit(SecurityError):
    """A template went over a limit while filled (text or number too large, too many loop rounds)."""


#: Limits of one filling (giới hạn khi điền mẫu): a template fills a sentence of a letter, not a book.
MAX_STRING = 20_000  # characters of a text made by "*" or "+" (the longest text of a spec, VB209)
MAX_OUTPUT = 100_000  # characters written by all the {{ … }} of one filling
MAX_INT_BITS = 256  # a whole number made by arithmetic (10**77; far beyond any figure of a letter)
MAX_ITERATIONS = 1_000  # rounds of every {% for %} of one filling together

_BUDGET: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("vanban_template_budget", default=None)


class _Undefined(StrictUndefined):
    __slots__ = ()

    def _fail_with_undefined_error(self, *args, **kwargs):
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "truy cập bị cấm")
        raise MissingField(self._undefined_name, self._undefined_obj)

    # __repr__ too: a missing field inside a list (``map(attribute='x') | list``) is an error, never "[Undefined]"
    __str__ = __repr__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = __contains__ = \
        _fail_with_undefined_error
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
    """Each ``{{ … }}`` output: text on one line with single spaces (a value never adds a line break),
    counted against :data:`MAX_OUTPUT`."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = format(value, "f")
    elif isinstance(value, _dt.date):
        value = ngay(value)
    text = " ".join(str(value).split())
    budget = _BUDGET.get()
    if budget is not None:
        budget[1] += len(text)
        if budget[1] > MAX_OUTPUT:
            raise TemplateLimit(f"mẫu viết ra quá {MAX_OUTPUT} ký tự")
    return text


#: The built-in Jinja filters a template may use besides vanban's own: none that makes a large text or list
#: from a small one (center, indent, format, replace, wordwrap, batch …) or gives a different result each run
#: (random, shuffle).
SAFE_BUILTIN_FILTERS = ("abs", "attr", "capitalize", "count", "d", "default", "e", "escape", "first", "float", "int",
                        "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
                        "round", "select", "selectattr", "sort", "string", "sum", "title", "trim", "unique", "upper",
                        "wordcount")


def _int_bits(value: Any) -> int:
    return abs(value).bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with its arithmetic intercepted (never folded while a template is compiled, and bounded
    while it is filled): "*" and "+" cannot make a text over :data:`MAX_STRING`, "**" and "*" a whole
    number over :data:`MAX_INT_BITS` bits."""

    intercepted_binops = frozenset({"*", "**", "+", "-", "/", "//", "%"})
    intercepted_unops = frozenset({"-", "+"})

    def _parse(self, source, name, filename):
        """Every template this environment compiles (ours, or a Word form's through docxtpl) has each
        ``{% for %}`` iterate through :func:`_counted`: its rounds are bounded."""
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.Name(_COUNTER, "load"), [loop.iter], [], None, None)
        return tree

    def call_binop(self, context, op: str, left: Any, right: Any) -> Any:
        if op == "**" and _int_bits(left) > 1 and isinstance(right, int):
            if right > 0 and _int_bits(left) * right > MAX_INT_BITS:
                raise TemplateLimit(f"số quá lớn (quá {MAX_INT_BITS} bit)")
        if op == "*":
            if _size(left) and isinstance(right, int) and _size(left) * right > MAX_STRING or \
                    _size(right) and isinstance(left, int) and _size(right) * left > MAX_STRING:
                raise TemplateLimit(f"chuỗi quá dài (quá {MAX_STRING} ký tự)")
            if _int_bits(left) + _int_bits(right) > MAX_INT_BITS:
                raise TemplateLimit(f"số quá lớn (quá {MAX_INT_BITS} bit)")
        if op == "+" and _size(left) + _size(right) > MAX_STRING:
            raise TemplateLimit(f"chuỗi quá dài (quá {MAX_STRING} ký tự)")
        result = super().call_binop(context, op, left, right)
        if _int_bits(result) > MAX_INT_BITS:
            raise TemplateLimit(f"số quá lớn (quá {MAX_INT_BITS} bit)")
        return result


def _counted(iterable):
    """Every ``{% for %}`` iterates through this: the rounds of one filling are counted (:data:`MAX_ITERATIONS`)."""
    budget = _BUDGET.get()
    for item in iterable:
        if budget is not None:
            budget[0] += 1
            if budget[0] > MAX_ITERATIONS:
                raise TemplateLimit(f"vòng lặp quá {MAX_ITERATIONS} lần")
        yield item


_COUNTER = "vanban_vong_lap"


@lru_cache(maxsize=1)
def environment() -> ImmutableSandboxedEnvironment:
    # Jinja comments ({# … #}) are turned off: "{#khoa}" is the spec's own syntax for citing a keyed part.
    # optimized=False: nothing of a template (a literal, "'x' * 10**9") is evaluated while it is compiled.
    env = _BoundedSandbox(undefined=_Undefined, autoescape=False, finalize=_finalize, loader=None, auto_reload=False,
                          comment_start_string="\ue003{#", comment_end_string="#}\ue003", optimized=False)
    env.filters = {name: env.filters[name] for name in SAFE_BUILTIN_FILTERS}
    env.filters.update(FILTERS)
    env.globals = {_COUNTER: _counted}  # no range, lipsum, cycler …: a template reads its fields, nothing else
    return env


@lru_cache(maxsize=1)
def word_environment() -> ImmutableSandboxedEnvironment:
    """The same sandbox, filters and limits for a Word form filled by docxtpl, with autoescaping: docxtpl renders
    the XML of the form as one template, so a value ("<", "&") is escaped and can never become markup."""
    return environment().overlay(autoescape=True)


@lru_cache(maxsize=4096)
def compile_template(source: str):
    """The compiled template; every ``{% for %}`` goes through :func:`_counted`. Nothing is evaluated."""
    env = environment()
    return env.template_class.from_code(env, env.compile(source), env.make_globals(None), None)


class budget:
    """The limits of one filling (:data:`MAX_OUTPUT`, :data:`MAX_ITERATIONS`) around code that renders
    templates of this environment itself (docxtpl filling a Word form)."""

    def __enter__(self):
        self.token = _BUDGET.set([0, 0])
        return self

    def __exit__(self, *exc):
        _BUDGET.reset(self.token)
        return False


def render(source: str, context: dict) -> str:
    """Fill one template within the limits above. Raises MissingField, BadValue, SecurityError (TemplateLimit)
    or a jinja2 TemplateError."""
    token = _BUDGET.set([0, 0])
    try:
        text = compile_template(source).render(context)
    except MemoryError:
        raise TemplateLimit("mẫu cần quá nhiều bộ nhớ") from None
    finally:
        _BUDGET.reset(token)
    if len(text) > MAX_OUTPUT:
        raise TemplateLimit(f"mẫu viết ra quá {MAX_OUTPUT} ký tự")
    return text


# --------------------------------------------------------------------------- static check at load time


def forbidden(tree, what: str = "mẫu") -> list[tuple[str, str, str, int]]:
    """What no template may do, as (code, message, hint, line): include/import (VB626), a ``_`` name (VB622), a
    filter that is not available (VB623). ``what`` names the template in the messages ("mẫu", "thẻ")."""
    env = environment()
    out = []
    for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        out.append(("VB626", f"{what} không được dùng `{type(node).__name__.lower()}` (không đọc tệp khác)", "",
                    node.lineno))
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            out.append(("VB622", f"{what} không được truy cập `{attr}`", "", node.lineno))
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            close = difflib.get_close_matches(node.name, list(FILTERS) + sorted(env.filters), n=1, cutoff=0.5)
            out.append(("VB623", f"bộ lọc `{node.name}` không có",
                        f"có phải ý bạn là `{close[0]}`?" if close else "bộ lọc: " + ", ".join(FILTERS), node.lineno))
    return out


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
    for code, message, hint, _line in forbidden(tree, "mẫu"):
        add(code, message, hint)
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


__all__ = ["has_template", "check_template", "render", "MissingField", "BadValue", "SecurityError", "TemplateLimit",
           "TemplateError",
           "FILTERS", "VARIABLES", "variables_used", "compile_template", "word_environment", "budget",
           "forbidden"]
