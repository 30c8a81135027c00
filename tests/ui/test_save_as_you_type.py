"""Typed text is saved as it is typed, so killing the app loses at most a short pause (issue 8, item 4)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from workspace_support import REAL_DIALOGS, Demo

from coder.services import codebook, codings
from coder.ui import dialogs


def stored_definition(demo: Demo, name: str) -> str:
    return codebook.get_codebook(demo.project).by_id[demo.codes[name]].definition


def test_a_definition_is_saved_while_the_field_keeps_the_focus(qtbot: Any, window: Any, demo: Demo) -> None:
    window.codebook.choose(demo.codes["Alpha"])
    field = window.details.fields["definition"]
    field.setFocus()
    qtbot.keyClicks(field, "Fear of being dragged")
    # The save is already on its way: due in well under a second after the last key stroke.
    waiting = [t for t in window.details.findChildren(QTimer) if t.isActive()]
    assert waiting and all(0 <= t.remainingTime() < 1000 for t in waiting)
    qtbot.waitUntil(lambda: stored_definition(demo, "Alpha") == "Fear of being dragged", timeout=5000)
    assert field.hasFocus()  # saved without leaving the field
    # Further typing is the same undo step.
    qtbot.keyClicks(field, " in")
    qtbot.waitUntil(lambda: stored_definition(demo, "Alpha") == "Fear of being dragged in", timeout=5000)
    window.undo_action.trigger()
    assert stored_definition(demo, "Alpha") == ""


def test_another_change_while_typing_does_not_put_the_old_text_back(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    window.codebook.choose(demo.codes["Beta"])
    field = window.details.fields["example"]
    field.setFocus()
    qtbot.keyClicks(field, "Joint patrols near Japan")
    # A coding made meanwhile (here: by the session, as another panel would) refreshes the pane.
    window.session.add_coding(demo.first, demo.codes["Beta"], 0, 7, coding_id="meanwhile")
    assert field.toPlainText() == "Joint patrols near Japan"
    qtbot.waitUntil(
        lambda: (
            codebook.get_codebook(demo.project).by_id[demo.codes["Beta"]].example
            == "Joint patrols near Japan"
        ),
        timeout=5000,
    )


def test_a_memo_is_saved_while_its_dialog_is_open(
    qtbot: Any, window: Any, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "ask_memo", REAL_DIALOGS["ask_memo"])
    window.session.add_coding(demo.first, demo.codes["Gamma"], 0, 7, coding_id="c1")
    window.session.undo_stack.clear()
    window.document.choose_coding("c1")
    seen: dict[str, object] = {}

    def stored_memo() -> str:
        return next(c.memo for c in codings.list_codings(demo.project) if c.id == "c1")

    def type_then_cancel() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            qtbot.keyClicks(dialog.findChild(QPlainTextEdit), "Contested reading")
            qtbot.waitUntil(lambda: stored_memo() == "Contested reading", timeout=5000)
            seen["saved while open"] = dialog.isVisible()
        finally:
            dialog.reject()

    QTimer.singleShot(0, type_then_cancel)
    window.coding.edit_memo.trigger()
    assert seen == {"saved while open": True}
    assert stored_memo() == ""  # Cancel put the memo back
    assert not window.undo_action.isEnabled()  # and left nothing to undo

    def type_then_accept() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            qtbot.keyClicks(dialog.findChild(QPlainTextEdit), "Second look")
            qtbot.waitUntil(lambda: stored_memo() == "Second look", timeout=5000)
            qtbot.keyClicks(dialog.findChild(QPlainTextEdit), "!")
        finally:
            dialog.accept()  # OK saves what the pause has not saved yet

    QTimer.singleShot(0, type_then_accept)
    window.coding.edit_memo.trigger()
    assert stored_memo() == "Second look!"
    window.undo_action.trigger()  # one step for the whole editing
    assert stored_memo() == ""


def test_switching_coder_saves_what_is_still_waiting_for_the_pause(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    window.codebook.choose(demo.codes["Gamma"])
    field = window.details.fields["when_to_use"]
    field.setFocus()
    qtbot.keyClicks(field, "Only for drills")
    window.coder_bar.switch_to("Bob")  # at once, before the pause is over
    assert codebook.get_codebook(demo.project).by_id[demo.codes["Gamma"]].when_to_use == "Only for drills"
    assert not window.undo_action.isEnabled()  # Alice's edit is not Bob's to undo
