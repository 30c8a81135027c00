"""Memos as REFI-QDA notes, both ways.

Writing: every memo and journal entry with some text becomes a ``<Note>`` in the project's
``<Notes>`` (its ``creatingUser``, ``creationDateTime``, ``modifiedDateTime`` and a
``<PlainTextContent>``; a title becomes the note's ``name``). A source's memos are referred to by
``<NoteRef>`` elements of the source, a code's by its ``<Code>``; journal entries by nothing.

Reading, for notes of any tool:

- notes referred to by a source (or by a PDF source's text representation) become memos on it, by
  the note's ``creatingUser`` (else the source's, else the project's); notes referred to by a code
  likewise. Several notes by one coder on one target are joined into one memo, oldest first,
  separated by a ``----`` line (each headed by its name, if it has one), and a note line says so;
- notes referred to by a coded text selection or its codings are the codings' memos (read with the
  codings);
- every other note (referred to by nothing, by the project, or by a part coder does not hold, such
  as an uncoded selection or a picture) becomes a journal entry, titled with its name, so that no
  note is lost. A note's ``Description`` comes first in the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from coder.domain.memos import CODE, JOURNAL, SEPARATOR, SOURCE, Memo, joined
from coder.domain.model import now
from coder.refi.values import (
    derived_guid,
    format_datetime,
    guid_key,
    is_guid,
    local,
    parse_datetime,
    xml_safe,
)

TITLE_LIMIT = 500


# ---------------------------------------------------------------------- writing


def written(memos: Iterable[Memo]) -> list[Memo]:
    """The memos that become notes: those with a text or a title."""
    return [memo for memo in memos if memo.text.strip() or memo.title.strip()]


def add_notes(root: ET.Element, memos: Sequence[Memo], guid: Callable[[str], str]) -> None:
    """A ``<Notes>`` element with one ``<Note>`` per memo (none when there are no memos)."""
    if not memos:
        return
    holder = ET.SubElement(root, "Notes")
    for memo in memos:
        user = guid(memo.coder_id)
        attributes = {
            "guid": guid(memo.id),
            "creatingUser": user,
            "creationDateTime": format_datetime(memo.created_at),
            "modifyingUser": user,
            "modifiedDateTime": format_datetime(memo.changed_at),
        }
        if memo.title:
            attributes["name"] = xml_safe(memo.title)
        note = ET.SubElement(holder, "Note", attributes)
        ET.SubElement(note, "PlainTextContent").text = xml_safe(memo.text)


def add_refs(element: ET.Element, note_guids: Sequence[str]) -> None:
    for target in note_guids:
        ET.SubElement(element, "NoteRef", {"targetGUID": target})


# ---------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Note:
    key: str
    name: str
    user: str | None
    created: str | None
    modified: str | None
    description: str
    order: int


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if local(child.tag) == name]


def _refs(element: ET.Element) -> list[str]:
    return [key for ref in _children(element, "NoteRef") if (key := guid_key(ref.get("targetGUID")))]


def _parse_notes(root: ET.Element) -> dict[str, _Note]:
    found: dict[str, _Note] = {}
    for holder in _children(root, "Notes"):
        for element in _children(holder, "Note"):
            key = guid_key(element.get("guid"))
            if key and key not in found:
                description = next((c.text or "" for c in _children(element, "Description")), "")
                found[key] = _Note(
                    key,
                    " ".join((element.get("name") or "").split())[:TITLE_LIMIT],
                    guid_key(element.get("creatingUser")),
                    element.get("creationDateTime"),
                    element.get("modifiedDateTime"),
                    description.strip(),
                    len(found),
                )
    return found


@dataclass
class _Refs:
    targets: list[tuple[str, str, str, str | None]]  # (note, kind, element guid, element's user)
    codings: set[str]  # notes of selections and codings


def _references(root: ET.Element) -> _Refs:
    refs = _Refs([], set())
    for holder in _children(root, "Sources"):
        for source in holder:
            key, user = guid_key(source.get("guid")), guid_key(source.get("creatingUser"))
            parts = [source, *_children(source, "Representation")]
            for note in (note for part in parts for note in _refs(part)):
                if key:
                    refs.targets.append((note, SOURCE, key, user))
    for code in root.iter():
        if local(code.tag) == "Code" and (key := guid_key(code.get("guid"))):
            refs.targets.extend((note, CODE, key, None) for note in _refs(code))
    for holder in _children(root, "Sources"):
        for selection in holder.iter():
            codings = _children(selection, "Coding") if local(selection.tag) == "PlainTextSelection" else []
            if codings:  # read with the codings, as their memo
                refs.codings.update(_refs(selection))
                refs.codings.update(note for coding in codings for note in _refs(coding))
    return refs


def read_memos(
    root: ET.Element,
    targets: Mapping[str, Mapping[str, tuple[str, str]]],
    note_text: Callable[[str], str],
    coder_of: Callable[..., str],
    project_user: str | None,
    notes: list[str],
) -> tuple[Memo, ...]:
    """Memos and journal entries from a project's notes (see the module's doc).

    ``targets[kind]`` maps the GUID of a source or code element (as :func:`guid_key` gives it) to
    the bundle's id and name of what was imported from it; ``note_text`` gives a note's text by
    its key; ``coder_of(*user_guids)`` the coder of the first known user.
    """
    parsed = _parse_notes(root)
    refs = _references(root)
    grouped: dict[tuple[str, str, str], list[_Note]] = {}
    names: dict[tuple[str, str, str], str] = {}
    attached: set[str] = set()
    for key, kind, element, user in refs.targets:
        note = parsed.get(key)
        target = targets[kind].get(element)
        if note is None or target is None:
            continue
        coder = coder_of(note.user, user, project_user)
        group = (kind, target[0], coder)
        if note not in grouped.setdefault(group, []):
            grouped[group].append(note)
        names[group] = target[1]
        attached.add(key)
    memos = [_memo(group, found, note_text, names[group], notes) for group, found in grouped.items()]
    journal = [n for n in parsed.values() if n.key not in attached and n.key not in refs.codings]
    for note in journal:
        stamp = parse_datetime(note.created) or now()
        text = joined([note.description, note_text(note.key)])
        coder = coder_of(note.user, project_user)
        changed = parse_datetime(note.modified) or stamp
        memos.append(Memo(_id(note.key), JOURNAL, None, coder, note.name, text, stamp, changed))
    if journal:
        notes.append(f"{len(journal)} note(s) not attached to a source or code became journal entries.")
    return tuple(memos)


def _id(key: str) -> str:
    return key if is_guid(key) else derived_guid(key, "note")


def _memo(
    group: tuple[str, str, str],
    found: list[_Note],
    note_text: Callable[[str], str],
    name: str,
    notes: list[str],
) -> Memo:
    kind, target, coder = group
    created_at = {n.key: parse_datetime(n.created) for n in found}
    found = sorted(found, key=lambda n: (created_at[n.key] is None, created_at[n.key] or now(), n.order))
    created = min((d for d in created_at.values() if d), default=None) or now()
    changed = max(
        (parse_datetime(n.modified) or created_at[n.key] or created for n in found), default=created
    )
    if len(found) == 1:
        note = found[0]
        text = joined([note.description, note_text(note.key)])
        return Memo(_id(note.key), kind, target, coder, note.name, text, created, changed)
    parts = ["\n".join(p for p in (n.name, n.description, note_text(n.key)) if p) for n in found]
    notes.append(
        f"'{name}': {len(found)} notes by one coder on this {kind} were joined into one memo, separated by "
        f"a line '{SEPARATOR.strip()}'."
    )
    return Memo(_id(found[0].key), kind, target, coder, "", joined(parts), created, changed)
