"""A project in a PostgreSQL database: the same interface as :mod:`coder.storage.sqlite_file`.

Connections come from a SQLAlchemy engine (``postgresql+psycopg``): its pool hands each thread a
connection and builds the connection from the URL. A transaction's BEGIN doubles as the check that a
pooled connection still works: when the server dropped it (a restart, a broken network), the pool is
renewed and the action goes on, so nobody sees an error for a connection that died while idle. The
repositories speak plain DB-API to the psycopg connection underneath. Reads are ``REPEATABLE READ
READ ONLY`` snapshots, which never wait for writers; a write is one ordinary transaction.

SQLAlchemy and psycopg are imported here only, and this module only for server projects, so a file
project never pays for them at start-up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import errors as pg_errors
from psycopg import sql as pg_sql

from coder.domain.errors import CoderError, Conflict, PasswordNeeded
from coder.storage import migrations_postgres as schema
from coder.storage.sql import Busy, Disconnected, Sql, StorageError, integrity_error

WRITE_WAIT_MS = 60_000  # how long a write waits for a row another transaction holds
MAX_ROLE_LENGTH = 63


class NotAProject(CoderError):
    """The database is not a coder project (or not one this coder can open)."""


class NeedsPassword(StorageError, PasswordNeeded):
    """The server asks for a password (libpq found none in ~/.pgpass, PGPASSWORD or a service file)."""


class NotAllowed(StorageError):
    """The connecting role may not do this (grants and row-level security of the project)."""


# --------------------------------------------------------------------------------------------- urls


def conninfo(url: str) -> dict[str, Any]:
    """The libpq parameters of a ``postgresql://`` URL."""
    try:
        return psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        raise CoderError(
            "the server address is not a valid postgresql:// URL; write it as "
            "postgresql://USER@HOST:PORT/DATABASE or postgresql:///DATABASE?host=/socket/folder"
        ) from None


def database_name(url: str) -> str:
    info = conninfo(url)
    name = info.get("dbname") or urlsplit(url).path.lstrip("/")
    if not name:
        raise CoderError("the server address names no database; add it after the host, as in .../DATABASE")
    return str(name)


def label(url: str) -> str:
    """How messages name a server project (never with a password)."""
    info = conninfo(url)
    host = info.get("host") or "localhost"
    if str(host).startswith("/"):
        host = "this machine"
    return f"the server project '{database_name(url)}' on {host}"


def _engine_url(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}"


# --------------------------------------------------------------------------------------------- errors


def translate(error: BaseException, where: str) -> BaseException:
    """A psycopg (or SQLAlchemy-wrapped) error as one sentence; never SQL, never a traceback."""
    if isinstance(error, CoderError):
        return error
    original = getattr(error, "orig", None)
    if isinstance(original, BaseException):
        error = original
    if not isinstance(error, psycopg.Error):
        return error
    message = str(error)
    lowered = message.lower()
    if isinstance(error, pg_errors.InsufficientPrivilege):
        if "not on the team" in lowered:
            return NotAllowed(
                f"your role is not on the team of {where}; ask a lead to add you with 'coder team add'"
            )
        return NotAllowed(
            f"your role may not do this in {where}: a coder changes only their own codings and memos, and "
            "only a lead changes sources, the codebook and the team"
        )
    if isinstance(error, (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)):
        return Busy(f"{where} was changed by someone else at the same moment; try again")
    if isinstance(error, pg_errors.LockNotAvailable):
        return Busy(f"{where} is busy with another change that holds what you change; try again in a moment")
    if isinstance(error, psycopg.IntegrityError):
        return integrity_error(message)
    if "nul" in lowered and "0x00" in lowered:
        return StorageError(f"a text holds a NUL character, which {where} cannot store; nothing was changed")
    if isinstance(error, pg_errors.ReadOnlySqlTransaction):
        return StorageError(f"{where} is read-only at the moment (a standby server?); nothing was changed")
    if "password" in lowered and ("no password" in lowered or "authentication failed" in lowered):
        return NeedsPassword(
            f"the server of {where} asks for a password; put it in ~/.pgpass or PGPASSWORD, or enter it "
            "when the app asks"
        )
    if "does not exist" in lowered and "database" in lowered:
        return NotAProject(
            f"there is no such database for {where}; ask the server's administrator to create it "
            "(see the README's section for a team's administrator)"
        )
    if "role" in lowered and "does not exist" in lowered:
        return NotAllowed(f"the server of {where} does not know your role; ask a lead to add you to the team")
    if isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
        return Disconnected(
            f"the connection to {where} is lost or cannot be made; check the network and that the server "
            "runs (coder tries again)"
        )
    if isinstance(error, psycopg.DataError):
        return StorageError(f"{where} refused a value that is out of range; nothing was changed")
    return StorageError(f"{where} could not do this change ({type(error).__name__}); nothing was changed")


# --------------------------------------------------------------------------------------------- schema


def connect(url: str, password: str | None = None) -> psycopg.Connection[Any]:
    """One direct connection in autocommit mode (checks, schema changes, the change listener)."""
    extra: dict[str, Any] = {"options": f"-c lock_timeout={WRITE_WAIT_MS}"}
    if password:
        extra["password"] = password
    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10, **extra)
    except psycopg.Error as error:
        raise translate(error, label(url)) from None


def _user_tables(connection: psycopg.Connection[Any]) -> set[str]:
    return {
        name
        for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
        ).fetchall()
    }


def read_version(connection: psycopg.Connection[Any], where: str) -> tuple[int, str, str]:
    """(schema version, lead role, coder role) of a coder project; refuses anything else."""
    tables = _user_tables(connection)
    if "coder_schema" not in tables:
        if tables:
            raise NotAProject(
                f"{where} holds tables of another program, not a coder project; use an empty database"
            )
        raise NotAProject(f"{where} holds no coder project yet; create one with 'coder init URL'")
    row = connection.execute("SELECT version, lead_role, coder_role FROM coder_schema").fetchone()
    if row is None:
        raise NotAProject(f"{where} is not a complete coder project (it has no schema version)")
    version = int(row[0])
    if version > schema.SCHEMA_VERSION:
        raise NotAProject(f"{where} was made by a newer version of coder; update coder to open it")
    return version, str(row[1]), str(row[2])


def group_roles(database: str) -> tuple[str, str]:
    """The names of a project's lead and coder group roles."""
    base = database[: MAX_ROLE_LENGTH - len("_coder")]
    return f"{base}_lead", f"{base}_coder"


def _ensure_role(connection: psycopg.Connection[Any], name: str, login: bool) -> None:
    exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
    if exists is None:
        kind = pg_sql.SQL("LOGIN") if login else pg_sql.SQL("NOLOGIN")
        connection.execute(pg_sql.SQL("CREATE ROLE {} {}").format(pg_sql.Identifier(name), kind))


def _migrate(connection: psycopg.Connection[Any], start: int, lead: str, coder: str) -> None:
    quoted = (pg_sql.Identifier(lead).as_string(connection), pg_sql.Identifier(coder).as_string(connection))
    for step in range(start, schema.SCHEMA_VERSION):
        connection.execute(schema.script(step, *quoted).encode())
    connection.execute("UPDATE coder_schema SET version = %s", (schema.SCHEMA_VERSION,))


def create(url: str, password: str | None = None, with_lead: bool = True) -> PostgresDatabase:
    """Make the schema in an empty database; the connecting role becomes the project's first lead.

    ``with_lead=False`` leaves the team empty (a copy brings its own coders; the caller adds the lead).
    """
    where = label(url)
    database = database_name(url)
    connection = connect(url, password)
    try:
        tables = _user_tables(connection)
        if "coder_schema" in tables:
            raise Conflict(f"{where} already holds a coder project; choose an empty database")
        if tables:
            raise NotAProject(
                f"{where} holds tables of another program, so coder does not use it; create an empty "
                "database for the project"
            )
        lead, coder = group_roles(database)
        with connection.transaction():
            try:
                _ensure_role(connection, lead, login=False)
                _ensure_role(connection, coder, login=False)
            except pg_errors.InsufficientPrivilege:
                raise NotAllowed(
                    f"creating {where} needs a role that may create roles (CREATEROLE); ask the server's "
                    "administrator (see the README's section for a team's administrator)"
                ) from None
            _create_schema(connection, lead, coder)
            identifier = pg_sql.Identifier(database)
            connection.execute(
                pg_sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
                    identifier, pg_sql.Identifier(lead), pg_sql.Identifier(coder)
                )
            )
            if with_lead:
                add_lead(connection, where)
    except psycopg.Error as error:
        raise translate(error, where) from None
    finally:
        connection.close()
    return PostgresDatabase(url, password)


def _create_schema(connection: psycopg.Connection[Any], lead: str, coder: str) -> None:
    quoted = (pg_sql.Identifier(lead).as_string(connection), pg_sql.Identifier(coder).as_string(connection))
    connection.execute(schema.script(0, *quoted).encode())
    connection.execute(
        "INSERT INTO coder_schema (application, version, lead_role, coder_role) VALUES ('coder', 1, %s, %s)",
        (lead, coder),
    )
    for step in range(1, schema.SCHEMA_VERSION):
        connection.execute(schema.script(step, *quoted).encode())
    connection.execute("UPDATE coder_schema SET version = %s", (schema.SCHEMA_VERSION,))
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('created_at', to_char(now() AT TIME ZONE 'UTC', "
        '\'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\'))'
    )


def add_lead(connection: psycopg.Connection[Any], where: str) -> None:
    """Make the connecting role a lead of the project, with a coder of its name (kept if present)."""
    from coder.domain.changes import ChangeLog
    from coder.domain.model import new_id
    from coder.storage.repo_team import TeamRepo

    TeamRepo(Sql(connection.cursor(), "postgresql", where, translate), ChangeLog()).add_lead(new_id())


def drop_schema(url: str, password: str | None = None) -> None:
    """Remove every table and function :func:`create` made (after a failed creation)."""
    connection = connect(url, password)
    try:
        with connection.transaction():
            for table in reversed(schema.TABLES):
                connection.execute(
                    pg_sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(pg_sql.Identifier(table))
                )
            for function in schema.FUNCTIONS:
                connection.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    except psycopg.Error as error:
        raise translate(error, label(url)) from None
    finally:
        connection.close()


def open_existing(url: str, password: str | None = None) -> PostgresDatabase:
    """Open a server project, refusing a database that is not one, and migrate it if old."""
    where = label(url)
    connection = connect(url, password)
    try:
        version, lead, coder = read_version(connection, where)
        if version < schema.SCHEMA_VERSION:
            try:
                with connection.transaction():
                    _migrate(connection, version, lead, coder)
            except pg_errors.InsufficientPrivilege:
                raise NotAllowed(
                    f"{where} must be upgraded to this version of coder by the role that owns its tables; "
                    "ask that lead to open it once"
                ) from None
    except psycopg.Error as error:
        raise translate(error, where) from None
    finally:
        connection.close()
    return PostgresDatabase(url, password)


# --------------------------------------------------------------------------------------------- database


class PostgresDatabase:
    """A pool of connections to one server project."""

    dialect = "postgresql"

    def __init__(self, url: str, password: str | None = None) -> None:
        from sqlalchemy import create_engine, event

        self.url = url
        self.path = None
        self.location = url
        self.where = label(url)
        self._password = password  # kept only in memory, for reconnecting; never stored
        connect_args: dict[str, Any] = {"options": f"-c lock_timeout={WRITE_WAIT_MS}", "connect_timeout": 10}
        if password:
            connect_args["password"] = password
        # No pool_pre_ping: a transaction's own BEGIN is the ping (see _begin), which saves a round trip
        # per action (measured: about 20% of the client's and 6% of the server's time for one coding).
        self._engine = create_engine(
            _engine_url(url), pool_size=4, max_overflow=16, connect_args=connect_args
        )
        self.backend_pids: set[int] = set()  # this process's own sessions, whose notifications it skips
        self._lock = threading.Lock()

        @event.listens_for(self._engine, "connect")
        def _autocommit(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.autocommit = True  # transactions are begun and ended explicitly
            with self._lock:
                self.backend_pids.add(dbapi_connection.info.backend_pid)

        self.role = self._session_user()

    def _session_user(self) -> str:
        with self.transaction(write=False) as sql:
            return str(sql.value("SELECT session_user"))

    def password(self) -> str | None:
        return self._password

    def _begin(self, write: bool) -> tuple[Any, psycopg.Connection[Any], psycopg.Cursor[Any]]:
        """A pooled connection with its transaction begun.

        BEGIN is the first thing sent: when it fails because the connection is dead (the server
        restarted, the network broke while the connection sat in the pool), nothing was done yet, so the
        pool's connections are dropped and BEGIN is tried once more on a fresh one.
        """
        begin = "BEGIN" if write else "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        for attempt in (1, 2):
            try:
                proxied = self._engine.raw_connection()
            except Exception as error:  # noqa: BLE001 - SQLAlchemy wraps the driver's error
                raise translate(error, self.where) from None
            connection: psycopg.Connection[Any] = proxied.driver_connection  # type: ignore[assignment]
            cursor = connection.cursor()
            try:
                cursor.execute(begin)
                return proxied, connection, cursor
            except psycopg.Error as error:
                dead = connection.broken or connection.closed or isinstance(error, psycopg.OperationalError)
                if dead:
                    proxied.invalidate()
                    self._engine.dispose(close=False)  # the others in the pool are likely dead as well
                proxied.close()
                if not dead or attempt == 2:
                    raise translate(error, self.where) from None
        raise AssertionError("unreachable")

    @contextmanager
    def transaction(self, write: bool, bulk: bool = False) -> Iterator[Sql]:
        # ``bulk`` changes nothing here: a server checks every row's references as it always does.
        where = self.where
        proxied, connection, cursor = self._begin(write)
        try:
            try:
                yield Sql(cursor, self.dialect, where, translate)
            except BaseException:
                _rollback(connection)
                raise
            try:
                cursor.execute("COMMIT")
            except psycopg.Error as error:
                _rollback(connection)
                raise translate(error, where) from None
        finally:
            if connection.broken or connection.closed:
                proxied.invalidate()
            proxied.close()

    def listener(
        self, on_changes: Callable[[Any], None], on_status: Callable[[str], None]
    ) -> Callable[[], None]:
        """Watch for what other sessions commit (see :mod:`coder.storage.postgres_listen`)."""
        from coder.storage.postgres_listen import ChangeListener

        listener = ChangeListener(self, on_changes, on_status)
        listener.start()
        return listener.stop

    def close(self) -> None:
        self._engine.dispose()


def _rollback(connection: psycopg.Connection[Any]) -> None:
    if connection.broken or connection.closed:
        return
    try:
        connection.execute("ROLLBACK")
    except psycopg.Error:
        pass
