"""Checks of the copies of a per-recipient run (gửi từng nơi nhận, ``vanban build --tung-noi-nhan``).

The base letter is checked once, as any letter (:func:`vanban.checker.check_document` and the .docx audit);
what differs from copy to copy is checked here for every copy: its Kính gửi line (the recipient's name from
the danh bạ, ô 9a) and the text its templates were filled with (the recipient's row of the data table, §3.7).
Only the rules that read those parts run, on those parts only, so a run of thousands of copies keeps its speed
(``bench/bench_tung_noi_nhan.py``). A finding met in several copies is reported once, naming the copies.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from typing import Iterable, Iterator

from ..diagnostics import Diagnostic, format_path
from ..model import Document
from . import spec_rules
from .rules import RENAMED, RULES

#: The rules that read the body's text (citations, dates, điểm letters, capitals in references).
TEXT_RULES = ("ND30-PL2-V.1", "ND30-PL2-V.2", "ND30-PL1-II-6b.1", "ND30-PL1-II-6b.2", "ND30-PL1-II-6đ.1")
#: The rule that reads the Kính gửi line (danh từ chung tỉnh/huyện/xã viết thường).
ADDRESSEE_RULES = ("ND30-PL2-III.1",)


@dataclass(frozen=True)
class Copy:
    """One copy as the checks see it: who it is for, its Kính gửi and its filled templates."""

    label: str  # the recipient's id in the danh bạ
    addressee: str  # what follows "Kính gửi:" in this copy
    texts: tuple[tuple[tuple, str], ...]  # (YAML path of the template, the text it was filled with)


class _CopyContext(spec_rules.SpecContext):
    def __init__(self, doc: Document, today: _dt.date, texts: tuple[tuple[tuple, str], ...]):
        super().__init__(doc, today)
        self._texts = texts

    def body_texts(self) -> Iterator[tuple[tuple, str]]:
        return iter(self._texts)

    def agency_lines(self) -> Iterator[tuple[tuple, str]]:
        return iter(())  # checked once on the base letter


def check_copies(doc: Document, copies: Iterable[Copy], disabled: frozenset[str] = frozenset(),
                 today: _dt.date | None = None) -> list[Diagnostic]:
    """The findings of every copy's own parts, each once, with the copies it was met in."""
    today = today or _dt.date.today()
    disabled = disabled | {RENAMED.get(rule_id, rule_id) for rule_id, _ in doc.origin.rules_off}
    text_rules = [r for r in TEXT_RULES if r not in disabled]
    addressee_rules = [r for r in ADDRESSEE_RULES if r not in disabled]
    met: dict[tuple, tuple[spec_rules.Finding, list[str]]] = {}
    base = doc.distribution
    for copy in copies:
        found = []
        if text_rules and copy.texts:
            ctx = _CopyContext(doc, today, copy.texts)
            for rule_id in text_rules:
                found += spec_rules.CHECKS[rule_id](ctx)
        if addressee_rules:
            alone = dataclasses.replace(base, addressees=(copy.addressee,), others=())
            ctx = _CopyContext(dataclasses.replace(doc, distribution=alone), today, ())
            for rule_id in addressee_rules:
                found += [dataclasses.replace(f, path=("kinh_gui",)) for f in spec_rules.CHECKS[rule_id](ctx)
                          if f.path[:1] == ("kinh_gui",)]
        for finding in found:
            entry = met.setdefault(finding.key(), (finding, []))
            if copy.label not in entry[1]:
                entry[1].append(copy.label)
    out = []
    for finding, labels in met.values():
        rule = RULES[finding.rule]
        shown = ", ".join(f"`{label}`" for label in labels[:3])
        more = f" và {len(labels) - 3} bản khác" if len(labels) > 3 else ""
        message = rule.message.format(**finding.params) + f" (bản gửi {shown}{more})"
        ref = doc.origin.ref(finding.path)
        out.append(Diagnostic(rule.id, rule.severity, message, format_path(finding.path), ref.position))
    return out
