"""The lines of text on screen, asked of Qt once per layout of the margin or painting of highlights.

The margin places each stripe at the top of the line where its coding starts and the bottom of the
line where it ends. Asking Qt for a cursor rectangle per coding cost two dozen Qt calls each, and a
densely coded screen holds a couple of hundred codings; it holds only forty-odd lines. So each line
on screen is measured once (with the same cursor rectangle Qt gives any position in it), and a
coding's line is found by bisection. Highlights are painted the same way: the lines on screen
are listed once, and each run is cut at the lines it crosses.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtGui import QTextCursor, QTextLine
from PySide6.QtWidgets import QPlainTextEdit


class ScreenLines:
    """Top and bottom (viewport y) of every line that shows, by the Qt position where it starts."""

    def __init__(
        self,
        view: QPlainTextEdit,
        to_qt: Callable[[int], int],
        top: Callable[[int], float],
        bottom: Callable[[int], float],
    ) -> None:
        self._to_qt = to_qt  # code points to Qt positions
        self._top, self._bottom = top, bottom  # the view's own answers, for offsets not on screen
        shown = shown_lines(view, 0, view.viewport().height())
        cursor = QTextCursor(view.document())
        self._starts = [line.start for line in shown]
        self._spans: list[tuple[float, float]] = []
        for line in shown:
            cursor.setPosition(line.start)
            rect = view.cursorRect(cursor)
            self._spans.append((float(rect.top()), float(rect.bottom())))
        self._end = shown[-1].end if shown else 0  # positions from here on are not on screen

    def _line(self, offset: int) -> int:
        """The number of the line on screen holding ``offset`` (code points), or -1."""
        position = self._to_qt(max(offset, 0))
        found = bisect_right(self._starts, position) - 1
        return -1 if position >= self._end else found

    def top(self, offset: int) -> float:
        """The top of the line holding ``offset``, as ``cursorRect`` gives it."""
        found = self._line(offset)
        return self._spans[found][0] if found >= 0 else self._top(offset)

    def bottom(self, offset: int) -> float:
        """The bottom of the line holding ``offset``, as ``cursorRect`` gives it."""
        found = self._line(offset)
        return self._spans[found][1] if found >= 0 else self._bottom(offset)


class ShownLine(NamedTuple):
    start: int  # Qt position of the line's first character
    end: int  # Qt position after its last character
    base: int  # Qt position of its block's first character
    x: float  # left of its block, viewport coordinates
    y: float  # top of the line, viewport coordinates
    height: float
    line: QTextLine


def shown_lines(view: QPlainTextEdit, top: int, bottom: int) -> list[ShownLine]:
    """The laid-out lines meeting the band ``[top, bottom]`` of the viewport, in order."""
    found: list[ShownLine] = []
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid():
        corner = view.blockBoundingGeometry(block).translated(offset).topLeft()
        if corner.y() > bottom:
            break
        layout = block.layout()
        if block.isVisible() and layout is not None:
            base, y_top = block.position(), corner.y() + layout.position().y()
            for number in range(layout.lineCount()):
                line = layout.lineAt(number)
                y, height = y_top + line.y(), line.height()
                if y > bottom:
                    break
                if y + height >= top:
                    start = base + line.textStart()
                    end = start + line.textLength()
                    found.append(ShownLine(start, end, base, corner.x(), y, height, line))
        block = block.next()
    return found
