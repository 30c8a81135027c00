"""Renaming and deleting sources (undoably), and skipping files already present (issue 8, item 13)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.model import ImportedText
from coder.services import codebook, coders, codings, sources
from coder.services.project import Project, open_project


@pytest.fixture
def project(project_path: Path) -> Project:
    opened = open_project(project_path)
    sources.store(
        opened,
        [
            ImportedText(name="a.txt", format="txt", text="Alpha text 😀 here."),
            ImportedText(
                name="b.pdf", format="pdf", text="Bravo text.", page_starts=(0, 6), original=b"%PDF"
            ),
        ],
    )
    yield opened
    opened.close()


def by_name(project: Project) -> dict[str, Any]:
    return {s.name: s for s in sources.list_sources(project)}


def test_rename_returns_the_source_as_it_was_and_refuses_taken_names(project: Project) -> None:
    a = by_name(project)["a.txt"]
    before = sources.rename_source(project, a.id, "  Interview A  ")
    assert before == a
    assert sources.source_text(project, a.id) == "Alpha text 😀 here."
    assert by_name(project)["Interview A"].id == a.id
    with pytest.raises(Conflict, match="'b.pdf' is already in the project"):
        sources.rename_source(project, a.id, "b.pdf")
    with pytest.raises(InvalidInput):
        sources.rename_source(project, a.id, "   ")
    with pytest.raises(NotFound):
        sources.rename_source(project, "gone", "x")


def test_delete_and_restore_bring_back_the_identical_rows(
    project: Project, project_path: Path, snapshot: Callable[[Path], Any]
) -> None:
    b = by_name(project)["b.pdf"]
    code = codebook.add_code(project, "Trust")
    ana, ben = coders.ensure_coder(project, "Ana"), coders.ensure_coder(project, "Ben")
    codings.add_coding(project, b.id, code.id, ana.id, 0, 5, memo="first")
    codings.add_coding(project, b.id, code.id, ben.id, 6, 10)
    before = snapshot(project_path)
    removed = sources.delete_source(project, b.id)
    assert len(removed.codings) == 2 and removed.record.original == b"%PDF"
    assert set(by_name(project)) == {"a.txt"} and codings.list_codings(project) == []
    sources.restore_source(project, removed)
    assert snapshot(project_path) == before
    with pytest.raises(NotFound):
        sources.delete_source(project, "gone")


def test_a_deleted_sources_name_taken_meanwhile_is_refused_on_restore(project: Project) -> None:
    removed = sources.delete_source(project, by_name(project)["a.txt"].id)
    sources.store(project, [ImportedText(name="a.txt", format="txt", text="Another text.")])
    with pytest.raises(Conflict):
        sources.restore_source(project, removed)
    assert len(sources.list_sources(project)) == 2  # nothing half-restored


def test_split_new_names_what_is_already_there(project: Project) -> None:
    batch = [
        ImportedText(name="a.txt", format="txt", text="Different text, same name."),
        ImportedText(name="copy-of-b.pdf", format="pdf", text="Bravo text."),
        ImportedText(name="c.txt", format="txt", text="Charlie."),
        ImportedText(name="c-again.txt", format="txt", text="Charlie."),
    ]
    new, skipped = sources.split_new(project, batch)
    assert [i.name for i in new] == ["c.txt"]
    assert [(s.name, s.reason) for s in skipped] == [
        ("a.txt", "a source of that name is already in the project"),
        ("copy-of-b.pdf", "the same text is already in the project as 'b.pdf'"),
        ("c-again.txt", "the same text comes earlier in this import as 'c.txt'"),
    ]
