"""Coders: the researchers who make codings."""

from __future__ import annotations

from coder.domain.errors import InvalidInput, NotFound
from coder.domain.model import Coder, new_id
from coder.domain.names import check_name
from coder.services.project import Project
from coder.storage.unit_of_work import UnitOfWork


def list_coders(project: Project) -> list[Coder]:
    with project.read() as uow:
        return uow.coders.all()


def coders_with_codings(project: Project) -> set[str]:
    """The ids of the coders who have made at least one coding (one query)."""
    with project.read() as uow:
        return {coder_id for coder_id, count in uow.codings.counts("coder_id").items() if count}


def clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput("a coder needs a name")
    return check_name("coder", name)


def ensure_in_unit(uow: UnitOfWork, name: str) -> Coder:
    """The coder with this name, added in this unit of work when new."""
    name = clean_name(name)
    found = uow.coders.find(name)
    return found if found is not None else uow.coders.ensure(Coder(id=new_id(), name=name))


def ensure_coder(project: Project, name: str) -> Coder:
    """The coder with this name, created when new."""
    with project.read() as uow:
        found = uow.coders.find(clean_name(name))
    if found is not None:
        return found
    with project.write() as uow:
        return ensure_in_unit(uow, name)


def find_coder(project: Project, name: str) -> Coder:
    with project.read() as uow:
        found = uow.coders.find(name)
    if found is None:
        raise NotFound(f"no coder named '{name}' in the project")
    return found
