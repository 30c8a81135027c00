"""A bulk write uses a rollback journal while it runs (pages written once, not twice through the WAL),
only when nothing else has the file open, and leaves the project in WAL mode; a bulk write that is
killed halfway is rolled back when the project is next opened."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from bulk_support import coding_batch

from coder.domain.errors import InvalidInput
from coder.services import codings
from coder.services.project import open_project
from coder.storage import sqlite_file
from coder.storage.sql import Busy


def _journal_mode(path: Path) -> str:
    raw = sqlite3.connect(path)
    try:
        return str(raw.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        raw.close()


def test_a_bulk_write_runs_with_a_rollback_journal_and_ends_in_wal_mode(project_path: Path) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, 50)
    with project.write(bulk=True) as uow:
        assert uow.sql.value("PRAGMA journal_mode") == "delete"
        uow.codings.insert(batch, listed=False)
    with project.read() as uow:
        assert uow.sql.value("PRAGMA journal_mode") == "wal"
    assert len(codings.list_codings(project)) == 50
    project.close()
    assert _journal_mode(project_path) == "wal"
    assert not Path(f"{project_path}-journal").exists()


def test_a_refused_bulk_write_also_ends_in_wal_mode(project_path: Path) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, 50, last_end=5000)  # past the end of the text
    with pytest.raises(InvalidInput, match="past the end"):
        with project.write(bulk=True) as uow:
            uow.codings.insert(batch, listed=False)
    assert codings.list_codings(project) == []
    project.close()
    assert _journal_mode(project_path) == "wal"


def test_a_bulk_write_keeps_the_wal_while_another_connection_has_the_file_open(project_path: Path) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, 50)
    other = sqlite3.connect(project_path)  # as another window of coder would
    try:
        assert other.execute("SELECT count(*) FROM codings").fetchone() == (0,)
        with project.write(bulk=True) as uow:
            assert uow.sql.value("PRAGMA journal_mode") == "wal"
            uow.codings.insert(batch, listed=False)
        assert other.execute("SELECT count(*) FROM codings").fetchone() == (50,)
    finally:
        other.close()
    project.close()
    assert _journal_mode(project_path) == "wal"


KILLED_HALFWAY = """
    import os, sys
    from coder.domain.model import Coding, new_ids
    from coder.services.project import open_project
    project = open_project(sys.argv[1])
    source_id, code_id, coder_id = sys.argv[2:5]
    with project.write(bulk=True) as uow:
        uow.sql.run("PRAGMA cache_size = 10")  # a small cache: pages spill into the file itself
        rows = [Coding(id=i, source_id=source_id, code_id=code_id, coder_id=coder_id, start=0, end=5,
                       memo="m" * 200) for i in new_ids(20_000)]
        uow.codings.insert(rows, listed=False)
        os._exit(9)  # as a kill: no commit, no rollback, no clean-up
"""


def test_a_bulk_write_killed_halfway_is_rolled_back_when_the_project_opens(project_path: Path) -> None:
    project = open_project(project_path)
    (kept,) = coding_batch(project, 1)
    with project.write() as uow:
        uow.codings.insert([kept], listed=False)
    project.close()
    size_before = project_path.stat().st_size

    ran = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(KILLED_HALFWAY),
            str(project_path),
            kept.source_id,
            kept.code_id,
            kept.coder_id,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 9, ran.stderr
    assert Path(f"{project_path}-journal").exists()  # the write was stopped with its journal left
    assert project_path.stat().st_size > size_before  # and pages of it already in the file

    reopened = open_project(project_path)
    assert codings.list_codings(reopened) == [kept]
    with reopened.read() as uow:
        assert uow.sql.value("PRAGMA integrity_check") == "ok"
    reopened.close()
    assert _journal_mode(project_path) == "wal"


@pytest.mark.parametrize("spilled", [False, True])
def test_opening_the_project_during_a_bulk_write_says_it_is_busy(project_path: Path, spilled: bool) -> None:
    project = open_project(project_path)
    batch = coding_batch(project, 5000)
    with project.write(bulk=True) as uow:
        if spilled:
            uow.sql.run("PRAGMA cache_size = 10")  # pages already written into the file
        uow.codings.insert(batch, listed=False)
        started = time.monotonic()
        with pytest.raises(Busy, match="busy with another change"):
            open_project(project_path)
        assert time.monotonic() - started < 15
    again = open_project(project_path)  # once the write is done
    assert len(codings.list_codings(again)) == 5000
    again.close()
    project.close()


def test_a_reader_holding_the_file_through_a_bulk_commit_makes_it_busy_and_nothing_is_stored(
    project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_file, "WRITE_WAIT_SECONDS", 1)  # the commit waits this long for readers
    project = open_project(project_path)
    batch = coding_batch(project, 50)
    reader = sqlite3.connect(project_path, isolation_level=None)  # another program, not coder
    try:
        with pytest.raises(Busy, match="busy with another change"):
            with project.write(bulk=True) as uow:
                uow.codings.insert(batch, listed=False)
                reader.execute("BEGIN")
                assert reader.execute("SELECT count(*) FROM codings").fetchone() == (0,)
        assert reader.execute("SELECT count(*) FROM codings").fetchone() == (0,)
        reader.execute("COMMIT")
    finally:
        reader.close()
    assert codings.list_codings(project) == []
    project.close()
    again = open_project(project_path)  # the reader kept the file from going back to WAL until now
    assert codings.list_codings(again) == []
    again.close()
    assert _journal_mode(project_path) == "wal"


def test_a_reader_keeping_the_file_from_its_wal_after_a_bulk_write_is_waited_for_briefly(
    project_path: Path,
) -> None:
    writer = sqlite3.connect(project_path, isolation_level=None)
    writer.execute(f"PRAGMA busy_timeout = {sqlite_file.WRITE_WAIT_SECONDS * 1000}")
    assert writer.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    reader = sqlite3.connect(project_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM codings").fetchone()
    started = time.monotonic()
    sqlite_file._return_to_wal(writer)  # no error: the write before it is done
    assert time.monotonic() - started < 10
    assert writer.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert writer.execute("PRAGMA busy_timeout").fetchone() == (sqlite_file.WRITE_WAIT_SECONDS * 1000,)
    reader.execute("COMMIT")
    reader.close()
    writer.close()
    open_project(project_path).close()  # the next opening turns the WAL on again
    assert _journal_mode(project_path) == "wal"
