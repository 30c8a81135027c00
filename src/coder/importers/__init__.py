"""Importers: turn a file into the text a source stores (pure functions, no database).

:func:`import_file` picks the importer by the file's lower-cased suffix. Every problem with a
file is raised as :class:`~coder.domain.errors.InvalidInput` with one sentence naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from coder.domain.errors import InvalidInput
from coder.domain.model import ImportedText

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

__all__ = ["IMPORTERS", "SUPPORTED_SUFFIXES", "Importer", "import_bytes", "import_file", "importer_for"]


def import_file(path: Path) -> ImportedText:
    """Read and convert one file; its name (without folders) becomes the source's name."""
    path = Path(path)
    name = path.name
    if not path.exists():
        raise InvalidInput(f"{name} does not exist.")
    if path.is_dir():
        raise InvalidInput(f"{name} is a folder, not a file.")
    importer = importer_for(name)
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = (error.strerror or "it could not be opened").lower()
        raise InvalidInput(f"{name} cannot be read ({reason}).") from None
    return _convert(importer, name, data)


def import_bytes(name: str, data: bytes) -> ImportedText:
    """Convert a file's bytes, chosen by the suffix of ``name`` (e.g. a source inside an archive)."""
    return _convert(importer_for(name), name, data)


def importer_for(name: str) -> Importer:
    """The importer for a file name, or :class:`InvalidInput` naming the supported formats."""
    suffix = Path(name).suffix.lower()
    importer = IMPORTERS.get(suffix)
    if importer is None:
        formats = ", ".join(SUPPORTED_SUFFIXES[:-1]) + " and " + SUPPORTED_SUFFIXES[-1]
        raise InvalidInput(f"{name} cannot be imported: the supported formats are {formats}.")
    return importer


def _convert(importer: Importer, name: str, data: bytes) -> ImportedText:
    if not data:
        raise InvalidInput(f"{name} is empty.")
    imported = importer(name, data)
    if not imported.text.strip():
        raise InvalidInput(f"{name} is empty.")
    return imported
