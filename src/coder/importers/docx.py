"""Word (.docx) files, through python-docx.

The body's paragraphs and tables are read in document order, one block after another,
joined with ``"\\n"``. A table gives one line per row, its cells' texts joined by ``"\\t"``.
Cells are read from the row's own ``<w:tc>`` elements, so a cell merged across columns
counts once, and the rows a vertically merged cell continues into hold an empty field
instead of a copy of its text. A cell's paragraphs (and tables nested in it) are joined
with ``"\\n"``. Headers, footers, footnotes and comments are not part of the text.

Before python-docx unpacks anything, the sizes the zip declares are held to
:data:`coder.domain.limits.DOCX_LIMITS` (parts, unpacked size, XML size, compression ratio), so
that a small file cannot unpack into gigabytes.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from coder.domain.errors import InvalidInput, shorten
from coder.domain.limits import DOCX_LIMITS, check_archive
from coder.domain.model import ImportedText
from coder.domain.text import normalise

# What python-docx raises on a file that is not a well-formed .docx: not a zip or a damaged one
# (BadZipFile, EOFError, zlib.error, NotImplementedError for an unknown compression), a part
# missing (KeyError), the wrong content type (ValueError), XML that lxml cannot parse (its
# XMLSyntaxError is a SyntaxError) or XML without the elements a document needs (AttributeError).
_BROKEN = (
    zipfile.BadZipFile,
    EOFError,
    zlib.error,
    NotImplementedError,
    PackageNotFoundError,
    KeyError,
    ValueError,
    SyntaxError,
    AttributeError,
)


def import_docx(name: str, data: bytes) -> ImportedText:
    """The text of a .docx file's bytes; ``name`` is used in error messages."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_archive(archive.infolist(), name, DOCX_LIMITS)
        document = docx.Document(io.BytesIO(data))
        text = "\n".join(_blocks(document.iter_inner_content()))
    except _BROKEN:
        raise InvalidInput(
            f"{shorten(name)} is not a readable Word document (.docx); it may be damaged or in another "
            "format."
        ) from None
    return ImportedText(name=name, format="docx", text=normalise(text), original=data)


def _blocks(content: Iterator[Paragraph | Table]) -> Iterator[str]:
    for block in content:
        if isinstance(block, Paragraph):
            yield block.text
        else:
            yield from _rows(block)


def _rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        # row.cells would repeat a merged cell once per grid column and per continued row.
        yield "\t".join(_cell_text(_Cell(tc, table)) for tc in row._tr.tc_lst)


def _cell_text(cell: _Cell) -> str:
    return "\n".join(_blocks(cell.iter_inner_content()))
