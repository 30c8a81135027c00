"""Undo and redo of codings and codebook edits, across sources, checked in the project file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from workspace_support import EMOJI_TEXT, Demo, FakeDialogs, select_span

from coder.services import codebook, codings
from coder.ui.models.source_list_model import COL_CODINGS


def source_count(window: Any, source_id: str) -> str:
    model = window.sources.model
    return model.data(model.index(model.row_of(source_id), COL_CODINGS))


def test_undo_a_coding_of_another_source_while_viewing_this_one(qtbot: Any, window: Any, demo: Demo) -> None:
    view = window.document
    start = EMOJI_TEXT.index("Officials")
    select_span(qtbot, view, start, start + len("Officials"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    [made] = codings.list_codings(demo.project)
    assert source_count(window, demo.first) == "1"

    window.sources.choose(demo.second)
    assert view.source.id == demo.second
    window.undo_action.trigger()
    assert codings.list_codings(demo.project) == []
    assert source_count(window, demo.first) == "0"
    assert window.undo_action.isEnabled() is False

    window.redo_action.trigger()
    [again] = codings.list_codings(demo.project)
    assert again == made  # same id, span, times: the identical row
    assert source_count(window, demo.first) == "1"

    window.sources.choose(demo.first)
    assert [c.id for c in view.index.by_id.values()] == [made.id]
    view.setFocus()  # the shortcuts work while reading the document
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert codings.list_codings(demo.project) == [] and len(view.index) == 0
    assert view.highlights() == []
    qtbot.keyClick(
        view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert codings.list_codings(demo.project) == [made] and len(view.index) == 1


def test_undo_of_removing_and_recoding(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    view = window.document
    select_span(qtbot, view, 0, 7)
    qtbot.keyClick(view, Qt.Key.Key_3)  # Gamma (default keys: Alpha, Beta child, Gamma)
    [made] = codings.list_codings(demo.project)
    view.choose_coding(made.id)
    fake_dialogs.code = demo.codes["Alpha"]
    window.coding.change_code.trigger()
    window.coding.remove.trigger()
    assert codings.list_codings(demo.project) == []
    stack = window.session.undo_stack
    stack.undo()
    assert [c.code_id for c in codings.list_codings(demo.project)] == [demo.codes["Alpha"]]
    stack.undo()
    [back] = codings.list_codings(demo.project)
    assert back.code_id == demo.codes["Gamma"] and back.memo == made.memo
    assert [s.label for s in view.margin.stripes()] == ["Gamma"]
    stack.redo()
    stack.redo()
    assert codings.list_codings(demo.project) == []


def test_undo_of_codebook_edits(window: Any, demo: Demo, fake_dialogs: FakeDialogs) -> None:
    panel = window.codebook
    panel.choose(demo.codes["Gamma"])
    fake_dialogs.texts = ["Gamma rays"]
    panel.rename_code()
    fake_dialogs.colour = "#123456"
    panel.recolour_code()
    book = codebook.get_codebook(demo.project)
    assert (book.by_id[demo.codes["Gamma"]].name, book.by_id[demo.codes["Gamma"]].colour) == (
        "Gamma rays",
        "#123456",
    )
    assert window.undo_action.text() == "Undo Recolour “Gamma rays”"
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert codebook.get_codebook(demo.project).by_id[demo.codes["Gamma"]].name == "Gamma"
    window.redo_action.trigger()
    assert codebook.get_codebook(demo.project).by_id[demo.codes["Gamma"]].name == "Gamma rays"
    assert panel.model.data(panel.model.index_of(demo.codes["Gamma"])) == "Gamma rays"


def test_a_failing_command_is_reported_and_dropped(
    window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    panel = window.codebook
    panel.choose(demo.codes["Gamma"])
    fake_dialogs.texts = ["Alpha"]  # a sibling already has that name
    panel.rename_code()
    assert fake_dialogs.errors == ["There is already a code named 'Alpha' at that place in the codebook"]
    assert window.session.undo_stack.count() == 0
    assert codebook.get_codebook(demo.project).by_id[demo.codes["Gamma"]].name == "Gamma"
