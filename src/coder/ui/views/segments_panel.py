"""Coded segments of the chosen code across all sources; double-click jumps to the passage."""

from __future__ import annotations

import html
from dataclasses import dataclass
from math import ceil

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QTextLayout, QTextOption
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.domain.model import Coding
from coder.ui.changes import Changed
from coder.ui.models.segment_table_model import (
    COL_CODE,
    COL_CODER,
    COL_MEMO,
    COL_SOURCE,
    COL_TEXT,
    RetrievedSegment,
    SegmentRole,
    SegmentTableModel,
    with_context,
)
from coder.ui.session import Session
from coder.ui.views.swatches import stripe_colour

PADDING = 3
MAX_LAYOUTS = 400  # laid-out rows kept for repainting (a screen shows a few dozen)
PATCH_LIMIT = 500  # a change touching more codings than this reloads the list instead
CONTEXT_GAP = 2


@dataclass(frozen=True)
class SegmentLayout:
    """A segment laid out in a cell: the passage first, whole and wrapped, then its context."""

    passage: QTextLayout
    passage_height: float
    context: QTextLayout | None
    height: int  # of the whole cell
    source: RetrievedSegment | None = None  # what was laid out (a changed memo makes a new segment)


def wrapped(text: str, font: QFont, width: float) -> tuple[QTextLayout, float]:
    """``text`` broken into lines of ``width`` (at word boundaries, or anywhere in a long word)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout, y


def segment_layout(segment: RetrievedSegment, font: QFont, width: int) -> SegmentLayout:
    inner = max(width - 2 * PADDING, 24)
    passage, passage_height = wrapped(segment.text, font, inner)
    height = PADDING + passage_height + PADDING
    context = None
    if segment.before.strip() or segment.after.strip():
        context, context_height = wrapped(f"{segment.before}[…]{segment.after}", font, inner)
        height += CONTEXT_GAP + context_height
    return SegmentLayout(passage, passage_height, context, ceil(height), segment)


class SegmentDelegate(QStyledItemDelegate):
    """Paints a segment as :func:`segment_layout` lays it out; rows are as tall as it needs.

    Plain text layouts (no HTML) keep measuring thousands of rows quick.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self._heights: dict[tuple[str, int], int] = {}
        self._layouts: dict[tuple[str, int], SegmentLayout] = {}  # the rows painted lately

    def forget(self) -> None:
        """Drop the measured heights and laid-out rows (the segments were replaced)."""
        self._heights.clear()
        self._layouts.clear()

    def layout_of(self, segment: RetrievedSegment, width: int) -> SegmentLayout:
        """The segment laid out at ``width``; kept, so that a repaint does not wrap its text again."""
        key = (segment.coding.id, width)
        layout = self._layouts.get(key)
        if layout is None or layout.source is not segment:
            if len(self._layouts) > MAX_LAYOUTS:
                self._layouts.clear()
            layout = self._layouts[key] = segment_layout(segment, self.table.font(), width)
        return layout

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        segment = index.data(SegmentRole)
        if not isinstance(segment, RetrievedSegment):
            return super().sizeHint(option, index)
        width = self.table.columnWidth(COL_TEXT)
        key = (segment.coding.id, width)
        height = self._heights.get(key)
        if height is None:
            height = self._heights[key] = self.layout_of(segment, width).height
        return QSize(width, height)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        segment = index.data(SegmentRole)
        if not isinstance(segment, RetrievedSegment):
            return super().paint(painter, option, index)
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        layout = self.layout_of(segment, option.rect.width())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setClipRect(option.rect)
        top = QPointF(option.rect.left() + PADDING, option.rect.top() + PADDING)
        box = QRectF(
            top.x() - 2, top.y() - 1, option.rect.width() - 2 * PADDING + 4, layout.passage_height + 2
        )
        if not selected:
            painter.fillRect(box, QColor(segment.colour))
        painter.fillRect(QRectF(box.left(), box.top(), 2, box.height()), stripe_colour(segment.colour))
        text = option.palette.highlightedText() if selected else option.palette.text()
        painter.setPen(text.color())
        layout.passage.draw(painter, top)
        if layout.context is not None:
            painter.setPen(text.color() if selected else QColor("#7a7a7a"))
            layout.context.draw(painter, top + QPointF(0, layout.passage_height + CONTEXT_GAP))
        painter.restore()


COLUMN_SHARES = {COL_SOURCE: 0.16, COL_CODE: 0.15, COL_CODER: 0.09, COL_MEMO: 0.13}


class SegmentsPanel(QWidget):
    sig_segment_activated = Signal(object)  # Coding

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.code_id: str | None = None
        self._shown_ids: set[str] = set()
        self.model = SegmentTableModel(self)
        self.title = QLabel()
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setWordWrap(True)
        self.include_children = QCheckBox("Include sub-codes", checked=True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.delegate = SegmentDelegate(self.table)
        self.table.setItemDelegateForColumn(COL_TEXT, self.delegate)
        self.model.modelReset.connect(self.delegate.forget)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        # Rows on screen are made as tall as their whole passage (and context) wrapped in the
        # column's width; measuring only those keeps a code with thousands of segments quick.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 + 10)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._fit_rows = QTimer(self, singleShot=True, interval=0)
        self._fit_rows.timeout.connect(self.fit_visible_rows)
        self.table.verticalScrollBar().valueChanged.connect(lambda _value: self._fit_rows.start())
        self.model.modelReset.connect(lambda: self._fit_rows.start())
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.table.viewport().installEventFilter(self)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.title, 1)
        top.addWidget(self.include_children)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.include_children.toggled.connect(self._on_include_children_toggled)
        self.show_code(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """The passage gets about half the width; source, code, coder and memo share the rest."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            width = self.table.viewport().width()
            header = self.table.horizontalHeader()
            for column, share in COLUMN_SHARES.items():
                header.resizeSection(column, max(header.minimumSectionSize(), int(width * share)))
            self._fit_rows.start()
        return super().eventFilter(watched, event)

    def fit_visible_rows(self) -> None:
        """Give the rows on screen the height their segment needs (rows grown push others down)."""
        rows = self.model.rowCount()
        if not rows:
            return
        table, header = self.table, self.table.verticalHeader()
        option = QStyleOptionViewItem()
        option.font = table.font()
        for _ in range(4):  # grown rows show fewer rows: measure again until nothing changes
            first = max(table.rowAt(0), 0)
            last = table.rowAt(table.viewport().height() - 1)
            last = rows - 1 if last < 0 else min(rows - 1, last + 2)
            changed = False
            for row in range(first, last + 1):
                height = self.delegate.sizeHint(option, self.model.index(row, COL_TEXT)).height()
                if header.sectionSize(row) != height:
                    header.resizeSection(row, height)
                    changed = True
            if not changed:
                return

    def show_code(self, code_id: str | None) -> None:
        self.code_id = code_id if code_id in self.session.codebook.by_id else None
        self.reload()

    def reload(self) -> None:
        book = self.session.codebook
        code = book.by_id.get(self.code_id or "")
        if code is None:
            self.code_id = None
            self._shown_ids = set()
            self.title.setText(
                "<b>Coded segments</b> — choose a code to list its segments across all sources"
            )
            self.model.set_segments([])
            return
        ids = [code.id]
        if self.include_children.isChecked():
            ids += [c.id for c in book.descendants(code.id)]
        self._shown_ids = set(ids)
        shown = self.session.codings_of_codes(ids)
        self.model.set_codings(shown, self._describe)
        self._show_title()

    def _describe(self, coding: Coding) -> RetrievedSegment:
        """A listed coding as the list shows it (made only for rows a view asks for)."""
        source = self.session.source(coding.source_id)
        before, middle, after = with_context(self.session.text(coding.source_id), coding.start, coding.end)
        own = self.session.codebook.by_id.get(coding.code_id)
        return RetrievedSegment(
            coding=coding,
            source=source.name if source else "?",
            code=own.name if own else "?",
            coder=self.session.coder_name(coding.coder_id),
            before=before,
            text=middle,
            after=after,
            colour=own.colour if own else "#fff3b0",
        )

    def _show_title(self) -> None:
        code = self.session.codebook.by_id.get(self.code_id or "")
        if code is None:
            return
        count = self.model.rowCount()
        self.title.setText(
            f"<b>Coded segments</b> — <span style='color:{QColor(code.colour).name()}'>■</span> "
            f"{html.escape(code.name)}: {count} segment{'s' * (count != 1)}"
        )

    def apply_changes(self, changed: Changed) -> None:
        """Follow a change: a few added, removed or changed codings are patched in, more reload the list."""
        if changed.everything or changed.codebook or changed.sources:
            self.reload()
            return
        if self.code_id is None or not changed.codings:
            return
        touched = len(changed.added) + len(changed.removed) + len(changed.updated)
        if touched > PATCH_LIMIT:
            if changed.updated or changed.code_ids() & self._shown_ids:
                self.reload()
            return
        self.model.remove_codings(c.id for group in (changed.removed, changed.updated) for c in group)
        self.model.insert_codings(
            c
            for group in (changed.added, changed.updated)
            for c in group
            if c.code_id in self._shown_ids and self.session.is_visible(c)
        )
        self._show_title()
        self._fit_rows.start()

    def _on_include_children_toggled(self, _checked: bool) -> None:
        self.reload()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        segment = self.model.segment_at(index.row())
        if segment is not None:
            self.sig_segment_activated.emit(segment.coding)
