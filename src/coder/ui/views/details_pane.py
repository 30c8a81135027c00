"""Details of the chosen code: definition, when to use, when not to use, example — all editable.

Edits are saved as you type (after a pause well under a second) and when the field loses focus,
as undoable commands; consecutive saves of one field merge into a single undo step.
"""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from coder.domain.memos import CODE
from coder.ui import undo
from coder.ui.session import Session
from coder.ui.typing_saver import TypingSaver
from coder.ui.views.memo_pane import MemoPane

FIELDS = (
    ("definition", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


class _Field(QPlainTextEdit):
    sig_focus_left = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.sig_focus_left.emit()


class DetailsPane(QScrollArea):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.code_id: str | None = None
        self._loading = False  # True while fields are filled from the code (that is no typing)
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 6)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.title)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setContentsMargins(0, 0, 0, 0)
        self.fields: dict[str, _Field] = {}
        self.savers: dict[str, TypingSaver] = {}
        for key, label in FIELDS:
            field = _Field()
            field.setTabChangesFocus(True)
            field.setPlaceholderText(f"{label} (not written yet)")
            field.setFixedHeight(field.fontMetrics().lineSpacing() * 4 + 12)
            saver = TypingSaver(lambda key=key: self.save_field(key), self)
            field.textChanged.connect(lambda saver=saver: None if self._loading else saver.typed())
            field.sig_focus_left.connect(lambda key=key: self.save_field(key))
            self.fields[key], self.savers[key] = field, saver
            form.addRow(f"<b>{label}</b>", field)
        self.memo = MemoPane(session, CODE, compact=True)  # the coder's own memo, after the definition
        form.insertRow(1, self.memo)
        layout.addLayout(form)
        layout.addStretch(1)
        self.setWidget(body)
        session.sig_before_switch.connect(self.save_pending)
        self.show_code(None)

    def show_code(self, code_id: str | None) -> None:
        """Show a code's details; pending edits of the code shown before are saved first."""
        if self.code_id and self.code_id != code_id:
            self.save_pending()
        self.code_id = code_id if code_id in self.session.codebook.by_id else None
        self.memo.show_target(self.code_id)
        self.reload()

    def reload(self) -> None:
        book = self.session.codebook
        code = book.by_id.get(self.code_id or "")
        if code is None:
            self.code_id = None
            self.title.setText("<i>Choose a code in the codebook to see and edit its definition.</i>")
        else:
            count = self.session.code_counts().get(code.id, 0)
            path = html.escape(" › ".join(book.path(code.id)))
            self.title.setText(
                f"<span style='color:{QColor(code.colour).name()}; font-size:large'>■</span> "
                f"<b style='font-size:large'>{path}</b><br>"
                f"<span style='color:#666'>{count} coding{'s' * (count != 1)} shown</span>"
            )
        self._loading = True
        for key, field in self.fields.items():
            field.setEnabled(code is not None)
            if code is not None and self.savers[key].pending:
                continue  # being typed: another change must not put the stored text back over it
            value = getattr(code, key) if code else ""
            if field.toPlainText() != value:
                field.setPlainText(value)
        self._loading = False

    def save_pending(self) -> None:
        """Save every field still waiting for its pause (before switching code, coder or project)."""
        for key in self.fields:
            self.save_field(key)

    def save_field(self, key: str) -> None:
        if self._loading:
            return
        self.savers[key].cancel()
        code = self.session.codebook.by_id.get(self.code_id or "")
        if code is None:
            return
        value = self.fields[key].toPlainText()
        if value == getattr(code, key):
            return
        label = dict(FIELDS)[key].lower()
        command = undo.EditCodes(
            self.session,
            [replace(code, **{key: value})],
            f"Edit {label} of “{code.name}”",
            f"{code.id}:{key}",
        )
        self.session.undo_stack.push(command)
