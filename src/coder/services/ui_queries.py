"""Read-only queries shaped for the desktop app: counts of codings per source."""

from __future__ import annotations

from collections.abc import Sequence

from coder.services.project import Project


def counts_by_source(project: Project, coder_ids: Sequence[str] | None = None) -> dict[str, int]:
    """Number of codings per source id, optionally for some coders only."""
    with project.read() as uow:
        return uow.codings.counts("source_id", coder_ids)
