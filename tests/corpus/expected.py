"""What each corpus document is expected to show: the differences between its words and the rendered spec,
and the findings of ``vanban check`` on the spec, each with its reason.

Kinds of difference:

- ``DECREE``: the document deviates from Nghị định 30/2020/NĐ-CP; the spec (or vanban) writes it as the decree
  says (the clause is named);
- ``EXTRACTION``: an artefact of the text copy in ../shared/corpus, not of the signed document;
- ``LANGUAGE``: a feature the spec language lacks (named), so vanban renders it otherwise.

A finding's reason starts with "false positive, #17A" when the checker is wrong about a correct real document
(issue 17, part A fixes the checker), or "real deviation" when the document itself departs from the decree
and the spec keeps its wording. A chunk of many words is written "first words … last words".

``PENDING``: documents whose spec is not written yet, with what the spec language lacks for them.
"""

from __future__ import annotations

from dataclasses import dataclass

DECREE = "decree"
EXTRACTION = "extraction"
LANGUAGE = "language"
KINDS = (DECREE, EXTRACTION, LANGUAGE)


@dataclass(frozen=True)
class Diff:
    source: str  # the document's words (letter case aside)
    ours: str  # the rendered spec's words
    kind: str
    reason: str


@dataclass(frozen=True)
class Finding:
    code: str  # the rule id or diagnostic code
    path: str  # its YAML path
    reason: str


@dataclass(frozen=True)
class Expect:
    differences: tuple[Diff, ...] = ()
    findings: tuple[Finding, ...] = ()
    missing: tuple[str, ...] = ()  # what the spec language cannot yet express in this document


# -------------------------------------------------------------------------- reasons used more than once

KINH_GUI_DOT = "vanban ends a single Kính gửi recipient with \".\"; the decree's own example (Mẫu 1.5) has none (#17A)"
LUU_DOT = "the last Nơi nhận item (\"- Lưu: …\") ends with \".\" (§3.10 of Phụ lục I)"
MULTILEVEL = "multi-level numbering \"1.1.\" of a khoản inside a khoản (vanban numbers it \"1.\")"
PAREN_NUMBERS = "items numbered \"(1)\" (vanban numbers a khoản \"1.\")"
KINH_GUI_SEMICOLON = "Kính gửi items end with \";\" (§3.6 of Phụ lục I)"
V_V_COLON = "\"V/v\" is followed by the trích yếu without a colon (Mẫu 1.5)"

FP_KT_CHU_NHIEM = ("false positive, #17A: \"KT. BỘ TRƯỞNG, CHỦ NHIỆM\" is the standing signature of Văn phòng "
                   "Chính phủ (a minister who is its chairman), not a collective body")
FP_LUU = ("false positive, #17A: a Lưu-line notation of real practice (unit code with copy count, drafter "
          "initials, \"Vụ …\", \"(b/c)\") read as another unit")
FP_TTG_ABBR = "false positive, #17A: \"TTg\" is the decree's own abbreviation of Thủ tướng Chính phủ (Phụ lục III)"
FP_TTG_CAPS = "false positive, #17A: \"TTg\" is written so in the decree's own examples"

EXPECTED: dict[str, Expect] = {
    "01_vpcp-congvan-11298-vpcp-ktth": Expect(
        differences=(
            Diff("V/v:", "V/v", DECREE, V_V_COLON),
            Diff("phủ", "phủ.", LANGUAGE, KINH_GUI_DOT),
        ),
        findings=(
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
            Finding("ND30-PL1-II-7b.3", "nguoi_ky.ky_thay", FP_KT_CHU_NHIEM),
        ),
    ),
    "02_vpcp-congvan-11554-vpcp-vi": Expect(
        differences=(
            Diff("-", "", LANGUAGE, "no \"Đồng kính gửi:\" block: written as the first paragraph, without its dash"),
            Diff("3.1.", "1.", LANGUAGE, MULTILEVEL),
            Diff("3.2.", "2.", LANGUAGE, MULTILEVEL),
            Diff("3.3.", "3.", LANGUAGE, MULTILEVEL),
            Diff("13/ct- ttg", "13/ct-ttg", DECREE, "a cited số, ký hiệu is written without spaces (§3.3; rule 6b.1)"),
            Diff("thiện", "thiện.", DECREE, LUU_DOT),
        ),
        findings=(
            Finding("ND30-PL1-II-3c.4", "ky_hieu", "false positive, #17A: VPCP's unit code \"V.I\" (Vụ I) has a "
                    "dot in established practice"),
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
            Finding("ND30-PL1-II-7b.3", "nguoi_ky.ky_thay", FP_KT_CHU_NHIEM),
        ),
        missing=("Đồng kính gửi", "numbering 3.1"),
    ),
    "03_bnv-congvan-10988-bnv-cqdp": Expect(
        differences=(
            Diff("Số:10988/BNV-CQĐP", "Số: 10988/BNV-CQĐP", DECREE, "\"Số:\" then a space (§3.3)"),
            Diff("nước.", "nước", DECREE, "a trích yếu does not end with \".\" (§3.5; rule 5a.1)"),
            Diff("ương,", "ương;", DECREE, KINH_GUI_SEMICOLON),
            Diff("lịch,", "lịch;", DECREE, KINH_GUI_SEMICOLON),
            Diff("dân,", "dân;", DECREE, KINH_GUI_SEMICOLON),
            Diff("nam,", "nam;", DECREE, KINH_GUI_SEMICOLON),
            Diff("nam,", "nam;", DECREE, KINH_GUI_SEMICOLON),
            Diff("nam,", "nam;", DECREE, KINH_GUI_SEMICOLON),
            Diff("[1] hồ sơ dự thảo nghị định … nhà nước do bộ nội vụ ban hành", "", LANGUAGE,
                 "footnotes after the signature (their markers [1], [2] stay in the text); the last words are "
                 "the site's title line left in the copy (extraction)"),
        ),
        findings=(
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
        ),
        missing=("footnotes",),
    ),
    "04_bnv-congvan-11208-bnv-khtc": Expect(
        differences=(
            Diff("ương", "ương.", LANGUAGE, KINH_GUI_DOT),
        ),
        findings=(
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
        ),
    ),
    "05_btc-congvan-17986-btc-ct": Expect(
        differences=(
            Diff("ương", "ương.", LANGUAGE, KINH_GUI_DOT),
            Diff("(pc)", "(pc).", DECREE, LUU_DOT),
        ),
        findings=(
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
        ),
    ),
    "06_bnnmt-congvan-9476-bnnmt-cnty": Expect(
        differences=(
            Diff("9476 /bnnmt-cnty", "9476/bnnmt-cnty", DECREE, "no space between the số and \"/\" (§3.3)"),
        ),
    ),
    "07_cuchaiquan-congvan-39209-chq-gsql": Expect(
        findings=(
            Finding("ND30-PL2-V.2", "noi_dung[1]", "real deviation (warning): the document writes \"công văn số\" "
                    "in lower case in a citation"),
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
        ),
    ),
    "08_thuetayninh-congvan-3257-tni-qldn1": Expect(
        findings=(
            Finding("ND30-PL1-II-3b.3", "ky_hieu", "false positive, #17A: \"TNI\" is the established code of "
                    "Thuế tỉnh Tây Ninh (the rule suggests \"T\")"),
            Finding("ND30-PL2-III.1", "kinh_gui[0]", "real deviation (warning): \"Xã Mỹ Hạnh\" capitalised in the "
                    "company's address as the document writes it"),
        ),
    ),
    "09_hcm-congvan-4085-ubnd-dt": Expect(
        differences=(
            Diff("1.1.", "1.", LANGUAGE, MULTILEVEL),
            Diff("1.2.", "2.", LANGUAGE, MULTILEVEL),
            Diff("1.3.", "3.", LANGUAGE, MULTILEVEL),
            Diff("1.4.", "4.", LANGUAGE, MULTILEVEL),
        ),
        findings=(
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
        ),
        missing=("numbering 1.1",),
    ),
    "10_bldtbxh-congvan-5115-ldtbxh-khtc-2018": Expect(
        findings=(
            Finding("ND30-PL1-II-3b.3", "ky_hieu", "false positive, #17A: the ministry's own abbreviation "
                    "\"LĐTBXH\" (the rule suggests \"BLĐTB\")"),
            Finding("ND30-PL1-II-9d.8", "luu", FP_LUU),
        ),
    ),
    "11_ttg-congdien-232-cd-ttg": Expect(
        differences=(
            Diff("v/v", "", DECREE, "a công điện's trích yếu has no \"V/v\" (Mẫu 1.6; \"V/v\" is the công văn's)"),
            Diff("(1)", "1.", LANGUAGE, PAREN_NUMBERS),
            Diff("(2)", "2.", LANGUAGE, PAREN_NUMBERS),
            Diff("(3)", "3.", LANGUAGE, PAREN_NUMBERS),
            Diff("văn thư,", "vt,", DECREE, "\"Lưu: VT\" (§3.10; rule 9d.1 is an error otherwise)"),
            Diff("tuynh", "tuynh.", DECREE, LUU_DOT),
        ),
        findings=(
            Finding("ND30-PL1-II-3b.3", "ky_hieu", FP_TTG_ABBR),
            Finding("ND30-PL1-II-3c.3", "ky_hieu", FP_TTG_CAPS),
        ),
        missing=("numbering (1)",),
    ),
    "12_bxd-congdien-96-cd-bxd": Expect(
        differences=(
            Diff("protected])./.", "protected]).", LANGUAGE, "no enclosure note after the closing \"./.\": the note "
                 "is the last paragraph, so \"./.\" follows it"),
            Diff("theo)", "theo)./.", LANGUAGE, "(the same: the enclosure note takes the closing \"./.\")"),
        ),
        missing=("enclosure note after ./.",),
    ),
    "14_vpcp-thongbao-653-tb-vpcp": Expect(
        differences=(
            Diff("vt,cn", "vt, cn", DECREE, "a space after the comma in the Lưu line (§3.10)"),
        ),
        findings=(
            Finding("ND30-PL1-II-7b.3", "nguoi_ky.ky_thay", FP_KT_CHU_NHIEM),
        ),
    ),
    "24_ttg-quyetdinh-2609-qd-ttg": Expect(
        differences=(
            Diff("21b", "21b.", DECREE, LUU_DOT),
        ),
        findings=(
            Finding("ND30-PL1-II-3b.3", "ky_hieu", FP_TTG_ABBR),
            Finding("ND30-PL1-II-3c.3", "ky_hieu", FP_TTG_CAPS),
        ),
    ),
}

PENDING: dict[str, str] = {
    "13_cantho-chithi-09-ct-ubnd": "spec being transcribed",
    "15_vpcp-thongbao-631-tb-vpcp": "spec being transcribed",
    "16_cucthue-thongbao-983-tb-ct": "spec being transcribed",
    "17_hanoi-kehoach-310-kh-ubnd-phuluc": "an appendix table with data rows (5 columns): tables, #15",
    "18_cantho-kehoach-157-kh-ubnd-phuluc": "an appendix criteria table with group rows: tables, #15",
    "19_daklak-kehoach-0134-kh-ubnd-dutoan": "appendix tables with a 2-level header and a budget table with group rows and subtotals: tables, #15",
    "20_daklak-kehoach-0129-kh-ubnd": "spec being transcribed (footnote after the signature)",
    "21_hcm-kehoach-172-kh-ubnd": "spec being transcribed",
    "22_phobang-kehoach-01-kh-tbttkt-2025": "spec being transcribed (two-line issuer, four-line signature, footnotes)",
    "23_bcdqg1237-kehoach-252-kh-2013": "spec being transcribed (parts A.–D. above roman sections)",
    "25_bcdnndl-quyetdinh-170-ban-hanh-quy-che": "spec being transcribed (attached quy chế)",
    "26_caobang-quyetdinh-52-2025-qd-ctubnd": "spec being transcribed (enacting sentence instead of QUYẾT ĐỊNH:)",
    "27_btc-quyetdinh-3891-qd-btc": "a table inside Điều 1: tables, #15",
    "28_btc-quyetdinh-4014-qd-btc-phuluc": "an appendix table with a group row: tables, #15",
    "29_dongnai-quyetdinh-2816-qd-ubnd-phuluc": "appendix tables: tables, #15",
    "30_hanoi-ttpvhcc-quyetdinh-1597-phuluc": "an appendix table (8 columns): tables, #15",
    "31_tuyenquang-quyetdinh-986-qd-ubnd-2024": "spec being transcribed",
}
