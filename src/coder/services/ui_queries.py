"""Read-only queries shaped for the desktop app: counts of codings per source."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select

from coder.services.project import Project
from coder.storage.tables import CodingRow


def counts_by_source(project: Project, coder_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Number of codings per source id, optionally for some coders only."""
    query = select(CodingRow.source_id, func.count()).group_by(CodingRow.source_id)
    if coder_ids is not None:
        query = query.where(CodingRow.coder_id.in_(list(coder_ids)))  # type: ignore[attr-defined]
    with project.transaction() as session:
        return {source_id: count for source_id, count in session.execute(query)}
