"""The agreement sweep for all codes, sources and coders at once, in NumPy arrays.

Every coding becomes a pair of integers on one long line: each (code, coder) has a lane of
the line, and in each lane the sources follow each other with one unused position between
two sources, so that codings of different sources never touch. One sort along that line
puts each coder's codings of a code in a source in order; running maxima of the ends then
merge them (into *units*, where only overlapping codings merge, and into *segments*, where
touching ones merge too). The segments' endpoints, sorted once more on a line without the
coder lanes, give by a cumulative sum how many coders coded each stretch; for each pair of
coders, the overlaps of one's segments with the other's give what both coded and which
segments match.

Nothing here loops over characters or, in Python, over codings: the cost grows with the
number of codings (the two sorts), and every count is an exact integer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from coder.analysis.agreement_model import Columns, SourceSpans
from coder.domain.errors import InvalidInput
from coder.domain.spans import check_span

Ints = NDArray[np.int64]
_LIMIT = 2**62  # positions on the line stay below this, far from the int64 limit


@dataclass(frozen=True, slots=True)
class Tallies:
    """Counts for each (code, source) with at least one compared coding, in ``groups`` order.

    ``groups[g]`` is ``code index × number of sources + source index``, ascending. Per group:
    ``histogram[g, j]`` characters coded by exactly ``j`` coders (``j ≥ 1``; column 0 is left
    0), ``coded[g, i]`` characters coded by coder ``i``, ``both[g, p]`` characters coded by
    both coders of pair ``p`` (pairs in ``combinations`` order), ``segments[g, i]`` coder
    ``i``'s segments, ``matched[g, p]`` the matched segments of the pair's first and second
    coder, ``unit_squares[g, i]`` the sum of the squared lengths of coder ``i``'s units.
    """

    groups: Ints
    histogram: Ints
    coded: Ints
    both: Ints
    segments: Ints
    matched: Ints
    unit_squares: Ints


def columns(sources: Sequence[SourceSpans], coders: Sequence[str], code_keys: Sequence[str]) -> Columns:
    """The codings of all sources as arrays, with coders and codes as indices into the given lists."""
    counts = [len(source.codings) for source in sources]
    total = sum(counts)
    source = np.repeat(np.arange(len(sources), dtype=np.int64), counts)
    names: list[str] = []
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for spans in sources:  # one source at a time: a few small tuples, not one of every coding
        if spans.codings:
            coder, code, start, end = zip(*spans.codings, strict=True)
            names += coder
            keys += code
            starts += start
            ends += end
    return Columns(
        source,
        _indices(names, coders, total),
        _indices(keys, code_keys, total),
        np.fromiter(starts, dtype=np.int64, count=total),
        np.fromiter(ends, dtype=np.int64, count=total),
    )


def _indices(values: Sequence[str], wanted: Sequence[str], count: int) -> Ints:
    position = {value: index for index, value in enumerate(wanted)}
    lookup = {value: position.get(value, -1) for value in set(values)}
    return np.fromiter(map(lookup.__getitem__, values), dtype=np.int64, count=count)


def check_codings(
    data: Columns, sources: Sequence[SourceSpans], characters: Ints, coders: Sequence[str]
) -> None:
    """Refuse the first coding by a compared coder that lies outside its source, in words."""
    compared = data.coder >= 0
    bad = compared & ((data.start < 0) | (data.start >= data.end) | (data.end > characters[data.source]))
    if not bad.any():
        return
    first = int(np.flatnonzero(bad)[0])
    source = sources[int(data.source[first])]
    coder = coders[int(data.coder[first])]
    try:
        check_span(int(data.start[first]), int(data.end[first]), source.characters)
    except InvalidInput as error:
        raise InvalidInput(f"a coding by '{coder}' in source '{source.name}' is invalid: {error}") from None
    raise AssertionError("a refused coding passed check_span")  # pragma: no cover - the masks agree


def coding_counts(data: Columns, sources: int, coders: int) -> Ints:
    """How many codings (any code) each compared coder made in each source: shape ``(sources, coders)``."""
    compared = data.coder >= 0
    flat = data.source[compared] * coders + data.coder[compared]
    return np.bincount(flat, minlength=sources * coders).reshape(sources, coders)


def tally(data: Columns, characters: Ints, coders: int, codes: int, overlap: float) -> Tallies:
    """Sweep the compared coders' codings with compared codes (see the module's description)."""
    keep = (data.coder >= 0) & (data.code >= 0)
    code, coder, source = data.code[keep], data.coder[keep], data.source[keep]
    sources = len(characters)
    width = int(characters.sum()) + sources  # one lane: every source and one position after it
    longest = int(characters.max()) if sources else 0
    if max(codes, 1) * coders * max(width, 1) >= _LIMIT or longest * width * coders >= _LIMIT:
        raise InvalidInput("the sources are too long to compare this many codes at once; choose fewer codes")
    if not keep.any():
        return _nothing(coders)
    offsets = np.cumsum(characters + 1) - (characters + 1)
    lane_shift = (code * coders + coder) * width + offsets[source]
    start = lane_shift + data.start[keep]
    # Codings with equal starts in one lane merge whatever their order: no need for a stable sort.
    order = np.argsort(start)
    start, end = start[order], (lane_shift + data.end[keep])[order]
    code, coder, source = code[order], coder[order], source[order]

    reach = np.maximum.accumulate(end)
    before = np.concatenate((np.array([-1], dtype=np.int64), reach[:-1]))
    unit_first = np.flatnonzero(start >= before)  # a unit: overlapping codings merged
    segment_first = np.flatnonzero(start > before)  # a segment: touching ones merged as well
    unit_length = reach[_last(unit_first, len(start))] - start[unit_first]
    seg_start = start[segment_first]
    seg_end = reach[_last(segment_first, len(start))]
    seg_code, seg_coder, seg_source = code[segment_first], coder[segment_first], source[segment_first]

    groups, seg_group = np.unique(seg_code * sources + seg_source, return_inverse=True)
    seg_group = seg_group.reshape(-1)
    size = len(groups)
    seg_length = seg_end - seg_start
    per_coder = seg_group * coders + seg_coder
    coded = _sum(per_coder, seg_length, size * coders).reshape(size, coders)
    segments = np.bincount(per_coder, minlength=size * coders).reshape(size, coders)
    unit_group = np.searchsorted(groups, code[unit_first] * sources + source[unit_first])
    unit_squares = np.zeros(size * coders, dtype=np.int64)
    np.add.at(unit_squares, unit_group * coders + coder[unit_first], unit_length * unit_length)

    # Segment endpoints on a line without coder lanes: code × width + offset of the source + offset.
    lane_off = (seg_code * (coders - 1) + seg_coder) * width
    shared_start, shared_end = seg_start - lane_off, seg_end - lane_off
    histogram = _coverage(shared_start, shared_end, seg_group, size, coders)
    both, matched = _overlaps(shared_start, shared_end, seg_coder, seg_group, segments, coders, overlap)
    return Tallies(groups, histogram, coded, both, segments, matched, unit_squares.reshape(size, coders))


def _nothing(coders: int) -> Tallies:
    pairs = coders * (coders - 1) // 2

    def empty(*shape: int) -> Ints:
        return np.zeros((0, *shape), dtype=np.int64)

    return Tallies(
        np.zeros(0, dtype=np.int64),
        empty(coders + 1),
        empty(coders),
        empty(pairs),
        empty(coders),
        empty(pairs, 2),
        empty(coders),
    )


def _last(first: Ints, count: int) -> Ints:
    """The last index of each run, given the first index of every run of ``count`` items."""
    return np.concatenate((first[1:] - 1, np.array([count - 1], dtype=np.int64)))[: len(first)]


def _sum(index: Ints, values: Ints, size: int) -> Ints:
    """Integer sums of ``values`` by ``index``; exact, as every sum stays below one source's length."""
    return np.bincount(index, weights=values, minlength=size).astype(np.int64)


def _coverage(starts: Ints, ends: Ints, group: Ints, size: int, coders: int) -> Ints:
    """Per group: characters by number of coders (``histogram``; column 0 left 0)."""
    position = np.concatenate((starts, ends))
    # Endpoints at one position may come in any order: only stretches of length 0 lie between them.
    order = np.argsort(position)
    position = position[order]
    step = np.where(order < len(starts), 1, -1)
    where = np.concatenate((group, group))[order][:-1]
    length = np.diff(position)  # the stretch after each endpoint, up to the next one
    count = np.cumsum(step)[:-1]
    histogram = _sum(where * (coders + 1) + count, length, size * (coders + 1)).reshape(size, coders + 1)
    histogram[:, 0] = 0
    return histogram


def _overlaps(
    starts: Ints, ends: Ints, coder: Ints, group: Ints, segments: Ints, coders: int, overlap: float
) -> tuple[Ints, Ints]:
    """Per group and pair: characters coded by both (``both``), and how many segments of each coder
    have a partner overlapping at least θ (``matched``).

    A coder's segments are disjoint, so the characters coded by both coders of a pair are the sum
    of the overlaps of every segment of one with every segment of the other.
    """
    size = len(segments)
    pairs = list(combinations(range(coders), 2))
    both = np.zeros((size, len(pairs)), dtype=np.int64)
    matched = np.zeros((size, len(pairs), 2), dtype=np.int64)
    mine = [np.flatnonzero(coder == i) for i in range(coders)]  # each in order along the line
    for p, (i, j) in enumerate(pairs):
        xs, xe, ys, ye = starts[mine[i]], ends[mine[i]], starts[mine[j]], ends[mine[j]]
        # The segments of Y that share a character with a segment of X form one run [low, high).
        low = np.searchsorted(ye, xs, side="right")
        high = np.searchsorted(ys, xe, side="left")
        runs = np.maximum(high - low, 0)
        x = np.repeat(np.arange(len(xs)), runs)
        y = np.arange(len(x)) - np.repeat(np.cumsum(runs) - runs, runs) + np.repeat(low, runs)
        shared = np.minimum(xe[x], ye[y]) - np.maximum(xs[x], ys[y])
        group_x = group[mine[i]]
        both[:, p] = _sum(group_x[x], shared, size)
        if overlap <= 0:  # every ratio reaches the threshold: a segment matches if the other has any
            matched[:, p, 0] = np.where(segments[:, j] > 0, segments[:, i], 0)
            matched[:, p, 1] = np.where(segments[:, i] > 0, segments[:, j], 0)
            continue
        joint = np.maximum(xe[x], ye[y]) - np.minimum(xs[x], ys[y])
        good = shared / joint >= overlap
        hit_x = np.zeros(len(xs), dtype=bool)
        hit_y = np.zeros(len(ys), dtype=bool)
        hit_x[x[good]] = True
        hit_y[y[good]] = True
        matched[:, p, 0] = np.bincount(group_x[hit_x], minlength=size)
        matched[:, p, 1] = np.bincount(group[mine[j]][hit_y], minlength=size)
    return both, matched
