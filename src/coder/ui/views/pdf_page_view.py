"""The page view: a PDF source's pages as printed, coded like the text view.

It offers what the coding actions use on the text view (``source``, :meth:`selected_span`,
:meth:`select_span`, :meth:`clear_selection`, :meth:`chosen_coding`, ``index``,
:meth:`apply_changes`, the context menu, dragging a selection onto a code, the margin's
signals), so every way of coding works here too. A selection is made with the mouse on the
page; it runs, like the stored text, from the character under the press to the one under the
release, and it is the same code-point span as in the text view.

Pages appear at once and are drawn lazily (see :mod:`pdf_page_pixmaps`); the characters are
matched to the stored text a few pages per turn of the event loop, after which codings show
and the mouse selects. Pages whose text cannot be matched are shown read-only, with a sentence
saying why.
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_right
from collections.abc import Iterator, Sequence

from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QDrag,
    QHelpEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QMenu, QToolTip, QWidget

from coder.domain.errors import CoderError
from coder.domain.model import Coding, SourceInfo
from coder.services.pdf_pages import SourcePages, source_pages
from coder.ui import errors
from coder.ui.models.codebook_tree_model import SPAN_MIME
from coder.ui.session import Session
from coder.ui.views.coding_index import CodingIndex
from coder.ui.views.coding_margin import BACKGROUND as MARGIN_BACKGROUND
from coder.ui.views.pdf_page_geometry import PageGeometry
from coder.ui.views.pdf_page_marks import PageMarks
from coder.ui.views.pdf_page_pixmaps import PagePixmaps
from coder.ui.views.shown_codings import ShowsCodings

READ_SLICE = 0.015  # seconds of matching pages to text per turn of the event loop
MIN_FIT_SCALE = 0.75  # pixels per point: narrower views scroll sideways rather than shrink the text
ZOOMS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0)
_WORD = re.compile(r"\w+", re.UNICODE)


class PdfPageView(ShowsCodings, QAbstractScrollArea):
    sig_span_selected = Signal(object)  # (start, end) in code points, or None
    sig_coding_chosen = Signal(object)  # the Coding clicked in the margin, or None
    sig_menu_requested = Signal(object)  # a QMenu to fill before it is shown

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.source: SourceInfo | None = None
        self.index = CodingIndex()
        self.chosen_coding_id: str | None = None
        self.pages: SourcePages | None = None
        self.geometry_: PageGeometry | None = None
        self.zoom: float | None = None  # None: the pages fill the view's width
        self.opened_at = self.first_shown_at = 0.0  # perf_counter times, for the benchmark
        self.margin = self.marks = PageMarks(self)
        self.marks.sig_coding_clicked.connect(self.choose_coding)
        self.pixmaps = PagePixmaps(self)
        self.pixmaps.sig_page_drawn.connect(lambda _page: self.viewport().update())
        self._anchor: int | None = None
        self._focus: int | None = None
        self._selecting = False
        self._drag_from: QPointF | None = None
        self._pending: tuple[int, int] | None = None  # a span to select once characters are matched
        self._pending_top: int | None = None
        self._reader: Iterator[int] | None = None
        self._read_timer = QTimer(self, singleShot=True, interval=0)
        self._read_timer.timeout.connect(self._read_some)
        self.banner = QLabel(self.viewport())
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background:#fff6d6; border:1px solid #d8c78a; padding:6px; color:#3a3a3a;")
        self.banner.hide()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._on_scrolled)
        self.zoom_actions = [
            self._action("Zoom in", lambda: self.step_zoom(1), "Ctrl++", "Ctrl+="),
            self._action("Zoom out", lambda: self.step_zoom(-1), "Ctrl+-"),
            self._action("Fit page width", lambda: self.set_zoom(None), "Ctrl+0"),
        ]
        self._action("Copy", self.copy, QKeySequence(QKeySequence.StandardKey.Copy).toString())

    def _action(self, text: str, slot: object, *keys: str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    # ------------------------------------------------------------------ content

    def show_source(self, source: SourceInfo | None, codings: Sequence[Coding] = ()) -> None:
        """Show a PDF source's pages; its characters are matched to its text in the background."""
        self._close_pages()
        self.source = source
        self.index = CodingIndex(codings)
        self.chosen_coding_id = None
        self._anchor = self._focus = self._pending = self._pending_top = None
        self.marks.reset(None)
        self.opened_at, self.first_shown_at = time.perf_counter(), 0.0
        self.banner.hide()
        if source is not None and source.format == "pdf":
            try:
                self.pages = source_pages(self.session.project, source)
            except CoderError as error:
                self._say(errors.message_for(error).rstrip(".") + ".")
            else:
                self._reader = self.pages.read()
                next(self._reader, None)  # opens the PDF: its pages can be drawn from now on
                if self.pages.pages is None:
                    self._say(self.pages.problem or "")
                else:
                    self.pixmaps.reset(self._pixels)
                    self._read_timer.start()
        elif source is not None:
            self._say("The page view shows PDF sources; this source is shown in the text view.")
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def _pixels(self, page: int, scale: float) -> tuple[int, int, int, bytes]:
        """A page's picture from the PDF that is open now (matching may open another one)."""
        files = self.pages.pages if self.pages is not None else None
        try:
            if files is not None:
                return files.pixels(page, scale)
        except CoderError as error:
            self._say(str(error))
        width, height = files.page_sizes[page] if files is not None else (1.0, 1.0)
        columns, rows = max(1, round(width * scale)), max(1, round(height * scale))
        return columns, rows, 3 * columns, b"\xff" * (3 * columns * rows)  # a blank page

    def _close_pages(self) -> None:
        self._read_timer.stop()
        self._reader = None
        self.pixmaps.reset(None)
        if self.pages is not None:
            self.pages.close()
            self.pages = None
        self.geometry_ = None

    def _read_some(self) -> None:
        """Match pages to the text for a short while, then let the window breathe."""
        if self._reader is None or self.pages is None:
            return
        deadline = time.perf_counter() + READ_SLICE
        for _ in self._reader:
            if time.perf_counter() > deadline:
                self._read_timer.start()
                return
        self._reader = None
        if not self.pages.matched:
            self._say(self.pages.problem or "")
        self.marks.reset(self.pages.positions)
        self._relayout()
        if self._pending_top is not None:
            self.scroll_to_offset(self._pending_top)
        if self._pending is not None:
            self.select_span(*self._pending)
        self._pending = self._pending_top = None
        self.viewport().update()

    @property
    def ready(self) -> bool:
        """The characters are matched: selecting and coding on the page work."""
        return self.pages is not None and self.pages.matched

    def _say(self, sentence: str) -> None:
        self.banner.setText(sentence)
        self.banner.setVisible(bool(sentence))
        self._place_banner()

    def _place_banner(self) -> None:
        width = max(200, self.viewport().width() - 40)
        self.banner.setFixedWidth(width)
        self.banner.adjustSize()
        self.banner.move(20, 10)

    def _codings_changed(self) -> None:
        self.marks.invalidate()
        self._relayout()
        self.viewport().update()

    # ------------------------------------------------------------------ layout and zoom

    def _relayout(self) -> None:
        top_page, fraction = self._top_place()
        files = self.pages.pages if self.pages is not None else None
        if files is None:
            self.geometry_ = None
            self.verticalScrollBar().setRange(0, 0)
            self.horizontalScrollBar().setRange(0, 0)
            return
        room_left = float(PageMarks.width(self.index.lane_count))
        room = max(100.0, self.viewport().width() - room_left)
        widest = max(w for w, _h in files.page_sizes)
        if self.zoom is None:
            scale = min(4.0, max(MIN_FIT_SCALE, (room - 28) / widest))
        else:
            scale = self.zoom * self.logicalDpiX() / 72
        self.geometry_ = PageGeometry(files.page_sizes, files.page_turns, scale, room_left, room)
        viewport = self.viewport()
        vertical, horizontal = self.verticalScrollBar(), self.horizontalScrollBar()
        vertical.setRange(0, max(0, int(self.geometry_.height - viewport.height())))
        vertical.setPageStep(viewport.height())
        vertical.setSingleStep(40)
        horizontal.setRange(0, max(0, int(self.geometry_.width - viewport.width())))
        horizontal.setPageStep(viewport.width())
        if top_page is not None:
            rect = self.geometry_.rects[top_page]
            vertical.setValue(int(rect.top() + fraction * rect.height()))
        self.marks.invalidate()

    def _top_place(self) -> tuple[int | None, float]:
        """The page at the top of the view and how far down it the view starts."""
        if self.geometry_ is None or not len(self.geometry_):
            return None, 0.0
        top = self.verticalScrollBar().value()
        page = self.geometry_.page_at(QPointF(0, top))
        rect = self.geometry_.rects[page]
        return page, (top - rect.top()) / max(rect.height(), 1.0)

    def set_zoom(self, zoom: float | None) -> None:
        self.zoom = zoom
        self._relayout()
        self.viewport().update()

    def step_zoom(self, step: int) -> None:
        current = self.geometry_.scale * 72 / self.logicalDpiX() if self.geometry_ else 1.0
        if step > 0:
            zoom = next((z for z in ZOOMS if z > current + 0.01), ZOOMS[-1])
        else:
            zoom = next((z for z in reversed(ZOOMS) if z < current - 0.01), ZOOMS[0])
        self.set_zoom(zoom)

    # ------------------------------------------------------------------ positions

    def _offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def caret_at(self, point: QPointF) -> int | None:
        """The gap between characters nearest to a viewport point, as a code-point offset."""
        if not self.ready or self.geometry_ is None:
            return None
        content = point + self._offset()
        page = self.geometry_.page_at(content)
        x, y = self.geometry_.point_on_page(page, content)
        return self.pages.positions.caret_at(page, x, y)  # type: ignore[union-attr]

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span, or None when nothing is selected."""
        if self._anchor is None or self._focus is None or self._anchor == self._focus:
            return None
        return min(self._anchor, self._focus), max(self._anchor, self._focus)

    def select_span(self, start: int, end: int) -> None:
        """Select ``[start, end)`` (code points) and bring it into view."""
        if not self.ready:
            self._pending = (start, end)
            return
        self.scroll_to_offset(start, only_if_hidden=True)
        self._set_selection(start, end)

    def clear_selection(self) -> None:
        self._set_selection(None, None)

    def _set_selection(self, anchor: int | None, focus: int | None) -> None:
        before = self.selected_span()
        self._anchor, self._focus = anchor, focus
        if self.selected_span() != before:
            self.viewport().update()
            self.sig_span_selected.emit(self.selected_span())

    def scroll_to_offset(self, offset: int, only_if_hidden: bool = False) -> None:
        """Scroll so the line holding ``offset`` is near the top (when it is not on screen already)."""
        if self.geometry_ is None or self.source is None:
            return
        if not self.ready:
            self._pending_top = offset
            starts = self.source.page_starts or (0,)
            page = max(0, bisect_right(starts, offset) - 1)
            self.verticalScrollBar().setValue(int(self.geometry_.rects[page].top()) - 8)
            return
        boxes = self.marks.boxes(offset, offset + 1) or self.marks.boxes(offset, offset + 200)[:1]
        if boxes:
            page, box = boxes[0]
            rect = self.geometry_.box_to_view(page, box)
        else:
            rect = self.geometry_.rects[self.pages.positions.page_of(offset)]  # type: ignore[union-attr]
        left, width = self.horizontalScrollBar().value(), self.viewport().width()
        if not left + PageMarks.width(self.index.lane_count) <= rect.left() <= left + width - 20:
            self.horizontalScrollBar().setValue(
                int(rect.left() - PageMarks.width(self.index.lane_count) - 40)
            )
        top, height = self.verticalScrollBar().value(), self.viewport().height()
        if only_if_hidden and top <= rect.top() and rect.bottom() <= top + height:
            return
        self.verticalScrollBar().setValue(int(rect.top() - min(60, height / 4)))

    def top_offset(self) -> int | None:
        """The offset of the text at the top left of the view."""
        return self.caret_at(QPointF(PageMarks.width(self.index.lane_count) + 1, 1))

    # ------------------------------------------------------------------ codings shown

    def choose_coding(self, coding_id: str | None) -> None:
        """Make a coding the chosen one (from its stripe): its text is selected, its stripe framed."""
        coding = self.index.by_id.get(coding_id) if coding_id else None
        self.chosen_coding_id = coding.id if coding else None
        if coding is not None:
            self.select_span(coding.start, coding.end)
        self.viewport().update()
        self.sig_coding_chosen.emit(coding)

    def _describe_stripe(self, coding: Coding) -> tuple[str, str, str]:
        code = self.session.codebook.by_id.get(coding.code_id)
        session = self.session
        several = session.visible_coder_ids() != [session.coder.id]
        coder = session.coder_name(coding.coder_id) if several else ""
        return (code.name if code else "?", code.colour if code else "#999999", coder)

    def _colour_of(self, code_id: str) -> str:
        code = self.session.codebook.by_id.get(code_id)
        return code.colour if code else "#cccccc"

    def _stripes(self) -> list:
        if self.geometry_ is None:
            return []
        return self.marks.stripes(
            self.geometry_,
            self._visible_pages(),
            self.index,
            self._offset(),
            self.viewport().height(),
            self._describe_stripe,
        )

    def _visible_pages(self) -> range:
        if self.geometry_ is None:
            return range(0)
        top = self.verticalScrollBar().value()
        return self.geometry_.pages_between(top, top + self.viewport().height())

    # ------------------------------------------------------------------ painting

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor("#d9d9d6"))
        margin = PageMarks.width(self.index.lane_count)
        painter.fillRect(QRectF(0, 0, margin, self.viewport().height()), QColor(MARGIN_BACKGROUND))
        geometry = self.geometry_
        if geometry is None:
            painter.end()
            return
        offset = self._offset()
        visible = self._visible_pages()
        scale = geometry.scale * self.devicePixelRatioF()
        painter.setClipRect(QRectF(margin, 0, self.viewport().width() - margin, self.viewport().height()))
        painter.translate(-offset)
        for page in visible:
            self._paint_page(painter, geometry, page, scale, first=page == visible[0])
        painter.resetTransform()
        painter.setClipping(False)
        self.marks.paint_stripes(painter, self._stripes(), self.chosen_coding_id)
        painter.end()
        if self.pages is not None and self.pages.problem and not self.banner.isVisible():
            self._say(self.pages.problem)  # a page read differently from its text just now
        wanted = [*visible, visible[-1] + 1, visible[0] - 1] if visible else []
        self.pixmaps.want([p for p in wanted if 0 <= p < len(geometry)], scale)

    def _paint_page(
        self, painter: QPainter, geometry: PageGeometry, page: int, scale: float, first: bool
    ) -> None:
        rect = geometry.rects[page]
        picture = self.pixmaps.picture(page, scale)
        if picture is None and first:
            picture = self.pixmaps.draw_now(page, scale)
        if picture is None:
            painter.fillRect(rect, QColor("white"))
        else:
            painter.drawPixmap(rect, picture, QRectF(picture.rect()))
            if not self.first_shown_at:
                self.first_shown_at = time.perf_counter()
        painter.setPen(QColor("#b8b8b4"))
        painter.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
        if not self.ready:
            return
        start, end = self.pages.positions.page_range(page)  # type: ignore[union-attr]
        codings = self.index.overlapping(start, end)
        self.marks.paint_highlights(painter, geometry, page, codings, self._colour_of, self.chosen_coding_id)
        span = self.selected_span()
        if span is not None and span[0] < end and span[1] > start:
            self.marks.paint_selection(painter, geometry, page, span)

    # ------------------------------------------------------------------ Qt events

    def _on_scrolled(self, _value: int) -> None:
        self.marks.invalidate()
        self.viewport().update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._relayout()
        self._place_banner()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.step_zoom(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            under = self._codings_under(QPointF(event.pos()))
            if under:
                QToolTip.showText(event.globalPos(), self.describe(under), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _codings_under(self, point: QPointF) -> list[Coding]:
        stripe = self.marks.stripe_at(self._stripes(), point)
        if stripe is not None:
            return [stripe.coding]
        caret = self.caret_at(point)
        if caret is None or self.geometry_ is None:
            return []
        content = point + self._offset()
        positions = self.pages.positions  # type: ignore[union-attr]
        for offset in (caret, caret - 1):
            if 0 <= offset < positions.length:
                box = positions.box(offset)
                page = positions.page_of(offset)
                if box is not None and self.geometry_.box_to_view(page, box).contains(content):
                    return self.index.at(offset)
        return []

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = event.position()
        stripe = self.marks.stripe_at(self._stripes(), point)
        if stripe is not None:
            self.marks.sig_coding_clicked.emit(stripe.coding.id)
            if event.button() == Qt.MouseButton.RightButton:
                menu = QMenu(self)
                self.marks.sig_menu_requested.emit(menu, stripe.coding.id)
                if not menu.isEmpty():
                    menu.popup(event.globalPosition().toPoint())
            event.accept()
            return
        if event.button() != Qt.MouseButton.LeftButton or point.x() < PageMarks.width(self.index.lane_count):
            return
        if self.chosen_coding_id is not None:
            self.chosen_coding_id = None
            self.sig_coding_chosen.emit(None)
            self.viewport().update()
        caret = self.caret_at(point)
        if caret is None:
            return
        span = self.selected_span()
        if span is not None and self._in_selection(point, span):
            self._drag_from = point
            return
        self._selecting = True
        self._set_selection(caret, caret)

    def _in_selection(self, point: QPointF, span: tuple[int, int]) -> bool:
        if self.geometry_ is None:
            return False
        content = point + self._offset()
        return any(self.geometry_.box_to_view(p, box).contains(content) for p, box in self.marks.boxes(*span))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        point = event.position()
        if self._drag_from is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if (point - self._drag_from).manhattanLength() >= QApplication.startDragDistance():
                self._drag_from = None
                self._start_drag()
            return
        if self._selecting and event.buttons() & Qt.MouseButton.LeftButton:
            caret = self.caret_at(point)
            if caret is not None:
                self._set_selection(self._anchor, caret)
            return
        over = self.marks.stripe_at(self._stripes(), point) is not None
        shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
        self.viewport().setCursor(shape if self.ready else Qt.CursorShape.ArrowCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag_from is not None:
            self._drag_from = None
            caret = self.caret_at(event.position())
            self._set_selection(caret, caret)
        self._selecting = False

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        caret = self.caret_at(event.position())
        if caret is None or self.source is None:
            return
        text = self.session.text(self.source.id)
        for match in _WORD.finditer(text, max(0, caret - 100), min(len(text), caret + 100)):
            if match.start() <= caret <= match.end():
                self._set_selection(match.start(), match.end())
                return

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        if self.marks.stripe_at(self._stripes(), QPointF(event.pos())) is not None:
            return
        menu = QMenu(self)
        self.sig_menu_requested.emit(menu)
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addAction("Copy", self.copy).setEnabled(self.selected_span() is not None)
        menu.exec(event.globalPos())

    def copy(self) -> None:
        span = self.selected_span()
        if span is not None and self.source is not None:
            QApplication.clipboard().setText(self.session.text(self.source.id)[span[0] : span[1]])

    def selection_mime(self) -> QMimeData:
        """What dragging the selection carries: its text and its span, to drop onto a code."""
        mime = QMimeData()
        span = self.selected_span()
        if span is not None and self.source is not None:
            mime.setText(self.session.text(self.source.id)[span[0] : span[1]])
            payload = {"source_id": self.source.id, "start": span[0], "end": span[1]}
            mime.setData(SPAN_MIME, json.dumps(payload).encode())
        return mime

    def _start_drag(self) -> None:
        drag = QDrag(self)
        drag.setMimeData(self.selection_mime())
        drag.exec(Qt.DropAction.CopyAction)
