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

LUU_DOT = "the last Nơi nhận item (\"- Lưu: …\") ends with \".\" (§3.10 of Phụ lục I)"
KINH_GUI_SEMICOLON = "Kính gửi items end with \";\" (§3.6 of Phụ lục I)"
LUU_COLON = "\"Lưu:\" with its colon (§3.10 of Phụ lục I)"
SECOND_POST = ("the signer's other post on a line of its own under the title (\"TRƯỞNG BAN / PHÓ THỦ TƯỚNG\"): "
               "written \"Trưởng ban, Phó Thủ tướng\" in one `chuc_vu`")
NORMATIVE = ("the authority line and \"QUYẾT ĐỊNH:\" that vanban writes for every quyết định; a normative "
             "decision has neither (its enacting sentence is written as the last căn cứ)")
ANNOTATION = "a Nơi nhận item's annotation \"(báo cáo)\" stands before the item's \";\" (§3.10 of Phụ lục I)"
APPENDIX_TABLE = "the appendix (Phụ lục) with its data table: tables with data in appendices, #15"
APPENDIX_BLANK = ("the appendix's reference line is derived from the plan (§3.16): the copy left its number and "
                  "date blank")

HEADER_CELLS = ("the copy linearised the left header cell (issuer, then Số) before the right one (Quốc hiệu); "
                "vanban's header table is read row by row")
STRAY_SPACE = ("a cited số, ký hiệu is written without spaces (Phụ lục I, Mục II, khoản 6, điểm b; `vanban check` "
               "finds the stray space as ND30-PL1-II-6b.1)")
LEADING_ZERO = ("real deviation (warning): the số keeps the leading zero of the office's 4-digit register as the "
                "document writes it (\"0134\"); §3.3 pads only numbers below 10")
V_V_COLON = "\"V/v\" is followed by the trích yếu without a colon (Mẫu 1.5)"


EXPECTED: dict[str, Expect] = {
    "01_vpcp-congvan-11298-vpcp-ktth": Expect(
        differences=(
            Diff("V/v:", "V/v", DECREE, V_V_COLON),
        ),
        findings=(
        ),
    ),
    "02_vpcp-congvan-11554-vpcp-vi": Expect(
        differences=(
            Diff("-", "", LANGUAGE, "no \"Đồng kính gửi:\" block: written as the first paragraph, without its dash"),
            Diff("13/ct- ttg", "13/ct-ttg", DECREE, "a cited số, ký hiệu is written without spaces (§3.3; rule 6b.1)"),
            Diff("thiện", "thiện.", DECREE, LUU_DOT),
        ),
        findings=(
        ),
        missing=("Đồng kính gửi",),
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
            Diff("công văn 10988/bnv-cqđp năm 2025 … nhà nước do bộ nội vụ ban hành", "", EXTRACTION,
                 "the site's title line left in the copy after the last footnote"),
        ),
        findings=(
        ),
    ),
    "04_bnv-congvan-11208-bnv-khtc": Expect(
        differences=(
            Diff("44/2022/tt- btc", "44/2022/tt-btc", DECREE, STRAY_SPACE),
        ),
    ),
    "05_btc-congvan-17986-btc-ct": Expect(
        differences=(
            Diff("(pc)", "(pc).", DECREE, LUU_DOT),
        ),
        findings=(
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
        ),
    ),
    "08_thuetayninh-congvan-3257-tni-qldn1": Expect(
        findings=(
            Finding("ND30-PL2-III.1", "kinh_gui[0]", "real deviation (warning): \"Xã Mỹ Hạnh\" capitalised in the "
                    "company's address as the document writes it"),
        ),
    ),
    "09_hcm-congvan-4085-ubnd-dt": Expect(
        differences=(
        ),
        findings=(
        ),
        missing=(),
    ),
    "10_bldtbxh-congvan-5115-ldtbxh-khtc-2018": Expect(
        findings=(
        ),
    ),
    "11_ttg-congdien-232-cd-ttg": Expect(
        differences=(
            Diff("v/v", "", DECREE, "a công điện's trích yếu has no \"V/v\" (Mẫu 1.6; \"V/v\" is the công văn's)"),
            Diff("văn thư,", "vt,", DECREE, "\"Lưu: VT\" (§3.10; rule 9d.1 is an error otherwise)"),
            Diff("tuynh", "tuynh.", DECREE, LUU_DOT),
        ),
        findings=(
        ),
    ),
    "12_bxd-congdien-96-cd-bxd": Expect(),
    "13_cantho-chithi-09-ct-ubnd": Expect(),
    "14_vpcp-thongbao-653-tb-vpcp": Expect(
        differences=(
            Diff("vt,cn", "vt, cn", DECREE, "a space after the comma in the Lưu line (§3.10)"),
        ),
        findings=(
        ),
    ),
    "15_vpcp-thongbao-631-tb-vpcp": Expect(
        differences=(
            Diff("lưu", "lưu:", DECREE, LUU_COLON),
        ),
        findings=(
        ),
    ),
    "16_cucthue-thongbao-983-tb-ct": Expect(
        differences=(
            Diff("lưu", "lưu:", DECREE, LUU_COLON),
            Diff("cđs", "cđs.", DECREE, LUU_DOT),
        ),
    ),
    "17_hanoi-kehoach-310-kh-ubnd-phuluc": Expect(
        differences=(
            Diff("71/nq -cp", "71/nq-cp", DECREE, "a cited số, ký hiệu is written without spaces (§3.3; rule 6b.1)"),
            Diff("số: /kh-ubnd", "số 310/kh-ubnd", DECREE, APPENDIX_BLANK),
            Diff("/ /2025", "24/11/2025", DECREE, APPENDIX_BLANK),
            Diff("ubnd", "ủy ban nhân dân", DECREE, "the reference line names the issuer in full (§3.16)"),
        ),
    ),
    "18_cantho-kehoach-157-kh-ubnd-phuluc": Expect(
        differences=(
            Diff("(1ae)", "(1ae);", DECREE, "a Nơi nhận item before the last ends with \";\" (§3.10)"),
            Diff("", "1", LANGUAGE, "a row without a number (STT left empty) in a numbered table: vanban numbers "
                 "every item row"),
        ),
        missing=("unnumbered row in a numbered table",),
    ),
    "19_daklak-kehoach-0134-kh-ubnd-dutoan": Expect(
        differences=(
            Diff("66/2018/qđ- ubnd", "66/2018/qđ-ubnd", DECREE, STRAY_SPACE),
            Diff("ubnd", "ủy ban nhân dân", DECREE, "the reference line names the issuer in full (§3.16)"),
            Diff("ubnd", "ủy ban nhân dân", DECREE, "the reference line names the issuer in full (§3.16)"),
        ),
        findings=(
            Finding("VB231", "so", LEADING_ZERO),
        ),
    ),
    "20_daklak-kehoach-0129-kh-ubnd": Expect(
        differences=(
            Diff("v/v", "", DECREE, "a kế hoạch's trích yếu has no \"V/v\" (Mẫu 1.4; \"V/v\" is the công văn's)"),
            Diff("iv.", "v.", DECREE, "the document numbers two sections \"IV.\"; vanban numbers them in sequence"),
        ),
        findings=(
            Finding("VB231", "so", LEADING_ZERO),
        ),
    ),
    "21_hcm-kehoach-172-kh-ubnd": Expect(),
    "22_phobang-kehoach-01-kh-tbttkt-2025": Expect(
        differences=(
            Diff("số: 01/kh-tbttkt", "", EXTRACTION, HEADER_CELLS),
            Diff("", "số: 01/kh-tbttkt", EXTRACTION, HEADER_CELLS),
            Diff("hiện.", "hiện./.", DECREE, "the text ends with \"./.\" (§3.7)"),
            Diff("lưu", "lưu: vt,", DECREE, "\"Lưu: VT, …\": the Văn thư keeps a copy (§3.10; rule 9d.1)"),
            Diff("trưởng ban xây dựng đảng", "", LANGUAGE,
                 "the signer's other post under the name (\"TRƯỞNG BAN XÂY DỰNG ĐẢNG\")"),
        ),
        findings=(
        ),
        missing=("second post under the name",),
    ),
    "23_bcdqg1237-kehoach-252-kh-2013": Expect(
        differences=(
            Diff("f)", "g)", DECREE, "điểm letters follow the Vietnamese alphabet, without f (§3.7)"),
            Diff("4.", "3.", DECREE, "the document skips khoản 3; vanban numbers in sequence"),
            Diff("kgvx.", "kgvx;", DECREE, "a Nơi nhận item before the last ends with \";\" (§3.10)"),
            Diff("bcđqg1237(3b)", "bcđqg1237(3b).", DECREE, LUU_DOT),
            Diff("ban", "ban,", LANGUAGE, SECOND_POST),
        ),
        findings=(
        ),
        missing=("parts A.–D. above roman sections", "second post under the signer's title"),
    ),
    "24_ttg-quyetdinh-2609-qd-ttg": Expect(
        differences=(
            Diff("21b", "21b.", DECREE, LUU_DOT),
        ),
        findings=(
        ),
    ),
    "25_bcdnndl-quyetdinh-170-ban-hanh-quy-che": Expect(
        differences=(
            Diff("này.", "này./.", DECREE, "the text of the decision ends with \"./.\" (§3.7)"),
            Diff("ban", "ban,", LANGUAGE, SECOND_POST),
            Diff("", "ban chỉ đạo nhà nước về du lịch cộng hòa xã hội chủ nghĩa việt nam độc lập - tự do - hạnh phúc",
                 DECREE, "the attached quy chế carries the issuer and Quốc hiệu header (Mẫu 1.3); the copy has none"),
        ),
        findings=(
        ),
        missing=("second post under the signer's title",),
    ),
    "26_caobang-quyetdinh-52-2025-qd-ctubnd": Expect(
        differences=(
            Diff("", "tỉnh cao bằng chủ tịch ủy ban nhân dân", LANGUAGE, NORMATIVE),
            Diff("", "quyết định:", LANGUAGE, NORMATIVE),
        ),
        findings=(
        ),
        missing=("normative decision: enacting sentence instead of authority line and QUYẾT ĐỊNH:",),
    ),
    "27_btc-quyetdinh-3891-qd-btc": Expect(),
    "28_btc-quyetdinh-4014-qd-btc-phuluc": Expect(
        differences=(
            Diff("", "trưởng bộ", LANGUAGE, "the appendix's reference line names the authority "
                 "(\"của Bộ trưởng Bộ Tài chính\"); the document names the ministry"),
        ),
    ),
    "29_dongnai-quyetdinh-2816-qd-ubnd-phuluc": Expect(
        differences=(
            Diff("kt.chủ", "kt. chủ", DECREE, "\"KT.\" then a space (§3.8 of Phụ lục I)"),
        ),
    ),
    "30_hanoi-ttpvhcc-quyetdinh-1597-phuluc": Expect(
        differences=(
            Diff("dựng;", "dựng", DECREE, ANNOTATION),
            Diff("b/c)", "b/c);", DECREE, ANNOTATION),
            Diff("lịch;", "lịch", DECREE, ANNOTATION),
            Diff("b/c)", "b/c);", DECREE, ANNOTATION),
            Diff("vpcp;", "vpcp", DECREE, ANNOTATION),
            Diff("b/c)", "b/c);", DECREE, ANNOTATION),
            Diff("hđnd;", "hđnd", DECREE, ANNOTATION),
            Diff("b/c)", "b/c);", DECREE, ANNOTATION),
            Diff("pct;", "pct", DECREE, ANNOTATION),
            Diff("b/c)", "b/c);", DECREE, ANNOTATION),
            Diff("(ban hành kèm", "(kèm", DECREE, "\"(Kèm theo Quyết định số …)\" (§3.16, Mẫu 1.3)"),
        ),
        findings=(
        ),
    ),
    "31_tuyenquang-quyetdinh-986-qd-ubnd-2024": Expect(
        differences=(
            Diff("tạo;", "tạo", DECREE, ANNOTATION),
            Diff("cáo)", "cáo);", DECREE, ANNOTATION),
            Diff("uỷ;", "uỷ", DECREE, ANNOTATION),
            Diff("cáo)", "cáo);", DECREE, ANNOTATION),
            Diff("tỉnh;", "tỉnh", DECREE, ANNOTATION),
            Diff("cáo)", "cáo);", DECREE, ANNOTATION),
            Diff("tỉnh;", "tỉnh", DECREE, ANNOTATION),
            Diff("cáo)", "cáo);", DECREE, ANNOTATION),
        ),
    ),
}

PENDING: dict[str, str] = {}
