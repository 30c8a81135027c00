"""Qt positions (UTF-16 units) against model offsets (code points)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtWidgets import QPlainTextEdit

from coder.ui.text_positions import TextPositions


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def test_plain_text_takes_the_fast_path() -> None:
    positions = TextPositions("no astral characters here, only é and ß")
    assert positions.simple
    assert positions.to_qt(10) == 10
    assert positions.to_model(10) == 10


def test_each_astral_character_shifts_later_positions_by_one() -> None:
    text = "a😀b𝄞c"
    positions = TextPositions(text)
    assert not positions.simple
    assert [positions.to_qt(i) for i in range(len(text) + 1)] == [0, 1, 3, 4, 6, 7]
    assert [positions.to_model(q) for q in (0, 1, 3, 4, 6, 7)] == [0, 1, 2, 3, 4, 5]
    assert positions.qt_length == utf16_length(text) == 7


def test_a_position_inside_a_surrogate_pair_means_the_whole_character() -> None:
    positions = TextPositions("a😀b")
    assert positions.to_model(2) == 1  # between the two halves of the emoji
    assert positions.span_to_model(1, 2) == (1, 2)  # a selection ending mid-pair keeps the emoji


@given(st.text(alphabet=st.sampled_from(["a", "é", "\n", "😀", "𝄞", "中", "\U0010fffd"]), max_size=60))
def test_conversion_matches_utf16_and_round_trips(text: str) -> None:
    positions = TextPositions(text)
    for index in range(len(text) + 1):
        qt = positions.to_qt(index)
        assert qt == utf16_length(text[:index])
        assert positions.to_model(qt) == index


def test_qt_counts_as_the_class_says(qtbot: Any) -> None:
    text = "Patrols 🚢 began, 𝄞 followed.\nNext line 😀."
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText(text)
    positions = TextPositions(text)
    assert edit.document().characterCount() - 1 == positions.qt_length
    cursor = edit.textCursor()
    start = text.index("began")
    cursor.setPosition(positions.to_qt(start))
    cursor.setPosition(positions.to_qt(start + 5), cursor.MoveMode.KeepAnchor)
    assert cursor.selectedText() == "began"
