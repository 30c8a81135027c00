"""Search hits as tables (in sources, in memos), and a delegate that emphasises the hit in its context.

The context is drawn as plain text with the hit in bold on a highlight: nothing from a source or a
memo is ever read as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QTextCharFormat, QTextLayout
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from coder.domain.memos import CODE, SOURCE
from coder.services.search import MemoHit, SourceHit
from coder.ui.models.headers import FlatTableModel
from coder.ui.text_positions import TextPositions

HitRole = Qt.ItemDataRole.UserRole + 1
ContextRole = Qt.ItemDataRole.UserRole + 2  # (before, hit, after) of the context column
HIT_BACKGROUND = "#ffe27a"
ModelIndex = QModelIndex | QPersistentModelIndex
H = TypeVar("H", SourceHit, MemoHit)


class _HitsModel(FlatTableModel, Generic[H]):
    CONTEXT_COLUMN = 0

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[H] = []

    def set_hits(self, hits: Sequence[H]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hits(self) -> list[H]:
        return list(self._hits)

    def hit_at(self, row: int) -> H | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def row_total(self) -> int:
        return len(self._hits)

    def cells(self, hit: H) -> tuple[Any, ...]:
        raise NotImplementedError

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        hit = self.hit_at(index.row()) if index.isValid() else None
        if hit is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(hit)[index.column()]
        if role == ContextRole and index.column() == self.CONTEXT_COLUMN:
            return (hit.before, " ".join(hit.text.split()), hit.after)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.CONTEXT_COLUMN:
            return f"{hit.before}{hit.text}{hit.after}"
        if role == HitRole:
            return hit
        return None


class SourceHitsModel(_HitsModel[SourceHit]):
    HEADERS = ("Source", "Line", "Hit in context")
    CONTEXT_COLUMN = 2

    def cells(self, hit: SourceHit) -> tuple[Any, ...]:
        return (hit.source, hit.line, f"{hit.before}{hit.text}{hit.after}")

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


def memo_label(hit: MemoHit) -> str:
    if hit.kind == SOURCE:
        return f"Source memo · {hit.where}"
    if hit.kind == CODE:
        return f"Code memo · {hit.where}"
    return f"Journal · {hit.where}" if hit.where else "Journal entry"


class MemoHitsModel(_HitsModel[MemoHit]):
    HEADERS = ("Memo", "By", "Hit in context")
    CONTEXT_COLUMN = 2

    def cells(self, hit: MemoHit) -> tuple[Any, ...]:
        return (memo_label(hit), hit.coder, f"{hit.before}{hit.text}{hit.after}")


class HitDelegate(QStyledItemDelegate):
    """Context in grey, the hit in bold on a highlight, scrolled so that the hit is in view."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        parts = index.data(ContextRole)
        if not parts:
            super().paint(painter, option, index)
            return
        before, hit, after = parts
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        text = f"{before}{hit}{after}"
        positions = TextPositions(text)
        start, end = positions.to_qt(len(before)), positions.to_qt(len(before) + len(hit))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context = QTextCharFormat()
        context.setForeground(option.palette.color(palette_role) if selected else QColor("#777777"))
        emphasis = QTextCharFormat()
        emphasis.setFontWeight(QFont.Weight.Bold)
        emphasis.setForeground(QColor("#000000"))
        emphasis.setBackground(QColor(HIT_BACKGROUND))
        layout = QTextLayout(text, option.font)
        layout.setFormats(
            [
                _range(0, start, context),
                _range(start, end - start, emphasis),
                _range(end, positions.qt_length - end, context),
            ]
        )
        layout.beginLayout()
        line = layout.createLine()
        line.setNumColumns(positions.qt_length)
        layout.endLayout()
        rect = option.rect.adjusted(4, 0, -4, 0)
        hit_left, hit_right = line.cursorToX(start)[0], line.cursorToX(end)[0]
        shift = 0.0
        if hit_right > rect.width():  # bring the hit into view, with some context before it
            shift = min(hit_left - rect.width() * 0.25, line.naturalTextWidth() - rect.width())
        painter.save()
        painter.setClipRect(rect)
        top = rect.top() + (rect.height() - line.height()) / 2
        layout.draw(painter, QPointF(rect.left() - max(shift, 0.0), top))
        painter.restore()


def _range(start: int, length: int, text_format: QTextCharFormat) -> QTextLayout.FormatRange:
    part = QTextLayout.FormatRange()
    part.start, part.length, part.format = start, length, text_format
    return part
