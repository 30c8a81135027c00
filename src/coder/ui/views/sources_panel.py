"""The project's sources; choosing one opens it in the document view."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from coder.ui.changes import Changed
from coder.ui.models.source_list_model import COL_CODINGS, COL_FORMAT, COL_NAME, SourceListModel
from coder.ui.session import Session


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
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_FORMAT, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CODINGS, QHeaderView.ResizeMode.ResizeToContents)
        self.hint = QLabel("No sources yet: use File ▸ Import files… or drop files on the window.")
        self.hint.setWordWrap(True)
        self.hint.setMargin(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.list.selectionModel().selectionChanged.connect(self._on_list_selection_changed)
        self.reload()

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

    def _on_list_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.sig_source_chosen.emit(self.current_source_id())
