"""Sources: their fixed texts, names and the files they came from."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from coder.domain.changes import ChangeLog
from coder.domain.model import SourceInfo
from coder.storage import rows
from coder.storage.sql import Sql


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """Every column of a source, as stored (for copies, exchange and undoing a deletion)."""

    id: str
    name: str
    format: str
    text: str
    page_starts: tuple[int, ...]
    original_name: str
    original: bytes | None
    imported_at: str
    extraction: str = ""
    sha256: str = ""


class SourcesRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    def infos(self) -> list[SourceInfo]:
        found = self.sql.rows(f"SELECT {rows.SOURCE_INFO} FROM sources ORDER BY name")
        return [rows.source_info(row) for row in found]

    def info(self, source_id: str) -> SourceInfo | None:
        row = self.sql.row(f"SELECT {rows.SOURCE_INFO} FROM sources WHERE id = ?", (source_id,))
        return None if row is None else rows.source_info(row)

    def by_name(self, name: str) -> SourceInfo | None:
        row = self.sql.row(f"SELECT {rows.SOURCE_INFO} FROM sources WHERE name = ?", (name,))
        return None if row is None else rows.source_info(row)

    def names(self) -> set[str]:
        return set(self.sql.column("SELECT name FROM sources"))

    def lengths(self) -> dict[str, tuple[str, int]]:
        """Name and number of characters of every source, by id."""
        return {i: (name, n) for i, name, n in self.sql.rows("SELECT id, name, characters FROM sources")}

    def length(self, source_id: str) -> int | None:
        return self.sql.value("SELECT characters FROM sources WHERE id = ?", (source_id,))

    def identities(self) -> list[tuple[str, str, str]]:
        """(id, name, sha256) of every source."""
        return [tuple(r) for r in self.sql.rows("SELECT id, name, sha256 FROM sources ORDER BY name")]  # type: ignore[misc]

    def text(self, source_id: str) -> str | None:
        return self.sql.value("SELECT text FROM sources WHERE id = ?", (source_id,))

    def texts(self, source_ids: Sequence[str] | None = None) -> Iterator[tuple[str, str]]:
        """(id, text) of the given sources (all when None), one at a time."""
        if source_ids is None:
            yield from self.sql.stream("SELECT id, text FROM sources", size=50)
            return
        for source_id in source_ids:
            text = self.text(source_id)
            if text is not None:
                yield source_id, text

    def original(self, source_id: str) -> bytes | None:
        value = self.sql.value("SELECT original FROM sources WHERE id = ?", (source_id,))
        return None if value is None else bytes(value)

    def records(self, with_originals: bool = True, source_id: str | None = None) -> Iterator[SourceRecord]:
        """Whole sources (all, or one), ordered by name, fetched a few at a time."""
        original = "original" if with_originals else "NULL"
        where, params = ("WHERE id = ? ", (source_id,)) if source_id is not None else ("", ())
        query = (
            f"SELECT id, name, format, text, page_starts, original_name, {original}, imported_at, "
            f"extraction, sha256 FROM sources {where}ORDER BY name"
        )
        for row in self.sql.stream(query, params, size=20):
            yield SourceRecord(
                row[0],
                row[1],
                row[2],
                row[3],
                tuple(json.loads(row[4])),
                row[5],
                None if row[6] is None else bytes(row[6]),
                str(row[7]),
                row[8],
                row[9],
            )

    def record(self, source_id: str) -> SourceRecord | None:
        return next(self.records(source_id=source_id), None)

    def insert(self, records: Sequence[SourceRecord]) -> None:
        values: list[tuple[Any, ...]] = [
            (
                r.id,
                r.name,
                r.format,
                r.text,
                len(r.text),
                r.sha256,
                json.dumps(list(r.page_starts)),
                r.original_name,
                r.original,
                r.imported_at,
                r.extraction,
            )
            for r in records
        ]
        if not values:
            return
        self.sql.many(
            "INSERT INTO sources (id, name, format, text, characters, sha256, page_starts, original_name, "
            "original, imported_at, extraction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
        self.log.mark("sources")

    def rename(self, source_id: str, name: str, changed_by: str) -> int:
        """Give a source a new name; returns the number of rows changed (0: it is gone)."""
        count = self.sql.run(
            "UPDATE sources SET name = ?, version = version + 1, changed_by = ? WHERE id = ?",
            (name, changed_by, source_id),
        ).rowcount
        self.log.mark("sources")
        return count

    def delete(self, source_id: str) -> None:
        """Remove a source with what hangs on it (its codings and memos must be gone or are removed)."""
        self.sql.run("DELETE FROM decisions WHERE source_id = ?", (source_id,))
        self.sql.run("DELETE FROM memos WHERE kind = 'source' AND target_id = ?", (source_id,))
        self.sql.run("DELETE FROM source_values WHERE source_id = ?", (source_id,))
        self.sql.run("DELETE FROM sources WHERE id = ?", (source_id,))
        self.log.mark("sources")
