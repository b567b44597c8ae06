"""Throwaway keys of the signing tests (a CA, signer and organisation certificates, made with cryptography)
and an office folder whose vanban.toml names them."""

from __future__ import annotations

import shutil
from pathlib import Path

from vanban.issuing import demo

ROOT = Path(__file__).resolve().parents[2]
SIGNER = "Nguyễn Văn Bình"
AGENCY = "Sở Thông tin và Truyền thông"
PIN = "demo"


def letter_with_appendix(folder: Path, name: str = "thu.yaml", number: int | None = 12) -> Path:
    """Seed 004 (a công văn with its Biểu mẫu số 1) with a signer's name and, unless None, a number and date."""
    text = (ROOT / "directives" / "004-binh-phuoc-bluezone.yaml").read_text(encoding="utf-8")
    text = text.replace("  chuc_vu: Phó Giám đốc\n", f"  chuc_vu: Phó Giám đốc\n  ho_ten: {SIGNER}\n")
    if number is not None:
        text = text.replace("ky_hieu: STTTT-TTBCXB", f"so: {number}\nky_hieu: STTTT-TTBCXB")
        text = text.replace("ngay: 8/2020", "ngay: 2026-03-05")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def make_office(folder: Path) -> demo.DemoKeys:
    keys = demo.make_demo_keys(folder / "keys", SIGNER, AGENCY)
    (folder / "vanban.toml").write_text(demo.demo_config(keys), encoding="utf-8")
    return keys


def copy_office(source: Path, target: Path) -> None:
    shutil.copytree(source / "keys", target / "keys")
    shutil.copy(source / "vanban.toml", target / "vanban.toml")
