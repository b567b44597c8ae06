"""The formatting audit of any .docx (ours, a clerk's hand-typed one, one from another agency).

Elements are found by their text and position, never by our style names: the Quốc hiệu is the
paragraph that reads "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", the agency name is what stands above
"Số:" in the same column, the body runs from after Kính gửi to "Nơi nhận:", the signature is the
column beside "Nơi nhận:". Effective formatting is resolved through styles by
:class:`vanban.ooxml.StyleSheet` (direct → character style → paragraph style chain → defaults).
Clauses: Phụ lục I, Phần I, Mục I–II of Nghị định 30/2020/NĐ-CP (nd30.md §1–§4).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Callable, Iterator, Sequence, overload

from .. import metrics, ooxml
from ..model.decree import QUOC_HIEU, TIEU_NGU
from .common import MIXED_CASE_GROUPS, TYPE_TITLES, Finding, excerpt, fold, is_title, upper_fold

TNR = "Times New Roman"


class ParagraphTexts(Sequence[str]):
    """The text of each body paragraph, read on first use: the parts of a letter are found in its first
    paragraphs, so the 200,000 cells of a long form's table are read only by a rule that needs them."""

    def __init__(self, paragraphs: list):
        self._paragraphs = paragraphs
        self._texts: list[str | None] = [None] * len(paragraphs)

    def __len__(self) -> int:
        return len(self._paragraphs)

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        text = self._texts[i]
        if text is None:
            text = self._texts[i] = ooxml.paragraph_text(self._paragraphs[i])
        return text


#: How many paragraphs :meth:`DocxContext.index_of` finds by scanning before it makes the table of all.
_SCANS = 16


class DocxContext:
    """A .docx opened for the audit, with its parts of the letter located by text and position."""

    def __init__(self, package: ooxml.Package):
        self.pkg = package
        self.document = package.xml(ooxml.W_MAIN)
        self.rels = package.rels(ooxml.W_MAIN)
        styles_target = next((t for k, t in self.rels.values() if k.endswith("/styles")), "word/styles.xml")
        self.sheet = ooxml.StyleSheet(package.xml(styles_target) if package.has(styles_target) else None)
        self.theme = self._theme_fonts()
        self.paragraphs = ooxml.body_paragraphs(self.document)
        self.texts = ParagraphTexts(self.paragraphs)
        #: chú thích cuối trang (word/footnotes.xml): (the mark printed, the note's paragraphs), read with the
        #: same limits and parser as the main part, so a hostile notes part refuses the whole package
        self.footnotes = self._footnotes()
        self._runs: dict[tuple, list[dict]] = {}
        self._run_props: dict[tuple[int, int], tuple] = {}
        self._pprops: dict[int, dict] = {}
        self._scans = 0  # paragraphs found by scanning (index_of)
        self._locate()

    @functools.cached_property
    def number(self) -> dict[int, int]:
        """Paragraph number (1-based) by ``id()`` of the paragraph element (the list keeps them alive)."""
        return {id(p): i + 1 for i, p in enumerate(self.paragraphs)}

    def index_of(self, p) -> int:
        """The index of body paragraph ``p`` in :attr:`paragraphs`: the first few asked are found by scanning the
        list (in C, by identity), not by making the table of :attr:`number` for 200,000 cells at a signature."""
        if self._scans < _SCANS and "number" not in self.__dict__:
            self._scans += 1
            return self.paragraphs.index(p)
        return self.number[id(p)] - 1

    @functools.cached_property
    def letter_section(self):
        """The section properties of the letter itself: the first section's. Forms and appendices that follow in
        their own sections may be landscape with their own margins and numbering (§3.16). Found once: seven rules
        ask."""
        return ooxml.first_section_properties(self.document)

    @functools.cached_property
    def formatting_runs(self) -> tuple[list, list]:
        """The runs the rules of font and colour read (:func:`_formatting_runs`), listed once for both."""
        return _formatting_runs(self)

    # locating the parts ---------------------------------------------------------------

    def _theme_fonts(self) -> dict[str, str]:
        target = next((t for k, t in self.rels.values() if k.endswith("/theme")), None)
        return ooxml.theme_fonts(self.pkg.xml(target) if target and self.pkg.has(target) else None)

    def _footnotes(self) -> list[tuple[str, list]]:
        target = next((t for k, t in self.rels.values() if k.endswith("/footnotes")), None)
        if target is None or not self.pkg.has(target):
            return []
        return ooxml.referenced_footnotes(self.document, self.pkg.xml(target))

    def _first(self, pred, start: int = 0, stop: int | None = None) -> int | None:
        stop = len(self.paragraphs) if stop is None else stop
        for i in range(start, stop):
            if pred(self.texts[i].strip()):
                return i
        return None

    def _segments(self, i: int) -> list[tuple[int, int]]:
        """Character ranges of the tab-separated parts of paragraph ``i`` (a header typed with tabs)."""
        out, start = [], 0
        for piece in self.texts[i].split("\t"):
            out.append((start, start + len(piece)))
            start += len(piece) + 1
        return out

    def _find(self, name: str, pred, start: int = 0, stop: int | None = None) -> int | None:
        """The first paragraph with a part (the whole text, or a tab-separated part) satisfying ``pred``."""
        stop = len(self.paragraphs) if stop is None else stop
        for i in range(start, stop):
            for lo, hi in self._segments(i):
                if pred(self.texts[i][lo:hi].strip()):
                    self.rng[name] = (lo, hi)
                    return i
        return None

    def seg(self, name: str, i: int) -> str:
        """Text of a located element (only its tab-separated part when it shares a paragraph)."""
        lo, hi = self.rng.get(name, (0, len(self.texts[i])))
        return self.texts[i][lo:hi].strip()

    def _locate(self) -> None:
        t = self.texts
        self.rng: dict[str, tuple[int, int]] = {}
        self.qh = self._find("qh", lambda s: " ".join(upper_fold(s).split()) == upper_fold(QUOC_HIEU))
        self.tn = self._find("tn", lambda s: all(w in fold(s) for w in ("độc lập", "tự do", "hạnh phúc")))
        self.nn = self._first(lambda s: re.match(r"^Nơi nhận\s*:?$", s) is not None)
        end = self.nn if self.nn is not None else len(t)
        self.so = self._find("so", lambda s: re.match(r"^Số\b\s*[:.]?\s*[\d\s]*/", s) is not None, 0, end)
        self.vv = self._find("vv", lambda s: s.startswith("V/v"), 0, end)
        self.date = self._find("date", lambda s: re.match(r"^[^\d,]{2,60},\s*ngày\b", s) is not None, 0, end)
        # Kính gửi (ô 9a), or the "<THẨM QUYỀN> điện:" line of a công điện (Mẫu 1.6)
        self.kg = self._first(lambda s: s.startswith("Kính gửi") or s.endswith(" điện:"), 0, end)
        self.type_title = self._first(lambda s: s in TYPE_TITLES, 0, end)
        # Kính gửi block: the line itself and the "- …" lines under it
        self.kg_block: list[int] = []
        if self.kg is not None:
            self.kg_block.append(self.kg)
            i = self.kg + 1
            while i < end and t[i].strip().startswith("-") and self._top(i):
                self.kg_block.append(i)
                i += 1
        # agency lines: above "Số" in the same column (or above it at the top of the page)
        self.agency: list[int] = []
        self.agency_rng: dict[int, tuple[int, int]] = {}
        if self.so is not None and ooxml.cell_of(self.paragraphs[self.so]) is None and "\t" in t[self.so]:
            # a header typed with tabs: the agency is the left part of each line above "Số"
            for i in range(self.so):
                lo, hi = self._segments(i)[0]
                text = t[i][lo:hi].strip()
                if text and set(text) - set("_-–—. ") and "\t" in t[i] and \
                        (i, (lo, hi)) not in [(self.qh, self.rng.get("qh")), (self.tn, self.rng.get("tn"))]:
                    self.agency.append(i)
                    self.agency_rng[i] = (lo, hi)
        elif self.so is not None:
            cell = ooxml.cell_of(self.paragraphs[self.so])
            for i in range(self.so - 1, -1, -1):
                p = self.paragraphs[i]
                if cell is not None and ooxml.cell_of(p) is not cell:
                    if ooxml.cell_of(p) is not None and ooxml.cell_column(ooxml.cell_of(p)) == \
                            ooxml.cell_column(cell):
                        pass  # same column, row above
                    else:
                        continue
                if i in (self.qh, self.tn, self.date):
                    continue
                text = t[i].strip()
                if text and set(text) - set("_-–—. "):
                    self.agency.insert(0, i)
        # body: after the last header element / Kính gửi block, before Nơi nhận, outside tables
        after = max([i for i in [self.qh, self.tn, self.so, self.vv, self.date, self.type_title, *self.kg_block]
                     if i is not None], default=-1)
        # centred paragraphs are headings (trích yếu of ô 5a, phần/chương titles, "QUYẾT ĐỊNH:"), not body text
        # a right-aligned unit line above a table ("ĐVT: triệu đồng", "Đơn vị tính: người") belongs to the table
        self.body = [i for i in range(after + 1, end)
                     if t[i].strip() and self._top(i) and self.pprops(i)["align"] != "center"
                     and not (self.pprops(i)["align"] == "right" and _UNIT_LINE.match(t[i].strip()))]
        # Nơi nhận entries and the signature beside them
        self.nn_entries: list[int] = []
        self.signature: list[int] = []  # the signer beside "Nơi nhận:"
        self.signatures: list[list[int]] = []  # every signing block (two in a biên bản)
        if self.nn is not None:
            cell = ooxml.cell_of(self.paragraphs[self.nn])
            i = self.nn + 1
            archived = False  # the "- Lưu: …" line ends the entries; what follows in the cell is another part
            while i < len(t):
                p = self.paragraphs[i]
                if cell is not None and ooxml.cell_of(p) is not cell:
                    break
                text = t[i].strip()
                if (cell is None or (archived and text)) and not text.startswith("-"):
                    break  # e.g. "Xác nhận của cơ quan … nơi nghỉ phép" under Nơi nhận (Mẫu 1.10)
                if text:
                    self.nn_entries.append(i)
                    archived = archived or re.match(r"^-?\s*Lưu\b", text) is not None
                i += 1
            if cell is not None:
                nxt = ooxml.next_cell(cell)
                if nxt is not None:
                    self.signature = self._signer_lines(nxt)
                if not self.signature:
                    # biên bản (Mẫu 1.9): THƯ KÝ and CHỦ TỌA sign in the row above "Nơi nhận:"
                    for tc in ooxml.other_row_cells(cell):
                        lines = self._signer_lines(tc)
                        if lines:
                            self.signatures.append(lines)
            else:
                self.signature = [j for j in range(i, len(t)) if t[j].strip() and not t[j].strip().startswith("(")]
        if self.signature:
            self.signatures.insert(0, self.signature)

    def _signer_lines(self, tc) -> list[int]:
        """Text paragraphs of a signing cell; the "(Chữ ký …)" placeholders of the templates left out."""
        out = []
        for p in ooxml.cell_paragraphs(tc):
            text = ooxml.paragraph_text(p).strip()
            if text and not text.startswith("("):
                out.append(self.index_of(p))
        return out

    def signer_parts(self, block: list[int]) -> tuple[list[int], int | None]:
        """(authority/title lines, name line) of a signing block; a draft not yet signed has no name."""
        last = self.texts[block[-1]].strip()
        if len(block) < 2 or (last == last.upper() and (is_title(last) or _PREFIX.match(last))):
            return block, None
        return block[:-1], block[-1]

    def _top(self, i: int) -> bool:
        return ooxml.cell_of(self.paragraphs[i]) is None

    # reading formatting --------------------------------------------------------------------

    def runs(self, i: int, rng: tuple[int, int] | None = None) -> list[dict]:
        """Effective properties of the text runs of paragraph ``i`` (only those within ``rng`` if given)."""
        key = (i, rng)
        if key not in self._runs:
            p = self.paragraphs[i]
            if rng is None:
                self._runs[key] = [self.run_props(p, r) for r in ooxml.text_runs(p)]
            else:
                text = self.texts[i]
                self._runs[key] = [self.run_props(p, r) for r, lo, hi in ooxml.run_offsets(p)
                                   if lo < rng[1] and hi > rng[0] and text[max(lo, rng[0]):min(hi, rng[1])].strip()]
        return self._runs[key]

    def el_runs(self, name: str, i: int) -> list[dict]:
        return self.runs(i, self.rng.get(name))

    def agency_text(self, i: int) -> str:
        lo, hi = self.agency_rng.get(i, (0, len(self.texts[i])))
        return self.texts[i][lo:hi].strip()

    def run_props(self, p, r) -> dict:
        # the cache holds the elements themselves: lxml proxies, hence their ids, stay alive and unique
        key = (id(p), id(r))
        if key not in self._run_props:
            self._run_props[key] = (p, r, self.sheet.run_props(p, r))
        return self._run_props[key][2]

    def pprops(self, i: int) -> dict:
        if i not in self._pprops:
            self._pprops[i] = self.sheet.paragraph_props(self.paragraphs[i])
        return self._pprops[i]

    def finding(self, rule: str, i: int | None, **params) -> Finding:
        if i is None:
            return Finding(rule, params)
        return Finding(rule, params, paragraph=i + 1, text=excerpt(self.texts[i]))

    def note_finding(self, rule: str, mark: str, p, **params) -> Finding:
        """A finding in footnote ``mark`` (its number as printed), on its paragraph ``p``."""
        return Finding(rule, params, footnote=mark, text=excerpt(ooxml.paragraph_text(p)))

    def place_finding(self, rule: str, where, **params) -> Finding:
        """A finding at a place of :func:`_story_paragraphs`: a body paragraph's index, None (a header or footer)
        or (footnote mark, paragraph)."""
        if isinstance(where, tuple):
            return self.note_finding(rule, where[0], where[1], **params)
        return self.finding(rule, where, **params)

    def font_of(self, value: str | None) -> str:
        if value is None:
            return "(không đặt; Word dùng phông mặc định)"
        if value.startswith("theme:"):
            face = self.theme.get(value[6:], "")
            return face or f"(phông chủ đề {value[6:]})"
        return value


def _fmt(size: float) -> str:
    return f"{size:g}"


def style_problems(runs: list[dict], *, sizes: tuple[float, float], bold: bool | None = None,
                   italic: bool | None = None, upper_text: str | None = None) -> list[str]:
    """Vietnamese descriptions of what differs from the expected size/bold/italic/case."""
    problems = []
    if not runs:
        return problems
    bad_sizes = sorted({r["size"] for r in runs if not sizes[0] <= r["size"] <= sizes[1]})
    if bad_sizes:
        problems.append("cỡ " + ", ".join(_fmt(s) for s in bad_sizes))
    if bold is True and not all(r["bold"] for r in runs):
        problems.append("không đậm")
    if bold is False and any(r["bold"] for r in runs):
        problems.append("in đậm")
    if italic is True and not all(r["italic"] for r in runs):
        problems.append("không nghiêng")
    if italic is False and any(r["italic"] for r in runs):
        problems.append("in nghiêng")
    if upper_text is not None and upper_text != upper_text.upper() and not all(r["caps"] for r in runs):
        problems.append("không in hoa")
    return problems


Check = Callable[[DocxContext], Iterator[Finding]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str):
    def register(fn: Check) -> Check:
        CHECKS[rule_id] = fn
        return fn
    return register


# --------------------------------------------------------------------------- page (Mục I)


@check("ND30-PL1-I-1")
def _a4(ctx: DocxContext):
    w, h, _ = ooxml.page_size(ctx.letter_section)
    if w is None or h is None:
        return
    short, long_ = sorted((ooxml.twips_to_mm(w), ooxml.twips_to_mm(h)))
    if abs(short - 210) > 1 or abs(long_ - 297) > 1:
        yield ctx.finding("ND30-PL1-I-1", None, width=round(ooxml.twips_to_mm(w)), height=round(ooxml.twips_to_mm(h)))


@check("ND30-PL1-I-2")
def _portrait(ctx: DocxContext):
    w, h, landscape = ooxml.page_size(ctx.letter_section)
    if landscape or (w and h and w > h):
        yield ctx.finding("ND30-PL1-I-2", None)


MARGINS = {"top": ("trên", 20, 25), "bottom": ("dưới", 20, 25), "left": ("trái", 30, 35), "right": ("phải", 15, 20)}


@check("ND30-PL1-I-3")
def _margins(ctx: DocxContext):
    margins = ooxml.page_margins(ctx.letter_section)
    if margins is None:
        return
    for side, (name, low, high) in MARGINS.items():
        value = margins[side]
        if value is None:
            continue
        value_mm = abs(ooxml.twips_to_mm(value))
        if not low - 0.5 <= value_mm <= high + 0.5:
            yield ctx.finding("ND30-PL1-I-3", None, side=name, value=f"{value_mm:.0f}", low=low, high=high)


def _story_paragraphs(ctx: DocxContext) -> Iterator[tuple]:
    """(where, paragraph, its runs) for every paragraph of the body, the headers/footers and the footnotes, in
    document order: where is the body paragraph's index, None in a header or footer, (mark, paragraph) in a
    footnote; the runs are the paragraph's own, or None to be read with :func:`ooxml.paragraph_runs` when needed.
    In a body with text boxes, the runs are read in one pass and each given to its nearest ``w:p`` (a text box's,
    not the one holding the text box). The font and the colour of Phụ lục I, Mục I, khoản 4 hold for every word
    printed, a chú thích cuối trang's too (nd30.md sets nothing else for footnotes: no rule of their own)."""
    if ooxml.has_nested_paragraphs(ctx.document):
        number = ctx.number
        current, runs = None, []
        for p, r in ooxml.body_runs(ctx.document):
            if p is not current:
                if current is not None:
                    yield number[id(current)] - 1, current, runs
                current, runs = p, []
            runs.append(r)
        if current is not None:
            yield number[id(current)] - 1, current, runs
    else:
        for i, p in enumerate(ctx.paragraphs):
            yield i, p, None
    for kind, target in sorted(ctx.rels.values()):
        if (kind.endswith("/header") or kind.endswith("/footer")) and ctx.pkg.has(target):
            for p in ooxml.story_paragraphs(ctx.pkg.xml(target)):
                yield None, p, None
    for mark, paragraphs in ctx.footnotes:
        for p in paragraphs:
            yield (mark, p), p, None


def _formatting_runs(ctx: DocxContext) -> tuple[list, list]:
    """(where, paragraph, run) of the text runs (:func:`ooxml.is_text_run`) the rules of font and colour read, in
    the order of :func:`_story_paragraphs`: for the fonts every run but those whose formatting an earlier one
    already showed, for the colour the same outside the body's stamp lines (HỎA TỐC, MẬT …, red by the decree).

    A run without direct formatting (no ``w:rPr``) is formatted by its paragraph style alone, so of those only the
    first of each paragraph style is listed: the same faces and colours are found at the same first places. A
    paragraph of a style already shown with no ``w:rPr`` in it is passed over without reading its runs: the
    200,000 cells of a 20,000-row form are not read run by run."""
    fonts: list = []
    colours: list = []
    font_styles: set = set()
    colour_styles: set = set()
    # a long body (a form's 200,000 cells) is read paragraph by paragraph only until no new style has been shown for
    # a while; the body paragraphs read after that are only those holding a w:rPr or of a style not shown yet (found
    # by libxml2): the others are of a style shown and hold no w:rPr, so they would be passed over anyway
    to_read: set | None = None
    quiet = 0  # body paragraphs since a style was last shown
    for where, p, runs in _story_paragraphs(ctx):
        if type(where) is int and runs is None:
            if to_read is not None:
                if p not in to_read:
                    continue
            elif quiet >= _SWITCH_AFTER:
                to_read = ooxml.body_paragraphs_to_read(ctx.document, ctx.paragraphs, font_styles & colour_styles)
                if p not in to_read:
                    continue
            quiet += 1
        stamp = None  # whether the paragraph is a stamp line: read when a run of it is first a colour candidate
        style = ooxml.paragraph_style_id(p)
        shown = style in font_styles and style in colour_styles
        if runs is None:
            if shown and not ooxml.may_have_direct_formatting(p):
                continue
            runs = ooxml.paragraph_runs(p)
        for r in runs:
            plain = not ooxml.has_run_properties(r)
            if plain and shown:
                continue
            if not ooxml.is_text_run(r):
                continue
            if not plain or style not in font_styles:
                fonts.append((where, p, r))
                if plain:
                    font_styles.add(style)
            if not plain or style not in colour_styles:
                if stamp is None:
                    stamp = isinstance(where, int) and _is_stamp(ctx.texts[where])
                if not stamp:
                    colours.append((where, p, r))
                    if plain:
                        colour_styles.add(style)
            if not shown and style in font_styles and style in colour_styles:
                shown, quiet = True, 0
    return fonts, colours


#: After how many body paragraphs without a style newly shown :func:`_formatting_runs` reads only those that can
#: still list a run.
_SWITCH_AFTER = 200


@check("ND30-PL1-I-4.1")
def _fonts(ctx: DocxContext):
    seen = set()
    for i, p, r in ctx.formatting_runs[0]:
        fonts = ctx.run_props(p, r)["fonts"]
        for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
            face = ctx.font_of(fonts.get(slot))
            if face != TNR and (face, slot) not in seen:
                seen.add((face, slot))
                yield ctx.place_finding("ND30-PL1-I-4.1", i, font=face, slot=slot)


#: Stamps of urgency and secrecy are in red ink by the decree (Phụ lục I, Mục III, khoản 2; §3.13).
STAMPS = {"HỎA TỐC", "THƯỢNG KHẨN", "KHẨN", "MẬT", "TỐI MẬT", "TUYỆT MẬT"}
_STAMPS_FOLDED = frozenset(upper_fold(x) for x in STAMPS)


def _is_stamp(text: str) -> bool:
    """Whether a paragraph reads one of :data:`STAMPS` (any case, spacing, tone-mark placement)."""
    return len("".join(text.split())) <= 40 and upper_fold(text.strip()) in _STAMPS_FOLDED


@check("ND30-PL1-I-4.2")
def _colour(ctx: DocxContext):
    seen = set()
    for i, p, r in ctx.formatting_runs[1]:
        color = ooxml.run_color(p, r, ctx.sheet)
        if color and color.lower() not in ("auto", "000000") and color not in seen:
            seen.add(color)
            yield ctx.place_finding("ND30-PL1-I-4.2", i, color=color.upper())


def _page_fields(ctx: DocxContext):
    """(kind, header type, paragraph) for each PAGE field in the headers and footers of the last section."""
    sect = ctx.letter_section
    if sect is None:
        return []
    out = []
    refs = ooxml.header_footer_refs(sect)
    for kind in ("header", "footer"):
        for htype, rid in refs[kind].items():
            target = ctx.rels.get(rid, ("", ""))[1]
            if target and ctx.pkg.has(target):
                for p in ooxml.field_paragraphs(ctx.pkg.xml(target), "PAGE"):
                    out.append((kind, htype, p))
    return out


@check("ND30-PL1-I-7.1")
def _page_number_place(ctx: DocxContext):
    for kind, htype, p in _page_fields(ctx):
        align = ctx.sheet.paragraph_props(p)["align"]
        if kind == "footer":
            yield ctx.finding("ND30-PL1-I-7.1", None, where="chân trang (lề dưới)")
            return
        if align != "center":
            yield ctx.finding("ND30-PL1-I-7.1", None, where=f"đầu trang nhưng canh {align}")
            return


@check("ND30-PL1-I-7.2")
def _page_number_first(ctx: DocxContext):
    sect = ctx.letter_section
    fields = _page_fields(ctx)
    if not fields:
        return
    title_pg = ooxml.title_page(sect)
    on_first = any(htype == "first" for _, htype, _ in fields) if title_pg else \
        any(htype == "default" for _, htype, _ in fields)
    if on_first:
        yield ctx.finding("ND30-PL1-I-7.2", None)


@check("ND30-PL1-I-7.3")
def _page_number_size(ctx: DocxContext):
    for kind, htype, p in _page_fields(ctx):
        size = ctx.sheet.run_props(p, next(iter(ooxml.text_runs(p)), None))["size"]
        if not 13 <= size <= 14:
            yield ctx.finding("ND30-PL1-I-7.3", None, size=_fmt(size))
            return


# --------------------------------------------------------------------------- presence (Điều 8.2)


@check("ND30-PL1-II-0")
def _presence(ctx: DocxContext):
    parts = [(ctx.qh, f"Quốc hiệu (\"{QUOC_HIEU}\")"), (ctx.tn, f"Tiêu ngữ (\"{TIEU_NGU}\")"),
             (ctx.so, "số, ký hiệu (\"Số: …/…\")"), (ctx.date, "địa danh và thời gian ban hành (\"…, ngày … tháng … năm …\")"),
             (ctx.nn, "\"Nơi nhận:\"")]
    minutes = ctx.type_title is not None and upper_fold(ctx.texts[ctx.type_title].strip()) == "BIÊN BẢN"
    for index, name in parts:
        if index is None and not (minutes and index is ctx.date):  # Mẫu 1.9: no date in the header
            yield ctx.finding("ND30-PL1-II-0", None, part=name)
    if ctx.nn is not None and not ctx.signatures:
        yield ctx.finding("ND30-PL1-II-0", None, part="chức vụ, họ tên người ký (bên phải \"Nơi nhận:\")")


# --------------------------------------------------------------------------- ô 1: Quốc hiệu, Tiêu ngữ


@check("ND30-PL1-II-1a")
def _quoc_hieu(ctx: DocxContext):
    if ctx.qh is None:
        return
    problems = style_problems(ctx.el_runs("qh", ctx.qh), sizes=(12, 13), bold=True, italic=False,
                              upper_text=ctx.seg("qh", ctx.qh))
    if problems:
        yield ctx.finding("ND30-PL1-II-1a", ctx.qh, problem=", ".join(problems))


@check("ND30-PL1-II-1b.1")
def _tieu_ngu(ctx: DocxContext):
    if ctx.tn is None:
        return
    problems = style_problems(ctx.el_runs("tn", ctx.tn), sizes=(13, 14), bold=True, italic=False)
    if problems:
        yield ctx.finding("ND30-PL1-II-1b.1", ctx.tn, problem=", ".join(problems))


@check("ND30-PL1-II-1b.2")
def _tieu_ngu_text(ctx: DocxContext):
    if ctx.tn is None:
        return
    text = " ".join(ctx.seg("tn", ctx.tn).split())
    if text != TIEU_NGU:
        yield ctx.finding("ND30-PL1-II-1b.2", ctx.tn, found=text)


def _rule_after(ctx: DocxContext, i: int) -> tuple:
    """How paragraph ``i`` is underlined: ("border"|"drawing"|"underscore"|"", the rule paragraph)."""
    p = ctx.paragraphs[i]
    if "bottom" in ooxml.paragraph_border_sides(p):
        return "border-text", p
    if ooxml.has_drawing(p):
        return "drawing", p
    nxt = ooxml.next_paragraph(p)
    if nxt is None:
        return "", None
    text = ooxml.paragraph_text(nxt).strip()
    if not text and ({"bottom", "top"} & ooxml.paragraph_border_sides(nxt)):
        return "border", nxt
    if ooxml.has_drawing(nxt):
        return "drawing", nxt
    if text and set(text.replace("\t", "").replace(" ", "")) <= set("_-–—"):
        return "underscore", nxt
    return "", None


@check("ND30-PL1-II-1b.3")
def _tieu_ngu_rule(ctx: DocxContext):
    if ctx.tn is not None and not _rule_after(ctx, ctx.tn)[0]:
        yield ctx.finding("ND30-PL1-II-1b.3", ctx.tn)


# --------------------------------------------------------------------------- ô 2: tên cơ quan


@check("ND30-PL1-II-2b.1")
def _agency_style(ctx: DocxContext):
    for i in ctx.agency:
        problems = style_problems(ctx.runs(i, ctx.agency_rng.get(i)), sizes=(12, 13), italic=False,
                                  upper_text=ctx.agency_text(i))
        if problems:
            yield ctx.finding("ND30-PL1-II-2b.1", i, text=excerpt(ctx.agency_text(i)), problem=", ".join(problems))


@check("ND30-PL1-II-2b.2")
def _agency_bold(ctx: DocxContext):
    if ctx.agency:
        last = ctx.agency[-1]
        runs = ctx.runs(last, ctx.agency_rng.get(last))
        if runs and not all(r["bold"] for r in runs):
            yield ctx.finding("ND30-PL1-II-2b.2", last, text=excerpt(ctx.agency_text(last)))


@check("ND30-PL1-II-2b.3")
def _agency_rule(ctx: DocxContext):
    if not ctx.agency:
        return
    last = ctx.agency[-1]
    kind, rule_p = _rule_after(ctx, last)
    if not kind:
        yield ctx.finding("ND30-PL1-II-2b.3", last, problem="không có đường kẻ ngang")
        return
    if kind not in ("border", "border-text"):
        return  # a drawn line or typed underscores: its length is not measured
    cell = ooxml.cell_of(rule_p)
    width = ooxml.cell_width_twips(cell) if cell is not None else None
    if width is None:
        return
    props = ctx.sheet.paragraph_props(rule_p)
    rule_mm = ooxml.twips_to_mm(width - props["left"] - props["right"])
    widest = 0.0
    for i in ctx.agency:
        runs = ctx.runs(i)
        if runs:
            bold = runs[0]["bold"]
            widest = max(widest, metrics.text_width_mm(ctx.texts[i].strip().upper(), runs[0]["size"], bold=bold))
    if widest <= 0:
        return
    ratio = rule_mm / widest
    if not 1 / 3 - 0.03 <= ratio <= 1 / 2 + 0.03:
        yield ctx.finding("ND30-PL1-II-2b.3", last, problem=f"đường kẻ dài {ratio * 100:.0f}% dòng chữ")


# --------------------------------------------------------------------------- ô 3: số, ký hiệu


_SO = re.compile(r"^Số(?P<colon>\s*:)?(?P<gap>\s*)(?P<no>\d*)(?P<s1>\s*)/(?P<s2>\s*)(?P<code>.*)$")


@check("ND30-PL1-II-3c.1")
def _so_text(ctx: DocxContext):
    if ctx.so is None:
        return
    text = ctx.seg("so", ctx.so)
    match = _SO.match(text)
    if not match:
        return
    problems = []
    if not match.group("colon"):
        problems.append("sau từ \"Số\" có dấu hai chấm (:)")
    number = match.group("no")
    if number and int(number) < 10 and not number.startswith("0"):
        problems.append(f"số nhỏ hơn 10 phải ghi thêm số 0 phía trước (\"{int(number):02d}\")")
    code = match.group("code")
    if (number and (match.group("s1") or match.group("s2"))) or re.search(r"\s", code.strip()):
        problems.append("giữa số và ký hiệu có dấu \"/\", giữa các nhóm có dấu \"-\", không cách chữ")
    groups = [g for g in re.split(r"\s*-\s*", code.strip()) if g]
    if any(g != g.upper() and g not in MIXED_CASE_GROUPS for g in groups):
        problems.append("ký hiệu viết in hoa")
    if problems:
        yield ctx.finding("ND30-PL1-II-3c.1", ctx.so, found=excerpt(text), problem="; ".join(problems))


@check("ND30-PL1-II-3c.2")
def _so_style(ctx: DocxContext):
    if ctx.so is None:
        return
    problems = style_problems(ctx.el_runs("so", ctx.so), sizes=(13, 13), bold=False, italic=False)
    if problems:
        yield ctx.finding("ND30-PL1-II-3c.2", ctx.so, problem=", ".join(problems))


# --------------------------------------------------------------------------- ô 4: địa danh, ngày


@check("ND30-PL1-II-4c.1")
def _date_style(ctx: DocxContext):
    if ctx.date is None:
        return
    problems = style_problems(ctx.el_runs("date", ctx.date), sizes=(13, 14), italic=True)
    if problems:
        yield ctx.finding("ND30-PL1-II-4c.1", ctx.date, problem=", ".join(problems))


_DATE = re.compile(r"^(?P<place>[^,]+),\s*ngày\s+(?P<d>\S*)\s*tháng\s+(?P<m>\S*)\s*năm\s+(?P<y>\d{4})\s*$")


@check("ND30-PL1-II-4c.2")
def _date_text(ctx: DocxContext):
    if ctx.date is None:
        return
    text = " ".join(ctx.seg("date", ctx.date).split())
    match = _DATE.match(text)
    if not match:
        yield ctx.finding("ND30-PL1-II-4c.2", ctx.date, found=excerpt(text),
                          problem="thời gian ban hành viết đầy đủ \"ngày … tháng … năm …\"")
        return
    problems = []
    d, mo, y = match.group("d"), match.group("m"), int(match.group("y"))
    if d.isdigit() and int(d) < 10 and len(d) < 2:
        problems.append(f"ngày nhỏ hơn 10 ghi thêm số 0 (\"ngày {int(d):02d}\")")
    if mo.isdigit():
        if int(mo) <= 2 and len(mo) < 2:
            problems.append(f"tháng 1, 2 ghi thêm số 0 (\"tháng {int(mo):02d}\")")
        if int(mo) >= 3 and mo.startswith("0"):
            problems.append(f"tháng {int(mo)} không ghi số 0 phía trước (\"tháng {int(mo)}\")")
    if d.isdigit() and mo.isdigit():
        try:
            _dt.date(y, int(mo), int(d))
        except ValueError:
            problems.append(f"ngày {int(d)}/{int(mo)}/{y} không có thật")
    place = match.group("place").strip()
    if any(w[:1].islower() for w in place.split()[:1]):
        problems.append("chữ cái đầu của địa danh viết hoa")
    if problems:
        yield ctx.finding("ND30-PL1-II-4c.2", ctx.date, found=excerpt(text), problem="; ".join(problems))


# --------------------------------------------------------------------------- ô 5: V/v, tên loại


@check("ND30-PL1-II-5b.2")
def _vv_only_cong_van(ctx: DocxContext):
    if ctx.vv is not None and ctx.type_title is not None:
        yield ctx.finding("ND30-PL1-II-5b.2", ctx.vv, type=ctx.texts[ctx.type_title].strip())


@check("ND30-PL1-II-5b.3")
def _vv_style(ctx: DocxContext):
    if ctx.vv is None:
        return
    problems = style_problems(ctx.el_runs("vv", ctx.vv), sizes=(12, 13), bold=False, italic=False)
    if problems:
        yield ctx.finding("ND30-PL1-II-5b.3", ctx.vv, problem=", ".join(problems))


@check("ND30-PL1-II-5b.4")
def _vv_spacing(ctx: DocxContext):
    if ctx.vv is None or ctx.so is None or ctx.vv != ctx.so + 1:
        return
    gap = ctx.pprops(ctx.vv)["before"] + ctx.pprops(ctx.so)["after"]
    if gap < 6 - 0.05:
        yield ctx.finding("ND30-PL1-II-5b.4", ctx.vv, before=_fmt(gap))


# --------------------------------------------------------------------------- ô 6: nội dung

#: The unit line of a table, not a paragraph of the body.
_UNIT_LINE = re.compile(r"^(ĐVT|Đơn vị tính|Đơn vị)\s*:", re.IGNORECASE)


def _aggregate(ctx: DocxContext, rule: str, bad: list[tuple[int, dict]]):
    """One finding per rule at the first offending paragraph, counting the others."""
    if not bad:
        return
    i, params = bad[0]
    finding = ctx.finding(rule, i, **params)
    if len(bad) > 1:
        finding = Finding(finding.rule, finding.params, paragraph=finding.paragraph, text=finding.text,
                          note=f"(và {len(bad) - 1} đoạn khác)")
    yield finding


@check("ND30-PL1-II-6e.1")
def _body_style(ctx: DocxContext):
    bad = []
    for i in ctx.body:
        problems = []
        align = ctx.pprops(i)["align"]
        if align not in ("both", "distribute"):
            problems.append(f"canh {align}, không canh đều hai lề")
        sizes = sorted({r["size"] for r in ctx.runs(i) if not 13 <= r["size"] <= 14})
        if sizes:
            problems.append("cỡ " + ", ".join(_fmt(s) for s in sizes) + " (nội dung cỡ 13–14)")
        if problems:
            bad.append((i, {"problem": ", ".join(problems)}))
    yield from _aggregate(ctx, "ND30-PL1-II-6e.1", bad)


@check("ND30-PL1-II-6e.2")
def _body_indent(ctx: DocxContext):
    bad = []
    for i in ctx.body:
        props = ctx.pprops(i)
        first = props["first_line"] - props["hanging"]
        cm = ooxml.twips_to_mm(first) / 10
        if not 0.95 <= cm <= 1.32:
            bad.append((i, {"value": f"{cm:.2f}".replace(".", ",")}))
    yield from _aggregate(ctx, "ND30-PL1-II-6e.2", bad)


@check("ND30-PL1-II-6e.3")
def _body_spacing(ctx: DocxContext):
    bad = []
    for prev, i in zip(ctx.body, ctx.body[1:]):
        gap = ctx.pprops(i)["before"] + ctx.pprops(prev)["after"]
        if gap < 6 - 0.05:
            bad.append((i, {"value": _fmt(gap)}))
    yield from _aggregate(ctx, "ND30-PL1-II-6e.3", bad)


@check("ND30-PL1-II-6e.4")
def _body_line_spacing(ctx: DocxContext):
    bad = []
    for i in ctx.body:
        props = ctx.pprops(i)
        line, rule = props.get("line"), props.get("line_rule", "auto")
        if line is None:
            continue
        if rule == "auto":
            if not 240 - 1 <= line <= 360 + 1:
                bad.append((i, {"value": f"{line / 240:.2f} lines".replace(".", ",")}))
        else:
            runs = ctx.runs(i)
            size = max((r["size"] for r in runs), default=14)
            points = line / 20
            if not size <= points <= size * 1.15 * 1.5 + 0.5:
                bad.append((i, {"value": f"{'chính xác' if rule == 'exact' else 'tối thiểu'} {_fmt(points)} pt "
                                          f"(chữ cỡ {_fmt(size)})"}))
    yield from _aggregate(ctx, "ND30-PL1-II-6e.4", bad)


def _sent_with_note(ctx: DocxContext, i: int) -> bool:
    """A note of what is sent with the document after its "./.": in brackets and in italics ("(Công điện số
    225/CĐ-TTg ngày 20/11/2025 gửi kèm theo)", corpus 12; the spec's `gui_kem`)."""
    text = ctx.texts[i].strip()
    runs = ctx.runs(i)
    return text.startswith("(") and text.endswith(")") and bool(runs) and all(r.get("italic") for r in runs)


@check("ND30-PL3-KT")
def _end_marker(ctx: DocxContext):
    content = list(ctx.body)
    while content and _sent_with_note(ctx, content[-1]):
        content.pop()  # the notes of what is sent with it stand after the "./." that ends the content
    if content and not ctx.texts[content[-1]].rstrip().endswith("/."):
        last = content[-1]
        yield ctx.finding("ND30-PL3-KT", last, found=excerpt(ctx.texts[last].strip()[-40:]))


# --------------------------------------------------------------------------- ô 9: Kính gửi, Nơi nhận


@check("ND30-PL1-II-9d.3")
def _kinh_gui_style(ctx: DocxContext):
    for i in ctx.kg_block:
        problems = style_problems(ctx.runs(i), sizes=(13, 14), italic=False)
        if problems:
            yield ctx.finding("ND30-PL1-II-9d.3", i, problem=", ".join(problems))
            return


@check("ND30-PL1-II-9d.4")
def _kinh_gui_punct(ctx: DocxContext):
    if ctx.kg is None:
        return
    head = ctx.texts[ctx.kg].strip()
    if head.startswith("Kính gửi") and not re.match(r"^Kính gửi\s*:", head):
        yield ctx.finding("ND30-PL1-II-9d.4", ctx.kg, problem="sau \"Kính gửi\" có dấu hai chấm (:)")
        return
    lines = ctx.kg_block[1:]
    rest = head.split(":", 1)[1].strip() if ":" in head else ""
    if not lines and rest and rest[-1] in ";,":
        # one recipient on the Kính gửi line: "Kính gửi: Bộ Nội vụ" as in the decree, or with a final "."
        yield ctx.finding("ND30-PL1-II-9d.4", ctx.kg, problem=f"\"{excerpt(rest, 40)}\": một nơi nhận ghi cùng dòng, "
                                                             f"không kết thúc bằng \"{rest[-1]}\"")
        return
    for n, i in enumerate(lines):
        text = ctx.texts[i].strip()
        end = "." if n == len(lines) - 1 else ";"
        if not text.endswith(end):
            what = "dòng cuối kết thúc bằng dấu chấm (.)" if end == "." else "cuối dòng có dấu chấm phẩy (;)"
            yield ctx.finding("ND30-PL1-II-9d.4", i, problem=f"\"{excerpt(text, 40)}\": {what}")
            return


@check("ND30-PL1-II-9d.5")
def _noi_nhan_heading(ctx: DocxContext):
    if ctx.nn is None:
        return
    problems = style_problems(ctx.runs(ctx.nn), sizes=(12, 12), bold=True, italic=True)
    if not ctx.texts[ctx.nn].strip().endswith(":"):
        problems.append("thiếu dấu hai chấm")
    if problems:
        yield ctx.finding("ND30-PL1-II-9d.5", ctx.nn, problem=", ".join(problems))


@check("ND30-PL1-II-9d.6")
def _noi_nhan_entries_style(ctx: DocxContext):
    for i in ctx.nn_entries:
        problems = style_problems(ctx.runs(i), sizes=(11, 11), italic=False)
        if problems:
            yield ctx.finding("ND30-PL1-II-9d.6", i, text=excerpt(ctx.texts[i], 40), problem=", ".join(problems))
            return


_LUU = re.compile(r"^-\s*Lưu\s*:\s*VT\b.*\.\s*(\(\d+\))?$")


@check("ND30-PL1-II-9d.7")
def _noi_nhan_entries(ctx: DocxContext):
    entries = [(i, ctx.texts[i].strip()) for i in ctx.nn_entries]
    if not entries:
        return
    if ctx.kg is not None and not any(fold(t).lstrip("- ").startswith("như trên") for _, t in entries):
        yield ctx.finding("ND30-PL1-II-9d.7", ctx.nn, problem="thiếu \"- Như trên;\" (văn bản có Kính gửi)")
    for i, text in entries[:-1]:
        if not text.startswith("-") or not text.endswith(";"):
            yield ctx.finding("ND30-PL1-II-9d.7", i, problem=f"\"{excerpt(text, 40)}\": mỗi dòng bắt đầu bằng "
                                                            "gạch đầu dòng (-), cuối dòng có dấu chấm phẩy (;)")
            return
    i, last = entries[-1]
    if not _LUU.match(last):
        yield ctx.finding("ND30-PL1-II-9d.7", i, problem=f"dòng cuối \"{excerpt(last, 40)}\" phải là "
                                                        "\"- Lưu: VT, <đơn vị soạn thảo>.\"")


# --------------------------------------------------------------------------- ô 7: người ký


@check("ND30-PL1-II-7đ.1")
def _signature_titles(ctx: DocxContext):
    for i in [i for block in ctx.signatures for i in ctx.signer_parts(block)[0]]:
        problems = style_problems(ctx.runs(i), sizes=(13, 14), bold=True, italic=False, upper_text=ctx.texts[i])
        if problems:
            yield ctx.finding("ND30-PL1-II-7đ.1", i, text=excerpt(ctx.texts[i], 40), problem=", ".join(problems))


@check("ND30-PL1-II-7đ.2")
def _signature_name(ctx: DocxContext):
    for block in ctx.signatures:
        name = ctx.signer_parts(block)[1]
        if name is not None:
            yield from _signer_name(ctx, name)


def _signer_name(ctx: DocxContext, i: int):
    problems = style_problems(ctx.runs(i), sizes=(13, 14), bold=True, italic=False)
    text = ctx.texts[i].strip()
    if text == text.upper() and any(ch.isalpha() for ch in text):
        problems.append("in hoa")
    if problems:
        yield ctx.finding("ND30-PL1-II-7đ.2", i, text=excerpt(text, 40), problem=", ".join(problems))


_PREFIX = re.compile(r"^(?P<p>TM|KT|TL|TUQ|Q)(?P<dot>\.?)(?P<sp>\s*)(?P<rest>\S.*)$")


@check("ND30-PL1-II-7b.6")
def _signature_prefix(ctx: DocxContext):
    for i in [i for block in ctx.signatures for i in ctx.signer_parts(block)[0]]:
        text = " ".join(ctx.texts[i].split())
        match = _PREFIX.match(text)
        if not match or (match.group("dot") and match.group("sp") == " "):
            continue
        if not match.group("dot") and match.group("sp") != " ":
            continue  # a word that starts with these letters ("TUYÊN …"), not a prefix
        yield ctx.finding("ND30-PL1-II-7b.6", i, found=text, expected=f"{match.group('p')}. {match.group('rest')}")



# --------------------------------------------------------------------------- page layout (issue 16)


@check("ND30-PL1-II-2b.5")
def _agency_line_width(ctx: DocxContext):
    """An agency line wider than its column: Word breaks it wherever the width runs out, possibly inside a
    compound ("SỞ LAO ĐỘNG - THƯƠNG / BINH VÀ XÃ HỘI"); measured with Times New Roman's metrics."""
    for i in ctx.agency:
        cell = ooxml.cell_of(ctx.paragraphs[i])
        width = ooxml.cell_width_twips(cell) if cell is not None else None
        runs = ctx.runs(i)
        text = ctx.agency_text(i)
        if width is None or not runs or not text:
            continue
        props = ctx.pprops(i)
        column = ooxml.twips_to_mm(width - props["left"] - props["right"])
        measured = metrics.text_width_mm(text.upper() if runs[0].get("caps") else text, runs[0]["size"],
                                         bold=runs[0]["bold"])
        if measured > column + 0.5:
            yield ctx.finding("ND30-PL1-II-2b.5", i, text=excerpt(text), width=f"{measured:.1f}",
                              column=f"{column:.1f}")


@check("ND30-PL1-II-7.1")
def _signature_row_split(ctx: DocxContext):
    """The table that holds "Nơi nhận:" and the signature: a row that may break across pages puts the
    signer's name on the next page ("KT. CHỦ TỊCH" at the foot of one page, the name on the next)."""
    if ctx.nn is None:
        return
    cell = ooxml.cell_of(ctx.paragraphs[ctx.nn])
    if cell is None:
        return
    if any(ooxml.row_can_split(tr) for tr in ooxml.table_rows(ooxml.table_of_cell(cell))):
        yield ctx.finding("ND30-PL1-II-7.1", ctx.nn)


@check("ND30-PL1-I-7.4")
def _empty_section_break(ctx: DocxContext):
    """An empty paragraph that only carries a section break and takes room: when the page before is full
    it spills onto a page of its own, which then holds only a page number."""
    for p in ooxml.section_break_paragraphs(ctx.document):
        if ooxml.paragraph_text(p).strip() or ooxml.mark_hidden(p):
            continue
        props = ctx.sheet.paragraph_props(p)
        if props.get("line_rule") == "exact" and props.get("line", 240) <= 40:
            continue  # two points or less, exactly: it cannot fill a page
        yield ctx.finding("ND30-PL1-I-7.4", ctx.index_of(p))
