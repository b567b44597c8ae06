"""A .docx read back into the keys of a spec (Điều 8 of Nghị định 30/2020/NĐ-CP, Phụ lục I).

The parts are found as ``vanban check`` finds them (:class:`vanban.checker.docx_rules.DocxContext`: by
text and position, never by our style names): Quốc hiệu, the agency above "Số:", số/ký hiệu, địa danh and
date, V/v, the tên loại of Phụ lục III and the trích yếu under it, thẩm quyền and căn cứ of a quyết định,
Kính gửi, the body up to "Nơi nhận:", the Nơi nhận list and the signing block beside it. What the decree
derives is not written back ("- Như trên;", "- Lưu: VT, <đơn vị>.", "./.", the numbers of items, the
abbreviation of the type in the ký hiệu); texts printed in capitals get their running-text case from the
document's own words (:mod:`.casing`), with a ``# ?`` note where it had to be guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .. import metrics, ooxml
from ..checker.docx_rules import DocxContext
from ..diagnostics import Diagnostic, Position, Severity
from ..model import DocumentType, Span
from ..model.decree import QUOC_HIEU, TWO_PARTY, upper
from ..render import styles as st
from .body import GACH, BodyReader, Para, all_bold, cut, escape, markup, strip_spans, unbold
from .casing import Recaser, lower_first
from .forms import FormReader
from .yamlout import Digits, Noted

_HEADINGS = {t.heading: t for t in DocumentType}
_STAMPS_URGENCY = {"KHẨN": "khan", "THƯỢNG KHẨN": "thuong_khan", "HỎA TỐC": "hoa_toc", "HOẢ TỐC": "hoa_toc"}
_STAMPS_SECRECY = {"MẬT": "mat", "TỐI MẬT": "toi_mat", "TUYỆT MẬT": "tuyet_mat"}
_SO = re.compile(r"^Số\s*[:.]?\s*(\d*)\s*/\s*(\S.*?)\s*$")
_DATE = re.compile(r"^(?P<place>[^,]+?)\s*,\s*ngày\s*(?P<d>\d*)\s*tháng\s*(?P<m>\d*)\s*năm\s*(?P<y>\d{4})")
_PREFIXES = (("TM.", "thay_mat"), ("TL.", "thua_lenh"), ("TUQ.", "thua_uy_quyen"), ("KT.", "ky_thay"))
_RULE_ONLY = re.compile(r"^[\s_\-–—.=*]*$")
_ENACTING = ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:")


@dataclass
class Imported:
    """What the reader found: the spec's keys in order, the notes for the header comment, the findings."""

    spec: dict
    notes: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class NotAnAdministrativeDocument(Exception):
    """No Quốc hiệu, no "Số:" and no "Nơi nhận:": nothing of Điều 8 to read."""


class DocxReader:
    def __init__(self, package: ooxml.Package, name: str):
        self.name = name
        self.ctx = DocxContext(package)
        ctx = self.ctx
        self.pkg = package
        core = ooxml.core_properties(package.xml("docProps/core.xml")) if package.has("docProps/core.xml") else {}
        self.core = core
        app = package.xml("docProps/app.xml") if package.has("docProps/app.xml") else None
        #: written by vanban: labels are runs of their own, keep-with-next marks an item that holds more
        self.ours = ooxml.application_name(app) == "vanban"
        self.paras = [self._para(i) for i in range(len(ctx.paragraphs))]
        known = [p.text for p in self.paras] + [core.get("title", ""), core.get("creator", "")]
        self.recaser = Recaser(known)
        self.diagnostics: list[Diagnostic] = []
        self.notes: list[str] = []
        self.used: set[int] = set()

    # paragraphs --------------------------------------------------------------------

    def _para(self, i: int) -> Para:
        p = self.ctx.paragraphs[i]
        spans: list[Span] = []
        last_run = first_run = ""
        for text, props, rel in ooxml.paragraph_pieces(p, self.ctx.sheet, _NOTE_MARK.format):
            last_run = text
            first_run = first_run or text
            link = None
            if rel is not None:
                kind, target = self.ctx.rels.get(rel, ("", ""))
                link = target if kind.endswith("/hyperlink") else None
            text = text.replace("\t", " ").replace("\n", " ")
            span = Span(text, props["bold"], props["italic"], link, props["underline"])
            if spans and (spans[-1].bold, spans[-1].italic, spans[-1].link, spans[-1].underline) == (
                    span.bold, span.italic, span.link, span.underline):
                spans[-1] = replace(span, text=spans[-1].text + span.text)
            else:
                spans.append(span)
        text = "".join(s.text for s in spans)
        align = self.ctx.pprops(i)["align"]
        return Para(i, text, spans, align, all_bold(spans), align == "center", last_run.strip(), first_run,
                    ooxml.keeps_with_next(p))

    def _footnotes(self, spec: dict) -> dict:
        """Chú thích cuối trang: each reference read as a placeholder becomes ``[^n]`` (n in reading order) and the
        notes' texts, from ``word/footnotes.xml``, the spec's ``chu_thich``."""
        order: list[str] = []

        def number(match: re.Match) -> str:
            if match.group(1) not in order:
                order.append(match.group(1))
            return f"[^{order.index(match.group(1)) + 1}]"

        def fix(value):
            if isinstance(value, str):  # a Digits ("0129") or any text without a reference is kept as it is
                return _NOTE_PLACEHOLDER.sub(number, value) if "\ue020" in value else value
            if isinstance(value, Noted):
                return Noted(fix(value.value), value.note)
            if isinstance(value, list):
                return [fix(v) for v in value]
            if isinstance(value, dict):
                return {k: fix(v) for k, v in value.items()}
            return value

        spec = fix(spec)
        if not order:
            return spec
        target = next((t for k, t in self.ctx.rels.values() if k.endswith("/footnotes")), None)
        notes = ooxml.footnotes_by_id(self.pkg.xml(target)) if target and self.pkg.has(target) else {}
        spec["chu_thich"] = [escape(" ".join(ooxml.paragraph_text(notes[i][0]).split())) if i in notes and len(notes[i])
                             else "" for i in order]
        return _ordered(spec)

    def warn(self, code: str, message: str, para: Para | None = None) -> None:
        where = f"đoạn {para.index + 1}" if para is not None else ""
        self.diagnostics.append(Diagnostic(code, Severity.WARNING, message, where, Position(self.name)))

    def guess(self, value, what: str, source: str):
        self.notes.append(f"{what}: «{source}»")
        return Noted(value, f"đoán từ «{_short(source)}»")

    def recase(self, text: str, what: str, *, first_capital: bool = True):
        value, guessed = self.recaser.recase(text, first_capital=first_capital)
        return self.guess(value, what, text) if guessed else value

    # the whole document --------------------------------------------------------------

    def read(self) -> Imported:
        ctx = self.ctx
        if ctx.qh is None and ctx.so is None and ctx.nn is None:
            raise NotAnAdministrativeDocument()
        spec: dict = {}
        loai = self._type()
        if loai is not DocumentType.CONG_VAN:
            spec["loai"] = loai.value
        spec["co_quan"] = self._agency()
        number, code, year_in_number = self._number(loai)
        if number is not None:
            spec["so"] = number
        if year_in_number:
            spec["nam_trong_so"] = True
        spec["ky_hieu"] = code
        place, date = self._date(loai)
        spec["dia_danh"] = place
        spec["ngay"] = date
        subject, after_title = self._subject(loai)
        if subject is not None:
            spec["trich_yeu"] = subject
        start = after_title
        if loai in (DocumentType.QUYET_DINH, DocumentType.NGHI_QUYET):
            start = self._preamble(spec, start)
        if loai is DocumentType.CONG_DIEN and ctx.kg is not None:
            spec["tham_quyen_ban_hanh"] = self.recase(self.paras[ctx.kg].plain.removesuffix("điện:").strip(),
                                                      "thẩm quyền ban hành")
        addressees = self._addressees(loai)
        if ctx.kg_block:
            start = max(start, ctx.kg_block[-1] + 1)
        for key in ("tham_quyen_ban_hanh",):
            if key in spec:
                spec[key] = spec.pop(key)
        if addressees:
            spec["kinh_gui"] = addressees if len(addressees) > 1 else addressees[0]
        end = self._body_end()
        body_paras = self._body_blocks(start, end)
        self.used.update(p.index for p in body_paras)
        body_paras = self._form_lines(spec, loai, body_paras)
        notes = self._sent_with(body_paras)
        self._close(body_paras)
        reader = BodyReader(self.recaser, articles_are_text=loai in (DocumentType.QUYET_DINH, DocumentType.NGHI_QUYET),
                            warn=self.warn, ours=self.ours)
        body = reader.read(body_paras)
        for index, text in reader.notes:
            self.notes.append(f"tiêu đề (đoạn {index + 1}): «{text}»")
        if body:
            spec["noi_dung"] = body
        if notes:
            spec["gui_kem"] = notes if len(notes) > 1 else notes[0]
        self._optional_parts(spec)
        self._distribution(spec, loai, code)
        self._signatures(spec, loai)
        after = max([i for block in ctx.signatures for i in block] + [ctx.nn or 0]) + 1
        FormReader(self).read(spec, after)
        self._enclosures(spec)
        self._leftovers(spec)
        return Imported(self._footnotes(_ordered(spec)), self.notes, self.diagnostics)

    # ô 5a: the type --------------------------------------------------------------------

    def _type(self) -> DocumentType:
        ctx = self.ctx
        if ctx.type_title is not None:
            heading = " ".join(self.paras[ctx.type_title].plain.split())
            if heading in _HEADINGS:
                return _HEADINGS[heading]
            if heading == "THƯ CÔNG":
                return DocumentType.THU_CONG
        return DocumentType.CONG_VAN

    # ô 2: the agency -----------------------------------------------------------------------

    def _agency(self) -> dict:
        ctx = self.ctx
        lines = [(ctx.agency_text(i), all_bold(self.paras[i].spans) if i not in ctx.agency_rng
                  else self._bold_in(i, ctx.agency_rng[i])) for i in ctx.agency]
        self.used.update(ctx.agency)
        lines = [(" ".join(t.split()), b) for t, b in lines if t.strip()]
        if not lines:
            self.warn("VB964", "không tìm thấy tên cơ quan ban hành phía trên \"Số:\"")
            return {"ten": Noted("?", "không tìm thấy tên cơ quan")}
        split = next((n for n, (_, bold) in enumerate(lines) if bold), 0)
        if split == len(lines):
            split = 0
        parent = [t for t, _ in lines[:split]]
        name = [t for t, _ in lines[split:]]
        out: dict = {}
        if parent:
            out["chu_quan"] = self._lines(parent, st.CHU_QUAN, bold=False, what="cơ quan chủ quản")
        out["ten"] = self._lines(name, st.CO_QUAN, bold=True, what="tên cơ quan", whole=self.core.get("creator"))
        return out

    def _bold_in(self, i: int, rng: tuple[int, int]) -> bool:
        return all_bold(cut(self.paras[i].spans, *rng))

    def _lines(self, lines: list[str], style: str, *, bold: bool, what: str, whole: str | None = None):
        """The lines of a name as a spec writes them: one string when vanban breaks it so itself, else the
        lines; each in running-text case (from ``whole``, the document's author, when it is that name)."""
        joined = " ".join(lines)
        if whole and upper(" ".join(whole.split())) == upper(joined):
            words = whole.split()
            cased, n = [], 0
            for line in lines:
                count = len(line.split())
                cased.append(" ".join(words[n:n + count]))
                n += count
            guessed = False
        else:
            cased, guessed = [], False
            for line in lines:
                value, g = self.recaser.recase(line)
                cased.append(value)
                guessed = guessed or g
        width = self._header_left_mm()
        size = 13.0
        single = len(lines) == 1 or tuple(metrics.balance_lines(upper(" ".join(cased)), size, width - 1, bold=bold)) \
            == tuple(upper(line) for line in lines)
        value = " ".join(cased) if single else cased
        if guessed:
            return self.guess(value, what, joined)
        return value

    def _header_left_mm(self) -> float:
        sections = ooxml.section_properties(self.ctx.document)
        width = 165.0
        if sections:
            w, _, _ = ooxml.page_size(sections[0])
            margins = ooxml.page_margins(sections[0]) or {}
            if w and margins.get("left") is not None and margins.get("right") is not None:
                width = ooxml.twips_to_mm(w - margins["left"] - margins["right"])
        return round(width * st.HEADER_LEFT_SHARE, 1)

    # ô 3, ô 4 -----------------------------------------------------------------------------

    def _number(self, loai: DocumentType) -> tuple[int | None, str, bool]:
        """The số as written ("0129" keeps its zero), the ký hiệu, and whether the year stands between them
        ("52/2025/QĐ-CTUBND": `nam_trong_so`)."""
        ctx = self.ctx
        if ctx.so is None:
            self.warn("VB964", "không tìm thấy dòng \"Số:\"; ký hiệu để trống")
            return None, Noted("?", "không tìm thấy dòng Số"), False
        self.used.add(ctx.so)
        text = ctx.seg("so", ctx.so)
        match = _SO.match(text)
        if match is None:
            return None, self.guess(text.removeprefix("Số:").strip(), "số, ký hiệu", text), False
        number = int(match.group(1)) if match.group(1) else None
        code = match.group(2)
        if number is not None and match.group(1).startswith("0") and match.group(1) != f"{number:02d}":
            number = Digits(match.group(1))  # "0129": printed as written (an office's register of fixed width)
        elif number is not None and match.group(1) != f"{number:02d}":
            self.warn("VB963", f"số `{match.group(1)}` được viết lại là `{number:02d}` (Phụ lục I, Mục II §3.3)")
            number = Noted(number, f"số gõ là «{match.group(1)}»")
        year = re.match(r"^(\d{4})\s*/\s*", code)
        if year:  # "52/2025/QĐ-CTUBND": the year in the số (văn bản quy phạm pháp luật)
            code = code[year.end():]
        abbreviation = loai.abbreviation
        if abbreviation and code.startswith(abbreviation + "-"):
            code = code[len(abbreviation) + 1:]
        return number, code, year is not None

    def _date(self, loai: DocumentType):
        ctx = self.ctx
        text = ctx.seg("date", ctx.date) if ctx.date is not None else ""
        match = _DATE.match(text)
        if ctx.date is not None:
            self.used.add(ctx.date)
        if match is None:
            created = self.core.get("created", "")[:10]
            place = self._place_from_agency()
            if re.match(r"^\d{4}-\d\d-\d\d$", created):
                import datetime as _dt

                return place, self.guess(_dt.date.fromisoformat(created), "ngày",
                                         "ngày tạo của tệp (docProps/core.xml)")
            return place, Noted("?", "không tìm thấy ngày")
        place = " ".join(match.group("place").split())
        d, mth, y = match.group("d"), match.group("m"), int(match.group("y"))
        if d and mth:
            import datetime as _dt

            try:
                return place, _dt.date(y, int(mth), int(d))
            except ValueError:
                return place, self.guess(f"{int(d)}/{int(mth)}/{y}", "ngày", text)
        if mth:
            return place, f"{int(mth)}/{y}"
        return place, str(y)

    def _place_from_agency(self):
        ctx = self.ctx
        names = [self.recaser.recase(ctx.agency_text(i))[0] for i in ctx.agency] + [self.core.get("creator", "")]
        for name in names:
            for word in ("tỉnh ", "thành phố ", "huyện ", "quận ", "thị xã "):
                if word in name:
                    value = name.rsplit(word, 1)[1]
                    return self.guess(value, "địa danh", name)
        return Noted("?", "không tìm thấy địa danh")

    # ô 5: trích yếu -------------------------------------------------------------------------

    def _subject(self, loai: DocumentType) -> tuple[object, int]:
        """The trích yếu and the index of the first paragraph after the title block."""
        ctx = self.ctx
        after = max([i for i in (ctx.qh, ctx.tn, ctx.so, ctx.vv, ctx.date) if i is not None], default=-1) + 1
        if ctx.vv is not None:
            self.used.add(ctx.vv)
            text = ctx.seg("vv", ctx.vv)
            parts = [text[3:].lstrip(" :").strip()]  # "V/v: …" typed with a colon
            cell = ooxml.cell_of(ctx.paragraphs[ctx.vv])
            j = ctx.vv + 1
            while cell is not None and j < len(self.paras) and ooxml.cell_of(ctx.paragraphs[j]) is cell and \
                    self.paras[j].plain and j != ctx.date and self.paras[j].plain not in _STAMPS_URGENCY and \
                    self.paras[j].plain not in _STAMPS_SECRECY:
                parts.append(self.paras[j].plain)
                self.used.add(j)
                j += 1
            subject = " ".join(" ".join(parts).split())
            title = self.core.get("title", "")
            if title.startswith("V/v ") and title[4:] == subject:
                subject = title[4:]
            if loai is DocumentType.CONG_VAN:
                return subject, after
        if ctx.type_title is None:
            return None, after
        self.used.add(ctx.type_title)
        j = ctx.type_title + 1
        found: list[int] = []
        while j < len(self.paras) and self.paras[j].centered and self.paras[j].plain and \
                not _RULE_ONLY.match(self.paras[j].plain) and not self.paras[j].plain.startswith(("(", "Kính gửi")) \
                and not self.paras[j].plain.endswith("điện:") and \
                " ".join(self.paras[j].plain.split()) not in _ENACTING and \
                ooxml.cell_of(ctx.paragraphs[j]) is None:
            found.append(j)
            j += 1
        if loai in (DocumentType.QUYET_DINH, DocumentType.NGHI_QUYET) and len(found) > 1 and \
                upper(self.paras[found[-1]].plain) == self.paras[found[-1]].plain:
            j = found.pop()  # the thẩm quyền ban hành, read by the preamble
        self.used.update(found)
        while j < len(self.paras) and _RULE_ONLY.match(self.paras[j].plain) and \
                ooxml.cell_of(ctx.paragraphs[j]) is None:
            j += 1
        if not found:
            return None, j
        subject = " ".join(" ".join(self.paras[i].plain for i in found).split())
        title = self.core.get("title", "")
        name = loai.name_vi
        if title.startswith(name + " ") and title[len(name) + 1:].lower() == subject.lower():
            return title[len(name) + 1:], j
        if upper(subject) == subject:
            cased, guessed = self.recaser.recase(subject, first_capital=False)
            return (self.guess(lower_first(cased), "trích yếu", subject) if guessed else lower_first(cased)), j
        return lower_first(subject), j

    def _preamble(self, spec: dict, start: int) -> int:
        """Quyết định, nghị quyết (Mẫu 1.1–1.3): thẩm quyền ban hành, căn cứ, "QUYẾT ĐỊNH:"."""
        paras = self.paras
        enacting = next((i for i in range(start, len(paras)) if " ".join(paras[i].plain.split()) in _ENACTING
                         and ooxml.cell_of(self.ctx.paragraphs[i]) is None), None)
        if enacting is None:
            return start
        lines = [p for p in paras[start:enacting] if p.plain and not _RULE_ONLY.match(p.plain)]
        if lines and lines[0].centered and upper(lines[0].plain) == lines[0].plain:
            authority = lines.pop(0)
            spec["tham_quyen_ban_hanh"] = self._authority(authority.plain)
            self.used.add(authority.index)
        grounds = []
        for p in lines:
            spans = strip_spans(p.spans)
            text = "".join(s.text for s in spans)
            cut_at = len(text.rstrip().rstrip(";.,").rstrip())
            spans = cut(spans, 0, cut_at)
            if all(s.italic for s in spans if s.text.strip()):
                spans = [replace(s, italic=False) for s in spans]
            grounds.append(markup(spans))
            self.used.add(p.index)
        if grounds:
            spec["can_cu"] = grounds
        self.used.add(enacting)
        return enacting + 1

    def _authority(self, text: str):
        """Thẩm quyền ban hành: its case from the reference line of a document issued with it, if any."""
        for p in self.paras:
            match = re.search(r"\bcủa (.+?)\)?$", p.plain) if p.plain.startswith("(Kèm theo") else None
            if match and upper(match.group(1)) == upper(text):
                return match.group(1)
        return self.recase(text, "thẩm quyền ban hành")

    # ô 9a: Kính gửi ----------------------------------------------------------------------

    def _addressees(self, loai: DocumentType) -> list[str]:
        ctx = self.ctx
        if not ctx.kg_block:
            return []
        self.used.update(ctx.kg_block)
        first = self.paras[ctx.kg_block[0]].plain
        out = []
        if first.startswith("Kính gửi"):
            rest = first[len("Kính gửi"):].lstrip(" :").strip()
            if rest and len(ctx.kg_block) == 1:
                return [rest]  # one recipient on the Kính gửi line: printed as written (§3.6), final "." or not
            if rest:
                out.append(rest)
        for i in ctx.kg_block[1:]:
            out.append(self.paras[i].plain)
        return [_bare(line) for line in out if _bare(line)]

    # the end of the body ------------------------------------------------------------------

    def _body_end(self) -> int:
        ctx = self.ctx
        if ctx.nn is None:
            return len(self.paras)
        cell = ooxml.cell_of(ctx.paragraphs[ctx.nn])
        if cell is None:
            return ctx.nn
        # the first paragraph of the table holding "Nơi nhận:" (a biên bản signs in the row above it)
        first = min([ctx.nn] + [i for block in ctx.signatures for i in block])
        return first

    def _body_blocks(self, start: int, end: int) -> list[Para]:
        """The body's paragraphs in order, each table of the body standing as one block (``Para.table``)."""
        ctx = self.ctx
        out: list[Para] = []
        tables: dict[int, list[int]] = {}
        for p in self.paras[start:end]:
            tc = ooxml.cell_of(ctx.paragraphs[p.index])
            if tc is None:
                if p.plain and not _RULE_ONLY.match(p.plain):
                    out.append(p)
                continue
            t = ooxml.cell_position(tc)[0]
            if t not in tables:
                tables[t] = []
                out.append(Para(p.index, "", [], table={"index": t}))
            tables[t].append(p.index)
        blocks: list[Para] = []
        for p in out:
            if p.table is None:
                blocks.append(p)
                continue
            indices = tables[p.table["index"]]
            spec = FormReader(self).body_table(indices)
            if spec is None:  # not a table of data (a layout table): its paragraphs as they come
                blocks += [self.paras[i] for i in indices if self.paras[i].plain]
                continue
            if blocks and blocks[-1].table is None and re.match(r"^(Đơn vị tính|ĐVT)\s*:", blocks[-1].plain) \
                    and blocks[-1].align == "right":
                unit = blocks.pop()
                spec = {"don_vi_tinh": unit.plain if unit.plain.startswith("ĐVT") else
                        unit.plain.split(":", 1)[1].strip(), **spec}
                self.used.add(unit.index)
            self.used.update(indices)
            p.table = spec
            blocks.append(p)
        return blocks

    @staticmethod
    def _sent_with(paras: list[Para]) -> list[str]:
        """The notes of what is sent with the document after its "./." (`gui_kem`, corpus 12): the last body
        paragraphs that are wholly in brackets and in italics, after a paragraph ending "/."; taken out of
        ``paras``, their text without the brackets (vanban adds them)."""
        count = 0
        while count < len(paras) - 1:
            p = paras[-1 - count]
            spans = [span for span in p.spans if span.text.strip()]
            if p.table is not None or not (p.plain.startswith("(") and p.plain.endswith(")")) or \
                    not spans or not all(span.italic for span in spans):
                break
            count += 1
        before = paras[-1 - count] if count else None
        if before is None or before.table is not None or not before.plain.endswith("/."):
            return []
        notes = [p.plain[1:-1].strip() for p in paras[len(paras) - count:]]
        del paras[len(paras) - count:]
        return notes

    def _close(self, paras: list[Para]) -> None:
        """Drop the end mark "./." (§3.14) from the last paragraph of the content: vanban adds it."""
        if not paras or paras[-1].table is not None:
            return
        last = paras[-1]
        spans = strip_spans(last.spans)
        text = "".join(s.text for s in spans)
        if self.ours and last.last_run not in ("/.", "./.") and text.endswith("./."):
            pass  # typed in the spec's text (vanban adds nothing then): kept as written
        elif last.last_run == "/." and text.endswith("./."):
            spans = cut(spans, 0, len(text) - 2)  # "… hướng dẫn." + "/." as vanban writes it
        elif text.endswith("./."):
            spans = cut(spans, 0, len(text) - 3)
        elif text.endswith("/."):
            spans = cut(spans, 0, len(text) - 1)
        last.spans = spans
        last.text = "".join(s.text for s in spans)

    # giấy mời, giấy giới thiệu, biên bản (Mẫu 1.7–1.9) ----------------------------------------

    def _form_lines(self, spec: dict, loai: DocumentType, paras: list[Para]) -> list[Para]:
        if loai is DocumentType.GIAY_MOI:
            return self._invitation(spec, paras)
        if loai is DocumentType.GIAY_GIOI_THIEU:
            return self._introduction(spec, paras)
        if loai is DocumentType.BIEN_BAN:
            return self._minutes(spec, paras)
        return paras

    def _invitation(self, spec: dict, paras: list[Para]) -> list[Para]:
        if not paras or not paras[0].plain.endswith("trân trọng kính mời:"):
            return paras
        rest = paras[1:]
        invitees, n = [], 0
        while n < len(rest) and not rest[n].plain.startswith("Tới dự"):
            invitees.append(_bare(rest[n].plain))
            n += 1
        if n == len(rest):
            return paras
        form: dict = {"kinh_moi": invitees if len(invitees) > 1 else invitees[0]}
        form["toi_du"] = rest[n].plain[len("Tới dự"):].strip()
        n += 1
        for label, key in (("Chủ trì:", "chu_tri"), ("Thời gian:", "thoi_gian"), ("Địa điểm:", "dia_diem")):
            if n < len(rest) and rest[n].plain.startswith(label):
                form[key] = rest[n].plain[len(label):].strip()
                n += 1
        spec["giay_moi"] = form
        return rest[n:]

    def _introduction(self, spec: dict, paras: list[Para]) -> list[Para]:
        if not paras or not paras[0].plain.endswith("trân trọng giới thiệu:"):
            return paras
        fields = {"Ông (bà):": "ho_ten", "Chức vụ:": "chuc_vu", "Được cử đến:": "duoc_cu_den", "Về việc:": "ve_viec"}
        form: dict = {}
        n = 1
        while n < len(paras):
            text = paras[n].plain
            label = next((k for k in fields if text.startswith(k)), None)
            if label is None:
                break
            form[fields[label]] = text[len(label):].strip()
            n += 1
        if n < len(paras) and paras[n].plain.startswith("Đề nghị Quý cơ quan tạo điều kiện"):
            n += 1
        if n < len(paras):
            match = re.match(r"^Giấy này có giá trị đến hết ngày (\d+) tháng (\d+) năm (\d{4})\.?", paras[n].plain)
            if match:
                import datetime as _dt

                form["gia_tri_den"] = _dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
                n += 1
        if {"ho_ten", "duoc_cu_den", "ve_viec", "gia_tri_den"} - set(form):
            return paras
        spec["giay_gioi_thieu"] = form
        return paras[n:]

    def _minutes(self, spec: dict, paras: list[Para]) -> list[Para]:
        fields = (("Thời gian bắt đầu:", "bat_dau"), ("Địa điểm:", "dia_diem"), ("Thành phần tham dự:", "thanh_phan"),
                  ("Chủ trì (chủ tọa):", "chu_tri"), ("Thư ký (người ghi biên bản):", "thu_ky"))
        form: dict = {}
        n = 0
        for label, key in fields:
            if n >= len(paras) or not paras[n].plain.startswith(label):
                return paras
            value = paras[n].plain[len(label):].strip()
            n += 1
            if key == "thanh_phan" and not value:
                names = []
                while n < len(paras) and GACH.match(paras[n].plain):
                    names.append(_bare(paras[n].plain))
                    n += 1
                form[key] = names
            else:
                form[key] = value
        if n < len(paras) and paras[n].plain.startswith("Nội dung (theo diễn biến cuộc họp)"):
            n += 1
        rest = paras[n:]
        if rest:
            self._close(rest)
            match = re.match(r"^(.+?) kết thúc vào (.+)$", rest[-1].text.strip())
            if match:
                form["ket_thuc"] = _bare(match.group(2))
                if match.group(1) != "Cuộc họp":
                    form["cuoc_hop"] = match.group(1)
                rest = rest[:-1]
        spec["bien_ban"] = {k: form[k] for k in ("bat_dau", "dia_diem", "thanh_phan", "chu_tri", "thu_ky", "ket_thuc",
                                                  "cuoc_hop") if k in form}
        return rest

    # ô 10, 11, 13 --------------------------------------------------------------------------

    def _optional_parts(self, spec: dict) -> None:
        ctx = self.ctx
        stop = ctx.kg if ctx.kg is not None else (ctx.type_title if ctx.type_title is not None else len(self.paras))
        for i in range(0, min(stop, ctx.nn if ctx.nn is not None else stop)):
            text = " ".join(self.paras[i].plain.split())
            if text in _STAMPS_SECRECY and "do_mat" not in spec:
                spec["do_mat"] = _STAMPS_SECRECY[text]
                self.used.add(i)
            elif text in _STAMPS_URGENCY and "do_khan" not in spec:
                spec["do_khan"] = _STAMPS_URGENCY[text]
                self.used.add(i)
        for kind, target in sorted(ctx.rels.values()):
            if not (kind.endswith("/header") or kind.endswith("/footer")) or not self.pkg.has(target):
                continue
            lines = [" ".join(ooxml.paragraph_text(p).split()) for p in ooxml.story_paragraphs(self.pkg.xml(target))]
            lines = [line for line in lines if line]
            if kind.endswith("/header"):
                for line in lines:
                    if not line.isdigit() and line == upper(line) and "pham_vi_luu_hanh" not in spec:
                        spec["pham_vi_luu_hanh"] = line[:1] + line[1:].lower()
            elif any(line.startswith(("Địa chỉ:", "ĐT:", "E-Mail:", "Website:", "Fax:")) for line in lines):
                spec["lien_he"] = _contact(lines)

    # ô 9b: Nơi nhận ---------------------------------------------------------------------------

    def _distribution(self, spec: dict, loai: DocumentType, code) -> None:
        ctx = self.ctx
        if ctx.nn is None:
            self.warn("VB964", "không tìm thấy \"Nơi nhận:\"")
            return
        self.used.add(ctx.nn)
        entries = [self.paras[i].plain for i in ctx.nn_entries]
        self.used.update(ctx.nn_entries)
        others, archive = [], None
        for n, entry in enumerate(entries):
            bare = entry.lstrip("-–").strip()
            if bare.lower().startswith("lưu") and n == len(entries) - 1:
                archive = bare
                continue
            if n == 0 and _bare(entry).lower() == "như trên" and ("kinh_gui" in spec or "giay_moi" in spec):
                continue
            others.append(_bare(entry))
        if others:
            spec["noi_nhan"] = others
        if archive is None:
            return
        match = re.match(r"^Lưu\s*:?\s*(.*)$", archive)
        rest = match.group(1).strip() if match else archive
        drafter = copies = None
        # ô 12 as vanban writes it: "- Lưu: VT, KGVX (3)." or "- Lưu: VT, KGVX, X. (3)"; other notations ("(03b)")
        # are kept as typed in `luu`
        m_copies = re.match(r"^(.*?[^.,\s])\s+\((\d+)\)\.$", rest)
        m_drafter = re.match(r"^(.*),\s*([^,]+?)\.\s*\((\d+)\)$", rest) or re.match(r"^(.*),\s*([^,]+?)\.$", rest) \
            if not m_copies else None
        if m_copies and m_copies.group(2) == str(int(m_copies.group(2))):
            rest, copies = m_copies.group(1), int(m_copies.group(2))
        elif m_drafter and len(m_drafter.groups()) == 3:
            rest, drafter, copies = m_drafter.group(1), m_drafter.group(2), int(m_drafter.group(3))
        archive_items = [x.strip() for x in rest.rstrip(".").split(",") if x.strip()]
        if drafter is None and copies is None and len(archive_items) > 1 and archive_items[-1].islower():
            drafter = archive_items.pop()
        default = self._default_archive(loai, code)
        if archive_items != default:
            spec["luu"] = archive_items
        if drafter:
            spec["nguoi_soan_thao"] = drafter
        if copies is not None:
            spec["so_ban"] = copies

    @staticmethod
    def _default_archive(loai: DocumentType, code) -> list[str]:
        code = code.value if isinstance(code, Noted) else code
        if loai is DocumentType.BIEN_BAN:
            return ["VT", "Hồ sơ"]
        if loai.abbreviation:
            unit = code.split("-")[1:]
            return ["VT"] + ([unit[-1]] if unit else [])
        parts = code.split("-", 1)
        return ["VT"] + ([parts[1]] if len(parts) == 2 and parts[1] else [])

    # ô 7: the signing blocks ---------------------------------------------------------------------

    def _signatures(self, spec: dict, loai: DocumentType) -> None:
        ctx = self.ctx
        blocks = ctx.signatures
        if not blocks:
            self.warn("VB964", "không tìm thấy khối chữ ký bên cạnh \"Nơi nhận:\"")
            spec["nguoi_ky"] = {"chuc_vu": Noted("?", "không tìm thấy người ký")}
            return
        if loai.value in TWO_PARTY and len(blocks) >= 2:  # the other party signs on the left (`ben_kia`)
            spec["nguoi_ky"] = self._signer(blocks[1])
            spec["ben_kia"] = self._signer(blocks[0])
        elif loai is DocumentType.BIEN_BAN and len(blocks) >= 2:
            spec["nguoi_ky"] = self._signer(blocks[1])
            spec["nguoi_ghi"] = self._signer(blocks[0])
        else:
            spec["nguoi_ky"] = self._signer(blocks[0])

    def _signer(self, block: list[int]) -> dict:
        ctx = self.ctx
        self.used.update(block)
        lines, name_at = ctx.signer_parts(block)
        out: dict = {}
        texts = [" ".join(self.paras[i].plain.split()) for i in lines]
        title = texts[-1] if texts else ""
        if len(texts) > 1 and texts[0].startswith("ĐẠI DIỆN "):  # "ĐẠI DIỆN BÊN A" of a two-party document
            out["dai_dien"] = self.recase(texts[0][len("ĐẠI DIỆN "):].strip(), "bên đại diện")
            texts = texts[1:]
        for text in texts[:-1]:
            for prefix, key in _PREFIXES:
                if text.startswith(prefix):
                    out[key] = self.recase(text[len(prefix):].strip(), "quyền hạn ký")
                    break
            else:
                out.setdefault("_extra", []).append(text)
        if title.startswith("Q. "):
            out["quyen"] = True
            title = title[3:]
        out["chuc_vu"] = self.recase(title, "chức vụ người ký")
        extra = out.pop("_extra", None)
        if extra:
            self.warn("VB963", f"dòng ký `{' / '.join(extra)}` không rõ thẩm quyền; ghép vào chức vụ")
            joined = " ".join(extra + [title])
            out["chuc_vu"] = Noted(self.recaser.recase(joined)[0], f"dòng ký không rõ thẩm quyền: «{joined}»")
        if name_at is not None:
            out["ho_ten"] = " ".join(self.paras[name_at].plain.split())
        cell = ooxml.cell_of(ctx.paragraphs[block[0]])
        if cell is not None:
            for p in ooxml.cell_paragraphs(cell):
                text = ooxml.paragraph_text(p).strip()
                if text.startswith("(") and text.endswith(")"):
                    out["cho_ky"] = True
                    self.used.add(ctx.number[id(p)] - 1)
        order = ("dai_dien", "thay_mat", "thua_lenh", "thua_uy_quyen", "ky_thay", "quyen", "chuc_vu", "ho_ten", "cho_ky")
        return {k: out[k] for k in order if k in out}

    # documents issued with a quyết định (Mẫu 1.3) -------------------------------------------------

    def _enclosures(self, spec: dict) -> None:
        ctx = self.ctx
        starts = [i for i, p in enumerate(self.paras) if i > (ctx.qh or 0) and
                  " ".join(upper(p.plain).split()) == QUOC_HIEU]
        if not starts:
            return
        out = []
        bounds = starts + [len(self.paras)]
        for start, stop in zip(bounds, bounds[1:]):
            title = next((i for i in range(start, stop) if " ".join(self.paras[i].plain.split()) in _HEADINGS), None)
            if title is None:
                continue
            loai = _HEADINGS[" ".join(self.paras[title].plain.split())]
            # the header repeated above it: agency lines, Quốc hiệu, Tiêu ngữ
            for i in range(start - 4, title + 1):
                if i >= 0 and ooxml.cell_of(ctx.paragraphs[i]) is not None or i == title:
                    self.used.add(i)
            j = title + 1
            parts = []
            while j < stop and self.paras[j].centered and self.paras[j].plain and \
                    not self.paras[j].plain.startswith("(") and not _RULE_ONLY.match(self.paras[j].plain):
                parts.append(self.paras[j].plain)
                self.used.add(j)
                j += 1
            while j < stop and (self.paras[j].plain.startswith("(Kèm theo") or _RULE_ONLY.match(self.paras[j].plain)):
                self.used.add(j)
                j += 1
            paras = [p for p in self.paras[j:stop] if p.plain and not _RULE_ONLY.match(p.plain)
                     and ooxml.cell_of(ctx.paragraphs[p.index]) is None]
            self._close(paras)
            reader = BodyReader(self.recaser, articles_are_text=False, warn=self.warn, ours=self.ours)
            body = reader.read(paras)
            for index, text in reader.notes:
                self.notes.append(f"tiêu đề (đoạn {index + 1}): «{text}»")
            self.used.update(p.index for p in paras)
            subject = " ".join(" ".join(parts).split())
            out.append({"loai": loai.value, "trich_yeu": lower_first(subject), "noi_dung": body})
        if out:
            spec["kem_theo"] = out

    def _leftovers(self, spec: dict) -> None:
        """Text the reader could not place: kept as paragraphs at the end of the body, with a warning."""
        ctx = self.ctx
        left = [p for p in self.paras if p.index not in self.used and p.plain and not _RULE_ONLY.match(p.plain)
                and p.index not in (ctx.qh, ctx.tn)]
        if not left:
            return
        for p in left:
            self.warn("VB963", f"không xác định được phần của đoạn «{_short(p.plain)}»; giữ nguyên là đoạn văn", p)
        spec.setdefault("noi_dung", []).extend(markup(strip_spans(p.spans)) for p in left)


def _bare(line: str) -> str:
    """A recipient line without its dash and final punctuation ("- Như trên;" → "Như trên")."""
    line = line.strip()
    match = GACH.match(line)
    if match:
        line = line[match.end():]
    line = line.rstrip()
    while line and line[-1] in ";.,":
        line = line[:-1].rstrip()
    return line


def _contact(lines: list[str]) -> dict:
    out: dict = {}
    for line in lines:
        if line.startswith("Địa chỉ:"):
            out["dia_chi"] = line[len("Địa chỉ:"):].strip()
            continue
        for part in line.split(", "):
            for label, key in (("ĐT:", "dien_thoai"), ("Fax:", "fax"), ("E-Mail:", "email"), ("Website:", "website")):
                if part.startswith(label):
                    out[key] = part[len(label):].strip()
    return out


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "…"


#: A footnote reference while the body is read (its id), turned into ``[^n]`` at the end.
_NOTE_MARK = "\ue020{}\ue021"
_NOTE_PLACEHOLDER = re.compile("\ue020([^\ue021]*)\ue021")

_ORDER = ("loai", "co_quan", "so", "nam_trong_so", "ky_hieu", "dia_danh", "ngay", "trich_yeu", "kinh_gui",
          "tham_quyen_ban_hanh", "can_cu", "do_mat", "do_khan", "pham_vi_luu_hanh", "giay_moi", "giay_gioi_thieu",
          "bien_ban", "nghi_phep", "noi_dung", "gui_kem", "chu_thich", "kem_theo", "lien_he", "noi_nhan", "luu", "nguoi_soan_thao", "so_ban", "nguoi_ky", "nguoi_ghi",
          "ben_kia", "phu_luc", "bieu_mau")


def _ordered(spec: dict) -> dict:
    out = {k: spec[k] for k in _ORDER if k in spec}
    out.update({k: v for k, v in spec.items() if k not in out})
    return out


__all__ = ["DocxReader", "Imported", "NotAnAdministrativeDocument", "unbold"]
