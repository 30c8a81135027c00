"""The names beside the margin's stripes: as many lines as there is room for, never cut short blindly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

MAX_LINES = 2


def label_lines(text: str, font: QFont, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` pixels.

    It wraps at word boundaries; what still does not fit loses its middle ("Entrapment-…balance"),
    so both the beginning and the end of a name stay readable.
    """
    width = max(width, 12)
    metrics = QFontMetrics(font)
    if lines <= 1 or metrics.horizontalAdvance(text) <= width:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)]
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    first = layout.createLine()
    first.setLineWidth(width)
    layout.endLayout()
    head = text[: first.textLength()].rstrip()
    if not head or first.textLength() >= len(text):  # one word wider than the column
        return [metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)]
    rest = text[first.textLength() :].lstrip()
    return [
        metrics.elidedText(head, Qt.TextElideMode.ElideRight, width),
        *label_lines(rest, font, width, lines - 1),
    ]
