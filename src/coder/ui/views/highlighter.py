"""Highlights for the visible part of a document only.

The visible range is cut at every coding boundary into runs; each run gets one background: the
code's colour, or a mix when codings overlap. Only codings meeting the visible range are looked
at, so the cost does not grow with the length of the document.

The document view paints the runs' backgrounds itself, under the text (:func:`coloured_runs`):
given to Qt as extra selections, each run would make it draw the lines it touches once more, and
a densely coded screen holds hundreds of runs. Only the chosen coding's underline is an extra
selection (:func:`underline`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from coder.domain.model import Coding
from coder.ui.text_positions import TextPositions
from coder.ui.views.swatches import mixed, unique

Run = tuple[int, int, tuple[str, ...]]  # start, end (code points), code ids covering it


def runs(codings: Sequence[Coding], start: int, end: int) -> list[Run]:
    """Cut ``[start, end)`` where codings begin or end; runs no coding covers are left out."""
    events: dict[int, list[tuple[int, Coding]]] = {}
    for coding in codings:
        s, e = max(coding.start, start), min(coding.end, end)
        if s < e:
            events.setdefault(s, []).append((1, coding))
            events.setdefault(e, []).append((-1, coding))
    active: dict[str, Coding] = {}
    found: list[Run] = []
    points = sorted(events)
    for here, following in zip(points, points[1:], strict=False):
        for kind, coding in events[here]:
            if kind > 0:
                active[coding.id] = coding
            else:
                active.pop(coding.id, None)
        if active:
            code_ids = unique([c.code_id for c in active.values()])
            if found and found[-1][1] == here and found[-1][2] == code_ids:
                found[-1] = (found[-1][0], following, code_ids)
            else:
                found.append((here, following, code_ids))
    return found


def coloured_runs(
    visible: Sequence[Coding], start: int, end: int, colour_of: Callable[[str], str]
) -> list[tuple[int, int, QColor]]:
    """The runs within ``[start, end)`` (code points) with the colour each is painted in."""
    colours: dict[tuple[str, ...], QColor] = {}  # runs under the same codes share one colour
    found = []
    for run_start, run_end, code_ids in runs(visible, start, end):
        colour = colours.get(code_ids)
        if colour is None:
            colour = colours[code_ids] = QColor(mixed(tuple(colour_of(i) for i in code_ids)))
        found.append((run_start, run_end, colour))
    return found


def underline(
    document: QTextDocument, positions: TextPositions, chosen: Coding, start: int, end: int, colour: str
) -> list[QTextEdit.ExtraSelection]:
    """The chosen coding's text within ``[start, end)`` underlined in a dark shade of its colour."""
    if not (chosen.start < end and chosen.end > start):
        return []
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    fmt.setUnderlineColor(QColor(colour).darker(250))
    fmt.setFontUnderline(True)
    return [_selection(document, positions, max(chosen.start, start), min(chosen.end, end), fmt)]


def _selection(
    document: QTextDocument, positions: TextPositions, start: int, end: int, fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    cursor = QTextCursor(document)
    cursor.setPosition(positions.to_qt(start))
    cursor.setPosition(positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    selection = QTextEdit.ExtraSelection()
    selection.cursor = cursor  # type: ignore[misc]
    selection.format = fmt  # type: ignore[misc]
    return selection
