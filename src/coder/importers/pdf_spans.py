"""A page's text as MuPDF structures it (lines of spans), and a builder for text with boxes.

Both extractions read PyMuPDF's ``dict`` output (spans with their text) to make a source's text
quickly, and its ``rawdict`` output (the same spans, character by character, with boxes) when
the page view or the export needs to know where each character stands. Everything an extraction
decides depends only on span-level facts, so both give the same text.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass, field
from typing import Any

from coder.domain.pdf_positions import Box

NO_BOX = (math.nan, math.nan, math.nan, math.nan)
SUPERSCRIPT_FLAG = 1
BOLD_FLAG = 16


@dataclass(slots=True)
class Span:
    text: str
    bbox: Box
    size: float
    baseline: float
    flags: int
    boxes: list[Box] | None = None  # one per character of ``text``, when read from ``rawdict``

    @property
    def bold(self) -> bool:
        return bool(self.flags & BOLD_FLAG)


@dataclass(slots=True)
class Line:
    spans: list[Span]
    bbox: Box
    horizontal: bool = True
    size: float = 0.0  # the size of most of its characters
    baseline: float = 0.0  # the baseline of its characters of that size
    text: str = ""
    bold: bool = False  # every visible character is bold (a heading)

    def __post_init__(self) -> None:
        self.text = "".join(span.text for span in self.spans)
        if self.spans and not self.size:
            weights: dict[float, float] = {}
            for span in self.spans:
                size = round(span.size, 1)
                weights[size] = weights.get(size, 0.0) + (len(span.text.strip()) or 0.1)
            self.size = max(weights, key=weights.__getitem__)
            self.baseline = max(s.baseline for s in self.spans if round(s.size, 1) == self.size)
        self.bold = all(span.bold for span in self.spans if span.text.strip())

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]


def page_lines(page: dict[str, Any]) -> list[Line]:
    """The lines of a page's ``dict`` or ``rawdict``, in the order MuPDF found them."""
    lines: list[Line] = []
    for block in page["blocks"]:
        for line in block.get("lines", ()):
            spans = [_span(s) for s in line["spans"]]
            direction = line.get("dir", (1.0, 0.0))
            horizontal = abs(direction[0] - 1.0) < 1e-3 and abs(direction[1]) < 1e-3
            lines.append(Line(spans, tuple(line["bbox"]), horizontal))  # type: ignore[arg-type]
    return lines


def _span(raw: dict[str, Any]) -> Span:
    chars = raw.get("chars")
    if chars is None:
        text, boxes = raw["text"], None
    else:
        text = "".join(c["c"] for c in chars)
        boxes = [tuple(c["bbox"]) for c in chars]
    return Span(text, tuple(raw["bbox"]), raw["size"], raw["origin"][1], raw["flags"], boxes)  # type: ignore[arg-type]


@dataclass
class TextBuilder:
    """Characters of a text in order, each with the box it came from (when boxes are wanted)."""

    with_boxes: bool
    parts: list[str] = field(default_factory=list)
    boxes: array = field(default_factory=lambda: array("f"))
    length: int = 0

    def add(self, text: str, boxes: list[Box] | None = None) -> None:
        """Characters taken from the page (``boxes`` one per character) or added (no boxes)."""
        if not text:
            return
        self.parts.append(text)
        self.length += len(text)
        if self.with_boxes:
            if boxes is None:
                self.boxes.extend(NO_BOX * len(text))
            else:
                for box in boxes:
                    self.boxes.extend(box)

    def add_span(self, span: Span, start: int = 0, end: int | None = None, text: str | None = None) -> None:
        """Characters ``start:end`` of a span, optionally written as ``text`` (same length)."""
        piece = span.text[start:end]
        self.add(piece if text is None else text, span.boxes[start:end] if span.boxes is not None else None)

    def text(self) -> str:
        return "".join(self.parts)
