"""The project journal: dated entries, newest first; add, edit as you type, delete, all undoable.

Every coder reads every entry; an entry is changed only by the coder who wrote it. Edits are saved
half a second after typing pauses, when the entry loses focus and before another entry is shown;
consecutive saves of one entry are one undo step (the app's undo stack, shared with the main window).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.domain.memos import Memo
from coder.ui import dialogs, errors, memo_access
from coder.ui.changes import Changed
from coder.ui.journal.entry_model import COL_DATE, COL_TITLE, JournalModel, local_time
from coder.ui.memo_commands import AddJournalEntry, DeleteJournalEntry, EditJournalEntry
from coder.ui.session import Session
from coder.ui.text_positions import TextPositions
from coder.ui.undo_actions import StackActions
from coder.ui.views.memo_pane import SAVE_AFTER_MS, MemoEditor

TITLE = "Journal"
MEMOS_FILTER = "Markdown (*.md);;HTML (*.html)"


class JournalWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"{TITLE} — {session.project.name}")
        self.entry: Memo | None = None  # the entry in the editor, as stored
        self._loading = False
        self.model = JournalModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_DATE, 130)
        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.title = QLineEdit(placeholderText="Title (optional)")
        self.text = MemoEditor()
        self.text.setPlaceholderText("What happened, what was decided, what to try next. Saved as you type.")
        editor = QWidget()
        box = QVBoxLayout(editor)
        box.setContentsMargins(6, 0, 0, 0)
        box.addWidget(self.meta)
        box.addWidget(self.title)
        box.addWidget(self.text, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(editor)
        splitter.setSizes([380, 620])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self.resize(1000, 640)
        self._build_actions()
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        self.title.textEdited.connect(self._on_typed)
        self.text.textChanged.connect(self._on_typed)
        self.title.editingFinished.connect(self.save)
        self.text.sig_focus_left.connect(self.save)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        session.sig_data_changed.connect(self._on_session_data_changed)
        self.reload()

    def _build_actions(self) -> None:
        toolbar = self.addToolBar("Journal")
        toolbar.setObjectName("journal_toolbar")
        toolbar.setMovable(False)
        self.add_action = QAction("New entry", self, shortcut=QKeySequence("Ctrl+N"))
        self.add_action.triggered.connect(lambda _=False: self.add_entry())
        self.delete_action = QAction("Delete entry", self)
        self.delete_action.triggered.connect(lambda _=False: self.delete_entry())
        self.export_action = QAction("Export memos and journal…", self)
        self.export_action.triggered.connect(lambda _=False: self.export())
        entries = StackActions(self.session.undo_stack, self)
        undo, redo = entries.undo, entries.redo
        for action in (self.add_action, self.delete_action, None, undo, redo, None, self.export_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)

    # ------------------------------------------------------------------ showing

    def reload(self) -> None:
        """The entries as stored, keeping the one shown; its text is refreshed unless typing is pending."""
        shown = self.entry.id if self.entry else None
        with errors.reporting(self):
            entries = memo_access.journal(self.session)
            names = memo_access.coder_names(self.session)
            self._loading = True
            try:
                self.model.set_entries(entries, names)
            finally:
                self._loading = False
            row = self.model.row_of(shown) if shown else -1
            self.choose_row(row if row >= 0 else (0 if entries else -1))

    def choose_row(self, row: int) -> None:
        self._loading = True
        try:
            if row < 0:
                self.table.clearSelection()
            else:
                self.table.selectRow(row)
        finally:
            self._loading = False
        self._show(self.model.entry_at(row))

    def choose_entry(
        self, entry_id: str, start: int | None = None, end: int | None = None, field: str = "text"
    ) -> None:
        """Show an entry (e.g. a search hit), selecting ``[start, end)`` of its title or text."""
        self.save()
        self.choose_row(self.model.row_of(entry_id))
        if start is None or end is None:
            return
        if field == "title":
            positions = TextPositions(self.title.text())
            qt_start, qt_end = positions.span_to_qt(start, end)
            self.title.setFocus()
            self.title.setSelection(qt_start, qt_end - qt_start)
        else:
            self.text.setFocus()
            self.text.select_span(start, end)

    def _show(self, entry: Memo | None) -> None:
        self._timer.stop()
        self.entry = entry
        own = entry is not None and entry.coder_id == self.session.coder.id
        self._loading = True
        try:
            for field, value in (
                (self.title, entry.title if entry else ""),
                (self.text, entry.text if entry else ""),
            ):
                current = field.text() if isinstance(field, QLineEdit) else field.toPlainText()
                if current != value:
                    if isinstance(field, QLineEdit):
                        field.setText(value)
                    else:
                        field.setPlainText(value)
                field.setReadOnly(not own)
                field.setEnabled(entry is not None)
        finally:
            self._loading = False
        self.delete_action.setEnabled(own)
        if entry is None:
            self.meta.setText("No entry yet: “New entry” starts one, dated now.")
            return
        author = self.model.coder_name(entry.coder_id)
        changed = (
            f", changed {entry.changed_at.astimezone():%Y-%m-%d %H:%M}"
            if entry.changed_at != entry.created_at
            else ""
        )
        rights = "" if own else f" Only {author} can change it."
        self.meta.setText(f"Written by {author} on {local_time(entry)}{changed}.{rights}")

    # ------------------------------------------------------------------ changing

    def add_entry(self) -> None:
        self.save()
        command = AddJournalEntry(self.session)
        self.session.undo_stack.push(command)
        if not command.failed:
            self.choose_row(self.model.row_of(command.entry_id))
            self.title.setFocus()

    def delete_entry(self) -> None:
        self.save()
        if self.entry is not None and self.entry.coder_id == self.session.coder.id:
            self.session.undo_stack.push(DeleteJournalEntry(self.session, self.entry))

    def save(self) -> None:
        """Store the shown entry's title and text if they changed (one undo step per entry)."""
        self._timer.stop()
        entry = self.entry
        if entry is None or entry.coder_id != self.session.coder.id:
            return
        title, text = self.title.text(), self.text.toPlainText()
        if (" ".join(title.split()), text) == (entry.title, entry.text):
            return
        command = EditJournalEntry(self.session, entry, title, text)
        self.session.undo_stack.push(command)

    def export(self) -> None:
        self.save()
        path = dialogs.ask_save_file(self, "Export memos and journal", "memos.md", MEMOS_FILTER)
        if path is None:
            return
        from coder.services.memos import export_memos

        with errors.reporting(self):
            count = export_memos(self.session.project, path)
            self.statusBar().showMessage(f"Wrote {count} memos and journal entries to {path.name}.")

    # ------------------------------------------------------------------ events

    def _on_typed(self, *_args: object) -> None:
        if not self._loading and self.entry is not None:
            self._timer.start()

    def _on_table_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._loading:
            return
        self.save()
        rows = self.table.selectionModel().selectedRows()
        entry = self.model.entry_at(rows[0].row()) if rows else None
        if entry is None or self.entry is None or entry.id != self.entry.id:
            self._show(entry)

    def _on_session_data_changed(self, changed: Changed) -> None:
        if changed.project:
            self._timer.stop()  # what was typed belonged to the project that was closed
            self.entry = None
            self.setWindowTitle(f"{TITLE} — {self.session.project.name}")
            self.reload()
        elif changed.memos or changed.coders:
            if self._timer.isActive():
                self.save()  # typed by the coder who was coding until now
            self.reload()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save()
        super().closeEvent(event)
