"""Code frequencies, code × group matrices and code co-occurrence, from sorted interval endpoints.

Input codings are plain tuples ``(source, coder, code, start, end)`` (any hashable keys). A
*group* is what a report compares (a source, a coder, an attribute value); ``group_of`` gives a
coding's group, or ``None`` to leave it out.

- **codings**: how many codings of the code fall in the group;
- **characters**: the size of the union of those codings, per source, added up over sources
  (a character coded twice, by two coders or by two codings, counts once);
- **sources**: how many sources hold at least one of those codings;
- **pairs** (co-occurrence of codes A and B): the pairs of codings, one of A and one of B, made by
  the same coder in the same source, that overlap by at least one character (``within=None``), or
  whose gap is at most ``within`` characters (overlapping and touching codings have gap 0). A code
  does not co-occur with itself. A pair's group is the group of its codings.

Every count comes from one sort and one sweep per source and coder; no text is walked.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any

from coder.domain.overview import Cell, Pair

CodingRow = tuple[Any, Any, Any, int, int]  # (source, coder, code, start, end)
GroupOf = Callable[[CodingRow], Any]


def union_length(spans: Iterable[tuple[int, int]]) -> int:
    """Characters covered by the union of half-open spans."""
    total = 0
    reach = -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def code_group_cells(
    rows: Iterable[CodingRow],
    codes: Sequence[Hashable],
    groups: Sequence[str],
    group_of: GroupOf,
) -> list[Cell]:
    """Every code × every group (zeros included), in the order of ``codes`` then ``groups``."""
    wanted = set(codes)
    listed = set(groups)
    spans: dict[tuple[Any, str], dict[Any, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        code = row[2]
        if code not in wanted:
            continue
        group = group_of(row)
        if group is None or group not in listed:
            continue
        spans[(code, group)][row[0]].append((row[3], row[4]))
    cells: list[Cell] = []
    for code in codes:
        for group in groups:
            by_source = spans.get((code, group), {})
            cells.append(
                Cell(
                    code=str(code),
                    group=group,
                    codings=sum(len(s) for s in by_source.values()),
                    characters=sum(union_length(s) for s in by_source.values()),
                    sources=len(by_source),
                )
            )
    return cells


def cooccurring(
    rows: Iterable[CodingRow], within: int | None = None
) -> Iterator[tuple[CodingRow, CodingRow]]:
    """Every pair of codings of different codes, same source and coder, that co-occur (see module doc).

    The earlier-starting coding comes first in each pair. Cost: one sort, and one step per coding
    and per pair found.
    """
    gap = -1 if within is None else within  # a coding stays open while start - end <= gap
    scopes: dict[tuple[Any, Any], list[CodingRow]] = defaultdict(list)
    for row in rows:
        scopes[(row[0], row[1])].append(row)
    for scoped in scopes.values():
        scoped.sort(key=lambda r: (r[3], r[4]))
        open_rows: list[tuple[int, int, CodingRow]] = []  # heap by end
        for number, row in enumerate(scoped):
            start = row[3]
            while open_rows and start - open_rows[0][0] > gap:
                heapq.heappop(open_rows)
            for _end, _number, other in open_rows:
                if other[2] != row[2]:
                    yield other, row
            heapq.heappush(open_rows, (row[4], number, row))


def cooccurrence_pairs(
    rows: Iterable[CodingRow],
    codes: Sequence[Hashable],
    within: int | None = None,
    groups: Sequence[str] = ("",),
    group_of: GroupOf | None = None,
) -> list[Pair]:
    """Every two codes (in the order of ``codes``) × every group, with the number of co-occurring pairs.

    Without ``group_of`` every pair is in the one group ``""``. A pair whose two codings fall in
    different groups (only possible when grouping by something other than source or coder) is
    counted in neither.
    """
    order = {code: index for index, code in enumerate(codes)}
    listed = set(groups)
    kept = [row for row in rows if row[2] in order]
    counts: dict[tuple[Any, Any, str], int] = defaultdict(int)
    for first, second in cooccurring(kept, within):
        group = "" if group_of is None else group_of(first)
        if group is None or group not in listed or (group_of is not None and group_of(second) != group):
            continue
        a, b = (first[2], second[2]) if order[first[2]] < order[second[2]] else (second[2], first[2])
        counts[(a, b, group)] += 1
    pairs: list[Pair] = []
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            for group in groups:
                pairs.append(Pair(str(a), str(b), group, counts.get((a, b, group), 0)))
    return pairs
