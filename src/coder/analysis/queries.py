"""Coding queries: segments retrieved by combinations of codes, from sorted interval endpoints.

Codings are plain tuples ``(source, coder, code, start, end)``. ``A`` and ``B`` are sets of codes
(a coding "is A" when its code is one of them). Each query runs per source and per coder: only a
coder's own codings are combined, as in co-occurrence; with ``pooled=True`` the chosen coders'
codings are combined as if one coder had made them all. The operators, as NVivo and MAXQDA users
know them:

- ``coded``: every coding of A (simple retrieval);
- ``overlap`` (A AND B, MAXQDA's "intersection"): the stretches coded with both A and B: the
  maximal runs of characters inside an A coding and inside a B coding;
- ``within`` (MAXQDA's "if inside"): the A codings lying wholly inside a B coding
  (``b.start <= a.start`` and ``a.end <= b.end``), each once, with its own span;
- ``not`` (A NOT B): the stretches coded with A but not with B: maximal runs inside an A coding
  and outside every B coding;
- ``followed`` (MAXQDA's "followed by"): each A coding followed by a B coding that starts at or
  after its end, at most ``distance`` characters later; the segment runs from the start of the A
  coding to the end of the nearest such B coding.

A result is a :class:`Hit`: source, start, end, and the codes and coders involved (codes of the
codings that make up the segment, in the order first met). Results are sorted by source, start,
end, coder.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from coder.domain.errors import InvalidInput

OPERATORS = ("coded", "overlap", "within", "not", "followed")
BINARY = ("overlap", "within", "not", "followed")
CodingRow = tuple[Any, Any, Any, int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    source: Any
    start: int
    end: int
    codes: tuple[Any, ...]
    coders: tuple[Any, ...]


def merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged (touching ones too) into sorted disjoint spans."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def intersect(left: Sequence[tuple[int, int]], right: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The intersection of two sorted disjoint span lists."""
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < len(left) and j < len(right):
        start, end = max(left[i][0], right[j][0]), min(left[i][1], right[j][1])
        if start < end:
            out.append((start, end))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(left: Sequence[tuple[int, int]], right: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """What of sorted disjoint ``left`` lies outside sorted disjoint ``right``."""
    out: list[tuple[int, int]] = []
    j = 0
    for start, end in left:
        cursor = start
        while j < len(right) and right[j][1] <= cursor:
            j += 1
        k = j
        while k < len(right) and right[k][0] < end:
            if right[k][0] > cursor:
                out.append((cursor, right[k][0]))
            cursor = max(cursor, right[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def run_query(
    rows: Iterable[CodingRow],
    operator: str,
    a_codes: Collection[Hashable],
    b_codes: Collection[Hashable] = (),
    distance: int = 0,
    pooled: bool = False,
) -> list[Hit]:
    if operator not in OPERATORS:
        raise InvalidInput(f"'{operator}' is not a query; use one of {', '.join(OPERATORS)}")
    if operator in BINARY and not b_codes:
        raise InvalidInput(f"the query '{operator}' needs a second code (B)")
    if distance < 0:
        raise InvalidInput(f"the distance must be 0 or more characters, not {distance}")
    a_set, b_set = set(a_codes), set(b_codes)
    scopes: dict[tuple[Any, Any], list[CodingRow]] = defaultdict(list)
    for row in rows:
        if row[2] in a_set or row[2] in b_set:
            scopes[(row[0], None if pooled else row[1])].append(row)
    hits: list[Hit] = []
    for (source, _coder), scoped in scopes.items():
        a_rows = sorted((r for r in scoped if r[2] in a_set), key=lambda r: (r[3], r[4]))
        b_rows = sorted((r for r in scoped if r[2] in b_set), key=lambda r: (r[3], r[4]))
        if not a_rows:
            continue
        if operator == "coded":
            hits.extend(Hit(source, r[3], r[4], (r[2],), (r[1],)) for r in a_rows)
        elif operator in ("overlap", "not"):
            a_spans = merged((r[3], r[4]) for r in a_rows)
            b_spans = merged((r[3], r[4]) for r in b_rows)
            runs = intersect(a_spans, b_spans) if operator == "overlap" else subtract(a_spans, b_spans)
            involved = a_rows + b_rows if operator == "overlap" else a_rows
            hits.extend(_runs(source, runs, involved))
        elif operator == "within":
            hits.extend(_within(source, a_rows, b_rows))
        else:
            hits.extend(_followed(source, a_rows, b_rows, distance))
    hits.sort(key=lambda h: (str(h.source), h.start, h.end, tuple(map(str, h.coders))))
    return hits


def _runs(source: Any, runs: Sequence[tuple[int, int]], rows: Sequence[CodingRow]) -> Iterable[Hit]:
    """A hit per run, naming the codes and coders of the codings that overlap it."""
    ordered = sorted(rows, key=lambda r: (r[3], r[4]))
    starts = [r[3] for r in ordered]
    for start, end in runs:
        codes: dict[Any, None] = {}
        coders: dict[Any, None] = {}
        for row in ordered[: bisect.bisect_left(starts, end)]:
            if row[4] > start:
                codes.setdefault(row[2])
                coders.setdefault(row[1])
        yield Hit(source, start, end, tuple(codes), tuple(coders))


def _within(source: Any, a_rows: Sequence[CodingRow], b_rows: Sequence[CodingRow]) -> Iterable[Hit]:
    b_starts = [r[3] for r in b_rows]
    for row in a_rows:
        containers = [
            b for b in b_rows[: bisect.bisect_right(b_starts, row[3])] if b[4] >= row[4] and b is not row
        ]
        if containers:
            codes = dict.fromkeys([row[2], *(b[2] for b in containers)])
            coders = dict.fromkeys([row[1], *(b[1] for b in containers)])
            yield Hit(source, row[3], row[4], tuple(codes), tuple(coders))


def _followed(
    source: Any, a_rows: Sequence[CodingRow], b_rows: Sequence[CodingRow], distance: int
) -> Iterable[Hit]:
    b_starts = [r[3] for r in b_rows]
    for row in a_rows:
        index = bisect.bisect_left(b_starts, row[4])
        if index < len(b_rows) and b_rows[index][3] - row[4] <= distance:
            follower = b_rows[index]
            yield Hit(
                source,
                row[3],
                follower[4],
                tuple(dict.fromkeys([row[2], follower[2]])),
                tuple(dict.fromkeys([row[1], follower[1]])),
            )
