"""Consensus coders and their decisions (tables ``consensus`` and ``decisions``).

A decision's ``undo`` column holds, as JSON, the consensus codings it added (ids and all) and those it
removed, so that it can be taken back exactly; '' when it cannot (a decision merged from another file).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from coder.domain.changes import ChangeLog
from coder.domain.consensus import ConsensusInfo, Decision
from coder.domain.model import Coding
from coder.storage import rows
from coder.storage.sql import Row, Sql

_DECISION = 'id, consensus_id, source_id, code_id, start, "end", choice, coders, decided_by, decided_at, note'


def _consensus(row: Row) -> ConsensusInfo:
    return ConsensusInfo(row[0], row[1], tuple(json.loads(row[2])), row[3], rows.stamp(row[4]))


def _decision(row: Row) -> Decision:
    coders = tuple(json.loads(row[7]))
    return Decision(*row[:7], coders, row[8], rows.stamp(row[9]), row[10])


def _coding_record(coding: Coding) -> list[Any]:
    return [
        coding.id,
        coding.source_id,
        coding.code_id,
        coding.coder_id,
        coding.start,
        coding.end,
        coding.memo,
        rows.stamp_text(coding.created_at),
        rows.stamp_text(coding.changed_at),
        coding.provenance,
    ]


def _coding_from(record: list[Any]) -> Coding:
    return Coding(
        *record[:7], created_at=rows.stamp(record[7]), changed_at=rows.stamp(record[8]), provenance=record[9]
    )


class ConsensusRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    # ------------------------------------------------------------------ consensus coders

    def all(self) -> list[ConsensusInfo]:
        found = self.sql.rows(
            "SELECT c.coder_id, k.name, c.compared, c.built_by, c.built_at FROM consensus c "
            "JOIN coders k ON k.id = c.coder_id ORDER BY k.name"
        )
        return [_consensus(row) for row in found]

    def get(self, coder_id: str) -> ConsensusInfo | None:
        return next((info for info in self.all() if info.coder_id == coder_id), None)

    def insert(self, info: ConsensusInfo) -> None:
        self.sql.run(
            "INSERT INTO consensus (coder_id, compared, built_by, built_at) VALUES (?, ?, ?, ?)",
            (info.coder_id, json.dumps(list(info.compared)), info.built_by, rows.stamp_text(info.built_at)),
        )
        self.log.mark("consensus")

    def spans(self, coder_ids: Sequence[str]) -> list[Row]:
        """(source_id, code_id, coder_id, start, end) of the codings of some coders."""
        if not coder_ids:
            return []
        return self.sql.rows(
            'SELECT source_id, code_id, coder_id, start, "end" FROM codings '
            f"WHERE coder_id IN ({self.sql.placeholders(len(coder_ids))})",
            list(coder_ids),
        )

    def codings_at(self, coder_id: str, source_id: str, code_id: str) -> list[Coding]:
        """A coder's codings of one code in one source, in text order."""
        found = self.sql.rows(
            f"SELECT {rows.CODING} FROM codings WHERE coder_id = ? AND source_id = ? AND code_id = ? "
            'ORDER BY start, "end", id',
            (coder_id, source_id, code_id),
        )
        return [rows.coding(row) for row in found]

    # ------------------------------------------------------------------ decisions

    def decisions(self, consensus_id: str | None = None) -> list[Decision]:
        """Decisions (of one consensus, or all), oldest first."""
        where, params = ("WHERE consensus_id = ? ", (consensus_id,)) if consensus_id else ("", ())
        found = self.sql.rows(f"SELECT {_DECISION} FROM decisions {where}ORDER BY decided_at, id", params)
        return [_decision(row) for row in found]

    def decision(self, decision_id: str) -> Decision | None:
        row = self.sql.row(f"SELECT {_DECISION} FROM decisions WHERE id = ?", (decision_id,))
        return None if row is None else _decision(row)

    def add_decision(
        self, decision: Decision, added: Sequence[Coding] | None = None, removed: Sequence[Coding] = ()
    ) -> None:
        """Store a decision; with ``added`` (and ``removed``) it can be undone, with None it cannot."""
        undo = ""
        if added is not None:
            undo = json.dumps(
                {
                    "added": [_coding_record(c) for c in added],
                    "removed": [_coding_record(c) for c in removed],
                },
                ensure_ascii=False,
            )
        self.sql.run(
            f"INSERT INTO decisions ({_DECISION}, undo) VALUES ({self.sql.placeholders(12)})",
            (
                decision.id,
                decision.consensus_id,
                decision.source_id,
                decision.code_id,
                decision.start,
                decision.end,
                decision.choice,
                json.dumps(list(decision.coders), ensure_ascii=False),
                decision.decided_by,
                rows.stamp_text(decision.decided_at),
                decision.note,
                undo,
            ),
        )
        self.log.mark("consensus")

    def undo_of(self, decision_id: str) -> tuple[list[Coding], list[Coding]] | None:
        """The codings a decision added and those it removed; None when it cannot be undone."""
        text = self.sql.value("SELECT undo FROM decisions WHERE id = ?", (decision_id,))
        if not text:
            return None
        data = json.loads(text)
        return [_coding_from(r) for r in data["added"]], [_coding_from(r) for r in data["removed"]]

    def remove_decision(self, decision_id: str) -> None:
        self.sql.run("DELETE FROM decisions WHERE id = ?", (decision_id,))
        self.log.mark("consensus")

    def decision_ids(self) -> set[str]:
        return set(self.sql.column("SELECT id FROM decisions"))
