"""Command line: arguments and printing only; the work is done by :mod:`vanban.app`.

``vanban build`` (``--pdf``, ``--pdf-a``, ``--forms xlsx``, ``--tung-noi-nhan`` …), ``preview``, ``collect``,
``check``, ``diff``, ``text``, ``nhap`` (``import``), ``danh-ba``, ``new``, ``schema``. User errors are printed as coded Vietnamese
diagnostics (``file:line:col``) and exit with 1 (2 for a wrong command line); a bug in vanban prints one
internal-error line and exits with 70. No traceback is shown unless ``VANBAN_DEBUG=1``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
from pathlib import Path

from .diagnostics import Diagnostic, Position, Severity, UserError

EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_INTERNAL, EXIT_PIPE = 0, 1, 2, 70, 141


# --------------------------------------------------------------------------- printing


def _print_diagnostics(diagnostics, stream=None) -> None:
    stream = stream or sys.stderr
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)


def _say(args: argparse.Namespace):
    return (lambda line: None) if getattr(args, "quiet", False) else (lambda line: print(line, flush=True))


# --------------------------------------------------------------------------- commands


def cmd_build(args: argparse.Namespace) -> int:
    from .app import BuildOptions, build_many, option_conflicts
    from .fsio import expand_inputs

    options = BuildOptions(
        output=args.output, template=args.template, force=args.force, pdf=args.pdf, pdf_a=args.pdf_a,
        forms_xlsx=args.forms == "xlsx", per_recipient=args.tung_noi_nhan, data_table=args.so_lieu,
        name_template=args.ten_tep, merged=args.gop, registry=args.danh_ba, quiet=args.quiet)
    conflicts = option_conflicts(options)
    if conflicts:
        _print_diagnostics(conflicts)
        return EXIT_USAGE
    files, problems = expand_inputs(args.specs, (".yaml", ".yml"))
    _print_diagnostics(problems)
    if args.tung_noi_nhan:
        _stop_on_sigterm()
    failed = bool(problems)
    for result in build_many(files, options, say=_say(args)):
        _print_diagnostics(result.diagnostics)
        if result.refused:
            print(f"bỏ qua {result.spec}: vi phạm quy tắc của Nghị định 30, không ghi tệp (dùng --force để vẫn ghi)",
                  file=sys.stderr)
        elif not result.ok and result.wrote_nothing:
            print(f"bỏ qua {result.spec}: có lỗi, không ghi tệp", file=sys.stderr)
        failed = failed or not result.ok
    return EXIT_USER if failed else EXIT_OK


def cmd_preview(args: argparse.Namespace) -> int:
    """PNG pages of each spec (through LibreOffice and pdftoppm), for a quick look before signing."""
    from .app import preview
    from .fsio import expand_inputs

    files, problems = expand_inputs(args.specs, (".yaml", ".yml"))
    problems += preview(files, output=args.output, dpi=args.dpi, template=args.template, say=_say(args))
    _print_diagnostics(problems)
    return EXIT_USER if any(d.severity is Severity.ERROR for d in problems) else EXIT_OK


def cmd_collect(args: argparse.Namespace) -> int:
    from .app import collect

    results, diags, written = collect(args.spec, args.filled, output=args.output)
    _print_diagnostics(diags)
    if not written:
        return EXIT_USER
    for res in results:
        returned = len(res.submissions)
        expected = len(res.form.recipients)
        count = f"{returned}/{expected}" if expected else str(returned)
        print(f"{res.form.label}: {count} đơn vị đã nộp" + (f", {len(res.missing)} chưa nộp" if res.missing else ""))
    errors = len(diags.errors)
    if errors:
        print(f"có {errors} lỗi; các ô sai không được cộng vào tổng hợp", file=sys.stderr)
    if not args.quiet:
        for target in written:
            print(f"đã ghi {target}")
    return EXIT_USER if errors else EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    import datetime as _dt

    from .app import check_paths
    from .checker import RULES

    if args.rules:
        for rule in RULES.values():
            print(f"{rule.id:<18} {rule.severity.label:<9} {rule.applies:<4}  {rule.title}  [{rule.clause}; "
                  f"nd30.md {rule.ref}]")
        return EXIT_OK
    if not args.files:
        raise UsageError("cần ít nhất một tệp .yaml hoặc .docx (hoặc --rules)")
    today = None
    if args.today:
        try:
            today = _dt.date.fromisoformat(args.today)
        except ValueError:
            raise UsageError(f"--today phải có dạng 2021-02-04, không phải {args.today!r}") from None
    report = check_paths(args.files, today=today)
    errors, warnings = report.errors, report.warnings
    if args.format == "json":
        def entry(d: Diagnostic) -> dict:
            data = d.to_dict()
            if d.code in RULES:  # the clause of the decree the rule enforces, for reports
                data["dieu_khoan"] = RULES[d.code].clause
                data["nd30_md"] = RULES[d.code].ref
            return data

        out = {"tep": [{"tep": name, "ket_qua": [entry(d) for d in diags]} for name, diags in report.files],
               "loi": errors, "canh_bao": warnings, "nghiem_ngat": args.strict}
        if report.unreadable:
            out["khong_doc_duoc"] = [d.to_dict() for d in report.unreadable]
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for diagnostic in report.diagnostics:
            print(diagnostic.format())
        print(f"{len(report.files)} tệp: {errors} lỗi, {warnings} cảnh báo"
              + (" (--strict: cảnh báo cũng là lỗi)" if args.strict and warnings else ""))
    return EXIT_USER if errors or (args.strict and warnings) else EXIT_OK


def cmd_text(args: argparse.Namespace) -> int:
    from .app import import_docx, load, output_settings, render_text

    if args.spec.lower().endswith(".docx"):  # a Word draft: imported first (vanban nhap)
        imported = import_docx(Path(args.spec))
        if not imported.ok:
            if args.or_raw:  # a binary file: git shows it as binary rather than fail the diff
                return EXIT_OK
            _print_diagnostics(imported.diagnostics)
            return EXIT_USER
        result = load(imported.text, name=args.spec)
    else:
        result = load(Path(args.spec))
    if not result.ok:
        if args.or_raw:  # as a git textconv driver: show the file itself rather than fail the diff
            from .gate import InputRefused, read_input

            try:
                raw = read_input(args.spec, 64 * 1024 * 1024, code="VB106")
                sys.stdout.write(raw.decode("utf-8", errors="replace"))
            except InputRefused:  # a FIFO, a device, a missing file: nothing to show
                pass
            return EXIT_OK
        _print_diagnostics(result.diagnostics.sorted())
        return EXIT_USER
    settings = output_settings(result.document)
    for warning in [*result.diagnostics.warnings, *settings.diagnostics]:  # shown, without failing a git diff
        print(warning.format(), file=sys.stderr)
    sys.stdout.write(render_text(result.document, settings=settings.settings))
    return EXIT_OK


def cmd_nhap(args: argparse.Namespace) -> int:
    """``vanban nhap FILE.docx [-o SPEC.yaml]``: the spec of a Word document; nothing written on an error."""
    from .app import import_docx

    target = Path(args.output) if args.output else None
    if target is not None and target.exists() and not args.ghi_de:
        raise UserError([Diagnostic("VB962", Severity.ERROR, "đã có tệp trùng tên; không ghi đè", "",
                                    Position(str(target)), "chọn tên khác, hoặc thêm --ghi-de để thay tệp cũ")])
    result = import_docx(Path(args.docx))
    if not result.ok:
        raise UserError(result.diagnostics)
    _print_diagnostics(result.diagnostics)
    if target is None:
        sys.stdout.write(result.text)
        return EXIT_OK
    print(f"đã ghi {_write_new_file(target, result.text)}", file=sys.stderr)
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .app import diff, redline, write_outputs
    from .changes import format_changes

    if args.rev is not None:
        if len(args.specs) != 1:
            raise UsageError("với --rev chỉ ghi một tệp đặc tả (phiên bản mới là tệp hiện tại)")
        old, new = None, args.specs[0]
    else:
        if len(args.specs) != 2:
            raise UsageError("cần hai tệp đặc tả CŨ MỚI, hoặc một tệp và --rev")
        old, new = args.specs
    changes = diff(old, new, rev=args.rev)
    if args.format == "json":
        print(json.dumps([c.to_dict() for c in changes], ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_changes(changes))
    if args.redline:
        data = redline(old, new, rev=args.rev, template=args.template, author=args.author)
        target, = write_outputs({Path(args.redline): data})
        print(f"đã ghi {target} (bản mới, đánh dấu thay đổi so với bản cũ)", file=sys.stderr)
    return EXIT_OK


def _stop_on_sigterm() -> None:
    """``kill`` stops a long run like Ctrl-C does: the staging folder is removed, nothing half-written stays."""
    import signal

    from . import interrupts

    interrupts.stop_on(signal.SIGTERM)


def cmd_registry(args: argparse.Namespace) -> int:
    from .app import write_outputs
    from .diagnostics import Position
    from .registry import find_registry, load_registry

    if args.action == "nhap":
        from .registry.importer import registry_from_csv

        target = Path(args.output)
        text, diags, entries, groups = registry_from_csv(Path(args.csv), args.ten)
        _print_diagnostics(diags.sorted())
        if text is None:
            print(f"không ghi {target}: có lỗi", file=sys.stderr)
            return EXIT_USER
        write_outputs({target: text.encode("utf-8")})
        if not args.quiet:
            print(f"đã ghi {target}: {entries} nơi nhận, {groups} nhóm")
        return EXIT_OK
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


def starter_text(loai: str) -> str:
    """The commented starter spec of a type: its own file, or the Mẫu 1.4 one filled in for it."""
    from importlib import resources

    from .model import DocumentType

    folder = resources.files("vanban.starters")
    own = folder.joinpath(f"{loai}.yaml")
    if own.is_file():
        return own.read_text(encoding="utf-8")
    kind = DocumentType(loai)
    text = folder.joinpath("_mau_1_4.yaml").read_text(encoding="utf-8")
    return (text.replace("__LOAI__", loai).replace("__TEN_HOA__", kind.heading)
            .replace("__TEN__", kind.name_vi).replace("__VT__", kind.abbreviation or ""))


#: The file name the starters' ``# yaml-language-server: $schema=…`` line gives, relative to the spec: an editor
#: finds the schema beside the spec, with no network (``vanban new TYPE -o SPEC`` writes it there).
SCHEMA_FILE = "vanban.schema.json"


def schema_text(registry: bool = False) -> str:
    """The JSON Schema of a spec (or of a registry file) as ``vanban schema`` prints it."""
    if registry:
        from .registry.schema import json_schema
    else:
        from .spec.schema import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def _write_new_file(path: Path, text: str) -> Path:
    """Write ``text`` atomically; a write the system refuses is the user's error (VB111), never a traceback."""
    from .app import write_outputs

    return write_outputs({path: text.encode("utf-8")})[0]


def cmd_new(args: argparse.Namespace) -> int:
    text = starter_text(args.type)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    if target.exists():  # never overwrite a letter being written
        raise UserError([Diagnostic("VB111", Severity.ERROR, "không ghi được: đã có tệp trùng tên", "",
                                    Position(str(target)), "chọn tên khác, hoặc xóa tệp cũ nếu không cần nữa")])
    written = [_write_new_file(target, text)]
    schema = target.parent / SCHEMA_FILE
    if not schema.exists():  # so that the starter's `$schema=vanban.schema.json` resolves, offline
        written.append(_write_new_file(schema, schema_text()))
    for path in written:
        print(f"đã ghi {path}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text(args.danh_ba)
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    print(f"đã ghi {_write_new_file(Path(args.output), text)}")
    return EXIT_OK


def _date_option(text: str):
    import datetime as _dt

    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày phải có dạng 2026-03-05, không phải {text!r}") from None


def _year_option(text: str) -> int:
    if not text.isdigit() or not 1900 <= int(text) <= 9999:
        raise argparse.ArgumentTypeError(f"năm phải là số có 4 chữ số, không phải {text!r}")
    return int(text)


def cmd_number(args: argparse.Namespace) -> int:
    """``vanban cap-so SPEC``: a number from the register written into the spec."""
    from .app import assign_number
    from .issuing.workbook import short_date

    entry = assign_number(args.spec, date=args.ngay, register=args.so_dang_ky, config=args.cau_hinh)
    if not args.quiet:
        print(f"{args.spec}: số {entry.number_code} ngày {short_date(entry.date)} (sổ {entry.register}, "
              f"năm {entry.year})")
    return EXIT_OK


def cmd_sign(args: argparse.Namespace) -> int:
    """``vanban ky SPEC_OR_PDF``: the PDF/A signed by the person (ô 7c) and the organisation (ô 8)."""
    from .app import sign

    for path in sign(args.target, output=args.output, config=args.cau_hinh):
        if not args.quiet:
            print(f"đã ký {path}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    """``vanban kiem-tra-chu-ky FILE.pdf``: every signature, its chain and its position."""
    from .app import verify_signatures
    from .issuing.verify import ROLE_LABELS

    failed = False
    for target in args.files:
        try:
            reports = verify_signatures(target, trust=args.tin_cay, config=args.cau_hinh)
        except UserError as exc:
            _print_diagnostics(exc.diagnostics)
            failed = True
            continue
        print(f"{target}: {len(reports)} chữ ký số")
        for n, r in enumerate(reports, start=1):
            time_source = "dấu thời gian" if r.timestamped else "đồng hồ máy ký"
            print(f"{n}. {ROLE_LABELS[r.role]}: {r.signer}" + (f" — {r.organisation}" if r.organisation else ""))
            print(f"   thời điểm ký: {r.time} ({time_source})")
            print(f"   toàn vẹn: {'có' if r.intact and r.valid else 'KHÔNG'}; chuỗi chứng thư: "
                  + ("tin cậy (" + " → ".join(reversed(r.chain)) + ")" if r.trusted else "KHÔNG tin cậy"))
            print(f"   vị trí (Phụ lục I): {'đúng' if r.position_ok else 'SAI'}, {r.position_note}")
            _print_diagnostics(r.problems)
            failed = failed or any(d.severity is Severity.ERROR for d in r.problems)
    return EXIT_USER if failed else EXIT_OK


def cmd_issue(args: argparse.Namespace) -> int:
    """``vanban ban-hanh SPEC``: check, number, PDF/A, sign, record."""
    from .app import issue
    from .issuing.workbook import short_date

    result = issue(args.spec, date=args.ngay, register=args.so_dang_ky, output=args.output, config=args.cau_hinh)
    if not args.quiet:
        entry = result.entry
        print(f"{args.spec}: đã ban hành số {entry.number_code} ngày {short_date(entry.date)} (sổ {entry.register}, "
              f"năm {entry.year})")
        for path in result.files:
            print(f"đã ghi {path}")
    return EXIT_OK


def cmd_register(args: argparse.Namespace) -> int:
    """``vanban so-van-ban xuat|thu-hoi|liet-ke``: the register of outgoing documents."""
    from .app import cancel_number, export_register, register_entries
    from .issuing.workbook import short_date

    if args.action == "xuat":
        for path in export_register(args.output, year=args.nam, register=args.so_dang_ky, config=args.cau_hinh):
            if not args.quiet:
                print(f"đã ghi {path}")
        return EXIT_OK
    if args.action == "thu-hoi":
        entry = cancel_number(args.so, args.ly_do, year=args.nam, register=args.so_dang_ky, date=args.ngay,
                              config=args.cau_hinh)
        print(f"đã ghi thu hồi văn bản số {entry.number_code} (ngày {short_date(entry.date)}): {args.ly_do}")
        return EXIT_OK
    for entry in register_entries(year=args.nam, register=args.so_dang_ky, config=args.cau_hinh):
        note = f"  [thu hồi {short_date(entry.cancelled.date)}: {entry.cancelled.reason}]" if entry.cancelled else ""
        print(f"{entry.number_code}\t{short_date(entry.date)}\t{entry.record.type_name}: {entry.record.subject}{note}")
    return EXIT_OK


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"độ phân giải phải là số nguyên: {text!r}") from None
    if not 36 <= value <= 600:
        raise argparse.ArgumentTypeError(f"độ phân giải phải từ 36 đến 600 dpi: {value}")
    return value


# --------------------------------------------------------------------------- argparse, in Vietnamese


class UsageError(Exception):
    """A wrong command line: printed as a coded message (VB114) with the usage, exit 2."""


#: argparse's own messages (Python 3.10–3.13), as vanban says them.
_ARGPARSE_VI = (
    (r"^unrecognized arguments: (.*)$", r"không hiểu tham số: \1"),
    (r"^the following arguments are required: (.*)$", r"thiếu tham số bắt buộc: \1"),
    (r"^argument (\S+): expected one argument$", r"\1 cần một giá trị"),
    (r"^argument (\S+): expected at least one argument$", r"\1 cần ít nhất một giá trị"),
    (r"^argument (\S+): expected (\d+) arguments?$", r"\1 cần \2 giá trị"),
    (r"^argument (\S+): ignored explicit argument (.*)$", r"\1 không nhận giá trị \2"),
    (r"^argument (\S+): not allowed with argument (\S+)$", r"\1 không dùng cùng \2"),
    (r"^argument (\S+): invalid (\S+) value: (.*)$", r"giá trị \3 của \1 không hợp lệ"),
    (r"^ambiguous option: (\S+) could match (.*)$", r"tùy chọn \1 chưa rõ: có thể là \2"),
    (r"^one of the arguments (.*) is required$", r"cần một trong các tham số \1"),
    (r"^argument (\S+): (.*)$", r"\1: \2"),
)


def _translate(message: str) -> str:
    for english, vietnamese in _ARGPARSE_VI:
        if re.match(english, message):
            return re.sub(english, vietnamese, message)
    return message


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "cách dùng: ")


class Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: headings, help, errors (coded VB114), "có phải ý bạn là …"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="in hướng dẫn này rồi thoát")

    def _check_value(self, action, value):
        if action.choices is not None and value not in action.choices:
            choices = [str(c) for c in action.choices]
            close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
            what = "lệnh" if isinstance(action, argparse._SubParsersAction) else "giá trị"
            hint = f" (có phải ý bạn là `{close[0]}`?)" if close else f"; chọn một trong: {', '.join(choices)}"
            raise argparse.ArgumentError(action, f"{what} `{value}` không có{hint}")

    def error(self, message: str):
        raise UsageError(f"{self.prog}: {_translate(message)}\n{self.format_usage().rstrip()}")


def _register_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--so-dang-ky", metavar="TÊN_SỔ", help="sổ nào của cơ quan (mặc định: `ten_so` trong "
                                                                "vanban.toml, hoặc `chung`)")
    parser.add_argument("--cau-hinh", metavar="TOML", help="tệp cấu hình (mặc định: vanban.toml gần nhất)")


def build_parser() -> Parser:
    from . import __version__
    from .model.decree import TYPE_KEYS

    parser = Parser(prog="vanban", description="Soạn văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ đặc tả YAML.")
    parser.add_argument("--version", action="version", version=f"vanban {__version__}", help="in phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", title="các lệnh",
                                parser_class=Parser, help="việc cần làm (xem `vanban LỆNH --help`)")

    build = sub.add_parser("build", help="dựng .docx từ đặc tả YAML (tệp hoặc thư mục)",
                           description="Dựng văn bản .docx (và PDF, biểu mẫu Excel, bản gửi từng nơi nhận) từ đặc tả.")
    build.add_argument("specs", nargs="+", metavar="SPEC_OR_DIR", help="tệp đặc tả .yaml, hoặc thư mục chứa chúng")
    build.add_argument("-o", "--output", default="out", metavar="OUTDIR", help="thư mục ghi kết quả (mặc định: out)")
    build.add_argument("--template", metavar="DOCX",
                       help="tệp mẫu Word chứa các kiểu (mặc định: vanban/templates/nd30.docx)")
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

    collect = sub.add_parser("collect", help="đọc các biểu mẫu đã điền (.xlsx, .docx), kiểm tra và tổng hợp",
                             description="Tổng hợp các biểu mẫu các đơn vị gửi lại.")
    collect.add_argument("spec", metavar="SPEC", help="đặc tả YAML của văn bản có biểu mẫu")
    collect.add_argument("filled", nargs="+", metavar="FILLED", help="các tệp đã điền (hoặc thư mục chứa chúng)")
    collect.add_argument("-o", "--output", default="out", metavar="DIR",
                         help="thư mục ghi bảng tổng hợp (mặc định: out)")
    collect.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    collect.set_defaults(func=cmd_collect)

    prev = sub.add_parser("preview", help="xuất ảnh PNG từng trang để xem trước (cần LibreOffice, pdftoppm)",
                          description="Xuất ảnh PNG từng trang của văn bản để xem trước khi ký.")
    prev.add_argument("specs", nargs="+", metavar="SPEC", help="tệp đặc tả .yaml, hoặc thư mục chứa chúng")
    prev.add_argument("-o", "--output", default="out", metavar="DIR", help="thư mục ghi ảnh (mặc định: out)")
    prev.add_argument("--dpi", type=_dpi, default=96, help="độ phân giải ảnh (mặc định: 96)")
    prev.add_argument("--template", metavar="DOCX", help="tệp mẫu Word chứa các kiểu")
    prev.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    prev.set_defaults(func=cmd_preview)

    check = sub.add_parser("check", help="kiểm tra đặc tả .yaml và tệp .docx theo Nghị định 30",
                           description="Kiểm tra thể thức văn bản theo Nghị định 30/2020/NĐ-CP.")
    check.add_argument("files", nargs="*", metavar="FILE", help="tệp .yaml/.docx hoặc thư mục")
    check.add_argument("--strict", action="store_true", help="cảnh báo cũng làm lệnh thất bại (mã thoát 1)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="định dạng kết quả")
    check.add_argument("--rules", action="store_true", help="liệt kê các quy tắc")
    check.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    check.set_defaults(func=cmd_check)

    diff = sub.add_parser("diff", help="so sánh hai phiên bản đặc tả theo từng phần của văn bản",
                          description="So sánh hai phiên bản của một văn bản theo từng phần.")
    diff.add_argument("specs", nargs="+", metavar="SPEC", help="CŨ MỚI (.yaml, hoặc .docx: nhập trước), hoặc một tệp "
                                                               "với --rev")
    diff.add_argument("--rev", metavar="REV", help="phiên bản cũ lấy từ git (ví dụ HEAD~1)")
    diff.add_argument("--format", choices=("text", "json"), default="text", help="định dạng kết quả")
    diff.add_argument("--redline", metavar="OUT.docx", help="ghi bản mới có đánh dấu thay đổi (track changes)")
    diff.add_argument("--author", default="vanban", help="tên người sửa trong các thay đổi (mặc định: vanban)")
    diff.add_argument("--template", metavar="DOCX", help="tệp mẫu Word (như vanban build)")
    diff.set_defaults(func=cmd_diff)

    nhap = sub.add_parser("nhap", aliases=["import"], help="nhập văn bản Word (.docx) thành đặc tả YAML",
                          description="Đọc một văn bản hành chính .docx (soạn bằng vanban, gõ tay trong Word, của cơ "
                                      "quan khác, lưu bằng LibreOffice) và viết ra đặc tả YAML; chỗ phải đoán có "
                                      "chú thích `# ?`.")
    nhap.add_argument("docx", metavar="FILE.docx", help="tệp Word cần nhập")
    nhap.add_argument("-o", "--output", metavar="SPEC.yaml", help="ghi đặc tả vào tệp (mặc định: in ra màn hình)")
    nhap.add_argument("--ghi-de", action="store_true", help="cho phép ghi đè tệp SPEC.yaml đã có")
    nhap.set_defaults(func=cmd_nhap)

    text = sub.add_parser("text", help="in chữ của văn bản dựng từ đặc tả (dùng cho git diff)",
                          description="In chữ của văn bản, mỗi đoạn một dòng.")
    text.add_argument("spec", metavar="SPEC", help="tệp đặc tả .yaml (hoặc văn bản .docx: nhập trước)")
    text.add_argument("--or-raw", action="store_true", help="đặc tả lỗi thì in nguyên tệp (cho git textconv)")
    text.set_defaults(func=cmd_text)

    registry = sub.add_parser("danh-ba", help="kiểm tra hoặc nhập danh bạ nơi nhận",
                              description="Danh bạ nơi nhận (recipients/).")
    rsub = registry.add_subparsers(dest="action", required=True, metavar="VIỆC", title="các việc", parser_class=Parser,
                                   help="việc cần làm với danh bạ")
    rcheck = rsub.add_parser("kiem-tra", help="kiểm tra danh bạ và liệt kê các nhóm")
    rcheck.add_argument("path", nargs="?", metavar="DANH_BA", help="tệp hoặc thư mục (mặc định: recipients/)")
    rcheck.add_argument("-q", "--quiet", action="store_true", help="chỉ in lỗi")
    rcheck.set_defaults(func=cmd_registry)
    imp = rsub.add_parser("nhap", help="nhập danh bạ từ bảng CSV (cột ma, ten, ten_ngan, thu_truong, email, nhom)")
    imp.add_argument("csv", metavar="CSV", help="bảng CSV (UTF-8)")
    imp.add_argument("-o", "--output", required=True, metavar="YAML", help="tệp danh bạ .yaml sẽ ghi")
    imp.add_argument("--ten", default=None, metavar="TEN", help="tên danh bạ (mặc định: tên tệp CSV)")
    imp.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    imp.set_defaults(func=cmd_registry)

    number = sub.add_parser("cap-so", help="cấp số từ sổ đăng ký văn bản đi và ghi số, ngày vào đặc tả",
                            description="Cấp số tiếp theo của sổ đăng ký văn bản đi (Điều 15.3), ghi `so:` và "
                                        "`ngay:` vào đặc tả (giữ nguyên chú thích) và vào sổ.")
    number.add_argument("spec", metavar="SPEC", help="tệp đặc tả .yaml của bản dự thảo chưa có số")
    number.add_argument("--ngay", type=_date_option, metavar="YYYY-MM-DD", help="ngày ban hành (mặc định: hôm nay)")
    _register_options(number)
    number.add_argument("-q", "--quiet", action="store_true", help="không in số đã cấp")
    number.set_defaults(func=cmd_number)

    signing = sub.add_parser("ky", help="ký số văn bản (PDF/A) theo Phụ lục I: người có thẩm quyền và cơ quan",
                             description="Dựng PDF/A của văn bản đã có số và ký số: chữ ký người có thẩm quyền (ảnh "
                                         "màu xanh, ô 7c), chữ ký cơ quan (ảnh dấu màu đỏ, ô 8); phụ lục thành tệp "
                                         "riêng do cơ quan ký ở góc trên bên phải. Mật khẩu/PIN lấy từ biến môi "
                                         "trường (VANBAN_PIN_NGUOI_KY, VANBAN_PIN_CO_QUAN).")
    signing.add_argument("target", metavar="SPEC_OR_PDF", help="đặc tả .yaml đã có số, hoặc tệp .pdf cần ký")
    signing.add_argument("-o", "--output", metavar="OUT",
                         help="thư mục ghi (đặc tả; mặc định: out) hoặc tệp .pdf ghi (mặc định: <tên>-da-ky.pdf)")
    signing.add_argument("--cau-hinh", metavar="TOML", help="tệp cấu hình (mặc định: vanban.toml gần nhất)")
    signing.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    signing.set_defaults(func=cmd_sign)

    verify = sub.add_parser("kiem-tra-chu-ky", help="kiểm tra các chữ ký số của tệp PDF và vị trí theo Phụ lục I",
                            description="Liệt kê và kiểm tra từng chữ ký số: người ký, cơ quan, thời điểm, toàn vẹn, "
                                        "chuỗi chứng thư, vị trí theo Phụ lục I.")
    verify.add_argument("files", nargs="+", metavar="FILE.pdf", help="tệp PDF đã ký")
    verify.add_argument("--tin-cay", action="append", metavar="PEM",
                        help="chứng thư gốc tin cậy (mặc định: `tin_cay` trong vanban.toml); lặp lại được")
    verify.add_argument("--cau-hinh", metavar="TOML", help="tệp cấu hình (mặc định: vanban.toml gần nhất)")
    verify.set_defaults(func=cmd_verify)

    issuing = sub.add_parser("ban-hanh", help="ban hành: kiểm tra, cấp số, dựng PDF/A, ký số, vào sổ",
                             description="Ban hành văn bản: kiểm tra (dừng khi có lỗi) → cấp số → .docx và PDF/A → "
                                         "ký số người có thẩm quyền và cơ quan → ghi mã băm vào sổ. Bị ngắt giữa "
                                         "chừng thì chạy lại: số đã giữ được dùng lại, không mất số.")
    issuing.add_argument("spec", metavar="SPEC", help="tệp đặc tả .yaml của bản dự thảo chưa có số")
    issuing.add_argument("--ngay", type=_date_option, metavar="YYYY-MM-DD", help="ngày ban hành (mặc định: hôm nay)")
    issuing.add_argument("-o", "--output", metavar="OUTDIR", help="thư mục ghi (mặc định: `thu_muc` hoặc out)")
    _register_options(issuing)
    issuing.add_argument("-q", "--quiet", action="store_true", help="không in số và tên tệp")
    issuing.set_defaults(func=cmd_issue)

    book = sub.add_parser("so-van-ban", help="sổ đăng ký văn bản đi: xuất Excel, thu hồi, liệt kê",
                          description="Sổ đăng ký văn bản đi (Phụ lục IV).")
    bsub = book.add_subparsers(dest="action", required=True, metavar="VIỆC", title="các việc", parser_class=Parser,
                               help="việc cần làm với sổ")
    export = bsub.add_parser("xuat", help="xuất sổ của một năm ra tệp .xlsx theo mẫu Phụ lục IV")
    export.add_argument("-o", "--output", default="so-van-ban-di.xlsx", metavar="XLSX",
                        help="tệp .xlsx sẽ ghi (mặc định: so-van-ban-di.xlsx)")
    export.add_argument("--nam", type=_year_option, metavar="NĂM", help="năm của sổ (mặc định: năm nay)")
    _register_options(export)
    export.add_argument("-q", "--quiet", action="store_true", help="không in tên tệp đã ghi")
    cancel = bsub.add_parser("thu-hoi", help="ghi việc thu hồi một văn bản đã ban hành (Điều 18); số không bị xóa")
    cancel.add_argument("so", type=int, metavar="SỐ", help="số của văn bản thu hồi")
    cancel.add_argument("--ly-do", required=True, metavar="LÝ_DO", help="lý do thu hồi")
    cancel.add_argument("--nam", type=_year_option, metavar="NĂM", help="năm của số (mặc định: năm nay)")
    cancel.add_argument("--ngay", type=_date_option, metavar="YYYY-MM-DD", help="ngày thu hồi (mặc định: hôm nay)")
    _register_options(cancel)
    listing = bsub.add_parser("liet-ke", help="in các văn bản đã vào sổ")
    listing.add_argument("--nam", type=_year_option, metavar="NĂM", help="chỉ năm này")
    _register_options(listing)
    for p in (export, cancel, listing):
        p.set_defaults(func=cmd_register)

    new = sub.add_parser("new", help="in (hoặc ghi ra tệp) một đặc tả mẫu có chú thích",
                         description="In một đặc tả mẫu có chú thích, hoặc ghi nó ra tệp kèm JSON Schema bên cạnh.")
    new.add_argument("type", choices=TYPE_KEYS, metavar="LOAI", help="loại văn bản: " + ", ".join(TYPE_KEYS))
    new.add_argument("-o", "--output", metavar="SPEC.yaml",
                     help=f"ghi đặc tả mẫu vào tệp này (không ghi đè), kèm {SCHEMA_FILE} bên cạnh nếu chưa có "
                          "để trình soạn thảo kiểm tra và gợi ý khóa mà không cần mạng")
    new.set_defaults(func=cmd_new)

    schema = sub.add_parser("schema", help="in (hoặc ghi ra tệp) JSON Schema của đặc tả",
                            description="In JSON Schema của đặc tả, hoặc ghi nó ra tệp.")
    schema.add_argument("--danh-ba", action="store_true", help="JSON Schema của tệp danh bạ nơi nhận")
    schema.add_argument("-o", "--output", metavar="FILE", help=f"ghi vào tệp này (ví dụ {SCHEMA_FILE}) thay vì in ra")
    schema.set_defaults(func=cmd_schema)
    return parser


# --------------------------------------------------------------------------- entry point


def main(argv: list[str] | None = None) -> int:
    from . import heap, interrupts

    heap.free_promptly()  # no half-second stalls of glibc merging a freed .docx tree (vanban.heap)
    interrupts.install()  # Ctrl-C noted and never lost: a run told to stop never writes (vanban.interrupts)
    try:
        return _main(argv)
    finally:
        interrupts.restore()


def _main(argv: list[str] | None) -> int:
    from . import interrupts

    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit as exc:  # --help, --version
            return int(exc.code or 0)
        code = args.func(args)
        interrupts.raise_if_stopped()  # a Ctrl-C swallowed on the way (vanban.interrupts) still ends with 130
        sys.stdout.flush()
        return code
    except UsageError as exc:
        print(f"lỗi VB114: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except UserError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_USER
    except BrokenPipeError:  # `vanban diff … | head -1`: the reader has gone; say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
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
