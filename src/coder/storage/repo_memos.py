"""Memos: one per coder on a source or code, and the journal's dated entries."""

from __future__ import annotations

from collections.abc import Sequence

from coder.domain.changes import ChangeLog
from coder.domain.memos import JOURNAL, Memo
from coder.storage import rows
from coder.storage.sql import Sql

_INSERT = f"INSERT INTO memos ({rows.MEMO}) VALUES ({', '.join('?' * 10)})"


class MemosRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    # ------------------------------------------------------------------ reads

    def get(self, kind: str, target_id: str, coder_id: str) -> Memo | None:
        row = self.sql.row(
            f"SELECT {rows.MEMO} FROM memos WHERE kind = ? AND target_id = ? AND coder_id = ?",
            (kind, target_id, coder_id),
        )
        return None if row is None else rows.memo(row)

    def by_id(self, memo_id: str) -> Memo | None:
        row = self.sql.row(f"SELECT {rows.MEMO} FROM memos WHERE id = ?", (memo_id,))
        return None if row is None else rows.memo(row)

    def of_target(self, kind: str, target_id: str) -> list[Memo]:
        """Every coder's memo on one source or code."""
        found = self.sql.rows(
            f"SELECT {rows.MEMO} FROM memos WHERE kind = ? AND target_id = ? ORDER BY created_at, id",
            (kind, target_id),
        )
        return [rows.memo(row) for row in found]

    def journal(self) -> list[Memo]:
        """The journal's entries, newest first."""
        found = self.sql.rows(
            f"SELECT {rows.MEMO} FROM memos WHERE kind = ? ORDER BY created_at DESC, id", (JOURNAL,)
        )
        return [rows.memo(row) for row in found]

    def all(self) -> list[Memo]:
        """Every memo and journal entry, oldest first."""
        return [
            rows.memo(row) for row in self.sql.rows(f"SELECT {rows.MEMO} FROM memos ORDER BY created_at, id")
        ]

    def ids_present(self, memo_ids: Sequence[str]) -> set[str]:
        present: set[str] = set()
        for start in range(0, len(memo_ids), 500):
            chunk = list(memo_ids[start : start + 500])
            query = f"SELECT id FROM memos WHERE id IN ({self.sql.placeholders(len(chunk))})"
            present.update(self.sql.column(query, chunk))
        return present

    # ------------------------------------------------------------------ writes

    def insert(self, memos: Sequence[Memo]) -> None:
        """Insert memos as they are (ids, times and versions kept)."""
        if memos:
            self.sql.many(_INSERT, [rows.memo_values(memo) for memo in memos])
            self.log.mark("memos")

    def update(self, memo: Memo, expected_version: int, changed_by: str) -> int:
        """Write title, text, target and change time when the stored version is ``expected_version``.

        Returns the rows changed: 0 when the memo is gone or someone changed it in between.
        """
        count = self.sql.run(
            "UPDATE memos SET target_id = ?, title = ?, text = ?, changed_at = ?, version = version + 1, "
            "changed_by = ? WHERE id = ? AND version = ?",
            (
                memo.target_id,
                memo.title,
                memo.text,
                rows.stamp_text(memo.changed_at),
                changed_by,
                memo.id,
                expected_version,
            ),
        ).rowcount
        self.log.mark("memos")
        return count

    def put_back(self, memo: Memo, changed_by: str) -> int:
        """Write a memo back to exactly what ``memo`` holds (for undo); its version still goes up."""
        count = self.sql.run(
            "UPDATE memos SET target_id = ?, title = ?, text = ?, created_at = ?, changed_at = ?, "
            "version = version + 1, changed_by = ? WHERE id = ?",
            (
                memo.target_id,
                memo.title,
                memo.text,
                rows.stamp_text(memo.created_at),
                rows.stamp_text(memo.changed_at),
                changed_by,
                memo.id,
            ),
        ).rowcount
        self.log.mark("memos")
        return count

    def delete(self, memo_ids: Sequence[str]) -> None:
        for start in range(0, len(memo_ids), 500):
            chunk = list(memo_ids[start : start + 500])
            self.sql.run(f"DELETE FROM memos WHERE id IN ({self.sql.placeholders(len(chunk))})", chunk)
        self.log.mark("memos")
