"""Case of texts printed in capitals (tên cơ quan, thẩm quyền, chức vụ, tiêu đề chương …).

The decree prints these parts in capitals (Phụ lục I, Mục II §3.2, §3.7, §3.8) while a spec writes them as
in running text (Phụ lục II: "Ủy ban nhân dân tỉnh Thái Bình"). :class:`Recaser` looks for the same words
in the document's own running text and properties first (exact); failing that, it writes the first letter
capital and the rest lower, keeping words the document writes in capitals (UBND) or capitalised elsewhere
(proper names), and says it guessed.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w[\w&.]*", re.UNICODE)
_V = "AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"
#: One Vietnamese syllable in capitals: initial consonant(s), one to three vowels, a final consonant.
#: A capitalised word that is not one is an acronym (UBND, HĐND, TT&TT) and stays in capitals.
_SYLLABLE = re.compile(f"(NGH|NG|GH|GI|KH|NH|PH|QU|TH|TR|CH|[BCDĐGHKLMNPRSTVX])?[{_V}]{{1,3}}(NG|NH|CH|[CMNPT])?")


#: Titles and bodies as Phụ lục II writes them in running text, for names the document does not repeat.
VOCABULARY = (
    "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Phó Tổng Giám đốc", "Bộ trưởng",
    "Thứ trưởng", "Cục trưởng", "Phó Cục trưởng", "Vụ trưởng", "Phó Vụ trưởng", "Chánh Văn phòng",
    "Phó Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng", "Trưởng ban", "Phó Trưởng ban", "Hiệu trưởng",
    "Phó Hiệu trưởng", "Viện trưởng", "Phó Viện trưởng", "Chánh Thanh tra", "Phó Chánh Thanh tra",
    "Ủy ban nhân dân", "Hội đồng nhân dân", "Thường trực", "Ban Thường vụ", "Lưu hành nội bộ", "Xem xong trả lại",
)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


class Recaser:
    """Recovers the case of a capitalised phrase from ``known`` texts of the same document."""

    def __init__(self, known: list[str]):
        texts = [_nfc(t) for t in list(known) + list(VOCABULARY) if t and not _is_upper(t)]
        self.corpus = "\n".join(texts)
        self.upper_corpus = self.corpus.upper()
        if len(self.upper_corpus) != len(self.corpus):  # a letter whose capital is longer: no offsets
            self.upper_corpus = ""
        self.words: dict[str, str] = {}
        self.lower: set[str] = set()  # words the document also writes in lower case
        for text in texts:
            for n, match in enumerate(_WORD.finditer(text)):
                word = match.group()
                key = word.upper()
                if word.islower():
                    self.lower.add(key)
                if word.isupper() and len(word) > 1:
                    self.words[key] = word  # an acronym the document writes in capitals
                elif n > 0 and word[:1].isupper() and self.words.get(key, "") != key:
                    self.words.setdefault(key, word)

    def find(self, phrase: str) -> str | None:
        """The phrase as the document writes it elsewhere, if it does (whole words)."""
        target = " ".join(_nfc(phrase).split())
        if not target or not self.upper_corpus:
            return None
        start = 0
        while True:
            at = self.upper_corpus.find(target, start)
            if at < 0:
                return None
            end = at + len(target)
            before = self.corpus[at - 1] if at else " "
            after = self.corpus[end] if end < len(self.corpus) else " "
            if not before.isalnum() and not after.isalnum() and not _is_upper(self.corpus[at:end]):
                return self.corpus[at:end]
            start = at + 1

    def _word(self, word: str) -> str:
        core = _WORD.search(word)
        if core is None:
            return word
        key = core.group().upper()
        known = self.words.get(key)
        if known is not None and (known.isupper() or key not in self.lower):
            return word.replace(core.group(), known)
        if len(key) > 1 and not _SYLLABLE.fullmatch(key):
            return word  # an acronym (UBND, HĐND, TT&TT)
        return word.lower()

    def recase(self, phrase: str, *, first_capital: bool = True) -> tuple[str, bool]:
        """(the phrase in running-text case, whether it was guessed)."""
        phrase = " ".join(_nfc(phrase).split())
        if not _is_upper(phrase):
            return phrase, False
        found = self.find(phrase)
        if found is not None:
            if first_capital:
                found = found[:1].upper() + found[1:]
            return found, False
        words = phrase.split(" ")
        out: list[str] = []
        i = 0
        while i < len(words):
            for j in range(len(words), i + 1, -1):  # the longest run of words the document writes
                found = self.find(" ".join(words[i:j]))
                if found is not None:
                    out.append(found)
                    i = j
                    break
            else:
                out.append(self._word(words[i]))
                i += 1
        text = " ".join(out)
        if first_capital:
            text = text[:1].upper() + text[1:]
        return text, True


def lower_first(text: str) -> str:
    """"Ban hành quy chế" → "ban hành quy chế" (a trích yếu as a spec writes it), acronyms kept."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]
