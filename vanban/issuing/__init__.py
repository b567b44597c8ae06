"""Ban hành (issuing): the register of outgoing documents, digital signatures and their verification.

Nghị định 30/2020/NĐ-CP: the number and date come from the register of the issuing body, unique per year
(Điều 15.3, sổ đăng ký văn bản đi of Phụ lục IV); an electronic document is valid when signed digitally by
the competent person and by the organisation (Điều 5, Điều 13.7), with the images placed as Phụ lục I lays
out (nd30.md §3.8–3.9 and §7). The modules:

- :mod:`.settings`: the ``[ban_hanh]`` table of ``vanban.toml`` (register, keys, images, trust store);
- :mod:`.register`: the register (SQLite by default, PostgreSQL for an office with several machines);
- :mod:`.workbook`: the register as the .xlsx sổ of Phụ lục IV;
- :mod:`.keys`: signing keys from a PKCS#12 file or a PKCS#11 token;
- :mod:`.sign`: PAdES signatures with the images and the attachment stamp of Phụ lục I;
- :mod:`.verify`: the signatures of a PDF, their chain and whether their positions follow Phụ lục I.

The pipeline that ties them to loading, checking and rendering is :func:`vanban.app.issue`.
"""

import warnings as _warnings

# pyHanko imports cryptography's DSA classes, which print a deprecation warning to every user of `vanban ky`
_warnings.filterwarnings("ignore", message="DSA is deprecated")
