"""REFI-QDA codebook files (.qdc): reading leniently, writing valid against Codebook.xsd.

Read: any namespace (``urn:QDA-XML:codebook:1.0``, NVivo's ``1:0``, MAXQDA's ``0:4``),
an empty ``<Sets/>`` (Taguette), colours as ``rgb(...)`` or with alpha; sets are not
part of coder's codebook and are left out. What had to be changed or dropped is logged
on the ``coder.refi`` logger, which shows it on standard error when nothing else is set up;
:func:`read_qdc_report` returns it instead.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from coder.domain.codebook import validate_specs
from coder.domain.errors import InvalidInput
from coder.domain.limits import MAX_CODEBOOK_BYTES
from coder.domain.model import CodeSpec
from coder.refi.codes import add_codes, parse_codes, specs_from
from coder.refi.safety import read_xml_file
from coder.refi.values import CODEBOOK_NS, local
from coder.refi.xmlwrite import to_bytes

log = logging.getLogger("coder.refi")
ORIGIN = "coder"


def read_qdc_report(path: Path) -> tuple[list[CodeSpec], list[str]]:
    """The codes of a .qdc file, parents first, and notes on what was adapted."""
    root = read_xml_file(path, "REFI-QDA codebook", MAX_CODEBOOK_BYTES)
    if local(root.tag) != "CodeBook":
        hint = " (it is a project; import it with 'coder import')" if local(root.tag) == "Project" else ""
        raise InvalidInput(
            f"{path.name} is not a REFI-QDA codebook: its root element is <{local(root.tag)}>{hint}."
        )
    notes: list[str] = []
    codes = next((child for child in root if local(child.tag) == "Codes"), None)
    parsed, _ = parse_codes(codes, notes, path.name)
    if any(local(child.tag) == "Set" for sets in root if local(sets.tag) == "Sets" for child in sets):
        notes.append(f"{path.name} groups codes into sets; coder has no sets, so they were left out.")
    specs = specs_from(parsed)
    validate_specs(specs)
    return specs, notes


def read_qdc(path: Path) -> list[CodeSpec]:
    specs, notes = read_qdc_report(path)
    for note in notes:
        log.warning("%s", note)
    return specs


def qdc_bytes(specs: Sequence[CodeSpec]) -> bytes:
    """A .qdc file for codes listed parents first; valid against Codebook.xsd."""
    if not specs:
        raise InvalidInput("the codebook is empty; a .qdc file needs at least one code.")
    root = ET.Element("CodeBook", {"xmlns": CODEBOOK_NS, "origin": ORIGIN})
    add_codes(ET.SubElement(root, "Codes"), specs)
    return to_bytes(root)
