"""Reading untrusted exchange files safely: XML without DTDs, zips within sane limits."""

from __future__ import annotations

import codecs
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from coder.domain.errors import InvalidInput, shorten
from coder.domain.limits import QDPX_LIMITS, check_archive, check_file_status

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


def _check_file(path: Path, what: str, limit: int) -> None:
    """Refuse a missing file, a folder, a pipe or a device, and one larger than ``limit``, unopened."""
    try:
        status = path.stat()
    except FileNotFoundError:
        raise InvalidInput(f"{shorten(path.name)} does not exist.") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {shorten(path.name)}: {exc.strerror}.") from None
    check_file_status(path.name, what, status.st_mode, status.st_size, limit)


def read_xml_file(path: Path, what: str, limit: int) -> ET.Element:
    """Parse an XML file of at most ``limit`` bytes that comes from outside (see :func:`parse_xml`)."""
    _check_file(path, what, limit)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {shorten(path.name)}: {exc.strerror}.") from None
    check_file_status(path.name, what, stat.S_IFREG, len(data), limit)  # it may have grown meanwhile
    return parse_xml(data, path.name)


def _unsafe_name(name: str) -> bool:
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        return True
    return ".." in PurePosixPath(unified).parts


def open_archive(path: Path) -> zipfile.ZipFile:
    """Open a .qdpx zip, refusing paths that leave it and sizes that would exhaust memory."""
    _check_file(path, QDPX_LIMITS.what, QDPX_LIMITS.total_bytes)
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
    """Refuse members that leave the archive or are encrypted, and sizes beyond :data:`QDPX_LIMITS`."""
    check_archive(infos, archive_name, QDPX_LIMITS)
    for info in infos:
        if _unsafe_name(info.filename):
            raise InvalidInput(
                f"{shorten(archive_name)} holds a file named '{shorten(info.filename)}', whose path leads "
                "outside the archive; the file was refused as unsafe."
            )
        if info.flag_bits & 0x1:
            raise InvalidInput(
                f"{shorten(archive_name)} holds an encrypted file ('{shorten(info.filename)}'); "
                "it cannot be read."
            )


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, archive_name: str) -> bytes:
    """A member's bytes; never more than its checked, declared size."""
    member = shorten(info.filename)
    try:
        with archive.open(info) as handle:
            data = handle.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        reason = shorten(exc, 80)
        raise InvalidInput(f"'{member}' in {shorten(archive_name)} cannot be unpacked ({reason}).") from None
    if len(data) > info.file_size:
        raise InvalidInput(
            f"'{member}' in {shorten(archive_name)} is larger than the archive says; it was refused."
        )
    return data
