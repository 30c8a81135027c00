"""PDF files, through PyMuPDF.

Each page's text is taken with ``page.get_text("text", sort=False)``: the order in which the
PDF draws its text. On the study's PDFs (printed from a browser) that is the reading order,
line for line the same as ``sort=True``, but ``sort=True`` also turns no-break spaces into
spaces and adds blank lines between blocks, so it changes characters the PDF holds. Sorting
by position would also interleave the columns of two-column pages.

Pages are simply concatenated: every page that has text ends with ``"\\n"`` (one is added
when the page's text lacks it), so the next page starts on a line of its own. No form feed
or other marker is inserted, so the stored text holds only characters of the PDF;
``page_starts`` records the code-point offset at which each page begins (page 1 at 0). A page
without text adds nothing, so its start equals the next page's start.

Each page's text is normalised on its own before the pages are joined, so the offsets
recorded while joining are offsets into the final, normalised text.
"""

from __future__ import annotations

import pymupdf

from coder.domain.errors import InvalidInput
from coder.domain.model import ImportedText
from coder.domain.text import normalise

# A PDF ends with "%%EOF"; readers accept it anywhere in the last kilobyte.
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024
# pymupdf wraps errors on opening in FileDataError (a RuntimeError); errors while reading a
# page can come straight from MuPDF's bindings.
_MUPDF_ERRORS = (RuntimeError, pymupdf.mupdf.FzErrorBase)


def import_pdf(name: str, data: bytes) -> ImportedText:
    """The text of a PDF file's bytes, page by page; ``name`` is used in error messages."""
    _silence_mupdf()
    try:
        pages = _page_texts(name, data)
    finally:
        pymupdf.TOOLS.reset_mupdf_warnings()
    if not any(page.strip() for page in pages):
        raise InvalidInput(
            f"{name} has no text layer (it may be a scan); run text recognition (OCR) on it "
            "and import the result."
        )
    starts: list[int] = []
    offset = 0
    for page in pages:
        starts.append(offset)
        offset += len(page)
    text = "".join(pages)
    return ImportedText(name=name, format="pdf", text=text, page_starts=tuple(starts), original=data)


def _page_texts(name: str, data: bytes) -> list[str]:
    unreadable = InvalidInput(f"{name} is not a readable PDF (it may be damaged or incomplete).")
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except _MUPDF_ERRORS:
        raise unreadable from None
    with document:
        if document.needs_pass:
            raise InvalidInput(
                f"{name} is protected by a password; save a copy without the protection and import that."
            )
        # MuPDF rebuilds a damaged file as best it can; one cut short loses pages or text silently.
        cut_short = document.is_repaired and _EOF_MARKER not in data[-_EOF_WINDOW:]
        if document.page_count == 0 or cut_short:
            raise unreadable
        try:
            return [_page_text(page) for page in document]
        except _MUPDF_ERRORS:
            raise unreadable from None


def _page_text(page: pymupdf.Page) -> str:
    text = normalise(page.get_text("text", sort=False))
    if text and not text.endswith("\n"):
        text += "\n"
    return text


def _silence_mupdf() -> None:
    """Keep MuPDF's messages about broken files off the user's terminal."""
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
