"""Importers: turn a file into the text a source stores (pure functions, no database).

:func:`import_file` picks the importer by the file's lower-cased suffix. Every problem with a
file is raised as :class:`~coder.domain.errors.InvalidInput` with one sentence naming it.

Every file coder reads is first checked by :func:`check_regular_file` (or read by
:func:`read_regular_file`): only an ordinary file of acceptable size is opened, never a named
pipe or a device such as /dev/zero, which could block or be read forever. The limits are in
:mod:`coder.domain.limits`; every importer's text is held to its character limit.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from coder.domain.errors import InvalidInput, shorten
from coder.domain.limits import (
    MAX_SOURCE_FILE_BYTES,
    MAX_TEXT_FILE_BYTES,
    check_characters,
    check_file_status,
)
from coder.domain.model import ImportedText
from coder.domain.names import check_name

Importer = Callable[[str, bytes], ImportedText]
"""Makes an :class:`ImportedText` from a file's name and bytes."""

# Each importer's module (and its library: PyMuPDF, python-docx, charset-normalizer) is loaded
# only when a file of its kind arrives, so that commands which import nothing start quickly.


def _text(fmt: str) -> Importer:
    def run(name: str, data: bytes) -> ImportedText:
        from coder.importers.text import import_text

        return import_text(name, data, fmt)

    return run


def _pdf(name: str, data: bytes) -> ImportedText:
    from coder.importers.pdf import import_pdf

    return import_pdf(name, data)


def _docx(name: str, data: bytes) -> ImportedText:
    from coder.importers.docx import import_docx

    return import_docx(name, data)


IMPORTERS: dict[str, Importer] = {".txt": _text("txt"), ".md": _text("md"), ".pdf": _pdf, ".docx": _docx}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(IMPORTERS)
# Plain text cannot hold fewer characters than a quarter of its bytes; larger files are refused unread.
_FILE_LIMITS = {".txt": MAX_TEXT_FILE_BYTES, ".md": MAX_TEXT_FILE_BYTES}

__all__ = [
    "IMPORTERS",
    "SUPPORTED_SUFFIXES",
    "Importer",
    "check_regular_file",
    "import_bytes",
    "convert_file",
    "import_file",
    "importer_for",
    "read_source_file",
    "read_regular_file",
]


def check_regular_file(path: Path, what: str, limit: int, status: os.stat_result | None = None) -> int:
    """The size of ``path`` if it is an ordinary file of at most ``limit`` bytes, else InvalidInput.

    Call it before opening a file in any other way (zipfile, SQLite, PyMuPDF): a named pipe or a
    device is refused without being opened. ``what`` names the kind of file in the message;
    ``status``: the file's ``stat`` when the caller has just taken it.
    """
    if status is None:
        status = _status(path)
    check_file_status(path.name, what, status.st_mode, status.st_size, limit)
    return status.st_size


def _status(path: Path) -> os.stat_result:
    try:
        return path.stat()
    except FileNotFoundError:
        raise InvalidInput(f"{shorten(path.name)} does not exist.") from None
    except OSError as error:
        raise _unreadable(path.name, error) from None


def read_regular_file(path: Path, what: str, limit: int, status: os.stat_result | None = None) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes (see :func:`check_regular_file`)."""
    check_regular_file(path, what, limit, status)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise _unreadable(path.name, error) from None
    check_file_status(path.name, what, stat.S_IFREG, len(data), limit)  # it may have grown meanwhile
    return data


def _unreadable(name: str, error: OSError) -> InvalidInput:
    reason = (error.strerror or "it could not be opened").lower()
    return InvalidInput(f"{shorten(name)} cannot be read ({reason}).")


def import_file(path: Path) -> ImportedText:
    """Read and convert one file; its name (without folders) becomes the source's name."""
    return convert_file(read_source_file(path))


def read_source_file(path: Path) -> tuple[str, bytes]:
    """The name and bytes of a file to import, after every check that needs no conversion.

    Reading and converting are apart so that files can be read ahead (on other threads) while
    others are converted: see :func:`convert_file`.
    """
    path = Path(path)
    name = path.name
    try:
        status: os.stat_result | None = path.stat()
    except OSError:
        status = None  # said below, once the name has been checked
    if status is not None and stat.S_ISDIR(status.st_mode):
        raise InvalidInput(f"{shorten(name)} is a folder, not a file.")
    importer_for(name)
    check_name("source", name)
    limit = _FILE_LIMITS.get(_suffix(name), MAX_SOURCE_FILE_BYTES)
    return name, read_regular_file(path, "source file", limit, status)


def convert_file(read: tuple[str, bytes]) -> ImportedText:
    """The source made of a file that :func:`read_source_file` read."""
    name, data = read
    return _convert(importer_for(name), name, data)


# Importers that may run on several threads at once (plain Python); PyMuPDF must stay on one thread.
_ANY_THREAD = frozenset({".txt", ".md"})


def read_ahead(path: Path) -> ImportedText | tuple[str, bytes]:
    """For a worker thread: a plain-text file read and converted (its digest costs little there),
    any other file only read, to be converted by :func:`convert_file` on the calling thread."""
    read = read_source_file(path)
    return convert_file(read) if _suffix(read[0]) in _ANY_THREAD else read


def import_bytes(name: str, data: bytes) -> ImportedText:
    """Convert a file's bytes, chosen by the suffix of ``name`` (e.g. a source inside an archive)."""
    return _convert(importer_for(name), name, data)


def importer_for(name: str) -> Importer:
    """The importer for a file name, or :class:`InvalidInput` naming the supported formats."""
    importer = IMPORTERS.get(_suffix(name))
    if importer is None:
        formats = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " and " + SUPPORTED_SUFFIXES[-1]
        raise InvalidInput(f"{shorten(name)} cannot be imported: the supported formats are {formats}.")
    return importer


def _suffix(name: str) -> str:
    """A file name's lower-cased suffix, as ``Path(name).suffix`` gives it (at a fraction of the cost)."""
    at = name.rfind(".")
    return name[at:].lower() if 0 < at < len(name) - 1 else ""


def _convert(importer: Importer, name: str, data: bytes) -> ImportedText:
    if not data:
        raise InvalidInput(f"{shorten(name)} is empty.")
    imported = importer(name, data)
    check_characters(name, len(imported.text))
    if not imported.text or imported.text.isspace():
        raise InvalidInput(f"{shorten(name)} is empty.")
    return imported
