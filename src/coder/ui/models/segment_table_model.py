"""Retrieved segments: every coding of the chosen code(s), with its text in context.

The model holds the codings only; a row's passage, context and names are made when a view first
asks for that row, so listing a code's 50,000 segments costs little more than reading them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from coder.domain.model import Coding
from coder.ui.models.headers import FlatTableModel
from coder.ui.plain import tip

COL_SOURCE, COL_TEXT, COL_CODE, COL_CODER, COL_MEMO = range(5)
SegmentRole = Qt.ItemDataRole.UserRole + 1
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


def listing_order(coding: Coding) -> tuple[str, int, int, str]:
    """The order segments are listed in (as the project returns them): source, start, end, id."""
    return (coding.source_id, coding.start, coding.end, coding.id)


Describe = Callable[[Coding], RetrievedSegment]


class SegmentTableModel(FlatTableModel):
    HEADERS = ("Source", "Segment", "Code", "Coder", "Memo")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._codings: list[Coding] = []
        self._made: dict[str, RetrievedSegment] = {}  # by coding id, for the rows a view asked for
        self._describe: Describe | None = None

    def set_codings(self, codings: Sequence[Coding], describe: Describe) -> None:
        """List ``codings`` (in :func:`listing_order`); ``describe`` makes a row's segment when shown."""
        self.beginResetModel()
        self._codings = list(codings)
        self._made = {}
        self._describe = describe
        self.endResetModel()

    def set_segments(self, segments: Sequence[RetrievedSegment]) -> None:
        """List segments already made."""
        self.beginResetModel()
        self._codings = [segment.coding for segment in segments]
        self._made = {segment.coding.id: segment for segment in segments}
        self._describe = None
        self.endResetModel()

    def remove_codings(self, coding_ids: Iterable[str]) -> None:
        """Take the rows of these codings out (ids not listed are ignored)."""
        gone = set(coding_ids)
        if not gone:
            return
        rows = [row for row, coding in enumerate(self._codings) if coding.id in gone]
        for row in reversed(rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            self._made.pop(self._codings.pop(row).id, None)
            self.endRemoveRows()

    def insert_codings(self, codings: Iterable[Coding]) -> None:
        """Put new codings in their place in the listing order."""
        for coding in sorted(codings, key=listing_order):
            row = bisect_left(self._codings, listing_order(coding), key=listing_order)
            self.beginInsertRows(QModelIndex(), row, row)
            self._codings.insert(row, coding)
            self.endInsertRows()

    def codings(self) -> list[Coding]:
        return list(self._codings)

    def segment_at(self, row: int) -> RetrievedSegment | None:
        if not 0 <= row < len(self._codings):
            return None
        coding = self._codings[row]
        segment = self._made.get(coding.id)
        if segment is None and self._describe is not None:
            segment = self._made[coding.id] = self._describe(coding)
        return segment

    def row_total(self) -> int:
        return len(self._codings)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        segment = self.segment_at(index.row()) if index.isValid() else None
        if segment is None:
            return None
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
