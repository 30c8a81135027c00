"""Column headers shared by the item models, and the flat table model they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex


def horizontal_header(headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int) -> Any:
    """The title of column ``section`` for the display role of a horizontal header, else None."""
    if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
        if 0 <= section < len(headers):
            return headers[section]
    return None


class FlatTableModel(QAbstractTableModel):
    """A table of rows without children, its columns titled by :attr:`HEADERS`."""

    HEADERS: tuple[str, ...] = ()

    def row_total(self) -> int:
        """How many rows the table has."""
        raise NotImplementedError

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        return horizontal_header(self.HEADERS, section, orientation, role)
