"""A unit of work: one transaction, its repositories, and the changes it made.

Services open one with ``project.read()`` or ``project.write()`` and call repository methods; the
SQL lives in the repositories. What a write changed is collected in :attr:`UnitOfWork.log`.
"""

from __future__ import annotations

from coder.domain.changes import ChangeLog
from coder.storage.repo_attributes import AttributesRepo
from coder.storage.repo_codebook import CodersRepo, CodesRepo
from coder.storage.repo_codings import CodingsRepo
from coder.storage.repo_consensus import ConsensusRepo
from coder.storage.repo_memos import MemosRepo
from coder.storage.repo_sources import SourcesRepo
from coder.storage.repo_tables import TablesRepo
from coder.storage.repo_team import TeamRepo
from coder.storage.sql import Sql


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
        self.consensus = ConsensusRepo(sql, log)
        self.memos = MemosRepo(sql, log)
        self.attributes = AttributesRepo(sql, log)
        self.team = TeamRepo(sql, log)
        self.tables = TablesRepo(sql, log)

    @property
    def dialect(self) -> str:
        return self.sql.dialect
