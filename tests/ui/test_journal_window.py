"""The journal window: dated entries, newest first; add, edit as you type, delete; all undoable."""

from __future__ import annotations

from typing import Any

from workspace_support import Demo

from coder.services import coders, memos


def entries(demo: Demo) -> list[tuple[str, str]]:
    return [(entry.title, entry.text) for entry in memos.journal_entries(demo.project)]


def test_add_type_and_undo_an_entry(qtbot: Any, window: Any, demo: Demo) -> None:
    window.journal_action.trigger()
    journal = window.open_journal()
    qtbot.waitExposed(journal)
    stack = window.session.undo_stack
    journal.add_action.trigger()
    assert entries(demo) == [("", "")]
    assert journal.focusWidget() is journal.title
    qtbot.keyClicks(journal.title, "Codebook meeting")
    journal.text.setFocus()
    qtbot.keyClicks(journal.text, "We merged two codes.")
    qtbot.waitUntil(lambda: entries(demo) == [("Codebook meeting", "We merged two codes.")], timeout=1000)
    assert journal.focusWidget() is journal.text
    assert stack.count() == 2  # adding, then typing in the entry: one step however often it was saved
    assert "Written by Alice on" in journal.meta.text()
    stack.undo()
    assert entries(demo) == [("", "")]
    assert (journal.title.text(), journal.text.toPlainText()) == ("", "")
    stack.undo()
    assert entries(demo) == []
    stack.redo()
    stack.redo()
    assert entries(demo) == [("Codebook meeting", "We merged two codes.")]
    assert journal.text.toPlainText() == "We merged two codes."


def test_entries_are_newest_first_and_others_are_read_only(qtbot: Any, window: Any, demo: Demo) -> None:
    bob = coders.ensure_coder(demo.project, "Bob")
    alice = coders.find_coder(demo.project, "Alice")
    memos.add_journal_entry(demo.project, alice.id, "Older", "first")
    memos.add_journal_entry(demo.project, bob.id, "Newer", "<b>second</b>")
    journal = window.open_journal()
    titles = [journal.model.entry_at(row).title for row in range(journal.model.rowCount())]
    assert titles == ["Newer", "Older"]
    journal.choose_row(0)
    assert journal.text.toPlainText() == "<b>second</b>" and journal.text.isReadOnly()
    assert "Only Bob can change it" in journal.meta.text()
    assert not journal.delete_action.isEnabled()
    journal.choose_row(1)
    assert not journal.text.isReadOnly() and journal.delete_action.isEnabled()


def test_delete_is_undoable(window: Any, demo: Demo) -> None:
    alice = coders.find_coder(demo.project, "Alice")
    entry = memos.add_journal_entry(demo.project, alice.id, "Keep me", "text")
    journal = window.open_journal()
    journal.choose_entry(entry.id)
    journal.delete_action.trigger()
    assert entries(demo) == []
    assert journal.entry is None
    window.session.undo_stack.undo()
    [back] = memos.journal_entries(demo.project)
    assert back == entry
    assert journal.title.text() == "Keep me"
