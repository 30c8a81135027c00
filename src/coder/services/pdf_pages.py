"""The pages of a PDF source, matched to its stored text, for the page view and the coded PDF.

The stored text never changes, so its characters are placed on the pages by reading the PDF
again with the extraction that made the text and checking that the same text comes out. A
source that does not record its extraction (imported before coder recorded it) was read line for
line ("pdf-lines-1"); the reading text is tried next, so sources imported since also match.
Each page is checked when it is first needed, so a long document is ready at once. When a page
does not give its stored text (another PyMuPDF may read the file differently), the pages can
still be shown, but no character can be placed on them: :attr:`SourcePages.problem` says so in
one sentence.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator

import pymupdf

from coder.domain.errors import CoderError, InvalidInput
from coder.domain.model import SourceInfo
from coder.domain.pdf_positions import EXTRACTION_LINES, EXTRACTION_READING, PagePositions
from coder.importers.pdf import PageMismatch, PdfPages
from coder.services.project import Project
from coder.services.sources import source_original, source_text


class SourcePages:
    """A PDF source's pages: readable for showing, and matched to the text when possible.

    Each page's characters are read, and checked against the page's stored text, when that
    page is first needed; a page that reads differently turns the whole source read-only
    (:attr:`problem` says why) and gets no boxes.
    """

    def __init__(self, source: SourceInfo, original: bytes, text: str) -> None:
        self.source, self.original, self.text = source, original, text
        self.pages: PdfPages | None = None  # open for drawing; matched when positions is set
        self.positions: PagePositions | None = None
        self.problem: str | None = None

    def read(self) -> Iterator[int]:
        """Find the extraction that gives the text; yields once the PDF is open (pages can be
        drawn from then on) and after each extraction tried."""
        name = self.source.name
        for extraction in _candidates(self.source, self.text):
            try:
                self._keep(PdfPages(name, self.original, extraction))
                yield 0
                assert self.pages is not None
                if self.pages.match(self.text, self.source.page_starts):
                    self.positions = PagePositions(
                        len(self.text), self.source.page_starts, self.pages.page_sizes, self._page_boxes
                    )
                    return
                yield 1
            except InvalidInput as error:
                self.problem = f"The pages of {name} cannot be shown: {error}"
                return
        self._mismatch()

    def _page_boxes(self, page: int) -> array:
        assert self.pages is not None
        start, end = self.positions.page_range(page) if self.positions else (0, 0)
        try:
            return self.pages.page_boxes(page)
        except PageMismatch:
            self._mismatch()
        except InvalidInput as error:
            self.problem = f"The pages of {self.source.name} cannot be shown: {error}"
        return array("f", [math.nan] * (4 * (end - start)))

    def _mismatch(self) -> None:
        name, version = self.source.name, pymupdf.VersionBind
        self.problem = (
            f"The pages of {name} are shown read-only: this PyMuPDF ({version}) reads them differently "
            "from the one that imported the source, so codings cannot be placed on them."
        )

    @property
    def matched(self) -> bool:
        """Characters can be placed on the pages (no page has read differently so far)."""
        return self.positions is not None and self.problem is None

    def read_all(self) -> SourcePages:
        for _ in self.read():
            pass
        return self

    def _keep(self, pages: PdfPages) -> None:
        if self.pages is not None:
            self.pages.close()
        self.pages = pages

    def close(self) -> None:
        if self.pages is not None:
            self.pages.close()
            self.pages = None


def _candidates(source: SourceInfo, text: str) -> list[str]:
    if source.extraction:
        return [source.extraction]
    # Only the reading text separates paragraphs by an empty line: try the likelier one first.
    if "\n\n" in text:
        return [EXTRACTION_READING, EXTRACTION_LINES]
    return [EXTRACTION_LINES, EXTRACTION_READING]


def source_pages(project: Project, source: SourceInfo) -> SourcePages:
    """The pages of a PDF source, not yet read; refused for other sources and missing files."""
    if source.format != "pdf":
        raise InvalidInput(f"{source.name} is not a PDF source; only PDF sources have pages.")
    original = source_original(project, source.id)
    if not original:
        raise CoderError(
            f"the PDF file of {source.name} is not kept in the project, so its pages cannot be read"
        )
    return SourcePages(source, original, source_text(project, source.id))
