"""Every diagnostic code of vanban (``VBnnn``), with its meaning: the one table.

A code names one kind of problem and is never reused for another. The rules of Nghị định 30 checked by
``vanban check`` have ids of their own (``ND30-PL1-II-3c.1`` …, :mod:`vanban.checker.rules`). A test fails
when a code is used in the source but missing here, listed here but used nowhere, listed twice, or
missing from (or described differently in) the README's table, which is generated from this module
(``python -m vanban.codes``).

Blocks: 1xx files, YAML and the command line; 2xx keys and values of a spec; 3xx values the decree
derives; 4xx issuing (register, signatures, verification); 5xx parts vanban writes itself; 6xx registry, templates, data tables, per-recipient runs;
7xx Word packages read from outside; 8xx LibreOffice (PDF, previews); 9xx returned forms (collect).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str  # in the README's words
    warning: bool = False  # a warning (the input is used), not an error


CODES: tuple[Code, ...] = (
    # ---------------------------------------------------------------- 1xx: files, YAML, command line
    Code("VB101", "YAML syntax error, unreadable value or unsupported tag (only the safe loader is used)"),
    Code("VB102", "duplicate key"),
    Code("VB103", "empty spec, or not a mapping at the top"),
    Code("VB104", "a key that is not a string"),
    Code("VB105", "spec too large (2 MiB), or aliases expanding past 200,000 nodes plus one per two characters"),
    Code("VB106", "file not found / not readable / not UTF-8"),
    Code("VB107", "control character that a .docx cannot hold (with its position)"),
    Code("VB108", "invisible (zero-width) character in a text", warning=True),
    Code("VB109", "bidirectional control character (it can make a text read differently from what it holds)"),
    Code("VB111", "an output cannot be written: the output folder is a file, no permission, disk full, "
                  "name too long (the path is named)"),
    Code("VB112", "`--template` is not a readable .docx, or lacks vanban's named styles"),
    Code("VB113", "options that cannot work together (e.g. `--so-lieu` without `--tung-noi-nhan`)"),
    Code("VB114", "wrong command line (unknown command, option or value; \"có phải ý bạn là …\")"),
    Code("VB115", "an input that is not a regular file (a FIFO, socket, device or folder): refused without reading it"),
    Code("VB116", "an Office file where a spec is expected, or a macro-enabled file (.docm, .xlsm …): not read"),
    Code("VB117", "another run is writing the same outputs (its host and process are named); it was waited for, "
                  "then refused"),
    Code("VB118", "an output folder `OUTDIR/<spec>/` that vanban did not create: never replaced or deleted"),
    Code("VB119", "a spec name that cannot name an output (`..yaml`, only dots)"),
    Code("VB140", "template: over a limit while filled (a text over 20,000 characters, a number over 256 bits, "
                  "over 1,000 loop rounds or 100,000 characters written)"),
    Code("VB141", "registry file over 8 MB (about 50,000 recipients): split it into several files of one folder"),
    Code("VB142", "a recipient's workbook of an earlier --forms run, no longer written and changed since: kept",
         warning=True),
    Code("VB170", "a file of an earlier build (.pdf, the forms' .xlsx and workbooks) that this build does not write "
                  "no longer matches the new .docx: removed with the set", warning=True),
    Code("VB171", "a file of an earlier build that no longer matches the new .docx was changed since vanban wrote "
                  "it (signed, filled in): kept", warning=True),
    Code("VB121", "`vanban.toml` unreadable or not valid TOML"),
    Code("VB122", "a rule id to turn off that does not exist, or that was renamed (its new id is given)",
         warning=True),
    Code("VB131", "`vanban diff --rev`: the old version could not be read from git"),
    # ---------------------------------------------------------------- 2xx: keys and values of a spec
    Code("VB201", "unknown key, with a \"did you mean\" suggestion"),
    Code("VB202", "missing required field"),
    Code("VB203", "wrong type"),
    Code("VB204", "value not among the allowed ones"),
    Code("VB205", "number out of range"),
    Code("VB206", "empty text or list"),
    Code("VB207", "body block or item of unknown form"),
    Code("VB209", "a text longer than 20,000 characters"),
    Code("VB210", "body lists nested deeper than 6 levels"),
    Code("VB211", "a key the document type does not use (e.g. `kinh_gui` on a quyết định)"),
    Code("VB221", "form: two columns with the same `ma`"),
    Code("VB222", "form: a formula that is malformed, names an unknown column, a column to its right or a "
                  "non-number column, or does not fit the column's type"),
    Code("VB223", "form: a row with a key that is no column code, or a value for a computed column"),
    Code("VB224", "form: a value in `dong` that does not fit its column (position of the value)"),
    Code("VB225", "form: a recipient listed twice (same name or code)"),
    Code("VB231", "`so` typed with a leading zero on a number ≥ 10: printed as written (`0134` → \"Số: 0134/…\", "
                  "never octal); the decree pads only numbers below 10", warning=True),
    Code("VB232", "prose body: a typed number that skips or repeats (\"1. 3.\", \"c)\" after \"a)\", \"Điều 3\" after "
                  "\"Điều 1\"); the line is named, the numbers stay continuous", warning=True),
    Code("VB233", "a `#` on a body or recipient line that YAML dropped as a comment (\"#1\", one space before it)",
         warning=True),
    Code("VB234", "a line `-UBND tỉnh` (no space after the dash) that YAML merged into the line above", warning=True),
    Code("VB235", "a flow list `[…]` cut at the comma of one name (the next item starts in lower case)", warning=True),
    Code("VB236", "\"V/v\" or \"Về việc\" typed at the start of a công văn's trích yếu (taken off)", warning=True),
    Code("VB237", "\"./.\" typed inside the body before its last paragraph", warning=True),
    Code("VB238", "`so` typed with the year (`so: 52/2025`): write `so: 52` and `nam_trong_so: true`"),
    Code("VB239", "a footnote reference `[^n]` names no entry of `chu_thich`"),
    Code("VB240", "a footnote referenced twice (a footnote has one reference)"),
    Code("VB241", "an entry of `chu_thich` referenced nowhere (not printed)", warning=True),
    Code("VB260", "table: a total typed in `tong_cong` differs from the sum of the item rows"),
    Code("VB261", "table: a row (written as a list) with more cells than the table has columns to fill"),
    Code("VB262", "table: a group (`nhom`) without rows"),
    Code("VB263", "table: inline markup in a cell or a note left open (`**đậm`, `*nghiêng`); write `\\*` for a literal *"),
    Code("VB264", "table: a subtotal typed on a group row differs from the sum of the group's item rows"),
    Code("VB265", "table: groups nested too deep (8 levels)"),
    Code("VB266", "appendix without a table (`cot`) and without text (`noi_dung`)"),
    Code("VB267", "appendix: a key of a table (`dong`, `tong_cong`, `don_vi_tinh` …) without the table's `cot`"),
    Code("VB268", "table: `gop_tren` names a column the table does not have"),
    Code("VB269", "table: a cell merged with the row above (`gop_tren`) is given a value"),
    Code("VB270", "table: a sub-row (`gop_tren`) without an item row of its group right above it"),
    Code("VB299", "a value pydantic refused for another reason (its message is shown)"),
    # ---------------------------------------------------------------- 3xx: values the decree derives
    Code("VB301", "impossible or badly written date"),
    Code("VB303", "the type abbreviation typed in `ky_hieu` (\"QĐ-UBND\": write \"UBND\")", warning=True),
    Code("VB310", "`{#khoa}` cites no keyed part"),
    Code("VB311", "a `khoa` used twice"),
    Code("VB312", "a phần/chương/mục/tiểu mục/điều where the hierarchy does not allow it"),
    Code("VB340", "a label vanban prints itself typed again at the start of its value (\"Lưu: VT\" in `luu`, "
                  "\"Kính gửi:\" in `kinh_gui`, \"TM.\" in `thay_mat` …): taken off, the warning says what is printed",
         warning=True),
    # ---------------------------------------------------------------- 4xx: ban hành (register, signatures)
    Code("VB401", "`[ban_hanh]` of `vanban.toml`: unknown key or wrong value"),
    Code("VB402", "the register (sổ đăng ký văn bản đi) cannot be opened: SQLite file, PostgreSQL server, psycopg"),
    Code("VB403", "the spec already has a number (`so:`) that the register did not give it"),
    Code("VB405", "`so:`/`ngay:` cannot be written into the spec in place (flow-style mapping, block value)"),
    Code("VB406", "thu hồi: no such number in the register, or cancelled already"),
    Code("VB407", "the spec has errors: no number is given and nothing is issued"),
    Code("VB410", "signing key not configured, not found or not a readable PKCS#12"),
    Code("VB411", "missing or wrong password/PIN of a key or token"),
    Code("VB412", "certificate expired or not yet valid"),
    Code("VB413", "certificate not issued to the signer (or the issuing body) named in the spec, or no signer name"),
    Code("VB414", "signature or seal image missing, not a PNG, not transparent, or not blue (signature) / red (seal)"),
    Code("VB415", "PKCS#11: module, token or key not found, or python-pkcs11 missing"),
    Code("VB416", "the signature could not be made (token refused, timestamp server failed)"),
    Code("VB417", "the chức vụ and name lines of the signer are not found in the PDF"),
    Code("VB418", "`vanban ky` on a draft without a number"),
    Code("VB419", "no Times New Roman (or Liberation Serif) font for the attachment stamp"),
    Code("VB420", "a signature that is not intact (the file was changed after signing)"),
    Code("VB421", "a certificate that does not chain to the trust store, or a trust store file that cannot be read"),
    Code("VB422", "a signature placed otherwise than Phụ lục I lays out", warning=True),
    Code("VB423", "not a PDF, or a PDF without any signature"),
    # ---------------------------------------------------------------- 5xx: parts vanban writes itself
    Code("VB501", "\"./.\" typed by hand (it is added)", warning=True),
    Code("VB502", "\"Như trên\" typed by hand in `noi_nhan` (it is added)", warning=True),
    Code("VB503", "a \"Lưu\" line typed in `noi_nhan` (use `luu`)"),
    # ---------------------------------------------------------------- 6xx: registry, templates, data, copies
    Code("VB601", "unknown registry id in `kinh_gui` or `noi_nhan`, with \"did you mean\""),
    Code("VB602", "unknown registry group in `kinh_gui` or `noi_nhan`, with \"did you mean\""),
    Code("VB603", "a reference of the wrong form (`@nhomm:`, `.thu_truog`), with a suggestion"),
    Code("VB604", "a spec uses registry ids but no registry (`recipients/` folder) is found or given"),
    Code("VB605", "a recipient twice in Kính gửi", warning=True),
    Code("VB606", "a Nơi nhận entry already covered by \"Như trên\" (dropped)", warning=True),
    Code("VB607", "the recipient has no name of the requested form (e.g. no `thu_truong`)"),
    Code("VB611", "registry: bad id"),
    Code("VB612", "registry: id defined twice"),
    Code("VB613", "registry: unknown group"),
    Code("VB614", "registry: bad e-mail address"),
    Code("VB615", "registry: empty group", warning=True),
    Code("VB621", "template: syntax error"),
    Code("VB622", "template: forbidden access (the sandbox refused it)"),
    Code("VB623", "template: unknown variable or filter"),
    Code("VB624", "template: a value a filter cannot format (with the cell of the data table)"),
    Code("VB625", "template: a missing field, or a per-recipient template in a letter built as one document"),
    Code("VB626", "template: `{% include %}` / `{% import %}`"),
    Code("VB631", "data table: unreadable or missing"),
    Code("VB632", "data table: no `ma` column, or an empty id"),
    Code("VB633", "data table: a row with more cells than columns"),
    Code("VB634", "data table: a row for no recipient (with \"did you mean\")", warning=True),
    Code("VB635", "data table: an id twice"),
    Code("VB636", "data table: a recipient without a row"),
    Code("VB641", "per-recipient run: Kính gửi in free text, or no registry recipient in it"),
    Code("VB642", "per-recipient run: two copies with one file name"),
    Code("VB643", "per-recipient run: bad or empty `--ten-tep` template"),
    Code("VB644", "per-recipient run: the merged print file (`--gop`) over 2 GB, too large for a .docx without zip64"),
    Code("VB645", "Word form (`mau_word`): file missing, not a .docx, too large or damaged"),
    Code("VB646", "Word form: a tag that does not parse, or a filled form that is no longer a Word document"),
    Code("VB647", "Word form: a tag reading a name the spec or the data cannot provide (`du_lieu.x` not written, "
                  "`van_ban.so` of a draft, an unknown variable or registry field)"),
    Code("VB648", "Word form: a field the recipient's data lacks in a per-recipient run (names the tag and the "
                  "recipient)"),
    Code("VB649", "Word form: `mau_word` with a table (`cot`), or `du_lieu` without `mau_word`"),
    Code("VB650", "Word form: content vanban cannot carry into the letter (several sections, footnotes, comments, "
                  "charts, embedded objects)"),
    # ---------------------------------------------------------------- 7xx: Word packages read from outside
    Code("VB701", "not a .docx (not a zip, corrupt or truncated)"),
    Code("VB702", "zip bomb, part too large, package too large or with too many members"),
    Code("VB703", "no `word/document.xml`, or no `w:body` in it (not a Word document)"),
    Code("VB704", "XML part not well-formed, or with a DOCTYPE/entities"),
    Code("VB705", "an external link to an attached template (http or a network share, which Word would open): "
                  "removed from the template, reported by `check`", warning=True),
    # ---------------------------------------------------------------- 8xx: LibreOffice
    Code("VB801", "LibreOffice not found (with the `apt-get` line)"),
    Code("VB802", "LibreOffice found but no Python with its `uno` module (`python3-uno`)"),
    Code("VB803", "`pdftoppm` not found (`poppler-utils`)"),
    Code("VB810", "not a .docx LibreOffice can open (corrupt, truncated, not Word, zip bomb), or the export failed"),
    Code("VB811", "the conversion did not finish within the timeout; LibreOffice was killed"),
    Code("VB812", "LibreOffice crashed twice on the document, or could not start"),
    Code("VB813", "an older .pdf beside a .docx that could not be converted was removed", warning=True),
    Code("VB814", "pdftoppm could not render the pages"),
    # ---------------------------------------------------------------- 96x: vanban nhap (a .docx read into a spec)
    Code("VB960", "`vanban nhap`: the file is an encrypted .docx (password) or a Word 97–2003 .doc"),
    Code("VB961", "`vanban nhap`: not an administrative document (no Quốc hiệu, \"Số:\" or \"Nơi nhận:\")"),
    Code("VB962", "`vanban nhap -o`: the spec to write exists already (`--ghi-de` replaces it)"),
    Code("VB963", "`vanban nhap`: a paragraph kept as plain text (its part or its number could not be placed)",
         warning=True),
    Code("VB964", "`vanban nhap`: a part of the document not found (agency, Số, Nơi nhận, signature)",
         warning=True),
    # ---------------------------------------------------------------- 9xx: returned forms (collect)
    Code("VB901", "a returned file that cannot be read (not .xlsx/.docx, damaged, over 20 MB)"),
    Code("VB902", "no form of this spec in the file, or a file made from another version of the form"),
    Code("VB903", "the recipient of a returned form cannot be told"),
    Code("VB904", "a bad value in a cell (file, sheet and cell, or table/row/column of a .docx)"),
    Code("VB905", "a second file for the same recipient (ignored)"),
    Code("VB906", "a recipient that has not sent its form", warning=True),
    Code("VB907", "number/percentage/date cells left blank", warning=True),
    Code("VB908", "a given row of the form changed (its label) or rows added/removed in Word"),
    Code("VB909", "the spec has no form"),
)

BY_CODE: dict[str, Code] = {c.code: c for c in CODES}


def readme_table() -> str:
    """The README's table of codes (between its markers), generated from :data:`CODES`."""
    rows = ["| code | meaning |", "|---|---|"]
    for c in CODES:
        rows.append(f"| {c.code} | {'(warning) ' if c.warning else ''}{c.meaning} |")
    return "\n".join(rows) + "\n"


README_BEGIN = "<!-- codes: generated by `python -m vanban.codes`; do not edit by hand -->"
README_END = "<!-- /codes -->"


def update_readme(text: str) -> str:
    """``text`` (the README) with the table between the markers replaced by :func:`readme_table`."""
    head, _, rest = text.partition(README_BEGIN)
    _, _, tail = rest.partition(README_END)
    return f"{head}{README_BEGIN}\n{readme_table()}{README_END}{tail}"


if __name__ == "__main__":  # pragma: no cover - regenerates the README table
    import sys
    from pathlib import Path

    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    readme.write_text(update_readme(readme.read_text(encoding="utf-8")), encoding="utf-8")
