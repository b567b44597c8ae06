"""The pipeline and the Python API: what ``vanban build``, ``check``, ``diff``, ``preview`` and ``collect`` do.

The command line (:mod:`vanban.cli`) only parses arguments and prints; an e-Office system or a web app
calls the same functions (re-exported by ``import vanban``)::

    result = vanban.load("cong-van.yaml")          # LoadResult: document + diagnostics
    data = vanban.render_docx(result.document)     # the .docx bytes
    built = vanban.build("cong-van.yaml", vanban.BuildOptions(output="out", pdf=True))

A build runs the same steps for every spec: load (with the registry near the spec and the sandboxed
template checker) → fill the templates that need no recipient → render → the checks of Nghị định 30
(refuse on an error unless ``force``) → the .docx, its forms as .xlsx, its PDF — or, for a letter sent to
each recipient separately, the run folder of copies. Every option works in every mode or is refused
with a coded error (VB113): nothing is dropped silently.
"""

from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .diagnostics import Diagnostic, Diagnostics, Position, Severity, UserError
from .forking import Forked
from .gcpause import without_gc
from .model import Document
from .spec.loader import LoadResult

__all__ = ["BuildOptions", "BuildResult", "CheckReport", "LoadResult", "build", "build_many", "check", "check_paths",
           "diff", "import_docx", "load", "load_registry", "output_settings", "render_docx", "render_text",
           "validate_template"]

Say = Callable[[str], None]


def _quiet(_line: str) -> None:
    pass


# --------------------------------------------------------------------------- loading


def load(source: str | os.PathLike | bytes, *, name: str | None = None, registry=None) -> LoadResult:
    """Load a spec: a path (``Path``, or a ``str`` without a line break), YAML text (a ``str`` with line
    breaks) or raw bytes. Registry references ("@id") are resolved against ``registry`` (a
    :class:`vanban.registry.Registry`, a folder or file of one, or ``None`` for the nearest
    ``recipients/`` above the spec); templates ("{{ … }}") are checked in the sandbox.

    Never raises for a bad spec: the diagnostics say what is wrong (``result.ok`` is False).
    """
    from .spec import loader

    options = {"recipients": _recipients(_registry(registry)), "templates": _check_template,
               "word_forms": _check_word_form}
    if isinstance(source, bytes):
        return loader.load_spec_bytes(source, name or "<spec>", **options)
    if isinstance(source, str) and "\n" in source:
        return loader.load_spec_text(source, name or "<spec>", **options)
    return loader.load_spec(Path(source), **options)


# The loader's checks and resolver, each importing its service (the Jinja2 sandbox, the registry) when the loader
# first calls it, i.e. for a spec that has a template, a Word form or an "@" reference, not for every load.

def _check_template(source: str, path: str, position) -> list[Diagnostic]:
    from .copies.templating import check_template

    return check_template(source, path, position)


def _check_word_form(data: bytes, values: dict, letter: dict):
    from .copies.word import check_word_form

    return check_word_form(data, values, letter)


def _recipients(registry):
    def make(spec_file: str, diags: Diagnostics, report):
        from .registry.refs import recipients_factory

        return recipients_factory(registry)(spec_file, diags, report)

    return make


def import_docx(source: str | os.PathLike | bytes, *, name: str | None = None):
    """``vanban nhap``: a Word document (a path, or the bytes of a .docx) as the text of a spec.

    Returns a :class:`vanban.importer.ImportResult`: ``text`` (the YAML, ``None`` when the file cannot be
    read) and ``diagnostics`` (VB701–704 for a damaged or hostile package, VB960 encrypted or .doc, VB961
    not an administrative document; warnings VB963/VB964 for what was kept as plain text or not found).
    Never raises for a bad file.
    """
    from .importer import ImportResult, import_docx as read

    if isinstance(source, bytes):
        return read(source, name or "van-ban.docx")
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ImportResult(None, [Diagnostic("VB106", Severity.ERROR, f"không đọc được tệp ({exc.strerror})", "",
                                              Position(str(path)))])
    return read(data, name or path.name)


def _as_spec(item):
    """A .docx given to ``diff``: imported first (``vanban nhap``), then loaded as the spec it gives."""
    if isinstance(item, (str, os.PathLike)) and not (isinstance(item, str) and "\n" in item) and \
            str(item).lower().endswith(".docx"):
        imported = import_docx(item)
        if not imported.ok:
            raise UserError(imported.diagnostics)
        return load(imported.text, name=str(item))
    return item


def load_registry(path: str | os.PathLike):
    """A registry folder or file (``recipients/``), or :class:`UserError` with its problems."""
    from .registry import load_registry_or_raise

    registry, _warnings = load_registry_or_raise(path)
    return registry


def _registry(registry):
    if registry is None or not isinstance(registry, (str, os.PathLike)):
        return registry
    return load_registry(registry)


def render_docx(document: Document, template: str | os.PathLike | None = None) -> bytes:
    """The .docx of a document model (byte-identical for the same model and template). Word forms
    (`mau_word`) that need no recipient are filled first (:class:`UserError` when one cannot be); one filled
    per recipient prints its tags until a per-recipient run fills it."""
    from .render.docx import render_docx as render

    if any(f.word is not None and f.word.filled is None and not f.word.per_recipient for f in document.attachments):
        from .copies.word import fill_forms

        filled, problems = fill_forms(_without_per_recipient(document))
        if problems:
            raise UserError(problems)
        document = _merge_filled(document, filled)
    return render(document, Path(template) if template else None)


def _without_per_recipient(document: Document) -> Document:
    """``document`` without the Word forms that only a recipient can fill (left out of a filling)."""
    import dataclasses

    return dataclasses.replace(document, attachments=tuple(
        dataclasses.replace(f, word=None) if f.word is not None and (f.word.per_recipient or f.word.filled)
        else f for f in document.attachments))


def _merge_filled(document: Document, filled) -> Document:
    import dataclasses

    return dataclasses.replace(document, attachments=tuple(
        new if new.word is not None else old for old, new in zip(document.attachments, filled)))


def render_text(document: Document, *, settings: bool | Sequence = True,
                config: str | os.PathLike | None = None) -> str:
    """The letter's text, one paragraph per line (what ``vanban text`` and the git textconv driver print), then
    the section of what changes the output but not the words: the :func:`output_settings` of the document and
    of ``config`` (or its project's ``vanban.toml``); ``settings`` may give them, or be ``False`` (none)."""
    from .render.text import render_text as render

    if settings is True:
        settings = output_settings(document, config=config).settings
    return render(document, settings or ())


@dataclass
class SettingsReport:
    """The output-only settings of a document (:class:`vanban.model.settings.Setting`) and the problems of the
    project's ``vanban.toml`` met reading them (VB121, VB122, VB401)."""

    settings: tuple = ()
    diagnostics: list[Diagnostic] = field(default_factory=list)


def project_config(start: str | os.PathLike | None) -> Path | None:
    """The ``vanban.toml`` of a spec: the nearest one above ``start``, else above the current folder (git runs a
    textconv driver on a copy of the old version in a temporary folder, from the repository's top folder)."""
    from .fsio import find_config  # not vanban.checker: `vanban text` reads the settings, it checks nothing

    path = Path(start) if start else None
    found = find_config(path) if path is not None and path.parent.is_dir() else None
    return found or find_config(Path.cwd())


def output_settings(document: Document, *, config: str | os.PathLike | None = None) -> SettingsReport:
    """What changes the output of ``document`` without changing its words, in a stable order: the rules switched
    off and every non-default output-only key of the spec (:func:`vanban.model.settings.output_settings`), then
    the project's: the rules of ``[check] bo_qua`` and the signing options of ``[ban_hanh]`` (images, keys, seal
    size, timestamp server) of ``config`` or the :func:`project_config` of the spec."""
    from .model.settings import output_settings as of_document

    report = SettingsReport(of_document(document))
    path = Path(config) if config is not None else project_config(document.source or None)
    if path is None:
        return report
    extra, problems = _config_settings(path)
    report.settings += extra
    report.diagnostics += problems
    return report


def _config_settings(path: Path) -> tuple[tuple, list[Diagnostic]]:
    from .checker import load_config
    from .issuing.settings import DEFAULT_SEAL_MM, SettingsError, load_settings
    from .model.settings import Setting, rules_off_in_config

    resolved, here = path.resolve(), Path.cwd().resolve()
    shown = str(resolved.relative_to(here)) if here in resolved.parents else str(resolved)
    config = load_config(path)
    problems = list(config.diagnostics)
    out = list(rules_off_in_config(config.disabled, shown))
    try:
        issuing = load_settings(config=path)
    except SettingsError as exc:
        return tuple(out), problems + exc.diagnostics
    base = path.resolve().parent

    def file(value: Path) -> str:
        try:
            digest = sha256(value.read_bytes())[:12]
            state = f"sha256 {digest}"
        except OSError:
            state = "không đọc được"
        return f"{os.path.relpath(value, base)} ({state})"

    for role, key, who in (("nguoi_ky", issuing.signer, "người ký"), ("co_quan", issuing.organisation, "cơ quan")):
        if key.p12 is not None:
            out.append(Setting("Khóa ký số", f"của {who}", file(key.p12), ("ban_hanh", role, "p12"), shown))
        elif key.pkcs11_module is not None:
            token = ", ".join(x for x in (key.pkcs11_token and f"token {key.pkcs11_token}",
                                          key.pkcs11_key and f"khóa {key.pkcs11_key}") if x)
            out.append(Setting("Khóa ký số (PKCS#11)", f"của {who}", token or os.path.relpath(key.pkcs11_module, base),
                               ("ban_hanh", role, "pkcs11_module"), shown))
        if key.image is not None:
            out.append(Setting("Ảnh chữ ký" if role == "nguoi_ky" else "Ảnh con dấu", "", file(key.image),
                               ("ban_hanh", role, "anh"), shown))
        if key.seal_mm != DEFAULT_SEAL_MM:
            out.append(Setting("Đường kính dấu", f"của {who}", f"{key.seal_mm:g} mm",
                               ("ban_hanh", role, "duong_kinh_mm"), shown))
    if issuing.tsa_url:
        out.append(Setting("Máy chủ dấu thời gian", "", issuing.tsa_url, ("ban_hanh", "tsa"), shown))
    return tuple(out), problems


# --------------------------------------------------------------------------- checking


@dataclass
class CheckReport:
    """``vanban check`` on files: the findings of each, and the files that could not be read."""

    files: list[tuple[str, list[Diagnostic]]] = field(default_factory=list)
    unreadable: list[Diagnostic] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.unreadable + [d for _, found in self.files for d in found]

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


def check(target, *, today: _dt.date | None = None, registry=None) -> Diagnostics:
    """Every finding about one spec (``.yaml``), one Word file (``.docx``) or a loaded document model:
    the loader's problems, then the rules of Nghị định 30 (``vanban check --rules``), with the project's
    ``vanban.toml`` applied."""
    from .checker import check_docx, check_document, find_config, load_config

    diags = Diagnostics()
    if isinstance(target, Document):
        diags.extend(check_document(target, today=today))
        return diags
    from .gate import macro_refusal

    path = Path(target)
    refused = macro_refusal(path, "VB116")
    if refused is not None:
        diags.add(refused.diagnostic())
        return diags
    config = load_config(find_config(path))
    if path.suffix.lower() == ".docx":
        return check_docx(path, config=config)
    diags.extend(config.diagnostics)
    result = load(path, registry=registry)
    diags.extend(result.diagnostics)
    if result.ok:
        diags.extend(check_document(result.document, today=today, config=config))
    return diags


def check_paths(targets: Sequence[str | os.PathLike], *, today: _dt.date | None = None) -> CheckReport:
    """``vanban check FILE_OR_DIR…``: specs and Word files (a folder stands for its .yaml and .docx)."""
    from .fsio import expand_inputs

    files, problems = expand_inputs([str(t) for t in targets], (".yaml", ".yml", ".docx", ".docm"),
                                    empty="thư mục không có tệp .yaml hay .docx")
    report = CheckReport(unreadable=problems)
    for path in files:  # one file that cannot be read never stops the others from being reported
        try:
            found = check(path, today=today).sorted()
        except UserError as exc:
            found = list(exc.diagnostics)
        report.files.append((str(path), found))
    return report


# --------------------------------------------------------------------------- diff


def diff(old, new, *, rev: str | None = None):
    """The semantic changes from ``old`` to ``new`` (paths, YAML text or document models), as
    :class:`vanban.changes.Change` records. With ``rev``, ``old`` is ignored and the old version is
    ``git show REV:NEW``. Raises :class:`UserError` when a spec does not load."""
    from .changes import diff_documents

    old_doc, new_doc = _diff_pair(old, new, rev)
    # the project's settings of each side; with --rev both versions are the one spec of this project
    new_settings = output_settings(new_doc).settings
    old_settings = output_settings(old_doc, config=project_config(new_doc.source or None) if rev else None).settings
    return diff_documents(old_doc, new_doc, old_settings=old_settings, new_settings=new_settings)


def _diff_pair(old, new, rev: str | None) -> tuple[Document, Document]:
    if rev is not None:
        new_path = Path(new)
        raw = _git_old_version(new_path, rev)
        old = load(raw, name=f"{new_path}@{rev}")
    documents = []
    problems: list[Diagnostic] = []
    for item in (old, new):
        item = _as_spec(item)
        if isinstance(item, Document):
            documents.append(item)
            continue
        result = item if isinstance(item, LoadResult) else load(item)
        problems += result.diagnostics.errors
        documents.append(result.document)
    if problems or any(d is None for d in documents):
        raise UserError(problems)
    return documents[0], documents[1]


def _git_old_version(spec: Path, rev: str) -> bytes:
    import subprocess

    if not spec.is_file():
        raise UserError([Diagnostic("VB106", Severity.ERROR, "không tìm thấy tệp", "", Position(str(spec)))])
    folder = spec.resolve().parent
    try:
        proc = subprocess.run(["git", "-C", str(folder), "show", f"{rev}:./{spec.name}"], capture_output=True,
                              timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UserError([Diagnostic("VB131", Severity.ERROR, f"không chạy được git: {exc}", "",
                                    Position(str(spec)))]) from None
    if proc.returncode != 0:
        reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError([Diagnostic("VB131", Severity.ERROR, f"không lấy được phiên bản {rev} từ git"
                                    + (f" ({reason[-1]})" if reason else ""), "", Position(str(spec)))])
    return proc.stdout


def redline(old, new, *, rev: str | None = None, template=None, author: str = "vanban") -> bytes:
    """The NEW letter as a .docx with Word tracked changes against OLD (``vanban diff --redline``)."""
    from .changes.redline import redline_docx

    old_doc, new_doc = _diff_pair(old, new, rev)
    validate_template(template)
    return redline_docx(old_doc, new_doc, template=Path(template) if template else None, author=author)


# --------------------------------------------------------------------------- outputs


def validate_template(template: str | os.PathLike | None) -> list[Diagnostic]:
    """A ``--template`` must be a readable .docx (through the one gate and the hardened package reader)
    that defines every named style vanban writes; otherwise :class:`UserError` VB112 saying which.
    Returns the warnings: an external attached-template link removed from it (VB705)."""
    if template is None:
        return []
    from . import gate, ooxml
    from .render import styles as st
    from .render.template import read_template

    path = Path(template)
    where = Position(str(path))
    try:
        data, removed = read_template(path)
        package = ooxml.open_package(data)
        names = ooxml.style_names(package)
    except gate.InputRefused as exc:
        raise UserError([Diagnostic("VB115" if exc.code == "VB115" else "VB112", Severity.ERROR, exc.message, "",
                                    where, exc.hint)]) from None
    except ooxml.PackageError as exc:
        raise UserError([Diagnostic("VB112", Severity.ERROR, f"tệp mẫu Word không dùng được: {exc.message}", "",
                                    where, "dùng một tệp .docx, ví dụ bản sửa từ vanban/templates/nd30.docx")]) from None
    missing = [name for name in st.STYLE_NAMES if name not in names]
    if missing:
        shown = ", ".join(f"\"{n}\"" for n in missing[:5]) + (f" và {len(missing) - 5} kiểu khác" if len(missing) > 5
                                                                  else "")
        raise UserError([Diagnostic("VB112", Severity.ERROR, f"tệp mẫu Word thiếu các kiểu của vanban: {shown}", "",
                                    where, "sửa từ vanban/templates/nd30.docx và giữ nguyên tên các kiểu")])
    return [Diagnostic("VB705", Severity.WARNING, f"đã bỏ liên kết tới mẫu đính kèm bên ngoài `{target}` (Word sẽ mở "
                       "nó mỗi lần mở văn bản)", "", where, "bỏ liên kết trong Word: Developer → Document Template")
            for target in removed]


def output_folder(path: str | os.PathLike) -> Path:
    """The output folder (created if missing); a file of that name, or a folder that cannot be
    created, is :class:`UserError` VB111 naming it."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UserError([Diagnostic("VB111", Severity.ERROR, "thư mục ghi kết quả đã là một tệp", "",
                                    Position(str(folder)), "chọn thư mục khác bằng -o")])
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError([os_error(exc, folder)]) from None
    return folder


def os_error(exc: OSError, path: Path) -> Diagnostic:
    """An error of the operating system while writing ``path``, as the user's problem to fix (VB111)."""
    import errno

    reasons = {
        errno.ENOSPC: "đĩa đã đầy", errno.EDQUOT: "hết hạn mức đĩa", errno.EROFS: "ổ đĩa chỉ đọc",
        errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi", errno.ENAMETOOLONG: "tên tệp quá dài",
        errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục", errno.EISDIR: "đã có thư mục trùng tên",
        errno.EEXIST: "đã có tệp trùng tên",
    }
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return Diagnostic("VB111", Severity.ERROR, f"không ghi được: {reason}", "", Position(str(exc.filename or path)))


def write_outputs(files: dict[Path, bytes], *, lock: tuple[Path, str] | None = None,
                  stale: Callable[[], list[Path]] | None = None, folders: tuple[Path, ...] = ()) -> list[Path]:
    """Write the files of one document (its .docx, .pdf, .xlsx …) as one set (:func:`vanban.fsio.commit_files`:
    the previous set is replaced whole, never a new .docx beside an old .pdf), under the lock of
    ``lock`` = (folder, name) when given; ``stale()``, asked under the lock, names files of the previous set to
    remove with it (and may add the set's record to ``files``); the files of a folder of ``folders`` (the recipients' workbooks) are swapped in as one folder.
    OS errors are VB111 naming the path, a busy lock VB117."""
    from . import fsio

    first = next(iter(files), None)
    try:
        if lock is None:
            return fsio.commit_files(files, stale() if stale else [], folders)
        with fsio.RunLock(lock[0], lock[1], fsio.new_run_id()):
            return fsio.commit_files(files, stale() if stale else [], folders)
    except fsio.RunBusy as busy:
        raise UserError([Diagnostic("VB117", Severity.ERROR, f"một lần chạy khác ({busy.holder}) đang ghi các tệp này",
                                    "", Position(str(first)), "chờ lần chạy đó xong rồi chạy lại")]) from None
    except OSError as exc:
        raise UserError([os_error(exc, first or Path("."))]) from None


def output_stem(spec: Path) -> str | Diagnostic:
    """The name of a spec's outputs (its file name without .yaml), or VB119 when it cannot name a file
    inside the output folder (``..yaml``, ``...yaml``)."""
    stem = spec.stem
    if not stem.strip(". ") or "/" in stem or "\\" in stem:
        return Diagnostic("VB119", Severity.ERROR, f"tên tệp đặc tả `{spec.name}` không dùng được làm tên tệp kết quả",
                          "", Position(str(spec)), "đổi tên tệp đặc tả, ví dụ cong-van.yaml")
    return stem


# --------------------------------------------------------------------------- build


@dataclass
class BuildOptions:
    """What ``vanban build`` does besides writing the .docx (the command's options, in the API)."""

    output: str | os.PathLike = "out"
    template: str | os.PathLike | None = None  # --template: an office's restyled Word template
    force: bool = False  # write despite errors of the decree's rules (not despite spec errors)
    pdf: bool = False  # also the PDF beside each .docx
    pdf_a: bool = False  # the PDF as PDF/A-2b
    forms_xlsx: bool = False  # --forms xlsx: the biểu mẫu / phụ lục as Excel workbooks
    per_recipient: bool = False  # --tung-noi-nhan: one copy per recipient of Kính gửi
    data_table: str | os.PathLike | None = None  # --so-lieu (per recipient)
    name_template: str | None = None  # --ten-tep (per recipient)
    merged: bool = False  # --gop (per recipient)
    registry: object = None  # --danh-ba: a path or a loaded Registry; default the nearest recipients/
    quiet: bool = True  # no progress bar
    today: _dt.date | None = None  # "today" of the checks (future dates)

    @property
    def wants_pdf(self) -> bool:
        return self.pdf or self.pdf_a


@dataclass
class BuildResult:
    """The outcome of building one spec."""

    spec: Path
    document: Document | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    folder: Path | None = None  # per-recipient run folder
    copies: int = 0
    refused: bool = False  # checks failed (errors of the decree's rules) and not forced
    failed: bool = False  # the spec does not load, or a file could not be written or converted

    @property
    def ok(self) -> bool:
        """Everything asked for was written (errors of the decree's rules count only when not forced)."""
        return self.document is not None and not self.refused and not self.failed

    @property
    def wrote_nothing(self) -> bool:
        return not self.written and self.folder is None


def option_conflicts(options: BuildOptions) -> list[Diagnostic]:
    """Options that cannot work together (VB113): the command line's usage errors."""
    problems = []
    if not options.per_recipient:
        given = [flag for flag, value in (("--so-lieu", options.data_table), ("--ten-tep", options.name_template),
                                          ("--gop", options.merged)) if value]
        if given:
            problems.append(Diagnostic("VB113", Severity.ERROR, f"{', '.join(given)} chỉ dùng với --tung-noi-nhan",
                                       "", None, "thêm --tung-noi-nhan, hoặc bỏ " + ", ".join(given)))
    if options.pdf and options.pdf_a:
        problems.append(Diagnostic("VB113", Severity.ERROR, "chọn một trong --pdf và --pdf-a", "", None,
                                   "--pdf-a đã gồm PDF (chuẩn lưu trữ PDF/A-2b)"))
    return problems


def check_options(options: BuildOptions) -> list[Diagnostic]:
    """Refuse, before anything is read or written, options that cannot be honoured; returns the
    warnings about them (a template's external link removed, VB705)."""
    problems = option_conflicts(options)
    if problems:
        raise UserError(problems)
    if options.data_table is not None and not Path(options.data_table).is_file():
        raise UserError([Diagnostic("VB631", Severity.ERROR, "không tìm thấy bảng số liệu", "",
                                    Position(str(options.data_table)))])
    return validate_template(options.template)


def build(spec: str | os.PathLike, options: BuildOptions | None = None, *, say: Say = _quiet) -> BuildResult:
    """Build one spec (see :func:`build_many`); raises :class:`UserError` only for unusable options."""
    return build_many([spec], options, say=say)[0]


def build_many(specs: Iterable[str | os.PathLike], options: BuildOptions | None = None, *,
               say: Say = _quiet) -> list[BuildResult]:
    """Build each spec; a spec with errors writes nothing while the others are built.

    ``say`` receives one line per file written ("đã ghi …"). Options that cannot work together, a
    missing LibreOffice for ``pdf``, an unusable ``template`` or output folder raise :class:`UserError`
    before anything is written.
    """
    options = options or BuildOptions()
    warnings = check_options(options)
    if options.wants_pdf:
        from .pdf import find_office

        find_office()  # fail at once, before writing anything, when LibreOffice is missing
    outdir = output_folder(options.output)
    registry = _registry(options.registry)
    results: list[BuildResult] = []
    pending: list[tuple[BuildResult, dict[Path, bytes], Path | None]] = []  # (result, files, docx to convert)
    for spec in specs:
        result = BuildResult(Path(spec))
        if not results:
            result.diagnostics += warnings  # about the options: reported once, with the first spec
        results.append(result)
        built = _build_spec(result, outdir, options, registry, say)
        if built is not None:
            pending.append((result, *built))
    if options.wants_pdf and pending:
        _add_pdfs(pending, options)
    for result, files, docx in pending:
        def stale(result=result, files=files, docx=docx):
            return stale_siblings(outdir, docx.stem, files, result.diagnostics, forms=options.forms_xlsx)
        try:
            written = write_outputs(files, lock=(outdir, docx.stem), stale=stale,
                                    folders=(workbooks_folder(outdir, docx.stem),))
            result.written += [path for path in written if path.name != SET_RECORD.format(stem=docx.stem)]
        except UserError as exc:
            result.diagnostics += exc.diagnostics
            result.failed = True
            continue
        for path in result.written:
            say(f"đã ghi {path}" + (" (PDF/A-2b)" if options.pdf_a and path.suffix == ".pdf" else ""))
    return results


@without_gc
def _build_spec(result: BuildResult, outdir: Path, options: BuildOptions, registry,
                say: Say) -> tuple[dict[Path, bytes], Path] | None:
    """Load, render and check one spec of :func:`build_many`: the files to write and the .docx among them (None
    when there are none: an error, a refusal, or per-recipient copies, written here). With the cycle collector
    paused from the load to the last workbook: a long form's millions of objects all live until then, and each full
    collection would walk them again (about 0.7 s of a 20,000-row form's build with one pause per step)."""
    loaded = load(result.spec, registry=registry)
    result.diagnostics += loaded.diagnostics.sorted()
    if not loaded.ok:
        result.failed = True
        return None
    result.document = loaded.document
    stem = output_stem(result.spec)
    if isinstance(stem, Diagnostic):
        result.diagnostics.append(stem)
        result.failed = True
        return None
    if options.per_recipient:
        _build_copies(result, outdir, options, say)
        return None
    try:
        document = fill_without_recipient(loaded.document)
    except UserError as exc:
        result.diagnostics += exc.diagnostics
        result.failed = True
        return None
    result.document = document
    config = checks_config(result.spec)
    # what needs only the loaded document (the checks of the model, a long form's workbooks) is done in a forked child
    # meanwhile, where that is safe (vanban.forking); else here, the workbooks only once the checks let the build on
    with Forked(document_side, document, stem, outdir, config, options,
                fork=options.forms_xlsx and workbook_rows(document) >= FORK_ROWS) as side:
        data = render_docx(document, options.template)
        checked, workbooks = side.result() if side.started else (document_checks(document, config, options), None)
        findings = checked + docx_checks(result.spec, data, config)
        result.diagnostics += findings
        if refuses(findings, options):
            result.refused = True
            return None
        docx = outdir / f"{stem}.docx"
        files = {docx: data}
        if options.forms_xlsx:
            files.update(workbooks if workbooks is not None else form_workbooks(document, stem, outdir))
    return files, docx


#: From how many rows of workbooks (a form's item rows, once per workbook) they are built in a forked child.
FORK_ROWS = 2_000


def workbook_rows(document: Document) -> int:
    """The item rows :func:`form_workbooks` writes: each form's rows, in the blank workbook and in each
    recipient's."""
    return sum(len(form.table.rows) * (1 + len(form.recipients))
               for form in document.attachments if form.table is not None)


def build_checks(spec: Path, document: Document, data: bytes, options: BuildOptions) -> list[Diagnostic]:
    """``vanban check`` on the document and on the .docx about to be written (with the project's config)."""
    config = checks_config(spec)
    return document_checks(document, config, options) + docx_checks(spec, data, config)


def checks_config(spec: Path):
    """The ``[check]`` settings of the project of ``spec`` (its vanban.toml)."""
    from .checker import find_config, load_config

    return load_config(find_config(spec))


def document_checks(document: Document, config, options: BuildOptions) -> list[Diagnostic]:
    """The config's own findings and the checks of the decree on the document model (what ``check`` finds in a
    spec)."""
    from .checker import check_document

    return list(config.diagnostics) + check_document(document, today=options.today, config=config)


def docx_checks(spec: Path, data: bytes, config) -> list[Diagnostic]:
    """The checks of the decree on the .docx about to be written."""
    from .checker import check_docx_bytes

    return check_docx_bytes(data, f"{spec.stem}.docx", config=config)


def document_side(document: Document, stem: str, outdir: Path, config,
                  options: BuildOptions) -> tuple[list[Diagnostic], dict[Path, bytes] | None]:
    """The part of a build that needs the loaded document only, run beside its render (vanban.forking): the checks
    of the model (:func:`document_checks`) and, with ``forms_xlsx``, the form's workbooks (:func:`form_workbooks`;
    None without)."""
    findings = document_checks(document, config, options)
    return findings, form_workbooks(document, stem, outdir) if options.forms_xlsx else None


def refuses(findings: list[Diagnostic], options: BuildOptions) -> bool:
    """A build is refused on an error of the decree's rules, unless forced; a blocking rule's error
    (a ký hiệu or signing authority that cannot be issued) refuses it even when forced."""
    from .checker import blocking

    if blocking(findings):
        return True
    return not options.force and any(d.severity is Severity.ERROR for d in findings)


def _add_pdfs(pending: list, options: BuildOptions) -> None:
    """Convert every .docx about to be written in one LibreOffice pool; a PDF joins the files of its
    document, a failure becomes a diagnostic of that document (and an older PDF of the same name is
    removed, so a folder never holds a PDF that does not match its .docx)."""
    from .pdf import OfficePool, PdfJob, find_office
    from .pdf.convert import pdf_metadata

    jobs = [PdfJob(files[docx], str(docx), pdfa=options.pdf_a, meta=pdf_metadata(result.document))
            for result, files, docx in pending]
    with OfficePool(workers=None, office=find_office()) as pool:
        converted = pool.convert_many(jobs)
    for (result, files, docx), outcome in zip(pending, converted):
        target = docx.with_suffix(".pdf")
        if outcome.ok:
            files[target] = outcome.pdf
            continue
        result.diagnostics.append(outcome.error)
        result.failed = True
        if target.exists():
            target.unlink()
            result.diagnostics.append(Diagnostic("VB813", Severity.WARNING, "đã xóa bản PDF cũ không còn khớp với "
                                                 "tệp .docx", "", Position(str(target))))


def form_workbooks(document: Document, stem: str, outdir: Path) -> dict[Path, bytes]:
    """``<stem>.xlsx`` (every form, blank) and, for forms with a list of recipients, one workbook per
    recipient in ``<stem>-bieu-mau/<code>.xlsx`` with its name filled in and locked."""
    from .forms.xlsx import build_workbook

    if not any(form.table is not None for form in document.attachments):
        return {}
    files = {outdir / f"{stem}.xlsx": build_workbook(document, stem)}
    recipients = []
    for form in document.attachments:
        for recipient in form.recipients:
            if recipient not in recipients:
                recipients.append(recipient)
    folder = workbooks_folder(outdir, stem)
    for recipient in recipients:
        files[folder / f"{recipient.code}.xlsx"] = build_workbook(document, stem, recipient)
    if recipients:
        files[folder / WORKBOOKS_MANIFEST] = workbooks_manifest(
            {path.name: data for path, data in files.items() if path.parent == folder})
    return files


def workbooks_folder(outdir: Path, stem: str) -> Path:
    """``<stem>-bieu-mau/``: the recipients' workbooks of a letter's forms (written and replaced as one folder)."""
    return outdir / f"{stem}-bieu-mau"


#: In ``<stem>-bieu-mau/``: the name and SHA-256 of each recipient's workbook vanban wrote there (the proof that a
#: file of the folder is vanban's, unchanged, so that the next run may remove it when its recipient is gone).
WORKBOOKS_MANIFEST = ".vanban-bieu-mau"


def digest_list(header: str, digests: dict[str, str]) -> bytes:
    """A list of files vanban wrote (the recipients' workbooks, a build's files): a header line, then
    ``<sha256>  <name>`` by name."""
    lines = [header] + [f"{digest}  {name}" for name, digest in sorted(digests.items())]
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_digest_list(path: Path, header: str) -> dict[str, str] | None:
    """The names and SHA-256 of a :func:`digest_list` (names of files beside it only); None when there is none, or
    the file is not one (a link, another header, unreadable)."""
    try:
        lines = None if path.is_symlink() else path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if not lines or lines[0] != header:
        return None
    listed = {}
    for line in lines[1:]:
        digest, _sep, name = line.partition("  ")
        if name and "/" not in name and not name.startswith("."):
            listed[name] = digest
    return listed


def sha256(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex (the digests of manifests, records and the register)."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def workbooks_manifest(workbooks: dict[str, bytes]) -> bytes:
    """The manifest of the per-recipient workbooks (:func:`digest_list`)."""
    return digest_list("vanban bieu-mau", {name: sha256(data) for name, data in workbooks.items()})


def unchanged_since(path: Path, digest: str) -> bool | None:
    """Whether the regular file ``path`` still has the SHA-256 ``digest`` vanban recorded; None for a link, a
    folder, a missing or unreadable file (never vanban's to remove)."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return sha256(path.read_bytes()) == digest
    except OSError:
        return None


def stale_workbooks(outdir: Path, stem: str, files: dict[Path, bytes], diagnostics: list[Diagnostic]) -> list[Path]:
    """The recipients' workbooks of an earlier ``--forms`` run that this run no longer writes (a recipient taken off
    the list, or the forms gone): those the manifest of that run lists with the hash they still have, and the
    manifest itself when this run writes none. A listed workbook changed since (filled in by hand) is kept, with
    warning VB142; a file the manifest does not list is never touched."""
    folder = workbooks_folder(outdir, stem)
    manifest = folder / WORKBOOKS_MANIFEST
    listed = read_digest_list(manifest, "vanban bieu-mau")
    if listed is None:
        return []
    stale = []
    for name, digest in listed.items():
        path = folder / name
        if path in files:
            continue
        same = unchanged_since(path, digest)
        if same is None:
            continue
        if same:
            stale.append(path)
        else:
            diagnostics.append(Diagnostic("VB142", Severity.WARNING, "bảng tính của lần chạy trước không còn nơi "
                                          "nhận trong văn bản nhưng đã được sửa sau khi vanban ghi: không xóa", "",
                                          Position(str(path)), "xem lại rồi tự xóa tệp này nếu không còn dùng"))
    if manifest not in files:
        stale.append(manifest)
    return stale


#: In the output folder: the files of the last build of ``<stem>`` (``.<stem>.tep``), with their SHA-256: the
#: proof that a .pdf or .xlsx beside a new .docx is vanban's, unchanged, from an earlier build of the same spec.
SET_RECORD = ".{stem}.tep"
SET_RECORD_HEADER = "vanban tep"


def set_record(digests: dict[str, str]) -> bytes:
    """The record of a build's top-level files (name → SHA-256), a :func:`digest_list`."""
    return digest_list(SET_RECORD_HEADER, digests)




def stale_siblings(outdir: Path, stem: str, files: dict[Path, bytes], diagnostics: list[Diagnostic], *,
                   forms: bool) -> list[Path]:
    """Under the lock of ``stem``: the files of the earlier build to remove with the new set, and the new set's record
    added to ``files``. A .pdf or .xlsx of the earlier build that this one does not write (built then with --pdf or
    --forms xlsx, now without) no longer matches a .docx that changed: removed when the record proves it vanban's and
    unchanged (VB170), kept when changed since, a signed PDF for one (VB171); while the .docx is the same, it still
    matches and stays. The recipients' workbooks go the same way (:func:`stale_workbooks`) on a ``forms`` run or when
    the .docx changed."""
    docx = outdir / f"{stem}.docx"
    record_path = outdir / SET_RECORD.format(stem=stem)
    record = read_digest_list(record_path, SET_RECORD_HEADER) or {}
    digests = {path.name: sha256(data) for path, data in files.items() if path.parent == outdir}
    same_letter = record.get(docx.name) == digests[docx.name]
    stale, kept = [], {}
    for name, digest in sorted(record.items()):
        path = outdir / name
        if path in files or not name.startswith(stem + "."):
            continue
        unchanged = unchanged_since(path, digest)
        if unchanged is None:
            continue
        if same_letter and unchanged:
            kept[path] = digest
        elif unchanged:
            stale.append(path)
            diagnostics.append(Diagnostic("VB170", Severity.WARNING, f"đã xóa `{name}` của lần dựng trước: không còn "
                                          f"khớp với `{docx.name}` mới", "", Position(str(path)),
                                          "dựng lại với " + ("--pdf" if path.suffix == ".pdf" else "--forms xlsx")
                                          + " nếu cần tệp này"))
        else:
            diagnostics.append(Diagnostic("VB171", Severity.WARNING, f"`{name}` không còn khớp với `{docx.name}` mới "
                                          "nhưng đã được sửa (ký số, điền) sau khi vanban ghi: không xóa",
                                          "", Position(str(path)), "xem lại, ký hoặc dựng lại bản mới"))
    if forms or not same_letter:
        stale += stale_workbooks(outdir, stem, files, diagnostics)
    files[record_path] = set_record(digests | {path.name: digest for path, digest in kept.items()})
    return stale


def fill_without_recipient(document: Document) -> Document:
    """A letter built as one document may use templates that need no recipient ({{ 187315 | so }});
    one that needs a recipient (``noi_nhan``, ``so_lieu``) is VB625."""
    if not document.origin.templates and not any(f.word is not None for f in document.attachments):
        return document
    from .copies.personalize import fill_templates, render_for
    from .copies.templating import variables_used
    from .copies.word import fill_without_recipient as fill_words
    from .diagnostics import format_path

    where = {text: (format_path(ref.path), ref.position) for text, ref in document.origin.templates}
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

    filled = fill_templates(document, fill) if document.origin.templates else document
    filled, word_problems = fill_words(filled)
    problems.extend(word_problems)
    if problems.errors:
        raise UserError(problems.sorted())
    return filled


def _build_copies(result: BuildResult, outdir: Path, options: BuildOptions, say: Say) -> None:
    """One copy per recipient into ``OUTDIR/<spec>/``, with the same checks, forms and PDFs as a letter."""
    from .copies import batch

    document = result.document
    findings = build_checks(result.spec, document, render_docx(document, options.template), options)
    result.diagnostics += findings
    if refuses(findings, options):
        result.refused = True
        return
    extras = []
    if options.forms_xlsx:
        extras.append(_copy_workbooks)
    if options.wants_pdf:
        extras.append(_copy_pdfs(options))
    run_options = batch.Options(outdir=outdir, table=Path(options.data_table) if options.data_table else None,
                                name_template=options.name_template or batch.DEFAULT_NAME, merged=options.merged,
                                quiet=options.quiet, template_docx=Path(options.template) if options.template else None,
                                extras=tuple(extras))
    try:
        work = batch.plan(document, run_options)
    except UserError as exc:
        result.diagnostics += exc.diagnostics
        result.failed = True
        return
    # each copy's own parts (its Kính gửi, its filled templates): the base letter was checked above
    copy_findings = _copy_checks(result.spec, work, options)
    result.diagnostics += copy_findings
    if refuses(copy_findings, options):
        result.refused = True
        return
    try:
        folder, plan = batch.run(document, result.spec.stem, run_options, work=work)
    except UserError as exc:
        result.diagnostics += exc.diagnostics
        result.failed = True
        return
    except OSError as exc:
        result.diagnostics.append(os_error(exc, outdir / result.spec.stem))
        result.failed = True
        return
    result.diagnostics += sorted(plan.warnings, key=lambda d: (str(d.position or ""), d.code))
    result.folder, result.copies = folder, len(plan.recipients)
    say(f"đã ghi {result.copies} bản vào {folder}")


def _copy_checks(spec: Path, work, options: BuildOptions) -> list[Diagnostic]:
    """``vanban check`` on what differs from copy to copy (``vanban.checker.per_copy``)."""
    from .checker import find_config, load_config
    from .checker.per_copy import Copy, check_copies

    config = load_config(find_config(spec))
    paths = {text: ref.path for text, ref in work.doc.origin.templates}
    copies = [Copy(r.id, r.addressed_as, tuple((paths[source], value) for source, value in values.items()
                                                if source in paths and value != source))
              for r, values in zip(work.recipients, work.filled)]
    return check_copies(work.doc, copies, config.disabled, options.today)


def _copy_workbooks(folder: Path, copies: list) -> dict[str, bytes]:
    """``--forms xlsx`` in a per-recipient run: each copy's own (prefilled) biểu mẫu as ``<copy>.xlsx``."""
    from .forms.xlsx import build_workbook

    out = {}
    for name, document in copies:
        if any(form.table is not None for form in document.attachments):
            stem = Path(name).stem
            # the copy's biểu mẫu were prefilled for its recipient, who is their one đơn vị báo cáo
            reporter = next((r for form in document.attachments for r in form.recipients), None)
            out[f"{stem}.xlsx"] = build_workbook(document, stem, reporter)
    return out


def _copy_pdfs(options: BuildOptions):
    """``--pdf`` in a per-recipient run: each copy's PDF beside it, converted in one pool."""

    def extra(folder: Path, copies: list) -> dict[str, bytes]:
        from .pdf import OfficePool, PdfJob, find_office
        from .pdf.convert import pdf_metadata

        jobs = [PdfJob((folder / name).read_bytes(), name, pdfa=options.pdf_a, meta=pdf_metadata(document))
                for name, document in copies]
        with OfficePool(workers=None, office=find_office()) as pool:
            converted = pool.convert_many(jobs)
        failed = [outcome.error for outcome in converted if not outcome.ok]
        if failed:
            raise UserError(failed)
        return {f"{Path(name).stem}.pdf": outcome.pdf for (name, _doc), outcome in zip(copies, converted)}

    return extra


# --------------------------------------------------------------------------- preview and collect


def preview(specs: Sequence[str | os.PathLike], *, output: str | os.PathLike = "out", dpi: int = 96,
            template=None, registry=None, say: Say = _quiet) -> list[Diagnostic]:
    """PNG images of the pages of each spec (``<stem>-1.png`` …) through LibreOffice and pdftoppm."""
    from .pdf import find_office, find_pdftoppm
    from .pdf.convert import preview as convert

    find_office()
    find_pdftoppm()
    validate_template(template)
    outdir = output_folder(output)
    problems: list[Diagnostic] = []
    items = []
    for spec in specs:
        result = load(spec, registry=_registry(registry))
        problems += result.diagnostics.sorted()
        if not result.ok:
            continue
        try:
            document = fill_without_recipient(result.document)
        except UserError as exc:
            problems += exc.diagnostics
            continue
        items.append((str(spec), render_docx(document, template), document))
    return problems + convert(items, outdir, dpi, say)


def collect(spec: str | os.PathLike, filled: Sequence[str | os.PathLike], *, output: str | os.PathLike = "out",
            say: Say = _quiet):
    """``vanban collect``: read the returned forms, check every cell, write the summary .xlsx and .docx.

    Returns (results per form, diagnostics, files written); raises :class:`UserError` when the spec does
    not load."""
    from .forms.collect import collect as read_forms
    from .forms.summary import summary_docx, summary_xlsx
    from .fsio import expand_inputs

    spec = Path(spec)
    loaded = load(spec)
    if not loaded.ok:
        raise UserError(loaded.diagnostics.sorted())
    files, problems = expand_inputs([str(f) for f in filled], (".xlsx", ".docx"), code="VB901",
                                    empty="thư mục không có tệp .xlsx hay .docx", skip_hidden=True)
    results, diags = read_forms(loaded.document, files)
    diags.extend(problems)
    if any(d.code == "VB909" for d in diags):
        return results, diags, []
    outdir = output_folder(output)
    written = write_outputs({
        outdir / f"{spec.stem}-tong-hop.xlsx": summary_xlsx(results, diags, loaded.document),
        outdir / f"{spec.stem}-tong-hop.docx": summary_docx(results, loaded.document),
    })
    for path in written:
        say(f"đã ghi {path}")
    return results, diags, written


# --------------------------------------------------------------------------- ban hành: the register


def issuing_settings(start: str | os.PathLike | None = None, *, config: str | os.PathLike | None = None):
    """The ``[ban_hanh]`` settings of the nearest ``vanban.toml`` above ``start`` (or of ``config``), or
    :class:`UserError` (VB121, VB401)."""
    from .issuing.settings import SettingsError, load_settings

    try:
        return load_settings(Path(start) if start is not None else Path.cwd(),
                             config=Path(config) if config is not None else None)
    except SettingsError as exc:
        raise UserError(exc.diagnostics) from None


def register_record(document: Document):
    """What the register keeps of ``document`` (Phụ lục IV, mục I.2)."""
    from .issuing.register import Record

    dist = document.distribution
    recipients = tuple(dist.addressees) + tuple(o for o in dist.others if o not in dist.addressees)
    return Record(document.type.name_vi, document.number.code, document.subject or "",
                  f"{document.signature.title} {document.signature.name}".strip(), recipients, tuple(dist.archive),
                  dist.copies)


def register_agency(document: Document, settings) -> str:
    """The issuing body as the register names it: ``co_quan_ban_hanh`` of the settings, else the spec's."""
    return settings.agency or " ".join(document.agency.name)


def _load_for_issue(path: Path, *, check_rules: bool) -> Document:
    result = load(path)
    problems = list(result.diagnostics.errors)
    if result.ok and check_rules:
        from .checker import check_document, find_config, load_config

        config = load_config(find_config(path))
        problems += [d for d in config.diagnostics + check_document(result.document, config=config)
                     if d.severity is Severity.ERROR]
    if problems or result.document is None:
        problems.append(Diagnostic("VB407", Severity.ERROR, "đặc tả có lỗi: không cấp số, không ban hành", "",
                                   Position(str(path)), "sửa các lỗi trên rồi chạy lại"))
        raise UserError(problems)
    return result.document


def _issue_context(spec: str | os.PathLike, date: _dt.date | None, register: str | None, config, *,
                   check_rules: bool) -> tuple:
    """What ``cap-so`` and ``ban-hanh`` start from: (spec path, ``[ban_hanh]`` settings, the loaded document
    (refused with VB407 when it has errors), the date (today unless given), the issuing body and the register
    as the register names them, the key of the spec in the register (its resolved path))."""
    path = Path(spec)
    settings = issuing_settings(path, config=config)
    document = _load_for_issue(path, check_rules=check_rules)
    return (path, settings, document, date or _dt.date.today(), register_agency(document, settings),
            register or settings.register_name, str(path.resolve()))


def assign_number(spec: str | os.PathLike, *, date: _dt.date | None = None, register: str | None = None,
                  config: str | os.PathLike | None = None):
    """``vanban cap-so SPEC``: the next number of the spec's issuing body, register and year (Điều 15.3),
    with ``date`` (today unless given), written into the spec by a two-line edit (``so:``, ``ngay:``, the
    clerk's comments kept) and recorded in the register with the spec's SHA-256. Returns the register
    :class:`~vanban.issuing.register.Entry`. Refuses (UserError) a spec with errors (VB407) or with a
    number the register did not give (VB403). A run interrupted between the two steps is completed by
    running it again: the reservation it left is taken back, so no number is lost or given twice."""

    from .fsio import write_atomic
    from .issuing.register import open_register
    from .spec.edit import set_number_and_date

    path, settings, document, date, agency, name, key = _issue_context(spec, date, register, config,
                                                                       check_rules=False)
    with open_register(settings) as book:
        if document.number.number is not None:
            mine = [e for e in book.entries(year=date.year, agency=agency, register=name, pending=True)
                    if e.spec == key and e.number == document.number.number]
            if not mine or mine[0].issued:
                what = (f"đã được cấp số {mine[0].number_code} ngày {mine[0].date:%d/%m/%Y}" if mine
                        else f"đã có số {document.number.number} không do sổ đăng ký cấp")
                raise UserError([Diagnostic("VB403", Severity.ERROR, f"văn bản {what}", "so", Position(str(path)),
                                            "bỏ dòng `so:` của bản dự thảo để sổ cấp số")])
        entry = book.reserve(agency, name, date, register_record(document), key)
        text = path.read_text(encoding="utf-8")
        edited = set_number_and_date(text, entry.number, date, name=str(path))
        write_atomic(path, edited.encode("utf-8"))
        return book.complete(entry, {path.name: sha256(edited.encode("utf-8"))})


def cancel_number(number: int, reason: str, *, year: int | None = None, register: str | None = None,
                  agency: str | None = None, date: _dt.date | None = None,
                  config: str | os.PathLike | None = None, start: str | os.PathLike | None = None):
    """Thu hồi (Điều 18): record that a number's document is withdrawn; the entry stays in the register."""
    from .issuing.register import open_register

    settings = issuing_settings(start, config=config)
    with open_register(settings) as book:
        return book.cancel(agency or settings.agency, register or settings.register_name,
                           year or _dt.date.today().year, number, reason, date)


def register_entries(*, year: int | None = None, register: str | None = None, agency: str | None = None,
                     config: str | os.PathLike | None = None, start: str | os.PathLike | None = None):
    """The issued entries of the register (with their cancellations), in the register's order."""
    from .issuing.register import open_register

    settings = issuing_settings(start, config=config)
    with open_register(settings) as book:
        return book.entries(year=year, register=register or settings.register_name, agency=agency or settings.agency)


def export_register(output: str | os.PathLike, *, year: int | None = None, register: str | None = None,
                    agency: str | None = None, config: str | os.PathLike | None = None,
                    start: str | os.PathLike | None = None) -> list[Path]:
    """``vanban so-van-ban xuat``: the register of ``year`` as the .xlsx sổ of Phụ lục IV, one workbook per
    issuing body (``output`` is the file, or a folder when the register holds several bodies)."""
    from .issuing.workbook import build_register_workbook

    year = year or _dt.date.today().year
    settings = issuing_settings(start, config=config)
    name = register or settings.register_name
    entries = register_entries(year=year, register=name, agency=agency, config=config, start=start)
    bodies: dict[str, list] = {}
    for entry in entries:
        bodies.setdefault(entry.agency, []).append(entry)
    if not bodies:
        bodies[agency or settings.agency or ""] = []
    target = Path(output)
    files: dict[Path, bytes] = {}
    for body, items in bodies.items():
        data = build_register_workbook(items, agency=body, register=name, year=year)
        if len(bodies) == 1 and target.suffix.lower() == ".xlsx":
            files[target] = data
        else:
            folder = target.parent / target.stem if target.suffix.lower() == ".xlsx" else target
            files[folder / f"so-van-ban-di-{year}-{_slug(body)}.xlsx"] = data
    return write_outputs(files)


def _slug(text: str) -> str:
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "co-quan"


# --------------------------------------------------------------------------- ban hành: signing, verification


def _pdf_of(document: Document, pool=None) -> bytes:
    """The PDF/A-2b of ``document`` through the LibreOffice pool (``pool`` when warm, else one for this call)."""
    from .pdf import OfficePool, PdfJob, find_office
    from .pdf.convert import pdf_metadata

    job = PdfJob(render_docx(document), document.source or "van-ban.docx", pdfa=True, meta=pdf_metadata(document))
    if pool is not None:
        outcome = pool.convert(job)
    else:
        with OfficePool(workers=1, office=find_office()) as own:
            outcome = own.convert(job)
    if not outcome.ok:
        raise UserError([outcome.error])
    return outcome.pdf


def _signing_material(document: Document | None, settings, pins: dict | None):
    """The two keys (checked against the document's signer and body) and the two images, or UserError:
    everything that can be wrong is found before anything is written."""
    from contextlib import ExitStack

    from .issuing.keys import open_key
    from .issuing.sign import load_image

    pins = pins or {}
    stack = ExitStack()
    try:
        person = stack.enter_context(open_key(settings.signer, "nguoi_ky", pin=pins.get("nguoi_ky"),
                                              expected_name=document.signature.name if document else None))
        organisation = stack.enter_context(open_key(
            settings.organisation, "co_quan", pin=pins.get("co_quan"),
            expected_name=register_agency(document, settings) if document else None))
        images = load_image(settings.signer.image, "nguoi_ky"), load_image(settings.organisation.image, "co_quan")
    except BaseException:
        stack.close()
        raise
    return stack, person, organisation, images


def sign_rendered(document: Document, pdf: bytes, stem: str, outdir: Path, settings, *, pins: dict | None = None,
                  material=None) -> dict[Path, bytes]:
    """The signed files of a numbered document whose PDF/A is ``pdf``: ``<stem>.pdf`` with the person's and
    the organisation's signatures (ô 7c, ô 8) and, for each attachment, ``<stem>-<key>.pdf`` signed by the
    organisation with the text stamp (Phụ lục I)."""
    from .issuing import sign

    if not document.signature.name:
        raise UserError([Diagnostic("VB413", Severity.ERROR, "văn bản chưa có họ tên người ký", "nguoi_ky.ho_ten",
                                    Position(document.source))])
    own = material is None
    stack, person, organisation, (signature_image, seal_image) = material or _signing_material(document, settings,
                                                                                               pins)
    try:
        lines = sign.text_lines(pdf)
        found = sign.locate_signer(lines, document.signature.name, document.signature.title_line.upper())
        if found is None:
            raise UserError([Diagnostic("VB417", Severity.ERROR, "không tìm thấy dòng chức vụ và họ tên người ký trong "
                                        "bản PDF để đặt chữ ký", "", Position(document.source))])
        placement = sign.place_images(*found, signature_image.size, settings.organisation.seal_mm)
        main, attachments = sign.split_attachments(pdf, [f.label for f in document.attachments], placement.page)
        files = {outdir / f"{stem}.pdf": sign.sign_document(
            main, placement, person=person, organisation=organisation, signature_image=signature_image,
            seal_image=seal_image, tsa_url=settings.tsa_url)}
        for form, part in zip(document.attachments, attachments):
            files[outdir / f"{stem}-{form.key}.pdf"] = sign.sign_attachment(
                part, document.number.display, organisation=organisation, tsa_url=settings.tsa_url)
        return files
    finally:
        if own:
            stack.close()


def sign(target: str | os.PathLike, *, output: str | os.PathLike | None = None, config=None,
         pins: dict | None = None, pool=None) -> list[Path]:
    """``vanban ky SPEC_OR_PDF``: a numbered spec → its PDF/A (LibreOffice pool) signed as Phụ lục I lays
    out (files in ``output``, default ``out/``); a PDF → the same two signatures placed on its signing
    block, written to ``output`` (default ``<name>-da-ky.pdf`` beside it). Keys, images and PINs come from
    ``[ban_hanh]`` of ``vanban.toml`` and the environment (or ``pins``: {"nguoi_ky": …, "co_quan": …})."""
    path = Path(target)
    settings = issuing_settings(path, config=config)
    if path.suffix.lower() == ".pdf":
        return write_outputs({Path(output) if output else path.with_name(f"{path.stem}-da-ky.pdf"):
                              _sign_pdf_file(path, settings, pins)})
    document = _load_for_issue(path, check_rules=True)
    if document.number.number is None:
        raise UserError([Diagnostic("VB418", Severity.ERROR, "văn bản chưa có số: không ký bản dự thảo", "so",
                                    Position(str(path)), "cấp số trước (vanban cap-so), hoặc dùng vanban ban-hanh")])
    material = _signing_material(document, settings, pins)
    try:
        outdir = output_folder(output or settings.output)
        files = sign_rendered(document, _pdf_of(document, pool), path.stem, outdir, settings, material=material)
    finally:
        material[0].close()
    return write_outputs(files)


def _sign_pdf_file(path: Path, settings, pins: dict | None) -> bytes:
    from .issuing import sign as signing
    from .issuing.keys import names_match

    try:
        pdf = path.read_bytes()
        lines = signing.text_lines(pdf)
    except OSError as exc:
        raise UserError([Diagnostic("VB106", Severity.ERROR, f"không đọc được tệp: {exc.strerror or exc}", "",
                                    Position(str(path)))]) from None
    except Exception as exc:  # pypdf on a file that is no PDF
        raise UserError([Diagnostic("VB423", Severity.ERROR, f"không đọc được tệp PDF: {type(exc).__name__}", "",
                                    Position(str(path)))]) from None
    stack, person, organisation, (signature_image, seal_image) = _signing_material(None, settings, pins)
    with stack:
        named = [ln for ln in lines if len(ln.text) > 3 and names_match(ln.text, (person.subject,))]
        found = signing.locate_signer(lines, max(named, key=lambda ln: len(ln.text)).text) if named else None
        if found is None:
            raise UserError([Diagnostic("VB417", Severity.ERROR, f"không tìm thấy họ tên người ký ({person.subject}) và "
                                        "chức vụ phía trên trong tệp PDF", "", Position(str(path)))])
        placement = signing.place_images(*found, signature_image.size, settings.organisation.seal_mm)
        return signing.sign_document(pdf, placement, person=person, organisation=organisation,
                                     signature_image=signature_image, seal_image=seal_image, tsa_url=settings.tsa_url)


def verify_signatures(pdf: str | os.PathLike, *, trust: Sequence[str | os.PathLike] | None = None, config=None):
    """``vanban kiem-tra-chu-ky FILE.pdf``: a report per signature (signer, organisation, time, integrity,
    chain against the trust store of ``[ban_hanh] tin_cay`` or ``trust``, position per Phụ lục I)."""
    from .issuing.verify import verify_file

    path = Path(pdf)
    settings = issuing_settings(path, config=config)
    return verify_file(path, [Path(t) for t in trust] if trust else list(settings.trust))


# --------------------------------------------------------------------------- ban hành: the whole step


@dataclass
class IssueResult:
    """What ``vanban ban-hanh`` did: the register entry and the files written (signed PDFs, the .docx)."""

    entry: object
    files: list[Path]


def issue(spec: str | os.PathLike, *, date: _dt.date | None = None, register: str | None = None,
          output: str | os.PathLike | None = None, config=None, pins: dict | None = None, pool=None) -> IssueResult:
    """``vanban ban-hanh SPEC``: check (refuse on errors) → the keys and images (refuse before a number is
    taken) → a number reserved in the register → the .docx and PDF/A of the numbered document → the two
    signatures (and the attachments' own) → the files written, each by an atomic rename → the spec gets its
    ``so:``/``ngay:`` → the entry issued with the SHA-256 of every file.

    Interrupted anywhere (even by kill -9) it leaves no issued number without its files: a number is
    recorded as issued only after its files are in place, and running the command again on the same spec
    takes the reservation back (the same number: no gap) and finishes the job."""

    from .fsio import write_atomic
    from .issuing.register import open_register
    from .spec.edit import set_number_and_date

    path, settings, document, date, agency, name, key = _issue_context(spec, date, register, config,
                                                                       check_rules=True)
    material = _signing_material(document, settings, pins)
    try:
        outdir = output_folder(output or settings.output)
        with open_register(settings) as book:
            if document.number.number is not None:  # a run stopped after writing the spec: finish it
                mine = [e for e in book.entries(agency=agency, register=name, pending=True)
                        if e.spec == key and e.number == document.number.number]
                if not mine or mine[0].issued:
                    what = (f"đã ban hành với số {mine[0].number_code}" if mine
                            else f"đã có số {document.number.number} không do sổ đăng ký cấp")
                    raise UserError([Diagnostic("VB403", Severity.ERROR, f"văn bản {what}", "so", Position(str(path)),
                                                "bỏ dòng `so:` của bản dự thảo để sổ cấp số")])
                date = mine[0].date
            entry = book.reserve(agency, name, date, register_record(document), key)
            text = path.read_text(encoding="utf-8")
            edited = set_number_and_date(text, entry.number, date, name=str(path))
            numbered = load(edited, name=str(path)).document
            files = sign_rendered(numbered, _pdf_of(numbered, pool), path.stem, outdir, settings, material=material)
            files[outdir / f"{path.stem}.docx"] = render_docx(numbered)
            digests = {p.name: sha256(data) for p, data in files.items()}
            written = write_outputs(files)
            if edited != text:
                write_atomic(path, edited.encode("utf-8"))
            entry = book.complete(entry, digests)
    finally:
        material[0].close()
    return IssueResult(entry, written)
