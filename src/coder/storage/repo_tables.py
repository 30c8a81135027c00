"""Whole tables, column for column: what a copy of a project moves from one engine to another."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from coder.domain.changes import ChangeLog
from coder.storage.sql import Row, Sql

# Every table of a project with its columns, parents before children (foreign keys). Both engines
# have exactly these; a server's own bookkeeping (coder_schema, team) is not part of a project's content.
COLUMNS: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "sources": (
        "id",
        "name",
        "format",
        "text",
        "characters",
        "sha256",
        "page_starts",
        "original_name",
        "original",
        "imported_at",
        "extraction",
        "version",
        "changed_by",
    ),
    "codes": (
        "id",
        "name",
        "parent_id",
        "colour",
        "definition",
        "when_to_use",
        "when_not_to_use",
        "example",
        "position",
        "shortcut",
        "version",
        "changed_by",
    ),
    "coders": ("id", "name"),
    "codings": (
        "id",
        "source_id",
        "code_id",
        "coder_id",
        "start",
        '"end"',
        "memo",
        "created_at",
        "changed_at",
        "version",
        "provenance",
    ),
    "memos": (
        "id",
        "kind",
        "target_id",
        "coder_id",
        "title",
        "text",
        "created_at",
        "changed_at",
        "version",
        "changed_by",
    ),
    "attributes": ("id", "name", "type", "choices", "position"),
    "source_values": ("source_id", "attribute_id", "value"),
    "consensus": ("coder_id", "compared", "built_by", "built_at"),
    "decisions": (
        "id",
        "consensus_id",
        "source_id",
        "code_id",
        "start",
        '"end"',
        "choice",
        "coders",
        "decided_by",
        "decided_at",
        "note",
        "undo",
    ),
}


def _parents_first(rows: list[Row]) -> list[Row]:
    """Codes ordered so that each parent comes before its children (id is column 0, parent column 2)."""
    parent = {row[0]: row[2] for row in rows}

    def depth(code_id: str) -> int:
        level, seen = 0, set()
        while parent.get(code_id) is not None and code_id not in seen:
            seen.add(code_id)
            code_id, level = parent[code_id], level + 1
        return level

    return sorted(rows, key=lambda row: (depth(row[0]), row[0]))


class TablesRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    def dump(self, table: str) -> Iterator[Row]:
        """Every row of ``table``, all columns in :data:`COLUMNS` order, by its first column."""
        columns = COLUMNS[table]
        query = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]}"
        if table == "codes":
            yield from _parents_first(self.sql.rows(query))
            return
        for row in self.sql.stream(query, size=2_000):
            yield tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)

    def load(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows as they are (ids, versions and times kept)."""
        if not rows:
            return
        columns = COLUMNS[table]
        if table == "meta":
            self.sql.many("DELETE FROM meta WHERE key = ?", [(row[0],) for row in rows])
        self.sql.many(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({self.sql.placeholders(len(columns))})", rows
        )
        self.log.mark("everything")
