"""Column headers shared by the item models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt


def horizontal_header(headers: Sequence[str], section: int, orientation: Qt.Orientation, role: int) -> Any:
    """The title of column ``section`` for the display role of a horizontal header, else None."""
    if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
        if 0 <= section < len(headers):
            return headers[section]
    return None
