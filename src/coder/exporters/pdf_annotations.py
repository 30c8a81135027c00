"""The original PDF with codings as highlight annotations (PyMuPDF).

Each coding becomes one highlight annotation per page it covers, made of one quadrilateral per
printed line, in its code's colour. The annotation's title is the coder's name (PDF readers
show it as the author), its subject the code, and its note holds code, coder and memo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from coder.domain.pdf_positions import Box, PagePositions


@dataclass(frozen=True, slots=True)
class Highlight:
    start: int
    end: int
    colour: str  # "#rrggbb"
    code: str  # the code's path, e.g. "Alliance dynamics/Entrapment"
    coder: str
    memo: str = ""

    def note(self) -> str:
        memo = f"\n\n{self.memo}" if self.memo else ""
        return f"{self.code}\nCoded by {self.coder}{memo}"


def annotate_pdf(original: bytes, positions: PagePositions, highlights: Sequence[Highlight]) -> bytes:
    """A copy of ``original`` with every highlight that has characters on a page."""
    document = pymupdf.open(stream=original, filetype="pdf")
    try:
        for highlight in highlights:
            by_page: dict[int, list[Box]] = {}
            for page, box in positions.span_boxes(highlight.start, highlight.end):
                by_page.setdefault(page, []).append(box)
            for page, boxes in by_page.items():
                _annotate(document[page], boxes, highlight)
        return document.tobytes(garbage=1, deflate=True)
    finally:
        document.close()


def _annotate(page: pymupdf.Page, boxes: list[Box], highlight: Highlight) -> None:
    annotation = page.add_highlight_annot(quads=[pymupdf.Rect(*box).quad for box in boxes])
    annotation.set_colors(stroke=_rgb(highlight.colour))
    annotation.set_info(title=highlight.coder, subject=highlight.code, content=highlight.note())
    annotation.update()


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    if len(value) != 6:
        return (1.0, 0.9, 0.3)
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)
