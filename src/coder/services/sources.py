"""Sources: importing files as fixed text, listing them, reading their text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from coder.domain.errors import Conflict, InvalidInput, NotFound
from coder.domain.model import Coding, ImportedText, SourceInfo, new_id, now
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.domain.text import sha256_text
from coder.importers import import_file
from coder.services.project import Project
from coder.storage import mapping
from coder.storage.bulk import insert_codings
from coder.storage.tables import CodingRow, SourceRow

_INFO_COLUMNS = [c for c in SourceRow.__table__.columns if c.name not in ("text", "original")]  # type: ignore[attr-defined]


def read_files(paths: Sequence[Path], progress: Progress = NULL_PROGRESS) -> list[ImportedText]:
    """Run the importers over every file; the first bad file stops the whole batch."""
    imported: list[ImportedText] = []
    for number, path in enumerate(paths):
        check(progress)
        progress.update(number, len(paths), path.name)
        imported.append(import_file(path))
    progress.update(len(paths), len(paths), "")
    return imported


def check_names(project: Project, imported: Sequence[ImportedText]) -> None:
    """Refuse names already in the project or given twice in one batch."""
    with project.transaction() as session:
        taken = set(session.execute(select(SourceRow.name)).scalars())  # type: ignore[arg-type]
    for item in imported:
        if item.name in taken:
            raise Conflict(
                f"a source named '{item.name}' is already in the project; rename the file to import it"
            )
        taken.add(item.name)


def store(project: Project, imported: Sequence[ImportedText]) -> list[SourceInfo]:
    """Store already-read texts as new sources, all in one transaction."""
    check_names(project, imported)
    stamp = now()
    rows = [
        {
            "id": new_id(),
            "name": item.name,
            "format": item.format,
            "text": item.text,
            "characters": len(item.text),
            "sha256": sha256_text(item.text),
            "page_starts": json.dumps(list(item.page_starts)),
            "original_name": item.name,
            "original": item.original,
            "imported_at": stamp,
        }
        for item in imported
    ]
    if rows:
        with project.transaction() as session:
            session.execute(insert(SourceRow), rows)
    ids = [row["id"] for row in rows]
    by_id = {info.id: info for info in list_sources(project)}
    return [by_id[i] for i in ids]


def import_files(
    project: Project, paths: Sequence[Path], progress: Progress = NULL_PROGRESS
) -> list[SourceInfo]:
    """Import every file or none: all are read and checked before any is stored."""
    imported = read_files(paths, progress)
    return store(project, imported)


def list_sources(project: Project) -> list[SourceInfo]:
    with project.transaction() as session:
        rows = session.execute(select(*_INFO_COLUMNS).order_by(SourceRow.name)).mappings().all()
    return [mapping.source_info(SourceRow(**row, text="")) for row in rows]


def find_source(project: Project, name: str) -> SourceInfo:
    for info in list_sources(project):
        if info.name == name:
            return info
    raise NotFound(f"no source named '{name}' in the project; 'coder sources' lists them")


def source_text(project: Project, source_id: str) -> str:
    with project.transaction() as session:
        text = session.execute(select(SourceRow.text).where(SourceRow.id == source_id)).scalar_one_or_none()
    if text is None:
        raise NotFound("that source is no longer in the project")
    return text


def source_original(project: Project, source_id: str) -> bytes | None:
    """The imported file's bytes, kept for PDF and DOCX sources."""
    with project.transaction() as session:
        return session.execute(
            select(SourceRow.original).where(SourceRow.id == source_id)
        ).scalar_one_or_none()


# ---------------------------------------------------------------------- renaming, deleting, skipping
# (issue 8, item 13)


@dataclass(frozen=True)
class RemovedSource:
    """What deleting a source took away, so that undo can put it back exactly."""

    source: SourceInfo
    text: str
    original: bytes | None
    codings: tuple[Coding, ...]


@dataclass(frozen=True)
class Skipped:
    """An imported file left out because the project (or the batch) already has it."""

    name: str
    reason: str  # e.g. "a source of that name is already in the project"


def _check_new_name(session: Session, name: str, own_id: str | None = None) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("a source needs a name")
    other = session.execute(
        select(SourceRow.id).where(SourceRow.name == name, SourceRow.id != own_id)  # type: ignore[arg-type]
    ).first()
    if other is not None:
        raise Conflict(f"a source named '{name}' is already in the project; choose another name")
    return name


def rename_source(project: Project, source_id: str, name: str) -> SourceInfo:
    """Give a source another name; returns the source as it was (its text never changes)."""
    with project.transaction() as session:
        row = session.get(SourceRow, source_id)
        if row is None:
            raise NotFound("that source is no longer in the project")
        before = mapping.source_info(row)
        row.name = _check_new_name(session, name, source_id)
    return before


def delete_source(project: Project, source_id: str) -> RemovedSource:
    """Delete a source and every coding of it (all coders'); returns what was removed."""
    with project.transaction() as session:
        row = session.get(SourceRow, source_id)
        if row is None:
            raise NotFound("that source is no longer in the project")
        removed = RemovedSource(
            source=mapping.source_info(row),
            text=row.text,
            original=row.original,
            codings=tuple(
                mapping.coding(c)
                for c in session.execute(select(CodingRow).where(CodingRow.source_id == source_id)).scalars()
            ),
        )
        session.execute(delete(CodingRow).where(CodingRow.source_id == source_id))  # type: ignore[arg-type]
        session.execute(delete(SourceRow).where(SourceRow.id == source_id))  # type: ignore[arg-type]
    return removed


def restore_source(project: Project, removed: RemovedSource) -> None:
    """Put back exactly what :func:`delete_source` removed (for undo)."""
    source = removed.source
    with project.transaction() as session:
        _check_new_name(session, source.name)
        session.execute(
            insert(SourceRow),
            [
                {
                    "id": source.id,
                    "name": source.name,
                    "format": source.format,
                    "text": removed.text,
                    "characters": source.characters,
                    "sha256": source.sha256,
                    "page_starts": json.dumps(list(source.page_starts)),
                    "original_name": source.original_name,
                    "original": removed.original,
                    "imported_at": source.imported_at,
                }
            ],
        )
        insert_codings(session, removed.codings)


def split_new(project: Project, imported: Sequence[ImportedText]) -> tuple[list[ImportedText], list[Skipped]]:
    """The texts to add, and those to skip: a name or a text (by sha256) the project already has,
    or one given earlier in the same batch."""
    with project.transaction() as session:
        rows = session.execute(select(SourceRow.name, SourceRow.sha256)).all()  # type: ignore[call-overload]
    names = {name: "is already in the project" for name, _sha in rows}
    texts = {sha: f"is already in the project as '{name}'" for name, sha in rows}
    new: list[ImportedText] = []
    skipped: list[Skipped] = []
    for item in imported:
        digest = sha256_text(item.text)
        if item.name in names:
            skipped.append(Skipped(item.name, f"a source of that name {names[item.name]}"))
        elif digest in texts:
            skipped.append(Skipped(item.name, f"the same text {texts[digest]}"))
        else:
            new.append(item)
            names[item.name] = "comes earlier in this import"
            texts[digest] = f"comes earlier in this import as '{item.name}'"
    return new, skipped
