"""What other sessions commit to a server project, turned into :class:`Changes` on a thread of its own.

The server announces every committed change on one channel (see :mod:`coder.storage.migrations_postgres`).
A listener holds its own connection with ``LISTEN``, sleeps until a notification arrives (no polling),
skips what this process's own sessions did (they report their changes themselves), reads the new and
changed codings by id, and hands one :class:`Changes` per batch to its callback. When the connection
breaks it says so, retries with a growing pause, and after reconnecting reports ``everything``, since
what was committed meanwhile was not heard.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import psycopg

from coder.domain.changes import ChangeLog, Changes
from coder.storage import rows
from coder.storage.migrations_postgres import CHANNEL
from coder.storage.repo_codings import CodingsRepo
from coder.storage.sql import Sql

if TYPE_CHECKING:
    from coder.storage.postgres_db import PostgresDatabase

FLAGS = {
    "sources": "sources",
    "codes": "codebook",
    "coders": "coders",
    "team": "coders",
    "memos": "memos",
    "attributes": "attributes",
    "source_values": "attributes",
    "consensus": "consensus",
    "decisions": "consensus",
}
GATHER_SECONDS = 0.03  # notifications arriving this close together make one batch
RETRY_SECONDS = (0.5, 1.0, 2.0, 4.0)

CONNECTED = "connected"
LOST = "lost"


class ChangeListener:
    def __init__(
        self,
        database: PostgresDatabase,
        on_changes: Callable[[Changes], None],
        on_status: Callable[[str], None],
    ) -> None:
        self.database = database
        self.on_changes = on_changes
        self.on_status = on_status
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coder-change-listener", daemon=True)
        self._connection: psycopg.Connection[Any] | None = None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    # ------------------------------------------------------------------ the thread

    def _run(self) -> None:
        heard_before = False
        failures = 0
        while not self._stop.is_set():
            try:
                self._connection = self._connect()
            except psycopg.Error:
                self.on_status(LOST)
                self._stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
                continue
            failures = 0
            self.on_status(CONNECTED)
            if heard_before:
                self.on_changes(Changes(everything=True))  # what happened while we were away is unknown
            heard_before = True
            try:
                self._listen(self._connection)
            except psycopg.Error:
                if not self._stop.is_set():
                    self.on_status(LOST)
            finally:
                try:
                    self._connection.close()
                except psycopg.Error:
                    pass
                self._connection = None

    def _connect(self) -> psycopg.Connection[Any]:
        extra: dict[str, Any] = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2}
        extra["keepalives_count"] = 3  # a silently broken network shows within about 11 s
        password = self.database.password()
        if password:
            extra["password"] = password
        connection = psycopg.connect(self.database.url, autocommit=True, connect_timeout=5, **extra)
        connection.execute(f"LISTEN {CHANNEL}")
        return connection

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            batch = list(connection.notifies(timeout=0.5, stop_after=1))
            if not batch:
                continue
            batch.extend(connection.notifies(timeout=GATHER_SECONDS))
            own = self.database.backend_pids
            payloads = [n.payload for n in batch if n.pid not in own]
            if payloads:
                changes = self._changes(connection, payloads)
                if not changes.empty:
                    self.on_changes(changes)

    def _changes(self, connection: psycopg.Connection[Any], payloads: list[str]) -> Changes:
        log = ChangeLog()
        inserted: list[str] = []
        updated: list[str] = []
        for payload in payloads:
            try:
                message = json.loads(payload)
            except ValueError:
                log.many_codings()
                continue
            table = message.get("table")
            if table != "codings":
                log.mark(FLAGS.get(str(table), "everything"))
                continue
            op = message.get("op")
            if op == "insert":
                inserted.extend(message.get("ids", []))
            elif op == "update":
                updated.extend(message.get("ids", []))
            elif op == "delete":
                log.codings_removed([rows.coding(row) for row in message.get("rows", [])])
            else:
                log.many_codings()
        if (inserted or updated) and "everything" not in log.flags:
            repo = CodingsRepo(Sql(connection.cursor(), "postgresql", self.database.where, _raw), log)
            found = {coding.id: coding for coding in repo.get_many(list(dict.fromkeys(inserted + updated)))}
            log.codings_added([found[i] for i in dict.fromkeys(inserted) if i in found])
            log.codings_updated(
                [found[i] for i in dict.fromkeys(updated) if i in found and i not in inserted]
            )
        return log.freeze()


def _raw(error: BaseException, _where: str) -> BaseException:
    """Driver errors stay as they are here: the listener's loop reconnects on them."""
    return error
