"""The rule registry of ``vanban check``: every rule is data.

A :class:`Rule` has a stable id tied to the clause of Nghị định 30/2020/NĐ-CP it enforces
(``ND30-PL1-II-3c.1`` = Phụ lục I, Phần I, Mục II, khoản 3, điểm c, first rule of that point;
``PL2`` = Phụ lục II on capitalisation, ``PL3`` = Phụ lục III, ``D15`` = Điều 15), the section of
``nd30.md`` that explains it, a severity, a Vietnamese message template (``str.format`` fields
filled by the check) and what it applies to: a YAML spec (checked on the model, positions from the
loader's source map) or a .docx (the formatting audit, elements found by their text and position).

The code of each check lives in :mod:`.spec_rules` and :mod:`.docx_rules`, registered under
the rule's id; a test verifies that every rule has a check and every check a rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Severity

E, W = Severity.ERROR, Severity.WARNING
SPEC, DOCX = "spec", "docx"


@dataclass(frozen=True)
class Rule:
    id: str
    clause: str  # the clause of the decree, in its own words of reference
    ref: str  # section of nd30.md
    severity: Severity
    message: str  # Vietnamese, a str.format template
    applies: str  # "spec" or "docx"
    title: str  # one line for `vanban check --rules`
    #: The document cannot be issued as written: the build refuses even with --force (the rule can still be
    #: turned off by id, in the spec or vanban.toml, when an office means it).
    blocking: bool = False


_PL1 = "Phụ lục I, Phần I"

RULES_LIST: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ spec: số, ký hiệu (ô 3)
    Rule("ND30-PL1-II-3b.1", f"{_PL1}, Mục II, khoản 3, điểm b; Phụ lục III", "§3.3, §5.1", E,
         "ký hiệu công văn `{code}` bắt đầu bằng chữ viết tắt tên loại `{abbr}` ({type}); công văn không có tên "
         "loại, ký hiệu là <cơ quan>-<đơn vị soạn thảo>", SPEC, "ký hiệu công văn không có chữ viết tắt tên loại"),
    Rule("ND30-PL1-II-3c.3", f"{_PL1}, Mục II, khoản 3, điểm c", "§3.3", W,
         "nhóm `{group}` của ký hiệu phải viết in hoa", SPEC, "ký hiệu viết in hoa"),
    Rule("ND30-PL1-II-3b.3", f"{_PL1}, Mục II, khoản 3, điểm b", "§3.3, §5.3", W,
         "chữ viết tắt cơ quan `{group}` trong ký hiệu không khớp tên cơ quan ban hành \"{agency}\" "
         "(viết tắt theo tên là `{initials}`)", SPEC, "chữ viết tắt cơ quan trong ký hiệu khớp tên cơ quan"),
    Rule("ND30-PL1-II-3c.4", f"{_PL1}, Mục II, khoản 3, điểm c", "§3.3", E,
         "ký hiệu `{code}` sai dạng: giữa các nhóm chữ viết tắt có dấu gạch nối (-), không cách chữ, không có "
         "\"/\"", SPEC, "ký hiệu gồm các nhóm nối bằng gạch nối", blocking=True),
    Rule("ND30-PL1-II-3b.4", f"{_PL1}, Mục II, khoản 3, điểm b; Phụ lục III", "§3.3, §5.1", E,
         "ký hiệu `{code}` mang chữ viết tắt `{abbr}` của {other}, nhưng văn bản là {type}", SPEC,
         "ký hiệu mang chữ viết tắt của đúng tên loại", blocking=True),
    # ------------------------------------------------------------------ địa danh, ngày (ô 4)
    Rule("ND30-PL1-II-4b.1", f"{_PL1}, Mục II, khoản 4, điểm b", "§3.4", W,
         "ngày ban hành {date} ở tương lai (hôm nay là {today})", SPEC, "ngày ban hành không ở tương lai"),
    Rule("ND30-PL1-II-4c.3", f"{_PL1}, Mục II, khoản 4, điểm c; Phụ lục II, Mục III", "§3.4, §3.18", E,
         "địa danh \"{place}\": các chữ cái đầu của địa danh phải viết hoa (\"{expected}\")", SPEC,
         "địa danh viết hoa chữ cái đầu"),
    Rule("ND30-PL1-II-4a.2", f"{_PL1}, Mục II, khoản 4, điểm a", "§3.4", W,
         "địa danh ghi tên gọi của đơn vị hành chính, không kèm \"{generic}\" (ghi \"{expected}\")", SPEC,
         "địa danh không kèm danh từ chung tỉnh/huyện/xã"),
    Rule("ND30-PL1-II-2b.4", f"{_PL1}, Mục II, khoản 2, điểm b", "§3.2", W,
         "dòng tên cơ quan \"{text}\" rộng {width} mm, cột tên cơ quan chỉ rộng {column} mm: dòng sẽ bị ngắt "
         "khi in; ghi tên thành một dòng để vanban tự ngắt giữa các cụm từ, hoặc chia dòng ngắn hơn", SPEC,
         "dòng tên cơ quan chia tay vừa cột"),
    # ------------------------------------------------------------------ trích yếu (ô 5b)
    Rule("ND30-PL1-II-5b.1", f"{_PL1}, Mục II, khoản 5, điểm b", "§3.5", E,
         "trích yếu đã bắt đầu bằng \"{prefix}\"; \"V/v\" được thêm tự động, chỉ ghi nội dung", SPEC,
         "trích yếu không gõ lại V/v"),
    Rule("ND30-PL1-II-5a.1", f"{_PL1}, Mục II, khoản 5, điểm a", "§3.5", W,
         "trích yếu là một câu ngắn gọn hoặc một cụm từ, không kết thúc bằng dấu \"{mark}\"", SPEC,
         "trích yếu không kết thúc bằng dấu câu"),
    # ------------------------------------------------------------------ người ký (ô 7)
    Rule("ND30-PL1-II-7b.1", f"{_PL1}, Mục II, khoản 7, điểm b", "§3.8", E,
         "\"TM.\" ghi trước tên tập thể lãnh đạo hoặc tên cơ quan, tổ chức; \"{of}\" là một chức vụ", SPEC,
         "TM. chỉ đặt trước tên tập thể"),
    Rule("ND30-PL1-II-7b.2", f"{_PL1}, Mục II, khoản 7, điểm b", "§3.8", E,
         "KT. {head}: người ký thay là cấp phó, nhưng chức vụ \"{title}\" không phải chức vụ cấp phó", SPEC,
         "KT. với chức vụ cấp phó"),
    Rule("ND30-PL1-II-7b.3", f"{_PL1}, Mục II, khoản 7, điểm b", "§3.8", E,
         "\"{prefix}\" ghi trước chức vụ của người đứng đầu; \"{of}\" là tên một tập thể/cơ quan", SPEC,
         "TL./TUQ./KT. đặt trước chức vụ người đứng đầu"),
    Rule("ND30-PL1-II-7b.4", f"{_PL1}, Mục II, khoản 7, điểm b", "§3.8", W,
         "văn bản của tập thể \"{agency}\" do {title} ký: ghi \"TM. {collective}\" trước chức vụ", SPEC,
         "văn bản của tập thể lãnh đạo ký TM."),
    Rule("ND30-PL1-II-7b.5", f"{_PL1}, Mục II, khoản 7, điểm b", "§3.8", W,
         "\"TM. {of}\" không khớp tên cơ quan ban hành \"{agency}\"", SPEC, "TM. đúng tên cơ quan ban hành"),
    Rule("ND30-PL1-II-7b.7", f"{_PL1}, Mục II, khoản 7, điểm b; Điều 13", "§3.8", E,
         "{problem}", SPEC, "tổ hợp quyền hạn ký có thể có", blocking=True),
    Rule("ND30-PL1-II-7c.1", f"{_PL1}, Mục II, khoản 7, điểm c", "§3.8", E,
         "trước họ tên người ký không ghi học hàm, học vị, danh hiệu (\"{title}\")", SPEC,
         "họ tên người ký không kèm học hàm, học vị"),
    Rule("ND30-PL1-II-7c.2", f"{_PL1}, Mục II, khoản 7, điểm c; Phụ lục II, Mục II", "§3.8, §3.18", E,
         "họ tên người ký \"{name}\": viết hoa chữ cái đầu mọi âm tiết (\"{expected}\")", SPEC,
         "họ tên người ký viết hoa đúng"),
    Rule("ND30-PL1-II-7c.3", f"{_PL1}, Mục II, khoản 7, điểm c", "§3.8", E,
         "chức vụ ghi đầy đủ, không viết tắt: \"{abbr}\" trong \"{text}\" ({hint})", SPEC,
         "không viết tắt chức vụ"),
    # ------------------------------------------------------------------ nơi nhận (ô 9), ô 12
    Rule("ND30-PL1-II-9d.1", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.10", E,
         "dòng \"Lưu\" bắt đầu bằng \"VT\" (Văn thư): đang là \"Lưu: {archive}\"", SPEC, "Lưu: VT trước tiên"),
    Rule("ND30-PL1-II-9d.2", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.10", W,
         "dòng \"Lưu: {archive}\" thiếu chữ viết tắt tên đơn vị soạn thảo (ví dụ \"Lưu: VT, {unit}.\")", SPEC,
         "Lưu có đơn vị soạn thảo"),
    Rule("ND30-PL1-II-9d.8", f"{_PL1}, Mục II, khoản 9, điểm d; khoản 3, điểm b", "§3.3, §3.10", W,
         "đơn vị lưu `{units}` khác đơn vị soạn thảo `{unit}` trong ký hiệu", SPEC,
         "đơn vị trong dòng Lưu khớp ký hiệu"),
    Rule("ND30-PL1-II-9b.1", f"{_PL1}, Mục II, khoản 9, điểm b", "§3.6, §3.10", W,
         "\"{entry}\" đã có ở Kính gửi (được gộp trong \"Như trên\"); bỏ khỏi Nơi nhận", SPEC,
         "nơi nhận không lặp Kính gửi"),
    Rule("ND30-PL1-II-9d.9", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.10", W,
         "\"{entry}\" ghi hai lần trong {part}", SPEC, "nơi nhận không lặp"),
    Rule("ND30-PL1-III-3", f"{_PL1}, Mục III, khoản 3", "§3.11", W,
         "ký hiệu người soạn thảo \"{drafter}\" viết bằng chữ in hoa (\"{expected}\")", SPEC,
         "ký hiệu người soạn thảo in hoa"),
    # ------------------------------------------------------------------ viết hoa, viện dẫn (Phụ lục II, ô 6)
    Rule("ND30-PL2-IV.1", "Phụ lục II, Mục IV", "§3.18", E,
         "tên cơ quan \"{name}\": viết hoa chữ cái đầu của từ chỉ loại hình và chức năng (\"{expected}\")", SPEC,
         "tên cơ quan viết hoa đúng"),
    Rule("ND30-PL2-III.1", "Phụ lục II, Mục III", "§3.18", W,
         "\"{word}\" trong \"{name}\" là danh từ chung chỉ đơn vị hành chính, viết thường (\"{expected}\")", SPEC,
         "danh từ chung tỉnh/huyện/xã viết thường"),
    Rule("ND30-PL2-V.1", "Phụ lục II, Mục V (viện dẫn)", "§3.18", W,
         "viện dẫn \"{found}\": viết hoa Phần, Chương, Mục, Điều; viết thường khoản, điểm (\"{expected}\")", SPEC,
         "viện dẫn điều, khoản, điểm viết hoa đúng"),
    Rule("ND30-PL2-V.2", "Phụ lục II, Mục V (tên loại văn bản)", "§3.18", W,
         "\"{found}\": viết hoa chữ cái đầu tên loại văn bản được viện dẫn (\"{expected}\")", SPEC,
         "tên loại văn bản viện dẫn viết hoa"),
    Rule("ND30-PL1-II-6b.1", f"{_PL1}, Mục II, khoản 6, điểm b", "§3.7", E,
         "viện dẫn \"{found}\": số, ký hiệu viết liền, \"/\" giữa số và ký hiệu, \"-\" giữa các nhóm "
         "(\"{expected}\")", SPEC, "số, ký hiệu văn bản viện dẫn đúng dạng"),
    Rule("ND30-PL1-II-6b.2", f"{_PL1}, Mục II, khoản 6, điểm b", "§3.7", E,
         "ngày {date} trong nội dung không có thật", SPEC, "ngày trong nội dung, viện dẫn có thật"),
    Rule("ND30-PL1-II-6đ.1", f"{_PL1}, Mục II, khoản 6, điểm đ", "§3.7", E,
         "điểm \"{label}\" không theo bảng chữ cái tiếng Việt (a, b, c, d, đ, e, g, h, i, k …)", SPEC,
         "thứ tự điểm theo bảng chữ cái tiếng Việt"),
    # ================================================================== .docx: the formatting audit
    Rule("ND30-PL1-I-1", f"{_PL1}, Mục I, khoản 1", "§1", E,
         "khổ giấy {width}×{height} mm, không phải A4 (210×297 mm)", DOCX, "khổ A4"),
    Rule("ND30-PL1-I-2", f"{_PL1}, Mục I, khoản 2", "§1", W,
         "trang trình bày theo chiều ngang; văn bản trình bày theo chiều dài khổ A4 (trừ bảng biểu)", DOCX,
         "trang dọc"),
    Rule("ND30-PL1-I-3", f"{_PL1}, Mục I, khoản 3", "§1", E,
         "lề {side} {value} mm, ngoài khoảng {low}–{high} mm", DOCX, "lề trang"),
    Rule("ND30-PL1-I-4.1", f"{_PL1}, Mục I, khoản 4", "§1", E,
         "phông chữ \"{font}\" (ô {slot}); văn bản dùng Times New Roman", DOCX, "phông Times New Roman"),
    Rule("ND30-PL1-I-4.2", f"{_PL1}, Mục I, khoản 4", "§1", W,
         "chữ màu #{color}; văn bản dùng chữ màu đen", DOCX, "chữ màu đen"),
    Rule("ND30-PL1-I-7.1", f"{_PL1}, Mục I, khoản 7", "§3.15", E,
         "số trang đặt ở {where}; số trang canh giữa trong phần lề trên (đầu trang)", DOCX,
         "số trang canh giữa ở lề trên"),
    Rule("ND30-PL1-I-7.2", f"{_PL1}, Mục I, khoản 7", "§3.15", E,
         "số trang hiện ở trang thứ nhất; không hiển thị số trang thứ nhất", DOCX, "không đánh số trang đầu"),
    Rule("ND30-PL1-I-7.3", f"{_PL1}, Mục I, khoản 7", "§3.15", W,
         "số trang cỡ {size}; cỡ chữ từ 13 đến 14, kiểu đứng", DOCX, "cỡ chữ số trang"),
    Rule("ND30-PL1-II-1a", f"{_PL1}, Mục II, khoản 1, điểm a", "§3.1, §4", E,
         "Quốc hiệu {problem}; Quốc hiệu in hoa, cỡ 12–13, đứng, đậm", DOCX, "Quốc hiệu"),
    Rule("ND30-PL1-II-1b.1", f"{_PL1}, Mục II, khoản 1, điểm b", "§3.1, §4", E,
         "Tiêu ngữ {problem}; Tiêu ngữ in thường, cỡ 13–14, đứng, đậm", DOCX, "Tiêu ngữ"),
    Rule("ND30-PL1-II-1b.2", f"{_PL1}, Mục II, khoản 1, điểm b", "§3.1", E,
         "Tiêu ngữ viết \"{found}\"; đúng là \"Độc lập - Tự do - Hạnh phúc\" (gạch nối có cách chữ)", DOCX,
         "chữ của Tiêu ngữ"),
    Rule("ND30-PL1-II-1b.3", f"{_PL1}, Mục II, khoản 1, điểm b", "§3.1", E,
         "không có đường kẻ ngang nét liền dưới Tiêu ngữ", DOCX, "đường kẻ dưới Tiêu ngữ"),
    Rule("ND30-PL1-II-2b.1", f"{_PL1}, Mục II, khoản 2, điểm b", "§3.2, §4", E,
         "tên cơ quan \"{text}\" {problem}; tên cơ quan in hoa, cỡ 12–13, đứng", DOCX, "tên cơ quan"),
    Rule("ND30-PL1-II-2b.2", f"{_PL1}, Mục II, khoản 2, điểm b", "§3.2", E,
         "tên cơ quan ban hành \"{text}\" không in đậm", DOCX, "tên cơ quan ban hành in đậm"),
    Rule("ND30-PL1-II-2b.3", f"{_PL1}, Mục II, khoản 2, điểm b", "§3.2", E,
         "{problem} dưới tên cơ quan ban hành; đường kẻ nét liền dài 1/3–1/2 dòng chữ", DOCX,
         "đường kẻ dưới tên cơ quan"),
    Rule("ND30-PL1-II-2b.5", f"{_PL1}, Mục II, khoản 2, điểm b", "§3.2", W,
         "dòng tên cơ quan \"{text}\" rộng {width} mm, cột chỉ rộng {column} mm: Word ngắt dòng ở chỗ hết chỗ, có "
         "thể giữa một từ ghép; chia tên thành các dòng ngắn hơn, ngắt giữa các cụm từ", DOCX,
         "dòng tên cơ quan vừa cột"),
    Rule("ND30-PL1-II-7.1", f"{_PL1}, Mục II, khoản 7 và khoản 9", "§3.8, §3.10", W,
         "hàng bảng chứa \"Nơi nhận:\" và chữ ký có thể bị ngắt sang trang sau: quyền hạn, chức vụ và họ tên người "
         "ký có thể in ở hai trang; đặt cho hàng \"không ngắt qua trang\" (w:cantSplit)", DOCX,
         "khối nơi nhận và chữ ký không ngắt trang"),
    Rule("ND30-PL1-I-7.4", f"{_PL1}, Mục I, khoản 7", "§3.15", W,
         "đoạn trống chỉ mang dấu ngắt phần (section break) có thể rơi sang một trang riêng chỉ có số trang; đặt "
         "dấu ngắt phần vào đoạn cuối có chữ, hoặc ẩn dấu đoạn", DOCX, "không có trang trống chỉ có số trang"),
    Rule("ND30-PL1-II-3c.1", f"{_PL1}, Mục II, khoản 3, điểm c", "§3.3", E,
         "\"{found}\": {problem}", DOCX, "dòng Số, ký hiệu đúng dạng"),
    Rule("ND30-PL1-II-3c.2", f"{_PL1}, Mục II, khoản 3, điểm c", "§3.3, §4", E,
         "dòng \"Số\" {problem}; cỡ 13, đứng, không đậm", DOCX, "cỡ chữ, kiểu chữ dòng Số"),
    Rule("ND30-PL1-II-4c.1", f"{_PL1}, Mục II, khoản 4, điểm c", "§3.4, §4", E,
         "dòng địa danh, ngày {problem}; in thường, cỡ 13–14, nghiêng", DOCX, "kiểu chữ địa danh, ngày"),
    Rule("ND30-PL1-II-4c.2", f"{_PL1}, Mục II, khoản 4, điểm b–c", "§3.4", E,
         "\"{found}\": {problem}", DOCX, "cách viết ngày tháng năm"),
    Rule("ND30-PL1-II-5b.3", f"{_PL1}, Mục II, khoản 5, điểm b", "§3.5, §4", E,
         "trích yếu \"V/v …\" {problem}; in thường, cỡ 12–13, đứng", DOCX, "kiểu chữ V/v"),
    Rule("ND30-PL1-II-5b.4", f"{_PL1}, Mục II, khoản 5, điểm b", "§3.5", W,
         "trích yếu \"V/v …\" cách dòng Số {before} pt; cách dòng 6pt với số, ký hiệu", DOCX,
         "V/v cách dòng Số 6pt"),
    Rule("ND30-PL1-II-5b.2", f"{_PL1}, Mục II, khoản 5, điểm b", "§3.5", E,
         "\"V/v\" chỉ dùng cho trích yếu công văn; văn bản có tên loại \"{type}\" ghi trích yếu ngay dưới tên "
         "loại (ô 5a)", DOCX, "V/v chỉ dùng cho công văn"),
    Rule("ND30-PL1-II-6e.1", f"{_PL1}, Mục II, khoản 6, điểm e", "§3.7", E,
         "đoạn nội dung {problem}", DOCX, "cỡ chữ, canh lề nội dung"),
    Rule("ND30-PL1-II-6e.2", f"{_PL1}, Mục II, khoản 6, điểm e", "§3.7", E,
         "đoạn nội dung lùi đầu dòng {value} cm; lùi 1 cm hoặc 1,27 cm", DOCX, "lùi đầu dòng nội dung"),
    Rule("ND30-PL1-II-6e.3", f"{_PL1}, Mục II, khoản 6, điểm e", "§3.7", E,
         "khoảng cách giữa các đoạn {value} pt; tối thiểu 6pt", DOCX, "khoảng cách đoạn nội dung"),
    Rule("ND30-PL1-II-6e.4", f"{_PL1}, Mục II, khoản 6, điểm e", "§3.7", E,
         "khoảng cách dòng {value}; tối thiểu dòng đơn, tối đa 1,5 lines", DOCX, "giãn dòng nội dung"),
    Rule("ND30-PL3-KT", "Phụ lục III (các mẫu kết thúc nội dung bằng \"./.\")", "§3.14", W,
         "nội dung không kết thúc bằng \"./.\" (đoạn cuối: \"{found}\")", DOCX, "kết thúc nội dung bằng ./."),
    Rule("ND30-PL1-II-9d.3", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.6, §4", E,
         "dòng Kính gửi {problem}; in thường, cỡ 13–14, đứng", DOCX, "kiểu chữ Kính gửi"),
    Rule("ND30-PL1-II-9d.4", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.6", E,
         "Kính gửi: {problem}", DOCX, "dấu câu Kính gửi"),
    Rule("ND30-PL1-II-9d.5", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.10, §4", E,
         "\"Nơi nhận:\" {problem}; cỡ 12, nghiêng, đậm", DOCX, "kiểu chữ Nơi nhận"),
    Rule("ND30-PL1-II-9d.6", f"{_PL1}, Mục II, khoản 9, điểm d", "§3.10, §4", E,
         "dòng nơi nhận \"{text}\" {problem}; cỡ 11, đứng", DOCX, "kiểu chữ danh sách nơi nhận"),
    Rule("ND30-PL1-II-9d.7", f"{_PL1}, Mục II, khoản 9, điểm b, d", "§3.10", E,
         "Nơi nhận: {problem}", DOCX, "dấu câu, Như trên, Lưu trong Nơi nhận"),
    Rule("ND30-PL1-II-7đ.1", f"{_PL1}, Mục II, khoản 7, điểm đ", "§3.8, §4", E,
         "dòng quyền hạn, chức vụ \"{text}\" {problem}; in hoa, cỡ 13–14, đứng, đậm", DOCX,
         "kiểu chữ quyền hạn, chức vụ"),
    Rule("ND30-PL1-II-7đ.2", f"{_PL1}, Mục II, khoản 7, điểm đ", "§3.8, §4", E,
         "họ tên người ký \"{text}\" {problem}; in thường, cỡ 13–14, đứng, đậm", DOCX, "kiểu chữ họ tên người ký"),
    Rule("ND30-PL1-II-7b.6", f"{_PL1}, Mục II, khoản 7, điểm b", "§3.8", E,
         "\"{found}\": sau chữ viết tắt quyền hạn có dấu chấm và một dấu cách (\"{expected}\")", DOCX,
         "TM./KT./TL./TUQ./Q. đúng dạng"),
    Rule("ND30-PL1-II-0", f"{_PL1}, Mục II (các thành phần thể thức chính)", "§6 (Điều 8.2)", E,
         "không tìm thấy {part}", DOCX, "đủ thành phần thể thức chính"),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in RULES_LIST}
assert len(RULES) == len(RULES_LIST), "duplicate rule id"

#: Ids of earlier versions whose number named the wrong point of their clause → the id of today; still
#: accepted where rules are turned off (with warning VB122 naming the new id).
RENAMED: dict[str, str] = {
    "ND30-PL1-II-3b.2": "ND30-PL1-II-3c.3",  # in hoa: điểm c, not b
    "ND30-PL1-II-4a.1": "ND30-PL1-II-4c.3",  # chữ cái đầu địa danh viết hoa: điểm c
    "ND30-PL1-II-6d.1": "ND30-PL1-II-6đ.1",  # điểm theo bảng chữ cái: điểm đ (d is about titles)
    "ND30-PL1-II-7d.1": "ND30-PL1-II-7đ.1",  # kiểu chữ quyền hạn, chức vụ: điểm đ (d is the signature image)
    "ND30-PL1-II-7d.2": "ND30-PL1-II-7đ.2",  # kiểu chữ họ tên: điểm đ
    "ND30-PL1-II-7d.3": "ND30-PL1-II-7b.6",  # "KT. …" written right: điểm b
    "ND30-PL1-II-9b.2": "ND30-PL1-II-9d.9",  # nơi nhận không lặp: điểm d
}
