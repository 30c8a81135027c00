"""Bulk inserts of codings: large batches rebuild the indexes, and a failure changes nothing."""

from __future__ import annotations

import sqlite3
from contextlib import nullcontext
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bulk_support import coding_batch

from coder.domain.errors import InvalidInput, NotFound
from coder.services import codings
from coder.services.project import open_project
from coder.storage import rows
from coder.storage.repo_codings import REBUILD_AT


def _index_sql(path: Path) -> list[tuple[str, str]]:
    """The indexes and triggers of the codings table (a large batch sets some aside for a while)."""
    raw = sqlite3.connect(path)
    try:
        return sorted(
            raw.execute(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') "
                "AND tbl_name = 'codings' AND sql IS NOT NULL"
            ).fetchall()
        )
    finally:
        raw.close()


def test_a_large_batch_keeps_every_index(project_path: Path) -> None:
    before = _index_sql(project_path)
    assert [name for name, _ in before] == [
        "codings_within_text_insert",
        "codings_within_text_update",
        "ix_codings_code",
        "ix_codings_coder",
        "ix_codings_source",
    ]
    project = open_project(project_path)
    batch = coding_batch(project, REBUILD_AT + 10)
    with project.write() as uow:
        uow.codings.insert(batch, listed=False)
    assert len(codings.list_codings(project)) == REBUILD_AT + 10
    project.close()
    assert _index_sql(project_path) == before
    raw = sqlite3.connect(project_path)
    plan = " ".join(
        str(r) for r in raw.execute("EXPLAIN QUERY PLAN SELECT * FROM codings WHERE code_id = 'x'")
    )
    raw.close()
    assert "ix_codings_code" in plan


def test_a_failing_large_batch_leaves_rows_and_indexes_as_they_were(project_path: Path) -> None:
    before = _index_sql(project_path)
    project = open_project(project_path)
    batch = coding_batch(project, REBUILD_AT + 10, last_end=5000)  # the last coding ends past the text
    with pytest.raises(InvalidInput, match="past the end"):
        with project.write() as uow:
            uow.codings.insert(batch, listed=False)
    assert codings.list_codings(project) == []
    project.close()
    assert _index_sql(project_path) == before
    open_project(project_path).close()  # the schema is whole again: coder opens it


@pytest.mark.parametrize("bulk", [False, True])
@pytest.mark.parametrize("size", [3, REBUILD_AT + 10])
@pytest.mark.parametrize("field", ["source_id", "code_id", "coder_id"])
def test_a_batch_that_names_a_missing_item_is_refused_whole(
    project_path: Path, field: str, size: int, bulk: bool
) -> None:
    before = _index_sql(project_path)
    project = open_project(project_path)
    batch = coding_batch(project, size)
    batch[size // 2] = replace(batch[size // 2], **{field: "gone"})
    with pytest.raises(NotFound, match="no longer in the project"):
        with project.write(bulk=bulk) as uow:
            uow.codings.insert(batch, listed=False)
    assert codings.list_codings(project) == []
    project.close()
    assert _index_sql(project_path) == before


def test_a_large_batch_is_checked_against_its_texts_like_single_codings(project_path: Path) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, REBUILD_AT + 10)
    with project.write() as uow:
        uow.codings.insert(batch, listed=False)
    raw = sqlite3.connect(project_path)
    raw.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError, match="past the end"):  # the trigger is back at work
        raw.execute(
            'INSERT INTO codings (id, source_id, code_id, coder_id, start, "end", memo, created_at, '
            "changed_at) VALUES ('late', ?, ?, ?, 0, 5000, '', 'x', 'x')",
            (batch[0].source_id, batch[0].code_id, batch[0].coder_id),
        )
    raw.close()
    project.close()


@pytest.mark.parametrize("size", [3, REBUILD_AT + 10])
def test_a_bulk_write_refuses_codings_past_their_text(project_path: Path, size: int) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, size, last_end=5000)
    with pytest.raises(InvalidInput, match="past the end"):
        with project.write(bulk=True) as uow:
            uow.codings.insert(batch, listed=False)
    assert codings.list_codings(project) == []


def test_after_a_bulk_write_every_row_is_checked_again(project_path: Path) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, 3)
    with project.write(bulk=True) as uow:
        assert not uow.sql.references_enforced
        uow.codings.insert(batch[:1], listed=False)
    with project.write() as uow:
        assert uow.sql.references_enforced
        with pytest.raises(NotFound, match="no longer in the project"):  # the engine's own check
            uow.sql.many(rows.CODING_INSERT, [rows.coding_values(replace(batch[1], code_id="gone"))])
    assert len(codings.list_codings(project)) == 1


@pytest.mark.parametrize("memo", ["", "same for all", "it's 'quoted'; DROP TABLE codings; --", "line\nbreak"])
def test_a_large_batch_stores_every_value_as_given(project_path: Path, memo: str) -> None:
    project = open_project(project_path)
    batch = [replace(coding, memo=memo) for coding in coding_batch(project, REBUILD_AT + 10)]
    batch[7] = replace(batch[7], memo="one of its own", provenance="import 'x'")
    with project.write() as uow:
        uow.codings.insert(batch, listed=False)
    stored = {coding.id: coding for coding in codings.list_codings(project)}
    assert stored == {coding.id: coding for coding in batch}


@pytest.mark.parametrize("size", [3, REBUILD_AT + 10])
def test_rows_made_at_one_moment_store_that_moment_and_no_provenance(project_path: Path, size: int) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, size)
    stamp = rows.stamp_text(datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC))
    with project.write(bulk=True) as uow:
        uow.codings.insert_rows(
            [
                (c.id, c.source_id, c.code_id, c.coder_id, c.start, c.end, f"memo {n}")
                for n, c in enumerate(batch)
            ],
            made_at=stamp,
        )
    stored = {coding.id: coding for coding in codings.list_codings(project)}
    expected_time = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    assert stored == {
        c.id: replace(c, memo=f"memo {n}", created_at=expected_time, changed_at=expected_time, provenance="")
        for n, c in enumerate(batch)
    }


@pytest.mark.parametrize(
    "stamp", ["2026-03-04 05:06:07", "2026-03-04 05:06:07.890123', 'x'); DROP TABLE codings; --"]
)
def test_rows_made_at_refuse_anything_but_a_stored_timestamp(project_path: Path, stamp: str) -> None:
    project = open_project(project_path)
    (coding,) = coding_batch(project, 1)
    with pytest.raises(ValueError, match="not a stored timestamp"):
        with project.write() as uow:
            uow.codings.insert_rows(
                [(coding.id, coding.source_id, coding.code_id, coding.coder_id, 0, 5, "")], made_at=stamp
            )
    assert codings.list_codings(project) == []


def _sorting_settings(project) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with project.write() as uow:
        sql = uow.codings.sql
        return sql.value("PRAGMA cache_size"), sql.value("PRAGMA threads")


@pytest.mark.parametrize("fails", [False, True])
def test_a_large_batch_gives_the_connection_back_with_its_own_cache(project_path: Path, fails: bool) -> None:
    """The rebuild sorts with a small cache and two threads, then the connection's settings return
    (its 64 MiB cache serves later inserts into large indexes), whether the batch went in or not."""
    project = open_project(project_path)
    before = _sorting_settings(project)
    assert before[0] == -65536
    seen: list[tuple[int, int]] = []
    batch = coding_batch(project, REBUILD_AT + 10)
    with pytest.raises(InvalidInput) if fails else nullcontext():
        with project.write() as uow:
            sql = uow.codings.sql
            many = sql.many

            def watching(statement, values):  # type: ignore[no-untyped-def]
                seen.append((sql.value("PRAGMA cache_size"), sql.value("PRAGMA threads")))
                if fails:
                    raise InvalidInput("the disk is full")
                return many(statement, values)

            sql.many = watching  # type: ignore[method-assign]
            try:
                uow.codings.insert(batch, listed=False)
            finally:
                del sql.many
    assert seen == [(-2048, 2)]
    assert _sorting_settings(project) == before
    assert len(codings.list_codings(project)) == (0 if fails else REBUILD_AT + 10)
    project.close()
