"""The margin beside the text: one coloured stripe per coding, with the code's name along it.

Overlapping codings sit side by side in lanes (lane 0 next to the text); a coding that touches the
one above it in its lane moves to the next lane, so two codings never read as one stripe. Lanes
are reserved in blocks, so a new lane rarely moves the text sideways; without codings the margin
is a thin strip. Only codings meeting the visible range are laid out and painted.
:meth:`CodingMargin.stripes` is the hit-test model that painting, tooltips and clicks share.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import ceil, inf
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from coder.domain.model import Coding
from coder.ui.views.margin_labels import MAX_LINES, label_lines
from coder.ui.views.swatches import stripe_colour

if TYPE_CHECKING:
    from coder.ui.views.document_view import DocumentView

LANE_WIDTH = 7
BAR_WIDTH = 4
LANE_BLOCK = 4  # lanes are reserved four at a time
MAX_LANES = 12
BAR_GAP = 3.0  # pixels between two stripes of one lane
EMPTY_WIDTH = 10  # the margin of a document without codings shown
MIN_LABEL_WIDTH = 72
MAX_LABEL_WIDTH = 220
LABEL_SHARE = 0.24  # of the document view's width, at most
CODER_ROOM = 64  # for " · coder" when several coders' codings are shown
PAGE_LABEL_WIDTH = 46
PADDING = 4
BACKGROUND = "#f6f6f4"  # of the margin, in the text view and the page view alike
LEADER_ALPHA = 120  # how strongly a leader shows its stripe's colour over the background


@dataclass(frozen=True, slots=True)
class Stripe:
    coding: Coding
    lane: int
    rect: QRectF  # the coloured bar
    label_rect: QRectF  # the code's name, in the label column
    label: str  # the code's name
    colour: str
    coder: str = ""  # the coder's name, when several coders' codings are shown
    lines: tuple[str, ...] = ()  # the label as drawn: name (and coder), on one or two lines


def paint_label(
    painter: QPainter,
    font: QFont,
    bar: QRectF,
    label: QRectF,
    name: str,
    coder: str,
    strong: QColor,
    chosen: bool,
    lines: tuple[str, ...] = (),
    font_key: str = "",
) -> None:
    """A stripe's name with a swatch (and its coder, greyed), and a faint leader from the name to the bar.

    ``lines`` is the label as laid out (name and coder, on one or two lines); without it the name is
    drawn on one line, elided at its end to fit. ``font_key``: ``font.key()``, when the caller knows it
    (asking Qt costs several microseconds, and a margin paints dozens of labels).
    """
    font_key = font_key or font.key()
    shown, metrics = _font_and_metrics(font, chosen, font_key)
    suffix = f" · {coder}" if coder else ""
    if not lines:
        room = int(label.width()) - 9 - metrics.horizontalAdvance(suffix)
        lines = (metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(room, 24)) + suffix,)
    line = _font_and_metrics(font, False, font_key)[1].height()
    middle = label.top() + line / 2 if len(lines) > 1 else label.center().y()
    painter.setPen(_leader_pen(strong.rgb()))
    bar_y = min(max(middle, bar.top()), bar.bottom())
    painter.drawLine(QPointF(label.right() + 1, middle), QPointF(bar.left() - 1, bar_y))
    top = label.top() if len(lines) > 1 else middle - line / 2
    key = (font_key, tuple(lines), suffix, strong.rgb(), chosen, int(label.width()), middle - top)
    ratio = painter.device().devicePixelRatioF()
    picture = _PICTURES.get((key, ratio))
    if picture is None:
        if len(_PICTURES) >= CACHED_PICTURES:
            _PICTURES.clear()
        picture = _PICTURES[(key, ratio)] = _label_picture(
            shown, metrics, line, lines, suffix, strong, chosen, label.width(), middle - top, ratio
        )
    painter.drawPixmap(QPointF(label.left(), top), picture)


CACHED_PICTURES = 2048
# A dense margin paints the same few labels (a code's name, its coder's) at every scroll step; each
# is drawn once into a picture and copied from then on.
_PICTURES: dict[tuple[object, float], QPixmap] = {}


def _label_picture(
    shown: QFont,
    metrics: QFontMetrics,
    line: float,
    lines: tuple[str, ...],
    suffix: str,
    strong: QColor,
    chosen: bool,
    width: float,
    middle: float,
    ratio: float,
) -> QPixmap:
    """The swatch and the name's lines (the coder's name greyed) on the margin's background."""
    picture = QPixmap(ceil(width * ratio), ceil(line * len(lines) * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(QColor(BACKGROUND))
    painter = QPainter(picture)
    painter.fillRect(QRectF(0, middle - 3, 6, 6), strong)
    painter.setFont(shown)
    align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    for number, text in enumerate(lines):
        rect = QRectF(9, number * line, width - 9, line)
        named = text[: -len(suffix)] if suffix and text.endswith(suffix) else text
        painter.setPen(QColor("#111111") if chosen else QColor("#3a3a3a"))
        painter.drawText(rect, align, named)
        if named != text:
            painter.setPen(QColor("#808080"))
            painter.drawText(rect.adjusted(metrics.horizontalAdvance(named), 0, 0, 0), align, suffix)
    painter.end()
    return picture


@lru_cache(maxsize=512)
def _border_pen(rgb: int) -> QPen:
    """The outline of a stripe: a darker shade of its colour (one pen per colour, made once)."""
    return QPen(QColor(rgb).darker(150), 1)


@lru_cache(maxsize=512)
def _leader_pen(rgb: int) -> QPen:
    """A one-pixel pen in the stripe's colour as it shows faintly over the margin's background.

    The colour is mixed here, once, rather than blended by the painter: a translucent line costs
    Qt several times an opaque one, and a dense margin draws dozens of long leaders per scroll step.
    """
    strong, ground, share = QColor(rgb), QColor(BACKGROUND), LEADER_ALPHA / 255
    mixed = QColor(
        round(strong.red() * share + ground.red() * (1 - share)),
        round(strong.green() * share + ground.green() * (1 - share)),
        round(strong.blue() * share + ground.blue() * (1 - share)),
    )
    return QPen(mixed, 0)  # cosmetic: one pixel, drawn without a stroker


_FONTS: dict[tuple[str, bool], tuple[QFont, QFontMetrics]] = {}


def _font_and_metrics(font: QFont, bold: bool, font_key: str = "") -> tuple[QFont, QFontMetrics]:
    """The label font (bold for the chosen coding) and its metrics, made once per font."""
    key = (font_key or font.key(), bold)
    found = _FONTS.get(key)
    if found is None:
        shown = QFont(font)
        shown.setBold(bold)
        found = _FONTS[key] = (shown, QFontMetrics(shown))
    return found


class CodingMargin(QWidget):
    sig_coding_clicked = Signal(str)  # coding id
    sig_menu_requested = Signal(object, str)  # QMenu to fill, coding id

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self.view = view
        self.setMouseTracking(True)
        self._font = QFont(self.font())
        self._font.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        self._font_key = self._font.key()
        self._metrics = QFontMetrics(self._font)
        self._stripes: list[Stripe] | None = None
        self._names_width: tuple[object, int] = (None, 0)  # (codebook, width of its longest name)
        self._generation = 0  # counts invalidations, so a layout overtaken by one is not kept

    def invalidate(self) -> None:
        """Forget the laid-out stripes (the view scrolled, resized or its codings changed)."""
        self._stripes = None
        self._generation += 1
        self.update()

    # ------------------------------------------------------------------ geometry

    def lanes_shown(self) -> int:
        """Lanes reserved: the index's lanes rounded up to a block, so one more rarely widens the margin."""
        lanes = self.view.index.lane_count
        return 0 if lanes == 0 else min(MAX_LANES, ceil(lanes / LANE_BLOCK) * LANE_BLOCK)

    def page_label_width(self) -> int:
        return PAGE_LABEL_WIDTH if self.view.page_starts() else 0

    def label_width(self) -> int:
        """Room for the names: the codebook's longest name, within bounds set by the view's width."""
        if not len(self.view.index):
            return 0
        book = self.view.session.codebook
        if self._names_width[0] is not book:
            longest = max((self._metrics.horizontalAdvance(c.name) for c in book.codes), default=0)
            self._names_width = (book, longest + 14)
        wanted = self._names_width[1] + (0 if self._one_coder() else CODER_ROOM)
        room = max(MIN_LABEL_WIDTH, int(self.view.width() * LABEL_SHARE))
        return int(max(MIN_LABEL_WIDTH, min(wanted, room, MAX_LABEL_WIDTH)))

    def _one_coder(self) -> bool:
        session = self.view.session
        return session.visible_coder_ids() == [session.coder.id]

    def preferred_width(self) -> int:
        lanes = self.lanes_shown()
        if not lanes:
            return self.page_label_width() + EMPTY_WIDTH
        return self.page_label_width() + self.label_width() + lanes * LANE_WIDTH + PADDING

    def _lane_left(self, lane: int) -> float:
        """Left edge of a lane (within the lanes shown); lane 0 touches the text, later lanes go outwards."""
        return self.width() - PADDING - (lane + 1) * LANE_WIDTH

    def stripes(self) -> list[Stripe]:
        """The stripes on screen now, in viewport coordinates (the margin shares the viewport's y).

        Each name sits in the label column at the height where its coding starts, pushed down
        just enough not to cover the name above it.
        """
        if self._stripes is not None:
            return self._stripes
        generation = self._generation
        stripes = self._layout()  # asks Qt for line positions, which may lay out text and scroll
        if generation == self._generation:
            self._stripes = stripes
        return stripes

    def _layout(self) -> list[Stripe]:
        view = self.view
        start, end = view.shown_range
        height = self.height()
        lanes = max(self.lanes_shown(), 1)
        bottoms = [-inf] * lanes  # the lowest bar drawn so far in each lane
        placed: list[tuple[Coding, int, QRectF, float]] = []
        lines = view.screen_lines()
        for coding in view.index.overlapping(start, end):
            top = -2.0 if coding.start < start else lines.top(coding.start)
            bottom = height + 2.0 if coding.end > end else lines.bottom(coding.end - 1)
            bar_top, bar_bottom = top + 1, max(bottom, top + 4) - 1
            lane = self._free_lane(bottoms, min(view.index.lanes.get(coding.id, 0), lanes - 1), bar_top)
            if bottoms[lane] + BAR_GAP > bar_top:  # every lane is busy here: keep a visible gap
                bar_top = min(bottoms[lane] + BAR_GAP, bar_bottom - 2)
            bottoms[lane] = max(bottoms[lane], bar_bottom)
            bar = QRectF(
                self._lane_left(lane) + LANE_WIDTH - BAR_WIDTH, bar_top, BAR_WIDTH, bar_bottom - bar_top
            )
            placed.append((coding, lane, bar, max(top, 0.0)))
        return self._labelled(placed)

    @staticmethod
    def _free_lane(bottoms: list[float], preferred: int, top: float) -> int:
        """The coding's own lane if its bar is clear of the one above there, else the nearest clear lane."""
        order = [*range(preferred, len(bottoms)), *range(preferred - 1, -1, -1)]
        return next((lane for lane in order if bottoms[lane] + BAR_GAP <= top), preferred)

    def _labelled(self, placed: list[tuple[Coding, int, QRectF, float]]) -> list[Stripe]:
        """Each name at the height where its coding starts, pushed down not to cover the one above;
        on two lines where the next name leaves room, with its middle elided where it does not."""
        view = self.view
        line = self._metrics.height()
        label_left = self.page_label_width() + 2
        label_width = self.label_width()
        text_width = label_width - 6 - 9
        several_coders = not self._one_coder()
        tops: list[float] = []
        next_free = 0.0
        for _coding, _lane, _bar, top in placed:
            tops.append(max(top, next_free))
            next_free = tops[-1] + line
        found: list[Stripe] = []
        height = self.height()
        for number, (coding, lane, bar, _top) in enumerate(placed):
            label_top = tops[number]
            room = (tops[number + 1] if number + 1 < len(tops) else height) - label_top
            code = view.session.codebook.by_id.get(coding.code_id)
            name = code.name if code else "?"
            coder = view.session.coder_name(coding.coder_id) if several_coders else ""
            text = f"{name} · {coder}" if coder else name
            if label_top >= height:  # pushed below the margin's bottom: never drawn, not laid out
                lines: list[str] | tuple[str, ...] = (text,)
            else:
                lines = label_lines(
                    text, self._font, text_width, min(MAX_LINES, max(1, int(room // line))), self._font_key
                )
            label = QRectF(label_left, label_top, label_width - 6, line * len(lines))
            colour = code.colour if code else "#999999"
            found.append(Stripe(coding, lane, bar, label, name, colour, coder, tuple(lines)))
        return found

    def stripe_at(self, point: QPoint) -> Stripe | None:
        """The stripe under a point (its bar or its name); the shortest wins where they nest."""
        hits = [
            s
            for s in self.stripes()
            if s.rect.adjusted(-1.5, 0, 1.5, 0).contains(point) or s.label_rect.contains(point)
        ]
        return min(hits, key=lambda s: s.coding.end - s.coding.start, default=None)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(event.rect(), QColor(BACKGROUND))
        painter.setPen(QColor("#dddddd"))
        painter.drawLine(self.width() - 1, event.rect().top(), self.width() - 1, event.rect().bottom())
        painter.setFont(self._font)
        chosen = self.view.chosen_coding_id
        height = self.height()
        for stripe in self.stripes():
            strong = stripe_colour(stripe.colour)
            painter.fillRect(stripe.rect, strong)
            painter.setPen(_border_pen(strong.rgb()))
            painter.drawRect(stripe.rect.adjusted(0.5, 0.5, -0.5, -0.5))
            if stripe.coding.id == chosen:
                painter.setPen(QPen(QColor("#202020"), 1.5))
                painter.drawRect(stripe.rect.adjusted(-1.5, -1, 1.5, 1))
            if stripe.label_rect.top() < height and stripe.label_rect.intersects(QRectF(event.rect())):
                self._paint_label(painter, stripe, strong, stripe.coding.id == chosen)
        self._paint_pages(painter)
        painter.end()

    def _paint_label(self, painter: QPainter, stripe: Stripe, strong: QColor, chosen: bool) -> None:
        paint_label(
            painter,
            self._font,
            stripe.rect,
            stripe.label_rect,
            stripe.label,
            stripe.coder,
            strong,
            chosen,
            stripe.lines,
            self._font_key,
        )

    def _paint_pages(self, painter: QPainter) -> None:
        width = self.page_label_width()
        if not width:
            return
        painter.setPen(QColor("#666666"))
        for number, y in self.view.visible_page_starts():
            painter.drawLine(0, y, width - 4, y)
            painter.drawText(QRect(2, y + 1, width - 6, 16), Qt.AlignmentFlag.AlignLeft, f"page {number}")

    # ------------------------------------------------------------------ interaction

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            stripe = self.stripe_at(event.pos())
            if stripe is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.view.describe([stripe.coding]), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        stripe = self.stripe_at(event.position().toPoint())
        if stripe is None:
            return super().mousePressEvent(event)
        self.sig_coding_clicked.emit(stripe.coding.id)
        if event.button() == Qt.MouseButton.RightButton:
            menu = QMenu(self)
            self.sig_menu_requested.emit(menu, stripe.coding.id)
            if not menu.isEmpty():
                menu.popup(event.globalPosition().toPoint())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        over = self.stripe_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)
