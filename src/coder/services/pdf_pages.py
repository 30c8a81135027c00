"""The pages of a PDF source, matched to its stored text, for the page view and the coded PDF.

The stored text never changes, so its characters are placed on the pages by reading the PDF
again with the extraction that made the text and checking that the same text comes out. A
source that does not record its extraction (imported before coder recorded it) was read line for
line ("pdf-lines-1"); the reading text is tried next, so sources imported since also match.
When neither gives the stored text (another PyMuPDF may read the file differently), the pages
can still be shown, but no character can be placed on them: :attr:`SourcePages.problem` says so
in one sentence.
"""

from __future__ import annotations

from collections.abc import Iterator

import pymupdf

from coder.domain.errors import CoderError, InvalidInput
from coder.domain.model import SourceInfo
from coder.domain.pdf_positions import EXTRACTION_LINES, EXTRACTION_READING, PagePositions
from coder.importers.pdf import PdfPages
from coder.services.project import Project
from coder.services.sources import source_original, source_text


class SourcePages:
    """A PDF source's pages: readable for showing, and matched to the text when possible."""

    def __init__(self, source: SourceInfo, original: bytes, text: str) -> None:
        self.source, self.original, self.text = source, original, text
        self.pages: PdfPages | None = None  # open for rendering; matched when positions is set
        self.positions: PagePositions | None = None
        self.problem: str | None = None

    def read(self) -> Iterator[int]:
        """Match the pages to the text; yields after each page read, for a window to stay live."""
        name = self.source.name
        for extraction in _candidates(self.source):
            try:
                pages = PdfPages(name, self.original, extraction)
            except InvalidInput as error:
                self.problem = f"The pages of {name} cannot be shown: {error}"
                return
            try:
                yield from pages.read()
            except InvalidInput as error:
                pages.close()
                self.problem = f"The pages of {name} cannot be shown: {error}"
                return
            if pages.text == self.text:
                self._keep(pages)
                self.positions = pages.positions()
                return
            self._keep(pages)
        self.problem = (
            f"The pages of {name} are shown read-only: this PyMuPDF ({pymupdf.VersionBind}) reads them "
            "differently from the one that imported the source, so codings cannot be placed on them."
        )

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


def _candidates(source: SourceInfo) -> list[str]:
    if source.extraction:
        return [source.extraction]
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
