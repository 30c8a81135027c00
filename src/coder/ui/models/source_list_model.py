"""The project's sources: name, format and number of (shown) codings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from coder.domain.model import SourceInfo
from coder.ui.models.headers import FlatTableModel
from coder.ui.plain import tip

COL_NAME, COL_FORMAT, COL_CODINGS = 0, 1, 2
SourceIdRole = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex

# The roles answered, as plain numbers: a view asks for some ten roles per cell it paints, most of
# them answered "nothing", so those are turned away before any other work (enum members are slow
# to look up and to combine in Python).
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ANSWERED = frozenset({_DISPLAY, _TOOLTIP, _ALIGNMENT, int(SourceIdRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class SourceListModel(FlatTableModel):
    HEADERS = ("Source", "Format", "Codings")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sources: list[SourceInfo] = []
        self._rows: dict[str, int] = {}  # source id -> row
        self._counts: dict[str, int] = {}

    def set_sources(self, sources: Sequence[SourceInfo], counts: dict[str, int]) -> None:
        self.beginResetModel()
        self._sources = list(sources)
        self._rows = {source.id: row for row, source in enumerate(self._sources)}
        self._counts = dict(counts)
        self.endResetModel()

    def set_counts(self, counts: dict[str, int]) -> None:
        """New counts; only the rows whose count changed are reported to the view (found by comparing
        the two tables at once, not row by row: an action changes one source of thousands)."""
        old, self._counts = self._counts, dict(counts)
        differing = {source_id for source_id, _count in old.items() ^ self._counts.items()}
        rows = [
            self._rows[source_id]
            for source_id in differing
            if source_id in self._rows and old.get(source_id, 0) != self._counts.get(source_id, 0)
        ]
        for row in sorted(rows):
            index = self.index(row, COL_CODINGS)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def largest_count(self) -> int:
        return max(self._counts.values(), default=0)

    def source_at(self, row: int) -> SourceInfo | None:
        return self._sources[row] if 0 <= row < len(self._sources) else None

    def row_of(self, source_id: str) -> int:
        return self._rows.get(source_id, -1)

    def row_total(self) -> int:
        return len(self._sources)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._sources):
            return None
        source = self._sources[row]
        column = index.column()
        if role == _DISPLAY:
            if column == COL_NAME:
                return source.name
            if column == COL_FORMAT:
                return source.format.upper()
            return str(self._counts.get(source.id, 0))
        if role == _ALIGNMENT:
            return _RIGHT if column == COL_CODINGS else None
        if role == _TOOLTIP:
            pages = f", {source.pages} pages" if source.pages else ""
            return tip(f"{source.name}: {source.characters:,} characters{pages}")
        return source.id  # SourceIdRole
