"""The comparison view: colours by who coded what, and the walk through the disagreements (with emoji)."""

from __future__ import annotations

from collections.abc import Callable

from agreement_ui_helpers import (  # noqa: F401 - the fixtures, found by pytest by name
    MEMO_A,
    MEMO_B,
    PARTY,
    Study,
    compute_fixture,
    errors_shown_fixture,
    study_fixture,
    utf16,
    window_fixture,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from pytestqt.qtbot import QtBot

from coder.ui.agreement import AgreementWindow
from coder.ui.agreement.comparison_view import ComparisonView
from coder.ui.agreement.passage_colours import BOTH, FIRST_ONLY, SECOND_ONLY, PassageColours

Compute = Callable[[AgreementWindow], None]


def painted(view: ComparisonView, offset: int) -> QColor | None:
    """The background in the Qt document of the character at code-point ``offset``."""
    text = view.text.toPlainText()
    cursor = QTextCursor(view.text.document())
    cursor.setPosition(utf16(text, offset + 1))  # the format of the character just before the cursor
    brush = cursor.charFormat().background()
    return None if brush.style() == Qt.BrushStyle.NoBrush else brush.color()


def selection(view: ComparisonView) -> tuple[int, int, str]:
    cursor = view.text.textCursor()
    return cursor.selectionStart(), cursor.selectionEnd(), cursor.selectedText()


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_two_coders_three_colours_and_the_walk_through_disagreements(
    window: AgreementWindow, compute: Compute, study: Study, qtbot: QtBot
) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    compute(window)
    window.results.select_code(study.codes["Theme/Entrapment"])
    # example.txt: A and B agree on Entrapment; party.txt is the first source with disagreements.
    assert window.results.selected_source() == "party.txt"
    view = window.comparison
    assert view.text.toPlainText() == PARTY
    assert "Theme/Entrapment" in view.title.text() and "party.txt" in view.title.text()
    legend = view.legend.text()
    assert "A only" in legend and "B only" in legend and "both A and B" in legend

    assert painted(view, PARTY.index("Party")) is None  # nobody coded it
    assert painted(view, 16) == QColor(FIRST_ONLY)  # "We" : A only
    assert painted(view, 20) == QColor(BOTH)  # "argued loudly": both
    assert painted(view, 32) == QColor(SECOND_ONLY)  # ", then": B only
    assert painted(view, 45) == QColor(FIRST_ONLY)  # "we made up": A only
    assert painted(view, 39) is None  # the emoji between: nobody
    assert [view.colour_at(offset) for offset in (16, 20, 32, 2)] == [
        QColor(FIRST_ONLY),
        QColor(BOTH),
        QColor(SECOND_ONLY),
        None,
    ]
    assert len({FIRST_ONLY, SECOND_ONLY, BOTH}) == 3

    assert view.position_label.text().startswith("3 disagreements")
    assert not view.previous_button.isEnabled()
    click(qtbot, view.next_button)
    assert selection(view) == (utf16(PARTY, 16), utf16(PARTY, 19), "We ")
    assert utf16(PARTY, 16) == 18  # two emoji before the passage
    assert view.position_label.text() == "disagreement 1 of 3: coded by A only"
    assert f"A: {MEMO_A}" in view.memos.toPlainText() and MEMO_B not in view.memos.toPlainText()

    click(qtbot, view.next_button)
    assert selection(view) == (utf16(PARTY, 32), utf16(PARTY, 38), ", then")
    assert view.position_label.text() == "disagreement 2 of 3: coded by B only"
    assert view.memos.toPlainText() == f"B: {MEMO_B}"

    click(qtbot, view.next_button)
    assert selection(view) == (utf16(PARTY, 41), utf16(PARTY, 51), "we made up")
    assert (utf16(PARTY, 41), utf16(PARTY, 51)) == (44, 54)  # three emoji before it
    assert view.position_label.text() == "disagreement 3 of 3: coded by A only"
    assert view.memos.toPlainText() == "No memo on the codings at this passage."
    assert not view.next_button.isEnabled()

    click(qtbot, view.previous_button)
    assert selection(view)[:2] == (utf16(PARTY, 32), utf16(PARTY, 38))
    assert view.position_label.text() == "disagreement 2 of 3: coded by B only"


def test_more_than_two_coders_are_shown_on_a_graded_scale(
    window: AgreementWindow, compute: Compute, study: Study, qtbot: QtBot
) -> None:
    compute(window)  # A, B and C
    window.results.select_code(study.codes["Theme/Entrapment"])
    window.results.select_source("party.txt")
    view = window.comparison
    scale = PassageColours(("A", "B", "C"))
    one, two, three = scale.graded(1), scale.graded(2), scale.graded(3)
    assert one.lightness() > two.lightness() > three.lightness()
    assert "1 of 3 coders" in view.legend.text() and "all 3 coders" in view.legend.text()
    assert painted(view, 16) == one  # A
    assert painted(view, 20) == two  # A and B
    assert painted(view, 27) == three  # A, B and C
    assert painted(view, 39) == one  # the emoji itself: C only
    assert painted(view, 45) == two  # A and C

    for _ in range(4):
        click(qtbot, view.next_button)
    # The fourth disagreement, C only, holds an emoji: the selection covers its two UTF-16 units.
    assert selection(view) == (utf16(PARTY, 38), utf16(PARTY, 41), " 🙂 ")
    assert utf16(PARTY, 41) - utf16(PARTY, 38) == 4
    assert view.position_label.text() == "disagreement 4 of 5: coded by C only"
    click(qtbot, view.previous_button)
    assert view.position_label.text() == "disagreement 3 of 5: coded by B and C (not A)"


def test_choosing_a_summary_row_clears_the_comparison(
    window: AgreementWindow, compute: Compute, qtbot: QtBot
) -> None:
    compute(window)
    assert window.comparison.text.toPlainText() != ""
    proxy = window.results.code_proxy
    window.results.code_view.selectRow(proxy.rowCount() - 1)  # pooled kappa
    assert window.comparison.text.toPlainText() == ""
    assert window.results.source_model.rowCount() == 0


def test_switching_code_leaves_uncoded_text_uncoloured(qtbot: QtBot) -> None:
    """Issue 8, item 8: the second comparison showed uncoded text in the first one's colour."""
    from coder.analysis.agreement_model import Passage

    view = ComparisonView()
    qtbot.addWidget(view)
    text = "Alpha coded here. Nobody coded this part. Beta coded there.\n"
    first_end = text.index(".")
    view.show_comparison(
        "Code one",
        text,
        ["A", "B"],
        {"A": [(0, first_end)], "B": []},
        [Passage(0, first_end, frozenset({"A"}))],
    )
    view.go_next()  # the cursor now sits in A's coloured passage
    assert painted(view, 2) == QColor(FIRST_ONLY)
    start = text.index("Beta")
    view.show_comparison(
        "Code two",
        text,
        ["A", "B"],
        {"A": [], "B": [(start, start + 4)]},
        [Passage(start, start + 4, frozenset({"B"}))],
    )
    assert painted(view, 2) is None  # uncoded under code two
    assert painted(view, text.index("Nobody")) is None
    assert painted(view, start + 1) == QColor(SECOND_ONLY)
    view.clear()
    view.show_comparison("Code three", text, ["A", "B"], {"A": [], "B": []}, [])
    assert all(painted(view, offset) is None for offset in range(len(text) - 1))
