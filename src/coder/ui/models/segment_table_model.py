"""Retrieved segments: every coding of the chosen code(s), with its text in context."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coder.domain.model import Coding
from coder.ui.models.headers import horizontal_header
from coder.ui.plain import tip

COL_SOURCE, COL_TEXT, COL_CODE, COL_CODER, COL_MEMO = range(5)
SegmentRole = Qt.ItemDataRole.UserRole + 1
_HEADERS = ("Source", "Segment", "Code", "Coder", "Memo")
CONTEXT = 60  # characters of context shown on each side
ModelIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class RetrievedSegment:
    coding: Coding
    source: str
    code: str
    coder: str
    before: str
    text: str
    after: str
    colour: str = "#fff3b0"

    @property
    def display(self) -> str:
        return f"{self.before}{self.text}{self.after}"


def with_context(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """The coded text and up to ``context`` characters either side, on one line each."""

    def flat(part: str) -> str:
        return " ".join(part.split())

    before = text[max(0, start - context) : start]
    after = text[end : end + context]
    before = ("…" if start > context else "") + flat(before) + (" " if before[-1:].isspace() else "")
    after = (" " if after[:1].isspace() else "") + flat(after) + ("…" if end + context < len(text) else "")
    return before, flat(text[start:end]), after


class SegmentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._segments: list[RetrievedSegment] = []

    def set_segments(self, segments: Sequence[RetrievedSegment]) -> None:
        self.beginResetModel()
        self._segments = list(segments)
        self.endResetModel()

    def segment_at(self, row: int) -> RetrievedSegment | None:
        return self._segments[row] if 0 <= row < len(self._segments) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._segments)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        return horizontal_header(_HEADERS, section, orientation, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._segments):
            return None
        segment = self._segments[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                segment.source,
                segment.display,
                segment.code,
                segment.coder,
                " ".join(segment.coding.memo.split()),
            )[column]
        if role == SegmentRole:
            return segment
        if role == Qt.ItemDataRole.ToolTipRole:
            memo = f"\n\nMemo: {segment.coding.memo}" if segment.coding.memo else ""
            return tip(f"{segment.text}\n\n— {segment.coder}, {segment.source}{memo}")
        return None
