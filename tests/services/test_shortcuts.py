"""Keys 1–9: which code each key applies, stored in the project's meta table (issue 8, item 6)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coder.domain.errors import InvalidInput, NotFound
from coder.services import codebook
from coder.services.project import Project, open_project


@pytest.fixture
def project(project_path: Path) -> Project:
    opened = open_project(project_path)
    yield opened
    opened.close()


def named(project: Project, shortcuts: dict[str, int]) -> dict[str, int]:
    book = codebook.get_codebook(project)
    return {book.by_id[code_id].name: key for code_id, key in shortcuts.items()}


def test_by_default_the_first_nine_codes_that_are_not_groups_have_keys(project: Project) -> None:
    group = codebook.add_code(project, "Group")
    for n in range(3):
        codebook.add_code(project, f"Inside {n}", parent_id=group.id)
    for n in range(8):
        codebook.add_code(project, f"Top {n}")
    keys = named(project, codebook.get_shortcuts(project))
    assert keys == {"Inside 0": 1, "Inside 1": 2, "Inside 2": 3, **{f"Top {n}": n + 4 for n in range(6)}}


def test_an_assigned_key_stays_with_its_code_when_the_codebook_changes(project: Project) -> None:
    first = codebook.add_code(project, "First")
    second = codebook.add_code(project, "Second")
    before = codebook.set_shortcut(project, second.id, 7)
    assert named(project, before) == {"First": 1, "Second": 2}
    assert named(project, codebook.get_shortcuts(project)) == {"First": 1, "Second": 7}
    codebook.add_code(project, "Zeroth")  # a new code neither takes nor moves a key
    codebook.update_code(project, replace(first, position=5))  # moved to the end of the tree
    assert named(project, codebook.get_shortcuts(project)) == {"First": 1, "Second": 7}

    codebook.set_shortcut(project, first.id, 7)  # the key moves to First; Second loses it
    assert named(project, codebook.get_shortcuts(project)) == {"First": 7}
    codebook.set_shortcut(project, first.id, None)
    assert codebook.get_shortcuts(project) == {}
    codebook.set_shortcuts(project, before)  # undo puts back what was
    assert named(project, codebook.get_shortcuts(project)) == {"First": 1, "Second": 2}


def test_a_deleted_code_loses_its_key_and_gets_it_back_with_undo(project: Project) -> None:
    code = codebook.add_code(project, "Only")
    codebook.set_shortcut(project, code.id, 4)
    removed = codebook.delete_code(project, code.id)
    assert codebook.get_shortcuts(project) == {}
    codebook.restore_codes(project, removed)
    assert codebook.get_shortcuts(project) == {code.id: 4}


def test_refused_keys_and_codes(project: Project) -> None:
    code = codebook.add_code(project, "Only")
    with pytest.raises(InvalidInput, match="1 to 9"):
        codebook.set_shortcut(project, code.id, 10)
    with pytest.raises(NotFound):
        codebook.set_shortcut(project, "no-such-code", 1)
    with pytest.raises(InvalidInput):
        codebook.set_shortcuts(project, {code.id: 0})
    assert codebook.get_shortcuts(project) == {code.id: 1}  # nothing was stored
