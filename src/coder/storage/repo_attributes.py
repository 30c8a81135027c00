"""Source attributes and their values (stored as canonical text, see coder.domain.attributes)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from coder.domain.attributes import Attribute
from coder.domain.changes import ChangeLog
from coder.storage.sql import Row, Sql

ValueRow = tuple[str, str, str]  # (source_id, attribute_id, value)


def _attribute(row: Row) -> Attribute:
    return Attribute(row[0], row[1], row[2], tuple(json.loads(row[3] or "[]")), row[4])


class AttributesRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    # ------------------------------------------------------------------ reads

    def all(self) -> list[Attribute]:
        """Every attribute, in their order."""
        found = self.sql.rows(
            "SELECT id, name, type, choices, position FROM attributes ORDER BY position, name"
        )
        return [_attribute(row) for row in found]

    def values(self, attribute_id: str | None = None) -> list[ValueRow]:
        """(source_id, attribute_id, value) of every stored value (of one attribute when given)."""
        if attribute_id is None:
            return [
                tuple(r) for r in self.sql.rows("SELECT source_id, attribute_id, value FROM source_values")
            ]  # type: ignore[misc]
        return [
            tuple(r)  # type: ignore[misc]
            for r in self.sql.rows(
                "SELECT source_id, attribute_id, value FROM source_values WHERE attribute_id = ?",
                (attribute_id,),
            )
        ]

    # ------------------------------------------------------------------ writes

    def insert(self, attributes: Sequence[Attribute]) -> None:
        if not attributes:
            return
        self.sql.many(
            "INSERT INTO attributes (id, name, type, choices, position) VALUES (?, ?, ?, ?, ?)",
            [(a.id, a.name, a.type, json.dumps(list(a.choices)), a.position) for a in attributes],
        )
        self.log.mark("attributes")

    def update(self, attribute: Attribute) -> int:
        """Write name, type, choices and position; returns the rows changed (0: it is gone)."""
        count = self.sql.run(
            "UPDATE attributes SET name = ?, type = ?, choices = ?, position = ? WHERE id = ?",
            (
                attribute.name,
                attribute.type,
                json.dumps(list(attribute.choices)),
                attribute.position,
                attribute.id,
            ),
        ).rowcount
        self.log.mark("attributes")
        return count

    def delete(self, attribute_id: str) -> None:
        """Remove an attribute with its values."""
        self.sql.run("DELETE FROM source_values WHERE attribute_id = ?", (attribute_id,))
        self.sql.run("DELETE FROM attributes WHERE id = ?", (attribute_id,))
        self.log.mark("attributes")

    def set_values(self, rows: Sequence[ValueRow]) -> None:
        """Store values, replacing what a source had for the same attribute."""
        if not rows:
            return
        self.sql.many(
            "INSERT INTO source_values (source_id, attribute_id, value) VALUES (?, ?, ?) "
            "ON CONFLICT (source_id, attribute_id) DO UPDATE SET value = excluded.value",
            rows,
        )
        self.log.mark("attributes")

    def clear_values(self, keys: Sequence[tuple[str, str]]) -> None:
        """Remove the values of (source_id, attribute_id) pairs."""
        if not keys:
            return
        self.sql.many("DELETE FROM source_values WHERE source_id = ? AND attribute_id = ?", keys)
        self.log.mark("attributes")
