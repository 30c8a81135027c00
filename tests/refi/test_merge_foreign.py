"""A foreign project is data: checked row by row, ids kept, nothing dropped, nothing half-merged."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from coder.domain.errors import CoderError
from coder.services import codebook, coders, codings, sources
from coder.services.exchange import export_qdpx, import_qdpx, merge
from coder.services.project import Project

TEXT = "We spoke about money, then about trust.\n"


def _other(new_project: Callable[[str], Project], folder: Path) -> tuple[Project, str, str, str]:
    other = new_project("other")
    folder.mkdir(exist_ok=True)
    (folder / "interview.txt").write_text(TEXT, encoding="utf-8")
    [info] = sources.import_files(other, [folder / "interview.txt"])
    code = codebook.add_code(other, "Money")
    coder = coders.ensure_coder(other, "Bob")
    return other, info.id, code.id, coder.id


def test_repeated_codings_in_a_file_are_all_kept_with_their_memos(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    other, source_id, code_id, coder_id = _other(new_project, tmp_path / "files")
    codings.add_coding(other, source_id, code_id, coder_id, 15, 20, memo="first reading")
    codings.add_coding(other, source_id, code_id, coder_id, 15, 20, memo="first reading")
    codings.add_coding(other, source_id, code_id, coder_id, 15, 20, memo="a second thought")
    mine = new_project("mine")
    summary = merge(mine, other.path)
    assert summary.codings_added == 3 and summary.codings_present == 0
    assert sorted(c.memo for c in codings.list_codings(mine)) == [
        "a second thought",
        "first reading",
        "first reading",
    ]
    again = merge(mine, other.path)
    assert again.codings_added == 0 and again.codings_present == 3
    qdpx = tmp_path / "other.qdpx"
    export_qdpx(other, qdpx)
    fresh = new_project("fresh")
    assert import_qdpx(fresh, qdpx).codings_added == 3


def test_merging_keeps_every_id_of_the_file(tmp_path: Path, new_project: Callable[[str], Project]) -> None:
    other, source_id, code_id, coder_id = _other(new_project, tmp_path / "files")
    made = codings.add_coding(other, source_id, code_id, coder_id, 15, 20)
    mine = new_project("mine")
    merge(mine, other.path)
    assert [s.id for s in sources.list_sources(mine)] == [source_id]
    assert list(codebook.get_codebook(mine).by_id) == [code_id]
    assert [c.id for c in coders.list_coders(mine)] == [coder_id]
    assert [c.id for c in codings.list_codings(mine)] == [made.id]


def test_qdpx_import_keeps_the_guids(tmp_path: Path, new_project: Callable[[str], Project]) -> None:
    other, source_id, code_id, coder_id = _other(new_project, tmp_path / "files")
    made = codings.add_coding(other, source_id, code_id, coder_id, 15, 20)
    qdpx = tmp_path / "other.qdpx"
    export_qdpx(other, qdpx)
    mine = new_project("mine")
    import_qdpx(mine, qdpx)
    assert list(codebook.get_codebook(mine).by_id) == [code_id]
    assert [c.id for c in codings.list_codings(mine)] == [made.id]


def test_codebook_load_keeps_valid_unused_guids(project_path: Path, tmp_path: Path) -> None:
    from coder.services.codebook_files import read_codebook_file
    from coder.services.project import open_project

    guid = "0b5c1ae0-9f1b-4e55-8e1c-3a2d1f4e5b6c"
    (tmp_path / "book.yaml").write_text(
        f"codes:\n  - name: Kept\n    guid: {guid.upper()}\n", encoding="utf-8"
    )
    (tmp_path / "later.yaml").write_text(f"codes:\n  - name: Later\n    guid: {guid}\n", encoding="utf-8")
    project = open_project(project_path)
    codebook.load_specs(project, read_codebook_file(tmp_path / "book.yaml"))
    codebook.load_specs(project, read_codebook_file(tmp_path / "later.yaml"))  # its guid is taken now
    book = codebook.get_codebook(project)
    assert book.by_id[guid].name == "Kept"
    later = book.by_path(("Later",))
    assert later is not None and later.id != guid
    project.close()


def _tamper(path: Path, *statements: str) -> None:
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = OFF")
    for statement in statements:
        raw.execute(statement)
    raw.commit()
    raw.close()


@pytest.mark.parametrize(
    "statements, expected",
    [
        (["UPDATE codings SET start = 15.5"], "not whole numbers"),
        (["UPDATE sources SET page_starts = '{\"a\": 1}'"], "values coder cannot read"),
        (["UPDATE sources SET page_starts = '[0, 500]'"], "page starts"),
        (["UPDATE sources SET page_starts = '[0.5]'"], "page starts"),
        (["UPDATE codes SET name = 'Money/Power'"], "contains '/'"),
        (["UPDATE coders SET name = 'Bob' || char(10) || 'evil'"], "line break"),
        (["UPDATE codings SET created_at = 'yesterday'"], "values coder cannot read"),
        (["UPDATE codings SET coder_id = 'nobody'"], "does not hold"),
        (["UPDATE codes SET parent_id = id"], "its own ancestor"),
    ],
)
def test_a_foreign_file_with_bad_rows_is_refused_and_nothing_changes(
    tmp_path: Path,
    new_project: Callable[[str], Project],
    snapshot: Callable[[Path], object],
    statements: list[str],
    expected: str,
) -> None:
    other, source_id, code_id, coder_id = _other(new_project, tmp_path / "files")
    codings.add_coding(other, source_id, code_id, coder_id, 15, 20)
    other.close()
    assert other.path is not None
    _tamper(other.path, *statements)
    mine = new_project("mine")
    assert mine.path is not None
    before = snapshot(mine.path)
    with pytest.raises(CoderError, match=expected) as refused:
        merge(mine, other.path)
    assert "\n" not in str(refused.value)
    assert snapshot(mine.path) == before


def test_a_foreign_source_without_text_is_refused(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    other, *_ = _other(new_project, tmp_path / "files")
    other.close()
    assert other.path is not None
    raw = sqlite3.connect(other.path)
    raw.execute("DROP TRIGGER sources_text_is_immutable")
    raw.execute("UPDATE sources SET text = '', characters = 0")
    raw.execute(
        "CREATE TRIGGER sources_text_is_immutable BEFORE UPDATE OF text, characters, sha256 ON sources\n"
        "BEGIN\n    SELECT RAISE(ABORT, 'the text of a source never changes after import');\nEND"
    )
    raw.commit()
    raw.close()
    mine = new_project("mine")
    with pytest.raises(CoderError, match="has no text"):
        merge(mine, other.path)
    assert sources.list_sources(mine) == []


def test_a_foreign_file_with_a_trigger_of_its_own_is_refused(
    tmp_path: Path, new_project: Callable[[str], Project]
) -> None:
    other, *_ = _other(new_project, tmp_path / "files")
    other.close()
    assert other.path is not None
    _tamper(other.path, "CREATE TRIGGER wipe AFTER INSERT ON codes BEGIN DELETE FROM codings; END")
    mine = new_project("mine")
    with pytest.raises(CoderError, match="trigger 'wipe'"):
        merge(mine, other.path)
