"""The team of a server project: login roles, the coder each one is, and who leads.

Only a server has a team (a file is changed by whoever may write it). Roles are created and granted
here, inside the unit of work's transaction, so adding a member is all or nothing like any change.
"""

from __future__ import annotations

from coder.domain.changes import ChangeLog
from coder.domain.errors import InvalidInput
from coder.storage.sql import Sql

ROLES = ("coder", "lead")
MAX_ROLE_NAME = 63  # bytes: PostgreSQL's limit for a role's name


def quoted(name: str) -> str:
    """A role name as a quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


class TeamRepo:
    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    def _require_server(self) -> None:
        if self.sql.dialect != "postgresql":
            raise InvalidInput(
                "a project file has no team: whoever may write the file changes everything in it; "
                "a team works together on a server project (see 'coder init postgresql://...')"
            )

    def groups(self) -> tuple[str, str]:
        """The project's (lead, coder) group roles."""
        row = self.sql.row("SELECT lead_role, coder_role FROM coder_schema")
        assert row is not None
        return str(row[0]), str(row[1])

    def members(self) -> list[tuple[str, str, str]]:
        """(role name, coder name, 'lead' or 'coder') of every member, by role name."""
        self._require_server()
        found = self.sql.rows(
            "SELECT t.role_name, c.name, t.role FROM team t JOIN coders c ON c.id = t.coder_id "
            "ORDER BY t.role_name"
        )
        return [(str(a), str(b), str(c)) for a, b, c in found]

    def me(self) -> str:
        """The connecting role (the name the server records on this session's codings)."""
        self._require_server()
        return str(self.sql.value("SELECT session_user"))

    def add(self, name: str, role: str, coder_id: str) -> bool:
        """Make role ``name`` a member as ``role`` (creating the login role when new), with a coder of its
        name (``coder_id`` when one must be made). Returns whether the login role was created."""
        self._require_server()
        if role not in ROLES:
            raise InvalidInput(f"a team member's role is 'coder' or 'lead', not '{role}'")
        if not name.strip() or name != name.strip():
            raise InvalidInput("a team member needs a name without spaces at either end")
        if len(name.encode("utf-8")) > MAX_ROLE_NAME or "\x00" in name:
            raise InvalidInput(
                f"'{name}' cannot be a role name: it must be at most {MAX_ROLE_NAME} bytes long"
            )
        lead_group, coder_group = self.groups()
        created = self.sql.value("SELECT 1 FROM pg_roles WHERE rolname = ?", (name,)) is None
        if created:
            self.sql.run(f"CREATE ROLE {quoted(name)} LOGIN")
        keep, drop = (lead_group, coder_group) if role == "lead" else (coder_group, lead_group)
        member = self.sql.value("SELECT pg_has_role(?, ?, 'MEMBER')", (name, drop))
        if member and self.sql.value(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = ? AND u.rolname = ?",
            (drop, name),
        ):
            self.sql.run(f"REVOKE {quoted(drop)} FROM {quoted(name)}")
        admin = " WITH ADMIN OPTION" if role == "lead" else ""
        self.sql.run(f"GRANT {quoted(keep)} TO {quoted(name)}{admin}")
        found = self.sql.value("SELECT id FROM coders WHERE name = ?", (name,))
        if found is None:
            self.sql.run("INSERT INTO coders (id, name) VALUES (?, ?)", (coder_id, name))
            found = coder_id
            self.log.mark("coders")
        self.sql.run(
            "INSERT INTO team (role_name, coder_id, role) VALUES (?, ?, ?) "
            "ON CONFLICT (role_name) DO UPDATE SET role = excluded.role, coder_id = excluded.coder_id",
            (name, found, role),
        )
        return created

    def add_lead(self, coder_id: str) -> None:
        """Make the connecting role a lead, with a coder of its name (kept when there is one)."""
        self.add(self.me(), "lead", coder_id)
