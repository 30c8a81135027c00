"""Editing the codebook in the tree and the details pane."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from workspace_support import Demo, FakeDialogs, drop

from coder.services import codebook, codings
from coder.ui.models.codebook_tree_model import CODE_MIME


def book(demo: Demo) -> Any:
    return codebook.get_codebook(demo.project)


def test_add_top_level_and_child_codes(window: Any, demo: Demo, fake_dialogs: FakeDialogs) -> None:
    panel = window.codebook
    fake_dialogs.texts = ["Delta"]
    panel.add_code(None)
    delta = book(demo).resolve("Delta")
    assert delta.parent_id is None and panel.current_code_id() == delta.id
    fake_dialogs.texts = ["Delta child"]
    panel.add_child_code()
    child = book(demo).resolve("Delta child")
    assert child.parent_id == delta.id
    assert fake_dialogs.text_prompts[-1] == "Name of the new code inside “Delta”:"
    assert panel.tree.isExpanded(panel.model.index_of(delta.id))
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert book(demo).by_path(("Delta",)) is None
    window.session.undo_stack.redo()
    assert book(demo).by_id[delta.id] == delta  # the same code comes back


def test_rename_in_place_with_f2(qtbot: Any, window: Any, demo: Demo) -> None:
    panel = window.codebook
    panel.choose(demo.codes["Alpha"])
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Alpha prime")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: book(demo).by_id[demo.codes["Alpha"]].name == "Alpha prime")
    assert window.codebook.model.data(window.codebook.model.index_of(demo.codes["Alpha"])) == "Alpha prime"


def test_move_by_drag_and_drop(window: Any, demo: Demo) -> None:
    model = window.codebook.model
    mime = QMimeData()
    mime.setData(CODE_MIME, json.dumps([demo.codes["Gamma"]]).encode())
    # Dropped onto Beta: Gamma becomes Beta's last child.
    assert model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, 0, model.index_of(demo.codes["Beta"]))
    assert model.rowCount(model.index_of(demo.codes["Beta"])) == 2
    gamma = book(demo).by_id[demo.codes["Gamma"]]
    assert gamma.parent_id == demo.codes["Beta"]
    assert [c.name for c in book(demo).children(demo.codes["Beta"])] == ["Beta child", "Gamma"]
    # Dropped between the top-level codes, before Alpha: first at the top.
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert [c.name for c in book(demo).children(None)] == ["Gamma", "Alpha", "Beta"]
    assert [c.name for c in window.codebook.model.tree_order()][:2] == ["Gamma", "Alpha"]
    window.session.undo_stack.undo()
    window.session.undo_stack.undo()
    assert [c.name for c in book(demo).children(None)] == ["Alpha", "Beta", "Gamma"]


def test_dragging_a_code_in_the_tree_view(window: Any, demo: Demo) -> None:
    tree, model = window.codebook.tree, window.codebook.model
    mime = model.mimeData([model.index_of(demo.codes["Alpha"])])
    target = tree.visualRect(model.index_of(demo.codes["Gamma"])).center()
    assert drop(tree.viewport(), target, mime, Qt.DropAction.MoveAction)
    assert book(demo).by_id[demo.codes["Alpha"]].parent_id == demo.codes["Gamma"]
    assert model.parent(model.index_of(demo.codes["Alpha"])) == model.index_of(demo.codes["Gamma"])


def test_a_code_cannot_move_into_its_own_child(window: Any, demo: Demo, fake_dialogs: FakeDialogs) -> None:
    window.codebook.move_code(demo.codes["Beta"], demo.codes["Beta child"], -1)
    assert fake_dialogs.errors == ["“Beta” cannot be moved inside itself."]
    assert book(demo).by_id[demo.codes["Beta"]].parent_id is None


def test_merge_moves_the_codings(window: Any, demo: Demo, fake_dialogs: FakeDialogs) -> None:
    session = window.session
    coding = session.add_coding(demo.first, demo.codes["Gamma"], 0, 7, coding_id="c-1")
    window.codebook.choose(demo.codes["Gamma"])
    fake_dialogs.code = demo.codes["Alpha"]
    window.codebook.merge_code()
    assert fake_dialogs.code_titles == ["Merge “Gamma” into…"]
    assert book(demo).by_path(("Gamma",)) is None
    assert [c.code_id for c in codings.list_codings(demo.project)] == [demo.codes["Alpha"]]
    assert [s.label for s in window.document.margin.stripes()] == ["Alpha"]
    session.undo_stack.undo()
    assert codings.list_codings(demo.project)[0].code_id == coding.code_id
    assert [s.label for s in window.document.margin.stripes()] == ["Gamma"]


def test_delete_asks_with_the_number_of_codings(window: Any, demo: Demo, fake_dialogs: FakeDialogs) -> None:
    session = window.session
    session.add_coding(demo.first, demo.codes["Beta"], 0, 7, coding_id="c-1")
    session.add_coding(demo.second, demo.codes["Beta child"], 0, 3, coding_id="c-2")
    window.codebook.choose(demo.codes["Beta"])
    fake_dialogs.confirm_answer = False
    window.codebook.delete_code()
    assert fake_dialogs.confirmations == [
        "Delete “Beta” and its 1 sub-code? This removes 2 codings by all coders. You can undo it with Ctrl+Z."
    ]
    assert "Beta" in [c.name for c in book(demo).codes]
    fake_dialogs.confirm_answer = True
    window.codebook.delete_code()
    assert {c.name for c in book(demo).codes} == {"Alpha", "Gamma"}
    assert codings.list_codings(demo.project) == []
    assert window.document.margin.stripes() == []
    window.undo_action.trigger()
    assert {c.name for c in book(demo).codes} == {"Alpha", "Beta", "Beta child", "Gamma"}
    assert len(codings.list_codings(demo.project)) == 2


def test_details_pane_edits_are_saved_and_undoable(qtbot: Any, window: Any, demo: Demo) -> None:
    window.codebook.choose(demo.codes["Alpha"])
    details = window.details
    assert "Alpha" in details.title.text()
    field = details.fields["when_to_use"]
    field.setFocus()
    qtbot.keyClicks(field, "Passages about patrols.")
    window.codebook.tree.setFocus()  # leaving the field saves it
    assert book(demo).by_id[demo.codes["Alpha"]].when_to_use == "Passages about patrols."
    qtbot.keyClicks(details.fields["example"], "Ships sailed.")
    qtbot.waitUntil(lambda: book(demo).by_id[demo.codes["Alpha"]].example == "Ships sailed.")  # after a pause
    tooltip = window.codebook.model.data(
        window.codebook.model.index_of(demo.codes["Alpha"]), Qt.ItemDataRole.ToolTipRole
    )
    assert "Press 1" in tooltip
    window.session.undo_stack.undo()
    assert book(demo).by_id[demo.codes["Alpha"]].example == ""
    assert details.fields["example"].toPlainText() == ""
    window.session.undo_stack.undo()
    assert details.fields["when_to_use"].toPlainText() == ""
