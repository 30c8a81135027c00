"""A coder's memo on a source or a code, saved as it is typed; other coders' memos beside it.

The memo is saved half a second after typing pauses, when the field loses focus, and before another
source or code is shown. Each save passes the version that was read, so a memo changed elsewhere
meanwhile is not overwritten: the refusal is shown and the pane shows the stored version. Other
coders' memos appear, read-only, when the view shows their codings (never while coding blind).
Memo text is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from coder.domain.errors import CoderError
from coder.domain.memos import CODE, SOURCE
from coder.ui import errors, memo_access
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.text_positions import TextPositions

SAVE_AFTER_MS = 500
_WHAT = {SOURCE: "source", CODE: "code"}


class MemoEditor(QPlainTextEdit):
    sig_focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.sig_focus_left.emit()

    def select_span(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` of the text and show them."""
        positions = TextPositions(self.toPlainText())
        cursor = QTextCursor(self.document())
        cursor.setPosition(positions.to_qt(min(start, positions.length)))
        cursor.setPosition(positions.to_qt(min(end, positions.length)), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()


class MemoPane(QWidget):
    sig_saved = Signal(object)  # the Memo as stored

    def __init__(
        self, session: Session, kind: str, compact: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.kind, self.compact = session, kind, compact
        self.target_id: str | None = None
        self.coder_id = session.coder.id  # whose memo is shown
        self.version = 0  # of the memo shown; 0 while there is none
        self._loading = False
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        self.editor = MemoEditor()
        self.editor.setTabChangesFocus(True)
        self.editor.setPlaceholderText(
            f"Your memo on this {_WHAT[kind]}: ideas, doubts, decisions. Saved as you type."
        )
        self.others_heading = QLabel("Other coders' memos (read-only)")
        self.others = QPlainTextEdit(readOnly=True)
        self.others.setPlaceholderText("No other coder has written a memo here.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0 if compact else 6, 4, 0 if compact else 6, 4)
        layout.setSpacing(3)
        layout.addWidget(self.heading)
        layout.addWidget(self.editor, 3)
        layout.addWidget(self.others_heading)
        layout.addWidget(self.others, 2)
        if compact:  # inside a form of labelled fields: headings look like its labels
            for label in (self.heading, self.others_heading):
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            lines = self.editor.fontMetrics().lineSpacing()
            self.editor.setFixedHeight(lines * 5 + 12)
            self.others.setFixedHeight(lines * 4 + 12)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.sig_focus_left.connect(self.save)
        session.sig_data_changed.connect(self._on_session_data_changed)
        self.show_target(None)

    @property
    def pending(self) -> bool:
        """Typed text not saved yet."""
        return self._timer.isActive()

    def show_target(self, target_id: str | None) -> None:
        """Show the memo on another source or code; what was typed before is saved first."""
        if target_id != self.target_id:
            self.save()
        self.target_id = target_id
        self.reload()

    def reload(self) -> None:
        """Show the stored memo (unless typing is pending) and the other coders' memos."""
        self._loading = True
        try:
            if not self.pending:
                self._show_mine()
            self._show_others()
        finally:
            self._loading = False

    def _name(self) -> str:
        if self.target_id is None:
            return ""
        if self.kind == SOURCE:
            source = self.session.source(self.target_id)
            return source.name if source else ""
        return (
            self.session.codebook.path_text(self.target_id)
            if self.target_id in self.session.codebook.by_id
            else ""
        )

    def _show_mine(self) -> None:
        self.coder_id = self.session.coder.id
        memo = memo_access.mine(self.session, self.kind, self.target_id) if self.target_id else None
        self.version = memo.version if memo else 0
        text = memo.text if memo else ""
        self.editor.setEnabled(self.target_id is not None)
        if self.editor.toPlainText() != text:
            self.editor.setPlainText(text)
        if self.target_id is None:
            self.heading.setText(f"Open a {_WHAT[self.kind]} to write your memo on it.")
        elif self.compact:
            self.heading.setText(f"Memo by {self.session.coder.name}")
        else:
            self.heading.setText(f"Memo by {self.session.coder.name} on “{self._name()}”")

    def _show_others(self) -> None:
        found = memo_access.others(self.session, self.kind, self.target_id) if self.target_id else []
        blind = not found and self.session.visible_coder_ids() == [self.session.coder.id]
        self.others_heading.setVisible(not blind)
        self.others.setVisible(not blind)
        parts = [f"{name} — {m.changed_at.astimezone():%Y-%m-%d %H:%M}\n{m.text}" for name, m in found]
        text = "\n\n".join(parts)
        if self.others.toPlainText() != text:
            self.others.setPlainText(text)

    def save(self) -> None:
        """Store what is typed now (nothing happens when it is what is stored)."""
        self._timer.stop()
        if self._loading or self.target_id is None:
            return
        try:
            text = self.editor.toPlainText()
            memo = memo_access.save(
                self.session, self.kind, self.target_id, self.coder_id, text, self.version
            )
        except CoderError as error:
            errors.report(error, self)
            self.reload()
            return
        self.version = memo.version
        self.sig_saved.emit(memo)

    def _on_editor_text_changed(self) -> None:
        if not self._loading and self.target_id is not None:
            self._timer.start()

    def _on_session_data_changed(self, changed: Changed) -> None:
        if changed.project:
            self._timer.stop()  # the memo shown belonged to the project that was closed
            self.target_id = None
            self.reload()
        elif changed.memos or changed.coders or changed.sources or changed.codebook:
            if changed.coders and self.pending:
                self.save()  # typed by the coder who was coding until now
            if self.target_id is not None and not self._name():
                self._timer.stop()
                self.target_id = None
            self.reload()
