"""Codings: the bulk of a project, read as plain tuples and written in batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter, le
from typing import Any

from coder.domain.changes import ChangeLog
from coder.domain.errors import CoderError, InvalidInput, NotFound
from coder.domain.model import Coding, CodingColumns
from coder.storage import rows
from coder.storage.sql import Row, Sql

# A batch this large, and at least half as large as the table, is inserted into a SQLite file with
# the secondary indexes dropped and rebuilt afterwards: one sorted pass per index instead of a B-tree
# insert per row (100,000 codings: about 1 s instead of 2.5 s). Both happen in the caller's
# transaction, so a failure rolls back to the original indexes.
REBUILD_AT = 5_000
_CHUNK = 500  # ids per IN (...) list
_WITHIN_TEXT_TRIGGER = "codings_within_text_insert"
_SORT_CACHE_KIB = -2048  # PRAGMA cache_size: negative is KiB
_SORT_THREADS = 2


class NotYours(CoderError):
    """A coding of another coder, which row-level security on a server keeps from this role."""


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class CodingsRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    # ------------------------------------------------------------------ reads

    def list(
        self,
        source_id: str | None = None,
        coder_ids: Sequence[str] | None = None,
        code_ids: Sequence[str] | None = None,
    ) -> list[Coding]:
        """Codings ordered by source, start, end; filtered when arguments are given."""
        where: list[str] = []
        params: list[Any] = []
        if source_id is not None:
            where.append("source_id = ?")
            params.append(source_id)
        for column, values in (("coder_id", coder_ids), ("code_id", code_ids)):
            if values is not None:
                values = list(dict.fromkeys(values))
                if not values:
                    return []
                where.append(f"{column} IN ({self.sql.placeholders(len(values))})")
                params.extend(values)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        query = f'SELECT {rows.CODING} FROM codings{clause} ORDER BY source_id, start, "end", id'
        return [rows.coding(row) for row in self.sql.run(query, params).fetchall()]

    def get_many(self, coding_ids: Sequence[str]) -> list[Coding]:
        found: list[Coding] = []
        for chunk in _chunks(list(coding_ids)):
            query = f"SELECT {rows.CODING} FROM codings WHERE id IN ({self.sql.placeholders(len(chunk))})"
            found.extend(rows.coding(row) for row in self.sql.rows(query, chunk))
        return found

    def get(self, coding_id: str) -> Coding | None:
        found = self.get_many([coding_id])
        return found[0] if found else None

    def ids_present(self, coding_ids: Sequence[str]) -> set[str]:
        present: set[str] = set()
        for chunk in _chunks(list(coding_ids)):
            query = f"SELECT id FROM codings WHERE id IN ({self.sql.placeholders(len(chunk))})"
            present.update(self.sql.column(query, chunk))
        return present

    def places(self, source_id: str, code_id: str, coder_id: str) -> tuple[int | None, bool, bool]:
        """(length of the source or None, whether the code exists, whether the coder exists), at once."""
        row = self.sql.row(
            "SELECT (SELECT characters FROM sources WHERE id = ?), "
            "(SELECT count(*) FROM codes WHERE id = ?), (SELECT count(*) FROM coders WHERE id = ?)",
            (source_id, code_id, coder_id),
        )
        assert row is not None
        return row[0], bool(row[1]), bool(row[2])

    def count(self) -> int:
        return int(self.sql.value("SELECT count(*) FROM codings"))

    def counts(self, by: str, coder_ids: Sequence[str] | None = None) -> dict[str, int]:
        """Number of codings per ``code_id``, ``source_id`` or ``coder_id`` (optionally of some coders)."""
        assert by in ("code_id", "source_id", "coder_id")
        if coder_ids is None:
            return dict(self.sql.rows(f"SELECT {by}, count(*) FROM codings GROUP BY {by}"))  # type: ignore[arg-type]
        coder_ids = list(dict.fromkeys(coder_ids))
        if not coder_ids:
            return {}
        query = (
            f"SELECT {by}, count(*) FROM codings WHERE coder_id IN ({self.sql.placeholders(len(coder_ids))}) "
            f"GROUP BY {by}"
        )
        return dict(self.sql.rows(query, coder_ids))  # type: ignore[arg-type]

    def spans(self) -> list[Row]:
        """(source_id, coder_id, code_id, start, end) of every coding: what agreement reads."""
        return self.sql.rows('SELECT source_id, coder_id, code_id, start, "end" FROM codings')

    def columns(self, with_memos: bool = False) -> CodingColumns:
        """Every coding as integer arrays (what agreement reads); ``with_memos`` adds the memos."""
        from coder.storage import coding_columns  # NumPy is loaded only by the commands that need it

        return coding_columns.read(self.sql, with_memos)

    def keys(self, source_ids: Sequence[str]) -> list[Row]:
        """(source, code, coder, start, end, memo) of the codings in some sources (for merging)."""
        found: list[Row] = []
        for chunk in _chunks(list(dict.fromkeys(source_ids))):
            found.extend(
                self.sql.rows(
                    'SELECT source_id, code_id, coder_id, start, "end", memo FROM codings '
                    f"WHERE source_id IN ({self.sql.placeholders(len(chunk))})",
                    chunk,
                )
            )
        return found

    def in_source(self, source_id: str, coder_ids: Sequence[str] | None = None) -> list[Row]:
        """(code_id, coder_id, start, end, memo) of one source's codings, ordered by start and end."""
        clause, params = "", [source_id]
        if coder_ids is not None:
            clause = f" AND coder_id IN ({self.sql.placeholders(len(coder_ids))})"
            params.extend(coder_ids)
        return self.sql.rows(
            f'SELECT code_id, coder_id, start, "end", memo FROM codings WHERE source_id = ?{clause} '
            'ORDER BY start, "end"',
            params,
        )

    def all_records(self) -> Iterator[Row]:
        """Every column of every coding in table order (for copies)."""
        yield from self.sql.stream(f"SELECT {rows.CODING} FROM codings ORDER BY id")

    # ------------------------------------------------------------------ writes

    def insert(self, codings: Sequence[Coding], listed: bool = True) -> None:
        """Insert codings as they are (ids and times kept). ``listed``: report each as a change."""
        self.insert_rows([rows.coding_values(coding) for coding in codings])
        if listed:
            self.log.codings_added(list(codings))
        else:
            self.log.many_codings()

    def insert_rows(self, values: Sequence[tuple[Any, ...]], made_at: str | None = None) -> None:
        """Rows already in the order of :data:`rows.CODING_INSERT`; large batches are fast. With
        ``made_at`` (a stored timestamp), rows of the first seven columns only, all made then, without
        provenance (see :func:`rows.coding_insert_made_at`).

        A large batch into a SQLite file goes in with the secondary indexes and the per-row check
        "a coding ends within its text" set aside, all inside the caller's transaction: the batch is
        checked first against the sources, codes and coders (refused as the foreign keys and the
        trigger would refuse it), the rows inserted in primary-key order, and the indexes rebuilt with
        one sorted pass each. A failure rolls everything back, indexes and trigger included.
        """
        if not values:
            return
        statement = rows.CODING_INSERT if made_at is None else rows.coding_insert_made_at(made_at)
        if not (
            self.sql.dialect == "sqlite" and len(values) >= REBUILD_AT and len(values) * 2 >= self.count()
        ):
            if not self.sql.references_enforced:
                self._check_batch(values)
            self.sql.many(statement, values)
            return
        self._check_batch(values)
        aside = self.sql.rows(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'codings' AND sql IS NOT NULL "
            "AND (type = 'index' OR name = ?)",
            (_WITHIN_TEXT_TRIGGER,),
        )
        for kind, name, _sql in aside:
            self.sql.run(f'DROP {kind.upper()} "{name}"')
        with self._sorting_pragmas():
            # Only the primary key's index is kept up while the rows go in: in id order, it grows at its
            # end instead of at random places (ids are random), far fewer pages touched.
            self.sql.many(statement, sorted(values, key=itemgetter(0)))
            for _kind, _name, sql in aside:
                self.sql.run(sql)

    @contextmanager
    def _sorting_pragmas(self) -> Iterator[None]:
        """A small page cache and two sorting threads while rows are appended and indexes built.

        Each index is built by sorting runs as large as the page cache and merging them: runs of 2 MiB
        sort in the processor's cache, and a second thread sorts one while the other is filled. With the
        connection's usual 64 MiB (meant for rows inserted into large indexes) the three indexes of a
        million codings took about twice as long (3.9 s against 2.0 s here).
        """
        cache = self.sql.value("PRAGMA cache_size")
        threads = self.sql.value("PRAGMA threads")
        self.sql.run(f"PRAGMA cache_size = {_SORT_CACHE_KIB}")
        self.sql.run(f"PRAGMA threads = {_SORT_THREADS}")
        try:
            yield
        finally:
            self.sql.run(f"PRAGMA cache_size = {int(cache)}")
            self.sql.run(f"PRAGMA threads = {int(threads)}")

    def _check_batch(self, values: Sequence[tuple[Any, ...]]) -> None:
        """Refuse a batch as its references and the "within its text" trigger would, each name once."""
        lengths: dict[str, int] = dict(self.sql.rows("SELECT id, characters FROM sources"))  # type: ignore[arg-type]
        for position, table in ((1, None), (2, "codes"), (3, "coders")):
            present = lengths.keys() if table is None else set(self.sql.column(f"SELECT id FROM {table}"))
            if not set(map(itemgetter(position), values)) <= present:
                raise NotFound("something this change refers to is no longer in the project")
        ends = map(itemgetter(5), values)
        if not all(map(le, ends, map(lengths.__getitem__, map(itemgetter(1), values)))):
            raise InvalidInput("a coding ends past the end of its source text")

    def delete(self, coding_ids: Sequence[str]) -> int:
        """Delete codings by id; returns how many rows went (on a server, only those one may delete)."""
        count = 0
        for chunk in _chunks(list(coding_ids)):
            cursor = self.sql.run(
                f"DELETE FROM codings WHERE id IN ({self.sql.placeholders(len(chunk))})", chunk
            )
            count += cursor.rowcount
        return count

    def removed(self, codings: Sequence[Coding]) -> None:
        """Delete these codings and report them as removed; refuses if any of them may not be deleted."""
        if self.delete([c.id for c in codings]) != len(codings):
            raise NotYours("only the coder who made a coding (or a lead) may remove it; nothing was removed")
        self.log.codings_removed(list(codings))

    def delete_where_code(self, code_ids: Sequence[str]) -> None:
        for chunk in _chunks(list(code_ids)):
            self.sql.run(f"DELETE FROM codings WHERE code_id IN ({self.sql.placeholders(len(chunk))})", chunk)

    def of_codes(self, code_ids: Sequence[str]) -> list[Coding]:
        return self.list(code_ids=code_ids)

    def write(self, coding: Coding) -> int:
        """Store a coding's code, memo, change time and provenance; returns the rows changed."""
        count = self.sql.run(
            "UPDATE codings SET code_id = ?, memo = ?, changed_at = ?, provenance = ?, version = version + 1 "
            "WHERE id = ?",
            (coding.code_id, coding.memo, rows.stamp_text(coding.changed_at), coding.provenance, coding.id),
        ).rowcount
        if count:
            self.log.codings_updated([coding])
        return count

    def move_code(self, from_code: str, to_code: str) -> None:
        self.sql.run(
            "UPDATE codings SET code_id = ?, version = version + 1 WHERE code_id = ?", (to_code, from_code)
        )
