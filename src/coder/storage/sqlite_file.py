"""A project as one SQLite file: creating, checking, migrating, and its transactions.

Every connection has foreign keys on and a WAL journal (a bulk write alone in the file uses a
rollback journal while it runs). Reads begin a deferred transaction (a
snapshot that never waits for a writer); writes begin ``IMMEDIATE`` and queue for up to
:data:`WRITE_WAIT_SECONDS` behind another writer. After each write the WAL is checkpointed, so a
copy of the file alone holds every committed change.

A file is checked before anything in it runs: its header, application id, schema version and its
whole schema (tables, columns, indexes, triggers, views) must be what coder itself makes, so a
project received from someone else cannot carry triggers or views of its own.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from coder.domain.errors import CoderError, Conflict
from coder.storage.migrations import MIGRATIONS, SCHEMA_VERSION
from coder.storage.sql import Busy, Sql, StorageError, integrity_error

APPLICATION_ID = 0x436F6472  # "Codr"
SQLITE_HEADER = b"SQLite format 3\x00"
WRITE_WAIT_SECONDS = 60


class NotAProject(CoderError):
    """The path is not a coder project file (or not one this coder can open safely)."""


# --------------------------------------------------------------------------------------------- errors


def translate(error: BaseException, where: str) -> BaseException:
    """A driver error as one sentence naming the project and what to do."""
    if isinstance(error, CoderError):
        return error
    if not isinstance(error, sqlite3.Error):
        return error
    message = str(error)
    lowered = message.lower()
    if isinstance(error, sqlite3.IntegrityError):
        return integrity_error(message)
    if "locked" in lowered or "busy" in lowered:
        return Busy(
            f"the project {where} is busy with another change (another window or command is writing "
            "to it); try again in a moment"
        )
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return StorageError(f"the disk that holds {where} is full; free some space and try again")
    if "readonly" in lowered or "read-only" in lowered:
        return StorageError(
            f"{where} cannot be changed because the file or its folder is read-only; "
            "copy the project to a folder you can write to"
        )
    if "unable to open" in lowered:
        return StorageError(
            f"{where} cannot be opened; check that its folder exists and that you may write to it"
        )
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return StorageError(
            f"{where} is damaged and cannot be read; restore it from a backup copy "
            "(coder keeps NAME.coder.vN.bak when it upgrades a project)"
        )
    if "disk i/o" in lowered:
        return StorageError(f"the disk failed while coder used {where}; check the disk and try again")
    if "too big" in lowered or "string or blob" in lowered:
        return StorageError(f"a value is too large for {where}; nothing was changed")
    return StorageError(
        f"{where} could not do this change ({type(error).__name__}); it may be damaged or from "
        "another program"
    )


# --------------------------------------------------------------------------------------------- schema


def _normalised(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def schema_of(connection: sqlite3.Connection) -> set[tuple[str, str, str, str]]:
    """Every schema object as (type, name, table, SQL), SQLite's own bookkeeping left out."""
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {
        (kind, name, table, _normalised(sql))
        for kind, name, table, sql in rows
        if not name.startswith("sqlite_")
    }


@cache
def expected_schema(version: int) -> frozenset[tuple[str, str, str, str]]:
    """The schema coder makes at ``version``, built in memory from the migrations."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in MIGRATIONS[:version]:
            memory.executescript(script)
        return frozenset(schema_of(memory))
    finally:
        memory.close()


def _check_schema(raw: sqlite3.Connection, version: int, label: str) -> None:
    found = schema_of(raw)
    expected = expected_schema(version)
    extra = sorted(found - expected)
    missing = sorted(expected - found)
    if not extra and not missing:
        return
    if extra:
        kind, name = extra[0][0], extra[0][1]
        changed = any(item[0] == kind and item[1] == name for item in missing)
        what = f"a changed {kind} '{name}'" if changed else f"a {kind} '{name}' that coder does not make"
    else:
        what = f"no {missing[0][0]} '{missing[0][1]}'"
    raise NotAProject(
        f"{label} is not a project as coder makes them (it has {what}), so coder does not open it; "
        "ask its sender for a .qdpx export instead"
    )


def check_file(raw: sqlite3.Connection, label: str) -> int:
    """Identity, version and schema of an open file; returns its schema version."""
    try:
        app_id = raw.execute("PRAGMA application_id").fetchone()[0]
        version = raw.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise NotAProject(f"{label} is not a coder project (the database cannot be read)") from None
    if app_id != APPLICATION_ID:
        raise NotAProject(f"{label} is a SQLite database of another program, not a coder project")
    if version > SCHEMA_VERSION:
        raise NotAProject(f"{label} was made by a newer version of coder; update coder to open it")
    if version < 1:
        raise NotAProject(f"{label} is not a coder project (it has no schema version)")
    try:
        _check_schema(raw, version, label)
    except sqlite3.DatabaseError:
        raise NotAProject(f"{label} is damaged and cannot be read; restore it from a backup copy") from None
    return int(version)


def read_header(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise NotAProject(f"there is no project at {path}; create one with 'coder init {path}'") from None
    except OSError as exc:
        raise NotAProject(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise NotAProject(f"{path} is a folder, not a coder project file")
    if not stat.S_ISREG(mode):
        raise NotAProject(f"{path} is not a regular file, so it cannot be a coder project")
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotAProject(f"cannot read {path}: {exc.strerror}") from None


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file in any way (used for checks and foreign files)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)


# --------------------------------------------------------------------------------------------- files


def _migrate(raw: sqlite3.Connection, path: Path, version: int) -> None:
    if version > 0:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup)
    for number in range(version, SCHEMA_VERSION):
        raw.executescript(
            "BEGIN IMMEDIATE;\n"
            + MIGRATIONS[number]
            + f"\nPRAGMA user_version = {number + 1};\nPRAGMA application_id = {APPLICATION_ID};\nCOMMIT;"
        )


def create(path: Path) -> SqliteDatabase:
    """Make a new, empty project file at ``path``, which must not exist."""
    if path.exists() or path.is_symlink():
        raise Conflict(f"{path} already exists; choose a new file name for the project")
    if not path.parent.is_dir():
        raise CoderError(f"the folder {path.parent} does not exist")
    try:
        raw = sqlite3.connect(path, isolation_level=None)
    except sqlite3.Error as error:
        raise translate(error, str(path)) from None
    try:
        raw.execute("PRAGMA journal_mode = WAL")
        _migrate(raw, path, 0)
        stamp = datetime.now(UTC).isoformat()
        raw.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (stamp,))
    except BaseException as error:
        raw.close()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error):
            raise translate(error, str(path)) from None
        raise
    raw.close()
    return SqliteDatabase(path)


def _roll_back_stopped_write(path: Path) -> None:
    """Roll back what a stopped bulk write left (see :func:`_leave_wal`): the first read of a
    connection that may write does it; the read-only connection that checks the file could not."""
    if not Path(f"{path}-journal").exists():
        return
    try:
        raw = sqlite3.connect(path, isolation_level=None, timeout=1)  # a bulk write going on: busy
        try:
            raw.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            raw.close()
    except sqlite3.Error as error:
        raise translate(error, str(path)) from None


def open_existing(path: Path) -> SqliteDatabase:
    """Open a project file, refusing anything that is not one, and migrate it if old.

    Every check reads the file without changing it; only a file that passes is written to. The one
    exception is a bulk write that was stopped halfway (killed, or the power lost): its rollback
    journal puts the file back as it was before that write, as any SQLite program would.
    """
    if read_header(path) != SQLITE_HEADER:
        raise NotAProject(f"{path} is not a coder project (it is not a SQLite database)")
    _roll_back_stopped_write(path)
    try:
        checker = open_read_only(path)
    except sqlite3.Error:
        raise NotAProject(f"{path} cannot be opened as a coder project") from None
    try:
        version = check_file(checker, str(path))
        wal = checker.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    except sqlite3.Error as error:
        raise translate(error, str(path)) from None
    finally:
        checker.close()
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StorageError(
            f"{path} cannot be changed because the file or its folder is read-only; "
            "copy the project to a folder you can write to"
        )
    try:
        raw = sqlite3.connect(path, isolation_level=None)
        try:
            if not wal:
                raw.execute("PRAGMA journal_mode = WAL")
            if version < SCHEMA_VERSION:
                _migrate(raw, path, version)
        finally:
            raw.close()
    except sqlite3.Error as error:
        raise translate(error, str(path)) from None
    return SqliteDatabase(path)


def _leave_wal(connection: sqlite3.Connection) -> bool:
    """For one bulk write, a rollback journal instead of the WAL, if no other connection has the file
    open; whether it was switched.

    With the WAL, every page of a bulk write is written twice (to the log, then copied into the
    file); with a rollback journal, pages added at the end of the file are written once and only
    the few pages changed in place are journalled. A kill before the commit leaves a journal that
    rolls the write back when the file is next opened (:func:`open_existing`).
    """
    try:
        return connection.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    except sqlite3.Error:
        return False  # another connection has the file open (it answers at once): keep the WAL


def _return_to_wal(connection: sqlite3.Connection) -> None:
    """Back to the WAL after :func:`_leave_wal`. Should another program have begun reading the file
    meanwhile, it stays as it is after a short wait: the write is done, and the next opening of the
    project turns the WAL on again."""
    try:
        connection.execute("PRAGMA busy_timeout = 2000")
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_SECONDS * 1000}")
    except sqlite3.Error:
        pass


class SqliteDatabase:
    """Connections to one project file: one per thread, closed together."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.location = str(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            if self._closed:
                raise StorageError(f"the project {self.path} has been closed")
            try:
                connection = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=WRITE_WAIT_SECONDS
                )
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_SECONDS * 1000}")
                connection.execute("PRAGMA cache_size = -65536")  # 64 MiB: bulk inserts into large indexes
            except sqlite3.Error as error:
                raise translate(error, str(self.path)) from None
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self, write: bool, bulk: bool = False) -> Iterator[Sql]:
        """One transaction on this thread's connection.

        ``bulk`` (a write of a great many rows): the foreign keys are not looked up row by row while it
        runs; :class:`Sql` says so, and the repositories check such a batch's references at once.
        """
        connection = self._connection()
        bulk = bulk and write
        where = str(self.path)
        rollback_journal = False
        try:
            if bulk:
                connection.execute("PRAGMA foreign_keys = OFF")  # only takes effect outside a transaction
                rollback_journal = _leave_wal(connection)
            with self._transaction(connection, write) as cursor:
                yield Sql(cursor, self.dialect, where, translate, references_enforced=not bulk)
        finally:
            if bulk:
                try:
                    connection.execute("PRAGMA foreign_keys = ON")
                except sqlite3.Error as error:
                    self._local.connection = None  # never used again without its foreign keys
                    connection.close()
                    raise translate(error, where) from None
                if rollback_journal:
                    _return_to_wal(connection)
        if write:
            try:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass  # the change is committed; a later checkpoint copies it into the file

    @contextmanager
    def _transaction(self, connection: sqlite3.Connection, write: bool) -> Iterator[sqlite3.Cursor]:
        where = str(self.path)
        cursor = connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as error:
            raise translate(error, where) from None
        try:
            yield cursor
        except BaseException:
            if connection.in_transaction:
                connection.rollback()
            raise
        try:
            connection.commit()
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.rollback()
            raise translate(error, where) from None

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the whole project (SQLite's online backup), even while it is in use."""
        try:
            destination = sqlite3.connect(target, isolation_level=None)
        except sqlite3.Error as error:
            raise translate(error, str(target)) from None
        try:
            self._connection().backup(destination)
            destination.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as error:
            raise translate(error, str(target)) from None
        finally:
            destination.close()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            try:
                connection.close()
            except sqlite3.Error:
                pass
        self._local = threading.local()
