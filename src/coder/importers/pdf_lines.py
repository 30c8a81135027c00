"""Extraction "pdf-lines-1": a page's text line for line, as PyMuPDF's plain text output gives it.

This is how coder read PDFs before the reading text (:mod:`coder.importers.pdf_reading`); sources
imported then hold this text, so it stays available to place their characters on the pages.

Lines come in the order the PDF draws its text (``sort=False``); on the study's PDFs (printed
from a browser) that is the reading order. Each line ends with ``"\\n"``; nothing is joined,
dropped or added, so the text holds only characters of the PDF. Each page's text is normalised
on its own (a leading byte-order mark goes, line breaks become ``"\\n"``).
"""

from __future__ import annotations

from coder.domain.text import BOM
from coder.importers.pdf_spans import Line, TextBuilder

NEWLINE = "\n"


def render_page(lines: list[Line], builder: TextBuilder) -> None:
    """Add one page's text to ``builder``."""
    page = TextBuilder(builder.with_boxes)
    for line in lines:
        for span in line.spans:
            page.add_span(span)
        page.add(NEWLINE)
    text = page.text()
    if text.startswith(BOM) or "\r" in text:
        _add_normalised(text, page, builder)
    else:
        builder.add(text, _boxes(page) if builder.with_boxes else None)


def _boxes(page: TextBuilder) -> list[tuple[float, float, float, float]]:
    b = page.boxes
    return [(b[i], b[i + 1], b[i + 2], b[i + 3]) for i in range(0, len(b), 4)]


def _add_normalised(text: str, page: TextBuilder, builder: TextBuilder) -> None:
    """As :func:`coder.domain.text.normalise` does, keeping each kept character's box."""
    boxes = _boxes(page) if builder.with_boxes else [None] * len(text)
    first = 1 if text.startswith(BOM) else 0
    for index in range(first, len(text)):
        char = text[index]
        if char == "\r":
            if index + 1 < len(text) and text[index + 1] == NEWLINE:
                continue
            char = NEWLINE
        box = boxes[index]
        builder.add(char, None if box is None else [box])
