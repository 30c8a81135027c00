"""Codings: applying codes to spans of text, changing and removing them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from coder.domain.errors import NotFound
from coder.domain.model import Coding, new_id, now
from coder.domain.spans import check_span
from coder.services.project import Project
from coder.storage.repo_codings import NotYours
from coder.storage.unit_of_work import UnitOfWork


def list_codings(
    project: Project,
    source_id: str | None = None,
    coder_ids: Sequence[str] | None = None,
    code_ids: Sequence[str] | None = None,
) -> list[Coding]:
    """Codings ordered by source, start, end; filtered when arguments are given."""
    with project.read() as uow:
        return uow.codings.list(source_id, coder_ids, code_ids)


def get_coding(project: Project, coding_id: str) -> Coding | None:
    with project.read() as uow:
        return uow.codings.get(coding_id)


def _source_length(uow: UnitOfWork, source_id: str) -> int:
    length = uow.sources.length(source_id)
    if length is None:
        raise NotFound("that source is no longer in the project")
    return int(length)


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
    with project.write() as uow:
        length, code_exists, coder_exists = uow.codings.places(source_id, code_id, coder_id)
        if length is None:
            raise NotFound("that source is no longer in the project")
        check_span(start, end, int(length))
        if not code_exists:
            raise NotFound("that code is no longer in the project")
        if not coder_exists:
            raise NotFound("that coder is no longer in the project")
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
        uow.codings.insert([coding])
    return coding


def remove_codings(project: Project, coding_ids: Sequence[str]) -> list[Coding]:
    """Remove codings; returns them as they were, for undo."""
    ids = list(dict.fromkeys(coding_ids))
    with project.write() as uow:
        removed = uow.codings.get_many(ids)
        if len(removed) != len(ids):
            raise NotFound("a coding to remove is no longer in the project")
        uow.codings.removed(removed)
    return removed


def restore_codings(project: Project, codings: Sequence[Coding]) -> None:
    """Insert codings exactly as given (same ids and times), all or none."""
    if not codings:
        return
    with project.write() as uow:
        for coding in codings:
            check_span(coding.start, coding.end, _source_length(uow, coding.source_id))
        uow.codings.insert(list(codings))


def update_coding(
    project: Project, coding_id: str, code_id: str | None = None, memo: str | None = None
) -> Coding:
    """Change a coding's code and/or memo; returns the coding as it was before."""
    with project.write() as uow:
        before = uow.codings.get(coding_id)
        if before is None:
            raise NotFound("that coding is no longer in the project")
        if code_id is not None and not uow.codes.exists(code_id):
            raise NotFound("that code is no longer in the project")
        after = replace(
            before,
            code_id=before.code_id if code_id is None else code_id,
            memo=before.memo if memo is None else memo,
            changed_at=now(),
        )
        if not uow.codings.write(after):
            raise NotYours("only the coder who made a coding (or a lead) may change it; it was not changed")
    return before


def put_back(project: Project, coding: Coding) -> None:
    """Write a coding's code and memo back to what ``coding`` holds (for undo)."""
    with project.write() as uow:
        if not uow.codings.write(coding):
            raise NotFound("that coding is no longer in the project")
