"""A REFI-QDA project as delivered: a .qdpx zip, or a bare .qde file without its sources.

Inside a zip the project XML is the one ``*.qde`` at the root (``project.qde``,
``Project.qde`` or ``<name>.qde``); sources are looked up in ``sources/`` or ``Sources/``,
ignoring case, by ``internal://<file>`` or by a bare file name (qc writes those).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from coder.domain.errors import InvalidInput
from coder.refi.safety import MAX_XML_BYTES, open_archive, parse_xml, read_member, read_xml_file

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

    def read(self, reference: str | None) -> bytes | None:
        """The bytes of an internal file, or None when the package does not hold it."""
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
            listed = ", ".join(info.filename for info in found)
            raise InvalidInput(f"{name} holds several project files ({listed}); it should hold one.")
        return named[0]
    return found[0]


def open_package(path: Path) -> Package:
    """Open a .qdpx file or a bare .qde file; the caller closes the package."""
    if path.suffix.lower() == ".qde":
        return Package(path.name, read_xml_file(path, "REFI-QDA project"))
    archive = open_archive(path)
    try:
        info = _find_qde(archive, path.name)
        if info.file_size > MAX_XML_BYTES:
            raise InvalidInput(f"{info.filename} in {path.name} is too large to be read.")
        root = parse_xml(read_member(archive, info, path.name), f"{info.filename} in {path.name}")
        return Package(path.name, root, archive)
    except BaseException:
        archive.close()
        raise
