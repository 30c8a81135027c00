"""``coder copy FROM TO``: a whole project moved between a file and a server, or file to file.

Table by table, every column, ids, versions and times kept, read from one snapshot of the source and
written in one transaction on the target, which must hold no project yet. A failed copy leaves no
target behind. On a server target, the copying role becomes the project's first lead (its coder is the
one of the same name when the project has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from coder.domain.model import new_id
from coder.services.project import PROJECT_SUFFIX, Project, create_project, is_server_location, open_project
from coder.storage.repo_tables import COLUMNS

TABLES = tuple(COLUMNS)  # every table of a project's content, parents before children
_BATCH = 5_000


@dataclass(frozen=True)
class CopySummary:
    rows: dict[str, int]  # rows copied per table


def location_of(text: str) -> Path | str:
    """A command-line argument as a project location: a server URL, or a file path."""
    return text if is_server_location(text) else Path(text).expanduser()


def copy_project(source: Path | str, target: Path | str) -> CopySummary:
    """Copy the project at ``source`` into a new project at ``target`` (see the module's doc)."""
    from coder.domain.errors import InvalidInput

    if isinstance(target, Path) and target.suffix.lower() != PROJECT_SUFFIX:
        raise InvalidInput(f"a project file must end in {PROJECT_SUFFIX}, not '{target.name}'")
    if isinstance(source, Path) and isinstance(target, Path) and source.exists():
        if target.exists() and target.resolve() == source.resolve():
            raise InvalidInput("the copy must go to another place than the project itself")
    with open_project(source) as origin:
        made = create_project(target, lead=False)
        try:
            with made:
                return _copy(origin, made)
        except BaseException:
            _remove(target)
            raise


def _copy(origin: Project, made: Project) -> CopySummary:
    counts: dict[str, int] = {}
    with origin.read() as source, made.write() as target:
        for table in TABLES:
            if table == "codings" and made.is_server:
                target.team.add_lead(new_id())  # before the codings: a lead may write anyone's
            rows = source.tables.dump(table)
            counts[table] = 0
            while batch := list(islice(rows, _BATCH)):
                target.tables.load(table, batch)
                counts[table] += len(batch)
    return CopySummary(counts)


def _remove(target: Path | str) -> None:
    if isinstance(target, Path):
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return
    from coder.storage import postgres_db

    postgres_db.drop_schema(target)
