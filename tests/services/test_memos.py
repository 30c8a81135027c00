"""Memos on sources and codes (one per coder, optimistic concurrency) and the project journal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.memos import CODE, JOURNAL, SOURCE
from coder.domain.model import ImportedText
from coder.services import codebook, coders, memos, sources
from coder.services.project import Project, open_project


@dataclass
class Study:
    project: Project
    source: str
    code: str
    alice: str
    bob: str


@pytest.fixture
def study(project_path: Path) -> Iterator[Study]:
    project = open_project(project_path)
    source = sources.store(project, [ImportedText("interview.txt", "txt", "Some text.\n")])[0]
    code = codebook.add_code(project, "Trust")
    alice = coders.ensure_coder(project, "Alice")
    bob = coders.ensure_coder(project, "Bob")
    yield Study(project, source.id, code.id, alice.id, bob.id)
    project.close()


def test_each_coder_has_their_own_memo_on_a_source(study: Study) -> None:
    p = study.project
    first = memos.set_memo(p, SOURCE, study.source, study.alice, "Alice's thoughts", 0)
    memos.set_memo(p, SOURCE, study.source, study.bob, "Bob's view", 0)
    assert memos.get_memo(p, SOURCE, study.source, study.alice) == first
    assert first.version == 1 and first.changed_by == "Alice"
    on_source = memos.memos_on(p, SOURCE, study.source)
    assert [(m.coder_id, m.text) for m in on_source] == [
        (study.alice, "Alice's thoughts"),
        (study.bob, "Bob's view"),
    ]
    assert memos.memos_on(p, CODE, study.code) == []


def test_a_memo_changes_with_the_version_read(study: Study) -> None:
    p = study.project
    first = memos.set_memo(p, CODE, study.code, study.alice, "draft", 0)
    second = memos.set_memo(p, CODE, study.code, study.alice, "draft, longer", first.version)
    assert second.id == first.id and second.version == 2
    assert memos.get_memo(p, CODE, study.code, study.alice) == second
    assert memos.get_memo(p, CODE, study.code, study.alice).version == 2  # type: ignore[union-attr]


def test_a_stale_version_is_refused_naming_who_changed_it(
    study: Study, project_path: Path, snapshot: Callable[[Path], object]
) -> None:
    p = study.project
    memos.set_memo(p, SOURCE, study.source, study.alice, "v1", 0)
    other_window = open_project(project_path)
    other_window.actor = "Lead Researcher"
    try:
        memos.set_memo(other_window, SOURCE, study.source, study.alice, "changed by the lead", 1)
    finally:
        other_window.close()
    before = snapshot(project_path)
    with pytest.raises(Conflict) as refused:
        memos.set_memo(p, SOURCE, study.source, study.alice, "my late change", 1)
    assert "Lead Researcher" in str(refused.value)
    assert "'interview.txt'" in str(refused.value)
    assert snapshot(project_path) == before
    assert memos.get_memo(p, SOURCE, study.source, study.alice).text == "changed by the lead"  # type: ignore[union-attr]


def test_the_same_coder_in_another_window_is_named_as_you(study: Study) -> None:
    p = study.project
    memos.set_memo(p, SOURCE, study.source, study.alice, "v1", 0)
    memos.set_memo(p, SOURCE, study.source, study.alice, "v2", 1)
    with pytest.raises(Conflict, match="Alice \\(you, in another window"):
        memos.set_memo(p, SOURCE, study.source, study.alice, "v2 from an old window", 1)


def test_a_memo_written_elsewhere_meanwhile_is_not_overwritten(study: Study) -> None:
    p = study.project
    memos.set_memo(p, SOURCE, study.source, study.alice, "first window", 0)
    with pytest.raises(Conflict):
        memos.set_memo(p, SOURCE, study.source, study.alice, "second window, opened before", 0)


def test_memo_on_a_missing_target_or_kind_is_refused(study: Study) -> None:
    p = study.project
    with pytest.raises(NotFound, match="source is no longer"):
        memos.set_memo(p, SOURCE, "no-such-source", study.alice, "x", 0)
    with pytest.raises(NotFound, match="code is no longer"):
        memos.set_memo(p, CODE, "no-such-code", study.alice, "x", 0)
    with pytest.raises(InvalidInput, match="not a kind of memo"):
        memos.set_memo(p, JOURNAL, study.source, study.alice, "x", 0)


def test_journal_entries_are_newest_first_and_edits_return_before_and_after(study: Study) -> None:
    p = study.project
    first = memos.add_journal_entry(p, study.alice, "Day 1", "Started coding.")
    second = memos.add_journal_entry(p, study.bob, "  Day\n2 ", "Codebook meeting.")
    assert second.title == "Day 2"  # a title is one line
    assert [e.id for e in memos.journal_entries(p)] == [second.id, first.id]
    before, after = memos.edit_journal_entry(p, first.id, "Day one", "Started coding the interviews.", 1)
    assert (before.title, before.text) == ("Day 1", "Started coding.")
    assert (after.title, after.version) == ("Day one", 2)
    with pytest.raises(Conflict, match="'Day one' was changed by Alice"):
        memos.edit_journal_entry(p, first.id, "stale", "stale", 1)
    # undo of the edit: write back what it was
    memos.edit_journal_entry(p, first.id, before.title, before.text, after.version)
    assert memos.journal_entries(p)[1].text == "Started coding."


def test_deleting_a_journal_entry_can_be_undone_exactly(study: Study) -> None:
    p = study.project
    entry = memos.add_journal_entry(p, study.alice, "Decision", "Merge the two trust codes.")
    removed = memos.delete_journal_entry(p, entry.id)
    assert memos.journal_entries(p) == []
    memos.restore_memos(p, [removed])
    [back] = memos.journal_entries(p)
    assert back == entry and back.created_at == entry.created_at
    with pytest.raises(NotFound):
        memos.delete_journal_entry(p, "gone")


def test_deleting_a_source_or_code_takes_its_memos_and_undo_brings_them_back(study: Study) -> None:
    p = study.project
    on_source = memos.set_memo(p, SOURCE, study.source, study.alice, "about the interview", 0)
    on_code = memos.set_memo(p, CODE, study.code, study.bob, "about trust", 0)
    removed_source = sources.delete_source(p, study.source)
    removed_code = codebook.delete_code(p, study.code)
    assert memos.get_memo(p, SOURCE, study.source, study.alice) is None
    assert memos.get_memo(p, CODE, study.code, study.bob) is None
    sources.restore_source(p, removed_source)
    codebook.restore_codes(p, removed_code)
    assert memos.get_memo(p, SOURCE, study.source, study.alice) == on_source
    assert memos.get_memo(p, CODE, study.code, study.bob) == on_code


def test_merging_codes_moves_memos_and_unmerging_puts_them_back(study: Study) -> None:
    p = study.project
    target = codebook.add_code(p, "Confidence")
    alice_old = memos.set_memo(p, CODE, study.code, study.alice, "Alice on trust", 0)
    bob_old = memos.set_memo(p, CODE, study.code, study.bob, "Bob on trust", 0)
    alice_target = memos.set_memo(p, CODE, target.id, study.alice, "Alice on confidence", 0)
    removed = codebook.merge_code(p, study.code, target.id)
    on_target = {m.coder_id: m.text for m in memos.memos_on(p, CODE, target.id)}
    assert on_target == {
        study.alice: "Alice on confidence\n\n----\n\nAlice on trust",
        study.bob: "Bob on trust",
    }
    codebook.unmerge_code(p, removed)
    assert memos.get_memo(p, CODE, study.code, study.alice) == alice_old
    assert memos.get_memo(p, CODE, study.code, study.bob) == bob_old
    assert memos.get_memo(p, CODE, target.id, study.alice) == alice_target
    assert memos.get_memo(p, CODE, target.id, study.bob) is None


def test_the_codebook_document_and_memo_export_hold_the_memos(study: Study, tmp_path: Path) -> None:
    from coder.services.exchange import export_codebook_document

    p = study.project
    memos.set_memo(p, CODE, study.code, study.bob, "Bob: <em>only</em> explicit trust", 0)
    memos.set_memo(p, CODE, study.code, study.alice, "Alice: trust & reliance", 0)
    memos.set_memo(p, SOURCE, study.source, study.alice, "A source memo", 0)
    memos.add_journal_entry(p, study.bob, "Later", "second")
    export_codebook_document(p, tmp_path / "book.html")
    page = (tmp_path / "book.html").read_text(encoding="utf-8")
    assert "<dt>Memo by Alice</dt><dd>Alice: trust &amp; reliance</dd>" in page
    assert "Bob: &lt;em&gt;only&lt;/em&gt; explicit trust" in page
    assert page.index("Memo by Alice") < page.index("Memo by Bob")
    export_codebook_document(p, tmp_path / "book.md")
    assert "**Memo by Alice:**\n\nAlice: trust \\& reliance" in (tmp_path / "book.md").read_text(
        encoding="utf-8"
    )
    assert memos.export_memos(p, tmp_path / "memos.md") == 4
    document = (tmp_path / "memos.md").read_text(encoding="utf-8")
    parts = [
        document.index(part)
        for part in (
            "## Memos on sources",
            "A source memo",
            "## Memos on codes",
            "### Trust",
            "## Journal",
            "Later",
        )
    ]
    assert parts == sorted(parts)
