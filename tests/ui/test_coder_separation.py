"""One coder's actions never reach into another's: undo, the view filter, recent codes (issue 8, 2–3)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from workspace_support import Demo, select_span

from coder.services import coders, codings
from coder.ui.session import CoderFilter


def names_of(demo: Demo) -> list[str]:
    by_id = {c.id: c.name for c in coders.list_coders(demo.project)}
    return sorted(by_id[c.coder_id] for c in codings.list_codings(demo.project))


def test_undo_after_switching_coder_never_removes_the_previous_coders_coding(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    view = window.document
    select_span(qtbot, view, 0, 7)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert names_of(demo) == ["Alice"] and window.undo_action.isEnabled()

    window.coder_bar.switch_to("Bob")
    assert window.undo_action.isEnabled() is False  # a fresh history for Bob
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names_of(demo) == ["Alice"]

    select_span(qtbot, view, 8, 12)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert names_of(demo) == ["Alice", "Bob"]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names_of(demo) == ["Alice"]  # Bob's own coding went, Alice's stayed
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert names_of(demo) == ["Alice"]

    window.coder_bar.switch_to("Bob")  # choosing the same coder again keeps the history
    assert window.redo_action.isEnabled()


def test_switching_coder_returns_to_blind_coding(qtbot: Any, window: Any, demo: Demo) -> None:
    view = window.document
    select_span(qtbot, view, 0, 7)
    qtbot.keyClick(view, Qt.Key.Key_1)
    window.coder_bar.filter.setCurrentIndex(1)
    window.coder_bar.filter.activated.emit(1)  # Alice looks at all coders' codings
    assert window.session.coder_filter is CoderFilter.ALL

    window.coder_bar.switch_to("Bob")
    assert window.session.coder_filter is CoderFilter.MINE
    assert window.coder_bar.filter.currentData() == CoderFilter.MINE.value
    assert "only mine" in window._coder_status.text()
    assert len(view.index) == 0 and view.highlights() == []  # Alice's coding is hidden from Bob
    assert window.settings.coder_filter == "mine"


def test_the_recent_codes_menu_belongs_to_the_coder(qtbot: Any, window: Any, demo: Demo) -> None:
    view = window.document
    select_span(qtbot, view, 0, 7)
    qtbot.keyClick(view, Qt.Key.Key_2)  # Alice codes with "Beta child"
    window.coder_bar.switch_to("Bob")
    select_span(qtbot, view, 8, 12)
    menu = QMenu()
    view.sig_menu_requested.emit(menu)
    texts = [a.text() for a in menu.actions()]
    assert not any("Beta child" in t for t in texts)
    qtbot.keyClick(view, Qt.Key.Key_1)  # Bob's own recent code is offered to Bob
    select_span(qtbot, view, 14, 18)
    menu = QMenu()
    view.sig_menu_requested.emit(menu)
    assert "Code with “Alpha”" in [a.text() for a in menu.actions()]

    window.coder_bar.switch_to("Alice")  # and Alice gets hers back
    select_span(qtbot, view, 20, 24)
    menu = QMenu()
    view.sig_menu_requested.emit(menu)
    texts = [a.text() for a in menu.actions()]
    assert "Code with “Beta child”" in texts and "Code with “Alpha”" not in texts
