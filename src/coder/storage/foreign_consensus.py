"""The consensus coders and decisions of another coder's project file (version 2 and later)."""

from __future__ import annotations

import json
import sqlite3

from coder.domain.consensus import ConsensusInfo, Decision
from coder.storage.rows import stamp


def _names(text: object) -> tuple[str, ...]:
    values = json.loads(text) if isinstance(text, str) else None
    if not isinstance(values, list):
        raise ValueError("a list of names")
    return tuple(values)


def read_consensus(
    connection: sqlite3.Connection, version: int
) -> tuple[tuple[ConsensusInfo, ...], tuple[Decision, ...]]:
    """Consensus coders and their decisions as plain values; none from a file older than version 2."""
    if version < 2:
        return (), ()
    query = connection.execute
    consensus = tuple(
        ConsensusInfo(coder_id, name, _names(compared), built_by, stamp(built_at))
        for coder_id, name, compared, built_by, built_at in query(
            "SELECT c.coder_id, k.name, c.compared, c.built_by, c.built_at FROM consensus c "
            "JOIN coders k ON k.id = c.coder_id"
        )
    )
    decisions = tuple(
        Decision(*row[:7], _names(row[7]), row[8], stamp(row[9]), row[10])
        for row in query(
            'SELECT id, consensus_id, source_id, code_id, start, "end", choice, coders, decided_by, '
            "decided_at, note FROM decisions ORDER BY decided_at, id"
        )
    )
    return consensus, decisions
