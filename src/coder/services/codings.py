"""Codings: applying codes to spans of text, changing and removing them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from coder.domain.errors import NotFound
from coder.domain.model import Coding, new_id, now
from coder.domain.spans import check_span
from coder.services.project import Project
from coder.storage import mapping
from coder.storage.bulk import insert_codings
from coder.storage.tables import CodeRow, CoderRow, CodingRow, SourceRow

_COLUMNS = list(CodingRow.__table__.columns)  # type: ignore[attr-defined]


def list_codings(
    project: Project,
    source_id: str | None = None,
    coder_ids: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
) -> list[Coding]:
    """Codings ordered by source, start, end; filtered when arguments are given.

    Plain columns become frozen domain values directly: the desktop app lists tens of
    thousands of codings when it opens a long source.
    """
    query = select(*_COLUMNS)
    if source_id is not None:
        query = query.where(CodingRow.source_id == source_id)
    if coder_ids is not None:
        query = query.where(CodingRow.coder_id.in_(list(coder_ids)))  # type: ignore[attr-defined]
    if code_ids is not None:
        query = query.where(CodingRow.code_id.in_(list(code_ids)))  # type: ignore[attr-defined]
    query = query.order_by(CodingRow.source_id, CodingRow.start, CodingRow.end)
    with project.transaction() as session:
        return [mapping.coding_from_columns(row) for row in session.execute(query)]


def _source_length(session: Session, source_id: str) -> int:
    length = session.execute(
        select(SourceRow.characters).where(SourceRow.id == source_id)
    ).scalar_one_or_none()
    if length is None:
        raise NotFound("that source is no longer in the project")
    return length


def _require(session: Session, table: type, key: str, what: str) -> None:
    if session.get(table, key) is None:
        raise NotFound(f"that {what} is no longer in the project")


def add_coding(
    project: Project,
    source_id: str,
    code_id: str,
    coder_id: str,
    start: int,
    end: int,
    memo: str = "",
    coding_id: str | None = None,
) -> Coding:
    """Store one coding at once, in its own transaction."""
    with project.transaction() as session:
        check_span(start, end, _source_length(session, source_id))
        _require(session, CodeRow, code_id, "code")
        _require(session, CoderRow, coder_id, "coder")
        stamp = now()
        coding = Coding(
            id=coding_id or new_id(),
            source_id=source_id,
            code_id=code_id,
            coder_id=coder_id,
            start=start,
            end=end,
            memo=memo,
            created_at=stamp,
            changed_at=stamp,
        )
        session.execute(insert(CodingRow), [mapping.coding_values(coding)])
    return coding


def remove_codings(project: Project, coding_ids: Sequence[str]) -> list[Coding]:
    """Remove codings; returns them as they were, for undo."""
    ids = list(coding_ids)
    with project.transaction() as session:
        rows = session.execute(select(*_COLUMNS).where(CodingRow.id.in_(ids))).all()  # type: ignore[attr-defined]
        removed = [mapping.coding_from_columns(row) for row in rows]
        if len(removed) != len(set(ids)):
            raise NotFound("a coding to remove is no longer in the project")
        session.execute(delete(CodingRow).where(CodingRow.id.in_(ids)))  # type: ignore[attr-defined]
    return removed


def restore_codings(project: Project, codings: Sequence[Coding]) -> None:
    """Insert codings exactly as given (same ids and times), all or none."""
    if not codings:
        return
    with project.transaction() as session:
        for coding in codings:
            check_span(coding.start, coding.end, _source_length(session, coding.source_id))
        insert_codings(session, codings)


def update_coding(
    project: Project, coding_id: str, code_id: str | None = None, memo: str | None = None
) -> Coding:
    """Change a coding's code and/or memo; returns the coding as it was before."""
    with project.transaction() as session:
        row = session.get(CodingRow, coding_id)
        if row is None:
            raise NotFound("that coding is no longer in the project")
        before = mapping.coding(row)
        if code_id is not None:
            _require(session, CodeRow, code_id, "code")
            row.code_id = code_id
        if memo is not None:
            row.memo = memo
        row.changed_at = now()
    return before


def put_back(project: Project, coding: Coding) -> None:
    """Write a coding's code and memo back to what ``coding`` holds (for undo)."""
    with project.transaction() as session:
        row = session.get(CodingRow, coding.id)
        if row is None:
            raise NotFound("that coding is no longer in the project")
        row.code_id = coding.code_id
        row.memo = coding.memo
        row.changed_at = coding.changed_at
