"""Danh bạ nơi nhận: the address book of an office, read from ``recipients/*.yaml``.

Each recipient (cơ quan or cá nhân) has a stable id, the full name written after "Kính gửi"
(ô 9a, Nghị định 30 Phụ lục I §3.6), a short name for the "Nơi nhận" list (ô 9b, §3.10), the title
of its head, an email and the groups it belongs to. Files are read with the spec layer's YAML
reader (:func:`vanban.spec.yamlsrc.load_yaml`), so every problem has ``file:line:col``.

Codes (besides the YAML and schema codes VB101–VB107, VB201–VB206 shared with specs):
  VB611 mã không hợp lệ (chữ thường không dấu, số, gạch nối)
  VB612 mã trùng giữa hai tệp danh bạ
  VB613 nơi nhận ghi một nhóm không có
  VB614 thư điện tử sai dạng
  VB615 nhóm không có thành viên (cảnh báo)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from pydantic import ValidationError

from .. import gate
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity, UserError
from ..gcpause import without_gc
from ..spec.loader import check_raw_text, check_values
from ..spec.yamlsrc import SourceMap, format_path, load_yaml
from . import schema as s

ID_SHAPE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: An e-mail address: no spaces or separators, and not starting as a spreadsheet formula ("=1+2@x.vn").
EMAIL_SHAPE = re.compile(r"^[^@\s;,=+\-'\"<>()|&][^@\s;,'\"<>()|&]*@[^@\s;,'\"<>()|&]+\.[^@\s;,'\"<>()|&]+$")
#: Largest registry file accepted, in bytes: about 50,000 recipients with a name, a short name, an e-mail and a
#: group each (loading one takes some 0.5 GB of memory). A larger registry is split into several files of one
#: folder (every ``*.yaml`` of it is read, as one registry): VB141 says so.
MAX_REGISTRY_BYTES = 8 * 1024 * 1024
#: What VB141 advises.
SPLIT_HINT = ("chia danh bạ thành nhiều tệp .yaml trong cùng một thư mục (ví dụ recipients/, mỗi huyện một tệp); "
              "vanban đọc mọi tệp của thư mục thành một danh bạ: --danh-ba THU_MUC")


def clean_name(text: str) -> str:
    """A name without the punctuation the decree adds itself ("…;" / "….") and with single spaces."""
    text = " ".join(text.split())
    while text and text[-1] in ".;,":
        text = text[:-1].rstrip()
    return text


@dataclass(frozen=True)
class Entry:
    """Một nơi nhận trong danh bạ."""

    id: str
    name: str
    short: str
    head: str | None
    email: str | None
    groups: tuple[str, ...]
    kind: str = "co_quan"
    source: str | None = None
    position: Position | None = field(default=None, compare=False)

    def form(self, form: str) -> str | None:
        """The name in one of the forms ``ten``, ``ten_ngan``, ``thu_truong``."""
        return {"ten": self.name, "ten_ngan": self.short, "thu_truong": self.head}[form]


@dataclass(frozen=True)
class Group:
    """Một nhóm nơi nhận ("UBND các xã, phường"), with its heading in each form."""

    id: str
    name: str
    short: str
    head: str | None
    position: Position | None = field(default=None, compare=False)

    def form(self, form: str) -> str | None:
        return {"ten": self.name, "ten_ngan": self.short, "thu_truong": self.head}[form]


@dataclass
class Registry:
    """All recipients and groups of one or more registry files, in file order."""

    entries: dict[str, Entry] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def members(self, group_id: str) -> list[Entry]:
        return [e for e in self.entries.values() if group_id in e.groups]

    def suggest_entry(self, name: str) -> str:
        return _suggest(name, self.entries)

    def suggest_group(self, name: str) -> str:
        return _suggest(name, self.groups)


def _suggest(name: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"có phải ý bạn là `{close[0]}`?" if close else ""


# --------------------------------------------------------------------------- loading


def registry_files(path: str | Path) -> list[Path]:
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


@without_gc
def load_registry(path: str | Path) -> tuple[Registry, Diagnostics]:
    """Load a registry file, or every ``*.yaml`` of a directory, and check it as a whole."""
    diags = Diagnostics()
    registry = Registry()
    path = Path(path)
    if not path.exists():
        diags.add(Diagnostic("VB106", Severity.ERROR, "không tìm thấy danh bạ nơi nhận", "", Position(str(path))))
        return registry, diags
    files = registry_files(path)
    if not files:
        diags.add(Diagnostic("VB106", Severity.ERROR, "thư mục danh bạ không có tệp .yaml", "", Position(str(path))))
    pending: list[tuple[Entry, int, SourceMap]] = []
    complete = True
    for file in files:
        loaded = _load_file(file, diags)
        if loaded is None:
            complete = False
            continue
        registry.files.append(str(file))
        add_file(registry, *loaded, diags, pending)
    if complete:  # a file that could not be read would make every group it defines look missing
        check_groups(registry, pending, diags)
    return registry, diags


def add_file(registry: Registry, spec: s.DanhBaSpec, smap: SourceMap, diags: Diagnostics,
             pending: list[tuple[Entry, int, SourceMap]]) -> None:
    """Add one validated file to ``registry``, checking ids, duplicates and emails."""
    for gid, group in spec.nhom.items():
        where = ("nhom", gid)
        if not _check_id(gid, where, smap, diags):
            continue
        if gid in registry.groups:
            _duplicate(gid, "nhóm", registry.groups[gid].position, where, smap, diags)
            continue
        registry.groups[gid] = Group(gid, clean_name(group.ten), clean_name(group.ten_ngan or group.ten),
                                     clean_name(group.thu_truong) if group.thu_truong else None,
                                     smap.position(where, key=True))
    for rid, item in spec.noi_nhan.items():
        where = ("noi_nhan", rid)
        if not _check_id(rid, where, smap, diags):
            continue
        if rid in registry.entries:
            _duplicate(rid, "nơi nhận", registry.entries[rid].position, where, smap, diags)
            continue
        if item.email is not None and not EMAIL_SHAPE.match(item.email):
            diags.add(Diagnostic("VB614", Severity.ERROR, f"thư điện tử `{item.email}` sai dạng",
                                 format_path(where + ("email",)), smap.position(where + ("email",)),
                                 "ví dụ vanthu@tayninh.gov.vn"))
        entry = Entry(rid, clean_name(item.ten), clean_name(item.ten_ngan or item.ten),
                      clean_name(item.thu_truong) if item.thu_truong else None, item.email,
                      tuple(item.nhom), item.loai, item.nguon or spec.nguon, smap.position(where, key=True))
        registry.entries[rid] = entry
        for i, _ in enumerate(item.nhom):
            pending.append((entry, i, smap))


def check_groups(registry: Registry, pending: list[tuple[Entry, int, SourceMap]], diags: Diagnostics) -> None:
    """Every group named by an entry exists; every group has members."""
    for entry, i, smap in pending:
        gid = entry.groups[i]
        if gid not in registry.groups:
            where = ("noi_nhan", entry.id, "nhom", i)
            diags.add(Diagnostic("VB613", Severity.ERROR, f"nhóm `{gid}` không có trong danh bạ", format_path(where),
                                 smap.position(where), registry.suggest_group(gid)))
    used = {gid for entry in registry.entries.values() for gid in entry.groups}  # once: linear in the entries
    for gid, group in registry.groups.items():
        if gid not in used:
            diags.add(Diagnostic("VB615", Severity.WARNING, f"nhóm `{gid}` không có thành viên nào", f"nhom.{gid}",
                                 group.position))


def validate(data: dict, smap: SourceMap, diags: Diagnostics) -> s.DanhBaSpec | None:
    """Validate registry data (from YAML or an imported table) against the schema."""
    try:
        return s.DanhBaSpec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            diags.add(_diagnostic(error, smap))
        return None


def load_registry_or_raise(path: str | Path) -> tuple[Registry, list[Diagnostic]]:
    """Load a registry; raise :class:`UserError` with every problem if it has errors; return the warnings."""
    registry, diags = load_registry(path)
    if diags.errors:
        raise UserError(diags.sorted())
    return registry, diags.warnings


def _check_id(key: str, where: tuple, smap: SourceMap, diags: Diagnostics) -> bool:
    if ID_SHAPE.match(key):
        return True
    diags.add(Diagnostic("VB611", Severity.ERROR,
                         f"mã `{key}` không hợp lệ: chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối",
                         format_path(where), smap.position(where, key=True), "ví dụ tn-ubnd-xa-hung-dien"))
    return False


def _duplicate(key: str, what: str, first: Position | None, where: tuple, smap: SourceMap, diags: Diagnostics) -> None:
    diags.add(Diagnostic("VB612", Severity.ERROR, f"mã {what} `{key}` bị trùng (đã có ở {first})",
                         format_path(where), smap.position(where, key=True)))


def _load_file(file: Path, diags: Diagnostics) -> tuple[s.DanhBaSpec, SourceMap] | None:
    name = str(file)
    try:
        raw = gate.read_input(file, MAX_REGISTRY_BYTES, code="VB106", size_code="VB141", what="tệp danh bạ")
    except gate.InputRefused as exc:
        if exc.code == "VB141":
            exc.hint = SPLIT_HINT
        diags.add(exc.diagnostic())
        return None
    try:
        text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        diags.add(Diagnostic("VB106", Severity.ERROR, "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8", "",
                             Position(name)))
        return None
    before = len(diags.errors)
    check_raw_text(text, name, diags)  # names reach letters: the same characters are refused as in specs
    if len(diags.errors) > before:
        return None
    loaded = load_yaml(text, name, diags)
    if loaded is None:
        return None
    check_values(loaded.data, loaded.source_map, diags)
    if len(diags.errors) > before:
        return None
    spec = validate(loaded.data, loaded.source_map, diags)
    return (spec, loaded.source_map) if spec is not None else None


_MODELS = {(): s.DanhBaSpec, ("nhom",): s.NhomSpec, ("noi_nhan",): s.NoiNhanSpec}


def _diagnostic(error: dict, smap: SourceMap) -> Diagnostic:
    """A pydantic error on a registry file as a coded Vietnamese diagnostic (same codes as specs)."""
    loc = tuple(error["loc"])
    kind = error["type"]
    where = format_path(loc)
    if kind == "extra_forbidden":
        key = loc[-1]
        parent = _MODELS.get(loc[:1] if len(loc) == 3 else ())
        options = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(key), options, n=1, cutoff=0.5)
        hint = f"có phải ý bạn là `{close[0]}`?" if close else ("các khóa hợp lệ: " + ", ".join(options))
        return Diagnostic("VB201", Severity.ERROR, f"khóa `{key}` không hợp lệ", where, smap.position(loc, key=True),
                          hint)
    if kind == "missing":
        return Diagnostic("VB202", Severity.ERROR, f"thiếu trường bắt buộc `{loc[-1]}`", where,
                          smap.position(loc[:-1], key=True))
    position = smap.position(loc)
    if kind in ("string_too_short", "too_short"):
        return Diagnostic("VB206", Severity.ERROR, "không được để trống", where, position)
    if kind in ("literal_error", "enum"):
        expected = (error.get("ctx") or {}).get("expected", "")
        return Diagnostic("VB204", Severity.ERROR, f"giá trị `{error.get('input')}` không hợp lệ; chọn một trong: "
                          f"{expected}", where, position)
    if kind.endswith("_type") or kind.endswith("_parsing"):
        what = {"string_type": "phải là một chuỗi chữ", "dict_type": "phải là một bảng khóa: giá trị",
                "model_type": "phải là một bảng khóa: giá trị", "list_type": "phải là một danh sách"}
        return Diagnostic("VB203", Severity.ERROR, f"`{loc[-1] if loc else 'danh bạ'}` "
                          f"{what.get(kind, 'sai kiểu')}", where, position)
    return Diagnostic("VB299", Severity.ERROR, f"giá trị không hợp lệ: {error['msg']}", where, position)


def find_registry(start: str | Path) -> Path | None:
    """The nearest ``recipients/`` directory in ``start`` or one of its parents."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "recipients"
        if candidate.is_dir():
            return candidate
    return None


__all__ = ["Entry", "Group", "Registry", "load_registry", "load_registry_or_raise", "find_registry", "clean_name"]
