"""Code colours as icons and highlight brushes."""

from __future__ import annotations

from collections.abc import Sequence
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


@lru_cache(maxsize=4096)
def mixed(colours: tuple[str, ...]) -> str:
    """One highlight for a passage under several codings: the mean colour, a little darker per layer."""
    if not colours:
        return "#ffffff"
    parsed = [QColor(c) for c in colours]
    red = sum(c.red() for c in parsed) / len(parsed)
    green = sum(c.green() for c in parsed) / len(parsed)
    blue = sum(c.blue() for c in parsed) / len(parsed)
    colour = QColor(round(red), round(green), round(blue))
    if len(parsed) > 1:
        colour = colour.darker(100 + 6 * min(len(parsed) - 1, 4))
    return colour.name()


@lru_cache(maxsize=512)
def stripe_colour(colour: str) -> QColor:
    """A stronger shade of a (light) highlight colour, visible as a thin stripe."""
    base = QColor(colour)
    return base.darker(135) if base.lightness() > 150 else base


def unique(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
