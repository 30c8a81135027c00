"""Highlights for the visible part of a document only.

The visible range is cut at every coding boundary into runs; each run gets one background: the
code's colour, or a mix when codings overlap. Only codings meeting the visible range are looked
at, so the cost does not grow with the length of the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor, QTextDocument
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


def selections(
    document: QTextDocument,
    positions: TextPositions,
    visible: Sequence[Coding],
    start: int,
    end: int,
    colour_of: Callable[[str], str],
    chosen: Coding | None = None,
) -> list[QTextEdit.ExtraSelection]:
    """Extra selections painting the codings within ``[start, end)``; ``chosen`` is underlined."""
    result: list[QTextEdit.ExtraSelection] = []
    formats: dict[tuple[str, ...], QTextCharFormat] = {}  # runs under the same codes share one
    for run_start, run_end, code_ids in runs(visible, start, end):
        fmt = formats.get(code_ids)
        if fmt is None:
            fmt = formats[code_ids] = QTextCharFormat()
            fmt.setBackground(QBrush(QColor(mixed(tuple(colour_of(i) for i in code_ids)))))
        result.append(_selection(document, positions, run_start, run_end, fmt))
    if chosen is not None and chosen.start < end and chosen.end > start:
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor(colour_of(chosen.code_id)).darker(250))
        fmt.setFontUnderline(True)
        result.append(_selection(document, positions, max(chosen.start, start), min(chosen.end, end), fmt))
    return result


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
