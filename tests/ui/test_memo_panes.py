"""Memo panes: the source memo beside the document and the code memo beside its definition."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication
from workspace_support import Demo, FakeDialogs

from coder.domain.memos import CODE, SOURCE
from coder.services import coders, memos
from coder.ui.session import CoderFilter


def stored(demo: Demo, kind: str, target: str, coder: str = "Alice") -> str | None:
    memo = memos.get_memo(demo.project, kind, target, coders.find_coder(demo.project, coder).id)
    return None if memo is None else memo.text


def test_the_source_memo_is_saved_as_you_type(qtbot: Any, window: Any, demo: Demo) -> None:
    window.below_document.setCurrentWidget(window.source_memo)
    editor = window.source_memo.editor
    assert "a-first.txt" in window.source_memo.heading.text()
    editor.setFocus()
    qtbot.keyClicks(editor, "Patrols matter")
    # Saved within a second while the cursor stays in the field.
    qtbot.waitUntil(lambda: stored(demo, SOURCE, demo.first) == "Patrols matter", timeout=1000)
    assert QApplication.focusWidget() is editor
    editor.insertPlainText(" 🚢")  # QTest cannot type characters outside the BMP; a paste can
    qtbot.keyClicks(editor, "!")
    qtbot.waitUntil(lambda: stored(demo, SOURCE, demo.first) == "Patrols matter 🚢!", timeout=1000)
    with demo.project.read() as uow:
        assert len(uow.memos.all()) == 1  # one memo, changed in place


def test_switching_source_saves_the_memo_and_shows_the_other(qtbot: Any, window: Any, demo: Demo) -> None:
    editor = window.source_memo.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "first source memo")
    window.sources.choose(demo.second)  # before the pause has passed
    assert stored(demo, SOURCE, demo.first) == "first source memo"
    assert editor.toPlainText() == "" and "b-second.txt" in window.source_memo.heading.text()
    window.sources.choose(demo.first)
    assert editor.toPlainText() == "first source memo"


def test_the_code_memo_sits_beside_the_definition(qtbot: Any, window: Any, demo: Demo) -> None:
    window.codebook.choose(demo.codes["Beta child"])
    pane = window.details.memo
    assert pane.heading.text() == "Memo by Alice"  # the pane's title names the code
    pane.editor.setFocus()
    qtbot.keyClicks(pane.editor, "Only when the child applies")
    qtbot.waitUntil(
        lambda: stored(demo, CODE, demo.codes["Beta child"]) == "Only when the child applies", timeout=1000
    )
    window.codebook.choose(demo.codes["Alpha"])
    assert pane.editor.toPlainText() == ""
    window.codebook.choose(demo.codes["Beta child"])
    assert pane.editor.toPlainText() == "Only when the child applies"


def test_other_coders_memos_show_read_only_when_all_coders_are_shown(window: Any, demo: Demo) -> None:
    bob = coders.ensure_coder(demo.project, "Bob")
    memos.set_memo(demo.project, SOURCE, demo.first, bob.id, "<b>Bob</b> thinks otherwise", 0)
    pane = window.source_memo
    window.session.set_filter(CoderFilter.MINE)
    assert pane.others.isHidden() and "Bob" not in pane.others.toPlainText()  # blind coding
    window.session.set_filter(CoderFilter.ALL)
    assert not pane.others.isHidden() and pane.others.isReadOnly()
    assert "<b>Bob</b> thinks otherwise" in pane.others.toPlainText()  # plain text, as written
    assert pane.others.toPlainText().startswith("Bob — ")
    assert pane.editor.toPlainText() == ""  # Alice's own memo is still hers alone


def test_a_memo_changed_elsewhere_is_not_overwritten(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    pane = window.source_memo
    alice = window.session.coder.id
    pane.editor.setFocus()
    qtbot.keyClicks(pane.editor, "v1")
    qtbot.waitUntil(lambda: stored(demo, SOURCE, demo.first) == "v1", timeout=1000)
    demo.project.actor = "Alice on her laptop"  # another window writes first
    memos.set_memo(demo.project, SOURCE, demo.first, alice, "from the laptop", pane.version)
    demo.project.actor = ""
    qtbot.keyClicks(pane.editor, " and more")
    qtbot.waitUntil(lambda: bool(fake_dialogs.errors), timeout=1000)
    assert "changed by Alice on her laptop after you opened it" in fake_dialogs.errors[-1]
    assert stored(demo, SOURCE, demo.first) == "from the laptop"
    assert pane.editor.toPlainText() == "from the laptop"  # the stored version is shown


def test_switching_coder_keeps_what_the_previous_coder_typed(qtbot: Any, window: Any, demo: Demo) -> None:
    pane = window.source_memo
    pane.editor.setFocus()
    qtbot.keyClicks(pane.editor, "Alice's memo")
    window.session.set_coder("Bob")  # before the pause has passed
    assert stored(demo, SOURCE, demo.first, "Alice") == "Alice's memo"
    assert stored(demo, SOURCE, demo.first, "Bob") is None
    assert pane.editor.toPlainText() == "" and "Memo by Bob" in pane.heading.text()
