"""A REFI-QDA project as delivered: a .qdpx zip, or a bare .qde file without its sources.

Inside a zip the project XML is the one ``*.qde`` at the root (``project.qde``,
``Project.qde`` or ``<name>.qde``); sources are looked up in ``sources/`` or ``Sources/``,
ignoring case, by ``internal://<file>`` or by a bare file name (qc writes those).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from coder.domain.errors import InvalidInput, shorten
from coder.domain.limits import MAX_PROJECT_XML_BYTES, MAX_SOURCE_FILE_BYTES, megabytes
from coder.refi.safety import open_archive, parse_xml, read_member, read_xml_file

_EXTERNAL_SCHEMES = ("relative://", "absolute://", "file://", "http://", "https://")


class Package:
    """The parsed project XML and access to the files that came with it."""

    def __init__(self, name: str, root: ET.Element, archive: zipfile.ZipFile | None = None) -> None:
        self.name = name
        self.root = root
        self._archive = archive
        self._members: dict[str, zipfile.ZipInfo] = {}
        if archive is not None:
            for info in archive.infolist():
                if not info.is_dir():
                    self._members[info.filename.replace("\\", "/").lower()] = info

    @property
    def has_files(self) -> bool:
        return self._archive is not None

    def read(self, reference: str | None, limit: int = MAX_SOURCE_FILE_BYTES) -> bytes | None:
        """The bytes of an internal file, or None when the package does not hold it.

        A file that unpacks to more than ``limit`` bytes is refused before it is unpacked.
        """
        if not reference or self._archive is None:
            return None
        key = reference.strip().replace("\\", "/")
        if key.lower().startswith(_EXTERNAL_SCHEMES):
            return None
        if key.lower().startswith("internal://"):
            key = key[len("internal://") :]
        key = key.lstrip("/").lower()
        for candidate in (f"sources/{key}", key, f"sources/{key.replace('{', '').replace('}', '')}"):
            info = self._members.get(candidate)
            if info is not None:
                if info.file_size > limit:
                    raise InvalidInput(
                        f"'{shorten(info.filename)}' in {shorten(self.name)} is too large: it unpacks to "
                        f"{megabytes(info.file_size)}, and at most {megabytes(limit)} are allowed for it."
                    )
                return read_member(self._archive, info, self.name)
        return None

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()


def _find_qde(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    found = [
        info
        for info in archive.infolist()
        if "/" not in info.filename.replace("\\", "/") and info.filename.lower().endswith(".qde")
    ]
    if not found:
        raise InvalidInput(
            f"{name} holds no project.qde file at its top level, so it is not a REFI-QDA project export."
        )
    if len(found) > 1:
        named = [info for info in found if info.filename.lower() == "project.qde"]
        if len(named) != 1:
            listed = ", ".join(shorten(info.filename) for info in found[:3]) + (
                ", ..." if len(found) > 3 else ""
            )
            raise InvalidInput(f"{shorten(name)} holds several project files ({listed}); it should hold one.")
        return named[0]
    return found[0]


def open_package(path: Path) -> Package:
    """Open a .qdpx file or a bare .qde file; the caller closes the package."""
    if path.suffix.lower() == ".qde":
        return Package(path.name, read_xml_file(path, "REFI-QDA project", MAX_PROJECT_XML_BYTES))
    archive = open_archive(path)
    try:
        info = _find_qde(archive, path.name)
        if info.file_size > MAX_PROJECT_XML_BYTES:
            raise InvalidInput(
                f"{shorten(info.filename)} in {shorten(path.name)} is too large to be read: it unpacks to "
                f"{megabytes(info.file_size)}, and a project file may have "
                f"{megabytes(MAX_PROJECT_XML_BYTES)}."
            )
        root = parse_xml(read_member(archive, info, path.name), f"{info.filename} in {path.name}")
        return Package(path.name, root, archive)
    except BaseException:
        archive.close()
        raise
