"""What the app benchmarks share: selecting a passage on screen as a researcher does with the mouse."""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtGui import QTextCursor


def select_visible_passage(view: Any, rng: random.Random, length: int) -> int:
    """Select ``length`` characters starting at a random place on screen; returns where it starts."""
    first, last = view.visible_range()
    start = rng.randrange(first, max(first + 1, last - 200))
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.positions.to_qt(start))
    cursor.setPosition(view.positions.to_qt(start + length), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    return start
