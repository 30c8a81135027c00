"""Fast bulk inserts of codings, bypassing per-row ORM work (same columns and formats)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from sqlmodel import Session

from coder.domain.model import Coding

_INSERT = (
    'INSERT INTO codings (id, source_id, code_id, coder_id, start, "end", memo, created_at, changed_at) '
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def stamp_text(moment: datetime) -> str:
    """A timestamp in the text form SQLAlchemy's SQLite DateTime type reads back (UTC, naive)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_codings(session: Session, codings: Iterable[Coding]) -> None:
    rows: list[tuple[object, ...]] = [
        (
            c.id,
            c.source_id,
            c.code_id,
            c.coder_id,
            c.start,
            c.end,
            c.memo,
            stamp_text(c.created_at),
            stamp_text(c.changed_at),
        )
        for c in codings
    ]
    insert_rows(session, rows)


# A batch this large, and at least half as large as the table, is inserted with the secondary
# indexes dropped and rebuilt afterwards: one sorted pass per index instead of a B-tree insert
# per row (100,000 codings: about 1 s instead of 2.5 s). Both happen in the caller's
# transaction, so a failure rolls back to the original indexes.
REBUILD_AT = 5_000


def insert_rows(session: Session, rows: Sequence[tuple[object, ...]]) -> None:
    """Rows already in column order, with timestamps from :func:`stamp_text`."""
    if not rows:
        return
    connection = session.connection()
    indexes: list[tuple[str, str]] = []
    if len(rows) >= REBUILD_AT:
        existing = connection.exec_driver_sql("SELECT count(*) FROM codings").scalar_one()
        if len(rows) * 2 >= existing:
            indexes = [
                (name, sql)
                for name, sql in connection.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master "
                    "WHERE type = 'index' AND tbl_name = 'codings' AND sql IS NOT NULL"
                )
            ]
    for name, _sql in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    connection.exec_driver_sql(_INSERT, rows)  # type: ignore[arg-type]
    for _name, sql in indexes:
        connection.exec_driver_sql(sql)
