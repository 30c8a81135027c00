"""Position conventions: the mapping to stored text, and choosing the convention from the data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coder.domain.text import normalise
from coder.refi.positions import (
    CODE_POINTS,
    CODE_POINTS_CRLF1,
    CONVENTIONS,
    UTF16,
    UTF16_CRLF1,
    Convention,
    Units,
    describe,
    detect,
)


def _reference(raw: str, convention: Convention) -> list[int | None]:
    """Unit offset -> stored offset, built character by character."""
    table: list[int | None] = []
    stored = index = 0
    while index < len(raw):
        pair = raw[index : index + 2] == "\r\n"
        width = (
            (1 if convention.crlf_as_one else 2)
            if pair
            else (2 if convention.utf16 and ord(raw[index]) > 0xFFFF else 1)
        )
        table.append(stored)
        table.extend([None] * (width - 1))
        index += 2 if pair else 1
        stored += 1
    table.append(stored)
    return table


@given(
    st.text(alphabet=st.sampled_from(["a", " ", "\r", "\n", "é", "漢", "\U0001f600", "\u0301"]), max_size=40)
)
def test_units_match_a_character_by_character_count(raw: str) -> None:
    for convention in CONVENTIONS:
        units = Units(raw, convention)
        expected = _reference(raw, convention)
        assert units.total == len(expected) - 1
        assert [units.stored(i) for i in range(len(expected))] == expected
        assert units.stored(-1) is None and units.stored(len(expected)) is None


def _positions(raw: str, words: list[str], convention: Convention) -> list[tuple[int, int]]:
    """Where ``words`` stand in ``raw``, counted the way ``convention`` counts."""
    result = []
    for word in words:
        start = raw.index(word)

        def count(text: str) -> int:
            if convention.crlf_as_one:
                text = text.replace("\r\n", "\n")
            return len(text.encode("utf-16-le")) // 2 if convention.utf16 else len(text)

        result.append((count(raw[:start]), count(raw[: start + len(word)])))
    return result


RAW = (
    "Line one \U0001f600 here\r\nsecond line \U0001f44d\U0001f3fd with words\r\nthird line, last words\r\n"
    * 3
)
WORDS = ["second line", "with words", "third line", "last words", "here"]


def test_each_convention_is_recognised_from_word_boundaries() -> None:
    stored = normalise(RAW)
    for convention in CONVENTIONS:
        detection = detect(RAW, stored, _positions(RAW, WORDS, convention))
        assert detection.convention == convention
        assert [stored[s:e] for s, e in detection.spans] == WORDS


def test_selection_names_that_quote_the_text_decide() -> None:
    raw = "ab\r\ncd\r\nef gh"
    stored = normalise(raw)
    # Under CRLF=1 6..11 is 'ef gh'; counting CRLF as two, it would be '\nef g', just as clean.
    detection = detect(raw, stored, [(6, 11)], ["ef gh"])
    assert detection.convention == CODE_POINTS_CRLF1
    assert stored[slice(*detection.spans[0])] == "ef gh"
    assert detect(raw, stored, [(6, 11)]).convention == CODE_POINTS


def test_the_standard_is_kept_when_the_evidence_is_weak() -> None:
    raw = "x\U0001f600abcdefgh"
    detection = detect(raw, normalise(raw), [(3, 5)])  # 'bc' as code points, 'ab' as UTF-16 units
    assert detection.convention == CODE_POINTS
    assert detection.ambiguous
    assert "check a few of its codings" in describe(detection, "s.txt")


def test_positions_inside_a_crlf_or_surrogate_pair_or_past_the_end_fit_nothing() -> None:
    raw = "ab\r\ncd"
    detection = detect(raw, normalise(raw), [(3, 4), (0, 99)])
    assert detection.convention is None
    assert detection.misfits == 1  # (3, 4) is 'c' with CRLF as one; nothing holds 99
    assert Units(raw, CODE_POINTS).stored(3) is None  # between CR and LF
    assert Units("x\U0001f600y", UTF16).stored(2) is None  # inside a surrogate pair
    assert detect("x\U0001f600y", "x\U0001f600y", [(1, 99)]).convention is None


def test_a_text_without_crlf_or_astral_characters_is_read_one_way() -> None:
    raw = "plain ascii text\nwith lines\n"
    detection = detect(raw, raw, [(0, 5), (17, 21)])
    assert detection.equivalent and detection.convention == CODE_POINTS
    assert "every counting convention reads this text the same way" in describe(detection, "a.txt")


def test_utf16_without_crlf_counted_as_two_is_a_candidate() -> None:
    assert UTF16 in CONVENTIONS and UTF16_CRLF1 in CONVENTIONS
