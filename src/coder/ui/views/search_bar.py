"""Find in the document (Ctrl+F): next, previous, match case, regular expression."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from coder.ui.views.document_view import DocumentView


class SearchBar(QWidget):
    sig_search_closed = Signal()

    def __init__(self, view: DocumentView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.field = QLineEdit(placeholderText="Find in this source")
        self.field.setClearButtonEnabled(True)
        self.case = QCheckBox("Case", toolTip="Match case")
        self.regex = QCheckBox("Regex", toolTip="Regular expression (Perl-like syntax)")
        self.status = QLabel()
        self.status.setMinimumWidth(90)
        previous = QToolButton(text="◀", toolTip="Previous match (Shift+Enter, Shift+F3)")
        following = QToolButton(text="▶", toolTip="Next match (Enter, F3)")
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        for widget in (self.field, previous, following, self.case, self.regex, self.status, close):
            layout.addWidget(widget)
        layout.setStretch(0, 1)
        self.field.returnPressed.connect(self.find_next)
        self.field.textChanged.connect(self._on_field_changed)
        previous.clicked.connect(self.find_previous)
        following.clicked.connect(self.find_next)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.field, self.find_previous)
        self.hide()

    def open_bar(self) -> None:
        selected = self.view.textCursor().selectedText()
        if selected and "\u2029" not in selected and len(selected) < 100:
            self.field.setText(selected)
        self.show()
        self.field.setFocus()
        self.field.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()
        self.sig_search_closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)

    def _on_field_changed(self, _text: str) -> None:
        self.status.clear()

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        """Find from the current selection, wrapping round once; False when there is no match."""
        needle = self.field.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        pattern: str | QRegularExpression = needle
        if self.regex.isChecked():
            options = QRegularExpression.PatternOption.NoPatternOption
            if not self.case.isChecked():
                options |= QRegularExpression.PatternOption.CaseInsensitiveOption
            pattern = QRegularExpression(needle, options)
            if not pattern.isValid():
                self.status.setText("Invalid expression")
                return False
        document = self.view.document()
        found = document.find(pattern, self.view.textCursor(), flags)
        if found.isNull():
            edge = QTextCursor(document)
            edge.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
            found = document.find(pattern, edge, flags)
            wrapped = not found.isNull()
        else:
            wrapped = False
        if found.isNull() or not found.hasSelection():
            self.status.setText("No match")
            return False
        self.view.setTextCursor(found)
        self.view.ensureCursorVisible()
        self.view.show_cursor_calmly()
        self.status.setText("Wrapped round" if wrapped else "")
        return True
