"""Merging another coder's copy: sources by text, codes by path, coders by name, nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from refi_helpers import spans, state

from coder.domain.errors import CoderError, Conflict
from coder.services import codebook, coders, codings, sources
from coder.services.exchange import export_qdpx, merge
from coder.services.project import Project

TEXT = "We spoke about money, then about trust.\n"


def _with_text(project: Project, folder: Path, name: str, text: str = TEXT) -> str:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    [info] = sources.import_files(project, [folder / name])
    return info.id


def _code_path(project: Project, *path: str) -> str:
    parent = None
    for depth in range(1, len(path) + 1):
        found = codebook.get_codebook(project).by_path(path[:depth])
        parent = found or codebook.add_code(project, path[depth - 1], parent.id if parent else None)
    assert parent is not None
    return parent.id


def _code(
    project: Project, source_id: str, path: tuple[str, ...], coder: str, word: str, memo: str = ""
) -> None:
    start = TEXT.index(word)
    who = coders.ensure_coder(project, coder)
    codings.add_coding(project, source_id, _code_path(project, *path), who.id, start, start + len(word), memo)


@pytest.fixture
def pair(tmp_path: Path, new_project: Callable[[str], Project]) -> tuple[Project, Project]:
    """Ann's project and Bob's copy, made separately: the same text under different names."""
    ann, bob = new_project("ann"), new_project("bob")
    ann_source = _with_text(ann, tmp_path / "ann-files", "interview.txt")
    bob_source = _with_text(bob, tmp_path / "bob-files", "interview-copy.txt")
    _code(ann, ann_source, ("Economy", "Money"), "Ann", "money")
    _code(bob, bob_source, ("Economy", "Money"), "Bob", "money", "Bob's memo")
    _code(bob, bob_source, ("Trust",), "Bob", "trust")
    _code(bob, bob_source, ("Economy", "Money"), "Ann", "money")  # identical to Ann's own coding
    return ann, bob


def test_merge_adds_the_other_coders_work_matching_sources_by_text(pair: tuple[Project, Project]) -> None:
    ann, bob = pair
    summary = merge(ann, bob.path)
    assert summary.sources_matched == (("interview-copy.txt", "interview.txt"),)
    assert summary.sources_added == ()
    assert summary.codes_added == ("Trust",)
    assert summary.codes_matched == 2
    assert summary.coders_added == ("Bob",)
    assert summary.coders_matched == ("Ann",)
    assert (summary.codings_added, summary.codings_present) == (2, 1)
    assert [s.name for s in sources.list_sources(ann)] == ["interview.txt"]
    sha = sources.list_sources(ann)[0].sha256
    assert spans(ann) == {
        (sha, "Ann", "Economy/Money", 15, 20, ""),
        (sha, "Bob", "Economy/Money", 15, 20, "Bob's memo"),
        (sha, "Bob", "Trust", 33, 38, ""),
    }


def test_merging_the_same_file_twice_adds_nothing(pair: tuple[Project, Project]) -> None:
    ann, bob = pair
    merge(ann, bob.path)
    after_first = state(ann)
    again = merge(ann, bob.path)
    assert state(ann) == after_first
    assert (again.codings_added, again.codings_present) == (0, 3)
    assert again.codes_added == again.coders_added == again.sources_added == ()


def test_other_project_is_only_read(pair: tuple[Project, Project]) -> None:
    ann, bob = pair
    before = state(bob)
    bob.close()
    size = bob.path.stat().st_size
    merge(ann, bob.path)
    assert bob.path.stat().st_size == size
    assert not bob.path.with_name(f"{bob.path.name}.v1.bak").exists()
    from coder.services.project import open_project

    with open_project(bob.path) as reopened:
        assert state(reopened) == before


def test_new_source_is_added_with_its_codings(
    pair: tuple[Project, Project], tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    ann, bob = pair
    other = _with_text(bob, tmp_path / "bob-files", "second.txt", "A second interview about money.\n")
    start = "A second interview about money.\n".index("money")
    who = coders.ensure_coder(bob, "Bob")
    codings.add_coding(bob, other, _code_path(bob, "Economy", "Money"), who.id, start, start + 5)
    summary = merge(ann, bob.path)
    assert summary.sources_added == ("second.txt",)
    second = sources.find_source(ann, "second.txt")
    assert sources.source_text(ann, second.id)[start : start + 5] == "money"


def test_differing_text_under_the_same_name_is_refused(
    pair: tuple[Project, Project], tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    ann, _ = pair
    carl = new_project("carl")
    changed = _with_text(carl, tmp_path / "carl-files", "interview.txt", TEXT.replace("trust", "faith"))
    who = coders.ensure_coder(carl, "Carl")
    codings.add_coding(carl, changed, _code_path(carl, "Trust"), who.id, 0, 2)
    before = state(ann)
    with pytest.raises(
        Conflict, match=r"the text of 'interview\.txt' differs from the source of the same name"
    ):
        merge(ann, carl.path)
    assert state(ann) == before


def test_merge_accepts_a_qdpx(pair: tuple[Project, Project], tmp_path: Path) -> None:
    ann, bob = pair
    export_qdpx(bob, tmp_path / "bob.qdpx")
    summary = merge(ann, tmp_path / "bob.qdpx")
    assert (summary.codings_added, summary.codings_present) == (2, 1)
    assert merge(ann, tmp_path / "bob.qdpx").codings_added == 0


def test_merge_refuses_the_project_itself_and_other_files(
    pair: tuple[Project, Project], tmp_path: Path
) -> None:
    ann, _ = pair
    before = state(ann)
    with pytest.raises(CoderError, match="is this project itself"):
        merge(ann, ann.path)
    (tmp_path / "notes.txt").write_text("not a project", encoding="utf-8")
    with pytest.raises(CoderError, match="neither a coder project nor a .qdpx file"):
        merge(ann, tmp_path / "notes.txt")
    import sqlite3

    sqlite3.connect(tmp_path / "other.sqlite").execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(CoderError, match="a SQLite database of another program"):
        merge(ann, tmp_path / "other.sqlite")
    with pytest.raises(CoderError, match="does not exist"):
        merge(ann, tmp_path / "missing.coder")
    assert state(ann) == before
