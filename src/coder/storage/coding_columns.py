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
_ROWIDS = ("s.rowid", "r.rowid", "k.rowid")
_PACKED = "((s.rowid - ?) * ? + r.rowid - ?) * ? + k.rowid - ?"  # the three as digits of one number
_SPAN = ("c.start", 'c."end"')


def _batch_sql(columns: Sequence[str]) -> str:
    """One pass over a batch of codings: every aggregate steps through the same rows in the same order."""
    named = ", ".join(f"{column} AS n{i}" for i, column in enumerate(columns))
    concatenated = ", ".join(f"group_concat(n{i})" for i in range(len(columns)))
    return (
        f"SELECT count(*), max(id), {concatenated} FROM (SELECT c.rowid AS id, {named} "
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
    rowids = [[rowid for rowid, _id in keyed[table]] for table in _TABLES]
    # The rowids of a coding's source, coder and code travel as one number when it cannot overflow:
    # digits in the ranges of rowids read just now, in the same transaction (each join finds one).
    low = [found[0] if found else 0 for found in rowids]
    size = [found[-1] - found[0] + 1 if found else 1 for found in rowids]
    packed = size[0] * size[1] * size[2] < 2**62
    columns = [_PACKED, *_SPAN] if packed else [*_ROWIDS, *_SPAN]
    digits = (low[0], size[1], low[1], size[2], low[2]) if packed else ()
    query = _batch_sql(columns)
    parts: list[list[Any]] = [[] for _ in columns]
    after = -(2**63)
    while True:
        count, last, *numbers = sql.row(query, (*digits, after, BATCH)) or (0, None)  # always one row
        if count:
            for part, text in zip(parts, numbers, strict=True):
                part.append(np.fromstring(text, dtype=np.int64, sep=","))
        if count < BATCH:
            break
        after = last
    found = [np.concatenate(part) if part else np.zeros(0, dtype=np.int64) for part in parts]
    if packed:
        rest, code = np.divmod(found[0], size[2])
        source, coder = np.divmod(rest, size[1])
        found = [source + low[0], coder + low[1], code + low[2], *found[1:]]
    return CodingColumns(
        *(tuple(key for _rowid, key in keyed[table]) for table in _TABLES),
        *(_positions(ids, column) for ids, column in zip(rowids, found, strict=False)),
        found[3],
        found[4],
    )


def _positions(rowids: Sequence[int], values: Any) -> Any:
    """Each value's position among the ascending ``rowids`` (every value is one of them)."""
    if not rowids:
        return np.zeros(len(values), dtype=np.int64)
    first, span = rowids[0], rowids[-1] - rowids[0] + 1
    if span <= 4 * len(rowids) + 1_000:  # rowids are dense as a rule: a table to look up in
        table = np.zeros(span, dtype=np.int64)
        table[np.array(rowids, dtype=np.int64) - first] = np.arange(len(rowids))
        return table[values - first]
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
