"""Page positions and stored-text offsets, converted in one place (no PDF, no Qt needed)."""

from __future__ import annotations

import math
from array import array

import pytest

from coder.domain.pdf_positions import (
    EXTRACTION_LINES,
    EXTRACTION_READING,
    PagePositions,
    extraction_of,
)

NONE = (math.nan,) * 4
# Page 1: "a😀b 中文\n" on one printed line (the space and the line break were added, no box);
# page 2: "x" then "y" on the line below. The emoji is one code point and one box.
TEXT = "a😀b 中文\nxy"
BOXES = [
    (10, 10, 15, 20),
    (15, 10, 27, 20),
    (27, 10, 32, 20),
    NONE,
    (40, 10, 50, 20),
    (50, 10, 60, 20),
    NONE,
    (10, 10, 15, 20),
    (10, 30, 15, 40),
]
STARTS = (0, 7)


def positions() -> PagePositions:
    flat = array("f", [value for box in BOXES for value in box])
    return PagePositions.from_boxes(STARTS, flat, [(100.0, 100.0), (100.0, 100.0)])


def test_a_character_outside_the_basic_plane_is_one_offset_with_one_box() -> None:
    places = positions()
    assert places.length == len(TEXT)
    assert places.caret_at(0, 20.0, 15.0) == 1  # left half of the emoji: before it
    assert places.caret_at(0, 22.0, 15.0) == 2  # right half: after it
    assert TEXT[1:2] == "😀"
    assert places.span_boxes(1, 2) == [(0, (15.0, 10.0, 27.0, 20.0))]


def test_chinese_characters_are_hit_one_by_one() -> None:
    places = positions()
    start, end = places.caret_at(0, 41.0, 12.0), places.caret_at(0, 58.0, 18.0)
    assert TEXT[start:end] == "中文"
    assert places.caret_at(0, 54.0, 15.0) == 5
    assert TEXT[places.caret_at(0, 54.0, 15.0)] == "文"


def test_a_printed_line_is_one_box_even_across_added_characters() -> None:
    places = positions()
    assert places.span_boxes(0, 6) == [(0, (10.0, 10.0, 60.0, 20.0))]
    assert places.span_boxes(2, 5) == [(0, (27.0, 10.0, 50.0, 20.0))]
    assert places.span_boxes(3, 4) == []  # only the added space: nothing to draw


def test_a_span_over_a_page_break_has_a_box_on_each_page_and_line() -> None:
    places = positions()
    assert places.span_boxes(4, 9) == [
        (0, (40.0, 10.0, 60.0, 20.0)),
        (1, (10.0, 10.0, 15.0, 20.0)),
        (1, (10.0, 30.0, 15.0, 40.0)),
    ]
    assert [places.page_of(offset) for offset in range(len(TEXT) + 1)] == [0] * 7 + [1] * 3


def test_a_point_beside_or_between_lines_means_the_nearest_line_end() -> None:
    places = positions()
    assert places.caret_at(0, 90.0, 15.0) == 6  # right of the line: after 文
    assert places.caret_at(0, 0.0, 15.0) == 0  # left of it: before a
    assert places.caret_at(0, 30.0, 90.0) == places.caret_at(0, 30.0, 15.0)  # far below the only line
    assert places.caret_at(1, 12.0, 22.0) == 7  # nearer the first line of page 2
    assert places.caret_at(1, 14.0, 36.0) == 9  # right half of y: the text's end


def test_pages_are_read_when_first_needed_and_only_some_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import coder.domain.pdf_positions as module

    monkeypatch.setattr(module, "CACHED_PAGES", 2)
    loaded: list[int] = []

    def load(page: int) -> array:
        loaded.append(page)
        return array("f", [10.0 * page, 0.0, 10.0 * page + 5, 10.0])

    places = PagePositions(4, (0, 1, 2, 3), [(100.0, 100.0)] * 4, load)
    assert loaded == []
    assert places.span_boxes(2, 3) == [(2, (20.0, 0.0, 25.0, 10.0))]
    assert loaded == [2]
    places.box(0), places.box(1), places.box(2)
    assert loaded == [2, 0, 1, 2]  # page 2 was dropped to keep two pages


def test_boxes_that_do_not_fit_the_page_text_are_refused() -> None:
    places = PagePositions(3, (0,), [(100.0, 100.0)], lambda _page: array("f", [0.0] * 8))
    with pytest.raises(ValueError, match="2 boxes for 3 characters"):
        places.lines(0)


def test_a_pdf_source_without_a_recorded_extraction_was_read_line_for_line() -> None:
    assert extraction_of("pdf", "") == EXTRACTION_LINES
    assert extraction_of("pdf", EXTRACTION_READING) == EXTRACTION_READING
    assert extraction_of("txt", "") == ""
