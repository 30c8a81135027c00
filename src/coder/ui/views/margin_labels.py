"""The names beside the margin's stripes: as many lines as there is room for, never cut short blindly."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextLayout, QTextOption

MAX_LINES = 2


def label_lines(text: str, font: QFont, width: int, lines: int, font_key: str = "") -> list[str]:
    """``text`` in at most ``lines`` lines of ``width`` pixels.

    It wraps at word boundaries; what still does not fit loses its middle ("Entrapment-…balance"),
    so both the beginning and the end of a name stay readable. A margin shows the same few names
    (a code's, and its coder's) over and over, so each is laid out once per font and width.
    """
    key = (text, font_key or font.key(), width, lines)
    found = _LAID_OUT.get(key)
    if found is None:
        if len(_LAID_OUT) >= CACHED:
            _LAID_OUT.clear()
        found = _LAID_OUT[key] = tuple(_lay_out(text, font, width, lines))
    return list(found)


CACHED = 4096
_LAID_OUT: dict[tuple[str, str, int, int], tuple[str, ...]] = {}


def _lay_out(text: str, font: QFont, width: int, lines: int) -> list[str]:
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
        *_lay_out(rest, font, width, lines - 1),
    ]
