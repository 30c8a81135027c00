"""Names and memos from a project are shown as the text they are, never as HTML (integrity item 9).

A name from a .qdpx such as ``<h1>x</h1><img src="file:///etc/passwd">`` rendered a heading and
loaded a local image wherever Qt guessed rich text: labels, the status bar, tooltips, messages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox
from workspace_support import REAL_DIALOGS, FakeDialogs, select_span, store_sources

from coder.domain.model import ImportedText
from coder.ui import dialogs
from coder.ui.models.code_list_model import CodeListModel
from coder.ui.models.segment_table_model import COL_TEXT
from coder.ui.models.source_list_model import COL_NAME
from coder.ui.views.quick_code_palette import tree_order

HOSTILE = '<h1>x</h1><img src="file:///etc/passwd">'
CODE = "<h2>x<img src=x> & co"  # a code's name cannot hold "/"
MEMO = "<b>bold?</b> <a href='file:///etc/passwd'>link</a>"


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt displays for ``text``: rich text is rendered to its plain characters."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel, raw: str) -> bool:
    return raw in shown(label.text(), label.textFormat())


@pytest.fixture
def hostile(qtbot: Any, window: Any, fake_dialogs: FakeDialogs) -> Any:
    session = window.session
    [source] = store_sources(session, [ImportedText(name=HOSTILE, format="txt", text="Some text to code.\n")])
    code = session.add_code(CODE, None, code_id="hostile-code")
    session.set_coder(HOSTILE)
    window.sources.choose(source.id)
    select_span(qtbot, window.document, 0, 4)
    fake_dialogs.code = code.id
    window.coding.quick_code.trigger()
    [coding] = [c for c in window.document.index.by_id.values()]
    session.update_coding(coding.id, memo=MEMO)
    return source, code, coding


def test_labels_and_the_status_bar_show_names_as_text(window: Any, hostile: Any) -> None:
    assert label_shows(window._status, CODE)  # "Coded with “…”"
    assert label_shows(window.document_title, HOSTILE)
    assert label_shows(window._coder_status, HOSTILE)
    window.codebook.choose("hostile-code")
    assert label_shows(window.details.title, CODE)
    assert label_shows(window.segments.title, CODE)
    window.document.choose_coding(hostile[2].id)
    assert label_shows(window._status, CODE) and label_shows(window._status, HOSTILE)


def test_tooltips_show_names_and_memos_as_text(window: Any, hostile: Any) -> None:
    source, code, coding = hostile
    sources = window.sources.model
    tip = sources.index(sources.row_of(source.id), COL_NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert HOSTILE in shown(tip)
    window.codebook.choose(code.id)
    segments = window.segments.model
    tip = segments.index(0, COL_TEXT).data(Qt.ItemDataRole.ToolTipRole)
    assert MEMO in shown(tip) and HOSTILE in shown(tip)
    assert HOSTILE in shown(window.document.describe([window.document.index.by_id[coding.id]]))
    window.session.update_code(replace(window.session.codebook.by_id[code.id], definition=MEMO))
    book = window.session.codebook
    palette = CodeListModel(book, tree_order(book))
    row = tree_order(book).index(code.id)
    assert MEMO in shown(palette.index(row, 0).data(Qt.ItemDataRole.ToolTipRole))
    undo_tip = window.undo.undo_button.toolTip()
    assert CODE in shown(undo_tip)


def test_message_boxes_and_questions_show_names_as_text(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("show_error", "show_info", "confirm", "ask_text"):
        monkeypatch.setattr(dialogs, name, REAL_DIALOGS[name])
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        try:
            if isinstance(box, QMessageBox):
                seen.append(shown(box.text(), box.textFormat()))
            elif isinstance(box, QInputDialog):
                label = box.findChild(QLabel)
                seen.append(shown(label.text(), label.textFormat()))
        finally:
            box.reject()

    for ask in (
        lambda: dialogs.show_error(window, f"{HOSTILE} cannot be imported"),
        lambda: dialogs.show_info(window, "Brought in", f"sources: {HOSTILE}"),
        lambda: dialogs.confirm(window, "Delete source", f"Delete the source “{HOSTILE}”?"),
        lambda: dialogs.ask_text(window, "New code", f"Name of the new code inside “{CODE}”:"),
    ):
        QTimer.singleShot(0, read_and_close)
        ask()
    assert len(seen) == 4 and all(HOSTILE in text or CODE in text for text in seen)


def test_the_comparison_walk_names_coders_as_text(qtbot: Any) -> None:
    from coder.analysis.agreement_model import Passage
    from coder.ui.agreement.comparison_view import ComparisonView

    view = ComparisonView()
    qtbot.addWidget(view)
    coders = [HOSTILE, "B"]
    view.show_comparison(
        "title", "abcdef", coders, {HOSTILE: [(0, 3)], "B": []}, [Passage(0, 3, frozenset({HOSTILE}))]
    )
    view.go_next()
    assert label_shows(view.position_label, HOSTILE)
    assert HOSTILE in shown(view.legend.text(), view.legend.textFormat())
