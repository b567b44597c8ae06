"""Keys, PINs, certificates and images are checked before anything is written (VB410–VB414)."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from vanban.diagnostics import UserError
from vanban.issuing import demo, keys, sign
from vanban.issuing.settings import KeySettings

from .keysfixture import AGENCY, PIN, SIGNER


@pytest.fixture(scope="module")
def ca():
    return demo.make_ca()


def _p12(tmp_path, ca, common, **kwargs):
    key, cert = demo.issue_certificate(ca, common, **kwargs)
    return demo.write_p12(tmp_path / "k.p12", key, cert, [ca[1]])


def _code(info) -> list[str]:
    return [d.code for d in info.value.diagnostics]


def test_good_key_loads_and_matches(tmp_path, ca):
    setting = KeySettings(p12=_p12(tmp_path, ca, f"{SIGNER} (DEMO)"), pin_variable="X_PIN")
    with keys.open_key(setting, "nguoi_ky", pin=PIN, expected_name=SIGNER) as loaded:
        assert loaded.subject == f"{SIGNER} (DEMO)"


def test_missing_and_wrong_pin(tmp_path, ca, monkeypatch):
    setting = KeySettings(p12=_p12(tmp_path, ca, SIGNER), pin_variable="X_PIN")
    monkeypatch.delenv("X_PIN", raising=False)
    with pytest.raises(UserError) as info:
        keys.load_pkcs12(setting, "nguoi_ky")
    assert _code(info) == ["VB411"] and "X_PIN" in str(info.value)
    monkeypatch.setenv("X_PIN", "sai")
    with pytest.raises(UserError) as info:
        keys.load_pkcs12(setting, "nguoi_ky")
    assert _code(info) == ["VB411"] and "sai mật khẩu" in str(info.value)


def test_missing_key_file(tmp_path):
    with pytest.raises(UserError) as info:
        keys.load_pkcs12(KeySettings(p12=tmp_path / "none.p12"), "co_quan", pin=PIN)
    assert _code(info) == ["VB410"]
    (tmp_path / "junk.p12").write_bytes(b"not pkcs12")
    with pytest.raises(UserError) as info:
        keys.load_pkcs12(KeySettings(p12=tmp_path / "junk.p12"), "co_quan", pin=PIN)
    assert _code(info) == ["VB410"]
    with pytest.raises(UserError) as info:
        with keys.open_key(KeySettings(), "co_quan", pin=PIN):
            pass
    assert _code(info) == ["VB410"] and "chưa cấu hình" in str(info.value)


def test_expired_certificate(tmp_path, ca):
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=800)
    setting = KeySettings(p12=_p12(tmp_path, ca, SIGNER, not_before=old, days=365))
    with pytest.raises(UserError) as info:
        with keys.open_key(setting, "nguoi_ky", pin=PIN, expected_name=SIGNER):
            pass
    assert _code(info) == ["VB412"] and "đã hết hạn" in str(info.value)


def test_certificate_of_someone_else(tmp_path, ca):
    setting = KeySettings(p12=_p12(tmp_path, ca, "Lê Thị Cúc"))
    with pytest.raises(UserError) as info:
        with keys.open_key(setting, "nguoi_ky", pin=PIN, expected_name=SIGNER):
            pass
    assert _code(info) == ["VB413"] and "Lê Thị Cúc" in str(info.value) and SIGNER in str(info.value)


@pytest.mark.parametrize("expected, names, ok", [
    ("Trần Thị Bích Hằng", ("TRẦN THỊ BÍCH HẰNG",), True),
    ("Trần Thị Bích Hằng", ("Trần Thị Bích Hằng (DEMO)",), True),
    ("Sở Thông tin và Truyền thông", ("", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH BÌNH PHƯỚC"), True),
    ("Trần Thị Bích", ("Trần Thị Bích Hằng",), True),
    ("Trần Thị Bích Hằng", ("Trần Thị Bích",), False),
    ("Văn Bình", ("Nguyễn Văn Bính",), False),
])
def test_names_match(expected, names, ok):
    assert keys.names_match(expected, names) is ok


def test_images_are_checked(tmp_path):
    good_sig = demo.signature_png(tmp_path / "sig.png")
    good_seal = demo.seal_png(tmp_path / "seal.png")
    assert sign.load_image(good_sig, "nguoi_ky").mode == "RGBA"
    assert sign.load_image(good_seal, "co_quan").mode == "RGBA"
    for path, role, words in [(good_seal, "nguoi_ky", "màu"), (good_sig, "co_quan", "màu"),
                              (tmp_path / "none.png", "co_quan", "không đọc được")]:
        with pytest.raises(UserError) as info:
            sign.load_image(path, role)
        assert _code(info) == ["VB414"] and words in str(info.value)
    Image.open(good_sig).convert("RGB").save(tmp_path / "sig.jpg")
    Image.open(good_sig).convert("RGB").save(tmp_path / "opaque.png")
    for path, words in [(tmp_path / "sig.jpg", "PNG"), (tmp_path / "opaque.png", "trong suốt")]:
        with pytest.raises(UserError) as info:
            sign.load_image(path, "nguoi_ky")
        assert words in str(info.value)


def test_image_boxes_follow_phu_luc_i():
    """Signature centred between chức vụ and name; seal at its real size over the left third of it."""
    title = sign.TextLine(1, "PHÓ GIÁM ĐỐC", 360.0, 460.0, 400.0, 14, "Bold")
    name = sign.TextLine(1, SIGNER, 350.0, 470.0, 300.0, 14, "Bold")
    placed = sign.place_images(title, name, (600, 240), 36)
    x0, y0, x1, y1 = placed.signature
    assert abs((x0 + x1) / 2 - 410.0) < 0.01  # centred on the lines
    assert abs((y0 + y1) / 2 - (title.bottom + name.top) / 2) < 0.01  # in the middle of the space between
    assert y1 < title.bottom and y0 > name.top
    assert abs((x1 - x0) / (y1 - y0) - 2.5) < 0.01  # the image's proportions
    s0, t0, s1, t1 = placed.seal
    assert abs((s1 - s0) - 36 * sign.MM) < 0.02 and abs((t1 - t0) - 36 * sign.MM) < 0.02  # real size
    assert abs((s1 - x0) - (x1 - x0) / 3) < 0.02 and s0 < x0  # over the left third
    assert abs((t0 + t1) / 2 - (y0 + y1) / 2) < 0.01


def test_stamp_box_top_right():
    x0, y0, x1, y1 = sign.stamp_box(595.3, 841.9)
    assert abs(595.3 - x1 - 15 * sign.MM) < 0.02 and abs(841.9 - y1 - 8 * sign.MM) < 0.02
    assert sign.vietnam_time(dt.datetime(2026, 3, 5, 2, 41, 7, tzinfo=dt.timezone.utc)) == "2026-03-05T09:41:07+07:00"
    assert AGENCY
