"""Memos and the journal through REFI-QDA notes and merges: written, read back, nothing dropped."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from refi_helpers import zip_bytes

from coder.domain.errors import InvalidInput
from coder.domain.memos import CODE, JOURNAL, SOURCE
from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, memos, sources
from coder.services.exchange import apply_bundle, export_qdpx, import_qdpx, merge, read_exchange_file
from coder.services.project import Project

NS = "{urn:QDA-XML:project:1.0}"
TEXT = "Interview \U0001f600 about trust and money.\n"
MEMO = "Ann's memo: <b>not bold</b> & \U0001f9ea;\nsecond line\n\n  indented"


def memo_state(project: Project) -> list[tuple[str, str, str, str, str]]:
    """Every memo as (kind, source name or code path or '', coder, title, text)."""
    names = {s.id: s.name for s in sources.list_sources(project)}
    book = codebook.get_codebook(project)
    people = {c.id: c.name for c in coders.list_coders(project)}
    found = []
    with project.read() as uow:
        stored = uow.memos.all()
    for memo in stored:
        where = (
            names.get(memo.target_id or "", "")
            if memo.kind == SOURCE
            else book.path_text(memo.target_id)
            if memo.kind == CODE
            else ""
        )
        found.append((memo.kind, where, people[memo.coder_id], memo.title, memo.text))
    return sorted(found)


@pytest.fixture
def project_with_memos(new_project: Callable[[str], Project]) -> Project:
    project = new_project("memos")
    [source] = sources.store(project, [ImportedText("interview.txt", "txt", TEXT)])
    parent = codebook.add_code(project, "Economy")
    money = codebook.add_code(project, "Money", parent.id)
    ann, bob = coders.ensure_coder(project, "Ann"), coders.ensure_coder(project, "Bob")
    start = TEXT.index("money")
    codings.add_coding(project, source.id, money.id, ann.id, start, start + 5, "coding memo")
    memos.set_memo(project, SOURCE, source.id, ann.id, MEMO, 0)
    memos.set_memo(project, SOURCE, source.id, bob.id, "Bob's view", 0)
    memos.set_memo(project, CODE, money.id, ann.id, "Money means wages here.", 0)
    memos.set_memo(project, CODE, parent.id, bob.id, "A parent's memo", 0)
    memos.add_journal_entry(project, ann.id, "Day 1 — start", "We began.\r\nA CR LF inside.")
    memos.add_journal_entry(project, bob.id, "", "An entry without a title")
    return project


def test_memos_and_journal_survive_a_qdpx_round_trip(
    project_with_memos: Project, new_project: Callable[[str], Project], tmp_path: Path
) -> None:
    out = tmp_path / "memos.qdpx"
    export_qdpx(project_with_memos, out)
    copy = new_project("copy")
    summary = import_qdpx(copy, out)
    assert memo_state(copy) == memo_state(project_with_memos)
    assert summary.memos_added == 6
    with project_with_memos.read() as uow:
        original = {m.id: m for m in uow.memos.all()}
    with copy.read() as uow:
        for memo in uow.memos.all():
            assert memo.created_at == original[memo.id].created_at.replace(microsecond=0)
    again = import_qdpx(copy, out)
    assert (again.memos_added, again.memos_present) == (0, 6)
    assert memo_state(copy) == memo_state(project_with_memos)


def test_exported_notes_validate_and_are_referred_to_by_their_source_and_code(
    project_with_memos: Project, tmp_path: Path, project_schema: object
) -> None:
    out = tmp_path / "memos.qdpx"
    export_qdpx(project_with_memos, out)
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("project.qde")
    project_schema.validate(ET.fromstring(xml))  # type: ignore[attr-defined]
    root = ET.fromstring(xml)
    notes = {n.get("guid"): n for n in root.iter(f"{NS}Note")}
    assert len(notes) == 6
    [source] = root.iter(f"{NS}TextSource")
    source_notes = [notes[r.get("targetGUID")] for r in source.findall(f"{NS}NoteRef")]
    assert sorted(n.find(f"{NS}PlainTextContent").text for n in source_notes) == sorted(["Bob's view", MEMO])  # type: ignore[union-attr]
    money = next(c for c in root.iter(f"{NS}Code") if c.get("name") == "Money")
    [ref] = money.findall(f"{NS}NoteRef")
    assert notes[ref.get("targetGUID")].find(f"{NS}PlainTextContent").text == "Money means wages here."  # type: ignore[union-attr]
    referred = {r.get("targetGUID") for r in root.iter(f"{NS}NoteRef")}
    journal = [n for guid, n in notes.items() if guid not in referred]
    assert sorted(n.get("name", "") for n in journal) == ["", "Day 1 — start"]
    users = {u.get("guid"): u.get("name") for u in root.iter(f"{NS}User")}
    assert {users[n.get("creatingUser")] for n in journal} == {"Ann", "Bob"}


FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="foreign" creatingUserGUID="{U1}">
  <Users>
    <User guid="{U1}" name="Wei"/>
    <User guid="{U2}" name="Olga"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="{C1}" name="Trust" isCodable="true"><NoteRef targetGUID="{N4}"/></Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{S1}" name="talk.txt" creatingUser="{U2}">
      <PlainTextContent>We trust them.</PlainTextContent>
      <PlainTextSelection guid="{P1}" startPosition="3" endPosition="8">
        <Coding guid="{K1}" creatingUser="{U1}"><CodeRef targetGUID="{C1}"/></Coding>
        <NoteRef targetGUID="{N5}"/>
      </PlainTextSelection>
      <PlainTextSelection guid="{P2}" startPosition="0" endPosition="2"><NoteRef targetGUID="{N8}"/>
      </PlainTextSelection>
      <NoteRef targetGUID="{N1}"/>
      <NoteRef targetGUID="{N2}"/>
      <NoteRef targetGUID="{N3}"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{N1}" name="Later" creationDateTime="2021-05-02T10:00:00Z">
      <PlainTextContent>second thought</PlainTextContent></Note>
    <Note guid="{N2}" name="First" creationDateTime="2021-05-01T10:00:00Z">
      <PlainTextContent>first thought</PlainTextContent></Note>
    <Note guid="{N3}" creatingUser="{U1}"><PlainTextContent>Wei on the talk</PlainTextContent></Note>
    <Note guid="{N4}" creatingUser="{U1}"><PlainTextContent>what trust means</PlainTextContent></Note>
    <Note guid="{N5}" creatingUser="{U1}"><PlainTextContent>on the selection</PlainTextContent></Note>
    <Note guid="{N6}" name="Loose  idea" creatingUser="{U2}"><Description>about method</Description>
      <PlainTextContent>nothing refers to me</PlainTextContent></Note>
    <Note guid="{N7}" name="Project note"><PlainTextContent>for the whole project</PlainTextContent></Note>
    <Note guid="{N8}" creatingUser="{U2}"><PlainTextContent>on an uncoded passage</PlainTextContent></Note>
  </Notes>
  <NoteRef targetGUID="{N7}"/>
</Project>
"""
GUIDS = {
    "U1": "11111111-1111-4111-8111-111111111111",
    "U2": "22222222-2222-4222-8222-222222222222",
    "C1": "33333333-3333-4333-8333-333333333333",
    "S1": "44444444-4444-4444-8444-444444444444",
    "P1": "55555555-5555-4555-8555-555555555555",
    "P2": "77777777-7777-4777-8777-777777777777",
    "K1": "66666666-6666-4666-8666-666666666666",
}
GUIDS |= {f"N{n}": f"0000000{n}-0000-4000-8000-00000000000{n}" for n in range(1, 9)}


def _foreign(tmp_path: Path) -> Path:
    xml = FOREIGN
    for key, value in GUIDS.items():
        xml = xml.replace("{" + key + "}", value)
    path = tmp_path / "foreign.qdpx"
    path.write_bytes(zip_bytes({"project.qde": xml.encode("utf-8")}))
    return path


def test_notes_of_another_tool_become_memos_and_journal_entries(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    path = _foreign(tmp_path)
    bundle = read_exchange_file(path)
    assert "'talk.txt': 2 notes by one coder on this source were joined into one memo" in " ".join(
        bundle.notes
    )
    assert "3 note(s) not attached to a source or code became journal entries." in bundle.notes
    project = new_project("target")
    import_qdpx(project, path)
    assert memo_state(project) == [
        ("code", "Trust", "Wei", "", "what trust means"),
        ("journal", "", "Olga", "", "on an uncoded passage"),  # its selection is left out, the note is not
        ("journal", "", "Olga", "Loose idea", "about method\n\n----\n\nnothing refers to me"),
        ("journal", "", "Wei", "Project note", "for the whole project"),
        # Olga made the source; the two notes without a user are hers, oldest first.
        ("source", "talk.txt", "Olga", "", "First\nfirst thought\n\n----\n\nLater\nsecond thought"),
        ("source", "talk.txt", "Wei", "", "Wei on the talk"),
    ]
    [coding] = codings.list_codings(project)
    assert coding.memo == "on the selection"  # a selection's note stays the coding's memo
    [entry] = [m for m in memos.journal_entries(project) if m.title == "Loose idea"]
    assert entry.id == GUIDS["N6"]


def test_journal_entries_from_the_atlas_ti_sample(
    samples: Path, new_project: Callable[[str], Project]
) -> None:
    project = new_project("atlas")
    import_qdpx(project, samples / "atlasti8mac_standard_project.qde")
    entries = memos.journal_entries(project)
    names = {c.id: c.name for c in coders.list_coders(project)}
    assert [(e.title, names[e.coder_id], e.text) for e in entries] == [
        (
            "My favorite Coke ad",
            "Friedrich Markgraf",
            "This version is much better than the new Director’s cut ",
        ),
        (
            "Research Plan",
            "Friedrich Markgraf",
            "day to day log about this amazing project\n\n----\n\n"
            "This is a great project by a dynamic team of researcher-developers. ",  # as in the file
        ),
    ]
    assert entries[1].created_at == datetime(2018, 3, 27, 19, 38, 46, tzinfo=UTC)
    assert entries[1].changed_at == datetime(2018, 3, 27, 19, 41, 9, tzinfo=UTC)


def test_merging_a_copy_brings_memos_and_keeps_both_versions_of_a_changed_one(
    project_with_memos: Project, new_project: Callable[[str], Project], tmp_path: Path
) -> None:
    export_qdpx(project_with_memos, tmp_path / "base.qdpx")
    copy = new_project("copy")
    import_qdpx(copy, tmp_path / "base.qdpx")
    source = sources.find_source(copy, "interview.txt").id
    money = codebook.get_codebook(copy).resolve("Money").id
    ann, bob = coders.find_coder(copy, "Ann").id, coders.find_coder(copy, "Bob").id
    ann_memo = memos.get_memo(copy, SOURCE, source, ann)
    memos.set_memo(copy, SOURCE, source, ann, MEMO + "\nmore", ann_memo.version)  # type: ignore[union-attr]
    bob_memo = memos.get_memo(copy, SOURCE, source, bob)
    memos.set_memo(copy, SOURCE, source, bob, "Bob changed his mind", bob_memo.version)  # type: ignore[union-attr]
    memos.set_memo(copy, CODE, money, bob, "Bob on money", 0)
    memos.add_journal_entry(copy, bob, "Day 2", "In the copy")
    summary = merge(project_with_memos, copy.path)
    assert (summary.memos_added, summary.memos_changed, summary.memos_present) == (2, 2, 4)
    assert any("1 memo(s) differed" in note for note in summary.notes)
    state = memo_state(project_with_memos)
    assert ("source", "interview.txt", "Ann", "", MEMO + "\nmore") in state  # the longer version
    assert ("source", "interview.txt", "Bob", "", "Bob's view\n\n----\n\nBob changed his mind") in state
    assert ("code", "Economy/Money", "Bob", "", "Bob on money") in state
    assert ("journal", "", "Bob", "Day 2", "In the copy") in state
    again = merge(project_with_memos, copy.path)
    assert (again.memos_added, again.memos_changed) == (0, 0)
    assert memo_state(project_with_memos) == state


def test_a_memo_on_something_the_file_lacks_is_refused(
    project_with_memos: Project, new_project: Callable[[str], Project], snapshot: Callable[[Path], object]
) -> None:
    from dataclasses import replace

    from coder.services.exchange import project_bundle

    bundle = project_bundle(project_with_memos)
    broken = replace(bundle.memos[0], target_id="not-in-the-file", kind=SOURCE)
    target = new_project("target")
    before = snapshot(target.path)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="a memo refers to a source that the file does not hold"):
        apply_bundle(target, replace(bundle, memos=(broken, *bundle.memos[1:])), "copy.coder")
    journal_on_source = replace(bundle.memos[0], kind=JOURNAL)
    with pytest.raises(InvalidInput, match="journal entry is attached"):
        apply_bundle(target, replace(bundle, memos=(journal_on_source,)), "copy.coder")
    assert snapshot(target.path) == before  # type: ignore[arg-type]
