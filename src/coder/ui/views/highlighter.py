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
from coder.ui.views.swatches import mixed_sums, rgb


def coloured_runs(
    visible: Sequence[Coding], start: int, end: int, colour_of: Callable[[str], str]
) -> list[tuple[int, int, QColor]]:
    """The runs within ``[start, end)`` (code points) with the colour each is painted in.

    The range is cut where codings begin or end; runs no coding covers are left out. As the sweep
    passes coding boundaries it keeps a count per code and the sums of the present codes' colour
    channels, from which :func:`mixed_sums` gives the run's colour. Neighbouring runs of one colour
    are one run.
    """
    events: dict[int, list[tuple[int, str]]] = {}
    for coding in visible:
        s, e = max(coding.start, start), min(coding.end, end)
        if s < e:
            events.setdefault(s, []).append((1, coding.code_id))
            events.setdefault(e, []).append((-1, coding.code_id))
    channels: dict[str, tuple[int, int, int]] = {}
    counts: dict[str, int] = {}
    red = green = blue = 0
    found: list[tuple[int, int, QColor]] = []
    points = sorted(events)
    for here, following in zip(points, points[1:], strict=False):
        for change, code_id in events[here]:
            before = counts.get(code_id, 0)
            if before + change:
                counts[code_id] = before + change
            else:
                del counts[code_id]
            if before == 0 or before + change == 0:  # the code came or went
                shade = channels.get(code_id)
                if shade is None:
                    shade = channels[code_id] = rgb(colour_of(code_id))
                red, green, blue = (
                    red + change * shade[0],
                    green + change * shade[1],
                    blue + change * shade[2],
                )
        if not counts:
            continue
        colour = mixed_sums(red, green, blue, len(counts))
        if found and found[-1][1] == here and found[-1][2] is colour:
            found[-1] = (found[-1][0], following, colour)
        else:
            found.append((here, following, colour))
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
