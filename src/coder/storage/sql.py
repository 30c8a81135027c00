"""One open transaction on either engine: plain DB-API calls, and errors turned into sentences.

Repositories write their SQL once, with ``?`` placeholders; on PostgreSQL they become ``%s``.
Rows come back as plain tuples: no ORM objects are made, so reading 600,000 codings costs little
more than the driver's own work.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Protocol

from coder.domain.errors import CoderError, Conflict, ConnectionLost, InvalidInput, NotFound

Row = tuple[Any, ...]


class Cursor(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Any: ...
    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], /) -> Any: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchmany(self, size: int = ..., /) -> list[Any]: ...

    @property
    def rowcount(self) -> int: ...


class StorageError(CoderError):
    """The database could not do what was asked (locked, full, read-only, damaged)."""


class Busy(StorageError):
    """Another writer held the project for longer than coder waits."""


class Disconnected(StorageError, ConnectionLost):
    """The server could not be reached, or the connection broke."""


@lru_cache(maxsize=512)
def _pyformat(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


class Sql:
    """The statements of one transaction. ``dialect`` is ``"sqlite"`` or ``"postgresql"``."""

    def __init__(
        self, cursor: Cursor, dialect: str, where: str, translate: Any, references_enforced: bool = True
    ) -> None:
        self._cursor = cursor
        self.dialect = dialect
        self.where = where  # the project, for messages
        self._translate = translate
        # False in a bulk write to a file: the engine does not check each row's foreign keys, so
        # whatever such a write inserts is checked by its repository.
        self.references_enforced = references_enforced

    def _sql(self, sql: str) -> str:
        return sql if self.dialect == "sqlite" else _pyformat(sql)

    def run(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        try:
            self._cursor.execute(self._sql(sql), params)
        except Exception as error:  # noqa: BLE001 - every driver error becomes one sentence
            raise self._translate(error, self.where) from None
        return self._cursor

    def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        if isinstance(rows, list) and len(rows) == 1:
            self.run(sql, rows[0])  # one row: one round trip to a server, not a pipeline
            return
        try:
            self._cursor.executemany(self._sql(sql), rows)
        except Exception as error:  # noqa: BLE001
            raise self._translate(error, self.where) from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.run(sql, params).fetchall())

    def row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        found = self.run(sql, params).fetchone()
        return None if found is None else tuple(found)

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        found = self.row(sql, params)
        return None if found is None else found[0]

    def column(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return [row[0] for row in self.run(sql, params).fetchall()]

    def stream(self, sql: str, params: Sequence[Any] = (), size: int = 5_000) -> Iterator[Row]:
        """Rows in batches, for results too large to hold (exports of a million codings)."""
        cursor = self.run(sql, params)
        while True:
            try:
                batch = cursor.fetchmany(size)
            except Exception as error:  # noqa: BLE001
                raise self._translate(error, self.where) from None
            if not batch:
                return
            yield from batch

    def placeholders(self, count: int) -> str:
        return ", ".join("?" * count)


# Messages of the integrity rules that the database itself enforces (triggers and checks), which are
# already sentences for a researcher.
RULES = (
    "the text of a source never changes after import",
    "a coding ends past the end of its source text",
)


def integrity_error(message: str) -> CoderError:
    """A refused write, as a sentence; ``message`` is the driver's (never shown as it is)."""
    for rule in RULES:
        if rule in message:
            return InvalidInput(rule)
    lowered = message.lower()
    if "unique" in lowered or "duplicate key" in lowered:
        if "codes" in lowered and "shortcut" in lowered:
            return Conflict("that key is already given to another code")
        if "codes" in lowered:
            return Conflict("there is already a code of that name at that place in the codebook")
        if "sources" in lowered and "name" in lowered:
            return Conflict("there is already a source of that name in the project")
        if "memos" in lowered:
            return Conflict("that coder already has a memo there; it was written elsewhere, so reopen it")
        if "attributes" in lowered:
            return Conflict("there is already an attribute of that name in the project")
        if "coders" in lowered:
            return Conflict("there is already a coder of that name in the project")
        return Conflict("that item is already in the project (its id is taken)")
    if "foreign key" in lowered:
        return NotFound("something this change refers to is no longer in the project")
    return InvalidInput("the project refused a value that breaks its rules; nothing was changed")
