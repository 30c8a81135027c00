"""PDF files, through PyMuPDF: the text a source stores, and where its characters stand.

A new PDF source gets the reading text (extraction ``pdf-reading-1``,
:mod:`coder.importers.pdf_reading`): paragraphs joined, columns in order, running headers and
page numbers left out, footnotes at the end of their page. Sources imported before hold the
line-for-line text of ``pdf-lines-1`` (:mod:`coder.importers.pdf_lines`); their text never
changes.

Pages are simply concatenated: every page that has text ends with ``"\\n"``, so the next page
starts on a line of its own; no form feed or other marker is inserted. ``page_starts`` records
the code-point offset at which each page begins (page 1 at 0); a page without text adds
nothing, so its start equals the next page's start.

To place a stored text's characters on its pages, :class:`PdfPages` reads the PDF again with
the extraction that made the text, checks that the text comes out the same, and then reads the
boxes of each page's characters when that page is first needed.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import pymupdf

from coder.domain.errors import InvalidInput
from coder.domain.model import ImportedText
from coder.domain.pdf_positions import EXTRACTION_LINES, EXTRACTION_READING, PagePositions
from coder.importers import pdf_lines, pdf_reading
from coder.importers.pdf_document import (
    MUPDF_ERRORS,
    close_pdf,
    open_document,
    read_page,
    read_pages,
    unreadable,
)
from coder.importers.pdf_layout import layout_page
from coder.importers.pdf_spans import Line, TextBuilder, page_lines

# The first extraction read exactly what PyMuPDF's plain text output holds (ligatures as one
# character); the reading text spells ligatures out ("ﬁ" becomes "fi").
FLAGS = {
    EXTRACTION_LINES: pymupdf.TEXTFLAGS_TEXT,
    EXTRACTION_READING: pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_PRESERVE_LIGATURES,
}


def import_pdf(name: str, data: bytes) -> ImportedText:
    """The reading text of a PDF file's bytes, page by page; ``name`` is used in error messages."""
    pages = PdfPages(name, data, EXTRACTION_READING)
    try:
        for _ in pages.read():
            pass
    finally:
        pages.close()
    if not pages.text.strip():
        raise InvalidInput(
            f"{name} has no text layer (it may be a scan); run text recognition (OCR) on it "
            "and import the result."
        )
    return ImportedText(
        name=name,
        format="pdf",
        text=pages.text,
        page_starts=pages.page_starts,
        original=data,
        extraction=EXTRACTION_READING,
    )


class PdfPages:
    """A PDF read as one extraction reads it: its text, and on demand its characters' boxes.

    The document stays open until :meth:`close`; :meth:`read` reads every page's text, one
    page per step, so a window can stay responsive while a long document is read.
    """

    def __init__(self, name: str, data: bytes, extraction: str) -> None:
        if extraction not in FLAGS:
            raise InvalidInput(f"{name} was read by an extraction this coder does not know ({extraction}).")
        self.name, self.extraction, self.flags = name, extraction, FLAGS[extraction]
        self.document = open_document(name, data)
        self.text = ""
        self.page_starts: tuple[int, ...] = ()
        pages = list(self._pages())
        self.page_sizes = tuple((page.rect.width, page.rect.height) for page in pages)
        # character boxes are in the unrotated page's space; a rotated page is shown turned
        self.page_turns = tuple(tuple(page.rotation_matrix) for page in pages)
        self._facts: pdf_reading.DocumentFacts | None = None
        self._stored = False  # the text is a stored one (match), not one read here (read)

    def _pages(self) -> Iterator[pymupdf.Page]:
        try:
            for number in range(self.document.page_count):
                yield self.document.load_page(number)
        except MUPDF_ERRORS:
            raise unreadable(self.name) from None

    def close(self) -> None:
        close_pdf(self.document)

    # ------------------------------------------------------------------ the text

    def read(self) -> Iterator[int]:
        """Read the whole text; yields the number of pages read so far after each page."""
        pages: list[tuple[list[Line], float]] = []
        for number, raw in enumerate(read_pages(self.name, self.document, self.flags, "dict")):
            pages.append((page_lines(raw), self.page_sizes[number][1]))
            yield number + 1
        builder = TextBuilder(with_boxes=False)
        starts: list[int] = []
        if self.extraction == EXTRACTION_LINES:
            for lines, _height in pages:
                starts.append(builder.length)
                pdf_lines.render_page(lines, builder)
        else:
            self._facts, layouts = pdf_reading.document_layouts(pages)
            for layout in layouts:
                starts.append(builder.length)
                pdf_reading.render_page(layout, self._facts, builder)
        self.text, self.page_starts = builder.text(), tuple(starts)

    # ------------------------------------------------------------------ the pages as pictures

    def pixels(self, number: int, scale: float) -> tuple[int, int, int, bytes]:
        """Page ``number`` drawn at ``scale`` pixels per point: width, height, stride, RGB bytes."""
        try:
            page = self.document.load_page(number)
            picture = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
        except MUPDF_ERRORS:
            raise unreadable(self.name) from None
        return picture.width, picture.height, picture.stride, picture.samples

    # ------------------------------------------------------------------ a stored text

    def match(self, text: str, page_starts: tuple[int, ...]) -> bool:
        """Take a stored text as this PDF's text, if its first page with text reads the same.

        Every other page is checked when its boxes are first read (:meth:`page_boxes` raises
        :class:`PageMismatch` for a page that reads differently), so a long document is ready
        at once. The reading text's choices are taken from the stored text itself: a hyphen at a
        line end stays where the text kept it, and a line at the top or bottom of a page is left
        out where the text left it out.
        """
        if len(page_starts) != self.document.page_count:
            return False
        self.text, self.page_starts = text, tuple(page_starts)
        if self.extraction == EXTRACTION_READING:
            self._facts = pdf_reading.DocumentFacts.from_text(text)
            self._stored = True
        first = next(
            (n for n in range(len(page_starts)) if self._page_range(n)[0] < self._page_range(n)[1]), None
        )
        if first is None:
            return not text
        try:
            self.page_boxes(first)
        except PageMismatch:
            return False
        return True

    # ------------------------------------------------------------------ the boxes

    def positions(self) -> PagePositions:
        """Where each character of :attr:`text` stands, read page by page when asked for."""
        return PagePositions(len(self.text), self.page_starts, self.page_sizes, self.page_boxes)

    def _page_range(self, number: int) -> tuple[int, int]:
        start = self.page_starts[number]
        end = self.page_starts[number + 1] if number + 1 < len(self.page_starts) else len(self.text)
        return start, end

    def page_boxes(self, number: int) -> array:
        """The boxes of one page's characters (four numbers each, NaN where none)."""
        lines = page_lines(read_page(self.name, self.document, number, self.flags, "rawdict"))
        start, end = self._page_range(number)
        expected = self.text[start:end]
        if self.extraction == EXTRACTION_LINES:
            builder = TextBuilder(with_boxes=True)
            pdf_lines.render_page(lines, builder)
            if builder.text() == expected:
                return builder.boxes
        else:
            assert self._facts is not None, "read() or match() comes first"
            height = self.page_sizes[number][1]
            for kept in self._facts.kept_lines(number, lines, height, expected if self._stored else None):
                builder = TextBuilder(with_boxes=True)
                pdf_reading.render_page(layout_page(kept, height), self._facts, builder)
                if builder.text() == expected:
                    return builder.boxes
        raise PageMismatch(f"page {number + 1} of {self.name} reads differently from its text.")


class PageMismatch(InvalidInput):
    """A page whose characters do not give the stored text of that page."""
