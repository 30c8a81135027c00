"""Where each page of a PDF stands in the page view, and how page points map to view points.

Pages are stacked top to bottom with a gap, centred in the room right of the margin. Content
coordinates are the view's pixels with the scroll offset taken away. Character boxes are in the
unrotated page's points; a rotated page is shown turned, through its rotation matrix.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTransform

GAP = 14  # pixels between pages, and above the first one

Box = tuple[float, float, float, float]


class PageGeometry:
    def __init__(
        self,
        sizes: Sequence[tuple[float, float]],
        turns: Sequence[tuple[float, ...]],
        scale: float,
        room_left: float,
        room_width: float,
    ) -> None:
        """``scale``: pixels per point; the pages are centred in ``[room_left, room_left + room_width)``."""
        self.scale = scale
        self.rects: list[QRectF] = []
        self._turns = [QTransform(*turn) for turn in turns]
        widest = max((w for w, _h in sizes), default=0.0) * scale
        self.width = room_left + max(room_width, widest + 2 * GAP)
        top = float(GAP)
        for width, height in sizes:
            left = room_left + max(GAP, (max(room_width, widest + 2 * GAP) - width * scale) / 2)
            self.rects.append(QRectF(left, top, width * scale, height * scale))
            top += height * scale + GAP
        self.height = top
        self._tops = [rect.top() for rect in self.rects]

    def __len__(self) -> int:
        return len(self.rects)

    def pages_between(self, top: float, bottom: float) -> range:
        """The pages that meet the content rows ``[top, bottom]``."""
        if not self.rects:
            return range(0)
        first = max(0, bisect_right(self._tops, top) - 1)
        if self.rects[first].bottom() < top and first + 1 < len(self.rects):
            first += 1
        last = max(first, bisect_right(self._tops, bottom) - 1)
        return range(first, min(last, len(self.rects) - 1) + 1)

    def page_at(self, point: QPointF) -> int:
        """The page nearest to a content point (its row, then the nearest page of the gap)."""
        pages = self.pages_between(point.y(), point.y())
        if not pages:
            return 0
        page = pages[0]
        if point.y() > self.rects[page].bottom() and page + 1 < len(self.rects):
            below = self.rects[page + 1].top() - point.y()
            if below < point.y() - self.rects[page].bottom():
                page += 1
        return page

    def box_to_view(self, page: int, box: Box) -> QRectF:
        """A box in page points as a rectangle in content pixels."""
        turned = self._turns[page].mapRect(QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]))
        origin = self.rects[page].topLeft()
        return QRectF(
            origin.x() + turned.left() * self.scale,
            origin.y() + turned.top() * self.scale,
            turned.width() * self.scale,
            turned.height() * self.scale,
        )

    def point_on_page(self, page: int, point: QPointF) -> tuple[float, float]:
        """A content point as a point of the unrotated page, in points."""
        origin = self.rects[page].topLeft()
        shown = QPointF((point.x() - origin.x()) / self.scale, (point.y() - origin.y()) / self.scale)
        inverse, _ok = self._turns[page].inverted()
        unturned = inverse.map(shown)
        return unturned.x(), unturned.y()
