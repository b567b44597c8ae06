"""The pre-scan of flow nesting (issue 13, point 7) read sign to sign gives what the character-by-character scan it
replaced gave (issue 13, point 13: it took a second of a 20,000-row form's load)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.spec.yamlsrc import flow_depth_overflow


def reference(text: str, limit: int) -> tuple[int, int] | None:
    """The scan as it was (7d7c6f7), one character at a time, kept here as the oracle; with one mend: a line break
    escaped by a backslash in a double-quoted scalar is counted as a line (the old scan counted it as a column,
    so a bracket after it was reported one line too high)."""
    depth = 0
    line, col = 1, 0
    quote = ""
    prev = "\n"
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        i += 1
        col += 1
        if ch == "\n":
            line, col = line + 1, 0
            if not quote:
                prev = "\n"
            continue
        if quote:
            if ch == quote == "'" and i < n and text[i] == "'":
                i, col = i + 1, col + 1
            elif ch == "\\" and quote == '"':
                if i < n and text[i] == "\n":  # the old scan counted this newline as a column, not a line
                    line, col = line + 1, -1
                i, col = i + 1, col + 1
            elif ch == quote:
                quote, prev = "", "x"
            continue
        if ch in " \t":
            continue
        if ch == "#" and (i == 1 or text[i - 2] in " \t\n"):
            while i < n and text[i] != "\n":
                i += 1
            continue
        at_value = depth > 0 and prev in "[{,:\n" or prev in "\n-:,[{"
        if at_value and ch in "'\"":
            quote = ch
        elif at_value and ch in "[{":
            depth += 1
            if depth > limit:
                return line, col
        elif depth > 0 and ch in "]}":
            depth -= 1
        prev = ch if ch in "-:,[{" else "x"
    return None


#: the signs the scan reads, blanks, and letters (a quoted "[" or a comment's "{" must not count)
ALPHABET = st.sampled_from(list("[]{}'\"#-:,\\\n \t\rab"))


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join), st.integers(min_value=0, max_value=4))
def test_the_scan_finds_what_the_character_scan_found(text, limit):
    assert flow_depth_overflow(text, limit) == reference(text, limit)


def test_deep_nesting_is_found_at_its_bracket_and_prose_is_not():
    assert flow_depth_overflow("a: " + "[" * 41, 40) == (1, 44)
    assert flow_depth_overflow("x:\n  - " + "{a: " * 41, 40) == (2, 4 + 4 * 40 + 1)
    assert flow_depth_overflow("a: \"" + "[" * 100 + "\"\nb: # " + "{" * 100 + "\nc: Điều [" * 50, 40) is None
    assert flow_depth_overflow("a: '" + "it''s [" * 60 + "'", 40) is None
