"""Word forms of an office (`mau_word`): their tags checked when the spec loads, filled with docxtpl in
vanban's own sandbox.

The tags are docxtpl's (``{{ du_lieu.nam }}``, ``{%tr for d in du_lieu.dong %}`` …) and run in the same
Jinja environment as every other template of vanban (:mod:`.templating`: ``ImmutableSandboxedEnvironment``,
``StrictUndefined``, the limits of one filling, the Babel vi_VN filters ``so``, ``phan_tram``, ``ngay``,
``hoa``), with autoescaping since docxtpl renders the form's XML. A form reads:

- ``du_lieu``: the values written beside `mau_word` in the spec;
- ``van_ban``: the letter it is attached to (:data:`vanban.model.forms.LETTER_FIELDS`: số, ký hiệu, ngày,
  the reference line ``kem_theo`` …);
- in a per-recipient run (``--tung-noi-nhan``): ``noi_nhan`` (the recipient's registry fields) and
  ``so_lieu`` (its row of the data table).

Codes: VB646 tag syntax; VB647 a name the spec or data cannot provide (at load); VB648 a field that a
recipient's data lacks (before any copy is written); VB622/VB623/VB626 forbidden access, unknown filter,
include/import; VB624/VB140 a value a filter cannot format, a limit.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from jinja2 import TemplateSyntaxError, meta, nodes

from .. import model as m
from .. import ooxml
from ..diagnostics import Diagnostic, Severity, format_path
from ..model.forms import LETTER_FIELDS, Form, WordForm, letter_values
from .templating import budget, forbidden, word_environment

#: The variables a Word form may read.
WORD_VARIABLES = ("du_lieu", "van_ban", "noi_nhan", "so_lieu")
#: The fields of ``noi_nhan`` (:func:`vanban.copies.personalize.recipient_fields`).
RECIPIENT_FIELDS = ("ma", "ten", "ten_ngan", "thu_truong", "email", "nhom", "loai", "kinh_gui")
#: The variables that make a form differ from copy to copy.
PER_RECIPIENT = frozenset({"noi_nhan", "so_lieu"})


def _where(story: str, lineno: int | None) -> str:
    if not lineno or lineno < 2:
        return f"ở {story}"
    return f"ở {story}, đoạn {lineno - 1}"


def check_word_form(data: bytes, values: dict, letter: dict) -> tuple[list[tuple[str, str, str]], frozenset]:
    """The problems of a Word form's tags whatever the recipient, as (code, message, hint), and the variables
    they read. ``values`` is the spec's ``du_lieu``, ``letter`` the ``van_ban`` the form will get."""
    env = word_environment()
    problems: list[tuple[str, str, str]] = []
    uses: set[str] = set()

    def add(code: str, message: str, hint: str = "") -> None:
        if (code, message, hint) not in problems:
            problems.append((code, message, hint))

    try:
        sources = ooxml.wordform.template_sources(data)
    except ooxml.wordform.WordFormError as exc:
        return [("VB645", f"không dùng được ({exc.message})", "mở tệp trong Word và lưu lại dạng .docx")], frozenset()
    for story, source in sources:
        before = len(problems)
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            add("VB646", f"thẻ sai cú pháp {_where(story, exc.lineno)}: {exc.message}",
                "thẻ viết dạng {{ du_lieu.ten }}, {% if … %}…{% endif %}, {%tr for d in du_lieu.dong %}")
            continue
        for code, message, hint, line in forbidden(tree, "thẻ"):
            add(code, f"{message} {_where(story, line)}", hint)
        if len(problems) > before:  # Jinja's own analysis would stop at the first unknown filter
            continue
        names = meta.find_undeclared_variables(tree) - set(env.globals)
        first_line = {}
        for node in tree.find_all(nodes.Name):
            first_line.setdefault(node.name, node.lineno)
        for name in sorted(names):
            if name in WORD_VARIABLES:
                uses.add(name)
                continue
            close = difflib.get_close_matches(name, WORD_VARIABLES, n=1, cutoff=0.5)
            add("VB647", f"thẻ dùng biến `{name}` không có {_where(story, first_line.get(name))}",
                f"có phải ý bạn là `{close[0]}`?" if close else "dùng du_lieu, van_ban, noi_nhan hoặc so_lieu")
        _check_fields(tree, story, values, letter, names, add)
        try:
            env.compile(source)
        except TemplateSyntaxError as exc:
            add("VB646", f"thẻ sai {_where(story, exc.lineno)}: {exc.message}")
    return problems, frozenset(uses)


def _check_fields(tree, story: str, values: dict, letter: dict, free: set, add) -> None:
    """``du_lieu.x``, ``van_ban.x``, ``noi_nhan.x`` read where the spec or the registry has no ``x`` (VB647)."""
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        base = node.node
        if not isinstance(base, nodes.Name) or base.name not in free:
            continue
        attr = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if not isinstance(attr, str) or attr.startswith("_"):
            continue
        tag = f"`{base.name}.{attr}`"
        where = _where(story, node.lineno)
        if base.name == "du_lieu" and attr not in values:
            close = difflib.get_close_matches(attr, list(values), n=1, cutoff=0.5)
            add("VB647", f"thẻ {tag} {where}: `du_lieu` của đặc tả không có `{attr}`",
                f"có phải ý bạn là `{close[0]}`?" if close else f"thêm `{attr}: …` vào `du_lieu`")
        elif base.name == "van_ban" and attr not in letter:
            if attr in LETTER_FIELDS:
                add("VB647", f"thẻ {tag} {where}: văn bản chưa có `{attr}` (bản dự thảo chưa có số, ngày, "
                    "hoặc phụ lục không có dòng \"Kèm theo\")", "ghi `so`, `ngay` đầy đủ trong đặc tả, hoặc bỏ thẻ")
            else:
                close = difflib.get_close_matches(attr, LETTER_FIELDS, n=1, cutoff=0.5)
                add("VB647", f"thẻ {tag} {where}: `van_ban` không có trường `{attr}`",
                    f"có phải ý bạn là `{close[0]}`?" if close else "các trường: " + ", ".join(LETTER_FIELDS))
        elif base.name == "noi_nhan" and attr not in RECIPIENT_FIELDS:
            close = difflib.get_close_matches(attr, RECIPIENT_FIELDS, n=1, cutoff=0.5)
            add("VB647", f"thẻ {tag} {where}: nơi nhận trong danh bạ không có trường `{attr}`",
                f"có phải ý bạn là `{close[0]}`?" if close else "các trường: " + ", ".join(RECIPIENT_FIELDS))


# --------------------------------------------------------------------------- filling


def fill_word_form(form: Form, document: m.Document, recipient_context: dict | None = None) -> bytes:
    """The filled package of ``form.word``: its tags read ``du_lieu``, ``van_ban`` and, for one recipient,
    ``recipient_context`` (``noi_nhan``, ``so_lieu``). Raises what the template raises (MissingField, BadValue,
    TemplateLimit, SecurityError, TemplateError) or :class:`WordFillError`."""
    word = form.word
    context = {"du_lieu": dict(word.values), "van_ban": letter_values(document, form.reference)}
    context.update(recipient_context or {})
    with budget():
        try:
            return ooxml.wordform.fill(word.package, context, word_environment())
        except (ooxml.wordform.WordFormError, SyntaxError) as exc:
            raise WordFillError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001
            from jinja2 import TemplateError

            from .templating import BadValue, MissingField, SecurityError
            if isinstance(exc, (MissingField, BadValue, SecurityError, TemplateError, TypeError, ArithmeticError)):
                raise
            # docxtpl parses the filled XML again: a tag that cut the XML ({% if %} across a table)
            raise WordFillError(f"{type(exc).__name__}: {exc}") from None


class WordFillError(Exception):
    """A Word form whose filled XML is no longer a document (a tag placed across the form's structure)."""


def _subject(word: WordForm) -> str:
    return f"mẫu Word `{word.source}`: "


def fill_forms(document: m.Document, recipient: m.Recipient | None = None, recipient_context: dict | None = None,
               table=None) -> tuple[tuple[Form, ...], list[Diagnostic]]:
    """Every Word form of ``document`` filled (for ``recipient`` when given: its ``noi_nhan`` and ``so_lieu``);
    the forms, and the problems naming the tag and the recipient (VB648) with the YAML path of `mau_word`."""
    from .personalize import failure

    out: list[Form] = []
    problems: list[Diagnostic] = []
    for form in document.attachments:
        word = form.word
        if word is None:
            out.append(form)
            continue
        where = (format_path(word.path), word.position)
        if recipient is None and word.uses & PER_RECIPIENT:
            used = sorted(word.uses & PER_RECIPIENT)[0]
            problems.append(Diagnostic("VB625", Severity.ERROR, f"{_subject(word)}thẻ dùng `{used}`: văn bản này phải "
                                       "dựng riêng cho từng nơi nhận", where[0], where[1],
                                       "dùng `vanban build SPEC --tung-noi-nhan --so-lieu BẢNG`"))
            out.append(form)
            continue
        try:
            filled = fill_word_form(form, document, recipient_context)
        except WordFillError as exc:
            problems.append(Diagnostic("VB646", Severity.ERROR, f"{_subject(word)}điền xong không còn là văn bản "
                                       f"Word hợp lệ ({exc})", where[0], where[1],
                                       "đặt mỗi thẻ {% … %} trọn trong một đoạn, hoặc dùng {%p %}, {%tr %} của docxtpl"))
            out.append(form)
            continue
        except Exception as exc:  # noqa: BLE001 - the template's own errors, described by failure()
            problems.append(failure(exc, recipient, recipient_context or {}, table, where, missing_code="VB648",
                                    subject=_subject(word)))
            out.append(form)
            continue
        out.append(replace(form, word=replace(word, filled=filled)))
    return tuple(out), problems


def fill_without_recipient(document: m.Document) -> tuple[m.Document, list[Diagnostic]]:
    """A letter built as one document: its Word forms filled from the spec (``du_lieu``, ``van_ban``)."""
    if not any(form.word is not None for form in document.attachments):
        return document, []
    forms, problems = fill_forms(document)
    return replace(document, attachments=forms), problems


__all__ = ["check_word_form", "fill_forms", "fill_word_form", "fill_without_recipient", "WORD_VARIABLES",
           "WordFillError"]
