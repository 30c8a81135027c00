"""Codings drawn on PDF pages: coloured highlights over their characters, stripes in the margin.

The margin is the strip left of the pages. As in the text view, overlapping codings sit side
by side in lanes, each stripe runs beside the lines its coding covers on the pages shown, and
the code's name stands at its top. :meth:`PageMarks.stripes` is the hit-test model that painting,
tooltips and clicks share; it also carries the margin's signals, as the text view's margin does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen

from coder.domain.model import Coding
from coder.domain.pdf_positions import Box, PagePositions
from coder.ui.views.coding_index import CodingIndex
from coder.ui.views.coding_margin import BAR_WIDTH, LANE_WIDTH, MAX_LANES, paint_label
from coder.ui.views.pdf_page_geometry import PageGeometry
from coder.ui.views.swatches import stripe_colour

LABEL_WIDTH = 150  # the page view's margin keeps a fixed room for code names

PADDING = 6
CACHED_SPANS = 4096


@dataclass(frozen=True, slots=True)
class PageStripe:
    coding: Coding
    rect: QRectF  # the coloured bar, in viewport pixels
    label_rect: QRectF
    label: str
    colour: str
    coder: str = ""


class PageMarks(QObject):
    """The codings' boxes on the pages, cached by span, and the margin they are listed in."""

    sig_coding_clicked = Signal(str)  # coding id
    sig_menu_requested = Signal(object, str)  # QMenu to fill, coding id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.positions: PagePositions | None = None
        self._boxes: dict[tuple[int, int], list[tuple[int, Box]]] = {}
        self._stripes: list[PageStripe] | None = None
        self.font = QFont()
        self.font.setPointSizeF(max(7.0, self.font.pointSizeF() * 0.85))
        self.metrics = QFontMetrics(self.font)

    def reset(self, positions: PagePositions | None) -> None:
        self.positions = positions
        self._boxes.clear()
        self.invalidate()

    def invalidate(self) -> None:
        self._stripes = None

    def boxes(self, start: int, end: int) -> list[tuple[int, Box]]:
        """``span_boxes`` of the positions, kept for spans asked for again (codings, selection)."""
        if self.positions is None:
            return []
        found = self._boxes.get((start, end))
        if found is None:
            if len(self._boxes) > CACHED_SPANS:
                self._boxes.clear()
            found = self._boxes[(start, end)] = self.positions.span_boxes(start, end)
        return found

    @staticmethod
    def width(lanes: int) -> int:
        return LABEL_WIDTH + max(1, min(lanes, MAX_LANES)) * LANE_WIDTH + 2 * PADDING

    # ------------------------------------------------------------------ highlights

    def paint_highlights(
        self,
        painter: QPainter,
        geometry: PageGeometry,
        page: int,
        codings: list[Coding],
        colour_of: Callable[[str], str],
        chosen: str | None,
    ) -> None:
        """Each coding's boxes on ``page``, multiplied onto the page picture (content pixels)."""
        painter.save()
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
        for coding in codings:
            colour = QColor(colour_of(coding.code_id))
            for rect in self._page_rects(geometry, page, coding.start, coding.end):
                painter.fillRect(rect, colour)
        painter.restore()
        if chosen is not None:
            framed = next((c for c in codings if c.id == chosen), None)
            if framed is not None:
                painter.setPen(QPen(QColor("#202020"), 1.5))
                for rect in self._page_rects(geometry, page, framed.start, framed.end):
                    painter.drawRect(rect.adjusted(-1, -1, 1, 1))

    def paint_selection(
        self, painter: QPainter, geometry: PageGeometry, page: int, span: tuple[int, int]
    ) -> None:
        fill, edge = QColor(51, 119, 221, 80), QPen(QColor(30, 80, 170), 1.2)
        for rect in self._page_rects(geometry, page, *span):
            painter.fillRect(rect, fill)
            painter.setPen(edge)  # framed, so a selection never looks like a blue code's highlight
            painter.drawRect(rect)

    def _page_rects(self, geometry: PageGeometry, page: int, start: int, end: int) -> list[QRectF]:
        return [geometry.box_to_view(p, box) for p, box in self.boxes(start, end) if p == page]

    # ------------------------------------------------------------------ the margin

    def stripes(
        self,
        geometry: PageGeometry,
        pages: range,
        index: CodingIndex,
        offset: QPointF,
        height: float,
        describe: Callable[[Coding], tuple[str, str, str]],
    ) -> list[PageStripe]:
        """The stripes beside the pages shown, in viewport pixels (``offset`` is the scroll).

        ``describe`` gives a coding's code name, colour and coder (empty with one coder shown).
        """
        if self._stripes is not None:
            return self._stripes
        found: list[PageStripe] = []
        if self.positions is None or not pages:
            self._stripes = found
            return found
        start = self.positions.page_range(pages[0])[0]
        end = self.positions.page_range(pages[-1])[1]
        line = self.metrics.height()
        right = self.width(index.lane_count) - PADDING  # lane 0 next to the pages
        bars: list[tuple[Coding, QRectF]] = []
        for coding in index.overlapping(start, end):
            rows = [
                geometry.box_to_view(page, box).translated(-offset)
                for page, box in self.boxes(coding.start, coding.end)
                if page in pages
            ]
            if not rows:
                continue
            top = max(min(r.top() for r in rows), -2.0)
            bottom = min(max(r.bottom() for r in rows), height + 2.0)
            lane = min(index.lanes.get(coding.id, 0), MAX_LANES - 1)
            left = right - (lane + 1) * LANE_WIDTH
            bars.append(
                (coding, QRectF(left + LANE_WIDTH - BAR_WIDTH, top, BAR_WIDTH, max(bottom - top, 4.0)))
            )
        # names go top to bottom as the stripes start on the page (a footnote's text comes last
        # in the source but stands high on its page)
        next_free = 0.0
        for coding, bar in sorted(bars, key=lambda item: (item[1].top(), item[0].start)):
            label_top = max(bar.top(), 0.0, next_free)
            next_free = label_top + line
            name, colour, coder = describe(coding)
            label = QRectF(PADDING, label_top, LABEL_WIDTH - 6, line)
            found.append(PageStripe(coding, bar, label, name, colour, coder))
        self._stripes = found
        return found

    def stripe_at(self, stripes: list[PageStripe], point: QPointF) -> PageStripe | None:
        """The stripe under a point (its bar or its name); the shortest wins where they nest."""
        hits = [
            s
            for s in stripes
            if s.rect.adjusted(-1.5, 0, 1.5, 0).contains(point) or s.label_rect.contains(point)
        ]
        return min(hits, key=lambda s: s.coding.end - s.coding.start, default=None)

    def paint_stripes(self, painter: QPainter, stripes: list[PageStripe], chosen: str | None) -> None:
        painter.setFont(self.font)
        for stripe in stripes:
            strong = stripe_colour(stripe.colour)
            painter.fillRect(stripe.rect, strong)
            is_chosen = stripe.coding.id == chosen
            if is_chosen:
                painter.setPen(QPen(QColor("#202020"), 1.5))
                painter.drawRect(stripe.rect.adjusted(-1.5, -1, 1.5, 1))
            paint_label(
                painter,
                self.font,
                stripe.rect,
                stripe.label_rect,
                stripe.label,
                stripe.coder,
                strong,
                is_chosen,
            )
