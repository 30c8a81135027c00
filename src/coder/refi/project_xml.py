"""The parts of a project.qde that coder uses, as plain records, whatever the namespace."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from coder.refi.values import guid_key, local

TEXT_SOURCES = ("TextSource",)
SKIPPED_SOURCES = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}


@dataclass
class RawCoding:
    guid: str | None
    code: str | None
    user: str | None
    created: str | None
    note_refs: list[str]


@dataclass
class RawSelection:
    guid: str | None
    name: str | None
    start: int | None
    end: int | None
    user: str | None
    created: str | None
    modified: str | None
    description: str
    note_refs: list[str]
    codings: list[RawCoding]


@dataclass
class RawSource:
    kind: str  # "text" or "pdf"
    guid: str | None
    name: str | None
    plain_path: str | None = None
    rich_path: str | None = None
    pdf_path: str | None = None
    inline_text: str | None = None
    user: str | None = None
    selections: list[RawSelection] = field(default_factory=list)


@dataclass
class RawProject:
    name: str
    user: str | None
    users: dict[str, str]  # guid -> display name
    codes: ET.Element | None
    notes: dict[str, str]  # guid -> text
    note_paths: dict[str, str]  # guid -> plainTextPath, for notes kept in files
    sources: list[RawSource]
    skipped: Counter[str]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if local(child.tag) == name), None)


def _text(element: ET.Element, name: str) -> str | None:
    child = _child(element, name)
    return None if child is None else (child.text or "")


def _int(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def _refs(element: ET.Element) -> list[str]:
    return [key for ref in _children(element, "NoteRef") if (key := guid_key(ref.get("targetGUID")))]


def _coding(element: ET.Element) -> RawCoding:
    ref = _child(element, "CodeRef")
    return RawCoding(
        guid=guid_key(element.get("guid")),
        code=guid_key(ref.get("targetGUID")) if ref is not None else None,
        user=guid_key(element.get("creatingUser")),
        created=element.get("creationDateTime"),
        note_refs=_refs(element),
    )


def _selection(element: ET.Element) -> RawSelection:
    return RawSelection(
        guid=guid_key(element.get("guid")),
        name=element.get("name"),
        start=_int(element.get("startPosition")),
        end=_int(element.get("endPosition")),
        user=guid_key(element.get("creatingUser")),
        created=element.get("creationDateTime"),
        modified=element.get("modifiedDateTime"),
        description=_text(element, "Description") or "",
        note_refs=_refs(element),
        codings=[_coding(c) for c in _children(element, "Coding")],
    )


def _text_source(element: ET.Element, kind: str) -> RawSource:
    return RawSource(
        kind=kind,
        guid=guid_key(element.get("guid")),
        name=element.get("name"),
        plain_path=element.get("plainTextPath"),
        rich_path=element.get("richTextPath"),
        inline_text=_text(element, "PlainTextContent"),
        user=guid_key(element.get("creatingUser")),
        selections=[_selection(s) for s in _children(element, "PlainTextSelection")],
    )


def parse_project(root: ET.Element) -> RawProject:
    users: dict[str, str] = {}
    for holder in _children(root, "Users"):
        for user in _children(holder, "User"):
            key = guid_key(user.get("guid"))
            if key:
                users[key] = (user.get("name") or user.get("id") or "").strip() or f"user {key[:8]}"
    codebook = _child(root, "CodeBook")
    notes: dict[str, str] = {}
    note_paths: dict[str, str] = {}
    for holder in _children(root, "Notes"):
        for note in _children(holder, "Note"):
            key = guid_key(note.get("guid"))
            if key:
                notes[key] = _text(note, "PlainTextContent") or ""
                if note.get("plainTextPath"):
                    note_paths[key] = note.get("plainTextPath") or ""
    sources: list[RawSource] = []
    skipped: Counter[str] = Counter()
    for holder in _children(root, "Sources"):
        for element in holder:
            kind = local(element.tag)
            if kind in TEXT_SOURCES:
                sources.append(_text_source(element, "text"))
            elif kind == "PDFSource":
                representation = _child(element, "Representation")
                source = (
                    _text_source(representation, "pdf")
                    if representation is not None
                    else RawSource(kind="pdf", guid=None, name=None)
                )
                source.guid = guid_key(element.get("guid"))
                source.name = element.get("name")
                source.pdf_path = element.get("path")
                source.user = guid_key(element.get("creatingUser")) or source.user
                skipped["PDF area selection"] += len(_children(element, "PDFSelection"))
                sources.append(source)
            elif kind in SKIPPED_SOURCES:
                skipped[f"{SKIPPED_SOURCES[kind]} source"] += 1
    for part, label in (("Cases", "case"), ("Variables", "variable"), ("Sets", "set"), ("Links", "link")):
        for holder in _children(root, part):
            skipped[label] += len(list(holder))
    skipped["graph"] += sum(len(list(holder)) for holder in _children(root, "Graphs"))
    return RawProject(
        name=root.get("name") or "",
        user=guid_key(root.get("creatingUserGUID")),
        users=users,
        codes=_child(codebook, "Codes") if codebook is not None else None,
        notes=notes,
        note_paths=note_paths,
        sources=sources,
        skipped=skipped,
    )
