"""A unit of work: one transaction, its repositories, and the changes it made.

Services open one with ``project.read()`` or ``project.write()`` and call repository methods; the
SQL lives in the repositories. What a write changed is collected in :attr:`UnitOfWork.log`.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from coder.domain.changes import ChangeLog
from coder.storage.repo_codebook import CodersRepo, CodesRepo
from coder.storage.repo_codings import CodingsRepo
from coder.storage.repo_sources import SourcesRepo
from coder.storage.sql import Sql

if TYPE_CHECKING:
    from coder.storage.repo_attributes import AttributesRepo
    from coder.storage.repo_consensus import ConsensusRepo
    from coder.storage.repo_memos import MemosRepo
    from coder.storage.repo_tables import TablesRepo
    from coder.storage.repo_team import TeamRepo


class MetaRepo:
    """Project-wide settings as text by key."""

    def __init__(self, sql: Sql, log: ChangeLog) -> None:
        self.sql, self.log = sql, log

    def get(self, key: str) -> str | None:
        return self.sql.value("SELECT value FROM meta WHERE key = ?", (key,))

    def set(self, key: str, value: str) -> None:
        self.sql.run("DELETE FROM meta WHERE key = ?", (key,))
        self.sql.run("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))


class UnitOfWork:
    def __init__(self, sql: Sql, log: ChangeLog, actor: str = "") -> None:
        self.sql = sql
        self.log = log
        self.actor = actor  # who acts: the coder's name (on a server, the connecting role)
        self.sources = SourcesRepo(sql, log)
        self.codes = CodesRepo(sql, log)
        self.coders = CodersRepo(sql, log)
        self.codings = CodingsRepo(sql, log)
        self.meta = MetaRepo(sql, log)

    # The repositories a command rarely needs are made, and their modules loaded, on first use: a
    # command such as 'coder sources' starts without them.

    @cached_property
    def consensus(self) -> ConsensusRepo:
        from coder.storage.repo_consensus import ConsensusRepo

        return ConsensusRepo(self.sql, self.log)

    @cached_property
    def memos(self) -> MemosRepo:
        from coder.storage.repo_memos import MemosRepo

        return MemosRepo(self.sql, self.log)

    @cached_property
    def attributes(self) -> AttributesRepo:
        from coder.storage.repo_attributes import AttributesRepo

        return AttributesRepo(self.sql, self.log)

    @cached_property
    def team(self) -> TeamRepo:
        from coder.storage.repo_team import TeamRepo

        return TeamRepo(self.sql, self.log)

    @cached_property
    def tables(self) -> TablesRepo:
        from coder.storage.repo_tables import TablesRepo

        return TablesRepo(self.sql, self.log)

    @property
    def dialect(self) -> str:
        return self.sql.dialect
