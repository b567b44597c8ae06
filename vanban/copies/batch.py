"""One run of ``vanban build SPEC --tung-noi-nhan``: a folder with one copy per recipient.

The folder ``OUTDIR/<spec>/`` holds the copies (file names from the recipient ids, or from
``--ten-tep``), ``manifest.csv`` (file, id, name, email, sha256) and, with ``--gop``, one merged
.docx of all copies for printing. Everything is checked before anything is written: every template
is filled for every recipient first, and all problems are reported at once. The run is written
into a hidden staging folder that replaces the previous folder only when complete, so a run
stopped by Ctrl-C or kill never leaves a half-written file, and a re-run gives the same bytes.

Codes:
  VB641 gửi từng nơi nhận cần Kính gửi là mã/nhóm trong danh bạ
  VB642 hai bản trùng tên tệp                    VB643 tên tệp mẫu sai / rỗng
  VB644 bản gộp để in quá lớn cho một tệp .docx (không dùng zip64)
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
import sys
import unicodedata
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import model as m
from .. import fsio, gate, ooxml
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity, UserError, format_path
from ..render.docx import render_docx
from .data import DataTable, join, load_table
from .fast import FastRenderer
from .personalize import context, personalize, prefill_forms, render_for, template_sources
from .templating import BadValue, check_template, has_template, render
from .word import fill_forms

DEFAULT_NAME = "{{ noi_nhan.ma }}"
_SEPARATOR = "\ue002"
MANIFEST = "manifest.csv"
MAX_NAME_BYTES = 120  # of the stem, in UTF-8; well under the 255-byte limit of common file systems
_RESERVED = set('<>:"/\\|?*')
_WINDOWS_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def safe_filename(name: str) -> str:
    """A file name stem that is valid on Windows, macOS and Linux whatever ``name`` holds.

    Reserved characters and control characters become "-", runs of spaces one "-", leading and trailing
    dots, dashes and spaces go (no ".", ".." or hidden file), Windows device names (CON, NUL, COM1 …)
    get a "_" in front, and the name is cut to 120 bytes of UTF-8 at a character boundary.
    """
    name = unicodedata.normalize("NFC", name)
    out = []
    for ch in name:
        if ch in _RESERVED or unicodedata.category(ch)[0] == "C":
            out.append("-")
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(ch)
    text = "-".join("".join(out).split())
    while "--" in text:
        text = text.replace("--", "-")
    text = text.strip(".- ")
    while ".." in text:
        text = text.replace("..", ".")
    if not text:
        text = "ban"
    if text.split(".")[0].upper() in _WINDOWS_NAMES:
        text = "_" + text
    encoded = text.encode("utf-8")
    if len(encoded) > MAX_NAME_BYTES:
        text = encoded[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip(".- ")
    return text


@dataclass
class Options:
    outdir: Path
    table: Path | None = None
    name_template: str = DEFAULT_NAME
    merged: bool = False
    quiet: bool = False
    template_docx: Path | None = None
    fast: bool = True
    progress: bool | None = None  # None: when stderr is a terminal and not quiet
    #: More files of each copy written into the run folder before it replaces the previous one (a PDF, a
    #: workbook …): each is called with the staging folder and [(copy file name, copy's document)] and
    #: returns {file name: bytes}.
    extras: tuple = ()
    #: Seconds a run waits for another run writing the same folder before VB117.
    lock_wait: float = 600.0


@dataclass
class Plan:
    """Everything a run writes, checked before writing."""

    doc: m.Document
    recipients: list[m.Recipient]
    names: list[str]
    filled: list[dict[str, str]]
    table: DataTable | None
    warnings: list[Diagnostic] = field(default_factory=list)
    #: each copy's forms with its Word forms (mau_word) filled for its recipient; None without Word forms
    forms: list[tuple] | None = None

    def copy(self, index: int) -> m.Document:
        """The document of copy ``index`` (its Kính gửi, templates, prefilled biểu mẫu and filled Word forms)."""
        r = self.recipients[index]
        row = self.table.rows.get(r.id) if self.table is not None else None
        forms = self.forms[index] if self.forms is not None else None
        return personalize(self.doc, r, r.addressed_as, self.filled[index].__getitem__, row, forms)


def plan(doc: m.Document, options: Options) -> Plan:
    """Check the letter, the data table and every template for every recipient; raise with all problems."""
    diags = Diagnostics()
    for ref in doc.origin.free_addressees:
        diags.add(Diagnostic("VB641", Severity.ERROR,
                             "gửi từng nơi nhận: Kính gửi phải là mã hoặc nhóm trong danh bạ, không phải chữ tự do",
                             format_path(ref.path), ref.position, "ví dụ \"@tung:la-ubnd-huyen\" hoặc \"@la-so-y-te\""))
    recipients = list(doc.distribution.recipients)
    if not recipients and not diags.errors:
        diags.add(Diagnostic("VB641", Severity.ERROR, "gửi từng nơi nhận: Kính gửi không có nơi nhận nào trong danh bạ",
                             "kinh_gui", Position(doc.source)))
    table = None
    name_where = ("--ten-tep", Position("--ten-tep"))
    for problem in check_template(options.name_template, *name_where) if has_template(options.name_template) else []:
        diags.add(Diagnostic("VB643", Severity.ERROR, problem.message, "--ten-tep", None, problem.hint))
    if options.table is not None:
        table, found = load_table(options.table)
        diags.extend(found)
        if table is None:
            raise UserError(diags.sorted())
    if diags.errors:
        raise UserError(diags.sorted())
    if table is not None:  # a missing row is reported once here, not again by every template
        diags.extend(join(table, [r.id for r in recipients], {r.id: r.name for r in recipients}))
    where = {text: (format_path(ref.path), ref.position) for text, ref in doc.origin.templates}
    sources = template_sources(doc)
    names: list[str] = []
    filled: list[dict[str, str]] = []
    words = any(form.word is not None for form in doc.attachments)
    forms: list[tuple] | None = [] if words else None
    seen: dict[str, str] = {}
    # All templates of a recipient are filled by one render of their concatenation (a quarter of the
    # time of one render each); on any problem, or if a value holds the separator, each template is
    # filled on its own, which also gives the precise diagnostic.
    together = _SEPARATOR.join([*sources, options.name_template])
    # (not with statements: a {% set %} in one text must not be seen by the next)
    joined_ok = not any(_SEPARATOR in t or "{%" in t for t in [*sources, options.name_template])
    for r in recipients:
        ctx = context(r, table)
        has_row = table is None or r.id in table.rows
        parts = None
        if joined_ok and has_row:
            try:
                parts = render(together, ctx).split(_SEPARATOR)
            except Exception:  # noqa: BLE001 - any failure: redo one by one for the exact message
                parts = None
            if parts is not None and len(parts) != len(sources) + 1:
                parts = None
        if parts is not None:
            values = dict(zip(sources, parts))
            raw_name = parts[-1]
        else:
            values = {}
            for source in sources if has_row else ():
                value, problem = render_for(source, r, ctx, table, where.get(source))
                if problem is not None:
                    diags.add(problem)
                values[source] = value
            raw_name, problem = render_for(options.name_template, r, ctx, table, name_where)
            if problem is not None:
                diags.add(problem)
                raw_name = r.id
        filled.append(values)
        if forms is not None:  # each Word form filled now: a tag the recipient's data lacks stops the run (VB648)
            own, problems = fill_forms(doc, r, ctx, table) if has_row else (doc.attachments, [])
            diags.extend(problems)
            forms.append(own)
        if doc.attachments and (table is None or has_row):
            try:
                prefill_forms(doc.attachments, r, table.rows.get(r.id, {}) if table is not None else {})
            except BadValue as exc:
                column, cell = table.where(r.id, exc.value) if table is not None else (None, None)
                diags.add(Diagnostic("VB624", Severity.ERROR,
                                     f"nơi nhận `{r.id}` ({r.name}): giá trị `{exc.value}` ở cột `{column}` không "
                                     f"phải {exc.expected} (cột `{exc.filter_name}` của biểu mẫu)", "", cell))
        name = safe_filename(raw_name) + ".docx"
        key = name.casefold()
        if key in seen:
            diags.add(Diagnostic("VB642", Severity.ERROR,
                                 f"bản của `{r.id}` và của `{seen[key]}` cùng tên tệp `{name}`", "--ten-tep", None,
                                 "thêm {{ noi_nhan.ma }} vào mẫu tên tệp"))
        seen[key] = r.id
        names.append(name)
    if diags.errors:
        raise UserError(diags.sorted())
    return Plan(doc, recipients, names, filled, table, diags.warnings, forms)


class _Progress:
    def __init__(self, total: int, enabled: bool):
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="bản", file=sys.stderr, leave=False, dynamic_ncols=True)

    def update(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(doc: m.Document, stem: str, options: Options, work: Plan | None = None) -> tuple[Path, Plan]:
    """Write the run folder ``options.outdir/stem``; returns it and the plan (for the summary). ``work`` is the
    plan when the caller made it already (to check the copies before any is written).

    The run is a transaction: it holds the lock of ``stem`` in the output folder (a second run waits, see
    :class:`vanban.fsio.RunLock`), writes into its own staging folder marked with its run id, and swaps
    it in whole. A folder ``OUTDIR/<stem>/`` that vanban did not create (no marker) is never replaced
    (VB118); leftovers of killed runs are removed only when their marker proves vanban made them."""
    work = work if work is not None else plan(doc, options)
    merged_name = f"{stem}.gop.docx"
    clash = [(r, name) for r, name in zip(work.recipients, work.names) if name.casefold() == merged_name.casefold()]
    if options.merged and clash:
        raise UserError([Diagnostic("VB642", Severity.ERROR, f"bản của `{clash[0][0].id}` trùng tên với bản gộp "
                                    f"`{merged_name}`", "--ten-tep", None, "đổi mẫu tên tệp (--ten-tep)")])
    outdir = Path(options.outdir)
    final = outdir / stem
    outdir.mkdir(parents=True, exist_ok=True)
    run_id = fsio.new_run_id()
    try:
        lock = fsio.RunLock(outdir, stem, run_id, wait=options.lock_wait)
        lock.__enter__()
    except fsio.RunBusy as busy:
        raise UserError([Diagnostic("VB117", Severity.ERROR, f"một lần chạy khác ({busy.holder}) đang ghi vào thư mục "
                                    "này", "", Position(str(final)), "chờ lần chạy đó xong rồi chạy lại")]) from None
    try:
        return _run_locked(work, final, stem, run_id, options)
    finally:
        lock.__exit__(None, None, None)


def _run_locked(work: Plan, final: Path, stem: str, run_id: str, options: Options) -> tuple[Path, Plan]:
    outdir = final.parent
    if final.exists() and not final.is_dir():
        raise UserError([Diagnostic("VB111", Severity.ERROR, "không ghi được: đã có một tệp (không phải thư mục) trùng "
                                    "tên", "", Position(str(final)), "đổi tên hoặc chuyển tệp đó, hoặc chọn -o khác")])
    if final.is_dir() and not fsio.made_by_vanban(final) and any(final.iterdir()):
        raise UserError([Diagnostic("VB118", Severity.ERROR, "thư mục đã có và không do vanban tạo ra; vanban không "
                                    "ghi đè hay xóa nó", "", Position(str(final)),
                                    "chọn thư mục kết quả khác bằng -o, hoặc chuyển thư mục đó đi")])
    for leftover in _leftovers(outdir, stem):  # of runs that were killed (the lock is ours: none is running)
        shutil.rmtree(leftover, ignore_errors=True)
    token = run_id.rsplit("-", 1)[-1]
    staging = outdir / f".{stem}.dang-ghi-{token}"
    previous = outdir / f".{stem}.cu-{token}"
    staging.mkdir()
    fsio.write_marker(staging, run_id)
    progress_on = options.progress if options.progress is not None else (not options.quiet and sys.stderr.isatty())
    progress = _Progress(len(work.recipients), progress_on)
    try:
        _write(work, staging, stem, options, progress)
        progress.close()
        if options.extras:
            _write_extras(work, staging, options)
        fsio.write_marker(staging, "thu-muc-ket-qua")  # the same bytes on every run (no run id in outputs)
        swapped = False
        with fsio.deferred_signals():  # the swap is never cut in two by Ctrl-C or kill
            if final.exists():
                if not any(final.iterdir()):
                    final.rmdir()
                elif fsio.exchange(staging, final):  # one system call: never a moment without a run folder
                    swapped = True
                else:
                    os.replace(final, previous)
            if not swapped:
                os.replace(staging, final)
        if swapped:  # the staging name holds the previous run folder now (marked vanban's)
            shutil.rmtree(staging)
        if previous.exists():
            shutil.rmtree(previous)
    except BaseException:
        progress.close()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final, work


def _leftovers(outdir: Path, stem: str) -> list[Path]:
    """Staging and previous folders of ``stem`` left by killed runs, each proved vanban's by its marker."""
    out = []
    for child in outdir.iterdir():
        name = child.name
        if (name.startswith((f".{stem}.dang-ghi-", f".{stem}.cu-")) and child.is_dir() and not child.is_symlink()
                and fsio.made_by_vanban(child)):
            out.append(child)
    return out


def _write(work: Plan, folder: Path, stem: str, options: Options, progress: _Progress) -> None:
    fast = FastRenderer(work.doc, options.template_docx) if options.fast else None
    if fast is not None and not fast.usable:
        fast = None
    merged_path = folder / f"{stem}.gop.docx"
    merged = _merged(merged_path, fast, work, options) if options.merged else None
    try:
        rows = _write_copies(work, folder, fast, merged, merged_path, options, progress)
    except BaseException:
        if merged is not None:
            merged.abort()
        raise
    if merged is not None:
        merged.close()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["tep", "ma", "ten", "email", "sha256"])
    # names and e-mails come from the registry, file names from a template: never a formula in Excel (OWASP)
    writer.writerows([[gate.neutralise_csv(v) for v in row] for row in rows])
    (folder / MANIFEST).write_bytes(buffer.getvalue().encode("utf-8"))


def _write_copies(work: Plan, folder: Path, fast: FastRenderer | None, merged: ooxml.MergedDocument | None,
                  merged_path: Path, options: Options, progress: _Progress) -> list[tuple]:
    rows = []
    pending: deque = deque()
    # Creating a file costs about a millisecond on a journaling file system; two writer threads
    # overlap it with rendering the next copies (at most 32 copies wait in memory).
    with ThreadPoolExecutor(max_workers=2) as pool:
        for index, (r, name, values) in enumerate(zip(work.recipients, work.names, work.filled)):
            data = None
            ordered = fast.values(r.addressed_as, values) if fast is not None else None
            if fast is not None:
                data = fast.render(ordered)
            if data is None:
                data = render_docx(work.copy(index), options.template_docx)
            pending.append((r, name, pool.submit(_save, folder / name, data)))
            if merged is not None:
                _add_merged(merged, data, merged_path)
            while len(pending) > 32:
                done, done_name, future = pending.popleft()
                rows.append((done_name, done.id, done.name, done.email or "", future.result()))
                progress.update()
        while pending:
            done, done_name, future = pending.popleft()
            rows.append((done_name, done.id, done.name, done.email or "", future.result()))
            progress.update()
    return rows


def copy_documents(work: Plan) -> list[tuple[str, m.Document]]:
    """Each copy's file name and its own document model (the recipient's Kính gửi, templates filled)."""
    return [(name, work.copy(i)) for i, name in enumerate(work.names)]


def _write_extras(work: Plan, folder: Path, options: Options) -> None:
    copies = copy_documents(work)
    for extra in options.extras:
        for name, data in extra(folder, copies).items():
            (folder / name).write_bytes(data)


def _save(path: Path, data: bytes) -> str:
    with open(path, "wb") as handle:
        handle.write(data)
    return hashlib.sha256(data).hexdigest()


def _merged(path: Path, fast: FastRenderer | None, work: Plan, options: Options) -> ooxml.MergedDocument:
    """The single .docx of all copies (bản gộp để in), streamed to disk copy by copy."""
    base = fast.document_bytes if fast is not None else render_docx(work.copy(0), options.template_docx)
    return ooxml.MergedDocument(path, base)


def _add_merged(merged: ooxml.MergedDocument, copy: bytes, path: Path) -> None:
    try:
        merged.add(copy)
    except ooxml.MergedTooLarge:
        raise UserError([Diagnostic("VB644", Severity.ERROR,
                                    f"bản gộp để in vượt {ooxml.MAX_MERGED_BYTES // (1024 * 1024)} MB, quá lớn cho "
                                    "một tệp .docx", "--gop", Position(str(path)),
                                    "bỏ --gop, hoặc chia danh sách nơi nhận thành nhiều lần chạy")]) from None
