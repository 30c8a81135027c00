"""Every coding as integer columns (:class:`~coder.domain.model.CodingColumns`), read fast.

On a SQLite file the database itself turns each coding into integers: the text ids of its
source, coder and code become those rows' rowids through the tables' primary-key indexes, and
``group_concat`` hands over each column of a batch as one string of numbers that NumPy parses.
No Python object is made per coding, let alone one per value, which is most of what reading
600,000 rows through the driver costs. Elsewhere (a server, or when the memos are wanted too)
the plain rows are read and their ids looked up in dictionaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Any

import numpy as np

from coder.domain.model import CodingColumns
from coder.storage.sql import Sql

BATCH = 200_000  # codings per string handed over by SQLite (a few MB each)
_TABLES = ("sources", "coders", "codes")
# One pass over a batch of codings: all five aggregates step through the same rows in the same order.
_BATCH_SQL = (
    "SELECT count(*), max(id), group_concat(source), group_concat(coder), group_concat(code), "
    "group_concat(start), group_concat(finish) FROM ("
    "SELECT c.rowid AS id, s.rowid AS source, r.rowid AS coder, k.rowid AS code, "
    'c.start AS start, c."end" AS finish '
    "FROM codings c JOIN sources s ON s.id = c.source_id JOIN coders r ON r.id = c.coder_id "
    "JOIN codes k ON k.id = c.code_id WHERE c.rowid > ? ORDER BY c.rowid LIMIT ?)"
)


def read(sql: Sql, with_memos: bool = False) -> CodingColumns:
    """Every coding of the project; ``with_memos`` adds each one's memo."""
    if sql.dialect == "sqlite" and not with_memos:
        return _sqlite(sql)
    return _plain(sql, with_memos)


def _sqlite(sql: Sql) -> CodingColumns:
    keyed = {table: sql.rows(f"SELECT rowid, id FROM {table} ORDER BY rowid") for table in _TABLES}
    parts: list[list[Any]] = [[] for _ in range(5)]
    after = -(2**63)
    while True:
        count, last, *numbers = sql.row(_BATCH_SQL, (after, BATCH)) or (0, None)  # always one row
        if count:
            for part, text in zip(parts, numbers, strict=True):
                part.append(np.fromstring(text, dtype=np.int64, sep=","))
        if count < BATCH:
            break
        after = last
    source, coder, code, start, end = (
        np.concatenate(part) if part else np.zeros(0, dtype=np.int64) for part in parts
    )
    return CodingColumns(
        *(tuple(key for _rowid, key in keyed[table]) for table in _TABLES),
        *(
            _positions([rowid for rowid, _id in keyed[table]], column)
            for table, column in zip(_TABLES, (source, coder, code), strict=True)
        ),
        start,
        end,
    )


def _positions(rowids: Sequence[int], values: Any) -> Any:
    """Each value's position among the ascending ``rowids`` (every value is one of them)."""
    if not rowids:
        return np.zeros(len(values), dtype=np.int64)
    if rowids[-1] <= 4 * len(rowids) + 1_000:  # rowids are dense as a rule: a table to look up in
        table = np.zeros(rowids[-1] + 1, dtype=np.int64)
        table[rowids] = np.arange(len(rowids))
        return table[values]
    return np.searchsorted(np.array(rowids, dtype=np.int64), values).astype(np.int64)


def _plain(sql: Sql, with_memos: bool) -> CodingColumns:
    ids = [tuple(sql.column(f"SELECT id FROM {table}")) for table in _TABLES]
    memo = ", memo" if with_memos else ""
    rows = sql.rows(f'SELECT source_id, coder_id, code_id, start, "end"{memo} FROM codings')
    count = len(rows)
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True)) if count else [()] * (6 if memo else 5)
    where = [
        np.fromiter(map({key: n for n, key in enumerate(keys)}.get, column, repeat(-1)), np.int64, count)
        for keys, column in zip(ids, columns, strict=False)
    ]
    start = np.array(columns[3], dtype=np.int64)
    end = np.array(columns[4], dtype=np.int64)
    keep = (where[0] >= 0) & (where[1] >= 0) & (where[2] >= 0)  # as the joins of the file's reading
    memos = tuple(columns[5]) if with_memos else None
    if not keep.all():
        where = [column[keep] for column in where]
        start, end = start[keep], end[keep]
        memos = tuple(m for m, kept in zip(memos, keep.tolist(), strict=True) if kept) if memos else memos
    return CodingColumns(ids[0], ids[1], ids[2], *where, start, end, memos)
