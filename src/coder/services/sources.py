"""Sources: importing files as fixed text, listing them, reading their text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import insert, select

from coder.domain.errors import Conflict, NotFound
from coder.domain.model import ImportedText, SourceInfo, new_id, now
from coder.domain.progress import NULL_PROGRESS, Progress, check
from coder.domain.text import sha256_text
from coder.importers import import_file
from coder.services.project import Project
from coder.storage import mapping
from coder.storage.tables import SourceRow

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
