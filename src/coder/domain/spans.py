"""Operations on half-open code-point spans ``[start, end)``."""

from __future__ import annotations

from collections.abc import Iterable

from coder.domain.errors import InvalidInput

Span = tuple[int, int]


def check_span(start: int, end: int, length: int) -> None:
    """Refuse a span outside ``0 <= start < end <= length``, in words."""
    if start < 0:
        raise InvalidInput(f"start {start} is negative; offsets count from 0")
    if start >= end:
        raise InvalidInput(f"start {start} is not before end {end}; a coding needs at least one character")
    if end > length:
        raise InvalidInput(f"end {end} is past the end of the text, which has {length} characters")


def union(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping and touching spans into sorted, disjoint spans."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1][1] = end
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
