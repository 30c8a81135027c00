"""Plain rows to domain values and back: the only place table columns meet domain types."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from coder.domain.memos import Memo
from coder.domain.model import Code, Coder, Coding, SourceInfo

SOURCE_INFO = (
    "id, name, format, characters, sha256, page_starts, original_name, imported_at, extraction, version"
)
CODE = (
    "id, name, parent_id, colour, definition, when_to_use, when_not_to_use, example, position, shortcut, "
    "version, changed_by"
)
CODING = 'id, source_id, code_id, coder_id, start, "end", memo, created_at, changed_at, provenance, version'
_CODING_INSERT_INTO = (
    'INSERT INTO codings (id, source_id, code_id, coder_id, start, "end", memo, created_at, changed_at, '
    "provenance)"
)
CODING_INSERT = f"{_CODING_INSERT_INTO} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

_STAMP = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def coding_insert_made_at(stamp: str) -> str:
    """:data:`CODING_INSERT` for rows (id, source_id, code_id, coder_id, start, end, memo) all made at
    ``stamp`` (from :func:`stamp_text`, checked here) without provenance: the columns every row shares
    are written into the statement, so a million rows bind seven values each instead of ten."""
    if not _STAMP.fullmatch(stamp):
        raise ValueError(f"not a stored timestamp: {stamp!r}")
    return f"{_CODING_INSERT_INTO} VALUES (?, ?, ?, ?, ?, ?, ?, '{stamp}', '{stamp}', '')"


def stamp_text(moment: datetime) -> str:
    """A timestamp as stored: UTC, without zone, to the microsecond (sorts as text)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    # Not strftime: it imports a module on every call, which PySide's import hook makes slow in the app.
    return moment.isoformat(sep=" ", timespec="microseconds")


def stamp(value: Any) -> datetime:
    """A stored timestamp (text, or a datetime from a driver) as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def source_info(row: Sequence[Any]) -> SourceInfo:
    return SourceInfo(
        id=row[0],
        name=row[1],
        format=row[2],
        characters=row[3],
        sha256=row[4],
        page_starts=tuple(json.loads(row[5])),
        original_name=row[6],
        imported_at=stamp(row[7]),
        extraction=row[8],
        version=row[9],
    )


def code(row: Sequence[Any]) -> Code:
    return Code(*row)


def code_values(value: Code) -> tuple[Any, ...]:
    return (
        value.id,
        value.name,
        value.parent_id,
        value.colour,
        value.definition,
        value.when_to_use,
        value.when_not_to_use,
        value.example,
        value.position,
        value.shortcut,
        value.version,
        value.changed_by,
    )


def coder(row: Sequence[Any]) -> Coder:
    return Coder(id=row[0], name=row[1])


def coding(row: Sequence[Any]) -> Coding:
    return Coding(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], stamp(row[7]), stamp(row[8]), row[9], row[10]
    )


def coding_values(value: Coding) -> tuple[Any, ...]:
    """Values for :data:`CODING_INSERT`."""
    return (
        value.id,
        value.source_id,
        value.code_id,
        value.coder_id,
        value.start,
        value.end,
        value.memo,
        stamp_text(value.created_at),
        stamp_text(value.changed_at),
        value.provenance,
    )


MEMO = "id, kind, target_id, coder_id, title, text, created_at, changed_at, version, changed_by"


def memo(row: Sequence[Any]) -> Memo:
    return Memo(row[0], row[1], row[2], row[3], row[4], row[5], stamp(row[6]), stamp(row[7]), row[8], row[9])


def memo_values(value: Memo) -> tuple[Any, ...]:
    """Values for the columns of :data:`MEMO`."""
    return (
        value.id,
        value.kind,
        value.target_id,
        value.coder_id,
        value.title,
        value.text,
        stamp_text(value.created_at),
        stamp_text(value.changed_at),
        value.version,
        value.changed_by,
    )
