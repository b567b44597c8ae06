"""Spec loader: YAML file → validated :class:`vanban.model.Document`, or coded diagnostics.

Every problem of a file is collected and reported at once, each with a stable code, a
Vietnamese message, the YAML path and ``file:line:col``.

Codes:
  VB101 YAML sai cú pháp / giá trị không đọc được   VB102 khóa lặp lại
  VB103 tệp trống / không phải mapping               VB104 khóa không phải chuỗi
  VB105 tệp quá lớn / bom bí danh                    VB106 không đọc được tệp / mã hóa
  VB107 ký tự điều khiển không hợp lệ trong XML      VB108 ký tự vô hình (cảnh báo)
  VB109 ký tự điều khiển hướng chữ (bidi)            VB209 đoạn văn quá dài
  VB210 nội dung lồng nhau quá sâu
  VB201 khóa không hợp lệ                            VB202 thiếu trường bắt buộc
  VB203 sai kiểu                                     VB204 giá trị không thuộc danh sách cho phép
  VB205 giá trị ngoài khoảng                         VB206 chuỗi/danh sách rỗng
  VB207 khối nội dung không hợp lệ
  VB211 khóa không dùng cho loại văn bản này         VB231 số có chữ số 0 thừa ở đầu (cảnh báo)
  VB301 ngày không hợp lệ
  VB303 chữ viết tắt tên loại gõ trong ký hiệu (cảnh báo)
  VB310 tham chiếu {#khoa} không có                 VB311 khóa `khoa` lặp lại
  VB312 phần, chương, mục, điều đặt sai chỗ
  VB340 nhãn vanban tự in bị gõ lại (cảnh báo)
  VB501 "./." gõ tay (cảnh báo)                       VB502 "Như trên" gõ tay (cảnh báo)
  VB503 "Lưu" gõ trong noi_nhan
"""

from __future__ import annotations

from ..gcpause import without_gc

import dataclasses
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any, Callable, Iterator, Protocol

from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .. import gate, model as m
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity
from ..model.walk import map_text, texts, walk
from .word import WordCheck, base_folder, read_word_form
from .inline import parse_inline
from .labels import typed_label, typed_marker
from .prose import ProseParser
from . import schema as s
from .yamlsrc import SourceMap, format_path, load_yaml

#: Largest spec file accepted, in bytes.
MAX_SPEC_BYTES = 2 * 1024 * 1024

_XML_ILLEGAL, _INVISIBLE, _BIDI = gate.XML_ILLEGAL, gate.INVISIBLE, gate.BIDI
#: Longest text accepted in one value (a paragraph of a letter is a few hundred characters).
MAX_TEXT = 20_000
#: Deepest nesting of lists in the body (khoản → điểm → gạch → + …).
MAX_BODY_DEPTH = 6
#: A reference to a keyed part in running text: ``{#thi_hanh}`` → "Điều 3".
_REFERENCE = re.compile(r"\{#([A-Za-z0-9_-]+)\}")

_TYPE_MESSAGES = {
    "string_type": "phải là một chuỗi chữ",
    "int_type": "phải là một số nguyên",
    "int_parsing": "phải là một số nguyên",
    "int_from_float": "phải là một số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách (các dòng bắt đầu bằng \"- \")",
    "model_type": "phải là một bảng khóa: giá trị",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_attributes_type": "phải là một bảng khóa: giá trị",
    "string_pattern_mismatch": "chỉ gồm chữ không dấu, chữ số, \"_\" và \"-\"",
}


Report = Callable[..., None]  # report(code, severity, message, path, hint="")


class Recipients(Protocol):
    """Resolves the registry references ("@id", "@nhom:…", "@tung:…") of one spec's Kính gửi and Nơi
    nhận; provided by :mod:`vanban.registry` (the loader does not read registries itself)."""

    def addressee(self, text: str, path: tuple) -> tuple[list[str], list[m.Recipient]]: ...

    def other(self, text: str, path: tuple) -> list[str]: ...


#: Makes the resolver of one spec: (spec file name, diagnostics, report) → :class:`Recipients`.
RecipientsFactory = Callable[[str, Diagnostics, Report], Recipients]
#: Checks one template text ("{{ … }}") where it is written: (text, YAML path, position) → problems.
TemplateCheck = Callable[[str, str, Position], list[Diagnostic]]


def is_ref(text: str) -> bool:
    """A registry reference is a Kính gửi / Nơi nhận entry starting with "@"."""
    return text.lstrip().startswith("@")


class _NoRegistry:
    """Used when no registry is given: every reference is an error (VB604), reported once."""

    def __init__(self, report: Report):
        self.report = report
        self.reported = False

    def _missing(self, path: tuple) -> None:
        if not self.reported:
            self.reported = True
            self.report("VB604", Severity.ERROR, "đặc tả dùng mã nơi nhận nhưng không có danh bạ nơi nhận", path,
                        "chỉ rõ bằng `vanban build --danh-ba THƯ_MỤC`, hoặc đặt thư mục `recipients/` cạnh đặc tả")

    def addressee(self, text: str, path: tuple) -> tuple[list[str], list[m.Recipient]]:
        self._missing(path)
        return [], []

    def other(self, text: str, path: tuple) -> list[str]:
        self._missing(path)
        return []


@dataclass
class LoadResult:
    document: m.Document | None
    diagnostics: Diagnostics
    source_map: SourceMap | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.diagnostics.errors


def load_spec(path: str | FsPath, *, recipients: RecipientsFactory | None = None,
              templates: TemplateCheck | None = None, word_forms: WordCheck | None = None) -> LoadResult:
    """Load and validate one spec file.

    ``recipients`` resolves "@id" references of Kính gửi / Nơi nhận (without it they are VB604);
    ``templates`` checks "{{ … }}" templates where they are written (without it they are kept unchecked);
    ``word_forms`` checks the tags of the Word forms named by `mau_word` (:mod:`vanban.spec.word`).
    :func:`vanban.load` passes them all (the registry near the spec, the sandboxed Jinja checker).
    """
    path = FsPath(path)
    diags = Diagnostics()
    name = str(path)
    try:
        refused = gate.macro_refusal(path, "VB116") or _office_file(path)
        if refused is not None:
            raise refused
        raw = gate.read_input(path, MAX_SPEC_BYTES, code="VB106", size_code="VB105", what="tệp đặc tả")
    except gate.InputRefused as exc:
        diags.add(exc.diagnostic())
        return LoadResult(None, diags)
    return load_spec_bytes(raw, name, diags, recipients=recipients, templates=templates, word_forms=word_forms)


def _office_file(path: FsPath) -> gate.InputRefused | None:
    """A Word or Excel file named where a spec is expected (``vanban text thu.docx``)."""
    if path.suffix.lower() in (".docx", ".xlsx", ".doc", ".xls", ".pdf"):
        return gate.InputRefused("VB116", f"tệp {path.suffix.lower()} không phải tệp đặc tả YAML", path,
                                 "đặc tả là tệp .yaml; `vanban check` đọc được cả tệp .docx")
    return None


def load_spec_bytes(raw: bytes, name: str, diags: Diagnostics | None = None, *,
                    recipients: RecipientsFactory | None = None, templates: TemplateCheck | None = None,
                    word_forms: WordCheck | None = None) -> LoadResult:
    diags = diags if diags is not None else Diagnostics()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8", "replace")) + 1
        diags.add(Diagnostic("VB106", Severity.ERROR,
                             "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8", "", Position(name, line, col)))
        return LoadResult(None, diags)
    return load_spec_text(text, name, diags, recipients=recipients, templates=templates, word_forms=word_forms)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


@without_gc
def load_spec_text(text: str, name: str = "<spec>", diags: Diagnostics | None = None, *,
                   recipients: RecipientsFactory | None = None, templates: TemplateCheck | None = None,
                   word_forms: WordCheck | None = None) -> LoadResult:
    diags = diags if diags is not None else Diagnostics()
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # YAML counts a lone CR as a line break too
    check_raw_text(text, name, diags)
    if diags.errors:
        return LoadResult(None, diags)
    loaded = load_yaml(text, name, diags)
    if loaded is None or diags.errors:
        return LoadResult(None, diags, loaded.source_map if loaded else None)
    smap = loaded.source_map
    _prose_bodies(loaded, diags)
    _yaml_traps(loaded, diags)
    _labels_as_text(loaded, loaded.data, ())
    _number_as_typed(loaded.data, smap, diags)
    written = _number_written(loaded.data, smap)
    check_values(loaded.data, smap, diags)
    if diags.errors:
        return LoadResult(None, diags, smap)
    _type_rules(loaded.data, smap, diags)
    spec = None
    for _ in range(8):  # each round turns back the numbers typed where text is expected, then validates again
        try:
            spec = s.CongVanSpec.model_validate(loaded.data)
            break
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if not [e for e in errors if _typed_back(loaded.data, smap, e)]:
                for error in errors:
                    diags.add(_diagnostic_from_pydantic(error, loaded.data, smap))
                return LoadResult(None, diags, smap)
    if spec is None:
        return LoadResult(None, diags, smap)
    if diags.errors:
        return LoadResult(None, diags, smap)
    document = _build(spec, smap, diags, name, recipients, templates, word_forms, number_written=written)
    if diags.errors:
        return LoadResult(None, diags, smap)
    return LoadResult(document, diags, smap)


#: Lists whose items are lines of text (body, recipients, grounds, agency lines, notes of a form).
TEXT_LISTS = frozenset({"noi_dung", "khoan", "diem", "gach", "kinh_gui", "noi_nhan", "can_cu", "luu", "thanh_phan",
                        "kinh_moi", "ghi_chu", "dau_mau", "ten", "chu_quan"})


def check_raw_text(text: str, name: str, diags: Diagnostics) -> None:
    """Characters of a YAML file (spec or registry) that a .docx cannot hold (VB107), bidi controls (VB109)
    and zero-width characters (VB108, warning), each with its position (:mod:`vanban.gate`)."""
    for match in _XML_ILLEGAL.finditer(text):
        line, col = _line_col(text, match.start())
        diags.add(Diagnostic("VB107", Severity.ERROR,
                             f"ký tự điều khiển U+{ord(match.group()):04X} không được phép trong văn bản", "",
                             Position(name, line, col)))
    for match in _BIDI.finditer(text):
        line, col = _line_col(text, match.start())
        diags.add(Diagnostic("VB109", Severity.ERROR,
                             f"ký tự điều khiển hướng chữ U+{ord(match.group()):04X} có thể làm văn bản hiển thị khác "
                             "với nội dung thật", "", Position(name, line, col)))
    for match in _INVISIBLE.finditer(text):
        line, col = _line_col(text, match.start())
        diags.add(Diagnostic("VB108", Severity.WARNING,
                             f"ký tự vô hình U+{ord(match.group()):04X} trong văn bản", "", Position(name, line, col),
                             "xóa ký tự này nếu không cố ý"))


def check_values(data: Any, smap: SourceMap, diags: Diagnostics) -> None:
    """Every text value as YAML decoded it (escapes such as ``"\\u202e"``): length and characters."""
    _long_texts(data, (), smap, diags)


def _vocabulary() -> frozenset[str]:
    """Every key of the spec's vocabulary (the fields of all its models; those of the models built on first
    use, tables and forms, from :data:`schema.LAZY_VOCABULARY`, not importing them)."""
    roots = [s.VanBanSpec, *(c for c in s.BLOCK_CLASSES.values() if isinstance(c, type)), s.ItemSpec]
    return frozenset(model_keys(roots) | s.LAZY_VOCABULARY)


def model_keys(roots: list[type[BaseModel]], *, lazy: bool = False) -> set[str]:
    """The field names of the models reachable from ``roots``; with ``lazy``, through the models built on first
    use too (importing them)."""
    seen: set[str] = set()
    todo = list(roots)
    done: set[type] = set()
    while todo:
        cls = todo.pop()
        if cls in done:
            continue
        done.add(cls)
        for name, info in cls.model_fields.items():
            seen.add(name)
            todo.extend(_models_in(info.annotation, lazy))
    return seen


def _models_in(annotation: Any, lazy: bool = False) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg, lazy))
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        found.extend(_models_in(annotation.__origin__, lazy))
        if lazy:
            found.extend(one.model() for one in metadata if isinstance(one, s.LazyModel))
    return found


VOCABULARY = _vocabulary()
_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _near_vocabulary(key: str) -> bool:
    """A key the clerk meant as a key of the spec (``khoann``, ``tieu_đe``): left to the schema (VB201)."""
    if key in VOCABULARY:
        return True
    bare = _ascii(key).lower()
    return bool(_SNAKE.match(bare)) and bool(difflib.get_close_matches(bare, VOCABULARY, n=1, cutoff=0.75))


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D")).encode("ascii", "ignore").decode()


def _source_line(text: str, start: int, end: int) -> str:
    """The text typed from ``start`` to ``end``; a plain scalar continued on the next lines is folded as YAML
    folds it (one space per line break)."""
    lines = [line.strip() for line in text[start:end].split("\n")]
    return unicodedata.normalize("NFC", " ".join(line for line in lines if line))


def _labels_as_text(loaded: Any, node: Any, path: tuple, in_text_list: bool = False) -> None:
    """Phần 2 of #14: an item of a list of text that YAML reads as a one-key mapping (``- Thời gian: 8 giờ 00,
    ngày 05/9/2025``, ``- Các nội dung sau:``) is the line the clerk wrote, taken from the file at its position,
    unless its key is (close to) a key of the spec, which the schema then checks (VB201 "có phải ý bạn là")."""
    if isinstance(node, dict):
        for key, value in node.items():
            _labels_as_text(loaded, value, path + (key,), key in TEXT_LISTS)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if in_text_list and isinstance(item, dict) and len(item) == 1:
                (key, value), = item.items()
                mapping = loaded.nodes.get(path + (i,))
                if (not _near_vocabulary(key) and not isinstance(value, (dict, list))
                        and isinstance(mapping, MappingNode) and len(mapping.value) == 1):
                    key_node, value_node = mapping.value[0]
                    node[i] = _source_line(loaded.text, key_node.start_mark.index, value_node.end_mark.index)
                    continue
            if in_text_list and isinstance(item, (int, float)) and path + (i,) in loaded.source_map.typed:
                node[i] = loaded.source_map.typed[path + (i,)]  # "- 2021", "- 1.5", "- true": the text as typed
                continue
            _labels_as_text(loaded, item, path + (i,), in_text_list and not isinstance(item, dict))


def _prose_bodies(loaded: Any, diags: Diagnostics) -> None:
    """Phần 3 of #14: ``noi_dung: |`` (and a ``- |`` item of a body list) is read by :mod:`vanban.spec.prose`
    into the list form, in place, with the position of each generated part."""
    smap: SourceMap = loaded.source_map
    lines = loaded.text.split("\n")

    def register(path: tuple, line: int, col: int) -> None:
        smap.values[path] = (line, col)

    def warn(path: tuple) -> Callable:
        def add(code: str, message: str, line: int, col: int, hint: str) -> None:
            diags.add(Diagnostic(code, Severity.WARNING, message, format_path(path), Position(smap.file, line, col),
                                 hint))
        return add

    def origin(path: tuple, value: str) -> tuple[int, int]:
        """(first line, column of the block's indentation) of a scalar's content, 1-based."""
        node = loaded.nodes.get(path)
        if node is None:
            return 1, 1
        if node.style in ("|", ">"):
            first = node.start_mark.line + 1  # the line after the "|" header, 0-based
            for row in lines[first:]:
                if row.strip():
                    return first + 1, len(row) - len(row.lstrip(" ")) + 1
            return first + 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1

    def body(node: Any, path: tuple, parser: ProseParser) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "noi_dung" and isinstance(value, str):
                    line, col = origin(path + (key,), value)
                    node[key] = ProseParser(register, warn(path + (key,)), parser.counters).parse(
                        value, path + (key,), line, col)
                elif key == "kem_theo" and isinstance(value, list):
                    for i, item in enumerate(value):
                        body(item, path + (key, i), ProseParser(register, warn(path + (key, i))))
                elif key in ("noi_dung", "khoan", "diem", "gach"):  # body parts only (a table's `noi_dung`
                    body(value, path + (key,), parser)              # column is text, #15)
        elif isinstance(node, list):
            for i in reversed(range(len(node))):
                item = node[i]
                literal = loaded.nodes.get(path + (i,))
                if (isinstance(item, str) and path and path[-1] in ("noi_dung",) and literal is not None
                        and literal.style == "|"):
                    line, col = origin(path + (i,), item)
                    blocks = ProseParser(register, warn(path + (i,)), parser.counters).parse(item, path + (i,), line,
                                                                                                col)
                    _splice(smap, loaded.nodes, path, i, blocks)
                    node[i:i + 1] = blocks
                else:
                    body(item, path + (i,), parser)

    try:
        body(loaded.data, (), ProseParser(register, lambda *a: None))
    finally:
        # ``body`` calls itself through its closure cell, a cycle holding ``loaded``: emptied, the spec's YAML
        # nodes (a million objects in a 20,000-row form) are freed at once instead of by the cycle collector
        del body


def _splice(smap: SourceMap, nodes: dict, path: tuple, index: int, blocks: list) -> None:
    """Re-key the positions of a list whose item ``index`` becomes ``blocks`` (generated under
    ``path + (index,)`` as if it were a list, so its parts are at ``path + (index, k)``)."""
    size = len(path)
    grow = len(blocks) - 1
    for table in (smap.values, smap.keys, smap.typed, nodes):
        moved = {}
        for key in list(table):
            if len(key) > size and key[:size] == path and isinstance(key[size], int):
                k = key[size]
                if k > index:
                    moved[key[:size] + (k + grow,) + key[size + 1:]] = table.pop(key)
                elif k == index and len(key) > size + 1 and isinstance(key[size + 1], int):
                    moved[key[:size] + (index + key[size + 1],) + key[size + 2:]] = table.pop(key)
        table.update(moved)


#: Lists whose lines are body text or recipients, where YAML's silent readings are warned about (#14, phần 5).
_TRAP_LISTS = frozenset({"noi_dung", "khoan", "diem", "gach", "kinh_gui", "noi_nhan", "can_cu"})
#: "#" after content that is probably the clerk's text ("#1", "… #hashtag"), not a comment: one space before it,
#: or no space after it. A comment written "   # …" (two spaces or more, then "# ") is left alone.
_TEXT_HASH = re.compile(r"^(?: #|[ \t]+#(?=\S))")
_GLUED_DASH = re.compile(r"^-[^\s\d-]")
_CUT = re.compile(r"^[a-zà-ỹđ]")


def _yaml_traps(loaded: Any, diags: Diagnostics) -> None:
    """Readings of YAML that silently change body or recipient lines: a ``#`` taken as a comment (VB233), a
    line ``-UBND tỉnh`` without a space merged into the line above (VB234), a flow list ``[…]`` cut at the
    comma of one name (VB235)."""
    smap: SourceMap = loaded.source_map
    text = loaded.text
    lines = text.split("\n")

    def add(code: str, message: str, path: tuple, line: int, col: int, hint: str) -> None:
        diags.add(Diagnostic(code, Severity.WARNING, message, format_path(path), Position(smap.file, line, col),
                             hint))

    for path, node in list(loaded.nodes.items()):
        in_list = len(path) >= 2 and isinstance(path[-1], int) and path[-2] in _TRAP_LISTS
        head = len(path) >= 3 and path[-1] in ("doan", "tieu_de") and isinstance(path[-2], int)
        label = len(path) >= 3 and isinstance(path[-2], int) and path[-3] in _TRAP_LISTS  # "- Nhãn: nội dung"
        if isinstance(node, SequenceNode) and node.flow_style and path and path[-1] in _TRAP_LISTS:
            items = [child for child in node.value if isinstance(child, ScalarNode) and not child.style]
            for before, after in zip(items, items[1:]):
                if _CUT.match(after.value):
                    add("VB235", f"danh sách [...] bị cắt ở dấu phẩy: `{after.value}` bắt đầu bằng chữ thường, có lẽ "
                        f"là phần tiếp của `{before.value}`", path, after.start_mark.line + 1,
                        after.start_mark.column + 1,
                        f"nếu là một tên, đặt trong dấu ngoặc kép: \"{before.value}, {after.value}\", hoặc viết "
                        "mỗi nơi một dòng \"- …\"")
            continue
        if not isinstance(node, ScalarNode) or node.style or not (in_list or head or label):
            continue
        end = node.end_mark
        rest = lines[end.line][end.column:] if end.line < len(lines) else ""
        if rest.strip().startswith("#") and _TEXT_HASH.match(rest):
            dropped = rest.strip()
            shown = dropped if len(dropped) <= 40 else dropped[:39] + "…"
            add("VB233", f"phần sau dấu # đã bị bỏ (YAML hiểu là chú thích): `{shown}`", path, end.line + 1,
                end.column + len(rest) - len(rest.lstrip()) + 1,
                "đặt dòng trong dấu nháy, hoặc viết nội dung dạng văn xuôi (noi_dung: |)")
        for offset, source in enumerate(text[node.start_mark.index:end.index].split("\n")[1:], 1):
            glued = source.lstrip()
            if _GLUED_DASH.match(glued):
                add("VB234", f"dòng `{glued}` thiếu dấu cách sau dấu \"-\": YAML đã nối nó vào dòng trên thành một "
                    "mục", path, node.start_mark.line + offset + 1, len(source) - len(glued) + 1,
                    f"viết \"- {glued[1:]}\" nếu đó là một mục riêng")


def _typed_back(data: Any, smap: SourceMap, error: dict) -> bool:
    """A number, boolean or null where text is expected (``- 2021``, ``ky_hieu: 123``) becomes the text as typed."""
    if error["type"] != "string_type":
        return False
    path = _yaml_path(tuple(error["loc"]))
    typed = smap.typed.get(path)
    if typed is None or not path:
        return False
    parent = data
    for part in path[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return False
    try:
        parent[path[-1]] = typed
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _number_written(data: Any, smap: SourceMap) -> str | None:
    """The digits of ``so`` as typed when they keep leading zeros the decree does not ask for ("0134", "012",
    quoted or not; never the octal of YAML 1.1), else ``None`` (the decree's form: "05", "469")."""
    value = data.get("so") if isinstance(data, dict) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        digits, number = (smap.typed.get(("so",)) or "").lstrip("+"), value
    elif isinstance(value, str) and value.strip().isdigit() and value.strip().isascii():
        digits = value.strip()
        number = int(digits)
    else:
        return None
    return digits if digits.startswith("0") and digits.isdigit() and digits != f"{number:02d}" else None


def _number_as_typed(data: Any, smap: SourceMap, diags: Diagnostics) -> None:
    """Số (ô 3, Phụ lục I Mục II.3): "với những số nhỏ hơn 10 phải ghi thêm số 0 phía trước"; ``so: 0134`` is
    printed as written, "Số: 0134/…" (an office's register of fixed width, corpus 19, 20), with a warning that
    the decree pads only numbers below 10 (VB231). ``so: 52/2025`` (the year typed into the number) is VB238."""
    written = _number_written(data, smap)
    if written is not None:
        number = int(written)
        diags.add(Diagnostic("VB231", Severity.WARNING,
                             f"số `{written}` có chữ số 0 ở đầu, được in đúng như đã ghi \"Số: {written}/…\"; Nghị "
                             "định 30 chỉ thêm số 0 phía trước số nhỏ hơn 10 (Phụ lục I, Mục II)", "so",
                             smap.position(("so",)), f"ghi `so: {number}` nếu cơ quan không đánh số như vậy"))
    value = data.get("so") if isinstance(data, dict) else None
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*/\s*\d{4}\s*", value):
        number, year = (part.strip() for part in value.split("/"))
        diags.add(Diagnostic("VB238", Severity.ERROR,
                             f"`so: {value.strip()}` ghi cả năm vào số; số là một số nguyên", "so",
                             smap.position(("so",)), f"ghi `so: {number}` và `nam_trong_so: true` (năm {year} lấy "
                             "từ `ngay`): \"Số: " + f"{number}/{year}/…\""))


def _long_texts(node: Any, path: tuple, smap: SourceMap, diags: Diagnostics) -> None:
    """Check every text value as YAML decoded it: length, and characters that only an escape
    sequence such as ``"\\b"`` or ``"\\u202e"`` can produce (the raw text was checked before)."""
    if isinstance(node, str):
        if len(node) > MAX_TEXT:
            diags.add(Diagnostic("VB209", Severity.ERROR, f"đoạn văn quá dài ({len(node)} ký tự; tối đa {MAX_TEXT})",
                                 format_path(path), smap.position(path)))
        for match in _XML_ILLEGAL.finditer(node):
            diags.add(Diagnostic("VB107", Severity.ERROR,
                                 f"ký tự điều khiển U+{ord(match.group()):04X} không được phép trong văn bản",
                                 format_path(path), smap.position(path)))
        for match in _BIDI.finditer(node):
            diags.add(Diagnostic("VB109", Severity.ERROR,
                                 f"ký tự điều khiển hướng chữ U+{ord(match.group()):04X} có thể làm văn bản hiển thị "
                                 "khác với nội dung thật", format_path(path), smap.position(path)))
    elif isinstance(node, dict):
        for key, value in node.items():
            _long_texts(value, path + (key,), smap, diags)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _long_texts(item, path + (i,), smap, diags)


def _type_rules(data: Any, smap: SourceMap, diags: Diagnostics) -> None:
    """Keys required by, or foreign to, the type in `loai` (schema.REQUIRED_FOR / ONLY_FOR).

    Checked on the raw mapping so these problems are reported together with pydantic's.
    """
    if not isinstance(data, dict):
        return
    loai = data.get("loai", "cong_van")
    if loai not in s.LOAI:
        return  # pydantic reports the value
    name = m.DocumentType(loai).name_vi.lower()
    for key, types in s.REQUIRED_FOR.items():
        if loai in types:
            if key not in data or data[key] is None:
                diags.add(Diagnostic("VB202", Severity.ERROR, f"thiếu trường bắt buộc `{key}`", key,
                                     smap.position(())))
            elif data[key] == [] or data[key] == "":
                diags.add(Diagnostic("VB206", Severity.ERROR, "không được để trống", key, smap.position((key,))))
    for key, types in s.ONLY_FOR.items():
        if key in data and loai not in types:
            allowed = ", ".join(m.DocumentType(t).name_vi.lower() for t in types)
            diags.add(Diagnostic("VB211", Severity.ERROR, f"khóa `{key}` không dùng cho {name}", key,
                                 smap.position((key,), key=True), f"chỉ dùng cho: {allowed}"))


# --------------------------------------------------------------------------- pydantic → diagnostics


def _model_for_path(data: Any, loc: tuple) -> type[BaseModel] | None:
    """The schema class that describes the mapping at ``loc`` (for "did you mean")."""
    current: type[BaseModel] | None = s.CongVanSpec
    node = data
    after_index = False
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            after_index = True
            continue
        if part in _UNION_TAGS and after_index:
            # a union tag inserted by pydantic right after a list index, not a YAML key
            current = s.resolve({**s.BLOCK_CLASSES, **s.ROW_CLASSES, "item": s.ItemSpec}.get(part))
            after_index = False
            continue
        after_index = False
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        node = node.get(part) if isinstance(node, dict) else None
        if field is None:
            return None
        current = _field_model(field.annotation, node)
    return current


def _field_model(annotation: Any, node: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _field_model(arg, node)
        if found is not None:
            return found
    metadata = getattr(annotation, "__metadata__", None)
    if metadata is not None:
        lazy = next((one for one in metadata if isinstance(one, s.LazyModel)), None)
        return lazy.model() if lazy is not None else _field_model(annotation.__origin__, node)
    return None


_UNION_TAGS = ("doan", "khoan", "diem", "gach", "phan", "chuong", "muc", "tieu_muc", "dieu", "bang", "item", "chuoi",
               "nhom_dong", "muc_dong")


def _yaml_path(loc: tuple) -> tuple:
    """Drop pydantic's union tags (one right after a list index) so the path is the YAML path."""
    out: list = []
    skip_next_tag = False
    for part in loc:
        if skip_next_tag and part in _UNION_TAGS:
            skip_next_tag = False
            continue
        skip_next_tag = isinstance(part, int)
        out.append(part)
    return tuple(out)


def _diagnostic_from_pydantic(error: dict, data: Any, smap: SourceMap) -> Diagnostic:
    kind = error["type"]
    loc = tuple(error["loc"])
    path = _yaml_path(loc)
    ctx = error.get("ctx") or {}
    hint = ""
    if kind == "extra_forbidden":
        key = path[-1]
        parent = _model_for_path(data, loc[:-1])
        options = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(str(key), options, n=1, cutoff=0.5)
        if close:
            hint = f"có phải ý bạn là `{close[0]}`?"
        elif options:
            hint = "các khóa hợp lệ: " + ", ".join(options)
        return Diagnostic("VB201", Severity.ERROR, f"khóa `{key}` không hợp lệ", format_path(path),
                          smap.position(path, key=True), hint)
    if kind == "missing":
        return Diagnostic("VB202", Severity.ERROR, f"thiếu trường bắt buộc `{path[-1]}`", format_path(path),
                          smap.position(path[:-1]))
    position = smap.position(path)
    where = format_path(path)
    if kind in _TYPE_MESSAGES:
        return Diagnostic("VB203", Severity.ERROR, f"`{path[-1] if path else 'đặc tả'}` {_TYPE_MESSAGES[kind]}",
                          where, position)
    if kind in ("literal_error", "enum") and path and path[-1] == "loai":
        value = str(error.get("input"))
        choices = s.LOAI if path == ("loai",) else s.LOAI_KEM_THEO
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        hint = f"có phải ý bạn là `{close[0]}`?" if close else "chọn một trong: " + ", ".join(choices)
        what = "loại văn bản của Điều 7 Nghị định 30" if path == ("loai",) else "loại văn bản ban hành kèm theo"
        return Diagnostic("VB204", Severity.ERROR, f"`{value}` không phải {what}", where, position, hint)
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return Diagnostic("VB204", Severity.ERROR, f"giá trị `{error.get('input')}` không hợp lệ; chọn một trong: "
                          f"{expected}", where, position)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        relation = "nhỏ hơn" if kind.startswith("greater") else "lớn hơn"
        return Diagnostic("VB205", Severity.ERROR, f"giá trị {error.get('input')} {relation} giới hạn {limit}",
                          where, position)
    if kind in ("string_too_short", "too_short"):
        return Diagnostic("VB206", Severity.ERROR, "không được để trống", where, position)
    if kind in ("vb_block", "vb_item") and isinstance(error.get("input"), dict):
        for key in error["input"]:
            close = difflib.get_close_matches(str(key), [*s.BLOCK_KEYS, *s.ItemSpec.model_fields], n=1, cutoff=0.6)
            if close and key not in s.BLOCK_KEYS and key not in s.ItemSpec.model_fields:
                return Diagnostic("VB201", Severity.ERROR, f"khóa `{key}` không hợp lệ", format_path(path + (key,)),
                                  smap.position(path + (key,), key=True), f"có phải ý bạn là `{close[0]}`?")
    if kind in ("vb_block", "vb_item", "union_tag_not_found", "union_tag_invalid"):
        return Diagnostic("VB207", Severity.ERROR, error["msg"], where, position)
    if kind == "vb_date":
        return Diagnostic("VB301", Severity.ERROR, error["msg"], where, position)
    return Diagnostic("VB299", Severity.ERROR, f"giá trị không hợp lệ: {error['msg']}", where, position)


# --------------------------------------------------------------------------- spec → model


#: Where each structural part may stand (§3.7: phần > chương > mục > tiểu mục > điều).
_PARENTS = {
    "phan": ("top",),
    "chuong": ("top", "phan"),
    "muc": ("top", "phan", "chuong"),
    "tieu_muc": ("muc",),
    "dieu": ("top", "phan", "chuong", "muc", "tieu_muc"),
}
_PART_NAMES = {"top": "cấp ngoài cùng của nội dung", "phan": "một phần", "chuong": "một chương",
               "muc": "một mục của chương", "muc_la_ma": "một mục (I., II.)", "tieu_muc": "một tiểu mục",
               "dieu": "một điều", "item": "một khoản, điểm hay gạch đầu dòng"}


class _Builder:
    def __init__(self, smap: SourceMap, diags: Diagnostics, doc_type: m.DocumentType = m.DocumentType.CONG_VAN, *,
                 name: str = "", recipients: RecipientsFactory | None = None,
                 template_check: TemplateCheck | None = None, templates: dict | None = None):
        self.smap = smap
        self.diags = diags
        self.doc_type = doc_type
        self.counters = {"phan": 0, "chuong": 0, "dieu": 0}
        self.khoan_prefix = ""  # the number of the khoản being built ("1."), for the khoản inside it
        self.keys: dict[str, tuple[str, tuple]] = {}  # khoa → (citation, path)
        self.references: list[tuple[str, tuple]] = []  # ({#khoa}, where)
        self.name = name  # the spec file, for finding its registry
        self.recipients = recipients
        self.template_check = template_check
        self.free_addressees: list[m.SourceRef] = []  # Kính gửi entries written as text
        self.noi_nhan: list[m.SourceRef] = []  # where each kept Nơi nhận entry is written
        #: template text → where it is first written (shared with the documents issued with this one)
        self.templates: dict[str, m.SourceRef] = templates if templates is not None else {}

    def ref(self, path: tuple) -> m.SourceRef:
        return m.SourceRef(tuple(path), self.smap.position(path))

    def unlabel(self, value: str | None, path: tuple) -> str | None:
        """``value`` without a label vanban prints itself typed at its start ("Lưu: VT" in `luu`): VB340 says
        what was taken off and what is printed (:mod:`vanban.spec.labels`). A value that is only the label is
        kept for the schema's own message; in a list it is left out by :meth:`unlabel_list`."""
        found = typed_label(value, path) if value is not None else None
        if found is None or not found.rest:
            return value
        self.report("VB340", Severity.WARNING, found.message, path, found.hint)
        return found.rest

    def unmark(self, value: str, path: tuple, kind: str, printed: str) -> str:
        """A part's or item's text without its own label typed again ("Điều 1. Phạm vi" → "Phạm vi"), VB340."""
        found = typed_marker(value, kind, printed)
        if found is None:
            return value
        self.report("VB340", Severity.WARNING, found.message, path, found.hint)
        return found.rest

    def unlabel_list(self, values, path: tuple) -> list[tuple[int, str]]:
        """The entries of a list of text as (index, text), each without its typed label; an entry that is only
        the label ("Nơi nhận:") is left out (VB340)."""
        out = []
        for i, value in enumerate(values or ()):
            found = typed_label(value, path + (i,))
            if found is not None and not found.rest:
                self.report("VB340", Severity.WARNING, found.message, path + (i,), found.hint)
                continue
            out.append((i, self.unlabel(value, path + (i,))))
        return out

    def report(self, code: str, severity: Severity, message: str, path: tuple, hint: str = "") -> None:
        self.diags.add(Diagnostic(code, severity, message, format_path(path), self.smap.position(path), hint))

    def template(self, source: str, path: tuple) -> None:
        """A template text: checked where it is written (VB62x), remembered for filling per copy."""
        where = self.ref(path)
        if self.template_check is not None:
            self.diags.extend(self.template_check(source, format_path(path), where.position))
        self.templates.setdefault(self.resolve(source), where)

    # text and references -----------------------------------------------------

    def text(self, source: str, path: tuple, *, footnotes: bool = True) -> m.RichText:
        """Inline text; a text with a template (``{{ … }}``) is checked here (VB62x), filled per copy; with
        ``footnotes`` a ``[^1]`` is a footnote reference (body, căn cứ; not inside a footnote's own text)."""
        for match in _REFERENCE.finditer(source):
            self.references.append((match.group(1), path))
        rich = parse_inline(source, footnotes)
        if m.has_template(source):
            for span in rich.spans:
                if m.has_template(span.text):
                    self.template(span.text, path)
        return rich

    def check_references(self) -> None:
        for key, path in self.references:
            if key not in self.keys:
                close = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.5)
                self.report("VB310", Severity.ERROR, f"không có phần nào mang khóa `{key}` để trích dẫn {{#{key}}}",
                            path, f"có phải ý bạn là `{close[0]}`?" if close else "đặt `khoa:` cho điều được trích dẫn")

    def resolve(self, source: str) -> str:
        """Replace ``{#khoa}`` by the citation ("Điều 3") of the keyed part."""
        return _REFERENCE.sub(lambda match: self.keys.get(match.group(1), (match.group(0),))[0], source)

    def resolve_text(self, text: m.RichText) -> m.RichText:
        if not any("{#" in span.text for span in text.spans):
            return text
        return m.RichText(tuple(dataclasses.replace(span, text=self.resolve(span.text)) for span in text.spans))

    def resolve_blocks(self, blocks: tuple) -> tuple:
        return map_text(blocks, self.resolve_text)

    def register(self, key: str | None, citation: str, path: tuple) -> None:
        if key is None:
            return
        if key in self.keys:
            first = self.smap.position(self.keys[key][1])
            self.report("VB311", Severity.ERROR, f"khóa `{key}` đã dùng cho {self.keys[key][0]} (dòng {first.line})",
                        path + ("khoa",))
            return
        self.keys[key] = (citation, path + ("khoa",))

    # body ---------------------------------------------------------------

    def blocks(self, specs: list, path: tuple, parent: str = "top", depth: int = 0) -> tuple[m.Block, ...]:
        if depth > MAX_BODY_DEPTH:
            self.report("VB210", Severity.ERROR, f"nội dung lồng nhau quá {MAX_BODY_DEPTH} cấp", path)
            return ()
        siblings = {"muc": 0, "tieu_muc": 0}
        return tuple(self.block(spec, path + (i,), parent, siblings, depth) for i, spec in enumerate(specs))

    def block(self, spec: Any, path: tuple, parent: str = "item", siblings: dict | None = None,
              depth: int = 0) -> m.Block:
        """One body block; ``depth`` counts nested lists (phần … điều are bounded by their hierarchy)."""
        siblings = siblings if siblings is not None else {"muc": 0, "tieu_muc": 0}
        if isinstance(spec, str):
            return m.Paragraph(self.text(spec, path), src=self.ref(path))
        if isinstance(spec, s.KhoanSpec):
            return self.item_list(m.ListKind.KHOAN, spec.khoan, path + ("khoan",), spec.dau, depth)
        if isinstance(spec, s.DiemSpec):
            return self.item_list(m.ListKind.DIEM, spec.diem, path + ("diem",), "-", depth)
        if isinstance(spec, s.GachSpec):
            return self.item_list(m.ListKind.GACH, spec.gach, path + ("gach",), spec.dau, depth)
        kind = s.block_key(spec)
        if kind == "bang":
            from .tables_build import build_table  # imported with the first table (its models are built lazily)

            return m.TableBlock(build_table(spec.bang, path + ("bang",), self.report), src=self.ref(path + ("bang",)))
        if parent not in _PARENTS[kind]:
            where = " hoặc ".join(_PART_NAMES[p] for p in _PARENTS[kind])
            self.report("VB312", Severity.ERROR, f"`{kind}` không được đặt trong {_PART_NAMES[parent]}",
                        path + (kind,), f"đặt trong {where}")
        if isinstance(spec, s.DieuSpec):
            self.counters["dieu"] += 1
            number = self.counters["dieu"]
            self.register(spec.khoa, f"Điều {number}", path)
            text = self.text(self.unmark(spec.dieu, path + ("dieu",), "dieu", f"Điều {number}."), path + ("dieu",))
            children = self.blocks(spec.noi_dung, path + ("noi_dung",), "dieu", depth)
            src = self.ref(path + ("dieu",))
            if self.doc_type in (m.DocumentType.QUYET_DINH, m.DocumentType.NGHI_QUYET):
                return m.Article(number, text=text, children=children, key=spec.khoa, src=src)
            return m.Article(number, title=text, children=children, key=spec.khoa, src=src)
        if isinstance(spec, s.PhanSpec):
            self.counters["phan"] += 1
            section_kind, number, title, child_ctx = m.SectionKind.PHAN, self.counters["phan"], spec.phan, "phan"
        elif isinstance(spec, s.ChuongSpec):
            self.counters["chuong"] += 1
            section_kind, number, title, child_ctx = (m.SectionKind.CHUONG, self.counters["chuong"], spec.chuong,
                                                      "chuong")
        elif isinstance(spec, s.MucSpec):
            siblings["muc"] += 1
            number, title = siblings["muc"], spec.muc
            if parent == "chuong":
                section_kind, child_ctx = m.SectionKind.MUC, "muc"
            else:
                section_kind, child_ctx = m.SectionKind.MUC_LA_MA, "muc_la_ma"
        else:
            siblings["tieu_muc"] += 1
            section_kind, number, title, child_ctx = (m.SectionKind.TIEU_MUC, siblings["tieu_muc"], spec.tieu_muc,
                                                      "tieu_muc")
        section = m.Section(section_kind, number, title, (), spec.khoa, src=self.ref(path + (kind,)))
        marker = "muc_la_ma" if section_kind is m.SectionKind.MUC_LA_MA else kind
        section = dataclasses.replace(section, title=self.unmark(title, path + (kind,), marker, section.label))
        self.register(spec.khoa, section.citation, path)
        children = self.blocks(spec.noi_dung, path + ("noi_dung",), child_ctx, depth)
        return dataclasses.replace(section, children=children)

    def item_list(self, kind: m.ListKind, items: list, path: tuple, marker: str, depth: int) -> m.ItemList:
        """A khoản inside a khoản is numbered under its parent: "1.1.", "1.2.", then "1.1.1." (the form of
        provincial plans and reports), never "1." again. Items numbered in brackets (``dau: "(1)"``: "(1)",
        "(2)", the enumerations of corpus 11, 15, 18) stand on their own: "(1)" inside any khoản, and a khoản
        list inside them goes on from the khoản around them."""
        built = []
        outer = self.khoan_prefix
        bracketed = kind is m.ListKind.KHOAN and marker == "(1)"
        for i, item in enumerate(items):
            if bracketed:
                label = f"({i + 1})"
            else:
                label = f"{outer}{i + 1}." if kind is m.ListKind.KHOAN else m.item_label(kind, i, marker)
            src = self.ref(path + (i,))
            numbered = {m.ListKind.KHOAN: "khoan", m.ListKind.DIEM: "diem"}.get(kind)  # labels computed here
            if isinstance(item, str):
                text = self.unmark(item, path + (i,), numbered, label) if numbered else item
                built.append(m.ListItem(label, self.text(text, path + (i,)), src=src))
            else:
                self.khoan_prefix = outer if bracketed else label if kind is m.ListKind.KHOAN else ""
                children = self.blocks(item.noi_dung, path + (i, "noi_dung"), "item", depth + 1)
                self.khoan_prefix = outer
                head = item.tieu_de if item.tieu_de is not None else item.doan
                head = self.unmark(head, path + (i,), numbered, label) if numbered else head
                built.append(m.ListItem(label, self.text(head, path + (i,)), children,
                                        titled=item.tieu_de is not None, src=src))
        return m.ItemList(kind, tuple(built))

    # signature ----------------------------------------------------------

    def signature(self, spec: s.NguoiKySpec, path: tuple = ("nguoi_ky",)) -> m.Signature:
        """The signing block as written; which combinations the decree allows is checked by the rules of
        ``vanban check`` (ND30-PL1-II-7b.*)."""
        lines: list[m.AuthorityLine] = []
        for key, authority in (("thay_mat", m.Authority.TM), ("thua_lenh", m.Authority.TL),
                               ("thua_uy_quyen", m.Authority.TUQ), ("ky_thay", m.Authority.KT)):
            value = self.unlabel(getattr(spec, key), path + (key,))
            if value:
                lines.append(m.AuthorityLine(authority, value))
        return m.Signature(tuple(lines), spec.chuc_vu, spec.ho_ten or "", acting=spec.quyen, placeholder=spec.cho_ky,
                           representing=self.unlabel(spec.dai_dien, path + ("dai_dien",)))

    # distribution ------------------------------------------------------

    def distribution(self, spec: s.CongVanSpec, number: m.DocumentNumber) -> m.Distribution:
        resolver = None
        if any(is_ref(e) for e in [*(spec.kinh_gui or ()), *spec.noi_nhan]):
            resolver = (self.recipients(self.name, self.diags, self.report) if self.recipients is not None
                        else _NoRegistry(self.report))
        addressees: list[str] = []
        recipients: list[m.Recipient] = []
        for i, entry in self.unlabel_list(spec.kinh_gui, ("kinh_gui",)):
            if resolver is not None and is_ref(entry):
                lines, found = resolver.addressee(entry, ("kinh_gui", i))
                addressees.extend(lines)
                recipients.extend(found)
                continue
            addressees.append(entry.strip().lstrip("-").strip())
            self.free_addressees.append(self.ref(("kinh_gui", i)))
        others = []
        for i, entry in self.unlabel_list(spec.noi_nhan, ("noi_nhan",)):
            if resolver is not None and is_ref(entry):
                others.extend(resolver.other(entry, ("noi_nhan", i)))
                continue
            for match in _REFERENCE.finditer(entry):
                self.references.append((match.group(1), ("noi_nhan", i)))
            bare = self.resolve(entry).strip().lstrip("-").strip().rstrip(";.").strip()
            if bare.lower() == "như trên":
                self.report("VB502", Severity.WARNING, "\"Như trên\" được thêm tự động khi có Kính gửi; bỏ dòng này",
                            ("noi_nhan", i))
                continue
            if bare.lower().startswith("lưu"):
                self.report("VB503", Severity.ERROR, "dòng \"Lưu\" được tạo tự động", ("noi_nhan", i),
                            "ghi nơi lưu ở khóa `luu`, ví dụ luu: [VT, KGVX]")
                continue
            others.append(bare)
            self.noi_nhan.append(self.ref(("noi_nhan", i)))
        if spec.luu is not None:
            # "VT, KGVX" typed as one string is the two entries the line prints (9d.1 reads the first one)
            archive = tuple(part.strip() for _, entry in self.unlabel_list(spec.luu, ("luu",))
                            for part in entry.rstrip(" .;").split(",") if part.strip())
        elif self.doc_type is m.DocumentType.BIEN_BAN:
            archive = ("VT", "Hồ sơ")  # Mẫu 1.9
        elif self.doc_type.abbreviation:
            # "QĐ-UBND": the code names the agency, not a drafting unit; "QĐ-UBND-VX" names one.
            unit = number.code.split("-")[2:]
            archive = ("VT",) + ((unit[-1],) if unit else ())
        else:
            archive = ("VT",) + ((number.unit,) if number.unit else ())
        return m.Distribution(
            addressees=tuple(addressees),
            others=tuple(others),
            archive=archive,
            drafter=spec.nguoi_soan_thao,
            copies=spec.so_ban,
            as_above=spec.giay_moi is not None,
            recipients=tuple(recipients),
        )


def _code(spec: s.CongVanSpec, doc_type: m.DocumentType, b: _Builder) -> str:
    """Ký hiệu (§3.3): công văn "UBND-KGVX" as typed; other types "<viết tắt tên loại>-<cơ quan>".

    Its shape and the abbreviation of another type are rules of ``vanban check`` (ND30-PL1-II-3c.4, 3b.4)."""
    abbreviation = doc_type.abbreviation
    if abbreviation is None:
        return spec.ky_hieu
    code = spec.ky_hieu
    head, _, rest = code.partition("-")
    if rest and head == abbreviation:
        b.report("VB303", Severity.WARNING,
                 f"chữ viết tắt tên loại `{abbreviation}` được thêm tự động; chỉ ghi `{rest}`", ("ky_hieu",))
        return code
    return f"{abbreviation}-{code}"


_VV = re.compile(r"^(?:V/v|v/v|V/V|Về việc|về việc|VỀ VIỆC)\s*[:.]?\s+(?=\S)")


def _subject(spec: s.CongVanSpec, doc_type: m.DocumentType, b: _Builder) -> str | None:
    """Trích yếu of a công văn (ô 5b, Mẫu 1.5): "V/v" is printed by vanban; typed again ("V/v …", "Về việc …")
    it is taken off with a warning (VB236), so the letter never reads "V/v Về việc …"."""
    subject = spec.trich_yeu
    if subject is None or doc_type is not m.DocumentType.CONG_VAN:
        return subject
    match = _VV.match(subject)
    if match is None:
        return subject
    b.report("VB236", Severity.WARNING, f"\"{match.group().strip()}\" ở đầu trích yếu đã được bỏ: vanban tự in "
             "\"V/v\" trước trích yếu của công văn", ("trich_yeu",), f"chỉ ghi `{subject[match.end():]}`")
    return subject[match.end():]


def _typed_closing(body: tuple, b: _Builder) -> None:
    """"./." typed inside the body (§3.14: it closes the content, after its last paragraph): VB237 naming where."""
    for step in list(walk(body))[:-1]:
        src = step.node.src
        if src is not None and any("./." in text.plain for text in texts(step.node)):
            b.diags.add(Diagnostic("VB237", Severity.WARNING, "dấu \"./.\" kết thúc văn bản nằm giữa nội dung, trước "
                                   "đoạn cuối", format_path(src.path), src.position,
                                   "bỏ \"./.\" ở đây; vanban tự thêm \"./.\" sau đoạn cuối"))


def _bracketed(note: m.RichText) -> m.RichText:
    """A note of what is sent with the document in brackets: kept as written when the clerk typed them, else
    added ("Công điện số 225/CĐ-TTg … gửi kèm theo" → "(Công điện số 225/CĐ-TTg … gửi kèm theo)")."""
    plain = note.plain.strip()
    if plain.startswith("(") and plain.endswith(")"):
        return note
    return m.RichText((m.Span("("),) + note.spans + (m.Span(")"),))


def _build(spec: s.CongVanSpec, smap: SourceMap, diags: Diagnostics, name: str,
           recipients: RecipientsFactory | None = None, template_check: TemplateCheck | None = None,
           word_check: WordCheck | None = None, *, number_written: str | None = None) -> m.Document:
    doc_type = m.DocumentType(spec.loai)
    b = _Builder(smap, diags, doc_type, name=name, recipients=recipients, template_check=template_check)
    number = m.DocumentNumber(code=_code(spec, doc_type, b), number=spec.so,
                              written=number_written if spec.so is not None else None,
                              year=spec.ngay.year if spec.nam_trong_so else None)
    date = spec.ngay
    issued = m.IssueDate(place=spec.dia_danh, year=date.year, month=date.month, day=date.day)
    body = b.blocks(spec.noi_dung, ("noi_dung",))
    _typed_closing(body, b)
    if body:
        last = body[-1]
        if isinstance(last, m.Paragraph) and last.text.plain.rstrip().endswith("./."):
            b.report("VB501", Severity.WARNING, "dấu \"./.\" cuối nội dung được thêm tự động; không cần gõ",
                     ("noi_dung", len(body) - 1))
    agency = m.Agency(name=tuple(spec.co_quan.ten), parent=tuple(spec.co_quan.chu_quan or ()))
    host = " ".join(agency.name)
    grounds = tuple(b.text(g, ("can_cu", i)) for i, g in enumerate(spec.can_cu or ()))
    distribution = b.distribution(spec, number)
    b.check_references()
    if m.has_template(spec.trich_yeu):
        b.template(spec.trich_yeu, ("trich_yeu",))
    document = m.Document(
        type=doc_type,
        agency=agency,
        number=number,
        issued=issued,
        subject=_subject(spec, doc_type, b),
        distribution=distribution,
        body=b.resolve_blocks(body),
        signature=b.signature(spec.nguoi_ky),
        source=name,
        authority=spec.tham_quyen_ban_hanh,
        grounds=tuple(b.resolve_text(g) for g in grounds),
        secrecy=m.Secrecy(spec.do_mat) if spec.do_mat else None,
        urgency=m.Urgency(spec.do_khan) if spec.do_khan else None,
        circulation=spec.pham_vi_luu_hanh,
        contact=_contact(spec.lien_he, b),
        form=_form(spec, host, b),
        sent_with=tuple(_bracketed(b.resolve_text(b.text(note, ("gui_kem", i)))) for i, note in enumerate(spec.gui_kem)),
        second_signature=(b.signature(spec.nguoi_ghi, ("nguoi_ghi",)) if spec.nguoi_ghi else
                          b.signature(spec.ben_kia, ("ben_kia",)) if spec.ben_kia else None),
    )
    enclosures = []
    for i, enclosed in enumerate(spec.kem_theo):
        eb = _Builder(smap, diags, m.DocumentType(enclosed.loai), name=name, template_check=template_check,
                      templates=b.templates)
        path = ("kem_theo", i)
        enclosed_body = eb.blocks(enclosed.noi_dung, path + ("noi_dung",))
        eb.check_references()
        enclosures.append(m.EnclosedDocument(m.DocumentType(enclosed.loai), enclosed.trich_yeu,
                                             eb.resolve_blocks(enclosed_body), document.enclosure_reference()))
    def appendix_blocks(specs: list, path: tuple) -> tuple:
        ab = _Builder(smap, diags, doc_type, name=name, template_check=template_check, templates=b.templates)
        blocks = ab.blocks(specs, path)
        ab.check_references()
        return ab.resolve_blocks(blocks)

    def word_form(form_spec, path: tuple, reference):
        return read_word_form(form_spec, path, reference, folder=base_folder(name), document=document,
                              position=smap.position(path + ("mau_word",)), report=b.report, check=word_check)

    attachments: tuple = ()
    if spec.phu_luc or spec.bieu_mau:
        from .forms_build import build_forms  # imported with the first form (its models are built lazily)

        attachments = build_forms(spec.phu_luc, spec.bieu_mau, b.report, appendix_blocks, word_form)
    origin = m.Origin(
        file=name, locator=smap,
        rules_off=tuple((rule, b.ref(("bo_qua_quy_tac", i))) for i, rule in enumerate(spec.bo_qua_quy_tac)),
        templates=tuple(b.templates.items()), free_addressees=tuple(b.free_addressees), noi_nhan=tuple(b.noi_nhan))
    document = dataclasses.replace(document, enclosures=tuple(enclosures), attachments=attachments, origin=origin)
    return _footnotes(document, spec, b)


def _footnote_refs(doc: m.Document) -> Iterator[tuple[str, tuple]]:
    """(label, YAML path) of every footnote reference, in the order Word numbers them (:func:`footnote_order`)."""
    def spans(text: m.RichText, path: tuple):
        for span in text.spans:
            if span.footnote is not None:
                yield span.footnote, path

    def blocks(items, fallback: tuple):
        for step in walk(items):
            for text in texts(step.node):
                yield from spans(text, step.node.src.path if step.node.src is not None else fallback)

    for i, ground in enumerate(doc.grounds):
        yield from spans(ground, ("can_cu", i))
    yield from blocks(doc.body, ("noi_dung",))
    for i, note in enumerate(doc.sent_with):
        yield from spans(note, ("gui_kem", i))
    for i, enclosed in enumerate(doc.enclosures):
        yield from blocks(enclosed.body, ("kem_theo", i))
    for form in doc.attachments:
        kind, _, number = form.key.rpartition("-")
        yield from blocks(form.body, (kind, int(number) - 1) if number.isdigit() else (kind,))


def _footnotes(doc: m.Document, spec: s.CongVanSpec, b: "_Builder") -> m.Document:
    """Chú thích cuối trang: each ``[^n]`` names the n-th entry of ``chu_thich`` (VB239 when there is none),
    once (VB240: a footnote has one reference); an entry never referenced is not printed (VB241)."""
    notes = tuple((str(i + 1), b.resolve_text(b.text(text, ("chu_thich", i), footnotes=False)))
                  for i, text in enumerate(spec.chu_thich))
    labels = {label for label, _ in notes}
    seen: set[str] = set()
    for label, path in _footnote_refs(doc):
        if label not in labels:
            have = f"`chu_thich` có {len(notes)} chú thích" if notes else "văn bản không có `chu_thich`"
            b.report("VB239", Severity.ERROR, f"chú thích `[^{label}]` không có: {have}", path,
                     "chú thích thứ n của `chu_thich` được dẫn bằng [^n]")
        elif label in seen:
            b.report("VB240", Severity.ERROR, f"chú thích `[^{label}]` được dẫn lần thứ hai; mỗi chú thích cuối "
                     "trang có một chỗ dẫn", path, f"dẫn lại bằng chữ, ví dụ \"(xem chú thích {label})\"")
        seen.add(label)
    for i, (label, _) in enumerate(notes):
        if label not in seen:
            b.report("VB241", Severity.WARNING, f"chú thích thứ {label} không được dẫn ở đâu ([^{label}]) nên không "
                     "được in", ("chu_thich", i), f"thêm [^{label}] vào chỗ cần chú thích, hoặc bỏ chú thích này")
    return dataclasses.replace(doc, footnotes=notes)


def _contact(spec: s.LienHeSpec | None, b: _Builder) -> m.Contact | None:
    if spec is None:
        return None
    return m.Contact(*(b.unlabel(getattr(spec, key), ("lien_he", key))
                       for key in ("dia_chi", "dien_thoai", "fax", "email", "website")))


def _date(value: s.PartialDate, place: str = "") -> m.IssueDate:
    return m.IssueDate(place, value.year, value.month, value.day)


def _form(spec: s.CongVanSpec, host: str, b: _Builder):
    """The fixed lines of giấy mời, giấy giới thiệu, biên bản, giấy nghỉ phép (Mẫu 1.7–1.10), each value without
    a typed label of its line (VB340)."""
    def values(key: str, g, *names: str) -> list:
        return [b.unlabel(getattr(g, name), (key, name)) for name in names]

    def lines(key: str, g, name: str) -> tuple[str, ...]:
        return tuple(entry for _, entry in b.unlabel_list(getattr(g, name), (key, name)))

    if spec.giay_moi:
        g = spec.giay_moi
        return m.Invitation(host, lines("giay_moi", g, "kinh_moi"),
                            *values("giay_moi", g, "toi_du", "chu_tri", "thoi_gian", "dia_diem"))
    if spec.giay_gioi_thieu:
        g = spec.giay_gioi_thieu
        return m.Introduction(host, *values("giay_gioi_thieu", g, "ho_ten", "chuc_vu", "duoc_cu_den", "ve_viec"),
                              _date(g.gia_tri_den))
    if spec.bien_ban:
        g = spec.bien_ban
        start, place = values("bien_ban", g, "bat_dau", "dia_diem")
        return m.Minutes(start, place, lines("bien_ban", g, "thanh_phan"),
                         *values("bien_ban", g, "chu_tri", "thu_ky"), g.ket_thuc, g.cuoc_hop)
    if spec.nghi_phep:
        g = spec.nghi_phep
        name, position = values("nghi_phep", g, "ho_ten", "chuc_vu")
        return m.Leave(host, _date(g.ngay_don), name, position, g.nam, g.so_ngay, _date(g.tu_ngay),
                       _date(g.den_ngay), b.unlabel(g.tai, ("nghi_phep", "tai")))
    return None
