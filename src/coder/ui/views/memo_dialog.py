"""The memo of a coding, saved as it is typed: a kill while the dialog is open loses at most a pause."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from coder.ui.typing_saver import TypingSaver


class MemoDialog(QDialog):
    """OK keeps the memo as typed; Cancel asks the caller to put the memo back as it was."""

    def __init__(
        self, memo: str, on_typed: Callable[[str], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Memo")
        self.resize(460, 260)
        self.on_typed = on_typed
        self.editor = QPlainTextEdit()
        self.editor.setPlainText(memo)
        self.editor.setTabChangesFocus(True)
        self.saver = TypingSaver(self._save_typed, self)
        self.editor.textChanged.connect(self.saver.typed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel("Saved as you type. Cancel puts back the memo as it was.")
        hint.setStyleSheet("QLabel { color: #666666; }")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Memo for this coding:"))
        layout.addWidget(self.editor, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _save_typed(self) -> None:
        if self.on_typed is not None:
            self.on_typed(self.editor.toPlainText())

    def ask(self) -> str | None:
        """The memo as typed when OK is pressed, None when cancelled."""
        self.editor.setFocus()
        accepted = self.exec() == QDialog.DialogCode.Accepted
        self.saver.cancel()
        return self.editor.toPlainText() if accepted else None
