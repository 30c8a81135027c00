"""Undo and redo as the Edit menu, the tool bar and the status bar show them."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from coder.ui.plain import tip


class UndoActions(QObject):
    """The menu entries carry the command ("Undo Code with “Trust”"); the tool bar's stay short.

    After an undo or a redo the status bar says what was undone or redone, so that a message
    such as "Ctrl+Z undoes it" never outlives the change it spoke of.
    """

    sig_status_changed = Signal(str)

    def __init__(self, stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self.stack = stack
        self.undo = stack.createUndoAction(window, "Undo")
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = stack.createRedoAction(window, "Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo_button = self._button("Undo", stack.undo, stack.canUndo(), stack.canUndoChanged)
        self.redo_button = self._button("Redo", stack.redo, stack.canRedo(), stack.canRedoChanged)
        self._index = stack.index()
        for action in (self.redo, self.redo_button):
            action.triggered.connect(self._on_redone)
        stack.indexChanged.connect(self._on_stack_index_changed)
        stack.undoTextChanged.connect(self._on_stack_text_changed)
        stack.redoTextChanged.connect(self._on_stack_text_changed)
        self._update_tips()

    def _button(self, text: str, slot: object, enabled: bool, changed: object) -> QAction:
        action = QAction(text, self.parent())
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        action.setEnabled(enabled)
        changed.connect(action.setEnabled)  # type: ignore[attr-defined]
        return action

    def _alive(self) -> bool:
        """False while the stack is being destroyed (it still signals as it empties itself)."""
        return shiboken6.isValid(self.stack)

    def _description(self, index: int) -> str:
        """The full description of the command at ``index`` of the stack."""
        command = self.stack.command(index) if 0 <= index < self.stack.count() else None
        return command.text() if command is not None else ""

    def _update_tips(self) -> None:
        if not self._alive():
            return
        undo, redo = self._description(self.stack.index() - 1), self._description(self.stack.index())
        self.undo_button.setToolTip(tip(f"Undo {undo} (Ctrl+Z)" if undo else "Nothing to undo"))
        self.redo_button.setToolTip(tip(f"Redo {redo} (Ctrl+Shift+Z)" if redo else "Nothing to redo"))

    def _on_stack_index_changed(self, index: int) -> None:
        if not self._alive():
            return
        before, self._index = self._index, index
        if index < before:
            self.sig_status_changed.emit(f"Undone: {self._description(index)}. Ctrl+Shift+Z redoes it.")
        self._update_tips()

    def _on_stack_text_changed(self, _text: str) -> None:
        self._update_tips()

    def _on_redone(self, _checked: bool = False) -> None:
        self.sig_status_changed.emit(f"Redone: {self._description(self.stack.index() - 1)}.")
