"""Registry references in a spec's ``kinh_gui`` and ``noi_nhan`` (resolved by the spec loader).

Syntax (a YAML string, so quote it: ``- "@so-y-te"``)::

    "@ID"            one recipient
    "@nhom:GROUP"    a group, written as its heading ("UBND các xã, phường")
    "@tung:GROUP"    every member of a group, one line each

followed optionally by ``.ten``, ``.ten_ngan`` or ``.thu_truong`` (the form of the name; by default
``ten`` after "Kính gửi" and ``ten_ngan`` in "Nơi nhận") and by free text after a space, kept as
written ("@la-tt-tinh-uy (b/c)"). Kính gửi and Nơi nhận are ô 9a/9b of Nghị định 30 (§3.6, §3.10):
a recipient named in Kính gửi is covered by "- Như trên;" and is not repeated in Nơi nhận.

Codes:
  VB601 mã nơi nhận không có trong danh bạ       VB602 nhóm không có trong danh bạ
  VB603 tham chiếu sai cú pháp / dạng tên lạ     VB604 không tìm thấy danh bạ
  VB605 nơi nhận lặp lại trong Kính gửi (cảnh báo)
  VB606 nơi nhận đã có ở Kính gửi ("Như trên"), bỏ khỏi Nơi nhận (cảnh báo)
  VB607 nơi nhận không có dạng tên được yêu cầu (ví dụ chưa ghi `thu_truong`)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .. import model as m
from ..diagnostics import Diagnostics, Severity
from . import Entry, Registry, clean_name, find_registry, load_registry

FORMS = ("ten", "ten_ngan", "thu_truong")
_REF = re.compile(r"^@(?:(?P<mode>[a-z_]+):)?(?P<key>[^\s.:]+)(?:\.(?P<form>[^\s.]+))?(?:\s+(?P<suffix>.*))?$")

Report = Callable[..., None]  # report(code, severity, message, path, hint="")


@dataclass(frozen=True)
class Ref:
    mode: str  # "id", "nhom" or "tung"
    key: str
    form: str | None
    suffix: str


def is_ref(text: str) -> bool:
    return text.lstrip().startswith("@")


def parse_ref(text: str) -> Ref | str:
    """The reference in ``text``, or a Vietnamese message saying what is wrong with it."""
    match = _REF.match(text.strip())
    if not match:
        return "tham chiếu danh bạ viết dạng \"@ma\", \"@nhom:ma-nhom\" hoặc \"@tung:ma-nhom\""
    mode = match["mode"] or "id"
    if mode not in ("id", "nhom", "tung"):
        close = difflib.get_close_matches(mode, ["nhom", "tung"], n=1, cutoff=0.4)
        return f"`@{mode}:` không hợp lệ" + (f" (có phải ý bạn là `@{close[0]}:`?)" if close else
                                              "; dùng `@nhom:` hoặc `@tung:`")
    form = match["form"]
    if form is not None and form not in FORMS:
        close = difflib.get_close_matches(form, FORMS, n=1, cutoff=0.4)
        return f"dạng tên `.{form}` không có" + (f" (có phải ý bạn là `.{close[0]}`?)" if close else
                                                  "; dùng .ten, .ten_ngan hoặc .thu_truong")
    return Ref(mode, match["key"], form, (match["suffix"] or "").strip())


class RegistryProvider:
    """Gives the registry on first use: the one passed in, or the nearest ``recipients/`` of the spec."""

    _cache: dict[Path, tuple[tuple, Registry, Diagnostics]] = {}

    def __init__(self, registry: Registry | None, spec_file: str):
        self.registry = registry
        self.spec_file = spec_file
        self.failed = False
        self.reported = False

    def get(self, diags: Diagnostics, report: Report, path: tuple) -> Registry | None:
        if self.registry is not None or self.failed:
            return self.registry
        folder = find_registry(Path(self.spec_file).parent if self.spec_file else Path.cwd())
        if folder is None:
            self.failed = True
            report("VB604", Severity.ERROR, "đặc tả dùng mã nơi nhận nhưng không tìm thấy thư mục danh bạ "
                   "`recipients/`", path, "chỉ rõ bằng `vanban build --danh-ba THƯ_MỤC`")
            return None
        registry, found = self.load(folder)
        diags.extend(found)
        if found.errors:
            self.failed = True
            return None
        self.registry = registry
        return registry

    @classmethod
    def load(cls, folder: Path) -> tuple[Registry, Diagnostics]:
        files = sorted(folder.glob("*.y*ml"))
        stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
        cached = cls._cache.get(folder.resolve())
        if cached and cached[0] == stamp:
            return cached[1], cached[2]
        registry, diags = load_registry(folder)
        cls._cache[folder.resolve()] = (stamp, registry, diags)
        return registry, diags


def _recipient(entry: Entry, addressed_as: str) -> m.Recipient:
    return m.Recipient(entry.id, entry.name, entry.short, entry.head, entry.email, entry.groups, entry.kind,
                       clean_name(addressed_as))


class Resolver:
    """Resolves the references of one spec's Kính gửi and Nơi nhận against the registry."""

    def __init__(self, provider: RegistryProvider, diags: Diagnostics, report: Report):
        self.provider = provider
        self.diags = diags
        self.report = report
        self.addressed_ids: set[str] = set()
        self.addressed_groups: set[str] = set()

    def _lookup(self, ref: Ref, path: tuple, registry: Registry):
        if ref.mode == "id":
            entry = registry.entries.get(ref.key)
            if entry is None:
                hint = (f"`{ref.key}` là một nhóm: viết \"@nhom:{ref.key}\" hoặc \"@tung:{ref.key}\""
                        if ref.key in registry.groups else registry.suggest_entry(ref.key))
                self.report("VB601", Severity.ERROR, f"không có nơi nhận mã `{ref.key}` trong danh bạ", path, hint)
            return entry
        group = registry.groups.get(ref.key)
        if group is None:
            hint = (f"`{ref.key}` là một nơi nhận: viết \"@{ref.key}\"" if ref.key in registry.entries
                    else registry.suggest_group(ref.key))
            self.report("VB602", Severity.ERROR, f"không có nhóm `{ref.key}` trong danh bạ", path, hint)
        return group

    def _form(self, item, form: str, path: tuple) -> str | None:
        text = item.form(form)
        if text is None:
            self.report("VB607", Severity.ERROR, f"`{item.id}` chưa có `{form}` trong danh bạ", path,
                        f"ghi `{form}` cho `{item.id}` trong {item.position.file if item.position else 'danh bạ'}")
        return text

    def _parse(self, text: str, path: tuple) -> tuple[Ref, Registry] | None:
        ref = parse_ref(text)
        if isinstance(ref, str):
            self.report("VB603", Severity.ERROR, ref, path)
            return None
        registry = self.provider.get(self.diags, self.report, path)
        if registry is None:
            return None
        return ref, registry

    def addressee(self, text: str, path: tuple) -> tuple[list[str], list[m.Recipient]]:
        """One ``kinh_gui`` entry → the lines after "Kính gửi" and the recipients they stand for."""
        parsed = self._parse(text, path)
        if parsed is None:
            return [], []
        ref, registry = parsed
        item = self._lookup(ref, path, registry)
        if item is None:
            return [], []
        form = ref.form or "ten"
        suffix = f" {ref.suffix}" if ref.suffix else ""
        members = [item] if ref.mode == "id" else registry.members(item.id)
        if ref.mode != "id":
            self.addressed_groups.add(item.id)
        recipients = []
        for member in members:
            name = self._form(member, form, path)
            if name is None:
                return [], []
            if member.id in self.addressed_ids:
                self.report("VB605", Severity.WARNING, f"`{member.id}` đã có trong Kính gửi", path)
                continue
            self.addressed_ids.add(member.id)
            recipients.append(_recipient(member, name + suffix))
        if ref.mode == "nhom":
            heading = self._form(item, form, path)
            return ([heading + suffix] if heading else []), recipients
        return [r.addressed_as for r in recipients], recipients

    def other(self, text: str, path: tuple) -> list[str]:
        """One ``noi_nhan`` entry → its "Nơi nhận" lines (none for one already in Kính gửi)."""
        parsed = self._parse(text, path)
        if parsed is None:
            return []
        ref, registry = parsed
        item = self._lookup(ref, path, registry)
        if item is None:
            return []
        form = ref.form or "ten_ngan"
        suffix = f" {ref.suffix}" if ref.suffix else ""
        covered = "đã có ở Kính gửi nên đã thuộc \"- Như trên;\"; bỏ dòng này"
        if ref.mode == "id":
            if item.id in self.addressed_ids:
                self.report("VB606", Severity.WARNING, f"`{item.id}` {covered}", path)
                return []
            name = self._form(item, form, path)
            return [name + suffix] if name else []
        if item.id in self.addressed_groups:
            self.report("VB606", Severity.WARNING, f"nhóm `{item.id}` {covered}", path)
            return []
        members = [e for e in registry.members(item.id) if e.id not in self.addressed_ids]
        if ref.mode == "nhom":
            name = self._form(item, form, path)
            return [name + suffix] if name else []
        lines = []
        for member in members:
            name = self._form(member, form, path)
            if name:
                lines.append(name + suffix)
        return lines


def recipients_factory(registry: Registry | None = None):
    """The loader's resolver of "@…" references (:data:`vanban.spec.loader.RecipientsFactory`): against
    ``registry``, or, when none is given, the nearest ``recipients/`` folder above each spec (found on
    first use; VB604 when there is none)."""

    def make(spec_file: str, diags: Diagnostics, report: Report) -> Resolver:
        return Resolver(RegistryProvider(registry, spec_file), diags, report)

    return make
