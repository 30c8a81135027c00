"""Reading untrusted exchange files safely: XML without DTDs, zips within sane limits."""

from __future__ import annotations

import codecs
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from coder.domain.errors import InvalidInput

MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_XML_BYTES = 256 * 1024 * 1024
# Text and XML compress well, but not a thousandfold; a bomb does.
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 16 * 1024 * 1024

_DECLARATION = re.compile(r"<!\s*(doctype|entity)", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")


def _as_text(data: bytes) -> str:
    for mark, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(mark):
            return data.decode(encoding, errors="replace")
    # Every ASCII-compatible encoding shows '<!DOCTYPE' as is; NULs go for UTF-16/32 without a mark.
    return data.replace(b"\x00", b"").decode("latin-1")


def parse_xml(data: bytes, where: str) -> ET.Element:
    """Parse XML that comes from outside, refusing DTDs and entity declarations."""
    if _DECLARATION.search(_as_text(data)):
        raise InvalidInput(
            f"{where} contains a DOCTYPE or entity declaration, which exchange files never need; "
            "it was refused because such declarations can be used to attack the computer."
        )
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise InvalidInput(
            f"{where} is not well-formed XML (line {line}, column {column + 1}); the file is damaged."
        ) from None


def read_xml_file(path: Path, what: str) -> ET.Element:
    try:
        size = path.stat().st_size
        if size > MAX_XML_BYTES:
            raise InvalidInput(f"{path.name} is too large ({size} bytes) to be a {what}.")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path.name} does not exist.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path.name} is a folder, not a {what}.") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {path.name}: {exc.strerror}.") from None
    return parse_xml(data, path.name)


def _unsafe_name(name: str) -> bool:
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        return True
    return ".." in PurePosixPath(unified).parts


def open_archive(path: Path) -> zipfile.ZipFile:
    """Open a .qdpx zip, refusing paths that leave it and sizes that would exhaust memory."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise InvalidInput(f"{path.name} does not exist.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path.name} is a folder, not a REFI-QDA project file.") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InvalidInput(
            f"{path.name} is not a REFI-QDA project file: a .qdpx file is a zip archive, and this one "
            "is not (it may be damaged)."
        ) from None
    try:
        check_members(archive.infolist(), path.name)
    except BaseException:
        archive.close()
        raise
    return archive


def check_members(infos: list[zipfile.ZipInfo], archive_name: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InvalidInput(
            f"{archive_name} holds {len(infos)} files, more than the {MAX_MEMBERS} a project file may hold."
        )
    total = 0
    for info in infos:
        if _unsafe_name(info.filename):
            raise InvalidInput(
                f"{archive_name} holds a file named '{info.filename}', whose path leads outside the "
                "archive; the file was refused as unsafe."
            )
        if info.flag_bits & 0x1:
            raise InvalidInput(
                f"{archive_name} holds an encrypted file ('{info.filename}'); it cannot be read."
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise InvalidInput(
                f"{archive_name} holds '{info.filename}', which unpacks to {info.file_size} bytes, more "
                f"than the {MAX_MEMBER_BYTES} bytes allowed for one file; it was refused."
            )
        compressed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size / compressed > MAX_RATIO:
            raise InvalidInput(
                f"{archive_name} holds '{info.filename}', which is compressed suspiciously well "
                f"({info.file_size // compressed} to 1); it was refused as a possible zip bomb."
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise InvalidInput(
            f"{archive_name} unpacks to {total} bytes, more than the {MAX_TOTAL_BYTES} bytes allowed; "
            "it was refused."
        )


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, archive_name: str) -> bytes:
    """A member's bytes; never more than its checked, declared size."""
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InvalidInput(f"'{info.filename}' in {archive_name} cannot be unpacked ({exc}).") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise InvalidInput(f"'{info.filename}' in {archive_name} is larger than allowed; it was refused.")
    return data
