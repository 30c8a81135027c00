"""The document: a source's fixed text, its codings highlighted, stripes in the margin.

This is the one place where Qt positions meet model offsets: every position read from or given
to Qt goes through :class:`TextPositions`. Layout is lazy (``QPlainTextEdit``) and highlights are
recomputed for the visible range only, on scroll and resize.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from coder.domain.model import Coding, SourceInfo
from coder.ui.models.codebook_tree_model import SPAN_MIME
from coder.ui.session import Session
from coder.ui.text_positions import TextPositions
from coder.ui.views import highlighter
from coder.ui.views.coding_index import CodingIndex
from coder.ui.views.coding_margin import CodingMargin
from coder.ui.views.markdown_markup import MarkdownMarkup
from coder.ui.views.screen_lines import ScreenLines, shown_lines
from coder.ui.views.shown_codings import ShowsCodings

READING_PADDING = 200  # code points highlighted beyond the visible edges
EDGE = 0.15  # of the view's height: a passage jumped to within it is brought to the middle


class DocumentView(ShowsCodings, QPlainTextEdit):
    sig_span_selected = Signal(object)  # (start, end) in code points, or None
    sig_coding_chosen = Signal(object)  # the Coding clicked in the margin, or None
    sig_menu_requested = Signal(object)  # a QMenu to fill before it is shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source: SourceInfo | None = None
        self.positions = TextPositions("")
        self.index = CodingIndex()
        self.chosen_coding_id: str | None = None
        self.shown_range = (0, 0)  # the visible range when highlights were last computed
        self._runs: list[tuple[int, int, QColor]] = []  # highlighted runs, in Qt positions
        self._refreshing = False
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptDrops(False)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.12)
        self.setFont(font)
        self.document().setDocumentMargin(10)
        self.setPlaceholderText("Choose a source on the left, or import files (File ▸ Import files…).")
        self.markup = MarkdownMarkup()
        self.margin = CodingMargin(self)
        self.margin.sig_coding_clicked.connect(self.choose_coding)
        self.verticalScrollBar().valueChanged.connect(self._on_scrollbar_moved)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrollbar_moved)
        self.selectionChanged.connect(self._on_selection_changed)
        self._pending = QTimer(self, singleShot=True, interval=0)
        self._pending.timeout.connect(self.refresh)
        self._update_margin_width()

    # ------------------------------------------------------------------ content

    def show_source(self, source: SourceInfo | None, text: str = "", codings: Sequence[Coding] = ()) -> None:
        self.source = source
        # Markdown keeps its markup (offsets are the stored text's); the markup is only dimmed.
        self.markup.setDocument(self.document() if source is not None and source.format == "md" else None)
        self.positions = TextPositions(text)
        self.index = CodingIndex(codings)
        self.chosen_coding_id = None
        self._runs = []
        self._update_margin_width()  # before the text, so it is laid out once, at its final width
        self.setPlainText(text)
        self.refresh()

    def _codings_changed(self) -> None:
        self._update_margin_width()
        self.refresh()

    def page_starts(self) -> tuple[int, ...]:
        if self.source is None or self.source.format != "pdf":
            return ()
        return self.source.page_starts

    # ------------------------------------------------------------------ positions

    def visible_range(self) -> tuple[int, int]:
        """Code points from the top-left to the bottom-right of the viewport."""
        viewport = self.viewport()
        first = self.cursorForPosition(QPoint(0, 0)).position()
        last = self.cursorForPosition(QPoint(viewport.width(), viewport.height())).position()
        return self.positions.to_model(first), min(self.positions.length, self.positions.to_model(last) + 1)

    def _rect_at(self, offset: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(self.positions.to_qt(max(offset, 0)), self.positions.qt_length))
        return self.cursorRect(cursor)

    def line_top(self, offset: int) -> float:
        return float(self._rect_at(offset).top())

    def line_bottom(self, offset: int) -> float:
        return float(self._rect_at(offset).bottom())

    def screen_lines(self) -> ScreenLines:
        """The lines on screen now, measured once: ``line_top`` and ``line_bottom`` for many offsets."""
        return ScreenLines(self, self.positions.to_qt, self.line_top, self.line_bottom)

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span, or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.positions.span_to_model(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if start < end else None

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def select_span(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and bring it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.positions.to_qt(end))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        cursor.setPosition(self.positions.to_qt(start), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        self.show_cursor_calmly()
        self.refresh()

    def show_cursor_calmly(self) -> None:
        """After a jump, put the cursor in the middle of the view when it landed at an edge.

        Qt scrolls just far enough, which leaves a found passage on the last line, half hidden.
        """
        rect, height = self.cursorRect(), self.viewport().height()
        if rect.top() < height * EDGE or rect.bottom() > height * (1 - EDGE):
            self.centerCursor()

    # ------------------------------------------------------------------ codings shown

    def choose_coding(self, coding_id: str | None) -> None:
        """Make a coding the chosen one (from its stripe): its text is selected, its stripe framed."""
        coding = self.index.by_id.get(coding_id) if coding_id else None
        self.chosen_coding_id = coding.id if coding else None
        if coding is not None:
            self.select_span(coding.start, coding.end)
        self.refresh()
        self.sig_coding_chosen.emit(coding)

    def refresh(self) -> None:
        """Recompute highlights for what is on screen now and repaint the margin.

        Never nested: computing and setting highlights makes Qt lay out text it had not laid out,
        which changes line counts, hence the scroll range, hence the scroll value, whose signal
        asks for a refresh again. A nested ``setExtraSelections`` replaces the list the outer one
        is still walking (a crash), so a request made meanwhile runs once this one has finished.
        """
        if self._refreshing:
            self._pending.start()
            return
        self._refreshing = True
        try:
            self._refresh_now()
        finally:
            self._refreshing = False

    def _refresh_now(self) -> None:
        if self.document().characterCount() - 1 != self.positions.qt_length:
            return  # the text is being replaced; show_source refreshes once it is in
        self.shown_range = start, end = self.visible_range()
        start, end = max(0, start - READING_PADDING), min(self.positions.length, end + READING_PADDING)
        book = self.session.codebook

        def colour_of(code_id: str) -> str:
            code = book.by_id.get(code_id)
            return code.colour if code else "#cccccc"

        to_qt = self.positions.to_qt
        self._runs = [
            (to_qt(run_start), to_qt(run_end), colour)
            for run_start, run_end, colour in highlighter.coloured_runs(
                self.index.overlapping(start, end), start, end, colour_of
            )
        ]
        chosen = self.chosen_coding()
        underlined = []
        if chosen is not None:
            colour = colour_of(chosen.code_id)
            underlined = highlighter.underline(self.document(), self.positions, chosen, start, end, colour)
        self.setExtraSelections(underlined)
        self.viewport().update()
        self.margin.invalidate()

    def highlights(self) -> list[tuple[int, int, str]]:
        """What is highlighted now: (start, end, colour) in code points, in order."""
        to_model = self.positions.to_model
        return [(to_model(start), to_model(end), colour.name()) for start, end, colour in self._runs]

    def _paint_highlights(self, painter: QPainter, area: QRect) -> None:
        """Each run's background, line by line, as Qt would paint a selection (under the text)."""
        lines = shown_lines(self, area.top(), area.bottom())
        if not lines:
            return
        starts = [line.start for line in lines]
        for qt_start, qt_end, colour in self._runs:
            if qt_end <= lines[0].start or qt_start >= lines[-1].end:
                continue
            number = max(bisect_right(starts, qt_start) - 1, 0)
            while number < len(lines) and lines[number].start < qt_end:
                shown = lines[number]
                number += 1
                begin, finish = max(qt_start, shown.start), min(qt_end, shown.end)
                if begin >= finish:
                    continue
                one = shown.line.cursorToX(begin - shown.base)[0]
                other = shown.line.cursorToX(finish - shown.base)[0]
                left, width = min(one, other), max(abs(other - one), 1.0)  # right to left too
                painter.fillRect(QRectF(shown.x + left, shown.y, width, shown.height), colour)

    def _update_margin_width(self) -> None:
        width = self.margin.preferred_width()
        if width != self.viewportMargins().left():
            self.setViewportMargins(width, 0, 0, 0)
            # QPlainTextEdit re-wraps its text and recomputes its scroll range when its viewport is
            # resized, and re-wraps only when the width changed. A new margin resizes the viewport,
            # but when that happens within a resize Qt reports it as "no change", so the text stayed
            # wrapped wider than the viewport (behind a horizontal scroll bar), or the end could
            # not be reached. So tell it once more, as a change of width.
            size = self.viewport().size()
            QPlainTextEdit.resizeEvent(self, QResizeEvent(size, QSize(-1, size.height())))
        self._place_margin()

    def _place_margin(self) -> None:
        rect = self.contentsRect()
        self.margin.setGeometry(QRect(rect.left(), rect.top(), self.margin.preferred_width(), rect.height()))
        self.margin.invalidate()

    def visible_page_starts(self) -> list[tuple[int, int]]:
        """(page number, y) for each page that begins on screen."""
        starts = self.page_starts()
        if not starts:
            return []
        first, last = self.shown_range
        return [
            (number, int(self.line_top(offset)))
            for number, offset in enumerate(starts, start=1)
            if first <= offset <= last
        ]

    # ------------------------------------------------------------------ Qt events

    def _on_scrollbar_moved(self, _value: int) -> None:
        self.refresh()

    def _on_selection_changed(self) -> None:
        self.sig_span_selected.emit(self.selected_span())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._update_margin_width()
        self._pending.start()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self._runs:
            painter = QPainter(self.viewport())
            self._paint_highlights(painter, event.rect())
            painter.end()
        super().paintEvent(event)
        pages = self.visible_page_starts()
        if not pages:
            return
        painter = QPainter(self.viewport())
        painter.setPen(QColor("#9a9a9a"))
        for number, y in pages:
            if number > 1:
                painter.drawLine(0, y, self.viewport().width(), y)
        painter.end()

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            cursor = self.cursorForPosition(event.pos())
            offset = self.positions.to_model(cursor.position())
            under = self.index.at(offset) if cursor.position() < self.positions.qt_length else []
            if under:
                QToolTip.showText(event.globalPos(), self.describe(under), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.chosen_coding_id is not None and event.button() == Qt.MouseButton.LeftButton:
            self.chosen_coding_id = None
            self.sig_coding_chosen.emit(None)
            self.refresh()
        super().mousePressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        menu = QMenu(self)
        self.sig_menu_requested.emit(menu)
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addAction("Copy", self.copy).setEnabled(self.textCursor().hasSelection())
        menu.exec(event.globalPos())

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802
        """Dragging a selection carries its span, so it can be dropped onto a code."""
        mime = QMimeData()  # Qt's own text mime data lists fixed formats only, so copy what it offers
        mime.setText(self.textCursor().selection().toPlainText())
        span = self.selected_span()
        if span is not None and self.source is not None:
            payload = {"source_id": self.source.id, "start": span[0], "end": span[1]}
            mime.setData(SPAN_MIME, json.dumps(payload).encode())
        return mime
