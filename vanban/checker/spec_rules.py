"""Rules checked on a spec, i.e. on the :class:`vanban.model.Document` the loader built.

Each check is registered under the id of its rule in :mod:`.rules` and yields
:class:`~.common.Finding` objects carrying the YAML path of what it found; the caller turns the
path into ``file:line:col`` with the loader's source map. Nothing here reads YAML.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Callable, Iterator

from .. import model as m
from ..render import header
from ..model.walk import texts, walk
from .common import (
    ADMIN_UNITS, AGENCY_ABBREVIATIONS, COLLECTIVE_BODIES, HONORIFICS, MIXED_CASE_GROUPS, TITLE_ABBREVIATIONS,
    TYPE_ABBREVIATIONS, VIETNAMESE_LETTERS,
    Finding, archive_units, cap, fold, is_collective, is_deputy, is_title, strip_marks,
)


def _block_texts(blocks, fallback: tuple) -> Iterator[tuple[tuple, str]]:
    """(YAML path, plain text) of every heading (``Section`` title), paragraph and item of ``blocks``, in
    reading order; a node built without a source position takes ``fallback`` as its path."""
    for step in walk(blocks, tables=True):
        node = step.node
        path = node.src.path if node.src is not None else fallback
        if isinstance(node, m.Section):
            yield path, node.title
        elif isinstance(node, m.TableBlock):
            yield from _table_texts(node.table, path)
        else:
            for text in texts(node):
                yield path, text.plain


def _table_texts(table, fallback: tuple) -> Iterator[tuple[tuple, str]]:
    """(YAML path, text) of a table's header and of every text cell (a citation or an abbreviation in a cell
    is content like any other); a cell's path is its row's, the table's when the row has none."""
    for cell in table.header:
        if cell.text:
            yield fallback, cell.text
    for row in table.rows:
        for value in row.values:
            if isinstance(value, str) and value:
                yield row.src_path or fallback, value


class SpecContext:
    def __init__(self, doc: m.Document, today: _dt.date):
        self.doc = doc
        self.today = today

    def body_texts(self) -> Iterator[tuple[tuple, str]]:
        """(YAML path, plain text) of the căn cứ and of every paragraph, item and title of the body, of
        every document issued with it (``kem_theo``, Mẫu 1.3) and of every appendix and form (``phu_luc``,
        ``bieu_mau``, §3.16): the rules of the content apply to all that is issued, not only to the main text."""
        for i, ground in enumerate(self.doc.grounds):
            yield ("can_cu", i), ground.plain
        for i, enclosed in enumerate(self.doc.enclosures):
            yield ("kem_theo", i, "trich_yeu"), enclosed.subject
        yield from _block_texts(self.doc.body, ())
        for i, note in enumerate(self.doc.sent_with):
            yield ("gui_kem", i), note.plain
        for i, (_, note) in enumerate(self.doc.footnotes):
            yield ("chu_thich", i), note.plain  # chú thích cuối trang are read as the text they annotate
        for i, enclosed in enumerate(self.doc.enclosures):
            yield from _block_texts(enclosed.body, ("kem_theo", i))
        for form in self.doc.attachments:
            kind, _, number = form.key.rpartition("-")
            path = (kind, int(number) - 1) if number.isdigit() else (kind,)
            for text in (form.title, form.subtitle, *form.notes):
                if text:
                    yield path, text
            if form.table is not None:
                yield from _table_texts(form.table, path)
            yield from _block_texts(form.body, path)  # an appendix's own headings, paragraphs and items

    def noi_nhan_path(self, index: int) -> tuple:
        refs = self.doc.origin.noi_nhan
        return refs[index].path if index < len(refs) else ("noi_nhan", index)

    def agency_lines(self) -> Iterator[tuple[tuple, str]]:
        for key, lines in (("ten", self.doc.agency.name), ("chu_quan", self.doc.agency.parent)):
            for i, line in enumerate(lines):
                yield (("co_quan", key, i) if len(lines) > 1 else ("co_quan", key)), line


Check = Callable[[SpecContext], Iterator[Finding]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str):
    def register(fn: Check) -> Check:
        CHECKS[rule_id] = fn
        return fn
    return register


# --------------------------------------------------------------------------- số, ký hiệu (ô 3)


@check("ND30-PL1-II-3b.1")
def _code_no_type(ctx: SpecContext):
    if ctx.doc.type is not m.DocumentType.CONG_VAN:
        return
    first = ctx.doc.number.code.split("-")[0]
    if first in TYPE_ABBREVIATIONS:
        yield Finding("ND30-PL1-II-3b.1", {"code": ctx.doc.number.code, "abbr": first,
                                           "type": TYPE_ABBREVIATIONS[first]}, ("ky_hieu",))


@check("ND30-PL1-II-3c.3")
def _code_upper(ctx: SpecContext):
    for group in ctx.doc.number.code.split("-"):
        if group != group.upper() and group not in MIXED_CASE_GROUPS:
            yield Finding("ND30-PL1-II-3c.3", {"group": group}, ("ky_hieu",))


#: Ký hiệu: groups of letters and digits joined by "-", no space, no "/" (khoản 3, điểm c). A dot inside a
#: group is a unit's own code in established practice ("VPCP-V.I": Vụ I of Văn phòng Chính phủ).
_CODE_SHAPE = re.compile(r"^[0-9A-Za-zĐđ]+(?:\.[0-9A-Za-zĐđ]+)*(?:-[0-9A-Za-zĐđ]+(?:\.[0-9A-Za-zĐđ]+)*)*$")


@check("ND30-PL1-II-3c.4")
def _code_shape(ctx: SpecContext):
    code = ctx.doc.number.code
    if not _CODE_SHAPE.match(code) or (ctx.doc.type is m.DocumentType.CONG_VAN and "-" not in code):
        yield Finding("ND30-PL1-II-3c.4", {"code": code}, ("ky_hieu",))


@check("ND30-PL1-II-3b.4")
def _code_other_type(ctx: SpecContext):
    """A named type's ký hiệu carries the abbreviation of another type after its own ("QĐ-KH-UBND")."""
    own = ctx.doc.type.abbreviation
    groups = ctx.doc.number.code.split("-")
    if own is None or len(groups) < 3 or groups[0] != own:
        return
    others = {t.abbreviation: t for t in m.DocumentType if t.abbreviation and t is not ctx.doc.type}
    if groups[1] in others:
        yield Finding("ND30-PL1-II-3b.4", {"code": "-".join(groups[1:]), "abbr": groups[1],
                                           "other": others[groups[1]].name_vi.lower(),
                                           "type": ctx.doc.type.name_vi.lower()}, ("ky_hieu",))


_STOP = {"và", "của", "các", "với", "về"}


def agency_initials(name: str) -> str:
    """"Sở Thông tin và Truyền thông" → "STTTT"; the place after the agency type is left out."""
    words = name.split()
    cut = len(words)
    folded = [fold(w) for w in words]
    for i in range(1, len(words)):
        for unit in ADMIN_UNITS:
            n = len(unit.split())
            # "tỉnh Thái Bình": a unit word followed by a name; not "Xã hội" (Bộ Lao động - Thương binh và Xã hội)
            follower = words[i + n][:1] if i + n < len(words) else ""
            if " ".join(folded[i:i + n]) == unit and (follower.isupper() or follower.isdigit()):
                cut = i
                break
        if cut < len(words):
            break
    letters = [strip_marks(w)[0].upper() for w in words[:cut] if fold(w) not in _STOP and w[:1].isalpha()]
    return "".join(letters)


def _in_order(letters: str, name: str) -> bool:
    rest = iter(name)
    return all(ch in rest for ch in letters)


@check("ND30-PL1-II-3b.3")
def _code_agency(ctx: SpecContext):
    groups = ctx.doc.number.code.split("-")
    abbreviation = ctx.doc.type.abbreviation
    if abbreviation and groups[0] == abbreviation:  # "QĐ-UBND": the agency comes after the type
        groups = groups[1:]
    group = groups[0] if groups else ""
    agency = " ".join(ctx.doc.agency.name)
    if fold(agency) in {fold(n) for n in AGENCY_ABBREVIATIONS.get(group, ())}:
        return  # an established abbreviation of a central body ("TTg", "VPCP", "LĐTBXH"; §5.3)
    initials = agency_initials(agency)
    if len(initials) < 2:
        return  # "Thuế tỉnh Tây Ninh" → "T": too short a name to expect its code ("TNI" is the office's own, §5.3)
    # the code names the agency or the state title that issues (khoản 3, điểm b: "QĐ-CTUBND" of the Chủ tịch
    # UBND); a committee's number may follow its initials ("BCĐQG1237")
    # An office may leave words out of its code ("TBTTKT" of "Tiểu ban thông tin, tuyên truyền, khánh tiết"): the
    # code's letters, in order, among the initials, starting with the first; a code of another body is not.
    letters = group.upper().rstrip("0123456789")
    names = [initials] + ([agency_initials(ctx.doc.authority)] if ctx.doc.authority else [])
    if letters and not any(name and name[0] == letters[0] and _in_order(letters, name) for name in names):
        yield Finding("ND30-PL1-II-3b.3", {"group": group, "agency": agency, "initials": initials}, ("ky_hieu",))


# --------------------------------------------------------------------------- địa danh, ngày (ô 4)


@check("ND30-PL1-II-4b.1")
def _future(ctx: SpecContext):
    date = ctx.doc.issued.date
    if date is not None and date > ctx.today:
        yield Finding("ND30-PL1-II-4b.1", {"date": date.strftime("%d/%m/%Y"),
                                           "today": ctx.today.strftime("%d/%m/%Y")}, ("ngay",))


_FULL_NAME_PREFIXES = ("thành phố", "thị xã", "quận", "huyện", "thủ đô")


def _generic_prefix(place: str) -> str | None:
    for unit in ADMIN_UNITS:
        if place.startswith(unit + " "):  # lower case: a generic noun, not part of a name
            return unit
    return None


@check("ND30-PL1-II-4a.2")
def _place_generic(ctx: SpecContext):
    place = ctx.doc.issued.place
    unit = _generic_prefix(place)
    if unit:
        yield Finding("ND30-PL1-II-4a.2", {"generic": unit, "expected": place[len(unit):].strip()}, ("dia_danh",))


def expected_place(place: str) -> str:
    words = place.split()
    folded = fold(place)
    keep = 0
    for prefix in _FULL_NAME_PREFIXES:  # "Thành phố Hồ Chí Minh", "Quận 1": the unit word is part of the name
        if folded.startswith(prefix + " "):
            keep = len(prefix.split())
            break
    out = []
    for i, word in enumerate(words):
        if 0 < i < keep:
            out.append(word.lower())
        else:
            out.append("-".join(cap(part) for part in word.split("-")))
    return " ".join(out)


@check("ND30-PL1-II-4c.3")
def _place_caps(ctx: SpecContext):
    place = ctx.doc.issued.place
    if _generic_prefix(place):
        return
    expected = expected_place(place)
    if expected != place:
        yield Finding("ND30-PL1-II-4c.3", {"place": place, "expected": expected}, ("dia_danh",))


# --------------------------------------------------------------------------- trích yếu (ô 5)


@check("ND30-PL1-II-5b.1")
def _subject_vv(ctx: SpecContext):
    if ctx.doc.type is not m.DocumentType.CONG_VAN or not ctx.doc.subject:
        return  # a named type's trích yếu may well start "Về việc …" (ô 5a)
    match = re.match(r"^(v/v|v\.v\.?|về việc)\b", ctx.doc.subject, re.IGNORECASE)
    if match:
        yield Finding("ND30-PL1-II-5b.1", {"prefix": match.group(1)}, ("trich_yeu",))


@check("ND30-PL1-II-5a.1")
def _subject_end(ctx: SpecContext):
    subject = (ctx.doc.subject or "").rstrip()
    if subject and subject[-1] in ".;,:" and not subject.endswith("..."):
        yield Finding("ND30-PL1-II-5a.1", {"mark": subject[-1]}, ("trich_yeu",))


# --------------------------------------------------------------------------- người ký (ô 7)

_AUTH_KEYS = {m.Authority.TM: "thay_mat", m.Authority.KT: "ky_thay", m.Authority.TL: "thua_lenh",
              m.Authority.TUQ: "thua_uy_quyen"}


@check("ND30-PL1-II-7b.1")
def _tm_collective(ctx: SpecContext):
    for line in ctx.doc.signature.lines:
        if line.authority is m.Authority.TM and is_title(line.of):
            yield Finding("ND30-PL1-II-7b.1", {"of": line.of}, ("nguoi_ky", "thay_mat"))


@check("ND30-PL1-II-7b.7")
def _authority_combination(ctx: SpecContext):
    """Combinations of signing authority that cannot exist (Phụ lục I, Mục II, khoản 7, điểm b; Điều 13:
    no further delegation of a thừa ủy quyền)."""
    left = "nguoi_ghi" if ctx.doc.type is m.DocumentType.BIEN_BAN else "ben_kia"
    for key, sig in (("nguoi_ky", ctx.doc.signature), (left, ctx.doc.second_signature)):
        if sig is None:
            continue
        kinds = {line.authority for line in sig.lines}
        A = m.Authority
        if A.TM in kinds and (A.TL in kinds or A.TUQ in kinds):
            yield Finding("ND30-PL1-II-7b.7", {"problem": "không thể vừa TM. (thay mặt tập thể) vừa TL./TUQ. (thừa "
                                                          "lệnh, thừa ủy quyền người đứng đầu)"}, (key,))
        if A.TL in kinds and A.TUQ in kinds:
            yield Finding("ND30-PL1-II-7b.7", {"problem": "không thể vừa TL. vừa TUQ."}, (key,))
        if A.TUQ in kinds and A.KT in kinds:
            yield Finding("ND30-PL1-II-7b.7", {"problem": "người được ký thừa ủy quyền không được giao cho người "
                                                          "khác ký thay (TUQ. với KT.; Điều 13)"}, (key, "ky_thay"))
        if sig.acting and A.KT in kinds:
            yield Finding("ND30-PL1-II-7b.7", {"problem": "cấp trưởng tạm quyền (Q.) ký bằng chức danh của mình, "
                                                          "không ký thay (KT.)"}, (key, "quyen"))


@check("ND30-PL1-II-7b.2")
def _kt_deputy(ctx: SpecContext):
    sig = ctx.doc.signature
    for line in sig.lines:
        if line.authority is m.Authority.KT and not is_deputy(sig.title):
            yield Finding("ND30-PL1-II-7b.2", {"head": line.of.upper(), "title": sig.title}, ("nguoi_ky", "chuc_vu"))


@check("ND30-PL1-II-7b.3")
def _head_title(ctx: SpecContext):
    for line in ctx.doc.signature.lines:
        if line.authority is not m.Authority.TM and is_collective(line.of):
            yield Finding("ND30-PL1-II-7b.3", {"prefix": line.authority.value, "of": line.of},
                          ("nguoi_ky", _AUTH_KEYS[line.authority]))


@check("ND30-PL1-II-7b.4")
def _collective_needs_tm(ctx: SpecContext):
    agency = " ".join(ctx.doc.agency.name)
    folded = fold(agency)
    sig = ctx.doc.signature
    body = next((b for b in COLLECTIVE_BODIES if folded.startswith(b)), None)
    if ctx.doc.authority and is_title(ctx.doc.authority):
        return  # issued by the chairman in his own competence ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:")
    if ctx.doc.type is m.DocumentType.THU_CONG:
        return  # a thư công is the head's own letter (thanks, condolence; Điều 7): signed in his name
    if body and not sig.lines and fold(sig.title) == "chủ tịch":
        yield Finding("ND30-PL1-II-7b.4", {"agency": agency, "title": sig.title,
                                           "collective": body.upper()}, ("nguoi_ky", "chuc_vu"))


@check("ND30-PL1-II-7b.5")
def _tm_matches_agency(ctx: SpecContext):
    agency = " ".join(ctx.doc.agency.name)
    for line in ctx.doc.signature.lines:
        if line.authority is m.Authority.TM and not is_title(line.of):
            of, name = fold(line.of), fold(agency)
            if not (name.startswith(of) or of in name or of.startswith(name)):
                yield Finding("ND30-PL1-II-7b.5", {"of": line.of.upper(), "agency": agency}, ("nguoi_ky", "thay_mat"))


@check("ND30-PL1-II-7c.1")
def _honorific(ctx: SpecContext):
    match = HONORIFICS.match(ctx.doc.signature.name)
    if match:
        yield Finding("ND30-PL1-II-7c.1", {"title": match.group("t").strip()}, ("nguoi_ky", "ho_ten"))


@check("ND30-PL1-II-7c.2")
def _name_caps(ctx: SpecContext):
    name = ctx.doc.signature.name
    if HONORIFICS.match(name):
        return
    expected = " ".join("-".join(cap(p.lower()) for p in w.split("-")) for w in name.split())
    if expected != " ".join(name.split()):
        yield Finding("ND30-PL1-II-7c.2", {"name": name, "expected": expected}, ("nguoi_ky", "ho_ten"))


@check("ND30-PL1-II-7c.3")
def _title_abbreviations(ctx: SpecContext):
    sig = ctx.doc.signature
    fields = [(("nguoi_ky", _AUTH_KEYS[line.authority]), line.of) for line in sig.lines]
    fields.append((("nguoi_ky", "chuc_vu"), sig.title))
    for path, text in fields:
        for token in text.split():
            bare = token.strip(",;")
            if bare in TITLE_ABBREVIATIONS or (bare.rstrip(".") in TITLE_ABBREVIATIONS and bare.endswith(".")):
                full = TITLE_ABBREVIATIONS.get(bare) or TITLE_ABBREVIATIONS[bare.rstrip(".")]
                yield Finding("ND30-PL1-II-7c.3", {"abbr": bare, "text": text, "hint": f"ghi \"{full}\""}, path)
                break


# --------------------------------------------------------------------------- nơi nhận, lưu, ô 12


@check("ND30-PL1-II-9d.1")
def _archive_vt(ctx: SpecContext):
    archive = ctx.doc.distribution.archive
    if archive and archive[0] != "VT":
        yield Finding("ND30-PL1-II-9d.1", {"archive": ", ".join(archive)}, ("luu",))


@check("ND30-PL1-II-9d.2")
def _archive_unit(ctx: SpecContext):
    archive = ctx.doc.distribution.archive
    if len(archive) < 2:
        unit = ctx.doc.number.unit if ctx.doc.type is m.DocumentType.CONG_VAN else None
        yield Finding("ND30-PL1-II-9d.2", {"archive": ", ".join(archive) or "(trống)", "unit": unit or "VP"},
                      ("luu",))


@check("ND30-PL1-II-9d.8")
def _archive_matches_code(ctx: SpecContext):
    archive = ctx.doc.distribution.archive
    unit = ctx.doc.number.unit if ctx.doc.type is m.DocumentType.CONG_VAN else None  # <cơ quan>-<đơn vị>
    if len(archive) >= 2 and unit and not any(unit in archive_units(a) for a in archive[1:]):
        yield Finding("ND30-PL1-II-9d.8", {"units": ", ".join(archive[1:]), "unit": unit}, ("luu",))


@check("ND30-PL1-II-9b.1")
def _other_is_addressee(ctx: SpecContext):
    addressees = {fold(a) for a in ctx.doc.distribution.addressees}
    for i, entry in enumerate(ctx.doc.distribution.others):
        if fold(entry) in addressees:
            yield Finding("ND30-PL1-II-9b.1", {"entry": entry}, ctx.noi_nhan_path(i))


@check("ND30-PL1-II-9d.9")
def _duplicates(ctx: SpecContext):
    dist = ctx.doc.distribution
    for part, entries, path_of in (("Kính gửi", dist.addressees, lambda i: ("kinh_gui", i)),
                                   ("Nơi nhận", dist.others, ctx.noi_nhan_path)):
        seen = set()
        for i, entry in enumerate(entries):
            key = fold(entry)
            if key in seen:
                yield Finding("ND30-PL1-II-9d.9", {"entry": entry, "part": part}, path_of(i))
            seen.add(key)


@check("ND30-PL1-III-3")
def _drafter_upper(ctx: SpecContext):
    drafter = ctx.doc.distribution.drafter
    if drafter and drafter != drafter.upper():
        yield Finding("ND30-PL1-III-3", {"drafter": drafter, "expected": drafter.upper()}, ("nguoi_soan_thao",))


# --------------------------------------------------------------------------- viết hoa (Phụ lục II)

_AGENCY_TYPES = ("sở", "bộ", "cục", "vụ", "ban", "phòng", "chi cục", "tổng cục", "văn phòng", "trung tâm",
                 "viện", "học viện", "thanh tra", "trường", "đài", "báo")
_FIXED_NAMES = ("Ủy ban nhân dân", "Hội đồng nhân dân", "Mặt trận Tổ quốc")


def expected_agency(name: str) -> str:
    """Capitalise the first word and the word of function after the agency type (Phụ lục II, Mục IV)."""
    if name == name.upper():  # an abbreviation (UBND TỈNH …) is written as the clerk wants
        return name
    for fixed in _FIXED_NAMES:
        if fold(name).startswith(fold(fixed)):
            name = fixed + name[len(fixed):]
    words = name.split()
    words[0] = cap(words[0])
    folded = fold(name)
    for agency_type in sorted(_AGENCY_TYPES, key=len, reverse=True):
        n = len(agency_type.split())
        if folded.startswith(agency_type + " ") and len(words) > n:
            nxt = words[n]
            if fold(nxt) not in _STOP and not any(fold(" ".join(words[n:n + len(u.split())])) == u
                                                  for u in ADMIN_UNITS):
                words[n] = cap(nxt)
            break
    return " ".join(words)


@check("ND30-PL2-IV.1")
def _agency_caps(ctx: SpecContext):
    items = list(ctx.agency_lines())
    for line in ctx.doc.signature.lines:
        if line.authority is m.Authority.TM:
            items.append((("nguoi_ky", "thay_mat"), line.of))
    for path, line in items:
        first = line.split()[0] if line.split() else ""
        if path[1] in ("ten", "chu_quan") and path[-1] not in ("ten", "chu_quan") and path[-1] != 0:
            continue  # a continuation line of a name broken by the clerk ("tỉnh Thái Bình")
        expected = expected_agency(line)
        if first and expected != line:
            yield Finding("ND30-PL2-IV.1", {"name": line, "expected": expected}, path)


_ADMIN_CAPS = re.compile(r"(?<=\S )(?P<w>Tỉnh|Huyện|Xã|Phường|Thị [Tt]rấn|Thị [Xx]ã|Thành [Pp]hố) (?P<next>\S+)")


@check("ND30-PL2-III.1")
def _admin_lower(ctx: SpecContext):
    items = list(ctx.agency_lines())
    items += [(("kinh_gui", i), a) for i, a in enumerate(ctx.doc.distribution.addressees)]
    items += [(ctx.noi_nhan_path(i), o) for i, o in enumerate(ctx.doc.distribution.others)]
    for line in ctx.doc.signature.lines:
        items.append((("nguoi_ky", _AUTH_KEYS[line.authority]), line.of))
    for path, text in items:
        for match in _ADMIN_CAPS.finditer(text):
            word, nxt = match.group("w"), match.group("next")
            # "tỉnh Nam Định" (a proper name follows); not "Tỉnh ủy", "Quận 1", "Thành phố Hồ Chí Minh"
            if not nxt[:1].isupper() or text[match.start("next"):].startswith("Hồ Chí Minh"):
                continue
            yield Finding("ND30-PL2-III.1", {"word": word, "name": text,
                                             "expected": text[:match.start()] + word.lower() + text[match.end("w"):]},
                          path)


#: "khoản 1 điều 7", "Khoản 2 Điều 5": after a word, a comma or a number ("khoản 1 điều 7": the number of
#: the khoản before "điều" does not hide it); not "danh mục 03 thủ tục", "thành phần 2" (other words).
_CITE_PART = re.compile(r"(?<=[0-9a-zà-ỹđ,] )(?<!danh )(?<!hạng )(?<!chuyên )(?<!thành )(?<!cổ )(?P<w>Khoản|Điểm|điều|chương|phần|mục|tiểu mục)"
                        r" (?P<n>\d+[a-zđ]?|[a-zđ](?=[ ,.;])|[IVXLC]+\b)")


@check("ND30-PL2-V.1")
def _cite_caps(ctx: SpecContext):
    for path, text in ctx.body_texts():
        for match in _CITE_PART.finditer(text):
            word = match.group("w")
            fixed = word.lower() if word in ("Khoản", "Điểm") else cap(word)
            yield Finding("ND30-PL2-V.1", {"found": match.group(), "expected": f"{fixed} {match.group('n')}"}, path)


_DOC_TYPES = ("công văn", "quyết định", "nghị định", "thông tư", "chỉ thị", "kế hoạch", "thông báo", "nghị quyết",
              "báo cáo", "tờ trình", "hướng dẫn", "công điện", "quy định", "luật", "văn bản")
_CITE_TYPE = re.compile(r"\b(?P<t>" + "|".join(_DOC_TYPES) + r") số (?=\d)")


@check("ND30-PL2-V.2")
def _cite_type_caps(ctx: SpecContext):
    for path, text in ctx.body_texts():
        for match in _CITE_TYPE.finditer(text):
            if match.group("t") == "văn bản" or text[:match.start()].endswith("pháp "):
                continue  # "… quy phạm pháp luật số 64/2025/QH15": the end of a law's name, not "luật số"
            yield Finding("ND30-PL2-V.2", {"found": match.group().strip(),
                                           "expected": cap(match.group("t")) + " số"}, path)


_CITATION = re.compile(r"(?P<t>(?:" + "|".join(cap(t) for t in _DOC_TYPES) + r"|" + "|".join(_DOC_TYPES)
                       + r")) số (?P<no>\d+) ?(?P<sep1>\s*/\s*)"
                       # groups joined by "-" or "/" ("144/2021/NĐ-CP"); a stray space around a joint ("NĐ- CP")
                       # is part of the citation only when a group in capitals or digits follows
                       r"(?P<code>[0-9A-Za-zĐđ&]+(?:\s*[-/]\s*[0-9A-ZĐ][0-9A-Za-zĐđ&]*(?!\w))*)")


@check("ND30-PL1-II-6b.1")
def _citation_shape(ctx: SpecContext):
    for path, text in ctx.body_texts():
        for match in _CITATION.finditer(text):
            raw = match.group("no") + match.group("sep1") + match.group("code")
            expected = "".join(raw.split())
            if raw != expected:
                found = match.group().strip()
                yield Finding("ND30-PL1-II-6b.1", {"found": found,
                                                   "expected": f"{match.group('t')} số {expected}"}, path)


_DATE_IN_TEXT = re.compile(r"\b[Nn]gày (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})\b")


@check("ND30-PL1-II-6b.2")
def _citation_date(ctx: SpecContext):
    for path, text in ctx.body_texts():
        for match in _DATE_IN_TEXT.finditer(text):
            try:
                _dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
            except ValueError:
                yield Finding("ND30-PL1-II-6b.2", {"date": match.group()[5:]}, path)


_POINT_LABEL = re.compile(r"^\s*(?P<l>[a-zđ]{1,2})\)\s")


@check("ND30-PL1-II-6đ.1")
def _point_letters(ctx: SpecContext):
    for path, text in ctx.body_texts():
        match = _POINT_LABEL.match(text)
        if match and any(ch not in VIETNAMESE_LETTERS for ch in match.group("l")):
            yield Finding("ND30-PL1-II-6đ.1", {"label": match.group("l") + ")"}, path)


# --------------------------------------------------------------------------- tên cơ quan (ô 2): header geometry


@check("ND30-PL1-II-2b.4")
def _agency_line_fits(ctx: SpecContext):
    """A line of the agency name that the clerk gave by hand and that no column split can hold: it is
    kept as written (never re-wrapped in silence) and reported with its measured width (issue 16)."""
    from ..render import styles as st

    width = st.PAGE_WIDTH_MM - st.MARGIN_LEFT_MM - st.MARGIN_RIGHT_MM
    for over in header.layout(ctx.doc, width).overflows:
        yield Finding("ND30-PL1-II-2b.4", {"text": over.text, "width": f"{over.width_mm:.1f}",
                                           "column": f"{over.column_mm:.1f}"}, ("co_quan", over.key, over.index))
