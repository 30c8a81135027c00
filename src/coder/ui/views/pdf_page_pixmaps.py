"""Pictures of PDF pages, drawn when they come near the screen and kept within a memory budget.

The view asks for the pages it shows (and one on each side); each is drawn on its own turn of
the event loop, so scrolling stays live while pages appear. The least recently shown pictures
are dropped once they hold more than :data:`BUDGET` bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap

BUDGET = 96 * 1024 * 1024  # bytes of page pictures kept at once

Renderer = Callable[[int, float], tuple[int, int, int, bytes]]  # page, scale -> width, height, stride, RGB


class PagePixmaps(QObject):
    sig_page_drawn = Signal(int)  # a page's picture is ready

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._render: Renderer | None = None
        self._pictures: OrderedDict[tuple[int, float], QPixmap] = OrderedDict()
        self._sizes: dict[tuple[int, float], int] = {}
        self._wanted: list[int] = []
        self._scale = 1.0
        self.bytes = 0
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._draw_next)

    def reset(self, render: Renderer | None) -> None:
        """Forget every picture; later pages come from ``render``."""
        self._render = render
        self._pictures.clear()
        self._sizes.clear()
        self._wanted = []
        self.bytes = 0

    def picture(self, page: int, scale: float) -> QPixmap | None:
        found = self._pictures.get((page, scale))
        if found is not None:
            self._pictures.move_to_end((page, scale))
        return found

    def want(self, pages: Iterable[int], scale: float) -> None:
        """Draw these pages at this scale (in this order) unless they are drawn already."""
        self._scale = scale
        self._wanted = [page for page in pages if (page, scale) not in self._pictures]
        if self._wanted and self._render is not None:
            self._timer.start()

    def draw_now(self, page: int, scale: float) -> QPixmap | None:
        """Draw one page at once (the first one shown after opening)."""
        if self._render is None:
            return None
        found = self.picture(page, scale)
        return found if found is not None else self._draw(page, scale)

    def _draw_next(self) -> None:
        if not self._wanted or self._render is None:
            return
        page = self._wanted.pop(0)
        if (page, self._scale) not in self._pictures:
            self._draw(page, self._scale)
            self.sig_page_drawn.emit(page)
        if self._wanted:
            self._timer.start()

    def _draw(self, page: int, scale: float) -> QPixmap:
        assert self._render is not None
        width, height, stride, samples = self._render(page, scale)
        image = QImage(samples, width, height, stride, QImage.Format.Format_RGB888)
        picture = QPixmap.fromImage(image)  # copies the pixels out of ``samples``
        self._pictures[(page, scale)] = picture
        self._sizes[(page, scale)] = stride * height
        self.bytes += stride * height
        while self.bytes > BUDGET and len(self._pictures) > 1:
            key, _old = self._pictures.popitem(last=False)
            self.bytes -= self._sizes.pop(key)
        return picture
