"""Find (Ctrl+F) jumping far through a long, densely coded document (issue 8, item 1).

Each jump lands in text Qt has not laid out yet; laying it out changes the scroll range, and the
document view must not rebuild its highlights while Qt is still setting the previous ones (that
crashed the app). faulthandler names the place if it ever crashes again.
"""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import Qt
from workspace_support import Demo, store_sources

from coder.domain.model import Coding, ImportedText, new_id
from coder.services import codings

MARKERS = 60


def long_text() -> str:
    """About 300,000 characters in long paragraphs (each wraps to many lines), with unique markers."""
    rng = random.Random(11)
    words = ["alliance", "partner", "drills", "patrols", "sanctions", "Moscow", "Beijing", "trust", "arms"]
    paragraphs = []
    for number in range(150):
        body = " ".join(rng.choice(words) for _ in range(290))
        marker = f" Marker{number:03d} " if number % (150 // MARKERS) == 0 else " "
        paragraphs.append(body[:900] + marker + body[900:])
    return "\n".join(paragraphs) + "\n"


def test_find_jumps_far_through_a_long_coded_document(qtbot: Any, window: Any, demo: Demo) -> None:
    text = long_text()
    assert len(text) > 290_000
    [source] = store_sources(window.session, [ImportedText(name="c-long.txt", format="txt", text=text)])
    rng = random.Random(5)
    coder_id = window.session.coder.id
    made = []
    for _ in range(4000):
        start = rng.randrange(0, len(text) - 400)
        code = rng.choice(list(demo.codes.values()))
        made.append(Coding(new_id(), source.id, code, coder_id, start, start + rng.randint(3, 400)))
    codings.restore_codings(demo.project, made)
    window.sources.choose(source.id)
    view, bar = window.document, window.search
    assert len(view.index) == 4000

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert bar.isVisible() and bar.field.hasFocus()
    order = list(range(0, 150, 150 // MARKERS))
    rng.shuffle(order)  # far jumps forwards and backwards
    for number in order:
        needle = f"Marker{number:03d}"
        bar.field.setText(needle)
        qtbot.keyClick(bar.field, Qt.Key.Key_Return)
        assert view.textCursor().selectedText() == needle
        start = text.index(needle)
        assert view.selected_span() == (start, start + len(needle))
        qtbot.wait(1)  # let pending layout and highlight work run, as the event loop does
        # What is highlighted is what is on screen now, and the match is on screen.
        first, last = view.visible_range()
        assert view.shown_range == (first, last)
        assert first <= start < last
        # ... and not on its edge, half hidden: well inside the view, as a reader looks for it.
        height = view.viewport().height()
        assert height * 0.1 < view.cursorRect().center().y() < height * 0.9
        stripes = view.margin.stripes()
        assert all(s.coding.start < last and s.coding.end > first for s in stripes)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)  # backwards too
    assert view.textCursor().selectedText().startswith("Marker")
