"""Coders: the researchers who make codings."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from coder.domain.errors import InvalidInput, NotFound
from coder.domain.model import Coder, new_id
from coder.services.project import Project
from coder.storage import mapping
from coder.storage.tables import CoderRow


def list_coders(project: Project) -> list[Coder]:
    with project.transaction() as session:
        rows = session.execute(select(CoderRow).order_by(CoderRow.name)).scalars()
        return [mapping.coder(row) for row in rows]


def ensure_in_session(session: Session, name: str) -> Coder:
    name = name.strip()
    if not name:
        raise InvalidInput("a coder needs a name")
    row = session.execute(select(CoderRow).where(CoderRow.name == name)).scalar_one_or_none()
    if row is None:
        row = CoderRow(id=new_id(), name=name)
        session.add(row)
        session.flush()
    return mapping.coder(row)


def ensure_coder(project: Project, name: str) -> Coder:
    """The coder with this name, created when new."""
    with project.transaction() as session:
        return ensure_in_session(session, name)


def find_coder(project: Project, name: str) -> Coder:
    for coder in list_coders(project):
        if coder.name == name:
            return coder
    raise NotFound(f"no coder named '{name}' in the project")
