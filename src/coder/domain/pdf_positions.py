"""Where each character of a PDF source's stored text stands on its page.

The page view and the coded-PDF export meet the stored text here, and only here: a point on a
page becomes a code-point offset into the stored text (:meth:`PagePositions.caret_at`), and a
span ``[start, end)`` of the stored text becomes rectangles on pages
(:meth:`PagePositions.span_boxes`). Offsets are Python code points, as everywhere in coder, so a
character outside the Basic Multilingual Plane is one offset with one box.

Boxes are ``(x0, y0, x1, y1)`` in PDF points in PyMuPDF's page coordinates (origin at the top
left of the unrotated page, y growing downwards). A character that the extraction added (the
space that joins two lines, a line break) has no box; it is highlighted as part of its span but
cannot be hit by the mouse.
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]

EXTRACTION_LINES = "pdf-lines-1"
"""The text as PyMuPDF's plain text output gives it, line for line (coder's first PDF extraction)."""
EXTRACTION_READING = "pdf-reading-1"
"""The reading text: paragraphs joined, columns in order, headers left out, footnotes at page end."""
PDF_EXTRACTIONS = (EXTRACTION_LINES, EXTRACTION_READING)


def extraction_of(format: str, extraction: str) -> str:
    """The extraction that made a source's text; ``""`` on a PDF means the first one."""
    if format != "pdf":
        return extraction
    return extraction or EXTRACTION_LINES


@dataclass(frozen=True, slots=True)
class LineRun:
    """Characters of one printed line of a page, in text order: offsets ``[start, end)``."""

    start: int
    end: int
    box: Box


PageBoxes = Callable[[int], array]
"""Reads the boxes of one page's characters: four numbers each, NaN for a character without one."""

CACHED_PAGES = 256


class PagePositions:
    """The page and box of every character of one stored text.

    ``page_starts`` holds the offset at which each page's text begins, as a source records it;
    ``load`` gives the boxes of one page's characters, read when that page is first needed (a
    few hundred pages are kept, so memory stays bounded on long documents).
    """

    def __init__(
        self,
        length: int,
        page_starts: Sequence[int],
        page_sizes: Sequence[tuple[float, float]],
        load: PageBoxes,
    ) -> None:
        if len(page_starts) != len(page_sizes):
            raise ValueError("every page needs a size")
        self.length = length
        self.page_starts = tuple(page_starts)
        self.page_sizes = tuple(page_sizes)
        self._load = load
        self._boxes: OrderedDict[int, array] = OrderedDict()
        self._lines: dict[int, list[LineRun]] = {}

    @classmethod
    def from_boxes(
        cls, page_starts: Sequence[int], boxes: array, page_sizes: Sequence[tuple[float, float]]
    ) -> PagePositions:
        """Positions of a text whose boxes are all known: four numbers per character."""
        if len(boxes) % 4:
            raise ValueError("boxes must hold four numbers per character")
        length = len(boxes) // 4
        ends = [*page_starts[1:], length]
        return cls(
            length, page_starts, page_sizes, lambda page: boxes[4 * page_starts[page] : 4 * ends[page]]
        )

    @property
    def pages(self) -> int:
        return len(self.page_starts)

    # ------------------------------------------------------------------ offsets and pages

    def page_of(self, offset: int) -> int:
        """The page (0-based) whose text holds ``offset``; the text's end belongs to the last page."""
        if not self.page_starts:
            raise ValueError("no pages")
        return max(0, bisect_right(self.page_starts, min(max(offset, 0), self.length - 1)) - 1)

    def page_range(self, page: int) -> tuple[int, int]:
        """Offsets ``[start, end)`` of one page's text."""
        start = self.page_starts[page]
        end = self.page_starts[page + 1] if page + 1 < len(self.page_starts) else self.length
        return start, end

    def page_boxes(self, page: int) -> array:
        boxes = self._boxes.get(page)
        if boxes is None:
            boxes = self._load(page)
            start, end = self.page_range(page)
            if len(boxes) != 4 * (end - start):
                raise ValueError(f"page {page + 1} has {len(boxes) // 4} boxes for {end - start} characters")
            self._boxes[page] = boxes
            if len(self._boxes) > CACHED_PAGES:
                old, _ = self._boxes.popitem(last=False)
                self._lines.pop(old, None)
        else:
            self._boxes.move_to_end(page)
        return boxes

    def box(self, offset: int) -> Box | None:
        page = self.page_of(offset)
        return _box(self.page_boxes(page), offset - self.page_starts[page])

    # ------------------------------------------------------------------ lines of a page

    def lines(self, page: int) -> list[LineRun]:
        """The printed lines of a page: runs of consecutive characters that share a line."""
        boxes = self.page_boxes(page)
        cached = self._lines.get(page)
        if cached is None:
            cached = self._lines[page] = _find_lines(boxes, self.page_starts[page])
        return cached

    # ------------------------------------------------------------------ the conversions

    def caret_at(self, page: int, x: float, y: float) -> int:
        """The offset of the gap between characters nearest to a point on a page.

        A point on the left half of a character means the gap before it, on the right half the
        gap after it; beside a line, its nearest end; between lines, the nearest line.
        """
        runs = self.lines(page)
        if not runs:
            return self.page_range(page)[0]
        boxes, first = self.page_boxes(page), self.page_starts[page]
        run = min(runs, key=lambda r: _distance(r.box, x, y))
        chosen = run.start
        for offset in range(run.start, run.end):
            box = _box(boxes, offset - first)
            if box is None:
                continue
            if x < (box[0] + box[2]) / 2:
                return offset
            chosen = offset + 1
        return chosen

    def span_boxes(self, start: int, end: int) -> list[tuple[int, Box]]:
        """Rectangles covering ``[start, end)``: one per printed line, as ``(page, box)``."""
        found: list[tuple[int, Box]] = []
        for page, run in self.runs_between(start, end):
            boxes, first = self.page_boxes(page), self.page_starts[page]
            inside = [
                b
                for b in (_box(boxes, i - first) for i in range(max(run.start, start), min(run.end, end)))
                if b is not None
            ]
            if inside:
                found.append((page, (inside[0][0], run.box[1], inside[-1][2], run.box[3])))
        return found

    def runs_between(self, start: int, end: int) -> list[tuple[int, LineRun]]:
        """The printed lines that hold part of ``[start, end)``, as ``(page, line)``."""
        start, end = max(start, 0), min(end, self.length)
        if start >= end or not self.page_starts:
            return []
        return [
            (page, run)
            for page in range(self.page_of(start), self.page_of(end - 1) + 1)
            for run in self.lines(page)
            if run.start < end and run.end > start
        ]


def _box(boxes: array, index: int) -> Box | None:
    x0 = boxes[4 * index]
    if math.isnan(x0):
        return None
    return (x0, boxes[4 * index + 1], boxes[4 * index + 2], boxes[4 * index + 3])


def _find_lines(boxes: array, first: int) -> list[LineRun]:
    runs: list[LineRun] = []
    start = last = -1
    line = (0.0, 0.0, 0.0, 0.0)
    for index in range(len(boxes) // 4):
        box = _box(boxes, index)
        if box is None:
            continue
        if start >= 0 and _same_line(line, box):
            line = (min(line[0], box[0]), min(line[1], box[1]), max(line[2], box[2]), max(line[3], box[3]))
            last = index
            continue
        if start >= 0:
            runs.append(LineRun(first + start, first + last + 1, line))
        start = last = index
        line = box
    if start >= 0:
        runs.append(LineRun(first + start, first + last + 1, line))
    return runs


def _same_line(line: Box, box: Box) -> bool:
    """A box continues a line when it overlaps it vertically by half the smaller height, to its right."""
    overlap = min(line[3], box[3]) - max(line[1], box[1])
    smaller = min(line[3] - line[1], box[3] - box[1])
    return overlap >= 0.5 * smaller and box[0] >= line[2] - (box[3] - box[1])


def _distance(box: Box, x: float, y: float) -> float:
    dx = max(box[0] - x, 0.0, x - box[2])
    dy = max(box[1] - y, 0.0, y - box[3])
    return dx + 3 * dy
