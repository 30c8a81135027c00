"""Every code as one flat row (its path), for the quick-code palette's type-to-filter list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from coder.domain.codebook import Codebook
from coder.ui.plain import tip
from coder.ui.views.swatches import swatch_icon

CodeIdRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


class CodeListModel(QAbstractListModel):
    def __init__(self, book: Codebook, order: Sequence[str], parent: Any = None) -> None:
        """``order`` holds the code ids in the order to list them (the tree's order)."""
        super().__init__(parent)
        self._book = book
        self._ids = [i for i in order if i in book.by_id]

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        code = self._book.by_id[self._ids[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._book.path_text(code.id).replace("/", " › ")
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(code.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(code.definition) or None
        if role == CodeIdRole:
            return code.id
        return None
