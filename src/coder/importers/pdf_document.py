"""Opening a PDF and reading its pages' characters, within limits that keep a hostile file small.

A PDF of a few hundred kilobytes can draw tens of millions of tiny glyphs; reading them all would
take gigabytes of memory. So coder checks, before it reads a page's text:

- the document has at most :data:`MAX_PAGES` pages;
- a page's drawing instructions (its content streams and forms, decompressed) are at most
  :data:`MAX_PAGE_CONTENT` bytes, measured without decompressing them whole;
- a page draws at most :data:`MAX_PAGE_CHARACTERS` characters (counted by running the page
  without extracting anything, when its instructions are large enough to hold more);
- the pages read so far hold at most :data:`MAX_CHARACTERS` characters in all.

Any file beyond a limit is refused with one sentence, before the rest of it is read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pymupdf

from coder.domain.errors import InvalidInput

MAX_PAGES = 5_000
MAX_CHARACTERS = 5_000_000  # per source; a long book holds about a million
MAX_PAGE_CHARACTERS = 100_000  # a dense printed page holds about 5,000
MAX_PAGE_CONTENT = 8 * 1024 * 1024  # bytes of drawing instructions of one page

# A PDF ends with "%%EOF"; readers accept it anywhere in the last kilobyte.
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024
# pymupdf wraps errors on opening in FileDataError (a RuntimeError); errors while reading a
# page can come straight from MuPDF's bindings.
MUPDF_ERRORS = (RuntimeError, ValueError, pymupdf.mupdf.FzErrorBase)
_CHUNK = 1 << 20

RawPage = dict[str, Any]  # PyMuPDF's "rawdict" of one page


def unreadable(name: str) -> InvalidInput:
    return InvalidInput(f"{name} is not a readable PDF (it may be damaged or incomplete).")


def open_document(name: str, data: bytes) -> pymupdf.Document:
    """The document, checked: not protected, not cut short, within the page limit."""
    _silence_mupdf()
    try:
        document = pymupdf.open(stream=data, filetype="pdf")
    except MUPDF_ERRORS:
        raise unreadable(name) from None
    try:
        _check_document(name, data, document)
    except BaseException:
        close_pdf(document)
        raise
    return document


def _check_document(name: str, data: bytes, document: pymupdf.Document) -> None:
    if document.needs_pass:
        raise InvalidInput(
            f"{name} is protected by a password; save a copy without the protection and import that."
        )
    try:
        pages = document.page_count
        # MuPDF rebuilds a damaged file as best it can; one cut short loses pages or text silently.
        cut_short = document.is_repaired and _EOF_MARKER not in data[-_EOF_WINDOW:]
    except MUPDF_ERRORS:
        raise unreadable(name) from None
    if pages == 0 or cut_short:
        raise unreadable(name)
    if pages > MAX_PAGES:
        raise InvalidInput(
            f"{name} has {pages:,} pages, more than the {MAX_PAGES:,} coder reads; "
            "split it into parts and import those."
        )


def close_pdf(document: pymupdf.Document) -> None:
    document.close()
    pymupdf.TOOLS.reset_mupdf_warnings()


def read_pages(name: str, document: pymupdf.Document, flags: int, mode: str) -> Iterator[RawPage]:
    """Each page's text (PyMuPDF's ``dict`` or ``rawdict``), checked against the limits first."""
    total = 0
    for number in range(document.page_count):
        raw = read_page(name, document, number, flags, mode)
        total += sum(
            len(span["text"] if "text" in span else span["chars"])
            for block in raw["blocks"]
            for line in block.get("lines", ())
            for span in line["spans"]
        )
        if total > MAX_CHARACTERS:
            raise InvalidInput(
                f"{name} holds more than {MAX_CHARACTERS:,} characters, more than coder keeps in one "
                "source; split it into parts and import those."
            )
        yield raw


def read_page(name: str, document: pymupdf.Document, number: int, flags: int, mode: str) -> RawPage:
    """One page's text, after checking that the page is within the limits."""
    try:
        page = document.load_page(number)
        _check_page(name, document, page, number)
        return page.get_text(mode, flags=flags, sort=False)
    except MUPDF_ERRORS:
        raise unreadable(name) from None


def _check_page(name: str, document: pymupdf.Document, page: pymupdf.Page, number: int) -> None:
    content = _content_size(document, page, MAX_PAGE_CONTENT)
    if content > MAX_PAGE_CONTENT:
        raise InvalidInput(
            f"page {number + 1} of {name} holds more drawing than coder reads "
            f"(over {MAX_PAGE_CONTENT // (1024 * 1024)} MB); remove that page or import the text another way."
        )
    # Each character takes at least one byte of instructions, unless a form is drawn many times.
    if content > MAX_PAGE_CHARACTERS or page.get_xobjects():
        if _characters_drawn(page, MAX_PAGE_CHARACTERS) > MAX_PAGE_CHARACTERS:
            raise InvalidInput(
                f"page {number + 1} of {name} draws more than {MAX_PAGE_CHARACTERS:,} characters, "
                "more than coder reads on one page; remove that page or import the text another way."
            )


def _content_size(document: pymupdf.Document, page: pymupdf.Page, cap: int) -> int:
    """Bytes of the page's content streams and forms, decompressed; counting stops past ``cap``."""
    xrefs = dict.fromkeys([*page.get_contents(), *(x[0] for x in page.get_xobjects())])
    total = 0
    for xref in xrefs:
        total += _stream_size(document, xref, cap - total)
        if total > cap:
            break
    return total


def _stream_size(document: pymupdf.Document, xref: int, cap: int) -> int:
    kind, value = document.xref_get_key(xref, "Filter")
    if kind == "null":
        return len(document.xref_stream_raw(xref))
    if value.strip("[] ") != "/FlateDecode":
        return len(document.xref_stream(xref) or b"")
    inflate = zlib.decompressobj()
    pending = document.xref_stream_raw(xref)
    size = 0
    try:
        while pending and size <= cap:
            size += len(inflate.decompress(pending, _CHUNK))
            pending = inflate.unconsumed_tail
    except zlib.error:
        pass  # MuPDF reads what it can of a damaged stream; so little text that it does not matter
    return size


class _CharacterCounter(pymupdf.mupdf.FzDevice2):
    """A device that only counts the characters a page draws, and stops the page past a limit."""

    def __init__(self, cookie: Any, limit: int) -> None:
        super().__init__()
        self.cookie, self.limit, self.count = cookie, limit, 0
        self.use_virtual_fill_text()
        self.use_virtual_stroke_text()
        self.use_virtual_clip_text()
        self.use_virtual_clip_stroke_text()
        self.use_virtual_ignore_text()

    def _add(self, text: Any) -> None:
        span = text.head
        while span:
            self.count += span.len
            span = span.next
        if self.count > self.limit:
            self.cookie.m_internal.abort = 1

    def fill_text(self, _ctx: Any, text: Any, *_args: Any) -> None:
        self._add(text)

    def stroke_text(self, _ctx: Any, text: Any, *_args: Any) -> None:
        self._add(text)

    def clip_text(self, _ctx: Any, text: Any, *_args: Any) -> None:
        self._add(text)

    def clip_stroke_text(self, _ctx: Any, text: Any, *_args: Any) -> None:
        self._add(text)

    def ignore_text(self, _ctx: Any, text: Any, *_args: Any) -> None:
        self._add(text)


def _characters_drawn(page: pymupdf.Page, limit: int) -> int:
    mupdf = pymupdf.mupdf
    cookie = mupdf.FzCookie()
    counter = _CharacterCounter(cookie, limit)
    try:
        mupdf.fz_run_page(page.this, counter, mupdf.FzMatrix(), cookie)
    finally:
        mupdf.fz_close_device(counter)
    return counter.count


def _silence_mupdf() -> None:
    """Keep MuPDF's messages about broken files off the user's terminal."""
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
