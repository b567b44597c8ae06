"""The merged print file (``--gop``) opens in other readers: pandoc refuses zip64 packages."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from vanban.copies import batch
from vanban import load
from conftest import ROOT

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "examples" / "tung-noi-nhan" / "002-long-an-tung-huyen.yaml"
DATA = ROOT / "examples" / "tung-noi-nhan" / "so-lieu-huyen.csv"


def test_pandoc_reads_the_merged_print_file(tmp_path):
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc not installed (apt-get install pandoc)")
    result = load(EXAMPLE)
    folder, work = batch.run(result.document, "cv", batch.Options(outdir=tmp_path, table=DATA, merged=True))
    done = subprocess.run([pandoc, str(folder / "cv.gop.docx"), "-t", "plain"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == len(work.recipients)
