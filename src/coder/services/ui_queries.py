"""Read-only queries shaped for the desktop app: fast listings of codings and counts.

The general :func:`coder.services.codings.list_codings` builds a table row per coding; the
desktop app lists tens of thousands of codings when it opens a long source, so these queries
select plain columns and build the frozen domain values directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select

from coder.domain.model import Coding
from coder.services.project import Project
from coder.storage.tables import CodingRow

_COLUMNS = (
    CodingRow.id,
    CodingRow.source_id,
    CodingRow.code_id,
    CodingRow.coder_id,
    CodingRow.start,
    CodingRow.end,
    CodingRow.memo,
    CodingRow.created_at,
    CodingRow.changed_at,
)


def _aware(stamp: datetime) -> datetime:
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def codings_for(
    project: Project,
    source_id: str | None = None,
    coder_ids: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
) -> list[Coding]:
    """Codings ordered by source, start and end, filtered like ``list_codings`` but faster."""
    query = select(*_COLUMNS)
    if source_id is not None:
        query = query.where(CodingRow.source_id == source_id)
    if coder_ids is not None:
        query = query.where(CodingRow.coder_id.in_(list(coder_ids)))  # type: ignore[attr-defined]
    if code_ids is not None:
        query = query.where(CodingRow.code_id.in_(list(code_ids)))  # type: ignore[attr-defined]
    query = query.order_by(CodingRow.source_id, CodingRow.start, CodingRow.end)
    with project.transaction() as session:
        rows = session.execute(query).all()
    return [
        Coding(
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
        for row in rows
    ]


def counts_by_source(project: Project, coder_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Number of codings per source id, optionally for some coders only."""
    query = select(CodingRow.source_id, func.count()).group_by(CodingRow.source_id)
    if coder_ids is not None:
        query = query.where(CodingRow.coder_id.in_(list(coder_ids)))  # type: ignore[attr-defined]
    with project.transaction() as session:
        return {source_id: count for source_id, count in session.execute(query)}
