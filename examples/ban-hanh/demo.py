"""`make demo`: issue examples/ban-hanh/cong-van.yaml end to end with throwaway DEMO keys.

In out/ban-hanh/ (made afresh): a demo CA, the signer's and the organisation's PKCS#12 ("DEMO" in every
certificate name: they prove nothing), a blue signature and a red seal image, a vanban.toml naming them, a copy
of the spec, then `vanban ban-hanh` on the copy: out/ban-hanh/out/cong-van.pdf is the signed PDF/A; check it
with `vanban kiem-tra-chu-ky out/ban-hanh/out/cong-van.pdf --tin-cay out/ban-hanh/keys/demo-ca.pem`.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from vanban import load  # noqa: E402
from vanban.cli import main as vanban  # noqa: E402
from vanban.issuing import demo  # noqa: E402


def run(target: Path) -> int:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    spec = HERE / "cong-van.yaml"
    document = load(spec).document
    keys = demo.make_demo_keys(target / "keys", document.signature.name, " ".join(document.agency.name))
    (target / "vanban.toml").write_text(demo.demo_config(keys), encoding="utf-8")
    shutil.copy(spec, target / spec.name)
    os.environ["VANBAN_DEMO_PIN"] = demo.DEMO_PASSWORD
    cwd = os.getcwd()
    os.chdir(target)
    try:
        code = vanban(["ban-hanh", spec.name, "-o", "out"])
        if code == 0:
            code = vanban(["kiem-tra-chu-ky", f"out/{spec.stem}.pdf"])
    finally:
        os.chdir(cwd)
    print(f"văn bản đã ký (khóa DEMO): {target / 'out' / (spec.stem + '.pdf')}")
    return code


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "ban-hanh"))
