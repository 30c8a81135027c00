"""Undo and redo as the Edit menu, the tool bar and the status bar show them."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget

from coder.ui.plain import tip


class StackActions(QObject):
    """Undo and Redo entries that follow an undo stack: "Undo <what>", enabled only when possible.

    Made here rather than by ``QUndoStack.createUndoAction``: PySide takes the action that factory
    returns as Python's to delete, while its Qt parent deletes it too, and the process crashed when
    the garbage collector met it. These actions belong to their parent alone; the connections to the
    stack end with this object, which is the parent's child.
    """

    def __init__(self, stack: QUndoStack, parent: QObject) -> None:
        super().__init__(parent)
        self.stack = stack
        self.undo = QAction("Undo", parent)
        self.undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo = QAction("Redo", parent)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.undo.triggered.connect(self._undo)
        self.redo.triggered.connect(self._redo)
        for signal in (stack.canUndoChanged, stack.canRedoChanged):
            signal.connect(self._refresh)
        for signal in (stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self._refresh)
        self._refresh()

    def _undo(self, _checked: bool = False) -> None:
        self.stack.undo()

    def _redo(self, _checked: bool = False) -> None:
        self.stack.redo()

    def _refresh(self, *_args: object) -> None:
        if not shiboken6.isValid(self.stack):  # the stack signals while it is being destroyed
            return
        for action, verb, able, text in (
            (self.undo, "Undo", self.stack.canUndo(), self.stack.undoText()),
            (self.redo, "Redo", self.stack.canRedo(), self.stack.redoText()),
        ):
            action.setEnabled(able)
            action.setText(f"{verb} {text}" if able and text else verb)


class UndoActions(QObject):
    """The menu entries carry the command ("Undo Code with “Trust”"); the tool bar's stay short.

    After an undo or a redo the status bar says what was undone or redone, so that a message
    such as "Ctrl+Z undoes it" never outlives the change it spoke of.
    """

    sig_status_changed = Signal(str)

    def __init__(self, stack: QUndoStack, window: QWidget) -> None:
        super().__init__(window)
        self.stack = stack
        entries = StackActions(stack, window)
        self.undo, self.redo = entries.undo, entries.redo
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
