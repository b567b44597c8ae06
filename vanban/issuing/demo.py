"""Throwaway keys and images for trying ban hành (``make demo``) and for the tests: a demo CA, a signer's
and an organisation's certificate issued by it (RSA 2048, "DEMO" in every name: they prove nothing), PKCS#12
files, a blue signature image and a red seal image (transparent PNGs), and the ``[ban_hanh]`` configuration
naming them. Never use them for a real document."""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass
from pathlib import Path

DEMO_PASSWORD = "demo"
DEMO_MARK = "DEMO"


@dataclass(frozen=True)
class DemoKeys:
    folder: Path
    ca: Path
    person: Path
    organisation: Path
    signature_image: Path
    seal_image: Path
    password: str = DEMO_PASSWORD


def _name(common: str, org: str | None = None):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if org:
        attrs.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attrs)


def _key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _certificate(key, subject, issuer, signer, *, ca: bool, start: _dt.datetime, days: int):
    """The one certificate builder of the demo: ``key``'s public key under ``subject``, issued by ``issuer``
    (a name) and signed with ``signer`` (a key), for ``days`` from ``start``. A CA (``ca``) may sign
    certificates and CRLs and carries its subject key identifier; a signer's certificate signs documents
    (digital signature, non-repudiation) and names its CA's key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    identifier = (x509.SubjectKeyIdentifier.from_public_key(key.public_key()) if ca
                  else x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()))
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + _dt.timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=not ca, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                         crl_sign=ca, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(identifier, critical=False)
            .sign(signer, hashes.SHA256()))


def make_ca(common: str = f"vanban {DEMO_MARK} CA (không có giá trị pháp lý)", *, days: int = 3650):
    """A self-signed CA: (key, certificate)."""
    key = _key()
    name = _name(common, f"vanban {DEMO_MARK}")
    start = _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(days=1)
    return key, _certificate(key, name, name, key, ca=True, start=start, days=days)


def issue_certificate(ca, common: str, org: str | None = None, *, not_before: _dt.datetime | None = None,
                      days: int = 730):
    """A signing certificate issued by ``ca`` (key, cert) for ``common``: (key, certificate)."""
    ca_key, ca_cert = ca
    key = _key()
    start = not_before or (_dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(days=1))
    return key, _certificate(key, _name(common, org), ca_cert.subject, ca_key, ca=False, start=start, days=days)


def write_p12(path: Path, key, cert, chain=(), password: str = DEMO_PASSWORD) -> Path:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    path.write_bytes(pkcs12.serialize_key_and_certificates(b"vanban", key, cert, list(chain),
                                                           BestAvailableEncryption(password.encode())))
    return path


def write_pem(path: Path, cert) -> Path:
    from cryptography.hazmat.primitives.serialization import Encoding

    path.write_bytes(cert.public_bytes(Encoding.PEM))
    return path


def signature_png(path: Path, width: int = 600, height: int = 240) -> Path:
    """A handwritten-looking signature in blue on a transparent background."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    blue = (20, 40, 190, 255)
    points = [(40 + t * 5.2, height / 2 + 60 * math.sin(t / 9) * math.cos(t / 23) + 25 * math.sin(t / 3))
              for t in range(100)]
    draw.line(points, fill=blue, width=7, joint="curve")
    draw.line([(60, height - 50), (width - 60, height - 70)], fill=blue, width=5)
    image.save(path, format="PNG", optimize=False)
    return path


def seal_png(path: Path, size: int = 500) -> Path:
    """A round seal in red on a transparent background (two rings, a star, DEMO)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    red = (210, 20, 30, 235)
    draw.ellipse((6, 6, size - 6, size - 6), outline=red, width=14)
    draw.ellipse((70, 70, size - 70, size - 70), outline=red, width=6)
    c, r = size / 2, size / 6
    star = [(c + (r if i % 2 == 0 else r / 2.5) * math.sin(i * math.pi / 5),
             c - (r if i % 2 == 0 else r / 2.5) * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=red)
    for i in range(36):  # the ring of text, drawn as dashes
        angle = i * math.tau / 36
        x0, y0 = c + (size / 2 - 45) * math.cos(angle), c + (size / 2 - 45) * math.sin(angle)
        draw.ellipse((x0 - 8, y0 - 8, x0 + 8, y0 + 8), fill=red)
    image.save(path, format="PNG", optimize=False)
    return path


def make_demo_keys(folder: Path, person: str, organisation: str) -> DemoKeys:
    """The demo CA, the signer's and the organisation's PKCS#12 (password ``demo``) and the two images."""
    folder.mkdir(parents=True, exist_ok=True)
    ca = make_ca()
    person_key, person_cert = issue_certificate(ca, f"{person} ({DEMO_MARK})", f"{organisation} ({DEMO_MARK})")
    org_key, org_cert = issue_certificate(ca, f"{organisation} ({DEMO_MARK})", f"{organisation} ({DEMO_MARK})")
    return DemoKeys(
        folder, write_pem(folder / "demo-ca.pem", ca[1]),
        write_p12(folder / "demo-nguoi-ky.p12", person_key, person_cert, [ca[1]]),
        write_p12(folder / "demo-co-quan.p12", org_key, org_cert, [ca[1]]),
        signature_png(folder / "demo-chu-ky.png"), seal_png(folder / "demo-dau.png"))


def demo_config(keys: DemoKeys, register: str = ".vanban/so-van-ban-di.sqlite") -> str:
    """The ``[ban_hanh]`` of a vanban.toml in ``keys.folder``'s parent naming the demo keys."""
    rel = keys.folder.name
    return (f'# DEMO: throwaway keys made by `make demo` (vanban.issuing.demo); they prove nothing.\n'
            f'[ban_hanh]\nso_dang_ky = "{register}"\ntin_cay = ["{rel}/{keys.ca.name}"]\n\n'
            f'[ban_hanh.nguoi_ky]\np12 = "{rel}/{keys.person.name}"\nanh = "{rel}/{keys.signature_image.name}"\n'
            f'mat_khau_bien = "VANBAN_DEMO_PIN"\n\n'
            f'[ban_hanh.co_quan]\np12 = "{rel}/{keys.organisation.name}"\nanh = "{rel}/{keys.seal_image.name}"\n'
            f'duong_kinh_mm = 36\nmat_khau_bien = "VANBAN_DEMO_PIN"\n')
