"""Interval sweeps over the coders' spans in one source, for one code.

Every function here takes each coder's spans already merged with
:func:`coder.domain.spans.union` (sorted, disjoint, not touching) and works on
the endpoints only: the cost grows with the number of spans, never with the
length of the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from coder.domain.spans import Span

Piece = tuple[int, int, int]
"""``(start, end, mask)``: a stretch of text over which the same coders coded; bit ``i`` is coder ``i``."""


def pieces(merged: Sequence[Sequence[Span]]) -> Iterator[Piece]:
    """Yield the stretches covered by at least one coder, each with the set of coders as a bit mask.

    ``merged[i]`` holds coder ``i``'s merged spans. The stretches come in text
    order, do not overlap, and two that touch always differ in their mask.
    """
    events: list[tuple[int, int]] = []
    for index, spans in enumerate(merged):
        bit = 1 << index
        for start, end in spans:
            events.append((start, bit))
            events.append((end, bit))
    if not events:
        return
    events.sort()
    mask = 0
    position = events[0][0]
    for at, bit in events:
        if at != position:
            if mask:
                yield position, at, mask
            position = at
        # A coder's merged spans never share an endpoint, so each bit flips at most once per position.
        mask ^= bit


def coverage(merged: Sequence[Sequence[Span]], units: int) -> tuple[list[int], list[int]]:
    """The histogram ``h`` and each coder's count of coded units.

    ``h[j]`` is the number of the ``units`` characters coded by exactly ``j``
    of the ``m = len(merged)`` coders; ``h[0]`` is what is left.
    """
    m = len(merged)
    histogram = [0] * (m + 1)
    for start, end, mask in pieces(merged):
        histogram[mask.bit_count()] += end - start
    histogram[0] = units - sum(histogram[1:])
    coded = [sum(end - start for start, end in spans) for spans in merged]
    return histogram, coded


def coverage_with_pairs(
    merged: Sequence[Sequence[Span]], units: int
) -> tuple[list[int], list[int], dict[tuple[int, int], int]]:
    """Like :func:`coverage`, plus for each pair ``(i, j)`` with ``i < j`` the units both coded.

    One sweep serves all pairs; a pair's own histogram then follows from its
    two coded counts and the units both coded (see :func:`pair_histogram`).
    """
    m = len(merged)
    histogram = [0] * (m + 1)
    per_mask: dict[int, int] = {}
    for start, end, mask in pieces(merged):
        per_mask[mask] = per_mask.get(mask, 0) + end - start
    both: dict[tuple[int, int], int] = {(i, j): 0 for i in range(m) for j in range(i + 1, m)}
    for mask, length in per_mask.items():
        histogram[mask.bit_count()] += length
        if mask & (mask - 1):  # at least two coders
            members = [i for i in range(m) if mask >> i & 1]
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    both[members[a], members[b]] += length
    histogram[0] = units - sum(histogram[1:])
    coded = [sum(end - start for start, end in spans) for spans in merged]
    return histogram, coded, both


def pair_histogram(units: int, coded_x: int, coded_y: int, both: int) -> list[int]:
    """The two-coder histogram ``[neither, one, both]`` from the coded counts and their overlap."""
    one = coded_x + coded_y - 2 * both
    return [units - one - both, one, both]


def matched_segments(xs: Sequence[Span], ys: Sequence[Span], threshold: float) -> tuple[int, int]:
    """How many segments of X, and of Y, have a partner with ``|s ∩ t| / |s ∪ t| >= threshold``.

    ``xs`` and ``ys`` are merged spans (a coder's segments). The two lists are
    walked together once, so the cost is linear in their lengths.
    """
    if not xs or not ys:
        return 0, 0
    if threshold <= 0:
        # Every ratio, even 0 for segments that do not meet, reaches the threshold.
        return len(xs), len(ys)
    matched_x: set[int] = set()
    matched_y: set[int] = set()
    i = j = 0
    while i < len(xs) and j < len(ys):
        x_start, x_end = xs[i]
        y_start, y_end = ys[j]
        if x_start < y_end and y_start < x_end:  # they share at least one character
            shared = (x_end if x_end < y_end else y_end) - (x_start if x_start > y_start else y_start)
            joint = (x_end if x_end > y_end else y_end) - (x_start if x_start < y_start else y_start)
            if shared / joint >= threshold:
                matched_x.add(i)
                matched_y.add(j)
        if x_end <= y_end:
            i += 1
        else:
            j += 1
    return len(matched_x), len(matched_y)
