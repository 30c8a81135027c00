"""Who coded which stretch of a source, and the colour that says so.

With two coders a stretch is coded by the first only, the second only or both (three colours).
With more, the colour darkens with the number of coders who coded it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtGui import QColor

from coder.analysis.sweep import pieces
from coder.domain.spans import Span, union

FIRST_ONLY = "#9ecae1"  # blue
SECOND_ONLY = "#fdae6b"  # orange
BOTH = "#cfcfcf"  # neutral grey: agreement, so that the disagreements stand out

_GAP = "&nbsp;" * 4  # the width of a colour swatch in a legend


@dataclass(frozen=True, slots=True)
class CodedRun:
    """``[start, end)`` in code points, coded by exactly ``coded_by`` (never empty)."""

    start: int
    end: int
    coded_by: frozenset[str]


def coded_runs(spans_by_coder: Mapping[str, Sequence[Span]]) -> list[CodedRun]:
    """The stretches coded by at least one coder, each with the set of coders who coded it."""
    names = list(spans_by_coder)
    merged = [union(spans_by_coder[name]) for name in names]
    return [
        CodedRun(start, end, frozenset(name for i, name in enumerate(names) if mask >> i & 1))
        for start, end, mask in pieces(merged)
    ]


def who_text(coded_by: frozenset[str], coders: Sequence[str]) -> str:
    """ "A only", "A and C (not B)", "all three" ... in the coders' report order."""
    present = [name for name in coders if name in coded_by]
    absent = [name for name in coders if name not in coded_by]
    if not present:
        return "nobody"
    if not absent:
        return "both" if len(coders) == 2 else "all coders"
    if len(present) == 1:
        return f"{present[0]} only"
    return f"{_listing(present)} (not {_listing(absent, 'or')})"


def _listing(names: Sequence[str], last: str = "and") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {last} " + names[-1]


class PassageColours:
    """The colour of a stretch from who coded it, and the legend that explains the colours."""

    def __init__(self, coders: Sequence[str]) -> None:
        self.coders = tuple(coders)

    def colour(self, coded_by: frozenset[str]) -> QColor:
        if len(self.coders) == 2:
            first, second = self.coders
            if coded_by == {first}:
                return QColor(FIRST_ONLY)
            if coded_by == {second}:
                return QColor(SECOND_ONLY)
            return QColor(BOTH)
        return self.graded(len(coded_by))

    def graded(self, count: int) -> QColor:
        """Light amber for one coder, deepening to a strong orange-brown when every coder coded it."""
        share = (count - 1) / max(len(self.coders) - 1, 1)
        return QColor.fromHslF(0.09 - 0.03 * share, 0.85, 0.86 - 0.32 * share)

    def legend(self) -> list[tuple[QColor, str]]:
        if len(self.coders) == 2:
            first, second = self.coders
            return [
                (QColor(FIRST_ONLY), f"{first} only"),
                (QColor(SECOND_ONLY), f"{second} only"),
                (QColor(BOTH), f"both {first} and {second}"),
            ]
        m = len(self.coders)
        return [
            (self.graded(k), f"all {m} coders" if k == m else f"{k} of {m} coders") for k in range(1, m + 1)
        ]

    def legend_html(self) -> str:
        items = [
            f'<span style="background-color:{colour.name()}">{_GAP}</span>&nbsp;{escape(text)}'
            for colour, text in self.legend()
        ]
        items.append("uncoloured: nobody coded it")
        return "&nbsp;&nbsp;&nbsp;".join(items)
