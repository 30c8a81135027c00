"""Opening, creating and migrating project files.

Every connection has foreign keys on and a WAL journal. Transactions are
explicit: :func:`transaction` is one ``BEGIN … COMMIT``, rolled back whole on
any error, so every user action is all or nothing.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from coder.domain.errors import CoderError, Conflict
from coder.storage.migrations import MIGRATIONS, SCHEMA_VERSION

APPLICATION_ID = 0x436F6472  # "Codr"
SQLITE_HEADER = b"SQLite format 3\x00"


class NotAProject(CoderError):
    """The path is not a coder project file."""


def _configure(engine: Engine) -> Engine:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA cache_size = -65536")  # 64 MiB: bulk inserts into large indexes
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False},
    )
    return _configure(engine)


def _read_header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except IsADirectoryError:
        raise NotAProject(f"{path} is a folder, not a coder project file") from None
    except OSError as exc:
        raise NotAProject(f"cannot read {path}: {exc.strerror}") from None


def _pragma(raw: sqlite3.Connection, name: str) -> int:
    return int(raw.execute(f"PRAGMA {name}").fetchone()[0])


def _migrate(raw: sqlite3.Connection, path: Path, version: int) -> None:
    if version > 0:
        backup = path.with_name(f"{path.name}.v{version}.bak")
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup)
    for number in range(version, SCHEMA_VERSION):
        script = MIGRATIONS[number]
        raw.executescript(
            "BEGIN IMMEDIATE;\n"
            + script
            + f"\nPRAGMA user_version = {number + 1};\nPRAGMA application_id = {APPLICATION_ID};\nCOMMIT;"
        )


def create(path: Path) -> Engine:
    """Make a new, empty project file at ``path``, which must not exist."""
    if path.exists():
        raise Conflict(f"{path} already exists; choose a new file name for the project")
    if not path.parent.is_dir():
        raise CoderError(f"the folder {path.parent} does not exist")
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        raw.execute("PRAGMA journal_mode = WAL")
        _migrate(raw, path, 0)
        stamp = datetime.now(UTC).isoformat()
        raw.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?)", (stamp,))
    except BaseException:
        raw.close()
        path.unlink(missing_ok=True)
        raise
    raw.close()
    return _engine(path)


def open_existing(path: Path) -> Engine:
    """Open a project file, refusing anything that is not one, and migrate it if old."""
    if not path.exists():
        raise NotAProject(f"there is no project at {path}; create one with 'coder init {path}'")
    if _read_header(path) != SQLITE_HEADER:
        raise NotAProject(f"{path} is not a coder project (it is not a SQLite database)")
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        try:
            app_id = _pragma(raw, "application_id")
            version = _pragma(raw, "user_version")
        except sqlite3.DatabaseError:
            raise NotAProject(f"{path} is not a coder project (the database cannot be read)") from None
        if app_id != APPLICATION_ID:
            raise NotAProject(f"{path} is a SQLite database of another program, not a coder project")
        if version > SCHEMA_VERSION:
            raise NotAProject(f"{path} was made by a newer version of coder; update coder to open it")
        raw.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            _migrate(raw, path, version)
    finally:
        raw.close()
    return _engine(path)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        with session.begin():
            yield session
