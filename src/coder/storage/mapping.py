"""Conversion between table rows and domain values: the only place they meet."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from coder.domain.model import Code, Coder, Coding, SourceInfo
from coder.storage.tables import CodeRow, CoderRow, CodingRow, SourceRow


def _aware(stamp: datetime) -> datetime:
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def source_info(row: SourceRow) -> SourceInfo:
    return SourceInfo(
        id=row.id,
        name=row.name,
        format=row.format,
        characters=row.characters,
        sha256=row.sha256,
        page_starts=tuple(json.loads(row.page_starts)),
        original_name=row.original_name,
        imported_at=_aware(row.imported_at),
    )


def code(row: CodeRow) -> Code:
    return Code(
        id=row.id,
        name=row.name,
        parent_id=row.parent_id,
        colour=row.colour,
        definition=row.definition,
        when_to_use=row.when_to_use,
        when_not_to_use=row.when_not_to_use,
        example=row.example,
        position=row.position,
    )


def code_row(value: Code) -> CodeRow:
    return CodeRow(
        id=value.id,
        name=value.name,
        parent_id=value.parent_id,
        colour=value.colour,
        definition=value.definition,
        when_to_use=value.when_to_use,
        when_not_to_use=value.when_not_to_use,
        example=value.example,
        position=value.position,
    )


def coder(row: CoderRow) -> Coder:
    return Coder(id=row.id, name=row.name)


def coding(row: CodingRow) -> Coding:
    return Coding(
        id=row.id,
        source_id=row.source_id,
        code_id=row.code_id,
        coder_id=row.coder_id,
        start=row.start,
        end=row.end,
        memo=row.memo,
        created_at=_aware(row.created_at),
        changed_at=_aware(row.changed_at),
    )


def coding_from_columns(row: Sequence[Any]) -> Coding:
    """A coding from a plain row of the ``codings`` columns in table order (no ORM object)."""
    return Coding(
        id=row[0],
        source_id=row[1],
        code_id=row[2],
        coder_id=row[3],
        start=row[4],
        end=row[5],
        memo=row[6],
        created_at=_aware(row[7]),
        changed_at=_aware(row[8]),
    )


def coding_values(value: Coding) -> dict[str, object]:
    """Column values for a bulk insert."""
    return {
        "id": value.id,
        "source_id": value.source_id,
        "code_id": value.code_id,
        "coder_id": value.coder_id,
        "start": value.start,
        "end": value.end,
        "memo": value.memo,
        "created_at": value.created_at,
        "changed_at": value.changed_at,
    }
