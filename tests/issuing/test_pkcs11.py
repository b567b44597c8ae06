"""Keys on a PKCS#11 token (the USB tokens of Vietnamese CAs), tested with SoftHSM: the key and certificate are
put on a fresh software token with OpenSC's pkcs11-tool, then used to sign a PDF that pyHanko validates; a wrong
PIN is VB411, a token that is not there VB415. Skipped, saying why, without softhsm2-util/pkcs11-tool."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from vanban.diagnostics import UserError
from vanban.issuing import demo, keys, sign
from vanban.issuing.settings import KeySettings

from .keysfixture import SIGNER

MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/local/lib/softhsm/libsofthsm2.so")


@pytest.fixture(scope="module")
def token(tmp_path_factory):
    module = next((m for m in MODULES if Path(m).is_file()), None)
    if module is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        pytest.skip("SoftHSM and OpenSC not installed (apt-get install softhsm2 opensc)")
    pytest.importorskip("pkcs11", reason="python-pkcs11 not installed (pip install 'vanban[pkcs11]')")
    folder = tmp_path_factory.mktemp("hsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "vanban", "--pin", "1234", "--so-pin",
                    "5678"], check=True, capture_output=True)
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    ca = demo.make_ca()
    key, cert = demo.issue_certificate(ca, f"{SIGNER} (DEMO)")
    (folder / "key.der").write_bytes(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    (folder / "cert.der").write_bytes(cert.public_bytes(Encoding.DER))
    for kind, name in (("privkey", "key.der"), ("cert", "cert.der")):
        subprocess.run(["pkcs11-tool", "--module", module, "--login", "--pin", "1234", "--write-object",
                        str(folder / name), "--type", kind, "--id", "01", "--label", "nguoi-ky"],
                       check=True, capture_output=True)
    ca_pem = demo.write_pem(folder / "ca.pem", ca[1])
    yield KeySettings(pkcs11_module=Path(module), pkcs11_token="vanban", pkcs11_key="nguoi-ky"), ca_pem, folder
    mp.undo()


def test_sign_with_the_token_and_validate(token):
    from pypdf import PdfWriter
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    setting, ca_pem, folder = token
    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(blank)
    image = sign.load_image(demo.signature_png(folder / "sig.png"), "nguoi_ky")
    with keys.open_key(setting, "nguoi_ky", pin="1234", expected_name=SIGNER) as loaded:
        assert loaded.subject == f"{SIGNER} (DEMO)"
        signed = sign._sign(blank.getvalue(), loaded.signer, sign.FIELD_PERSON, 0, (300, 300, 450, 360),
                            sign._image_style(image), name=loaded.subject, tsa_url=None, reason="thử")
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(ca_pem))], allow_fetching=False,
                                revocation_mode="soft-fail")
    status = validate_pdf_signature(embedded, signer_validation_context=context)
    assert status.intact and status.valid and status.trusted


def test_wrong_pin_and_missing_token(token):
    setting, _, _ = token
    with pytest.raises(UserError) as info:
        with keys.open_key(setting, "nguoi_ky", pin="9999"):
            pass
    assert [d.code for d in info.value.diagnostics] == ["VB411"]
    other = KeySettings(pkcs11_module=setting.pkcs11_module, pkcs11_token="khong-co", pkcs11_key="nguoi-ky")
    with pytest.raises(UserError) as info:
        with keys.open_key(other, "nguoi_ky", pin="1234"):
            pass
    assert [d.code for d in info.value.diagnostics] == ["VB415"]
    with pytest.raises(UserError) as info:
        with keys.open_key(setting, "nguoi_ky", pin="1234", expected_name="Lê Thị Cúc"):
            pass
    assert [d.code for d in info.value.diagnostics] == ["VB413"]
