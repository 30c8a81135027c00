"""Writing a :class:`ProjectBundle` as a REFI-QDA project file (.qdpx), valid against Project.xsd.

Layout: ``project.qde`` and a lowercase ``sources/`` folder. Every source's text goes to
``sources/<GUID>.txt`` (UTF-8 without BOM, ``\\n`` line ends), so positions are code points
of exactly that file, as the standard says. A Word source is a TextSource with its
``.docx`` as ``richTextPath``; a PDF source is a PDFSource with its ``.pdf`` and a plain-text
Representation that carries the selections. Each coding is one PlainTextSelection whose
``Description`` is the coding's memo (ATLAS.ti shows it as the quotation's comment), made by
the coding's coder (``creatingUser``). GUIDs are coder's ids; a selection's GUID is derived
from its coding's id, so the same project always gives the same file. The few control
characters XML cannot hold (not even escaped) become U+FFFD in names and memos; the
.txt files keep every character.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import replace
from typing import IO
from xml.etree import ElementTree as ET

from coder.domain.bundle import BundleSource, ProjectBundle
from coder.domain.codebook import Codebook
from coder.domain.errors import InvalidInput
from coder.domain.memos import CODE, SOURCE
from coder.domain.model import CodeSpec, Coding
from coder.refi.codes import add_codes
from coder.refi.memo_notes import add_notes, add_refs, written
from coder.refi.values import PROJECT_NS, derived_guid, format_datetime, is_guid, xml_safe
from coder.refi.variables import add_variables
from coder.refi.xmlwrite import to_bytes

MAX_INTERNAL_FILE = 2**31 - 1
EXCERPT_LENGTH = 60


def guid(identifier: str) -> str:
    return identifier if is_guid(identifier) else derived_guid(identifier, "id")


def write_qdpx(bundle: ProjectBundle, target: IO[bytes], origin: str, created: str) -> None:
    """Write the .qdpx zip to ``target``; ``created`` is an ISO date-time for the project."""
    book = Codebook(bundle.codes)
    files: list[tuple[str, bytes]] = []
    root = ET.Element(
        "Project",
        {"xmlns": PROJECT_NS, "name": xml_safe(bundle.name), "origin": origin, "creationDateTime": created},
    )
    if bundle.coders:
        users = ET.SubElement(root, "Users")
        for coder in sorted(bundle.coders, key=lambda c: c.name):
            ET.SubElement(users, "User", {"guid": guid(coder.id), "name": xml_safe(coder.name)})
    memos = written(bundle.memos)
    source_notes: dict[str, list[str]] = {}
    code_notes: dict[tuple[str, ...], list[str]] = {}
    for memo in memos:
        if memo.kind == SOURCE and memo.target_id is not None:
            source_notes.setdefault(memo.target_id, []).append(guid(memo.id))
        elif memo.kind == CODE and memo.target_id is not None:
            code_notes.setdefault(book.path(memo.target_id), []).append(guid(memo.id))
    if book.codes:
        codes = ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes")
        add_codes(codes, _specs(book), code_notes)
    values = add_variables(root, bundle.attributes, bundle.values, {s.id: s.name for s in bundle.sources})
    by_source: dict[str, list[Coding]] = {}
    for coding in bundle.codings:
        by_source.setdefault(coding.source_id, []).append(coding)
    if bundle.sources:
        sources = ET.SubElement(root, "Sources")
        for source in bundle.sources:
            codings = sorted(
                by_source.get(source.id, []), key=lambda c: (c.start, c.end, book.path(c.code_id), c.coder_id)
            )
            files.extend(_source(sources, source, codings, source_notes.get(source.id, [])))
            sources[-1].extend(values.get(source.id, []))
    add_notes(root, memos, guid)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", to_bytes(root))
        for name, data in files:
            if len(data) > MAX_INTERNAL_FILE:
                raise InvalidInput(
                    f"{name} is larger than the 2 GB a REFI-QDA project file may hold per file."
                )
            archive.writestr(name, data)


def _specs(book: Codebook) -> list[CodeSpec]:
    return [replace(spec, guid=guid(spec.guid or "")) for spec in book.as_specs()]


def _source(
    parent: ET.Element, source: BundleSource, codings: Sequence[Coding], note_refs: Sequence[str]
) -> list[tuple[str, bytes]]:
    source_guid = guid(source.id)
    text_file = f"{source_guid}.txt"
    attributes = {"guid": source_guid, "name": xml_safe(source.name)}
    files: list[tuple[str, bytes]] = []
    if source.format == "pdf":
        if source.original is not None:
            attributes["path"] = f"internal://{source_guid}.pdf"
            files.append((f"sources/{source_guid}.pdf", source.original))
        element = ET.SubElement(parent, "PDFSource", attributes)
        representation_guid = derived_guid(source.id, "representation")
        text_file = f"{representation_guid}.txt"
        holder = ET.SubElement(
            element,
            "Representation",
            {
                "guid": representation_guid,
                "name": xml_safe(f"{source.name} (text)"),
                "plainTextPath": f"internal://{text_file}",
            },
        )
    else:
        if source.format == "docx" and source.original is not None:
            attributes["richTextPath"] = f"internal://{source_guid}.docx"
            files.append((f"sources/{source_guid}.docx", source.original))
        attributes["plainTextPath"] = f"internal://{text_file}"
        holder = ET.SubElement(parent, "TextSource", attributes)
    files.append((f"sources/{text_file}", source.text.encode("utf-8")))
    for coding in codings:
        _selection(holder, coding, source.text)
    add_refs(element if source.format == "pdf" else holder, note_refs)
    return files


def _excerpt(text: str) -> str:
    words = " ".join(text.split())
    return words if len(words) <= EXCERPT_LENGTH else words[: EXCERPT_LENGTH - 1] + "…"


def _selection(parent: ET.Element, coding: Coding, text: str) -> None:
    user = guid(coding.coder_id)
    created = format_datetime(coding.created_at)
    selection = ET.SubElement(
        parent,
        "PlainTextSelection",
        {
            "guid": derived_guid(coding.id, "selection"),
            "name": xml_safe(_excerpt(text[coding.start : coding.end])),
            "startPosition": str(coding.start),
            "endPosition": str(coding.end),
            "creatingUser": user,
            "creationDateTime": created,
            "modifyingUser": user,
            "modifiedDateTime": format_datetime(coding.changed_at),
        },
    )
    if coding.memo:
        ET.SubElement(selection, "Description").text = xml_safe(coding.memo)
    element = ET.SubElement(
        selection, "Coding", {"guid": guid(coding.id), "creatingUser": user, "creationDateTime": created}
    )
    ET.SubElement(element, "CodeRef", {"targetGUID": guid(coding.code_id)})
