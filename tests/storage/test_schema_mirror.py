"""Both engines hold the same tables and columns, and a copy moves every one of them.

A column added to one schema and forgotten in the other (or in the copy's column lists) would make
``coder copy`` drop data silently; these tests fail the moment the three disagree.
"""

from __future__ import annotations

import sqlite3

from coder.services.project import create_project
from coder.storage.migrations import MIGRATIONS
from coder.storage.repo_tables import COLUMNS


def _file_columns() -> dict[str, set[str]]:
    memory = sqlite3.connect(":memory:")
    for script in MIGRATIONS:
        memory.executescript(script)
    tables = [row[0] for row in memory.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {table: {row[1] for row in memory.execute(f"PRAGMA table_info({table})")} for table in tables}
    memory.close()
    return found


def _copied_columns() -> dict[str, set[str]]:
    return {table: {name.strip('"') for name in names} for table, names in COLUMNS.items()}


def test_a_copy_moves_every_column_of_a_file_project() -> None:
    assert _copied_columns() == _file_columns()


def test_a_server_project_has_the_same_tables_and_columns(server_url: str) -> None:
    project = create_project(server_url)
    try:
        with project.read() as uow:
            rows = uow.sql.rows(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema()"
            )
    finally:
        project.close()
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    own = {table: columns for table, columns in found.items() if table in _copied_columns()}
    assert own == _file_columns()
