"""Codes and coders."""

from __future__ import annotations

from collections.abc import Sequence

from coder.domain.changes import ChangeLog
from coder.domain.model import Code, Coder
from coder.storage import rows
from coder.storage.sql import Sql

_CODE_INSERT = f"INSERT INTO codes ({rows.CODE}) VALUES ({', '.join('?' * 12)})"


class CodesRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    def all(self) -> list[Code]:
        return [rows.code(row) for row in self.sql.rows(f"SELECT {rows.CODE} FROM codes")]

    def get(self, code_id: str) -> Code | None:
        row = self.sql.row(f"SELECT {rows.CODE} FROM codes WHERE id = ?", (code_id,))
        return None if row is None else rows.code(row)

    def exists(self, code_id: str) -> bool:
        return self.sql.value("SELECT 1 FROM codes WHERE id = ?", (code_id,)) is not None

    def insert(self, codes: Sequence[Code]) -> None:
        """Insert codes, parents before children."""
        if codes:
            self.sql.many(_CODE_INSERT, [rows.code_values(code) for code in codes])
            self.log.mark("codebook")

    def update(self, code: Code, changed_by: str = "", expected_version: int | None = None) -> int:
        """Write every field of ``code`` but its key; returns the rows changed (0: it is gone).

        Keys 1-9 are written by :meth:`set_shortcuts` only, so that a code edited from an older copy
        (an undo, a rename) never takes a key away or brings one back.

        With ``expected_version``, the row is changed only while it still has that version (0 rows
        otherwise): a check that holds even when two writers race on a server.
        """
        guard = "" if expected_version is None else " AND version = ?"
        count = self.sql.run(
            "UPDATE codes SET name = ?, parent_id = ?, colour = ?, definition = ?, when_to_use = ?, "
            "when_not_to_use = ?, example = ?, position = ?, version = version + 1, "
            f"changed_by = ? WHERE id = ?{guard}",
            (
                code.name,
                code.parent_id,
                code.colour,
                code.definition,
                code.when_to_use,
                code.when_not_to_use,
                code.example,
                code.position,
                changed_by,
                code.id,
                *(() if expected_version is None else (expected_version,)),
            ),
        ).rowcount
        self.log.mark("codebook")
        return count

    def set_shortcuts(self, shortcuts: dict[str, int]) -> None:
        """Keys 1-9 exactly as given (code id -> key); every other code loses its key.

        A key is a way of working, not part of what a code means: it changes no code's version.
        """
        current = dict(self.sql.rows("SELECT id, shortcut FROM codes WHERE shortcut IS NOT NULL"))
        if current == shortcuts:
            return
        self.sql.run("UPDATE codes SET shortcut = NULL WHERE shortcut IS NOT NULL")
        self.sql.many("UPDATE codes SET shortcut = ? WHERE id = ?", [(k, c) for c, k in shortcuts.items()])
        self.log.mark("codebook")

    def delete(self, code_ids: Sequence[str]) -> None:
        """Delete codes, children first (the caller orders them); their codings must be gone."""
        for code_id in code_ids:
            self.sql.run("DELETE FROM decisions WHERE code_id = ?", (code_id,))
            self.sql.run("DELETE FROM memos WHERE kind = 'code' AND target_id = ?", (code_id,))
            self.sql.run("DELETE FROM codes WHERE id = ?", (code_id,))
        self.log.mark("codebook")


class CodersRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    def all(self) -> list[Coder]:
        return [rows.coder(row) for row in self.sql.rows("SELECT id, name FROM coders ORDER BY name")]

    def names(self) -> dict[str, str]:
        """Coder names by id."""
        return dict(self.sql.rows("SELECT id, name FROM coders"))  # type: ignore[arg-type]

    def find(self, name: str) -> Coder | None:
        row = self.sql.row("SELECT id, name FROM coders WHERE name = ?", (name,))
        return None if row is None else rows.coder(row)

    def insert(self, coders: Sequence[Coder]) -> None:
        if coders:
            self.sql.many("INSERT INTO coders (id, name) VALUES (?, ?)", [(c.id, c.name) for c in coders])
            self.log.mark("coders")

    def ensure(self, coder: Coder) -> Coder:
        """``coder`` added unless a coder of its name exists; the stored coder of that name.

        Two sessions adding the same new name at once (on a server) both end with the one row.
        """
        added = self.sql.run(
            "INSERT INTO coders (id, name) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
            (coder.id, coder.name),
        ).rowcount
        if added:
            self.log.mark("coders")
        found = self.find(coder.name)
        assert found is not None
        return found
