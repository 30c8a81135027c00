"""Codes in REFI-QDA XML, shared by codebook (.qdc) and project (.qde) files.

Reading accepts every way tools write a hierarchy: nested ``Code`` elements, and in a
flat codebook (no ``Code`` inside another) names such as ``Parent::child`` (ATLAS.ti 8)
or ``a\\b`` (Taguette). A ``/`` in a name becomes ``∕`` (U+2215), since ``/`` separates
levels in coder. Codes with the same path are one code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from coder.domain.errors import shorten
from coder.domain.limits import check_depth
from coder.domain.model import CodeSpec
from coder.domain.names import check_name
from coder.refi.descriptions import CodeTexts, compose, split
from coder.refi.project_xml import check_unique
from coder.refi.values import derived_guid, guid_key, is_guid, local, parse_colour, xml_safe

SLASH_STAND_IN = "\u2215"
_FLAT_SEPARATORS = re.compile(r"::|\\")
_EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class ParsedCode:
    guid: str
    path: tuple[str, ...]
    colour: str | None
    texts: CodeTexts


@dataclass
class _Entry:
    guids: list[str]
    colour: str | None = None
    texts: CodeTexts = CodeTexts()
    explicit: bool = False


def _walk(codes: ET.Element, where: str) -> Iterator[tuple[ET.Element, tuple[str, ...]]]:
    """Every ``Code`` below ``codes`` with the names from the top, parents first, without recursion."""
    stack: list[tuple[Iterator[ET.Element], tuple[str, ...]]] = [(iter(codes), ())]
    while stack:
        children, names = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            continue
        if local(child.tag) == "Code":
            path = (*names, child.get("name") or "")
            check_depth(path, f" in {shorten(where)}")
            yield child, path
            stack.append((iter(child), path))


def _description(element: ET.Element) -> str:
    for child in element:
        if local(child.tag) == "Description":
            return child.text or ""
    return ""


def _clean(raw: tuple[str, ...], flat: bool) -> tuple[tuple[str, ...], bool]:
    parts = [part for name in raw for part in (_FLAT_SEPARATORS.split(name) if flat else [name])]
    if flat:
        parts = [part for part in parts if part.strip()] or [""]
    cleaned = tuple(
        check_name("code", part.strip().replace("/", SLASH_STAND_IN) or "(unnamed code)") for part in parts
    )
    check_depth(cleaned)  # a flat name such as 'a::b::c' may name many levels
    return cleaned, any("/" in part for part in parts)


def parse_codes(
    codes: ET.Element | None, notes: list[str], where: str
) -> tuple[list[ParsedCode], dict[str, tuple[str, ...]]]:
    """Unique codes, parents first, and the path of every GUID the file uses for a code.

    ``where`` names the file in messages. A GUID given to two codes is refused: codings that
    refer to it could not be placed.
    """
    if codes is None:
        return [], {}
    found = list(_walk(codes, where))
    flat = not any(local(child.tag) == "Code" for element, _ in found for child in element)
    entries: dict[tuple[str, ...], _Entry] = {}
    by_guid: dict[str, tuple[str, ...]] = {}
    named: dict[str, str] = {}
    slashes: list[str] = []
    bad_colours: list[str] = []
    duplicates: list[str] = []
    for number, (element, raw) in enumerate(found):
        path, had_slash = _clean(raw, flat)
        if had_slash:
            slashes.append("/".join(path))
        for depth in range(1, len(path)):
            entries.setdefault(path[:depth], _Entry(guids=[]))
        guid = guid_key(element.get("guid")) or derived_guid(str(number), "code")
        check_unique(where, "code", named, guid, "/".join(path))
        by_guid[guid] = path
        entry = entries.setdefault(path, _Entry(guids=[]))
        entry.guids.append(guid)
        if entry.explicit:
            duplicates.append("/".join(path))
            continue
        colour, usable = parse_colour(element.get("color"))
        if not usable:
            bad_colours.append(f"'{element.get('color')}' ({'/'.join(path)})")
        entry.colour, entry.texts, entry.explicit = colour, split(_description(element)), True
    _note(notes, slashes, "code name(s) contained '/', which coder uses between levels; it became '∕'")
    _note(notes, bad_colours, "colour(s) could not be read and were replaced by coder's own colours")
    _note(notes, duplicates, "code(s) appeared more than once at the same place and were joined into one")
    parsed = [
        ParsedCode(
            guid=entry.guids[0] if entry.guids else derived_guid("/".join(path), "code"),
            path=path,
            colour=entry.colour,
            texts=entry.texts,
        )
        for path, entry in entries.items()
    ]
    return parsed, by_guid


def _note(notes: list[str], items: Sequence[str], sentence: str) -> None:
    if items:
        shown = ", ".join(items[:_EXAMPLES]) + (", ..." if len(items) > _EXAMPLES else "")
        notes.append(f"{len(items)} {sentence}: {shown}.")


def specs_from(parsed: Sequence[ParsedCode]) -> list[CodeSpec]:
    return [
        CodeSpec(
            path=code.path,
            colour=code.colour,
            definition=code.texts.definition,
            when_to_use=code.texts.when_to_use,
            when_not_to_use=code.texts.when_not_to_use,
            example=code.texts.example,
            guid=code.guid,
        )
        for code in parsed
    ]


def add_codes(
    parent: ET.Element,
    specs: Sequence[CodeSpec],
    note_refs: Mapping[tuple[str, ...], Sequence[str]] | None = None,
) -> None:
    """Nested ``Code`` elements for specs listed parents first (as coder lists them).

    ``note_refs`` gives, by code path, the GUIDs of notes (memos) that a code refers to.
    """
    elements: dict[tuple[str, ...], ET.Element] = {}
    for spec in specs:
        holder = elements.get(spec.path[:-1], parent) if len(spec.path) > 1 else parent
        guid = spec.guid if is_guid(spec.guid) else derived_guid("/".join(spec.path), "code")
        attributes = {"guid": str(guid), "name": xml_safe(spec.name), "isCodable": "true"}
        colour, _usable = parse_colour(spec.colour)
        if colour:
            attributes["color"] = colour
        element = ET.SubElement(holder, "Code", attributes)
        texts = CodeTexts(spec.definition, spec.when_to_use, spec.when_not_to_use, spec.example)
        description = compose(texts)
        if description:
            ET.SubElement(element, "Description").text = xml_safe(description)
        for target in (note_refs or {}).get(spec.path, ()):
            ET.SubElement(element, "NoteRef", {"targetGUID": target})
        elements[spec.path] = element
