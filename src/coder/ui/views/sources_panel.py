"""The project's sources; choosing one opens it in the document view. Rename (F2) and delete them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from coder.ui import dialogs, undo
from coder.ui.changes import Changed
from coder.ui.models.source_list_model import COL_CODINGS, COL_FORMAT, COL_NAME, SourceListModel
from coder.ui.session import Session

NARROW = 38  # characters of width below which the format column is left out


class SourcesPanel(QWidget):
    sig_source_chosen = Signal(object)  # source id or None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = SourceListModel(self)
        self.list = QTreeView()
        self.list.setModel(self.model)
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Names often share a long beginning (one article as .pdf, .docx, .md): keep both ends.
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed widths, measured from the widest entry: sizing to contents would ask every row again
        # whenever a count changes (thousands of sources, at each coding).
        header.setSectionResizeMode(COL_FORMAT, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(COL_CODINGS, QHeaderView.ResizeMode.Fixed)
        self.hint = QLabel("No sources yet: use File ▸ Import files… or drop files on the window.")
        self.hint.setWordWrap(True)
        self.hint.setMargin(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.rename_action = self._action("Rename source…", self.rename_source, "F2")
        self.delete_action = self._action(
            "Delete source…", self.delete_source, QKeySequence.StandardKey.Delete
        )
        self.list.installEventFilter(self)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.list.customContextMenuRequested.connect(self._on_list_menu_requested)
        self.reload()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        """In a narrow panel the names need the room: the format column goes (names end in it)."""
        super().resizeEvent(event)
        wide = event.size().width() >= NARROW * self.fontMetrics().averageCharWidth()
        self.list.setColumnHidden(COL_FORMAT, not wide)

    def _action(self, text: str, slot: object, key: object) -> QAction:
        """An entry of the list's menu; its key works while the list has the focus (see eventFilter)."""
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))  # type: ignore[arg-type]
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown in the menu, never ambiguous
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """F2 and Delete in the list act on the chosen source, before any window-wide shortcut."""
        if watched is self.list and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            for action in (self.rename_action, self.delete_action):
                if action.shortcut().matches(QKeySequence(event.keyCombination())) == (
                    QKeySequence.SequenceMatch.ExactMatch
                ):
                    event.accept()
                    if event.type() == QEvent.Type.KeyPress:
                        action.trigger()
                    return True
        return super().eventFilter(watched, event)

    def current_source_id(self) -> str | None:
        source = self.model.source_at(self.list.currentIndex().row())
        return source.id if source else None

    def choose(self, source_id: str | None) -> None:
        row = self.model.row_of(source_id) if source_id else -1
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, COL_NAME))
        else:
            self.list.clearSelection()

    def reload(self) -> None:
        current = self.current_source_id()
        self.list.blockSignals(True)
        self.model.set_sources(self.session.sources, self.session.source_counts())
        self.list.blockSignals(False)
        self._fit_columns()
        self.hint.setVisible(not self.session.sources)
        if current is not None and self.model.row_of(current) >= 0:
            self.list.selectionModel().blockSignals(True)
            self.choose(current)
            self.list.selectionModel().blockSignals(False)

    def apply_changes(self, changed: Changed) -> None:
        if changed.sources or changed.everything:
            self.reload()
        elif changed.codings:
            self.model.set_counts(self.session.source_counts())
            self._fit_columns(formats=False)

    def _fit_columns(self, formats: bool = True) -> None:
        """The format and count columns as wide as their widest entry or title (the formats change
        only with the sources)."""
        metrics = self.list.fontMetrics()
        header = self.list.header()
        room = 2 * self.list.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 12
        columns = [(COL_CODINGS, str(self.model.largest_count()))]
        if formats:
            columns.append(
                (COL_FORMAT, max((s.format.upper() for s in self.session.sources), key=len, default=""))
            )
        for column, widest in columns:
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(metrics.horizontalAdvance(widest), header.fontMetrics().horizontalAdvance(title))
            if header.sectionSize(column) != width + room:
                header.resizeSection(column, width + room)

    def _on_list_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.sig_source_chosen.emit(self.current_source_id())

    def _on_list_menu_requested(self, point: QPoint) -> None:
        has_source = self.current_source_id() is not None
        menu = QMenu(self)
        for action in (self.rename_action, self.delete_action):
            action.setEnabled(has_source)
            menu.addAction(action)
        menu.exec(self.list.viewport().mapToGlobal(point))

    # ------------------------------------------------------------------ edits

    def rename_source(self) -> None:
        source = self.session.source(self.current_source_id() or "")
        if source is None:
            return
        name = dialogs.ask_text(self, "Rename source", "New name of the source:", source.name)
        if name is not None and name.strip() and name.strip() != source.name:
            self.session.undo_stack.push(undo.RenameSource(self.session, source.id, name.strip()))

    def delete_source(self) -> None:
        source = self.session.source(self.current_source_id() or "")
        if source is None:
            return
        count = self.session.source_codings(source.id)
        message = (
            f"Delete the source “{source.name}”? {count} coding{'s' * (count != 1)} by all coders "
            f"go{'es' * (count == 1)} with it. You can undo it with Ctrl+Z."
        )
        if dialogs.confirm(self, "Delete source", message, action="Delete"):
            self.session.undo_stack.push(undo.DeleteSource(self.session, source.id))
