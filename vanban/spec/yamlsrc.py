"""YAML → plain Python data, with the source position of every key and value.

Only PyYAML's *safe* composer is used (no Python tags, no object construction). The node tree
is walked by hand so that duplicate keys, non-string keys, alias bombs and impossible scalars
become diagnostics with ``file:line:col`` instead of exceptions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import Diagnostic, Diagnostics, Position, Severity, format_path  # noqa: F401 (re-exported)

try:  # the C loader is faster and just as safe; fall back to the pure-Python one
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):
    """PyYAML's safe loader without its YAML 1.1 tag resolution of scalars: the walk reads a plain scalar with the
    YAML 1.2 core schema (:func:`resolve_core`) and a tagged one by its tag, so of the implicit tags only the merge
    key ``<<`` is read. PyYAML tried a dozen patterns on each of a 20,000-row form's 140,000 scalars (issue 13)."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0] and value == "<<":
                return MERGE_TAG
            return "tag:yaml.org,2002:str"
        return super().resolve(kind, value, implicit)

#: Nodes visited beyond one per two characters of the text, so "billion laughs" alias bombs cannot blow up memory.
#: Without aliases a text never has more nodes than half its characters ("[1,1,1]": a node needs a character and a
#: separator), so a large file (a province's registry of 50,000 recipients) loads whole; only aliases that expand
#: to more than this allowance are refused, and the work stays linear in the size of the text (issue 13, point 15).
MAX_NODES = 200_000


def node_limit(text: str) -> int:
    """The most nodes a walk of ``text`` visits: :data:`MAX_NODES` plus one per two characters."""
    return MAX_NODES + len(text) // 2
#: Upper bound on nesting; a spec's deepest real structure is about 10 levels.
MAX_DEPTH = 40

Path = tuple  # of str keys and int indices

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
MERGE_TAG = "tag:yaml.org,2002:merge"

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), applied to plain scalars instead of
# PyYAML's YAML 1.1 rules: no octal ("012" is twelve), no sexagesimal ("08:30" is text), no yes/no/on/off
# booleans, no timestamps (dates are parsed by the schema). Hex and "0o" octal stay text: numbers are decimal.
_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"^[-+]?[0-9]+$")
_CORE_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_CORE_SPECIAL = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}
_EXPLICIT_TAG = re.compile(r"(?:&\S+\s+)?!")


def resolve_core(value: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema, with decimal numbers only."""
    if _CORE_NULL.match(value):
        return None
    if value in _CORE_BOOL:
        return _CORE_BOOL[value]
    if _CORE_INT.match(value):
        return int(value, 10)
    if _CORE_FLOAT.match(value):
        return float(value)
    special = _CORE_SPECIAL.get(value.lower())
    return special if special is not None else value


#: PyYAML's problems, in the words a clerk understands.
_PROBLEMS = (
    ("did not find expected ',' or ']'", "thiếu dấu ',' hoặc ']' trong danh sách [...]"),
    ("did not find expected ',' or '}'", "thiếu dấu ',' hoặc '}' trong bảng {...}"),
    ("mapping values are not allowed here", "không được có dấu ': ' ở đây; hãy đặt cả chuỗi trong dấu ngoặc kép"),
    ("cannot start any token", "ký tự không được đứng đầu một giá trị (tab để thụt lề? hãy dùng dấu cách)"),
    ("did not find expected key", "thụt lề không đúng: không tìm thấy khóa"),
    ("could not find expected ':'", "thiếu dấu ':' sau khóa"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép đóng?)"),
    ("found undefined alias", "bí danh (alias) chưa được định nghĩa"),
    ("expected <block end>", "thụt lề không đúng"),
    ("did not find expected '-' indicator", "thụt lề không đúng trong danh sách"),
    ("found unknown escape character", "ký tự thoát (\\) không hợp lệ trong chuỗi"),
    ("expected a single document", "tệp chỉ được chứa một tài liệu YAML (bỏ dấu ---)"),
    ("did not find expected comment or line break", "có nội dung thừa sau giá trị trên cùng dòng"),
    ("found duplicate anchor", "neo (anchor) bị định nghĩa lặp lại"),
    ("tab character that violates indentation", "ký tự tab làm sai thụt lề; hãy dùng dấu cách"),
)


def _problem_vi(problem: str) -> str:
    for english, vietnamese in _PROBLEMS:
        if english in problem:
            return vietnamese
    return f"cú pháp không hợp lệ ({problem})"


ALLOWED_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@dataclass
class SourceMap:
    """Where each path of the loaded data came from."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    #: the text as typed of plain scalars that YAML reads as a number, boolean or null ("012", "1.5", "true")
    typed: dict[Path, str] = field(default_factory=dict)

    def position(self, path: Path, *, key: bool = False) -> Position:
        """The position of ``path`` (its key if ``key``), or of its nearest known ancestor."""
        path = tuple(path)
        while True:
            table = self.keys if key and path in self.keys else self.values
            if path in table:
                line, col = table[path]
                return Position(self.file, line, col)
            if not path:
                return Position(self.file, 1, 1)
            path = path[:-1]
            key = False


def _pos(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Walker:
    def __init__(self, file: str, diagnostics: Diagnostics, text: str = ""):
        self.file = file
        self.text = text
        self.nodes: dict[Path, Node] = {}
        self.diags = diagnostics
        self.map = SourceMap(file)
        self.constructor = SafeConstructor()
        self.count = 0
        self.limit = node_limit(text)
        self.too_big = False
        self.too_deep = False

    def error(self, code: str, message: str, path: Path, node: Node, hint: str = "") -> None:
        line, col = _pos(node)
        self.diags.add(
            Diagnostic(code, Severity.ERROR, message, format_path(path), Position(self.file, line, col), hint)
        )

    def walk(self, node: Node, path: Path) -> Any:
        if len(path) > MAX_DEPTH:
            if not self.too_deep:
                self.too_deep = True
                self.error("VB105", f"cấu trúc YAML lồng nhau quá {MAX_DEPTH} cấp", path, node)
            return None
        self.count += 1
        if self.count > self.limit:
            if not self.too_big:
                self.too_big = True
                self.error("VB105", f"bí danh (alias) của tệp YAML mở rộng quá {self.limit:,} nút (giới hạn: "
                           f"{MAX_NODES:,} nút cộng một nút cho mỗi hai ký tự của tệp)".replace(",", "."),
                           path, node, "viết thẳng các giá trị thay cho bí danh (*tên) lồng nhau")
            return None
        self.map.values.setdefault(path, _pos(node))
        self.nodes.setdefault(path, node)
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in ALLOWED_COLLECTION_TAGS:
            self.error("VB101", f"thẻ YAML `{node.tag}` không được hỗ trợ", path, node)
            return None
        if isinstance(node, MappingNode):
            return self.walk_mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.walk(child, path + (i,)) for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def walk_mapping(self, node: MappingNode, path: Path) -> dict:
        result: dict[str, Any] = {}
        seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged = self.walk(value_node, path)
                for item in merged if isinstance(merged, list) else [merged]:
                    if isinstance(item, dict):
                        for k, v in item.items():
                            result.setdefault(k, v)
                continue
            key = self.scalar(key_node, None) if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                self.error("VB104", "khóa (key) phải là một chuỗi chữ", path, key_node)
                continue
            if key in seen:
                first = seen[key].start_mark
                self.error("VB102", f"khóa `{key}` bị lặp lại (đã có ở dòng {first.line + 1})", path + (key,),
                           key_node)
                continue
            seen[key] = key_node
            self.map.keys[path + (key,)] = _pos(key_node)
            result[key] = self.walk(value_node, path + (key,))
        return result

    def explicit_tag(self, node: ScalarNode) -> bool:
        return bool(self.text) and _EXPLICIT_TAG.match(self.text, node.start_mark.index) is not None

    def scalar(self, node: ScalarNode, path: Path | None) -> Any:
        if node.style:
            return unicodedata.normalize("NFC", node.value)  # quoted, literal or folded: text as written
        if not self.explicit_tag(node):
            value = resolve_core(node.value)
            if isinstance(value, str):
                return unicodedata.normalize("NFC", value)
            if path is not None:
                self.map.typed.setdefault(path, node.value)
            return value
        if node.tag == TIMESTAMP_TAG:
            return node.value  # dates are parsed by the schema, with a Vietnamese message
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, TypeError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            if "could not determine a constructor" in problem:
                problem = f"thẻ YAML `{node.tag}` không được hỗ trợ"
            self.error("VB101", f"giá trị YAML không đọc được: {problem}", path or (), node)
            return None
        if isinstance(value, str):
            value = unicodedata.normalize("NFC", value)
        return value


@dataclass
class LoadedYaml:
    data: Any
    source_map: SourceMap
    #: the node of every path (its style, its exact span in ``text``), for checks on what was typed
    nodes: dict[Path, Node] = field(default_factory=dict)
    text: str = ""


#: The characters :func:`flow_depth_overflow` reads; the text between two of them only matters by being there.
_FLOW_SIGNS = re.compile(r"[\n'\"#\[\]{}\-:,]")
#: The rest of a quoted scalar after its opening quote, the closing quote included.
_DOUBLE_QUOTED = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_SINGLE_QUOTED = re.compile(r"[^']*(?:''[^']*)*'")


def flow_depth_overflow(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """Where flow collections (``[``/``{``) nest deeper than ``limit``, as (line, column), 1-based; else ``None``.

    Run before any YAML composer sees the text: the C composer overflows (a segfault) and recent PyYAML gives up
    with an English message on deeply nested input long before the walker's depth limit applies. Quoted scalars
    and comments are skipped; a bracket or quote counts only where YAML would read it as the start of a value
    (after a line start, "- ", ": ", "," or another opening bracket), so prose with a "[" is never mistaken.
    The text is read from sign to sign (:data:`_FLOW_SIGNS`), quoted scalars and comments skipped whole by
    regular expressions: a spec of 20,000 form rows is scanned in a tenth of a second, not a second.
    """
    depth = 0
    prev = "\n"  # the last significant character of the current line ("\n" at its start; "x" for any other)
    pos, n = 0, len(text)
    search = _FLOW_SIGNS.search
    while True:
        found = search(text, pos)
        if found is None:
            return None
        at = found.start()
        if at > pos and text[pos:at].strip(" \t"):
            prev = "x"
        ch = text[at]
        pos = at + 1
        if ch == "\n":
            prev = "\n"
            continue
        if ch == "#" and (at == 0 or text[at - 1] in " \t\n"):
            pos = text.find("\n", pos)
            if pos < 0:
                return None
            continue
        at_value = prev in "\n-:,[{"
        if at_value and ch in "'\"":
            closed = (_DOUBLE_QUOTED if ch == '"' else _SINGLE_QUOTED).match(text, pos)
            if closed is None:  # open to the end of the text
                return None
            pos, prev = closed.end(), "x"
            continue
        if at_value and ch in "[{":
            depth += 1
            if depth > limit:
                return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        elif depth > 0 and ch in "]}":
            depth -= 1
        prev = ch if ch in "-:,[{" else "x"


def _glued_dash(text: str, line: int) -> tuple[int, int, str] | None:
    """A line "-UBND tỉnh" (no space after the dash) at or just before a syntax error: (line, col, content)."""
    lines = text.split("\n")
    for index in (line - 1, line):
        if 0 <= index < len(lines):
            content = lines[index].lstrip(" ")
            if len(content) > 1 and content[0] == "-" and not (content[1].isspace() or content[1].isdigit()
                                                                or content[1] == "-"):
                return index + 1, len(lines[index]) - len(content) + 1, content.rstrip()
    return None


def _second_colon(text: str, line: int, problem: str) -> tuple[str, str]:
    """YAML's "mapping values are not allowed here" on a line with two ": ", said in Vietnamese with the way out
    (#14, phần 2); any other line keeps the general message."""
    lines = text.split("\n")
    content = lines[line].strip() if line < len(lines) else ""
    dash = content.startswith("- ")
    body = content[2:] if dash else content
    key, sep, rest = body.partition(": ")
    if ": " not in rest and not rest.endswith(":"):
        return problem, ""
    problem = ("dòng này có hai dấu \": \" (hai chấm rồi dấu cách): YAML hiểu phần trước dấu thứ nhất là khóa và "
               "không đọc được dấu thứ hai")
    if dash:
        quoted = '- "' + body.replace('"', '\\"') + '"'
    elif sep:
        quoted = key + ': "' + rest.replace('"', '\\"') + '"'
    else:
        quoted = '"' + body.replace('"', '\\"') + '"'
    hint = f"đặt cả dòng trong dấu ngoặc kép: {quoted}"
    if dash:
        hint += "; hoặc viết nội dung dạng văn xuôi (noi_dung: |, mỗi đoạn một dòng, không cần dấu ngoặc kép)"
    return problem, hint


def load_yaml(text: str, file: str, diagnostics: Diagnostics) -> LoadedYaml | None:
    """Parse ``text`` (already decoded) and return data with positions, or ``None`` on syntax errors."""
    deep = flow_depth_overflow(text)
    if deep is not None:
        diagnostics.add(Diagnostic("VB105", Severity.ERROR, f"cấu trúc YAML lồng nhau quá {MAX_DEPTH} cấp", "",
                                   Position(file, *deep)))
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except RecursionError:
        diagnostics.add(Diagnostic("VB105", Severity.ERROR, "cấu trúc YAML lồng nhau quá sâu", "",
                                   Position(file, 1, 1)))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml's own bound (tags or anchors between "[")
            diagnostics.add(Diagnostic("VB105", Severity.ERROR, f"cấu trúc YAML lồng nhau quá {MAX_DEPTH} cấp", "",
                                       Position(file, line, col)))
            return None
        problem = _problem_vi(exc.problem or exc.context or "")
        if mark is not None and "cannot start any token" in (exc.problem or ""):
            lines = text.split("\n")
            if mark.line < len(lines) and lines[mark.line][mark.column:mark.column + 1] in ("@", "`"):
                problem = (f"giá trị bắt đầu bằng '{lines[mark.line][mark.column]}' phải đặt trong dấu ngoặc kép, "
                           "ví dụ - \"@la-so-y-te\"")
        hint = ""
        if mark is not None and "mapping values are not allowed" in (exc.problem or ""):
            problem, hint = _second_colon(text, mark.line, problem)
        glued = _glued_dash(text, mark.line) if mark is not None else None
        if glued is not None:
            line, col, content = glued
            problem = f"dòng `{content}` thiếu dấu cách sau dấu \"-\" đầu dòng"
            hint = f"viết \"- {content[1:]}\""
        diagnostics.add(Diagnostic("VB101", Severity.ERROR, f"YAML sai cú pháp: {problem}", "",
                                   Position(file, line, col), hint))
        return None
    except yaml.YAMLError as exc:
        diagnostics.add(Diagnostic("VB101", Severity.ERROR, f"YAML sai cú pháp: {exc}", "", Position(file, 1, 1)))
        return None
    if node is None:
        diagnostics.add(Diagnostic("VB103", Severity.ERROR, "tệp đặc tả trống", "", Position(file, 1, 1)))
        return None
    walker = _Walker(file, diagnostics, text)
    try:
        data = walker.walk(node, ())
    except RecursionError:
        diagnostics.add(Diagnostic("VB105", Severity.ERROR, "cấu trúc YAML lồng nhau quá sâu", "",
                                   Position(file, 1, 1)))
        return None
    if not isinstance(data, dict):
        walker.error("VB103", "đặc tả phải là một bảng khóa: giá trị (mapping) ở cấp cao nhất", (), node)
        return None
    return LoadedYaml(data, walker.map, walker.nodes, text)
