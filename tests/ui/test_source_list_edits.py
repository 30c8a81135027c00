"""Renaming and deleting sources, undoably; telling long similar names apart (issue 8, item 13)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from workspace_support import Demo, FakeDialogs, store_sources

from coder.domain.model import ImportedText
from coder.services import codings, sources
from coder.ui.models.source_list_model import COL_NAME


def names(demo: Demo) -> list[str]:
    return [s.name for s in sources.list_sources(demo.project)]


def test_f2_renames_the_chosen_source_and_undo_renames_it_back(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    window.sources.list.setFocus()
    fake_dialogs.texts = ["Interview 1.txt"]
    qtbot.keyClick(window.sources.list, Qt.Key.Key_F2)
    assert names(demo) == ["Interview 1.txt", "b-second.txt"]
    assert window.document.source.name == "Interview 1.txt"
    assert "Interview 1.txt" in window.document_title.text()
    assert sources.source_text(demo.project, demo.first).startswith("Opening line")  # the text stays
    window.undo_action.trigger()
    assert names(demo) == ["a-first.txt", "b-second.txt"]
    assert window.document.source.name == "a-first.txt"


def test_delete_says_how_many_codings_go_and_undo_brings_everything_back(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    session = window.session
    session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="mine")
    session.set_coder("Bob")  # another coder's coding goes too
    session.add_coding(demo.first, demo.codes["Gamma"], 8, 12, coding_id="bobs")
    session.set_coder("Alice")
    before = codings.list_codings(demo.project)
    window.sources.choose(demo.first)
    window.sources.list.setFocus()
    qtbot.keyClick(window.sources.list, Qt.Key.Key_Delete)
    [asked] = fake_dialogs.confirmations
    assert "“a-first.txt”" in asked and "2 codings by all coders go with it" in asked
    assert names(demo) == ["b-second.txt"] and codings.list_codings(demo.project) == []
    assert window.document.source.id == demo.second  # another source opens
    window.undo_action.trigger()
    assert names(demo) == ["a-first.txt", "b-second.txt"]
    assert codings.list_codings(demo.project) == before
    window.sources.choose(demo.first)
    assert [c.id for c in window.document.index.by_id.values()] == ["mine"]  # blind: Alice's only

    fake_dialogs.confirm_answer = False  # saying no deletes nothing
    window.sources.delete_action.trigger()
    assert names(demo) == ["a-first.txt", "b-second.txt"]


def test_long_names_with_one_beginning_stay_distinguishable(window: Any, demo: Demo) -> None:
    stem = "you-wu-2024-sino-russian-military-cooperation"
    store_sources(
        window.session,
        [
            ImportedText(name=f"{stem}.{ext}", format=ext, text=f"Text as {ext}.")
            for ext in ("docx", "md", "pdf")
        ],
    )
    view, model = window.sources.list, window.sources.model
    metrics = QFontMetrics(view.font())
    width = view.columnWidth(COL_NAME) - 8  # room for the text in the name column
    rows = [model.row_of(s.id) for s in window.session.sources if s.name.startswith(stem)]
    shown = {metrics.elidedText(model.index(r, COL_NAME).data(), view.textElideMode(), width) for r in rows}
    assert len(shown) == 3  # the endings (.docx, .md, .pdf) stay visible
    for row in rows:
        name = model.index(row, COL_NAME).data()
        assert name in model.index(row, COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
