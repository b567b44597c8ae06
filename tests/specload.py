"""Load a spec text in a test and read its diagnostics as a user sees them ("t.yaml:5:5: lỗi VB203 [so]: …").

One helper for the loader's tests (test_loader, test_types, test_prose, test_as_written, test_prose_traps …), and the
letters several tests (and bench/bench_tables.py) build their specs on.
"""

from __future__ import annotations

from vanban.spec.loader import LoadResult, load_spec_text


def load_formatted(text: str, name: str = "t.yaml") -> tuple[LoadResult, list[str]]:
    """The :class:`LoadResult` of ``text`` and its diagnostics, formatted and in the order they are printed."""
    result = load_spec_text(text, name)
    return result, [d.format() for d in result.diagnostics.sorted()]


def formatted(text: str, name: str = "t.yaml") -> list[str]:
    """The diagnostics of ``text``, formatted and in the order they are printed."""
    return load_formatted(text, name)[1]


#: The head of the report letter the tables' tests and bench/bench_tables.py share: a báo cáo of Sở Nông nghiệp
#: và Môi trường tỉnh Đắk Lắk on its water-quality monitoring ("Kết quả quan trắc", modelled on corpus 19), up to
#: its body.
REPORT_HEAD = """\
loai: bao_cao
co_quan: {chu_quan: UBND TỈNH ĐẮK LẮK, ten: SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG}
so: 12
ky_hieu: SNNMT
dia_danh: Đắk Lắk
ngay: 2025-11-25
trich_yeu: Kết quả quan trắc
kinh_gui: Ủy ban nhân dân tỉnh Đắk Lắk
nguoi_ky: {chuc_vu: Giám đốc, ho_ten: Nguyễn Văn A}
luu: [VT, QLMT]
"""


def report_letter(table: str) -> str:
    """The Đắk Lắk report letter whose body is "Kết quả như sau:" then a `bang` block: ``table`` is the block's
    mapping (its lines indented six spaces) and whatever follows it in ``noi_dung`` (lines indented two)."""
    return REPORT_HEAD + 'noi_dung:\n  - "Kết quả như sau:"\n  - bang:\n' + table


def long_an_letter(*, trich_yeu: str, kinh_gui: str, body: str, noi_nhan: str | None = None) -> str:
    """A công văn of Ủy ban nhân dân tỉnh Long An (4937/UBND-VHXH, signed "TM. Ủy ban nhân dân, Chủ tịch") with
    one paragraph of ``body`` and, when given, ``noi_nhan`` (YAML as written after the key)."""
    recipients = "" if noi_nhan is None else f"noi_nhan: {noi_nhan}\n"
    return f"""\
loai: cong_van
co_quan:
  ten: [Ủy ban nhân dân, tỉnh Long An]
so: 4937
ky_hieu: UBND-VHXH
dia_danh: Long An
ngay: 2020-08-17
trich_yeu: {trich_yeu}
kinh_gui: {kinh_gui}
noi_dung:
  - {body}
{recipients}nguoi_ky:
  thay_mat: Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten: Trần Văn Cần
"""


def spec_values(value):
    """A spec's YAML values as JSON has them, for the JSON Schema: dates as the strings the clerk typed."""
    if isinstance(value, dict):
        return {k: spec_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [spec_values(v) for v in value]
    return str(value) if hasattr(value, "isoformat") else value
