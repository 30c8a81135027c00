"""Shared pieces of the workspace tests: texts, answering dialogs, and user gestures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from coder.domain.model import ImportedText, SourceInfo
from coder.services.project import Project
from coder.ui import dialogs
from coder.ui.session import Session

# A text with characters outside the Basic Multilingual Plane, so Qt and Python offsets differ.
EMOJI_TEXT = (
    "Opening line of the first source.\n"
    "Patrols 🚢 began in 2019 and 𝄞 drills followed after the emoji.\n"
    "Officials repeat that the partnership is no alliance.\n"
)
OTHER_TEXT = "The second source talks about sanctions and banks.\nA last line.\n"


# The real functions, kept before FakeDialogs replaces them, for tests that drive a real dialog.
REAL_DIALOGS = {
    name: getattr(dialogs, name, None)
    for name in (
        "ask_memo",
        "ask_export_coders",
        "ask_import_files",
        "ask_export_path",
        "show_error",
        "show_info",
        "confirm",
        "ask_text",
    )
}


@dataclass
class FakeDialogs:
    """Stands in for every modal dialog; tests set answers and read what was shown."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    confirmations: list[str] = field(default_factory=list)
    confirm_answer: bool = True
    texts: list[str | None] = field(default_factory=list)  # answers to ask_text, in order
    text_prompts: list[str] = field(default_factory=list)
    colour: str | None = None
    memo: str | None = None
    code: str | None = None  # answer of choose_code (a code id)
    code_titles: list[str] = field(default_factory=list)
    coders: list[str] | None = None
    export_coders: list[str] | None = None  # answer of ask_export_coders (coder ids); None: keep all
    export_offered: list[list[str]] = field(default_factory=list)  # coder names offered, each time
    paths: list[Path] = field(default_factory=list)
    path: Path | None = None

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(dialogs, "show_error", lambda _p, message: self.errors.append(message))
        monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, message: self.infos.append(message))
        monkeypatch.setattr(dialogs, "show_help", lambda _p, _t, html: self.infos.append(html))
        monkeypatch.setattr(dialogs, "confirm", self._confirm)
        monkeypatch.setattr(dialogs, "ask_text", self._ask_text)
        monkeypatch.setattr(dialogs, "ask_colour", lambda _p, _c: self.colour)
        monkeypatch.setattr(dialogs, "ask_memo", lambda _p, _m, _typed=None: self.memo)
        monkeypatch.setattr(dialogs, "choose_code", self._choose_code)
        monkeypatch.setattr(dialogs, "choose_coders", lambda _p, _c, _chosen: self.coders)
        monkeypatch.setattr(dialogs, "ask_export_coders", self._ask_export_coders)
        monkeypatch.setattr(dialogs, "ask_import_files", lambda _p: list(self.paths))
        monkeypatch.setattr(dialogs, "ask_open_project", lambda _p: self.path)
        monkeypatch.setattr(dialogs, "ask_new_project", lambda _p: self.path)
        monkeypatch.setattr(dialogs, "ask_copy_path", lambda _p, _name: self.path)
        monkeypatch.setattr(dialogs, "ask_export_path", lambda _p: self.path)
        monkeypatch.setattr(dialogs, "ask_open_file", lambda _p, _t, _f: self.path)
        monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, _s, _f: self.path)

    def _confirm(self, _parent: Any, _title: str, message: str, action: str = "OK") -> bool:
        self.confirmations.append(message)
        return self.confirm_answer

    def _ask_text(self, _parent: Any, _title: str, label: str, text: str = "") -> str | None:
        self.text_prompts.append(label)
        if not self.texts:
            return None
        answer = self.texts.pop(0)
        return text if answer == "<default>" else answer

    def _ask_export_coders(self, _parent: Any, coders: Any) -> list[str] | None:
        self.export_offered.append([c.name for c in coders])
        return [c.id for c in coders] if self.export_coders is None else self.export_coders

    def _choose_code(self, _parent: Any, _book: Any, title: str, exclude: Any = ()) -> str | None:
        self.code_titles.append(title)
        return self.code


@dataclass
class Demo:
    project: Project
    first: str  # source ids
    second: str
    codes: dict[str, str]  # name -> id


def select_span(qtbot: Any, view: Any, start: int, end: int) -> None:
    """Select code points ``[start, end)`` with the keyboard, as a user does: Ctrl+Home, →, Shift+→."""
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    text = view.toPlainText()
    for _ in range(start):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(end - start):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert text  # the view shows a source


def point_of(view: Any, qt_position: int) -> QPoint:
    """The viewport point in the middle of the character at a Qt position's left edge."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_position)
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drop(widget: Any, point: QPoint, mime: QMimeData, action: Qt.DropAction) -> bool:
    """Deliver drag-enter, drag-move and drop, as a real drag ending over ``point`` would."""
    position = QPointF(point)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    # Qt 6 takes a QPoint for drag-enter and drag-move events, a QPointF for the drop.
    enter = QDragEnterEvent(point, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, enter)
    move = QDragMoveEvent(point, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, move)
    event = QDropEvent(position, action, mime, buttons, modifiers)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def store_sources(session: Session, imported: list[ImportedText]) -> list[SourceInfo]:
    """Store texts in the open project the way File ▸ Import does (there on a worker thread), then
    tell every view, as the import does when it ends."""
    stored, skipped = Session.store_new(session.project, imported)
    assert not skipped, skipped
    session.sources_added()
    return stored
