"""Command line: ``vanban build`` (``--pdf``, ``--pdf-a``, ``--force``), ``preview``, ``check``, ``diff``, ``text``,
``new``, ``schema``.

User errors are printed as coded Vietnamese diagnostics (``file:line:col``) and exit with 1;
a bug in vanban prints a short internal-error line and exits with 70. No traceback is shown
unless ``VANBAN_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib import resources
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity, UserError

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 70

#: `vanban new TYPE`: every type of Điều 7 (vanban/starters/<type>.yaml, or the Mẫu 1.4 starter).
STARTERS = (
    "nghi_quyet", "quyet_dinh", "chi_thi", "quy_che", "quy_dinh", "thong_cao", "thong_bao", "huong_dan",
    "chuong_trinh", "ke_hoach", "phuong_an", "de_an", "du_an", "bao_cao", "bien_ban", "to_trinh", "hop_dong",
    "cong_van", "cong_dien", "ban_ghi_nho", "ban_thoa_thuan", "giay_uy_quyen", "giay_moi", "giay_gioi_thieu",
    "giay_nghi_phep", "phieu_gui", "phieu_chuyen", "phieu_bao", "thu_cong",
)


def starter_text(loai: str) -> str:
    """The commented starter spec of a type: its own file, or the Mẫu 1.4 one filled in for it."""
    from .model import DocumentType

    folder = resources.files("vanban.starters")
    own = folder.joinpath(f"{loai}.yaml")
    if own.is_file():
        return own.read_text(encoding="utf-8")
    kind = DocumentType(loai)
    text = folder.joinpath("_mau_1_4.yaml").read_text(encoding="utf-8")
    return (text.replace("__LOAI__", loai).replace("__TEN_HOA__", kind.heading)
            .replace("__TEN__", kind.name_vi).replace("__VT__", kind.abbreviation or ""))


def _spec_files(targets: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    from .fsio import expand_inputs

    return expand_inputs(targets, (".yaml", ".yml"))


def _print_diagnostics(diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)


def cmd_build(args: argparse.Namespace) -> int:
    from .fsio import write_atomic
    from .render.docx import render_docx
    from .spec.loader import load_spec

    if args.pdf or args.pdf_a:  # fail at once, before writing anything, when LibreOffice is missing
        from .pdf import find_office

        find_office()
    built = []
    files, problems = _spec_files(args.specs)
    _print_diagnostics(problems)
    failed = bool(problems)
    outdir = Path(args.output)
    template = Path(args.template) if args.template else None
    if template is not None and not template.is_file():
        _print_diagnostics([Diagnostic("VB106", Severity.ERROR, "không tìm thấy tệp mẫu Word", "",
                                       Position(str(template)))])
        return EXIT_USER
    per_recipient = args.tung_noi_nhan
    if not per_recipient and (args.so_lieu or args.ten_tep or args.gop):
        _print_diagnostics([Diagnostic("VB641", Severity.ERROR, "--so-lieu, --ten-tep và --gop chỉ dùng với "
                                       "--tung-noi-nhan", "", None)])
        return EXIT_USAGE
    registry = None
    if args.danh_ba:
        from .registry import load_registry_or_raise

        registry, warnings = load_registry_or_raise(args.danh_ba)
        _print_diagnostics(warnings)
    if per_recipient:
        _stop_on_sigterm()
    for spec in files:
        result = load_spec(spec, registry)
        _print_diagnostics(result.diagnostics.sorted())
        if not result.ok:
            failed = True
            print(f"bỏ qua {spec}: có lỗi, không ghi tệp", file=sys.stderr)
            continue
        if per_recipient:
            try:
                folder, count = _build_copies(result.document, spec, outdir, template, args)
            except UserError as exc:
                _print_diagnostics(exc.diagnostics)
                failed = True
                print(f"bỏ qua {spec}: có lỗi, không ghi tệp", file=sys.stderr)
                continue
            if not args.quiet:
                print(f"đã ghi {count} bản vào {folder}")
            continue
        document = result.document
        if document.meta.get("templates"):
            try:
                document = _fill_without_recipient(document)
            except UserError as exc:
                _print_diagnostics(exc.diagnostics)
                failed = True
                print(f"bỏ qua {spec}: có lỗi, không ghi tệp", file=sys.stderr)
                continue
        data = render_docx(document, template)
        findings = _build_checks(spec, result, data)
        _print_diagnostics(findings)
        if any(d.severity is Severity.ERROR for d in findings) and not args.force:
            failed = True
            print(f"bỏ qua {spec}: vi phạm quy tắc của Nghị định 30, không ghi tệp (dùng --force để vẫn ghi)",
                  file=sys.stderr)
            continue
        target = write_atomic(outdir / f"{spec.stem}.docx", data)
        built.append((target, result.document))
        if not args.quiet:
            print(f"đã ghi {target}")
        if args.forms == "xlsx":
            from .forms.cli import write_form_workbooks

            for target in write_form_workbooks(result.document, spec.stem, outdir):
                if not args.quiet:
                    print(f"đã ghi {target}")
    if args.pdf or args.pdf_a:
        from .pdf.convert import write_pdfs

        pdf_problems = write_pdfs(built, args.pdf_a, _say(args))
        _print_diagnostics(pdf_problems)
        failed = failed or any(d.severity is Severity.ERROR for d in pdf_problems)
    return EXIT_USER if failed else EXIT_OK


def _say(args: argparse.Namespace):
    return (lambda line: None) if getattr(args, "quiet", False) else (lambda line: print(line, flush=True))


def cmd_preview(args: argparse.Namespace) -> int:
    """PNG pages of each spec (through LibreOffice and pdftoppm), for a quick look before signing."""
    from .pdf import find_office, find_pdftoppm
    from .pdf.convert import preview
    from .render.docx import render_docx
    from .spec.loader import load_spec

    find_office()
    find_pdftoppm()
    template = Path(args.template) if args.template else None
    if template is not None and not template.is_file():
        _print_diagnostics([Diagnostic("VB106", Severity.ERROR, "không tìm thấy tệp mẫu Word", "",
                                       Position(str(template)))])
        return EXIT_USER
    files, problems = _spec_files(args.specs)
    _print_diagnostics(problems)
    failed = bool(problems)
    items = []
    for spec in files:
        result = load_spec(spec)
        _print_diagnostics(result.diagnostics.sorted())
        if not result.ok:
            failed = True
            print(f"bỏ qua {spec}: có lỗi, không ghi tệp", file=sys.stderr)
            continue
        items.append((str(spec), render_docx(result.document, template), result.document))
    problems = preview(items, Path(args.output), args.dpi, _say(args))
    _print_diagnostics(problems)
    return EXIT_USER if failed or problems else EXIT_OK


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"độ phân giải phải là số nguyên: {text!r}") from None
    if not 36 <= value <= 600:
        raise argparse.ArgumentTypeError(f"độ phân giải phải từ 36 đến 600 dpi: {value}")
    return value


def _build_checks(spec: Path, result, data: bytes) -> list[Diagnostic]:
    """`vanban check` on the spec and on the .docx about to be written (with the project config)."""
    from .check import check_docx_bytes, check_model, find_config, load_config

    config = load_config(find_config(spec))
    findings = list(config.diagnostics) + check_model(result, config=config)
    findings += check_docx_bytes(data, f"{spec.stem}.docx", config=config)
    return findings


def _check_targets(targets: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    from .fsio import expand_inputs

    return expand_inputs(targets, (".yaml", ".yml", ".docx"), empty="thư mục không có tệp .yaml hay .docx")


def cmd_check(args: argparse.Namespace) -> int:
    import datetime as _dt

    from .check import RULES, check_file

    if args.rules:
        for rule in RULES.values():
            print(f"{rule.id:<18} {rule.severity.label:<9} {rule.applies:<4}  {rule.title}  [{rule.clause}; nd30.md {rule.ref}]")
        return EXIT_OK
    if not args.files:
        print("vanban check: cần ít nhất một tệp .yaml hoặc .docx (hoặc --rules)", file=sys.stderr)
        return EXIT_USAGE
    today = None
    if args.today:
        try:
            today = _dt.date.fromisoformat(args.today)
        except ValueError:
            print(f"vanban check: --today phải có dạng 2021-02-04, không phải {args.today!r}", file=sys.stderr)
            return EXIT_USAGE
    files, problems = _check_targets(args.files)
    report = []
    if problems:
        report.append(("", problems))
    for path in files:
        report.append((str(path), check_file(path, today=today).sorted()))
    everything = [d for _, diags in report for d in diags]
    errors = sum(d.severity is Severity.ERROR for d in everything)
    warnings = len(everything) - errors
    if args.format == "json":
        def entry(d: Diagnostic) -> dict:
            data = d.to_dict()
            if d.code in RULES:  # the clause of the decree the rule enforces, for reports
                data["dieu_khoan"] = RULES[d.code].clause
                data["nd30_md"] = RULES[d.code].ref
            return data

        out = {"tep": [{"tep": name, "ket_qua": [entry(d) for d in diags]} for name, diags in report if name],
               "loi": errors, "canh_bao": warnings, "nghiem_ngat": args.strict}
        if problems:
            out["khong_doc_duoc"] = [d.to_dict() for d in problems]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for diagnostic in everything:
            print(diagnostic.format())
        print(f"{len(files)} tệp: {errors} lỗi, {warnings} cảnh báo" + (" (--strict: cảnh báo cũng là lỗi)"
                                                                          if args.strict and warnings else ""))
    return EXIT_USER if errors or (args.strict and warnings) else EXIT_OK


def cmd_text(args: argparse.Namespace) -> int:
    from .render.text import render_text
    from .spec.loader import load_spec

    result = load_spec(args.spec)
    if not result.ok:
        if args.or_raw:  # as a git textconv driver: show the file itself rather than fail the diff
            sys.stdout.write(Path(args.spec).read_text(encoding="utf-8", errors="replace"))
            return EXIT_OK
        _print_diagnostics(result.diagnostics.sorted())
        return EXIT_USER
    sys.stdout.write(render_text(result.document))
    return EXIT_OK


def _git_old_version(spec: Path, rev: str) -> tuple[bytes | None, list[Diagnostic]]:
    import subprocess

    folder = spec.resolve().parent
    try:
        proc = subprocess.run(["git", "-C", str(folder), "show", f"{rev}:./{spec.name}"], capture_output=True,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, [Diagnostic("VB801", Severity.ERROR, f"không chạy được git: {exc}", "", Position(str(spec)))]
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        return None, [Diagnostic("VB801", Severity.ERROR, f"không lấy được phiên bản {rev} từ git"
                                 + (f" ({reason[-1]})" if reason else ""), "", Position(str(spec)))]
    return proc.stdout, []


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_documents, format_changes
    from .fsio import write_atomic
    from .spec.loader import load_spec, load_spec_bytes

    if args.rev is not None:
        if len(args.specs) != 1:
            print("vanban diff: với --rev chỉ ghi một tệp đặc tả (phiên bản mới là tệp hiện tại)", file=sys.stderr)
            return EXIT_USAGE
        new_path = Path(args.specs[0])
        if not new_path.is_file():
            _print_diagnostics([Diagnostic("VB106", Severity.ERROR, "không tìm thấy tệp", "", Position(str(new_path)))])
            return EXIT_USER
        raw, problems = _git_old_version(new_path, args.rev)
        if problems:
            _print_diagnostics(problems)
            return EXIT_USER
        old = load_spec_bytes(raw, f"{new_path}@{args.rev}")
    else:
        if len(args.specs) != 2:
            print("vanban diff: cần hai tệp đặc tả CŨ MỚI, hoặc một tệp và --rev", file=sys.stderr)
            return EXIT_USAGE
        old = load_spec(args.specs[0])
        new_path = Path(args.specs[1])
    new = load_spec(new_path)
    failed = False
    for result in (old, new):
        _print_diagnostics(result.diagnostics.errors)
        failed = failed or not result.ok
    if failed:
        return EXIT_USER
    changes = diff_documents(old.document, new.document)
    if args.format == "json":
        print(json.dumps([c.to_dict() for c in changes], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_changes(changes))
    if args.redline:
        from .diff.redline import redline_docx

        template = Path(args.template) if args.template else None
        data = redline_docx(old.document, new.document, template=template, author=args.author)
        target = write_atomic(args.redline, data)
        print(f"đã ghi {target} (bản mới, đánh dấu thay đổi so với bản cũ)", file=sys.stderr)


def _build_copies(document, spec: Path, outdir: Path, template, args) -> tuple[Path, int]:
    from .copies import batch

    options = batch.Options(outdir=outdir, table=Path(args.so_lieu) if args.so_lieu else None,
                            name_template=args.ten_tep or batch.DEFAULT_NAME, merged=args.gop, quiet=args.quiet,
                            template_docx=template)
    folder, plan = batch.run(document, spec.stem, options)
    _print_diagnostics(sorted(plan.warnings, key=lambda d: (str(d.position or ""), d.code)))
    return folder, len(plan.recipients)


def _fill_without_recipient(document):
    """A letter built as one document may use templates that need no recipient ({{ 187315 | so }})."""
    from .copies.personalize import fill_templates, render_for
    from .copies.templating import variables_used
    from .diagnostics import Diagnostics

    where = document.meta.get("templates", {})
    problems = Diagnostics()

    def fill(source: str) -> str:
        path, position = where.get(source, ("", None))
        per_copy = sorted(variables_used(source) & {"noi_nhan", "so_lieu"})
        if per_copy:
            problems.add(Diagnostic("VB625", Severity.ERROR, f"mẫu dùng `{per_copy[0]}`: văn bản này phải dựng riêng "
                                    "cho từng nơi nhận", path, position,
                                    "dùng `vanban build SPEC --tung-noi-nhan --so-lieu BẢNG`"))
            return ""
        value, problem = render_for(source, None, {}, None, (path, position))
        if problem is not None:
            problems.add(problem)
            return ""
        return value

    filled = fill_templates(document, fill)
    if problems.errors:
        raise UserError(problems.sorted())
    return filled


def _stop_on_sigterm() -> None:
    """``kill`` stops a long run like Ctrl-C does: the staging folder is removed, nothing half-written stays."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not in the main thread (embedded use)
        pass


def cmd_registry(args: argparse.Namespace) -> int:
    from .registry import find_registry, load_registry

    if args.action == "nhap":
        from .registry.importer import import_csv

        return import_csv(Path(args.csv), Path(args.output), args.ten, quiet=args.quiet)
    folder = Path(args.path) if args.path else find_registry(Path.cwd())
    if folder is None:
        _print_diagnostics([Diagnostic("VB604", Severity.ERROR, "không tìm thấy thư mục danh bạ `recipients/`", "",
                                       Position(str(Path.cwd())))])
        return EXIT_USER
    registry, diags = load_registry(folder)
    _print_diagnostics(diags.sorted())
    if diags.errors:
        return EXIT_USER
    if not args.quiet:
        print(f"{folder}: {len(registry.entries)} nơi nhận, {len(registry.groups)} nhóm, {len(registry.files)} tệp")
        for gid, group in registry.groups.items():
            print(f"  @nhom:{gid}  {group.name} ({len(registry.members(gid))} nơi nhận)")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    sys.stdout.write(starter_text(args.type))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.danh_ba:
        from .registry.schema import json_schema
    else:
        from .spec.schema import json_schema

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vanban",
        description="Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ đặc tả YAML.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    build = sub.add_parser("build", help="dựng .docx từ đặc tả YAML (tệp hoặc thư mục)")
    build.add_argument("specs", nargs="+", metavar="SPEC_OR_DIR")
    build.add_argument("-o", "--output", default="out", metavar="OUTDIR", help="thư mục ghi kết quả (mặc định: out)")
    build.add_argument("--template", metavar="DOCX", help="tệp mẫu Word chứa các kiểu (mặc định: templates/nd30.docx)")
    build.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi, không hiện tiến độ")
    build.add_argument("--tung-noi-nhan", "--moi-noi-nhan", dest="tung_noi_nhan", action="store_true",
                       help="ghi một bản cho từng nơi nhận của Kính gửi vào thư mục OUTDIR/<tên đặc tả>/")
    build.add_argument("--so-lieu", metavar="BANG", help="bảng số liệu từng nơi nhận (.csv hoặc .xlsx, cột `ma`)")
    build.add_argument("--ten-tep", metavar="MAU", help="mẫu tên tệp mỗi bản (mặc định: {{ noi_nhan.ma }})")
    build.add_argument("--gop", action="store_true", help="ghi thêm một tệp .docx gộp mọi bản để in")
    build.add_argument("--danh-ba", metavar="DANH_BA",
                       help="tệp hoặc thư mục danh bạ nơi nhận (mặc định: thư mục recipients/ gần đặc tả nhất)")
    build.add_argument("--forms", choices=("xlsx",), metavar="xlsx",
                       help="ghi thêm các biểu mẫu kèm theo thành tệp Excel (một trang tính mỗi biểu mẫu)")
    build.add_argument("--pdf", action="store_true", help="ghi thêm tệp PDF cạnh mỗi .docx (cần LibreOffice)")
    build.add_argument("--pdf-a", action="store_true", help="như --pdf nhưng theo chuẩn lưu trữ PDF/A-2b")
    build.add_argument("--force", action="store_true",
                       help="vẫn ghi .docx khi vi phạm quy tắc của `vanban check` (lỗi đặc tả thì không)")
    build.set_defaults(func=cmd_build)

    from .forms.cli import add_collect_parser

    add_collect_parser(sub)

    prev = sub.add_parser("preview", help="xuất ảnh PNG từng trang để xem trước (cần LibreOffice, pdftoppm)")
    prev.add_argument("specs", nargs="+", metavar="SPEC")
    prev.add_argument("-o", "--output", default="out", metavar="DIR", help="thư mục ghi ảnh (mặc định: out)")
    prev.add_argument("--dpi", type=_dpi, default=96, help="độ phân giải ảnh (mặc định: 96)")
    prev.add_argument("--template", metavar="DOCX", help="tệp mẫu Word chứa các kiểu")
    prev.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    prev.set_defaults(func=cmd_preview)

    check = sub.add_parser("check", help="kiểm tra đặc tả .yaml và tệp .docx theo Nghị định 30")
    check.add_argument("files", nargs="*", metavar="FILE", help="tệp .yaml/.docx hoặc thư mục")
    check.add_argument("--strict", action="store_true", help="cảnh báo cũng làm lệnh thất bại (mã thoát 1)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="định dạng kết quả")
    check.add_argument("--rules", action="store_true", help="liệt kê các quy tắc")
    check.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    check.set_defaults(func=cmd_check)

    diff = sub.add_parser("diff", help="so sánh hai phiên bản đặc tả theo từng phần của văn bản")
    diff.add_argument("specs", nargs="+", metavar="SPEC", help="CŨ MỚI, hoặc một tệp với --rev")
    diff.add_argument("--rev", metavar="REV", help="phiên bản cũ lấy từ git (ví dụ HEAD~1)")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="định dạng kết quả")
    diff.add_argument("--redline", metavar="OUT.docx", help="ghi bản mới có đánh dấu thay đổi (track changes)")
    diff.add_argument("--author", default="vanban", help="tên người sửa trong các thay đổi (mặc định: vanban)")
    diff.add_argument("--template", metavar="DOCX", help="tệp mẫu Word (như vanban build)")
    diff.set_defaults(func=cmd_diff)

    text = sub.add_parser("text", help="in chữ của văn bản dựng từ đặc tả (dùng cho git diff)")
    text.add_argument("spec", metavar="SPEC")
    text.add_argument("--or-raw", action="store_true", help="đặc tả lỗi thì in nguyên tệp (cho git textconv)")
    text.set_defaults(func=cmd_text)


    registry = sub.add_parser("danh-ba", help="kiểm tra hoặc nhập danh bạ nơi nhận")
    rsub = registry.add_subparsers(dest="action", required=True, metavar="VIỆC")
    check = rsub.add_parser("kiem-tra", help="kiểm tra danh bạ và liệt kê các nhóm")
    check.add_argument("path", nargs="?", metavar="DANH_BA", help="tệp hoặc thư mục (mặc định: recipients/)")
    check.add_argument("-q", "--quiet", action="store_true")
    check.set_defaults(func=cmd_registry)
    imp = rsub.add_parser("nhap", help="nhập danh bạ từ bảng CSV (cột ma, ten, ten_ngan, thu_truong, email, nhom)")
    imp.add_argument("csv", metavar="CSV")
    imp.add_argument("-o", "--output", required=True, metavar="YAML", help="tệp danh bạ .yaml sẽ ghi")
    imp.add_argument("--ten", default=None, metavar="TEN", help="tên danh bạ (mặc định: tên tệp CSV)")
    imp.add_argument("-q", "--quiet", action="store_true")
    imp.set_defaults(func=cmd_registry)

    new = sub.add_parser("new", help="in một đặc tả mẫu có chú thích")
    new.add_argument("type", choices=STARTERS, metavar="LOAI", help="loại văn bản: " + ", ".join(STARTERS))
    new.set_defaults(func=cmd_new)

    schema = sub.add_parser("schema", help="in JSON Schema của đặc tả")
    schema.add_argument("--danh-ba", action="store_true", help="JSON Schema của tệp danh bạ nơi nhận")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_USER
    except KeyboardInterrupt:
        print("đã dừng (Ctrl-C)", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in vanban: one line, not a traceback
        if os.environ.get("VANBAN_DEBUG"):
            raise
        print(f"lỗi nội bộ của vanban ({type(exc).__name__}: {exc}); chạy lại với VANBAN_DEBUG=1 để xem chi tiết "
              "và báo lỗi cho nhóm phát triển", file=sys.stderr)
        return EXIT_INTERNAL


def entry() -> None:
    raise SystemExit(main())


if __name__ == "__main__":
    entry()
