"""``vanban diff``: what changed between two versions of a letter, in the words of the document.

:func:`diff_documents` compares two :class:`vanban.model.Document` part by part (Cơ quan, Số,
Ngày ban hành, Trích yếu, Kính gửi, Nội dung item by item, Nơi nhận, Lưu, Người ký) and returns
:class:`Change` records: edits with word-level changes, additions, removals, and moves (an item
found at another place, not reported as removed and added). :mod:`.redline` writes the NEW
document as a .docx with Word tracked changes against OLD.
"""

from __future__ import annotations

import difflib

from dataclasses import dataclass, field

from typing import Sequence

from .. import model as m
from ..model.decree import upper
from ..model.settings import Setting, output_settings
from ..model.compute import text_rows
from ..model.walk import walk

#: Pairs of items (paragraphs, recipients) more similar than this are one edited item.
SIMILAR = 0.5


@dataclass
class Change:
    part: str  # key of the part: co_quan, so, ngay, trich_yeu, kinh_gui, noi_dung, noi_nhan, luu, nguoi_ky …
    kind: str  # "sửa" | "thêm" | "bỏ" | "chuyển"
    label: str  # "Ngày ban hành", "Mục 3", "Nơi nhận"
    old: str | None = None
    new: str | None = None
    words: list[tuple[str, str]] = field(default_factory=list)  # (equal|delete|insert, text)
    old_label: str | None = None  # where a moved item was
    path: str | None = None  # a setting (part "thiet_lap"): where it is written, YAML path or vanban.toml key

    def to_dict(self) -> dict:
        data = {"phan": self.part, "loai": self.kind, "nhan": self.label, "cu": self.old, "moi": self.new}
        if self.old_label:
            data["nhan_cu"] = self.old_label
        if self.path is not None:
            data["duong_dan"] = self.path
        if self.words:
            data["tu"] = [{"op": op, "text": text} for op, text in self.words]
        return data

    def format(self) -> str:
        if self.kind == "sửa" and self.words:
            return f"{self.label} sửa: {render_words(self.words)}"
        if self.kind == "sửa":
            return f"{self.label}: {self.old} → {self.new}"
        if self.kind == "thêm":
            return f"{self.label} thêm: {self.new}"
        if self.kind == "bỏ":
            return f"{self.label} bỏ: {self.old}"
        detail = f" (sửa: {render_words(self.words)})" if self.words else ""
        return f"{self.old_label} → {self.label} (chuyển): {_short(self.new, 12)}{detail}"


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes between two texts, as (op, text) segments joined by spaces."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("equal", " ".join(a[i1:i2])))
            continue
        if tag in ("delete", "replace"):
            out.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(("insert", " ".join(b[j1:j2])))
    return out


def render_words(words: list[tuple[str, str]], context: int = 4) -> str:
    """``… đến ngày [-20/8/2020-]{+25/8/2020+} đạt …``: long unchanged stretches shortened."""
    parts = []
    for n, (op, text) in enumerate(words):
        if op == "delete":
            parts.append(f"[-{text}-]")
        elif op == "insert":
            parts.append(f"{{+{text}+}}")
        else:
            tokens = text.split()
            first, last = n == 0, n == len(words) - 1
            keep_head = 0 if first else context
            keep_tail = 0 if last else context
            if len(tokens) > keep_head + keep_tail + 1:
                head = tokens[:keep_head]
                tail = tokens[len(tokens) - keep_tail:] if keep_tail else []
                text = " ".join(head + ["…"] + tail)
            parts.append(text)
    return " ".join(p for p in parts if p)


def _short(text: str | None, words: int = 6) -> str:
    tokens = (text or "").split()
    return "«" + " ".join(tokens[:words]) + ("…" if len(tokens) > words else "") + "»"


# --------------------------------------------------------------------------- body units


@dataclass(frozen=True)
class Unit:
    label: str  # "Mục 3", "Mục 2, gạch đầu dòng 1", "Đoạn 1"
    text: str


def table_units(table, where: str) -> list[Unit]:
    """The rows of a table as units: "Bảng 1, dòng I.1" (its Stt labels joined down the groups), the cells as
    "a | b | c"; a change of a figure is a change of its row."""
    out: list[Unit] = []
    path: list[str] = []  # the Stt labels of the enclosing groups
    for n, (kind, label, cells, level) in enumerate(text_rows(table), 1):
        if kind == "total":
            name = "dòng tổng cộng"
        else:
            del path[level:]
            path.append(label if label and label != "-" else f"({n})")
            name = "dòng " + ".".join(path) if table.grouped else f"dòng {path[-1]}"
        out.append(Unit(f"{where}, {name}", " | ".join(c for c in cells if c)))
    return out


def body_units(blocks: tuple[m.Block, ...]) -> list[Unit]:
    """Paragraphs, items, articles and titles of the body with labels a reader can find ("Mục 2, điểm b)"),
    and the rows of its tables ("Mục 1, bảng 1, dòng II")."""
    out: list[Unit] = []
    labels: dict[int, str] = {}  # id(part) → its label, the prefix of what it holds
    tables = 0
    for step in walk(blocks, tables=True):
        node = step.node
        prefix = labels[id(step.ancestors[-1])] if step.ancestors else ""
        n = step.index
        if isinstance(node, m.TableBlock):
            tables += 1
            out += table_units(node.table, f"{prefix}, bảng {tables}" if prefix else f"Bảng {tables}")
            continue
        if isinstance(node, m.Paragraph):
            label = f"{prefix}, đoạn {n}" if prefix else f"Đoạn {n}"
            text = node.text.plain
        elif isinstance(node, m.ListItem):
            if step.kind is m.ListKind.KHOAN:
                label = f"{prefix}, khoản {n}" if prefix else f"Mục {n}"
            elif step.kind is m.ListKind.DIEM:
                label = f"{prefix}, điểm {node.label}" if prefix else f"Điểm {node.label}"
            else:
                label = f"{prefix}, gạch đầu dòng {n}" if prefix else f"Gạch đầu dòng {n}"
            text = node.text.plain
        elif isinstance(node, m.Article):
            label = node.citation
            text = (node.title or node.text).plain if (node.title or node.text) is not None else ""
        else:
            label, text = node.citation, node.title
        labels[id(node)] = label
        out.append(Unit(label, text))
    return out


def enclosure_units(doc: m.Document) -> list[Unit]:
    """The documents issued with a quyết định (Mẫu 1.3): their trích yếu and the parts of their bodies
    ("Quy chế kèm theo, Điều 3, khoản 1")."""
    out: list[Unit] = []
    for enclosed in doc.enclosures:
        where = f"{enclosed.type.name_vi} kèm theo"
        out.append(Unit(f"{where}, trích yếu", enclosed.subject))
        out += [Unit(f"{where}, {u.label[:1].lower()}{u.label[1:]}", u.text) for u in body_units(enclosed.body)]
    return out


def attachment_units(doc: m.Document) -> list[Unit]:
    """The rows of the appendices' tables and the parts of their bodies ("Phụ lục II, dòng I.2")."""
    out: list[Unit] = []
    for n, form in enumerate(doc.attachments, 1):
        where = form.label or f"Phụ lục thứ {n}"
        if form.table is not None:
            out += table_units(form.table, where)
        out += [Unit(f"{where}, {u.label[:1].lower()}{u.label[1:]}", u.text) for u in body_units(form.body)]
    return out


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def align(old: list[str], new: list[str]) -> list[tuple[str, int | None, int | None]]:
    """Pair items of two lists: ("equal"|"edit"|"move"|"move-edit"|"delete"|"insert", old index, new index)."""
    key = lambda s: " ".join(s.split())  # noqa: E731
    ops: list[tuple[str, int | None, int | None]] = []
    deleted: list[int] = []
    inserted: list[int] = []
    matcher = difflib.SequenceMatcher(None, [key(s) for s in old], [key(s) for s in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops += [("equal", i, j) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        if tag == "replace":
            # edits in place: pair greedily by similarity
            for i in list(olds):
                best = max(news, key=lambda j: _ratio(old[i], new[j]), default=None)
                if best is not None and _ratio(old[i], new[best]) >= SIMILAR and \
                        not any(key(old[i]) == key(new[j]) for j in range(len(new)) if j not in news):
                    ops.append(("edit", i, best))
                    olds.remove(i)
                    news.remove(best)
        deleted += olds
        inserted += news
    # moves: an item deleted here and inserted there
    for i in list(deleted):
        same = [j for j in inserted if key(new[j]) == key(old[i])]
        if same:
            ops.append(("move", i, same[0]))
            deleted.remove(i)
            inserted.remove(same[0])
    for i in list(deleted):
        best = max(inserted, key=lambda j: _ratio(old[i], new[j]), default=None)
        if best is not None and _ratio(old[i], new[best]) >= 0.8:
            ops.append(("move-edit", i, best))
            deleted.remove(i)
            inserted.remove(best)
    ops += [("delete", i, None) for i in deleted]
    ops += [("insert", None, j) for j in inserted]
    order = {"delete": 0}
    return sorted(ops, key=lambda op: (op[2] if op[2] is not None else (op[1] or 0) - 0.5, order.get(op[0], 1)))


# --------------------------------------------------------------------------- the diff


def _scalar(changes: list[Change], part: str, label: str, old: str, new: str, *, words: bool = False) -> None:
    if old == new:
        return
    if words:
        changes.append(Change(part, "sửa", label, old, new, word_diff(old, new)))
    else:
        changes.append(Change(part, "sửa", label, old, new))


def _list(changes: list[Change], part: str, label: str, old: list[str], new: list[str]) -> None:
    for op, i, j in align(old, new):
        if op == "edit":
            changes.append(Change(part, "sửa", f"{label} «{old[i]}»", old[i], new[j], word_diff(old[i], new[j])))
        elif op in ("move", "move-edit"):
            changes.append(Change(part, "chuyển", f"{label} (vị trí {j + 1})", old[i], new[j],
                                  word_diff(old[i], new[j]) if op == "move-edit" else [],
                                  old_label=f"{label} (vị trí {i + 1})"))
        elif op == "delete":
            changes.append(Change(part, "bỏ", label, old[i], None))
        elif op == "insert":
            changes.append(Change(part, "thêm", label, None, new[j]))


def settings_changes(old: Sequence[Setting], new: Sequence[Setting]) -> list[Change]:
    """Changes of what alters the output but not the words (:mod:`vanban.model.settings`), their own kind of change
    (part ``thiet_lap``) with where each is written: a rule switched off or on again, a column width, an
    orientation, emphasis … in the order of the new version, then what the old one had and the new one has not."""
    waiting: dict[tuple, list[Setting]] = {}
    for setting in old:
        waiting.setdefault(setting.identity, []).append(setting)
    out: list[Change] = []
    for setting in new:
        before = waiting.get(setting.identity)
        if not before:
            out.append(Change(PART_SETTINGS, "thêm", SETTINGS_LABEL, None, setting.line[2:], path=setting.where))
            continue
        previous = before.pop(0)
        if previous.value != setting.value:
            head = f"{setting.label} {setting.subject}".strip()
            out.append(Change(PART_SETTINGS, "sửa", f"{SETTINGS_LABEL}: {head} ({setting.where})", previous.value,
                              setting.value, path=setting.where))
    left = {id(setting) for settings in waiting.values() for setting in settings}
    for setting in old:
        if id(setting) in left:
            out.append(Change(PART_SETTINGS, "bỏ", SETTINGS_LABEL, setting.line[2:], None, path=setting.where))
    return out


PART_SETTINGS = "thiet_lap"
SETTINGS_LABEL = "Thiết lập"


def diff_documents(old: m.Document, new: m.Document, *, old_settings: Sequence[Setting] | None = None,
                   new_settings: Sequence[Setting] | None = None) -> list[Change]:
    """The changes from ``old`` to ``new``, part by part in reading order, then the changes of their settings
    (``old_settings``/``new_settings``; by default those written in the specs, :func:`output_settings`)."""
    changes: list[Change] = []
    _scalar(changes, "co_quan", "Cơ quan chủ quản", " / ".join(map(upper, old.agency.parent)),
            " / ".join(map(upper, new.agency.parent)))
    _scalar(changes, "co_quan", "Cơ quan ban hành", " / ".join(map(upper, old.agency.name)),
            " / ".join(map(upper, new.agency.name)))
    _scalar(changes, "so", "Số, ký hiệu", old.number.display.strip() or "(chưa có số)",
            new.number.display.strip() or "(chưa có số)")
    _scalar(changes, "dia_danh", "Địa danh", old.issued.place, new.issued.place)
    _scalar(changes, "ngay", "Ngày ban hành", old.issued.short.strip(), new.issued.short.strip())
    _scalar(changes, "loai", "Loại văn bản", old.type.name_vi, new.type.name_vi)
    _scalar(changes, "trich_yeu", "Trích yếu", _subject(old), _subject(new), words=True)
    _list(changes, "can_cu", "Căn cứ", [g.plain for g in old.grounds], [g.plain for g in new.grounds])
    _list(changes, "kinh_gui", "Kính gửi", list(old.distribution.addressees), list(new.distribution.addressees))

    old_units = body_units(old.body) + enclosure_units(old) + attachment_units(old)
    new_units = body_units(new.body) + enclosure_units(new) + attachment_units(new)
    for op, i, j in align([u.text for u in old_units], [u.text for u in new_units]):
        if op == "equal":
            continue
        if op == "edit":
            unit = new_units[j]
            changes.append(Change("noi_dung", "sửa", f"{unit.label} ({_short(old_units[i].text, 5)[1:-1]})",
                                  old_units[i].text, unit.text, word_diff(old_units[i].text, unit.text)))
        elif op in ("move", "move-edit"):
            changes.append(Change("noi_dung", "chuyển", new_units[j].label, old_units[i].text, new_units[j].text,
                                  word_diff(old_units[i].text, new_units[j].text) if op == "move-edit" else [],
                                  old_label=old_units[i].label))
        elif op == "delete":
            changes.append(Change("noi_dung", "bỏ", old_units[i].label, old_units[i].text, None))
        else:
            changes.append(Change("noi_dung", "thêm", new_units[j].label, None, new_units[j].text))

    _list(changes, "noi_nhan", "Nơi nhận", list(old.distribution.others), list(new.distribution.others))
    _scalar(changes, "luu", "Lưu", old.distribution.archive_line.lstrip("- "), new.distribution.archive_line.lstrip("- "))
    _scalar(changes, "nguoi_ky", "Người ký", " / ".join(map(upper, old.signature.all_lines)),
            " / ".join(map(upper, new.signature.all_lines)))
    _scalar(changes, "nguoi_ky", "Họ tên người ký", old.signature.name, new.signature.name)
    changes += settings_changes(output_settings(old) if old_settings is None else old_settings,
                                output_settings(new) if new_settings is None else new_settings)
    return changes


def _subject(doc: m.Document) -> str:
    if doc.type is m.DocumentType.CONG_VAN:
        return doc.subject_line
    return doc.subject or ""


def format_changes(changes: list[Change]) -> str:
    if not changes:
        return "Không có thay đổi.\n"
    return "\n".join(c.format() for c in changes) + "\n"


