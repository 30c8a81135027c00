"""Retrieving a code's segments across sources, jumping to them, and finding text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from workspace_support import EMOJI_TEXT, OTHER_TEXT, Demo

from coder.ui.models.segment_table_model import COL_CODER, COL_SOURCE, COL_TEXT, with_context


def test_choosing_a_code_lists_its_segments_and_double_click_jumps(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    session = window.session
    start = OTHER_TEXT.index("sanctions")
    session.add_coding(demo.second, demo.codes["Beta child"], start, start + 9, coding_id="in-second")
    first = EMOJI_TEXT.index("drills")
    session.add_coding(demo.first, demo.codes["Beta"], first, first + 6, coding_id="in-first")
    window.codebook.choose(demo.codes["Beta"])
    model = window.segments.model
    assert model.rowCount() == 2  # Beta and its sub-code, across both sources
    rows = {model.data(model.index(r, COL_SOURCE)): r for r in range(2)}
    assert set(rows) == {"a-first.txt", "b-second.txt"}
    row = rows["b-second.txt"]
    assert "sanctions" in model.data(model.index(row, COL_TEXT))
    assert model.data(model.index(row, COL_CODER)) == "Alice"
    assert "2 segments" in window.segments.title.text()
    window.segments.include_children.setChecked(False)
    assert model.rowCount() == 1
    window.segments.include_children.setChecked(True)

    assert window.document.source.id == demo.first
    table = window.segments.table
    point = table.visualRect(model.index(rows["b-second.txt"], COL_TEXT)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    view = window.document
    assert view.source.id == demo.second
    assert window.sources.current_source_id() == demo.second
    assert view.selected_span() == (start, start + 9)
    assert view.textCursor().selectedText() == "sanctions"
    assert view.chosen_coding_id == "in-second"


def test_segments_follow_changes(window: Any, demo: Demo) -> None:
    window.codebook.choose(demo.codes["Alpha"])
    assert window.segments.model.rowCount() == 0
    window.session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="x")
    assert window.segments.model.rowCount() == 1
    window.session.undo_stack.clear()
    window.session.remove_codings(["x"])
    assert window.segments.model.rowCount() == 0


def test_context_is_flattened_and_marked() -> None:
    text = "a" * 100 + "\nCODED part\n" + "b" * 100
    start = text.index("CODED")
    before, middle, after = with_context(text, start, start + len("CODED part"))
    assert middle == "CODED part"
    assert before.startswith("…") and before.endswith(" ") and "\n" not in before
    assert after.endswith("…") and len(after) < 70


def test_find_next_previous_case_and_regex(qtbot: Any, window: Any) -> None:
    view, bar = window.document, window.search
    assert not bar.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "the")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    first = view.textCursor().selectionStart()
    assert view.textCursor().selectedText().lower() == "the"
    assert bar.find_next()
    second = view.textCursor().selectionStart()
    assert second > first
    assert bar.find_previous()
    assert view.textCursor().selectionStart() == first
    bar.case.setChecked(True)
    bar.field.setText("The")
    assert not bar.find_next() and bar.status.text() == "No match"
    bar.case.setChecked(False)
    bar.regex.setChecked(True)
    bar.field.setText(r"\d{4}")
    assert bar.find_next()
    assert view.textCursor().selectedText() == "2019"
    # After the emoji, the match's model span is right too.
    assert view.selected_span() == (EMOJI_TEXT.index("2019"), EMOJI_TEXT.index("2019") + 4)
    bar.field.setText("(")
    assert not bar.find_next() and bar.status.text() == "Invalid expression"
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert not bar.isVisible()
