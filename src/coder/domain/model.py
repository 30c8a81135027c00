"""Frozen value types shared by every layer.

Offsets are Python code-point indices into a source's stored text; a span
``start, end`` covers ``text[start:end]``.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

FORMATS = ("txt", "md", "pdf", "docx")


def new_id() -> str:
    """A fresh stable identifier (UUID4, lowercase, with hyphens)."""
    return str(uuid.uuid4())


# Where each character of a UUID's text comes from: the next random hex digit ("x"), the version
# ("4") or a hyphen. The variant's digit (8, 9, a or b) is the 16th random digit, set in the bytes.
_UUID_LAYOUT = "xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx"
_VARIANT_NIBBLE = bytes((byte & 0xF0) | 0x08 | (byte & 0x03) for byte in range(256))  # low nibble 8-b


def new_ids(count: int, ordered: bool = False) -> list[str]:
    """``count`` fresh UUID4 strings at once (for bulk work; same form as :func:`new_id`).

    The text of all of them is laid out in one buffer, one character position at a time for every id
    (a slice assignment each, in C), from one call for the random bytes, and split into the ids.
    ``ordered``: in ascending order of their first 16 digits (a tie there, which decides nothing
    else, is about one in 10**7 for a million ids): the first eight random bytes of each are sorted
    as numbers (NumPy), far cheaper than sorting the text.
    """
    if count <= 0:
        return []
    random = bytearray(os.urandom(16 * count))  # 32 random hex digits per id, 31 used
    random[7::16] = random[7::16].translate(_VARIANT_NIBBLE)  # the 16th digit: the variant
    if ordered:
        import numpy as np

        halves = np.frombuffer(random, dtype=">u8").reshape(count, 2).copy()
        halves[:, 0] = np.sort(halves[:, 0].astype(np.uint64))
        random = bytearray(halves.tobytes())
    digits = random.hex().encode("ascii")
    text = bytearray(37 * count)  # each id and a line break
    used = 0
    for position, kind in enumerate(_UUID_LAYOUT):
        if kind == "x":
            text[position::37] = digits[used::32]
            used += 1
        else:
            text[position::37] = kind.encode("ascii") * count
    text[36::37] = b"\n" * count
    return text.decode("ascii").split("\n")[:-1]


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ImportedText:
    """What an importer makes of one file, before it is stored."""

    name: str
    format: str
    text: str
    page_starts: tuple[int, ...] = ()
    original: bytes | None = None  # the file's bytes, kept for PDF and DOCX exchange
    extraction: str = ""  # how a PDF's text was read ("pdf-reading-1"); "" for other formats
    sha256: str = ""  # the stored text's digest, when the importer had it for free ("" otherwise)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """A stored source without its text."""

    id: str
    name: str
    format: str
    characters: int
    sha256: str
    page_starts: tuple[int, ...]
    original_name: str
    imported_at: datetime
    extraction: str = ""  # how a PDF's text was read; "" on a PDF means "pdf-lines-1"
    version: int = field(default=1, compare=False)  # bookkeeping for concurrent edits, not content

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) if self.format == "pdf" else None


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    name: str
    parent_id: str | None
    colour: str
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    position: int = 0
    shortcut: int | None = None  # the key 1-9 that applies this code, when one is given
    version: int = field(default=1, compare=False)  # bookkeeping for concurrent edits, not content
    changed_by: str = field(default="", compare=False)


@dataclass(frozen=True, slots=True)
class Coder:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Coding:
    id: str
    source_id: str
    code_id: str
    coder_id: str
    start: int
    end: int
    memo: str = ""
    created_at: datetime = field(default_factory=now)
    changed_at: datetime = field(default_factory=now)
    provenance: str = ""  # a consensus coding's origin, as JSON (see coder.domain.consensus)
    version: int = field(default=1, compare=False)  # bookkeeping for concurrent edits, not content


@dataclass(frozen=True, slots=True)
class CodingColumns:
    """Every stored coding as integers: equal-length NumPy ``int64`` arrays, one entry per coding.

    ``source``, ``coder`` and ``code`` are positions in ``source_ids``, ``coder_ids`` and
    ``code_ids``; ``memos``, when asked for, holds each coding's memo in the same order.
    What agreement reads: no object per coding.
    """

    source_ids: tuple[str, ...]
    coder_ids: tuple[str, ...]
    code_ids: tuple[str, ...]
    source: Any
    coder: Any
    code: Any
    start: Any
    end: Any
    memos: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class CodeSpec:
    """One code as a codebook file describes it, before it is stored.

    ``path`` holds the names from the top level down to this code.
    ``line`` is where the code stands in its file, for error messages.
    """

    path: tuple[str, ...]
    colour: str | None = None
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    guid: str | None = None
    line: int | None = None

    @property
    def name(self) -> str:
        return self.path[-1]
