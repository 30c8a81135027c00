"""Decoding the plain-text files of a project; positions are counted in what this returns."""

from __future__ import annotations

import codecs

BOM = "\ufeff"
_WIDE_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str, notes: list[str]) -> str:
    """The file's text without its byte-order mark (one, at the very start), line ends untouched.

    The standard requires UTF-8; a UTF-16/32 file with a byte-order mark is read too, and a
    file in neither is read as Windows-1252 with a note, one byte per character.
    """
    for mark, encoding in _WIDE_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding)  # the codec drops the one mark
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError:
        notes.append(
            f"'{name}': its text file is not UTF-8 as the standard requires; it was read as Windows-1252."
        )
        return data.decode("cp1252", errors="replace")
