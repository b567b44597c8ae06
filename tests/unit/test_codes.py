"""One table of diagnostic codes (vanban/codes.py): no code used but unlisted, listed but unused, listed
twice, or described differently in the README."""

from __future__ import annotations

import re
from collections import Counter

from vanban.codes import BY_CODE, CODES, README_BEGIN, README_END, update_readme
from conftest import ROOT

CODE = re.compile(r"\bVB\d{3}\b")


def source_codes() -> Counter:
    found: Counter = Counter()
    for path in (ROOT / "vanban").rglob("*.py"):
        if path.name == "codes.py" and path.parent.name == "vanban":
            continue
        found.update(CODE.findall(path.read_text(encoding="utf-8")))
    return found


def test_no_code_is_listed_twice():
    assert [code for code, n in Counter(c.code for c in CODES).items() if n > 1] == []


def test_every_code_used_in_the_source_is_in_the_table():
    assert sorted(set(source_codes()) - set(BY_CODE)) == []


def test_every_code_of_the_table_is_used():
    assert sorted(set(BY_CODE) - set(source_codes())) == []


def test_the_readme_table_is_the_generated_one_and_the_only_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_BEGIN in readme and README_END in readme
    assert update_readme(readme) == readme, "run `python -m vanban.codes` to regenerate the README table"
    outside = readme.split(README_BEGIN)[0] + readme.split(README_END)[1]
    assert re.findall(r"^\| VB\d{3}", outside, flags=re.M) == []
