"""Code colours as icons and highlight brushes."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap


@lru_cache(maxsize=512)
def swatch_icon(colour: str, size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 90))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QIcon(pixmap)


@lru_cache(maxsize=32768)
def mixed_sums(red: int, green: int, blue: int, count: int) -> QColor:
    """One highlight for a passage under ``count`` codings whose colours' channels add up to ``red``,
    ``green`` and ``blue``: the mean colour, a little darker per layer (the order of the colours does
    not matter; a caller keeps running sums as codings come and go).
    """
    colour = QColor(round(red / count), round(green / count), round(blue / count))
    if count > 1:
        colour = colour.darker(100 + 6 * min(count - 1, 4))
    return colour


@lru_cache(maxsize=1024)
def rgb(colour: str) -> tuple[int, int, int]:
    parsed = QColor(colour)
    return parsed.red(), parsed.green(), parsed.blue()


@lru_cache(maxsize=512)
def stripe_colour(colour: str) -> QColor:
    """A stronger shade of a (light) highlight colour, visible as a thin stripe.

    Highlight colours are pale and codes of one family differ mostly in lightness; darkening them
    by a factor squeezed those differences together. The lightness is moved down and spread out
    instead, and the saturation raised, so neighbouring codes' stripes stay apart.
    """
    hue, saturation, lightness, _alpha = QColor(colour).getHslF()
    lightness = min(max(0.2 + (lightness - 0.6) * 1.6, 0.12), 0.8)
    if hue < 0:  # a grey stays grey
        return QColor.fromHslF(0.0, 0.0, lightness)
    return QColor.fromHslF(hue, max(saturation, 0.5), lightness)
