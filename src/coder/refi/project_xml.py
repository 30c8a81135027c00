"""The parts of a project.qde that coder uses, as plain records, whatever the namespace.

What coder does not keep is counted by kind in ``RawProject.skipped`` (singular noun -> count;
:data:`PLURALS` has the plural), so that the import can say what was left out. Ids that repeat
among users, sources, notes (here) or codes (:mod:`coder.refi.codes`) make the file ambiguous
and are refused.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from coder.domain.errors import InvalidInput, shorten
from coder.domain.names import check_name
from coder.domain.spans import offset_or_none
from coder.refi.values import guid_key, local

TEXT_SOURCES = ("TextSource",)
SKIPPED_SOURCES = {"PictureSource": "picture", "AudioSource": "audio", "VideoSource": "video"}
_SKIPPED_PARTS = (("Variables", "variable"), ("Cases", "case"), ("Links", "link"), ("Sets", "set"))
# Children of <Project> that are read, or counted as a kind of their own.
_KNOWN_PARTS = {"Users", "CodeBook", "Sources", "Notes", "Graphs", "Description", "NoteRef"} | {
    part for part, _ in _SKIPPED_PARTS
}
NOTE_ELSEWHERE = "note on a source, a code, an uncoded selection or the project"
NOTE_UNREFERENCED = "note that nothing in the project refers to"
PLURALS = {
    "project description": "project descriptions",
    "source description": "source descriptions",
    "variable value": "variable values",
    "PDF area selection": "PDF area selections",
    NOTE_ELSEWHERE: "notes on sources, codes, uncoded selections or the project",
    NOTE_UNREFERENCED: "notes that nothing in the project refers to",
}


def plural(noun: str) -> str:
    return PLURALS.get(noun, noun + "s")


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
    note_refs: set[str]  # every note that something in the file refers to
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
    return offset_or_none(value)


def check_unique(where: str, kind: str, seen: dict[str, str], key: str, name: str) -> None:
    """Record that ``key`` names ``name``; a key seen before makes the file ambiguous and is refused."""
    if key in seen:
        raise InvalidInput(
            f"{shorten(where)} uses the id {shorten(key)} for two {plural(kind)} ('{shorten(seen[key])}' "
            f"and '{shorten(name)}'); ids must be unique, so the file was refused rather than put codings "
            f"on the wrong {kind}."
        )
    seen[key] = name


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


def _text_source(element: ET.Element, kind: str, skipped: Counter[str]) -> RawSource:
    skipped["variable value"] += len(_children(element, "VariableValue"))
    if (_text(element, "Description") or "").strip():
        skipped["source description"] += 1
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


def parse_project(root: ET.Element, where: str) -> RawProject:
    """The records of a project's root element; ``where`` names the file in messages."""
    users: dict[str, str] = {}
    for holder in _children(root, "Users"):
        for user in _children(holder, "User"):
            key = guid_key(user.get("guid"))
            if key:
                name = (user.get("name") or user.get("id") or "").strip() or f"user {key[:8]}"
                check_unique(where, "user", users, key, check_name("coder", name))
    codebook = _child(root, "CodeBook")
    notes: dict[str, str] = {}
    note_paths: dict[str, str] = {}
    note_names: dict[str, str] = {}
    for holder in _children(root, "Notes"):
        for note in _children(holder, "Note"):
            key = guid_key(note.get("guid"))
            if key:
                check_unique(where, "note", note_names, key, note.get("name") or "")
                notes[key] = _text(note, "PlainTextContent") or ""
                if note.get("plainTextPath"):
                    note_paths[key] = note.get("plainTextPath") or ""
    sources: list[RawSource] = []
    skipped: Counter[str] = Counter()
    source_names: dict[str, str] = {}
    for holder in _children(root, "Sources"):
        for element in holder:
            kind = local(element.tag)
            key = guid_key(element.get("guid"))
            if key:
                check_unique(where, "source", source_names, key, element.get("name") or "")
            if kind in TEXT_SOURCES:
                sources.append(_text_source(element, "text", skipped))
            elif kind == "PDFSource":
                representation = _child(element, "Representation")
                source = (
                    _text_source(representation, "pdf", skipped)
                    if representation is not None
                    else RawSource(kind="pdf", guid=None, name=None)
                )
                source.guid = key
                source.name = element.get("name")
                source.pdf_path = element.get("path")
                source.user = guid_key(element.get("creatingUser")) or source.user
                skipped["PDF area selection"] += len(_children(element, "PDFSelection"))
                skipped["variable value"] += len(_children(element, "VariableValue"))
                if (_text(element, "Description") or "").strip():
                    skipped["source description"] += 1
                sources.append(source)
            elif kind in SKIPPED_SOURCES:
                skipped[f"{SKIPPED_SOURCES[kind]} source"] += 1
            else:
                skipped[f"<{kind}> source"] += 1
    for part, label in _SKIPPED_PARTS:
        for holder in _children(root, part):
            skipped[label] += len(list(holder))
    skipped["graph"] += sum(len(list(holder)) for holder in _children(root, "Graphs"))
    if (_text(root, "Description") or "").strip():
        skipped["project description"] += 1
    for element in root:
        if local(element.tag) not in _KNOWN_PARTS:
            skipped[f"<{local(element.tag)}> element"] += 1
    return RawProject(
        name=root.get("name") or "",
        user=guid_key(root.get("creatingUserGUID")),
        users=users,
        codes=_child(codebook, "Codes") if codebook is not None else None,
        notes=notes,
        note_paths=note_paths,
        note_refs={
            key
            for element in root.iter()
            if local(element.tag) == "NoteRef" and (key := guid_key(element.get("targetGUID")))
        },
        sources=sources,
        skipped=skipped,
    )
