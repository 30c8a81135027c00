"""Qt positions (UTF-16 code units) and model offsets (Python code points), converted in one place.

A character outside the Basic Multilingual Plane (most emoji, some CJK, historic scripts) is one
code point in Python but two UTF-16 units in Qt. Every position that crosses between the document
widget and the model goes through a :class:`TextPositions` built for that text.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class TextPositions:
    """Converts offsets for one text; constant time when the text has no astral characters."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        # Code-point index of every astral character, and where each one starts in UTF-16 units.
        self._astral: list[int] = [match.start() for match in _ASTRAL.finditer(text)]
        self._astral_qt: list[int] = [index + n for n, index in enumerate(self._astral)]
        self.qt_length = self.length + len(self._astral)

    @property
    def simple(self) -> bool:
        """True when code points and UTF-16 units coincide."""
        return not self._astral

    def to_qt(self, offset: int) -> int:
        """The Qt position of a code-point offset."""
        if not self._astral:
            return offset
        return offset + bisect_left(self._astral, offset)

    def to_model(self, position: int) -> int:
        """The code-point offset of a Qt position; inside a surrogate pair it means the pair's start."""
        if not self._astral:
            return position
        before = bisect_left(self._astral_qt, position)
        if before and self._astral_qt[before - 1] + 1 == position:
            return self._astral[before - 1]
        return position - before

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_model(self, start: int, end: int) -> tuple[int, int]:
        """A Qt selection as a code-point span; an end inside a pair takes the whole character."""
        model_end = self.to_model(end)
        if self.to_qt(model_end) < end:
            model_end += 1
        return self.to_model(start), model_end
