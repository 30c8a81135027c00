"""Undo as researchers see it: labels with '&', long code names, the status bar (issue 8, item 9)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar, QToolButton
from workspace_support import Demo, FakeDialogs, select_span

LONG_NAME = "Perceptions of " + "very " * 20 + "long-term strategic hedging between the partners"


def code_with(qtbot: Any, window: Any, fake_dialogs: FakeDialogs, code_id: str, start: int = 0) -> None:
    select_span(qtbot, window.document, start, start + 7)
    fake_dialogs.code = code_id
    qtbot.keyClick(window.document, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)


def test_an_ampersand_shows_in_the_undo_label(qtbot: Any, window: Any, fake_dialogs: FakeDialogs) -> None:
    code = window.session.add_code("Arms & tech", None, code_id="arms")
    code_with(qtbot, window, fake_dialogs, code.id)
    # What a menu shows: the action's text with Qt's mnemonic markers taken out.
    assert window.undo_action.iconText() == "Undo Code with “Arms & tech”"
    window.undo_action.trigger()
    assert window.redo_action.iconText() == "Redo Code with “Arms & tech”"


def test_a_long_code_name_keeps_the_tool_bar_whole(
    qtbot: Any, window: Any, fake_dialogs: FakeDialogs
) -> None:
    code = window.session.add_code(LONG_NAME, None, code_id="long")
    code_with(qtbot, window, fake_dialogs, code.id)
    assert len(window.undo_action.text()) < 60  # the menu entry is shortened
    toolbar = window.findChild(QToolBar, "main_toolbar")
    qtbot.wait(1)
    extension = toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()  # nothing pushed into an overflow menu
    assert window.coder_bar.isVisible() and window.coder_bar.visibleRegion().boundingRect().width() > 0
    button = toolbar.widgetForAction(window.undo.undo_button)
    assert button.text() == "Undo" and LONG_NAME in button.toolTip()


def test_the_status_bar_follows_undo_and_redo(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    code_with(qtbot, window, fake_dialogs, demo.codes["Gamma"])
    assert "Ctrl+Z undoes it" in window._status.text()
    window.document.setFocus()
    qtbot.keyClick(window.document, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Ctrl+Z undoes it" not in window._status.text()
    assert window._status.text().startswith("Undone: Code with “Gamma”")
    window.redo_action.trigger()
    assert window._status.text() == "Redone: Code with “Gamma”."
