"""Opening and creating projects, where the default project lives, and their transactions.

A project lives in a SQLite file (``.coder``) or, for a team, in a PostgreSQL database
(``postgresql://...``). Services see neither: they open a unit of work with :meth:`Project.read`
(a snapshot that never waits for writers) or :meth:`Project.write` (one transaction, all or nothing)
and call its repositories. After a write commits, everyone listening learns what changed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from coder.domain.changes import NO_CHANGES, ChangeLog, Changes
from coder.domain.model import CodeSpec
from coder.storage.unit_of_work import UnitOfWork

PROJECT_SUFFIX = ".coder"
ENVIRONMENT_VARIABLE = "CODER_PROJECT"
SERVER_SCHEMES = ("postgresql://", "postgres://")

Listener = Callable[[Changes], None]


class Database(Protocol):
    dialect: str
    location: str

    def transaction(self, write: bool, bulk: bool = False) -> Any: ...
    def close(self) -> None: ...


def is_server_location(location: str) -> bool:
    return location.startswith(SERVER_SCHEMES)


class Project:
    """An open project. Every change runs inside :meth:`write`."""

    def __init__(self, database: Database, path: Path | None = None, name: str | None = None) -> None:
        self.database = database
        self.path = path  # the file, for a file project; None on a server
        self.location = database.location
        self._name = name
        self.actor = ""  # who acts, for "changed by" (the app sets the coder's name)
        self._listeners: list[Listener] = []
        self._local = threading.local()
        self.last_changes: Changes = NO_CHANGES

    @property
    def name(self) -> str:
        if self._name:
            return self._name
        return self.path.stem if self.path is not None else self.location

    @property
    def dialect(self) -> str:
        return self.database.dialect

    @contextmanager
    def _unit(self, write: bool, bulk: bool = False) -> Iterator[UnitOfWork]:
        current: UnitOfWork | None = getattr(self._local, "unit", None)
        if current is not None:  # a service called inside another's transaction joins it
            if write and not getattr(self._local, "writing", False):
                raise RuntimeError("a write cannot start inside a read-only unit of work")
            yield current
            return
        log = ChangeLog()
        with self.database.transaction(write, bulk) as sql:
            unit = UnitOfWork(sql, log, self.actor)
            self._local.unit, self._local.writing = unit, write
            try:
                yield unit
            finally:
                self._local.unit, self._local.writing = None, False
        if write:
            changes = log.freeze()
            self.last_changes = changes
            if not changes.empty:
                for listener in list(self._listeners):
                    listener(changes)

    def read(self) -> Any:
        """A read-only unit of work: a consistent snapshot that never waits for a writer."""
        return self._unit(write=False)

    def write(self, bulk: bool = False) -> Any:
        """One transaction: committed when the block ends, rolled back whole on any error.

        ``bulk``: a write of a great many rows or much text (a codings import, an import of files),
        which the database may take in a faster way; what it stores and refuses is the same.
        """
        return self._unit(write=True, bulk=bulk)

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with what each committed write changed; returns a way to stop."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    @property
    def is_server(self) -> bool:
        return self.dialect == "postgresql"

    def watch(self, on_changes: Listener, on_status: Callable[[str], None]) -> Callable[[], None]:
        """Learn what *other* sessions commit to a server project, on a thread of its own.

        ``on_changes`` gets a :class:`Changes` for each batch of their commits (``everything`` after a
        lost connection came back); ``on_status`` gets ``"connected"`` or ``"lost"``. Both are called
        from the watching thread. A file project has nobody else to watch: nothing is started.
        Returns a way to stop.
        """
        start = getattr(self.database, "listener", None)
        if start is None:
            return lambda: None
        stop: Callable[[], None] = start(on_changes, on_status)
        return stop

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _file_project(database: Any) -> Project:
    return Project(database, path=database.path)


def create_project(
    location: Path | str,
    codebook: Sequence[CodeSpec] | None = None,
    password: str | None = None,
    lead: bool = True,
) -> Project:
    """Create a new project (a file, or the schema in an empty server database), with ``codebook``.

    On a server the connecting role becomes the first lead (``lead=False``: the team stays empty, for
    a copy that brings its coders along). On any failure nothing is left behind: no file, no tables.
    """
    if isinstance(location, str) and is_server_location(location):
        from coder.storage import postgres_db

        project = _server_project(postgres_db.create(location, password, with_lead=lead), location)
        cleanup: Callable[[], None] = lambda: postgres_db.drop_schema(location, password)  # noqa: E731
    else:
        from coder.storage import sqlite_file

        path = Path(location)
        project = _file_project(sqlite_file.create(path))
        cleanup = lambda: path.unlink(missing_ok=True)  # noqa: E731
    if codebook:
        from coder.services.codebook import load_specs

        try:
            load_specs(project, codebook)
        except BaseException:
            project.close()
            cleanup()
            raise
    return project


def study_codebook() -> list[CodeSpec]:
    """The codebook of the first study, shipped inside the package."""
    from coder.codebook_yaml import bundled_codebook_text, load_codebook

    return load_codebook(bundled_codebook_text(), "codebook.yaml")


def _server_project(database: Any, location: str) -> Project:
    from coder.storage import postgres_db

    project = Project(database, name=postgres_db.database_name(location))
    project.actor = database.role  # on a server, who acts is the connecting role
    return project


def open_project(location: Path | str, password: str | None = None) -> Project:
    """Open a project file or a server project (``password`` only when the server asks for one)."""
    if isinstance(location, str) and is_server_location(location):
        from coder.storage import postgres_db

        return _server_project(postgres_db.open_existing(location, password), location)
    from coder.storage import sqlite_file

    return _file_project(sqlite_file.open_existing(Path(location)))


def default_project_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("coder", appauthor=False)) / f"default{PROJECT_SUFFIX}"


def resolve_project_path(explicit: str | None) -> tuple[Path | str, bool]:
    """The project to use (a path, or a server URL as text) and whether it is the default one."""
    chosen = explicit or os.environ.get(ENVIRONMENT_VARIABLE)
    if chosen:
        return (chosen if is_server_location(chosen) else Path(chosen).expanduser()), False
    return default_project_path(), True


def open_or_create(location: Path | str, is_default: bool) -> Project:
    """Open ``location``; the default project is created, with the study codebook, on first use."""
    if is_default and isinstance(location, Path) and not location.exists():
        location.parent.mkdir(parents=True, exist_ok=True)
        return create_project(location, study_codebook())
    return open_project(location)


def save_copy(project: Project, target: Path) -> None:
    """A complete, consistent copy of a file project, taken while it is open (SQLite backup)."""
    from coder.domain.errors import Conflict, InvalidInput

    if project.path is None:
        raise InvalidInput("a server project is copied with 'coder copy', not saved as a file")
    if target.exists():
        raise Conflict(f"{target} already exists; choose a new file name for the copy")
    if target.suffix.lower() != PROJECT_SUFFIX:
        raise InvalidInput(f"a copy of the project must end in {PROJECT_SUFFIX}, not '{target.name}'")
    project.database.backup_to(target)  # type: ignore[attr-defined]
