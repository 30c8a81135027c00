"""Every coding as integer columns (what agreement reads), on both engines and in batches."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from coder.domain.model import CodingColumns
from coder.services import codebook, coders, codings, sources
from coder.services.project import Project
from coder.storage import coding_columns


def _as_rows(columns: CodingColumns) -> list[tuple[object, ...]]:
    """The columns back as (source id, coder id, code id, start, end[, memo]) rows, sorted."""
    numbers = (columns.source, columns.coder, columns.code, columns.start, columns.end)
    assert len({len(column) for column in numbers}) == 1
    assert all(column.dtype == np.int64 for column in numbers)
    rows = [
        (columns.source_ids[s], columns.coder_ids[r], columns.code_ids[k], a, b)
        for s, r, k, a, b in zip(*(column.tolist() for column in numbers), strict=True)
    ]
    if columns.memos is not None:
        return sorted((*row, memo) for row, memo in zip(rows, columns.memos, strict=True))
    return sorted(rows)


def _study(project: Project, folder: Path) -> None:
    """Three sources, three coders, four codes (one unused), and codings of every sort."""
    files = []
    for number in range(3):
        file = folder / f"s{number}.txt"
        file.write_text("abcdefghij" * (number + 2), encoding="utf-8")
        files.append(file)
    made = sources.import_files(project, files)
    keys = [codebook.add_code(project, f"K{n}").id for n in range(4)]
    who = [coders.ensure_coder(project, name).id for name in ("Ana", "Ben", "Cy")]
    for n in range(40):
        source = made[n % 3]
        start = n % 15
        codings.add_coding(
            project, source.id, keys[n % 3], who[n % 2 if n < 30 else 2], start, start + 1 + n % 5, f"m{n}"
        )


@pytest.mark.parametrize("with_memos", [False, True])
def test_columns_hold_every_coding_as_the_plain_rows_do(
    project: Project, tmp_path: Path, with_memos: bool
) -> None:
    _study(project, tmp_path)
    with project.read() as uow:
        columns = uow.codings.columns(with_memos=with_memos)
        memo = ", memo" if with_memos else ""
        plain = uow.sql.rows(f'SELECT source_id, coder_id, code_id, start, "end"{memo} FROM codings')
        assert set(columns.source_ids) == set(uow.sources.lengths())
        assert set(columns.coder_ids) == set(uow.coders.names())
    assert (columns.memos is not None) == with_memos
    assert len(columns.code_ids) == 4
    assert _as_rows(columns) == sorted(tuple(row) for row in plain)


def test_columns_of_a_project_without_codings(project: Project) -> None:
    with project.read() as uow:
        columns = uow.codings.columns()
    assert _as_rows(columns) == []
    assert columns.source_ids == columns.code_ids == ()  # a server project has its lead as a coder


def test_a_file_hands_over_its_codings_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coder.services.project import create_project

    with create_project(tmp_path / "batches.coder") as project:
        _study(project, tmp_path)
        with project.read() as uow:
            whole = _as_rows(uow.codings.columns())
        for size in (1, 7, 39, 40, 41):
            monkeypatch.setattr(coding_columns, "BATCH", size)
            with project.read() as uow:
                assert _as_rows(uow.codings.columns()) == whole
    assert len(whole) == 40


def test_positions_of_sparse_and_dense_rowids() -> None:
    values = np.array([5, 1, 10**12, 5], dtype=np.int64)
    sparse = coding_columns._positions([1, 5, 10**12], values)
    assert sparse.tolist() == [1, 0, 2, 1]
    assert sparse.dtype == np.int64
    dense = coding_columns._positions([-2, 3, 7], np.array([7, -2, 3], dtype=np.int64))
    assert dense.tolist() == [2, 0, 1]
    assert dense.dtype == np.int64


def test_a_coding_whose_code_is_gone_is_left_out_on_either_way_of_reading(tmp_path: Path) -> None:
    """A file written without the foreign keys (by another tool) may hold one; both ways agree."""
    import sqlite3

    from coder.services.project import create_project, open_project

    path = tmp_path / "orphan.coder"
    with create_project(path) as project:
        _study(project, tmp_path)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("PRAGMA foreign_keys = OFF")
        raw.execute(
            'INSERT INTO codings (id, source_id, code_id, coder_id, start, "end", created_at, changed_at) '
            "SELECT 'orphan', source_id, 'no such code', coder_id, 0, 1, created_at, changed_at "
            "FROM codings LIMIT 1"
        )
    raw.close()
    with open_project(path) as project, project.read() as uow:
        fast, plain = uow.codings.columns(), uow.codings.columns(with_memos=True)
        assert len(uow.codings.spans()) == 41
    assert len(fast.start) == len(plain.start) == 40
    assert [row[:5] for row in _as_rows(plain)] == _as_rows(fast)


@pytest.mark.parametrize(
    "table, rowid",
    [("codes", 2**62 + 5), ("coders", -7), ("sources", 10**6)],
    ids=["rowids too far apart to travel as one number", "a negative rowid", "sparse rowids"],
)
def test_any_rowids_of_sources_coders_and_codes(tmp_path: Path, table: str, rowid: int) -> None:
    import sqlite3

    from coder.services.project import create_project, open_project

    path = tmp_path / "rowids.coder"
    with create_project(path) as project:
        _study(project, tmp_path)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute(f"UPDATE {table} SET rowid = ? WHERE rowid = (SELECT max(rowid) FROM {table})", (rowid,))
    raw.close()
    with open_project(path) as project, project.read() as uow:
        fast, plain = uow.codings.columns(), uow.codings.columns(with_memos=True)
        stored = sorted(tuple(row) for row in uow.codings.spans())
    assert _as_rows(fast) == [row[:5] for row in _as_rows(plain)] == stored
    assert len(stored) == 40
