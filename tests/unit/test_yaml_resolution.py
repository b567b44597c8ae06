"""How the spec reader reads scalars (vanban/spec/yamlsrc.py): plain ones by the YAML 1.2 core schema, with decimal
numbers only, tagged ones by their tag, and the merge key ``<<`` of YAML 1.1 still merging. PyYAML's own YAML 1.1
resolution of scalars is not run at all (issue 13, point 13: a dozen patterns tried on each of 140,000 scalars)."""

from __future__ import annotations

from vanban.diagnostics import Diagnostics
from vanban.spec.yamlsrc import load_yaml


def _data(text: str):
    diags = Diagnostics()
    loaded = load_yaml(text, "x.yaml", diags)
    assert loaded is not None and not diags.errors, [d.format() for d in diags]
    return loaded.data


def test_plain_scalars_are_read_by_the_core_schema():
    data = _data("a: 012\nb: 08:30\nc: yes\nd: 2026-03-05\ne: 1.5\nf: true\ng: ~\nh: 0x1F\ni: 1_000\nj: .inf\n"
                 "k: =\nl: <<x\n")
    assert data == {"a": 12, "b": "08:30", "c": "yes", "d": "2026-03-05", "e": 1.5, "f": True, "g": None,
                    "h": "0x1F", "i": "1_000", "j": float("inf"), "k": "=", "l": "<<x"}


def test_quoted_and_tagged_scalars_keep_what_was_written_or_their_tag():
    data = _data('a: "012"\nb: !!str 012\nc: !!int 12\nd: ! 012\ne: \'<<\'\nf: !!float 2\n')
    assert data == {"a": "012", "b": "012", "c": 12, "d": "012", "e": "<<", "f": 2.0}


def test_the_merge_key_still_merges_and_a_quoted_one_is_a_key():
    data = _data("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\nquoted:\n  '<<': 4\n")
    assert data["use"] == {"x": 1, "y": 3}
    assert data["quoted"] == {"<<": 4}
