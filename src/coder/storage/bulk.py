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
    rows: Sequence[tuple[object, ...]] = [
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
    if rows:
        session.connection().exec_driver_sql(_INSERT, rows)  # type: ignore[arg-type]


def insert_rows(session: Session, rows: Sequence[tuple[object, ...]]) -> None:
    """Rows already in column order, with timestamps from :func:`stamp_text`."""
    if rows:
        session.connection().exec_driver_sql(_INSERT, rows)  # type: ignore[arg-type]
