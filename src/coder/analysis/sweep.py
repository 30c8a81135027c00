"""The stretches of one source that the same coders coded, for one code (a sweep over span endpoints).

:func:`pieces` takes each coder's spans already merged with :func:`coder.domain.spans.union`
(sorted, disjoint, not touching) and works on the endpoints only: the cost grows with the
number of spans, never with the length of the text. The figures over whole projects come from
:mod:`coder.analysis.vector_sweep`; this serves the passages of one source.
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
