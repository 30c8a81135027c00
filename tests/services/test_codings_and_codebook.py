"""Coding and codebook services: the operations the app and undo rely on, on both engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.domain.errors import InvalidInput, NotFound
from coder.domain.model import CodeSpec
from coder.services import codebook, coders, codings, sources
from coder.services.project import Project


@pytest.fixture
def project(project: Project, tmp_path: Path) -> Project:
    """The conftest's empty project (a file, and a server database) with one source."""
    file = tmp_path / "s.txt"
    file.write_text("Moscow 😀 and Beijing 北京 agree.", encoding="utf-8")
    sources.import_files(project, [file])
    return project


def _ids(project: Project) -> tuple[str, str]:
    source = sources.list_sources(project)[0]
    coder = coders.ensure_coder(project, "Ana")
    return source.id, coder.id


def test_offsets_are_code_points(project: Project) -> None:
    source_id, coder_id = _ids(project)
    code = codebook.add_code(project, "Trust")
    text = sources.source_text(project, source_id)
    start = text.index("Beijing")
    coding = codings.add_coding(project, source_id, code.id, coder_id, start, start + len("Beijing 北京"))
    stored = codings.list_codings(project, source_id=source_id)[0]
    assert text[stored.start : stored.end] == "Beijing 北京"
    assert stored.id == coding.id


@pytest.mark.parametrize("start, end, message", [(5, 5, "not before"), (-1, 3, "negative"), (0, 999, "past")])
def test_bad_spans_are_refused(project: Project, start: int, end: int, message: str) -> None:
    source_id, coder_id = _ids(project)
    code = codebook.add_code(project, "K")
    with pytest.raises(InvalidInput, match=message):
        codings.add_coding(project, source_id, code.id, coder_id, start, end)
    assert codings.list_codings(project) == []


def test_remove_and_restore_is_exact(project: Project) -> None:
    source_id, coder_id = _ids(project)
    code = codebook.add_code(project, "K")
    made = codings.add_coding(project, source_id, code.id, coder_id, 0, 6, memo="first")
    removed = codings.remove_codings(project, [made.id])
    assert removed == [made]
    assert codings.list_codings(project) == []
    codings.restore_codings(project, removed)
    assert codings.list_codings(project) == [made]


def test_update_coding_and_put_back(project: Project) -> None:
    source_id, coder_id = _ids(project)
    a = codebook.add_code(project, "A")
    b = codebook.add_code(project, "B")
    made = codings.add_coding(project, source_id, a.id, coder_id, 0, 6)
    before = codings.update_coding(project, made.id, code_id=b.id, memo="now B")
    changed = codings.list_codings(project)[0]
    assert (changed.code_id, changed.memo) == (b.id, "now B")
    codings.put_back(project, before)
    assert codings.list_codings(project)[0] == made


def test_delete_code_with_children_and_codings_then_restore(project: Project) -> None:
    source_id, coder_id = _ids(project)
    parent = codebook.add_code(project, "Parent")
    child = codebook.add_code(project, "Child", parent_id=parent.id)
    kept = codebook.add_code(project, "Kept")
    c1 = codings.add_coding(project, source_id, child.id, coder_id, 0, 3)
    c2 = codings.add_coding(project, source_id, parent.id, coder_id, 1, 4)
    c3 = codings.add_coding(project, source_id, kept.id, coder_id, 2, 5)
    removed = codebook.delete_code(project, parent.id)
    assert {c.id for c in removed.codings} == {c1.id, c2.id}
    assert [c.name for c in codebook.get_codebook(project).codes] == ["Kept"]
    assert [c.id for c in codings.list_codings(project)] == [c3.id]
    codebook.restore_codes(project, removed)
    book = codebook.get_codebook(project)
    assert book.path_text(child.id) == "Parent/Child"
    assert {c.id for c in codings.list_codings(project)} == {c1.id, c2.id, c3.id}


def test_merge_and_unmerge(project: Project) -> None:
    source_id, coder_id = _ids(project)
    a = codebook.add_code(project, "A")
    b = codebook.add_code(project, "B")
    made = codings.add_coding(project, source_id, a.id, coder_id, 0, 3)
    removed = codebook.merge_code(project, a.id, b.id)
    assert [c.code_id for c in codings.list_codings(project)] == [b.id]
    assert a.id not in codebook.get_codebook(project).by_id
    codebook.unmerge_code(project, removed)
    assert codings.list_codings(project) == [made]


def test_move_refuses_cycles(project: Project) -> None:
    from dataclasses import replace

    parent = codebook.add_code(project, "P")
    child = codebook.add_code(project, "C", parent_id=parent.id)
    with pytest.raises(InvalidInput, match="inside itself"):
        codebook.update_code(project, replace(parent, parent_id=child.id))
    moved = replace(child, parent_id=None)
    codebook.update_code(project, moved)
    assert codebook.get_codebook(project).path_text(child.id) == "C"


def test_load_specs_updates_same_paths_adds_new_removes_none(project: Project) -> None:
    first = [CodeSpec(("G",), "#aabbcc", "group"), CodeSpec(("G", "K"), None, "old", example="kept")]
    codebook.load_specs(project, first)
    extra = codebook.add_code(project, "Mine")
    summary = codebook.load_specs(project, [CodeSpec(("G", "K"), "#112233", "new"), CodeSpec(("H",))])
    book = codebook.get_codebook(project)
    assert (summary.added, summary.updated) == (1, 1)
    k = book.by_path(("G", "K"))
    assert k is not None and (k.definition, k.colour, k.example) == ("new", "#112233", "kept")
    assert extra.id in book.by_id and book.by_path(("G",)) is not None


def test_resolve_ambiguous_name_asks_for_path(project: Project) -> None:
    codebook.load_specs(
        project, [CodeSpec(("A",)), CodeSpec(("A", "X")), CodeSpec(("B",)), CodeSpec(("B", "X"))]
    )
    book = codebook.get_codebook(project)
    with pytest.raises(InvalidInput, match="ambiguous"):
        book.resolve("X")
    assert book.path_text(book.resolve("B/X").id) == "B/X"
    with pytest.raises(NotFound):
        book.resolve("Nope")
