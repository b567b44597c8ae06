"""``vanban danh-ba nhap BANG.csv -o recipients/x.yaml``: a registry file from a table (CSV import).

Columns (first row): ``ma``, ``ten`` and optionally ``ten_ngan``, ``thu_truong``, ``email``, ``nhom``
(group ids separated by spaces, "," or ";"), ``loai`` (``co_quan``, ``ca_nhan``, or ``nhom`` for a row
that defines a group), ``nguon``, ``ghi_chu``. Every row is checked as a registry file is (VB2xx,
VB61x) with the CSV ``file:line:col``; nothing is written if any row is wrong.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import yaml

from ..diagnostics import Diagnostic, Diagnostics, Position, Severity
from ..spec.yamlsrc import SourceMap
from . import Registry, add_file, check_groups, validate

ENTRY_COLUMNS = ("loai", "ten", "ten_ngan", "thu_truong", "email", "nhom", "nguon", "ghi_chu")
GROUP_COLUMNS = ("ten", "ten_ngan", "thu_truong", "nguon")


def read_csv(path: Path, title: str | None, diags: Diagnostics) -> tuple[dict, SourceMap] | None:
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        diags.add(Diagnostic("VB106", Severity.ERROR, f"không đọc được tệp: {exc.strerror or exc}", "", Position(name)))
        return None
    except UnicodeDecodeError:
        diags.add(Diagnostic("VB106", Severity.ERROR, "tệp không phải UTF-8 (hãy lưu CSV UTF-8)", "", Position(name)))
        return None
    header_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=header_line.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    smap = SourceMap(name)
    data: dict = {"danh_ba": title or path.stem, "nhom": {}, "noi_nhan": {}}
    if not rows or "ma" not in [h.strip() for h in rows[0]]:
        diags.add(Diagnostic("VB202", Severity.ERROR, "dòng tiêu đề thiếu cột `ma`", "", Position(name, 1, 1)))
        return None
    header = [h.strip() for h in rows[0]]
    for line, cells in enumerate(rows[1:], 2):
        if not any(c.strip() for c in cells):
            continue
        record = {h: c.strip() for h, c in zip(header, cells) if h and c.strip()}
        columns = {h: i + 1 for i, h in enumerate(header)}
        rid = record.pop("ma", "")
        if not rid:
            diags.add(Diagnostic("VB202", Severity.ERROR, "ô `ma` trống", "", Position(name, line, columns["ma"])))
            continue
        section = "nhom" if record.get("loai") == "nhom" else "noi_nhan"
        if section == "nhom":
            record.pop("loai")
        if rid in data[section]:
            diags.add(Diagnostic("VB612", Severity.ERROR, f"mã `{rid}` bị trùng", "", Position(name, line,
                                                                                              columns["ma"])))
            continue
        if "nhom" in record and section == "noi_nhan":
            record["nhom"] = [g for g in re.split(r"[\s,;]+", record["nhom"]) if g]
        data[section][rid] = record
        smap.keys[(section, rid)] = (line, columns["ma"])
        smap.values[(section, rid)] = (line, 1)
        for key in record:
            smap.keys[(section, rid, key)] = smap.values[(section, rid, key)] = (line, columns.get(key, 1))
            if isinstance(record[key], list):
                for i in range(len(record[key])):
                    smap.values[(section, rid, key, i)] = (line, columns.get(key, 1))
    return data, smap


def registry_from_csv(source: Path, title: str | None) -> tuple[str | None, Diagnostics, int, int]:
    """The registry file (YAML text) made from a CSV table, its diagnostics, and its numbers of entries
    and groups; the text is ``None`` when any row is wrong (nothing is to be written)."""
    diags = Diagnostics()
    read = read_csv(source, title, diags)
    if read is not None:
        data, smap = read
        spec = validate(data, smap, diags)
        if spec is not None:
            registry, pending = Registry(), []
            add_file(registry, spec, smap, diags, pending)
            check_groups(registry, pending, diags)
    if read is None or diags.errors:
        return None, diags, 0, 0
    if not data["nhom"]:
        del data["nhom"]
    text = (f"# yaml-language-server: $schema=../schema/danh-ba.schema.json\n# Nhập từ {source.name} "
            f"bằng `vanban danh-ba nhap`.\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120))
    return text, diags, len(data["noi_nhan"]), len(data.get("nhom", {}))
