"""A province-wide registry (issue 13, point 15): 50,000 recipients load whole, in linear time, with a correct
result; a registry file over the real limit (8 MB) is refused up front with VB141 saying how to split it, and a
folder of the split files is one registry. Aliases still cannot expand a small text into millions of nodes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from vanban import registry as reg
from vanban.diagnostics import Diagnostics
from vanban.spec import yamlsrc

from clirun import run
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from bench_registry import GROUPS, registry_text  # noqa: E402  (the benchmark's registry, the same shape)


@pytest.mark.slow
def test_a_registry_of_50000_recipients_loads_whole(tmp_path):
    path = tmp_path / "danh-ba.yaml"
    path.write_text(registry_text(50_000), encoding="utf-8")
    assert path.stat().st_size < reg.MAX_REGISTRY_BYTES
    registry, diags = reg.load_registry(path)
    assert [d.format() for d in diags] == []
    assert len(registry.entries) == 50_000 and len(registry.groups) == GROUPS
    last = registry.entries["xa-49999"]
    assert (last.name, last.short, last.email, last.groups) == (
        "Ủy ban nhân dân xã số 49999", "UBND xã số 49999", "ubnd.xa49999@tinh.gov.vn", ("huyen-099",))
    members = registry.members("huyen-007")
    assert len(members) == 500 and members[0].id == "xa-00007" and members[-1].id == "xa-49907"
    result = run("danh-ba", "kiem-tra", path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "50000 nơi nhận, 100 nhóm" in result.stdout and "VB105" not in result.stdout + result.stderr


def test_more_nodes_than_the_old_bound_load_when_there_are_no_aliases():
    text = "x: [" + ",".join("1" for _ in range(300_000)) + "]\n"  # 300,000 nodes, no alias
    diags = Diagnostics()
    loaded = yamlsrc.load_yaml(text, "t.yaml", diags)
    assert [d.format() for d in diags] == [] and len(loaded.data["x"]) == 300_000


def test_an_alias_bomb_is_still_refused_with_the_real_limit():
    bomb = "a: &a [" + ", ".join("x" for _ in range(10)) + "]\n"
    for i in range(9):
        prev = "a" if i == 0 else f"b{i - 1}"
        bomb += f"b{i}: &b{i} [" + ", ".join(f"*{prev}" for _ in range(10)) + "]\n"
    diags = Diagnostics()
    assert yamlsrc.load_yaml(bomb, "t.yaml", diags) is None or diags.errors
    [error] = diags.errors
    limit = yamlsrc.node_limit(bomb)
    assert error.code == "VB105" and f"{limit:,}".replace(",", ".") in error.message and "bí danh" in error.message


def test_a_registry_file_over_the_limit_is_vb141_with_how_to_split(tmp_path, monkeypatch):
    folder = tmp_path / "recipients"
    folder.mkdir()
    text = registry_text(300)
    (folder / "toan-tinh.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(reg, "MAX_REGISTRY_BYTES", len(text.encode("utf-8")) - 1)
    _registry, diags = reg.load_registry(folder / "toan-tinh.yaml")
    [error] = diags.errors
    assert error.code == "VB141" and "tối đa" in error.message and "nhiều tệp" in error.hint
    # split as the hint says: the groups in one file, the recipients in two; the folder is one registry
    head, rest = text.split("noi_nhan:\n")
    lines = rest.splitlines(keepends=True)
    (folder / "toan-tinh.yaml").unlink()
    (folder / "1-nhom.yaml").write_text(head, encoding="utf-8")
    (folder / "2-a.yaml").write_text("danh_ba: a\nnoi_nhan:\n" + "".join(lines[:750]), encoding="utf-8")
    (folder / "3-b.yaml").write_text("danh_ba: b\nnoi_nhan:\n" + "".join(lines[750:]), encoding="utf-8")
    registry, diags = reg.load_registry(folder)
    assert [d.format() for d in diags] == [] and len(registry.entries) == 300
    assert len(registry.members("huyen-001")) == 3
