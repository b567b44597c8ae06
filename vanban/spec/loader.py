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
  VB207 khối nội dung không hợp lệ                   VB208 đoạn kết thúc ":" chưa đặt trong ngoặc kép
  VB301 ngày không hợp lệ
  VB302 ký hiệu sai dạng
  VB401 tổ hợp thẩm quyền ký không thể có            VB402 KT. với chức vụ không phải cấp phó
  VB501 "./." gõ tay (cảnh báo)                       VB502 "Như trên" gõ tay (cảnh báo)
  VB503 "Lưu" gõ trong noi_nhan
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import model as m
from ..diagnostics import Diagnostic, Diagnostics, Position, Severity
from ..text import parse_inline
from . import schema as s
from .yamlsrc import SourceMap, format_path, load_yaml

#: Largest spec file accepted, in bytes.
MAX_SPEC_BYTES = 2 * 1024 * 1024

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Invisible characters that change how text is read or matched (zero-width) or its order (bidi).
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\u00ad]")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")
#: Longest text accepted in one value (a paragraph of a letter is a few hundred characters).
MAX_TEXT = 20_000
#: Deepest nesting of lists in the body (khoản → điểm → gạch → + …).
MAX_BODY_DEPTH = 6
_CODE_SHAPE = re.compile(r"^[0-9A-Za-zĐđ]+(?:-[0-9A-Za-zĐđ]+)+$")

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
}


@dataclass
class LoadResult:
    document: m.Document | None
    diagnostics: Diagnostics
    source_map: SourceMap | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None and not self.diagnostics.errors


def load_spec(path: str | FsPath) -> LoadResult:
    """Load and validate one spec file."""
    path = FsPath(path)
    diags = Diagnostics()
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            diags.add(Diagnostic("VB105", Severity.ERROR,
                                 f"tệp đặc tả quá lớn ({size} byte; tối đa {MAX_SPEC_BYTES})", "", Position(name)))
            return LoadResult(None, diags)
        raw = path.read_bytes()
    except OSError as exc:
        diags.add(Diagnostic("VB106", Severity.ERROR, f"không đọc được tệp: {exc.strerror or exc}", "", Position(name)))
        return LoadResult(None, diags)
    return load_spec_bytes(raw, name, diags)


def load_spec_bytes(raw: bytes, name: str, diags: Diagnostics | None = None) -> LoadResult:
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
    return load_spec_text(text, name, diags)


def _line_col(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def load_spec_text(text: str, name: str = "<spec>", diags: Diagnostics | None = None) -> LoadResult:
    diags = diags if diags is not None else Diagnostics()
    text = text.replace("\r\n", "\n")
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
    if diags.errors:
        return LoadResult(None, diags)
    loaded = load_yaml(text, name, diags)
    if loaded is None or diags.errors:
        return LoadResult(None, diags, loaded.source_map if loaded else None)
    smap = loaded.source_map
    _colon_paragraphs(loaded.data, (), smap, diags)
    _long_texts(loaded.data, (), smap, diags)
    if diags.errors:
        return LoadResult(None, diags, smap)
    try:
        spec = s.CongVanSpec.model_validate(loaded.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            diags.add(_diagnostic_from_pydantic(error, loaded.data, smap))
        return LoadResult(None, diags, smap)
    document = _build(spec, smap, diags, name)
    if diags.errors:
        return LoadResult(None, diags, smap)
    return LoadResult(document, diags, smap)


def _colon_paragraphs(node: Any, path: tuple, smap: SourceMap, diags: Diagnostics) -> None:
    """A list entry ``- Các nội dung sau:`` is read by YAML as a mapping with an empty value.

    No key of the schema contains a space, so such an entry is a paragraph ending in ":"; it is
    taken as that paragraph, with a warning to quote it.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            _colon_paragraphs(value, path + (key,), smap, diags)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and len(item) == 1:
                (key, value), = item.items()
                if value is None and isinstance(key, str) and " " in key.strip():
                    node[i] = key + ":"
                    diags.add(Diagnostic("VB208", Severity.WARNING,
                                         "đoạn văn kết thúc bằng \":\" bị YAML hiểu là khóa; đã đọc thành đoạn văn",
                                         format_path(path + (i,)), smap.position(path + (i,)),
                                         "đặt cả đoạn trong dấu ngoặc kép"))
                    continue
            _colon_paragraphs(item, path + (i,), smap, diags)


def _long_texts(node: Any, path: tuple, smap: SourceMap, diags: Diagnostics) -> None:
    if isinstance(node, str) and len(node) > MAX_TEXT:
        diags.add(Diagnostic("VB209", Severity.ERROR, f"đoạn văn quá dài ({len(node)} ký tự; tối đa {MAX_TEXT})",
                             format_path(path), smap.position(path)))
    elif isinstance(node, dict):
        for key, value in node.items():
            _long_texts(value, path + (key,), smap, diags)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _long_texts(item, path + (i,), smap, diags)


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
            current = {"khoan": s.KhoanSpec, "diem": s.DiemSpec, "gach": s.GachSpec, "muc": s.ItemSpec}.get(part)
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
        return _field_model(annotation.__origin__, node)
    return None


_UNION_TAGS = ("doan", "khoan", "diem", "gach", "muc", "chuoi")


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
    if kind in ("literal_error", "enum"):
        expected = ctx.get("expected", "")
        return Diagnostic("VB204", Severity.ERROR, f"giá trị `{error.get('input')}` không hợp lệ; chọn một trong: "
                          f"{expected}", where, position)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        relation = "nhỏ hơn" if kind.startswith("greater") else "lớn hơn"
        return Diagnostic("VB205", Severity.ERROR, f"giá trị {error.get('input')} {relation} giới hạn {limit}",
                          where, position)
    if kind in ("string_too_short", "too_short"):
        return Diagnostic("VB206", Severity.ERROR, "không được để trống", where, position)
    if kind in ("vb_block", "vb_item", "union_tag_not_found", "union_tag_invalid"):
        return Diagnostic("VB207", Severity.ERROR, error["msg"], where, position)
    if kind == "vb_date":
        return Diagnostic("VB301", Severity.ERROR, error["msg"], where, position)
    return Diagnostic("VB299", Severity.ERROR, f"giá trị không hợp lệ: {error['msg']}", where, position)


# --------------------------------------------------------------------------- spec → model


class _Builder:
    def __init__(self, smap: SourceMap, diags: Diagnostics):
        self.smap = smap
        self.diags = diags

    def report(self, code: str, severity: Severity, message: str, path: tuple, hint: str = "") -> None:
        self.diags.add(Diagnostic(code, severity, message, format_path(path), self.smap.position(path), hint))

    # body ---------------------------------------------------------------

    def blocks(self, specs: list, path: tuple, depth: int = 0) -> tuple[m.Block, ...]:
        if depth > MAX_BODY_DEPTH:
            self.report("VB210", Severity.ERROR, f"nội dung lồng nhau quá {MAX_BODY_DEPTH} cấp", path)
            return ()
        return tuple(self.block(spec, path + (i,), depth) for i, spec in enumerate(specs))

    def block(self, spec: Any, path: tuple, depth: int) -> m.Block:
        if isinstance(spec, str):
            return m.Paragraph(parse_inline(spec))
        if isinstance(spec, s.KhoanSpec):
            return self.item_list(m.ListKind.KHOAN, spec.khoan, path + ("khoan",), "-", depth)
        if isinstance(spec, s.DiemSpec):
            return self.item_list(m.ListKind.DIEM, spec.diem, path + ("diem",), "-", depth)
        return self.item_list(m.ListKind.GACH, spec.gach, path + ("gach",), spec.dau, depth)

    def item_list(self, kind: m.ListKind, items: list, path: tuple, marker: str, depth: int) -> m.ItemList:
        built = []
        for i, item in enumerate(items):
            label = m.item_label(kind, i, marker)
            if isinstance(item, str):
                built.append(m.ListItem(label, parse_inline(item)))
            else:
                children = self.blocks(item.noi_dung, path + (i, "noi_dung"), depth + 1)
                built.append(m.ListItem(label, parse_inline(item.doan), children))
        return m.ItemList(kind, tuple(built))

    # signature ----------------------------------------------------------

    def signature(self, spec: s.NguoiKySpec) -> m.Signature:
        path = ("nguoi_ky",)
        lines: list[m.AuthorityLine] = []
        if spec.thay_mat and (spec.thua_lenh or spec.thua_uy_quyen):
            self.report("VB401", Severity.ERROR,
                        "không thể vừa TM. (thay mặt tập thể) vừa TL./TUQ. (thừa lệnh, thừa ủy quyền người đứng đầu)",
                        path, "TM. dùng cho tập thể; TL./TUQ. dùng khi ký thay người đứng đầu theo ủy nhiệm")
        if spec.thua_lenh and spec.thua_uy_quyen:
            self.report("VB401", Severity.ERROR, "không thể vừa TL. vừa TUQ.", path)
        if spec.thua_uy_quyen and spec.ky_thay:
            self.report("VB401", Severity.ERROR,
                        "người được ký thừa ủy quyền không được giao cho người khác ký thay (TUQ. với KT.)",
                        path + ("ky_thay",), "Điều 13 Nghị định 30/2020/NĐ-CP")
        if spec.quyen and spec.ky_thay:
            self.report("VB401", Severity.ERROR,
                        "cấp trưởng tạm quyền (Q.) ký bằng chức danh của mình, không ký thay (KT.)",
                        path + ("quyen",))
        if spec.ky_thay and _same_title(spec.ky_thay, spec.chuc_vu):
            self.report("VB402", Severity.ERROR,
                        f"KT. {spec.ky_thay.upper()} nhưng chức vụ người ký cũng là \"{spec.chuc_vu}\"",
                        path + ("chuc_vu",), "người ký thay là cấp phó, ví dụ \"Phó " + spec.ky_thay.lower() + "\"")
        if spec.thay_mat:
            lines.append(m.AuthorityLine(m.Authority.TM, spec.thay_mat))
        if spec.thua_lenh:
            lines.append(m.AuthorityLine(m.Authority.TL, spec.thua_lenh))
        if spec.thua_uy_quyen:
            lines.append(m.AuthorityLine(m.Authority.TUQ, spec.thua_uy_quyen))
        if spec.ky_thay:
            lines.append(m.AuthorityLine(m.Authority.KT, spec.ky_thay))
        return m.Signature(tuple(lines), spec.chuc_vu, spec.ho_ten, acting=spec.quyen)

    # distribution ------------------------------------------------------

    def distribution(self, spec: s.CongVanSpec, number: m.DocumentNumber) -> m.Distribution:
        others = []
        for i, entry in enumerate(spec.noi_nhan):
            bare = entry.strip().lstrip("-").strip().rstrip(";.").strip()
            if bare.lower() == "như trên":
                self.report("VB502", Severity.WARNING, "\"Như trên\" được thêm tự động khi có Kính gửi; bỏ dòng này",
                            ("noi_nhan", i))
                continue
            if bare.lower().startswith("lưu"):
                self.report("VB503", Severity.ERROR, "dòng \"Lưu\" được tạo tự động", ("noi_nhan", i),
                            "ghi nơi lưu ở khóa `luu`, ví dụ luu: [VT, KGVX]")
                continue
            others.append(bare)
        if spec.luu is not None:
            archive = tuple(spec.luu)
        else:
            archive = ("VT",) + ((number.unit,) if number.unit else ())
        return m.Distribution(
            addressees=tuple(a.strip().lstrip("-").strip() for a in spec.kinh_gui),
            others=tuple(others),
            archive=archive,
            drafter=spec.nguoi_soan_thao,
            copies=spec.so_ban,
        )


def _same_title(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _build(spec: s.CongVanSpec, smap: SourceMap, diags: Diagnostics, name: str) -> m.Document:
    b = _Builder(smap, diags)
    if not _CODE_SHAPE.match(spec.ky_hieu):
        b.report("VB302", Severity.ERROR,
                 f"ký hiệu `{spec.ky_hieu}` sai dạng: các nhóm chữ nối bằng \"-\", không có dấu cách hay \"/\"",
                 ("ky_hieu",), "ví dụ UBND-KGVX hoặc STTTT-BCVTCNTT")
    number = m.DocumentNumber(code=spec.ky_hieu, number=spec.so)
    date = spec.ngay
    issued = m.IssueDate(place=spec.dia_danh, year=date.year, month=date.month, day=date.day)
    body = b.blocks(spec.noi_dung, ("noi_dung",))
    last = body[-1]
    if isinstance(last, m.Paragraph) and last.text.plain.rstrip().endswith("./."):
        b.report("VB501", Severity.WARNING, "dấu \"./.\" cuối nội dung được thêm tự động; không cần gõ",
                 ("noi_dung", len(body) - 1))
    return m.Document(
        type=m.DocumentType(spec.loai),
        agency=m.Agency(name=tuple(spec.co_quan.ten), parent=tuple(spec.co_quan.chu_quan or ())),
        number=number,
        issued=issued,
        subject=spec.trich_yeu,
        distribution=b.distribution(spec, number),
        body=body,
        signature=b.signature(spec.nguoi_ky),
        source=name,
    )
