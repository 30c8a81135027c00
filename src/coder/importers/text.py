"""Plain-text and Markdown files, stored verbatim.

The bytes are decoded by the first rule that applies:

1. a UTF-8, UTF-32 or UTF-16 byte-order mark names the encoding (the mark itself is dropped;
   a second U+FEFF after it is text and kept);
2. otherwise strict UTF-8;
3. otherwise the encoding ``charset_normalizer`` finds most plausible (Windows-1252 wins a tie,
   since it is the usual legacy encoding of text written on Windows).

Content that looks binary (NUL bytes without a UTF-16/32 byte-order mark, many control
characters, or no plausible encoding at all) is refused. The decoded text then goes through
:func:`coder.domain.text.normalise` and nothing else: Markdown keeps its markup.
"""

from __future__ import annotations

import codecs
import hashlib
import re

import charset_normalizer

from coder.domain.errors import InvalidInput
from coder.domain.model import ImportedText
from coder.domain.text import normalise

# Longest marks first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BYTE_ORDER_MARKS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)

# C0 and C1 control characters, except tab, line feed, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# The same C0 controls and DEL as bytes: in UTF-8 they are single bytes that no other character
# contains, so counting them in the bytes is exact (C1 controls start with the byte 0xC2).
_C0_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
# A text may hold some control characters (Word's line break pastes as a vertical tab, say);
# more than one in twenty characters means the file is not text.
_MAX_CONTROL_SHARE = 0.05
_PREFERRED_LEGACY = "cp1252"


def import_text(name: str, data: bytes, fmt: str) -> ImportedText:
    """The text of a ``.txt`` or ``.md`` file's bytes; ``name`` is used in error messages."""
    text, utf8 = _decode(name, data)
    if utf8 and "\r" not in text:
        # Stored as it is (no mark, no carriage return): the bytes are the stored text's UTF-8, so
        # their digest is the text's, without encoding the text a second time.
        return ImportedText(name=name, format=fmt, text=text, sha256=hashlib.sha256(data).hexdigest())
    return ImportedText(name=name, format=fmt, text=normalise(text))


def decode(name: str, data: bytes) -> str:
    """Decode the bytes of a text file, or raise :class:`InvalidInput` if it is not text."""
    return _decode(name, data)[0]


def _decode(name: str, data: bytes) -> tuple[str, bool]:
    """The text, and whether it is the bytes read as UTF-8 without a byte-order mark."""
    for mark, encoding, label in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InvalidInput(
                    f"{name} starts with a {label} byte-order mark but is not valid {label} text."
                ) from None
            return _refuse_binary(name, text), False
    if b"\x00" in data:
        raise _binary(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _refuse_binary(name, _decode_legacy(name, data)), False
    if b"\xc2" not in data:  # no C1 control possible: count the others in the bytes, in C
        if (len(data) - len(data.translate(None, _C0_BYTES))) > len(text) * _MAX_CONTROL_SHARE:
            raise _binary(name)
        return text, True
    return _refuse_binary(name, text), True


def _decode_legacy(name: str, data: bytes) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise _binary(name)
    encoding = best.encoding
    tied = {m.encoding for m in matches if m.chaos == best.chaos and m.coherence == best.coherence}
    if _PREFERRED_LEGACY in tied:
        encoding = _PREFERRED_LEGACY
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise _binary(name) from None


def _refuse_binary(name: str, text: str) -> str:
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > len(text) * _MAX_CONTROL_SHARE:
        raise _binary(name)
    return text


def _binary(name: str) -> InvalidInput:
    return InvalidInput(f"{name} does not look like a text file (it contains binary data).")
