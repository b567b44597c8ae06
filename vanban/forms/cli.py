"""The command-line side of forms: ``vanban build --forms xlsx`` and ``vanban collect``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diagnostics import Diagnostic
from ..fsio import write_atomic, expand_inputs

EXIT_OK, EXIT_USER = 0, 1


def write_form_workbooks(document, stem: str, outdir: Path) -> list[Path]:
    """``<stem>.xlsx`` (every form, blank) and, for forms with a list of recipients, one copy per
    recipient in ``<stem>-bieu-mau/<code>.xlsx`` with its name filled in and locked."""
    from .xlsx import build_workbook

    if not document.attachments:
        return []
    written = [write_atomic(outdir / f"{stem}.xlsx", build_workbook(document, stem))]
    recipients = []
    for form in document.attachments:
        for recipient in form.recipients:
            if recipient not in recipients:
                recipients.append(recipient)
    for recipient in recipients:
        data = build_workbook(document, stem, recipient)
        written.append(write_atomic(outdir / f"{stem}-bieu-mau" / f"{recipient.code}.xlsx", data))
    return written


def _inputs(targets: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    return expand_inputs(targets, (".xlsx", ".docx"), code="VB901", empty="thư mục không có tệp .xlsx hay .docx",
                         skip_hidden=True)


def cmd_collect(args: argparse.Namespace) -> int:
    from ..spec.loader import load_spec
    from .collect import collect
    from .summary import summary_docx, summary_xlsx

    spec = Path(args.spec)
    result = load_spec(spec)
    for diagnostic in result.diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    if not result.ok:
        print(f"không tổng hợp được: đặc tả {spec} có lỗi", file=sys.stderr)
        return EXIT_USER
    files, problems = _inputs(args.filled)
    for diagnostic in problems:
        print(diagnostic.format(), file=sys.stderr)
    results, diags = collect(result.document, files)
    for diagnostic in diags:
        print(diagnostic.format(), file=sys.stderr)
    if any(d.code == "VB909" for d in diags):
        return EXIT_USER
    outdir = Path(args.output)
    written = [
        write_atomic(outdir / f"{spec.stem}-tong-hop.xlsx", summary_xlsx(results, diags, result.document)),
        write_atomic(outdir / f"{spec.stem}-tong-hop.docx", summary_docx(results, result.document)),
    ]
    for res in results:
        returned = len(res.submissions)
        expected = len(res.form.recipients)
        count = f"{returned}/{expected}" if expected else str(returned)
        print(f"{res.form.label}: {count} đơn vị đã nộp" + (f", {len(res.missing)} chưa nộp" if res.missing else ""))
    errors = len(diags.errors) + len(problems)
    if errors:
        print(f"có {errors} lỗi; các ô sai không được cộng vào tổng hợp", file=sys.stderr)
    if not args.quiet:
        for target in written:
            print(f"đã ghi {target}")
    return EXIT_USER if errors else EXIT_OK


def add_collect_parser(sub) -> None:
    collect = sub.add_parser("collect", help="đọc các biểu mẫu đã điền (.xlsx, .docx), kiểm tra và tổng hợp")
    collect.add_argument("spec", metavar="SPEC", help="đặc tả YAML của văn bản có biểu mẫu")
    collect.add_argument("filled", nargs="+", metavar="FILLED", help="các tệp đã điền (hoặc thư mục chứa chúng)")
    collect.add_argument("-o", "--output", default="out", metavar="DIR", help="thư mục ghi bảng tổng hợp (mặc định: out)")
    collect.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    collect.set_defaults(func=cmd_collect)
