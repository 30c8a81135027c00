"""The journal's entries as a table: date, title and author, newest first."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from coder.domain.memos import Memo
from coder.ui.models.headers import FlatTableModel

COL_DATE, COL_TITLE, COL_CODER = range(3)
EntryRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


def local_time(entry: Memo) -> str:
    return f"{entry.created_at.astimezone():%Y-%m-%d %H:%M}"


class JournalModel(FlatTableModel):
    HEADERS = ("Date", "Title", "By")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Memo] = []
        self._coders: Mapping[str, str] = {}

    def set_entries(self, entries: Sequence[Memo], coders: Mapping[str, str]) -> None:
        self.beginResetModel()
        self._entries, self._coders = list(entries), dict(coders)
        self.endResetModel()

    def coder_name(self, coder_id: str) -> str:
        return self._coders.get(coder_id, "?")

    def entry_at(self, row: int) -> Memo | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, entry_id: str) -> int:
        return next((row for row, entry in enumerate(self._entries) if entry.id == entry_id), -1)

    def row_total(self) -> int:
        return len(self._entries)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            title = entry.title or (" ".join(entry.text.split())[:60] or "(empty)")
            return (local_time(entry), title, self._coders.get(entry.coder_id, "?"))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_TITLE:
            return entry.text[:500]
        if role == EntryRole:
            return entry
        return None
