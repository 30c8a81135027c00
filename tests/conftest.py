"""Shared test set-up: headless Qt, and paths to the optional study material."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pg_server import PgServer, start_server

if TYPE_CHECKING:
    from coder.services.project import Project

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user data folder or CODER_PROJECT."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CODER_PROJECT", raising=False)


def table_snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a project file, for 'the project is unchanged' checks."""
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {
            name: sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in tables
        }
    finally:
        connection.close()


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A new, empty project file."""
    from coder.services.project import create_project

    path = tmp_path / "study.coder"
    create_project(path).close()
    return path


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, list[tuple[object, ...]]]]:
    """``snapshot(path)``: every row of a project file, to prove a failure changed nothing."""
    return table_snapshot


# ------------------------------------------------------------------------------------ server projects

NO_SERVER = (
    "no PostgreSQL server programs (initdb, pg_ctl) on PATH or in /usr/lib/postgresql/*/bin; "
    "install Debian's 'postgresql' package to run the server tests"
)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL server for the whole run (Unix socket only, in a temporary folder)."""
    server = start_server()
    if server is None:
        pytest.skip(NO_SERVER)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server_url(pg_server: PgServer) -> str:
    """The URL of a fresh, empty database on the test server (no project in it yet)."""
    return pg_server.url(pg_server.new_database())


@pytest.fixture(params=["file", "server"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a new project goes, on each engine: a file path, or an empty server database."""
    if request.param == "file":
        return tmp_path / "study.coder"
    return str(request.getfixturevalue("server_url"))


@pytest.fixture(scope="session")
def _reused_server_project(pg_server: PgServer) -> str:
    """One server project that the ``project`` fixture empties after each test (faster than a new one)."""
    from coder.services.project import create_project

    url = pg_server.url(pg_server.new_database("shared"))
    create_project(url).close()
    return url


def _emptied(url: str) -> None:
    import psycopg

    from coder.storage import postgres_db

    with psycopg.connect(url, autocommit=True) as connection:
        with connection.transaction():
            for table in ("decisions", "consensus", "source_values", "attributes", "memos", "codings"):
                connection.execute(f"DELETE FROM {table}")  # type: ignore[arg-type]
            for table in ("team", "coders", "codes", "sources", "meta"):
                connection.execute(f"DELETE FROM {table}")  # type: ignore[arg-type]
            connection.execute("INSERT INTO meta (key, value) VALUES ('created_at', '2026-01-01T00:00:00')")
            postgres_db.add_lead(connection, url)


@pytest.fixture(params=["file", "server"])
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Project]:
    """A new, empty project, once as a file and once on the server."""
    from coder.services.project import create_project, open_project

    url = None
    if request.param == "file":
        opened = create_project(tmp_path / "study.coder")
    else:
        url = request.getfixturevalue("_reused_server_project")
        opened = open_project(url)
    try:
        yield opened
    finally:
        opened.close()
        if url is not None:
            _emptied(url)


def project_rows(project: Project) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every project table, read through the project (either engine)."""
    tables = ("meta", "sources", "codes", "coders", "codings", "memos", "attributes", "source_values")
    with project.read() as uow:
        return {
            table: sorted((tuple(row) for row in uow.sql.rows(f"SELECT * FROM {table}")), key=repr)
            for table in (*tables, "consensus", "decisions")
        }


@pytest.fixture
def project_snapshot() -> Callable[[Project], dict[str, list[tuple[object, ...]]]]:
    """``project_snapshot(project)``: every row of a project on either engine, to prove nothing changed."""
    return project_rows
