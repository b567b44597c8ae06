"""``vanban check``: the rules of Nghị định 30/2020/NĐ-CP applied to specs and to any .docx.

- A document model (loaded from a spec by :func:`vanban.load`) gets the rules of :mod:`.rules` that
  apply to specs, checked on the model with positions from the document's origin.
- A ``.docx`` gets the formatting audit (rules that apply to .docx), read through the hardened
  package reader of :mod:`vanban.ooxml` (zip bombs, huge parts, entities refused: VB7xx codes).

Rules are turned off by id in the project configuration (``vanban.toml``, found upward from the
checked file: ``[check] bo_qua = ["ND30-…"]``) or in a spec (``bo_qua_quy_tac: [ND30-…]``).
"""

from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import gate, ooxml
from ..fsio import CONFIG_NAME, find_config  # noqa: F401 (part of this package's API)
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity, format_path
from ..gcpause import without_gc
from ..model import Document
from . import docx_rules, spec_rules
from .common import Finding
from .rules import DOCX, RENAMED, RULES, SPEC, Rule

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAX_DOCX_BYTES = ooxml.MAX_PACKAGE_BYTES


@dataclass
class Config:
    """Project configuration of the checker (``[check]`` table of ``vanban.toml``)."""

    path: Path | None = None
    disabled: frozenset[str] = frozenset()
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return Config(path, diagnostics=[Diagnostic("VB121", Severity.ERROR, f"không đọc được tệp cấu hình: {exc}",
                                                    "", Position(name))])
    except tomllib.TOMLDecodeError as exc:
        return Config(path, diagnostics=[Diagnostic("VB121", Severity.ERROR, f"tệp cấu hình sai cú pháp TOML: {exc}",
                                                    "", Position(name))])
    section = data.get("check", {})
    ids = section.get("bo_qua", []) if isinstance(section, dict) else None
    diags = []
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        diags.append(Diagnostic("VB121", Severity.ERROR, "`[check] bo_qua` phải là danh sách mã quy tắc",
                                "check.bo_qua", Position(name)))
        ids = []
    for rule_id in ids:
        problem = unknown_rule(rule_id, "check.bo_qua", Position(name))
        if problem is not None:
            diags.append(problem)
    return Config(path, frozenset(RENAMED.get(i, i) for i in ids), diags)


def unknown_rule(rule_id: str, path: str, position: Position | None) -> Diagnostic | None:
    """VB122 for a rule id to turn off that does not exist (with "did you mean"), or that was renamed."""
    if rule_id in RULES:
        return None
    if rule_id in RENAMED:
        return Diagnostic("VB122", Severity.WARNING, f"quy tắc `{rule_id}` đã đổi mã thành `{RENAMED[rule_id]}`; vẫn "
                          "được bỏ qua", path, position, f"ghi `{RENAMED[rule_id]}`")
    return Diagnostic("VB122", Severity.WARNING, f"không có quy tắc `{rule_id}` để bỏ qua", path, position,
                      _suggest(rule_id))


def _suggest(rule_id: str) -> str:
    import difflib

    close = difflib.get_close_matches(rule_id, list(RULES), n=1, cutoff=0.6)
    return f"có phải ý bạn là `{close[0]}`?" if close else "xem `vanban check --rules`"


def _diagnostic(rule: Rule, finding: Finding, position: Position | None, path: str) -> Diagnostic:
    message = rule.message.format(**finding.params) + (f" {finding.note}" if finding.note else "")
    return Diagnostic(rule.id, rule.severity, message, path, position)


@without_gc  # the model of a long letter and its findings: no collection walks them again and again
def check_document(doc: Document, *, today: _dt.date | None = None, config: Config | None = None) -> list[Diagnostic]:
    """The spec rules on a document model (one loaded from a spec, or built through the API); findings
    point at ``file:line:col`` through the document's origin when it came from a spec."""
    config = config or Config()
    today = today or _dt.date.today()
    origin = doc.origin
    out: list[Diagnostic] = []
    for rule_id, ref in origin.rules_off:
        problem = unknown_rule(rule_id, format_path(ref.path), ref.position)
        if problem is not None:
            out.append(problem)
    disabled = config.disabled | {RENAMED.get(rule_id, rule_id) for rule_id, _ in origin.rules_off}
    ctx = spec_rules.SpecContext(doc, today)
    for rule in RULES.values():
        if rule.applies != SPEC or rule.id in disabled:
            continue
        seen = set()
        for finding in spec_rules.CHECKS[rule.id](ctx):
            if finding.key() in seen:
                continue
            seen.add(finding.key())
            ref = origin.ref(finding.path)
            out.append(_diagnostic(rule, finding, ref.position, format_path(finding.path)))
    return out


@without_gc  # a .docx of 1.7 million elements read back: no collection walks its proxies again and again
def check_docx_bytes(data: bytes, name: str, *, config: Config | None = None) -> list[Diagnostic]:
    """The formatting audit of .docx bytes; a package that cannot be read safely gives one VB7xx error."""
    config = config or Config()
    try:
        package = ooxml.open_package(data)
        ctx = docx_rules.DocxContext(package)
    except ooxml.PackageError as exc:
        return [Diagnostic(exc.code, Severity.ERROR, exc.message, "", Position(name))]
    out: list[Diagnostic] = []
    try:
        for target in ooxml.external_template_links(package):
            out.append(Diagnostic("VB705", Severity.WARNING, f"văn bản gắn với mẫu đính kèm bên ngoài `{target}`: Word "
                                  "sẽ mở liên kết này mỗi lần mở văn bản (có thể lộ thông tin đăng nhập Windows)", "",
                                  Position(name), "bỏ liên kết trong Word: Developer → Document Template"))
        for rule in RULES.values():
            if rule.applies != DOCX or rule.id in config.disabled:
                continue
            for finding in docx_rules.CHECKS[rule.id](ctx):
                where = f"đoạn {finding.paragraph} «{finding.text}»" if finding.paragraph else \
                    f"chú thích {finding.footnote} «{finding.text}»" if finding.footnote else ""
                out.append(_diagnostic(rule, finding, Position(name), where))
    except ooxml.PackageError as exc:  # a header or style part that turns out to be unsafe or broken
        out.append(Diagnostic(exc.code, Severity.ERROR, exc.message, "", Position(name)))
    return out


def check_docx(path: str | Path, *, config: Config | None = None) -> Diagnostics:
    path = Path(path)
    config = config if config is not None else load_config(find_config(path))
    diags = Diagnostics()
    diags.extend(config.diagnostics)
    try:
        data = gate.read_input(path, MAX_DOCX_BYTES, code="VB106", size_code="VB702", what="tệp Word")
    except gate.InputRefused as exc:
        diags.add(exc.diagnostic())
        return diags
    diags.extend(check_docx_bytes(data, str(path), config=config))
    return diags


def blocking(findings: list[Diagnostic]) -> list[Diagnostic]:
    """The findings that refuse a build even with --force (rules marked ``blocking``)."""
    return [d for d in findings if d.code in RULES and RULES[d.code].blocking and d.severity is Severity.ERROR]


__all__ = ["RULES", "blocking", "Config", "check_docx", "check_docx_bytes", "check_document", "find_config", "load_config"]
