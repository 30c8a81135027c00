"""Limits on what coder reads, so that no file can exhaust memory or time, and the checks of them.

Every limit is checked before a file is read whole: on the size a file has on disk, on the sizes an
archive (a .qdpx project or a .docx) declares for its members, and on the characters of a text. The
checks here are pure: callers pass what they learned from the file system or the archive.
"""

from __future__ import annotations

import stat
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from coder.domain.errors import InvalidInput, shorten

MIB = 1024 * 1024

MAX_SOURCE_CHARACTERS = 20_000_000
"""Characters of one source's stored text (about 10,000 pages)."""
BYTES_PER_CHARACTER = 4
"""At most this many bytes encode one character (UTF-8 and UTF-32)."""
MAX_TEXT_FILE_BYTES = MAX_SOURCE_CHARACTERS * BYTES_PER_CHARACTER
"""A plain-text or Markdown file (or a source's text inside a .qdpx): larger ones hold too many characters."""
MAX_SOURCE_FILE_BYTES = 512 * MIB
"""Any source file (PDF, Word, ...), and any one file inside a .qdpx once unpacked."""
MAX_CSV_BYTES = 64 * MIB
"""A CSV file of codings (about a million rows)."""
MAX_CODEBOOK_BYTES = 32 * MIB
"""A codebook file, YAML or REFI-QDA .qdc."""
MAX_PROJECT_XML_BYTES = 128 * MIB
"""The project.qde of a REFI-QDA project, inside a .qdpx or on its own."""
MAX_PROJECT_FILE_BYTES = 4 * 1024 * MIB
"""Largest project file (.coder) that ``merge`` reads: its texts and files are held while merging."""
MAX_CODE_DEPTH = 50
"""Levels of the code tree: a top-level code is at level 1."""


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    """What a zip archive may declare before any of it is unpacked."""

    what: str  # "REFI-QDA project file", "Word document"
    members: int
    member_bytes: int
    total_bytes: int
    xml_bytes: int  # all members whose name ends in .xml or .rels, together
    ratio: int  # unpacked size over packed size, for a member or the whole archive ...
    ratio_floor: int  # ... that unpacks to more than this many bytes


QDPX_LIMITS = ArchiveLimits(
    what="REFI-QDA project file",
    members=10_000,
    member_bytes=MAX_SOURCE_FILE_BYTES,
    total_bytes=1024 * MIB,
    xml_bytes=1024 * MIB,  # the project.qde has its own limit; other XML is not parsed
    ratio=100,
    ratio_floor=1 * MIB,
)
DOCX_LIMITS = ArchiveLimits(
    what="Word document",
    members=10_000,
    member_bytes=MAX_SOURCE_FILE_BYTES,
    total_bytes=MAX_SOURCE_FILE_BYTES,
    xml_bytes=64 * MIB,  # python-docx parses these whole; pictures are only kept
    ratio=100,
    ratio_floor=1 * MIB,
)


class ArchiveEntry(Protocol):
    """What a zip archive says about one member (``zipfile.ZipInfo`` has these)."""

    @property
    def filename(self) -> str: ...
    @property
    def file_size(self) -> int: ...
    @property
    def compress_size(self) -> int: ...


def megabytes(size: int) -> str:
    """A size for people: ``64 MiB``, ``1.5 MiB``, ``812 bytes``."""
    if size < MIB:
        return f"{size} bytes"
    value = size / MIB
    return f"{value:.0f} MiB" if value == int(value) or value >= 100 else f"{value:.1f} MiB"


def check_file_status(name: str, what: str, mode: int, size: int, limit: int) -> None:
    """Refuse anything but a regular file of at most ``limit`` bytes (``mode`` and ``size`` from stat).

    A named pipe, a device such as /dev/zero or a socket could be read forever, or block.
    """
    if stat.S_ISREG(mode) and size <= limit:
        return
    shown = shorten(name)
    if stat.S_ISDIR(mode):
        raise InvalidInput(f"{shown} is a folder, not a {what}")
    if not stat.S_ISREG(mode):
        raise InvalidInput(
            f"{shown} is not a regular file (it is {_kind(mode)}); coder reads a {what} only from an "
            "ordinary file, so save it as one first"
        )
    if size > limit:
        raise InvalidInput(
            f"{shown} is too large to be a {what}: it has {size:,} bytes, and at most {limit:,} "
            f"({megabytes(limit)}) are allowed"
        )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not an ordinary file"


def check_characters(name: str, characters: int) -> None:
    """Refuse a source text longer than :data:`MAX_SOURCE_CHARACTERS`."""
    if characters > MAX_SOURCE_CHARACTERS:
        raise InvalidInput(
            f"{shorten(name)} holds {characters:,} characters, more than the {MAX_SOURCE_CHARACTERS:,} "
            "one source may have; split it into several files"
        )


def check_archive(entries: Sequence[ArchiveEntry], archive_name: str, limits: ArchiveLimits) -> None:
    """Refuse an archive whose declared sizes exceed ``limits``, before anything is unpacked."""
    name = shorten(archive_name)
    if len(entries) > limits.members:
        raise InvalidInput(
            f"{name} holds {len(entries)} files, more than the {limits.members} a {limits.what} may hold"
        )
    total = packed = xml = 0
    for entry in entries:
        member = shorten(entry.filename)
        if entry.file_size > limits.member_bytes:
            raise InvalidInput(
                f"{name} holds '{member}', which unpacks to {entry.file_size} bytes, more than the "
                f"{limits.member_bytes} bytes allowed for one file; it was refused"
            )
        _check_ratio(entry.file_size, entry.compress_size, limits, f"{name} holds '{member}', which is")
        total += entry.file_size
        packed += entry.compress_size
        if entry.filename.lower().endswith((".xml", ".rels")):
            xml += entry.file_size
    if total > limits.total_bytes:
        raise InvalidInput(
            f"{name} unpacks to {total} bytes, more than the {limits.total_bytes} bytes allowed for a "
            f"{limits.what}; it was refused"
        )
    if xml > limits.xml_bytes:
        raise InvalidInput(
            f"{name} holds {megabytes(xml)} of XML, more than the {megabytes(limits.xml_bytes)} a "
            f"{limits.what} may hold; it was refused"
        )
    _check_ratio(total, packed, limits, f"{name} is")


def _check_ratio(unpacked: int, packed: int, limits: ArchiveLimits, subject: str) -> None:
    ratio = unpacked / max(packed, 1)
    if unpacked > limits.ratio_floor and ratio > limits.ratio:
        raise InvalidInput(
            f"{subject} compressed suspiciously well ({int(ratio)} to 1, more than {limits.ratio} to 1); "
            "it was refused as a possible zip bomb"
        )


def check_depth(path: Sequence[str], where: str = "") -> None:
    """Refuse a code whose path has more than :data:`MAX_CODE_DEPTH` levels."""
    if len(path) > MAX_CODE_DEPTH:
        raise InvalidInput(
            f"the code '{shorten('/'.join(path[:2]) + '/…/' + path[-1])}' is {len(path)} levels deep, "
            f"more than the {MAX_CODE_DEPTH} levels a codebook may have{where}; move it higher up"
        )
