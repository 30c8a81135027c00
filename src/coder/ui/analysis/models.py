"""Item models of the analysis windows: an overview as a grid, and a list of segments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from coder.domain.overview import Overview, Segment
from coder.ui.models.headers import FlatTableModel

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()
CELL_ROLE = Qt.ItemDataRole.UserRole + 1  # (code key, group, code_b or None) of a cell
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
DISPLAY = Qt.ItemDataRole.DisplayRole


def _shade(value: int, top: int) -> QBrush | None:
    if value <= 0 or top <= 0:
        return None
    share = value / top
    return QBrush(QColor.fromHslF(0.595, 0.6, 0.97 - share * 0.5))


class OverviewModel(QAbstractTableModel):
    """Rows are codes. Frequencies: codings and characters per group; a matrix: the chosen measure per
    group; co-occurrence: pairs with every other code (within the chosen group)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.overview: Overview | None = None
        self.group = ""  # co-occurrence: the group shown
        self.measure = "codings"  # matrix: the measure shown
        self._columns: list[tuple[str, str, str]] = []  # (header, group or code key, measure)
        self._tops: dict[str, int] = {}

    def show(self, overview: Overview | None, group: str = "", measure: str | None = None) -> None:
        self.beginResetModel()
        self.overview = overview
        self.group = group
        if measure:
            self.measure = measure
        self._columns = []
        if overview is not None:
            if overview.kind == "frequencies":
                for g in overview.groups:
                    self._columns += [(f"{g}\ncodings", g, "codings"), (f"{g}\ncharacters", g, "characters")]
            elif overview.kind == "matrix":
                self._columns = [(g, g, self.measure) for g in overview.groups]
            else:
                self._columns = [(code.name, code.key, "pairs") for code in overview.codes]
        self._tops = {}
        for row in range(self.rowCount()):
            for column, (_h, _k, name) in enumerate(self._columns):
                self._tops[name] = max(self._tops.get(name, 0), self.value(row, column) or 0)
        self.endResetModel()

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() or self.overview is None else len(self.overview.codes)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def value(self, row: int, column: int) -> int | None:
        assert self.overview is not None
        code = self.overview.codes[row]
        _header, key, measure = self._columns[column]
        if measure == "pairs":
            return None if key == code.key else self.overview.pair_count(code.key, key, self.group)
        return self.overview.cell(code.key, key).measure(measure)

    def cell_key(self, index: QModelIndex) -> tuple[str, str, str | None] | None:
        if self.overview is None or not index.isValid():
            return None
        code = self.overview.codes[index.row()]
        _header, key, measure = self._columns[index.column()]
        if measure == "pairs":
            return None if key == code.key else (code.key, self.group, key)
        return (code.key, key, None)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if self.overview is None or not index.isValid():
            return None
        value = self.value(index.row(), index.column())
        if role == DISPLAY:
            return "" if value is None else f"{value:,}"
        if role == SORT_ROLE:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and value:
            return _shade(value, self._tops.get(self._columns[index.column()][2], 0))
        if role == Qt.ItemDataRole.ToolTipRole:
            key = self.cell_key(QModelIndex(index))
            return "Click to list the segments behind this number" if key else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role not in (DISPLAY, Qt.ItemDataRole.ToolTipRole) or self.overview is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0] if 0 <= section < len(self._columns) else None
        if 0 <= section < len(self.overview.codes):
            code = self.overview.codes[section]
            return code.path if role == Qt.ItemDataRole.ToolTipRole else code.name
        return None


SEGMENT_HEADERS = ("Source", "Start", "End", "Coders", "Codes", "Text")


class SegmentsModel(FlatTableModel):
    """Segments (query results, or the passages behind a cell); text from files shown as plain text."""

    HEADERS = SEGMENT_HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.segments: list[Segment] = []

    def show(self, segments: Sequence[Segment]) -> None:
        self.beginResetModel()
        self.segments = list(segments)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.segments)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid():
            return None
        segment = self.segments[index.row()]
        column = index.column()
        if role == DISPLAY:
            if column == 5:
                text = " ".join(segment.text.split())
                return text if len(text) <= 300 else text[:299] + "…"
            return (
                segment.source,
                segment.start,
                segment.end,
                ", ".join(segment.coders),
                "; ".join(segment.codes),
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 5:
            return segment.text[:2000]
        return None
