"""Signing keys: a PKCS#12 file (.p12/.pfx) or a PKCS#11 token (the USB tokens of Vietnamese CAs).

Every problem is a coded error before anything is written: a key that cannot be found or read (VB410), a
missing or wrong password/PIN (VB411), a certificate not valid at the signing time (VB412) or not issued to
the signer named in the spec (VB413: the competent person for ô 7c, the issuing body for ô 8), a PKCS#11
module, token or key that cannot be opened (VB415).
"""

from __future__ import annotations

import datetime as _dt
import os
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..diagnostics import Diagnostic, Position, Severity, UserError
from .settings import KeySettings

ROLE_NAMES = {"nguoi_ky": "người ký", "co_quan": "cơ quan, tổ chức"}


def _error(code: str, message: str, where: str, hint: str = "") -> UserError:
    return UserError([Diagnostic(code, Severity.ERROR, message, "", Position(where), hint)])


@dataclass
class LoadedKey:
    """A pyHanko signer with the certificate's names (for messages and the name check)."""

    signer: object  # pyhanko.sign.signers.Signer
    subject: str  # the certificate's common name
    organisation: str
    not_before: _dt.datetime
    not_after: _dt.datetime
    where: str


def _pin(key: KeySettings, role: str, pin: str | None) -> str:
    value = pin if pin is not None else os.environ.get(key.pin_variable)
    if value is None or value == "":
        raise _error("VB411", f"thiếu mật khẩu/PIN của khóa {ROLE_NAMES[role]}", key.pin_variable,
                     f"đặt biến môi trường {key.pin_variable} (hoặc `mat_khau_bien` trong [ban_hanh.{role}])")
    return value


def _names(cert) -> tuple[str, str]:
    """(common name, organisation) of an asn1crypto certificate."""
    native = cert.subject.native
    common = native.get("common_name", "")
    org = native.get("organization_name", "")
    return (common if isinstance(common, str) else " ".join(common)), (org if isinstance(org, str) else " ".join(org))


def load_pkcs12(key: KeySettings, role: str, pin: str | None = None) -> LoadedKey:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    path = key.p12
    where = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _error("VB410", f"không đọc được khóa {ROLE_NAMES[role]}: {exc.strerror or exc}", where,
                     f"xem `p12` trong [ban_hanh.{role}] của vanban.toml") from None
    secret = _pin(key, role, pin)
    try:
        private, cert, others = pkcs12.load_key_and_certificates(data, secret.encode("utf-8"))
    except ValueError as exc:
        if "password" in str(exc).lower() or "mac" in str(exc).lower():
            raise _error("VB411", f"sai mật khẩu của khóa {ROLE_NAMES[role]}", where) from None
        raise _error("VB410", f"tệp khóa {ROLE_NAMES[role]} không phải PKCS#12 đọc được ({exc})", where) from None
    if private is None or cert is None:
        raise _error("VB410", f"tệp PKCS#12 của {ROLE_NAMES[role]} không có khóa bí mật và chứng thư", where)
    store = SimpleCertificateStore()
    store.register_multiple([asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in others])
    asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    key_info = asn1_keys.PrivateKeyInfo.load(private.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    signer = _kept_key_signer(SimpleSigner)(signing_key=key_info, signing_cert=asn1_cert, cert_registry=store)
    signer.private_key = private
    common, org = _names(asn1_cert)
    return LoadedKey(signer, common, org, cert.not_valid_before_utc, cert.not_valid_after_utc, where)


def _kept_key_signer(base):
    """pyHanko's SimpleSigner re-parses (and re-validates) the private key for every signature, about 0.1 s
    for RSA 2048; this one keeps the key loaded once (signing alone stays within the 100 ms of the issue)."""

    class KeptKeySigner(base):
        private_key = None

        def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
            from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
            from pyhanko.sign.general import get_pyca_cryptography_hash

            mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
            algo = mechanism["algorithm"].native
            hash_algo = get_pyca_cryptography_hash(digest_algorithm)
            if isinstance(self.private_key, rsa.RSAPrivateKey) and algo.endswith("rsa") or algo == "rsassa_pkcs1v15":
                return self.private_key.sign(data, padding.PKCS1v15(), hash_algo)
            if isinstance(self.private_key, ec.EllipticCurvePrivateKey) and "ecdsa" in algo:
                return self.private_key.sign(data, ec.ECDSA(hash_algo))
            return super().sign_raw(data, digest_algorithm)

    return KeptKeySigner


@contextmanager
def open_pkcs11(key: KeySettings, role: str, pin: str | None = None) -> Iterator[LoadedKey]:
    """A signer on a PKCS#11 token (the session is closed on exit)."""
    try:
        import pkcs11  # noqa: F401  (python-pkcs11)
        from pyhanko.sign import pkcs11 as hanko_pkcs11
    except ImportError:
        raise _error("VB415", "cần gói python-pkcs11 để ký bằng token PKCS#11", str(key.pkcs11_module),
                     "cài bằng: pip install 'vanban[pkcs11]'") from None
    import pkcs11 as p11

    where = f"{key.pkcs11_module} (token {key.pkcs11_token or '?'})"
    if not Path(key.pkcs11_module).is_file():
        raise _error("VB415", "không tìm thấy thư viện PKCS#11 của token", str(key.pkcs11_module),
                     f"xem `pkcs11_module` trong [ban_hanh.{role}]")
    secret = _pin(key, role, pin)
    criteria = hanko_pkcs11.TokenCriteria(label=key.pkcs11_token) if key.pkcs11_token else None
    try:
        session = hanko_pkcs11.open_pkcs11_session(str(key.pkcs11_module), token_criteria=criteria, user_pin=secret)
    except (p11.PinIncorrect, p11.PinLenRange, p11.PinInvalid):
        raise _error("VB411", f"sai mã PIN của token {ROLE_NAMES[role]}", where) from None
    except Exception as exc:  # python-pkcs11 and pyHanko raise several kinds for a missing token or slot
        raise _error("VB415", f"không mở được token {ROLE_NAMES[role]}: {type(exc).__name__} {exc}".strip(),
                     where) from None
    try:
        label = key.pkcs11_key or None
        try:
            signer = hanko_pkcs11.PKCS11Signer(session, cert_label=label, key_label=label)
            cert = signer.signing_cert
        except Exception as exc:
            raise _error("VB415", f"không tìm thấy khóa và chứng thư `{label or '(mặc định)'}` trên token: {exc}",
                         where, f"xem `pkcs11_key` trong [ban_hanh.{role}]") from None
        common, org = _names(cert)
        native = cert["tbs_certificate"]["validity"].native
        yield LoadedKey(signer, common, org, native["not_before"], native["not_after"], where)
    finally:
        session.close()


@contextmanager
def open_key(key: KeySettings, role: str, *, pin: str | None = None, expected_name: str | None = None,
             when: _dt.datetime | None = None) -> Iterator[LoadedKey]:
    """The key of ``role`` (``nguoi_ky`` or ``co_quan``), checked: valid at ``when`` (now) and, with
    ``expected_name``, issued to that person or body."""
    if key.p12 is None and key.pkcs11_module is None:
        raise _error("VB410", f"chưa cấu hình khóa của {ROLE_NAMES[role]}", "vanban.toml",
                     f"ghi `p12` hoặc `pkcs11_module` trong [ban_hanh.{role}]")
    if key.p12 is not None:
        loaded = load_pkcs12(key, role, pin)
        check_key(loaded, role, expected_name, when)
        yield loaded
        return
    with open_pkcs11(key, role, pin) as loaded:
        check_key(loaded, role, expected_name, when)
        yield loaded


def check_key(loaded: LoadedKey, role: str, expected_name: str | None, when: _dt.datetime | None = None) -> None:
    when = when or _dt.datetime.now(_dt.timezone.utc)
    if not loaded.not_before <= when <= loaded.not_after:
        state = "đã hết hạn" if when > loaded.not_after else "chưa có hiệu lực"
        raise _error("VB412", f"chứng thư số của {ROLE_NAMES[role]} ({loaded.subject}) {state}: hiệu lực từ "
                     f"{loaded.not_before:%d/%m/%Y} đến {loaded.not_after:%d/%m/%Y}", loaded.where,
                     "gia hạn chứng thư số với tổ chức cung cấp dịch vụ chứng thực")
    if expected_name and not names_match(expected_name, (loaded.subject, loaded.organisation)):
        who = "người ký" if role == "nguoi_ky" else "cơ quan ban hành"
        raise _error("VB413", f"chứng thư số cấp cho `{loaded.subject}`, không khớp {who} `{expected_name}` của "
                     "văn bản", loaded.where, "dùng đúng khóa của người ký/cơ quan, hoặc sửa `nguoi_ky` trong đặc tả")


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def names_match(expected: str, names: tuple[str, ...]) -> bool:
    """The name in the spec appears, whole words, in the certificate's common name or organisation (case
    and Unicode form ignored): "Trần Thị Bích Hằng" matches "TRẦN THỊ BÍCH HẰNG" and "Trần Thị Bích Hằng (DEMO)"."""
    want = f" {_normal(expected)} "
    return any(want in f" {_normal(n).replace('(', ' ').replace(')', ' ')} " for n in names if n)
