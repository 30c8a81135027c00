"""Coded segments of the chosen code across all sources; double-click jumps to the passage."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
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


class ContextDelegate(QStyledItemDelegate):
    """The coded text in full colour between greyed context, wrapped within the cell."""

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
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(2)
        document.setHtml(
            f"<span style='color:#888'>{html.escape(segment.before)}</span>"
            f"<span style='background:{segment.colour}'>{html.escape(segment.text)}</span>"
            f"<span style='color:#888'>{html.escape(segment.after)}</span>"
        )
        document.setTextWidth(option.rect.width())
        painter.save()
        painter.translate(option.rect.topLeft())
        clip = QRectF(0, 0, option.rect.width(), whole_lines_height(document, option.rect.height()))
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        if option.state & QStyle.StateFlag.State_Selected:
            context.palette.setColor(QPalette.ColorRole.Text, option.palette.highlightedText().color())
        document.documentLayout().draw(painter, context)
        painter.restore()


def whole_lines_height(document: QTextDocument, available: float) -> float:
    """The height of the lines that fit entirely, so no line shows cut in half."""
    block = document.firstBlock()
    top = document.documentLayout().blockBoundingRect(block).top()
    layout = block.layout()
    fitting = 0.0
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        bottom = top + line.y() + line.height()
        if bottom > available:
            break
        fitting = bottom
    return fitting or available


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
        self.include_children = QCheckBox("Include sub-codes", checked=True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COL_TEXT, ContextDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 3 + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((COL_SOURCE, 150), (COL_CODE, 130), (COL_CODER, 90), (COL_MEMO, 160)):
            header.resizeSection(column, width)
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
        names = {s.id: s.name for s in self.session.sources}
        segments = []
        for coding in self.session.codings_of_codes(ids):
            text = self.session.text(coding.source_id)
            before, middle, after = with_context(text, coding.start, coding.end)
            own = book.by_id.get(coding.code_id)
            segment = RetrievedSegment(
                coding=coding,
                source=names.get(coding.source_id, "?"),
                code=own.name if own else "?",
                coder=self.session.coder_name(coding.coder_id),
                before=before,
                text=middle,
                after=after,
                colour=own.colour if own else "#fff3b0",
            )
            segments.append(segment)
        self.model.set_segments(segments)
        count = len(segments)
        self.title.setText(
            f"<b>Coded segments</b> — <span style='color:{code.colour}'>■</span> "
            f"{html.escape(code.name)}: {count} segment{'s' * (count != 1)}"
        )

    def apply_changes(self, changed: Changed) -> None:
        """Reload when the change can touch the listed segments (not for codings of other codes)."""
        if changed.everything or changed.codebook or changed.sources or changed.updated:
            self.reload()
        elif changed.codings and changed.code_ids() & self._shown_ids:
            self.reload()

    def _on_include_children_toggled(self, _checked: bool) -> None:
        self.reload()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        segment = self.model.segment_at(index.row())
        if segment is not None:
            self.sig_segment_activated.emit(segment.coding)
