"""The team of a server project: who may code, who leads (``coder team add``, ``coder team list``)."""

from __future__ import annotations

from dataclasses import dataclass

from coder.domain.errors import InvalidInput
from coder.domain.model import new_id
from coder.services.project import Project

ROLES = ("coder", "lead")


@dataclass(frozen=True)
class Member:
    role_name: str  # the database role the member connects as
    coder: str  # the coder's name on their codings (the same as the role's)
    role: str  # "lead" or "coder"


def add_member(project: Project, name: str, role: str = "coder") -> bool:
    """Give role ``name`` a place on the team (creating the login role when new); run by a lead.

    A coder reads everything and changes only their own codings and memos; a lead changes anything.
    Returns whether a new login role was created (it then needs a password or another way to log in).
    """
    if role not in ROLES:
        raise InvalidInput(f"a team member's role is 'coder' or 'lead', not '{role}'")
    with project.write() as uow:
        return uow.team.add(name, role, new_id())


def list_members(project: Project) -> list[Member]:
    with project.read() as uow:
        return [Member(*row) for row in uow.team.members()]


def current_member(project: Project) -> Member | None:
    """The connecting role's place on the team (None when it has none)."""
    with project.read() as uow:
        me = uow.team.me()
        return next((Member(*row) for row in uow.team.members() if row[0] == me), None)
