"""An interval index over one source's codings, so views touch only what is on screen.

Codings are kept in fixed-size buckets of text (a coding sits in every bucket it spans), so
"which codings meet this range" costs the codings near the range, not all of them. Each coding
also gets a lane: overlapping codings get different lanes, so their margin stripes sit side by side.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable

from coder.domain.model import Coding
from coder.ui.changes import Changed

BUCKET = 2048


class CodingIndex:
    def __init__(self, codings: Iterable[Coding] = (), bucket: int = BUCKET) -> None:
        self._bucket = bucket
        self._buckets: dict[int, set[str]] = {}
        self.by_id: dict[str, Coding] = {}
        self.lanes: dict[str, int] = {}
        self._lane_count: int | None = None
        ordered = sorted(codings, key=lambda c: (c.start, -c.end, c.id))
        for coding in ordered:
            self._insert(coding)
        self._assign_lanes(ordered)

    def __len__(self) -> int:
        return len(self.by_id)

    @property
    def lane_count(self) -> int:
        """How many lanes the codings use (kept, not recounted: views ask at every paint)."""
        if self._lane_count is None:
            self._lane_count = max(self.lanes.values(), default=-1) + 1
        return self._lane_count

    def _keys(self, start: int, end: int) -> range:
        return range(start // self._bucket, max(start, end - 1) // self._bucket + 1)

    def _insert(self, coding: Coding) -> None:
        self.by_id[coding.id] = coding
        for key in self._keys(coding.start, coding.end):
            self._buckets.setdefault(key, set()).add(coding.id)

    def _assign_lanes(self, ordered: list[Coding]) -> None:
        """Greedy interval colouring: as few lanes as the deepest overlap needs."""
        busy: list[tuple[int, int]] = []  # (end, lane) of codings still open
        free: list[int] = []
        next_lane = 0
        for coding in ordered:
            while busy and busy[0][0] <= coding.start:
                heapq.heappush(free, heapq.heappop(busy)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane, next_lane = next_lane, next_lane + 1
            self.lanes[coding.id] = lane
            heapq.heappush(busy, (coding.end, lane))

    def add(self, coding: Coding) -> None:
        """Add (or replace) a coding; it takes the lowest lane free beside its neighbours."""
        if coding.id in self.by_id:
            self.remove(coding.id)
        taken = {self.lanes[c.id] for c in self.overlapping(coding.start, coding.end)}
        lane = 0
        while lane in taken:
            lane += 1
        self._insert(coding)
        self.lanes[coding.id] = lane
        if self._lane_count is not None:
            self._lane_count = max(self._lane_count, lane + 1)

    def apply_changes(self, source_id: str, changed: Changed, visible: Callable[[Coding], bool]) -> None:
        """Patch in the codings of one source that a change touched (added ones if ``visible``)."""
        for coding in changed.removed:
            if coding.source_id == source_id:
                self.remove(coding.id)
        for coding in changed.updated:
            if coding.source_id == source_id:
                self.replace(coding)
        for coding in changed.added:
            if coding.source_id == source_id and visible(coding):
                self.add(coding)

    def replace(self, coding: Coding) -> None:
        """Change a coding's code or memo in place, keeping its lane."""
        if coding.id in self.by_id:
            self.by_id[coding.id] = coding

    def remove(self, coding_id: str) -> Coding | None:
        coding = self.by_id.pop(coding_id, None)
        if coding is None:
            return None
        for key in self._keys(coding.start, coding.end):
            bucket = self._buckets.get(key)
            if bucket is not None:
                bucket.discard(coding_id)
                if not bucket:
                    del self._buckets[key]
        self.lanes.pop(coding_id, None)
        self._lane_count = None
        return coding

    def overlapping(self, start: int, end: int) -> list[Coding]:
        """Codings that share at least one character with ``[start, end)``, by start then length."""
        ids: set[str] = set()
        for key in self._keys(start, end):
            bucket = self._buckets.get(key)
            if bucket:
                ids.update(bucket)
        found = [self.by_id[i] for i in ids]
        found = [c for c in found if c.start < end and c.end > start]
        found.sort(key=lambda c: (c.start, -c.end, c.id))
        return found

    def at(self, offset: int) -> list[Coding]:
        """Codings that cover the character at ``offset``."""
        return self.overlapping(offset, offset + 1)
