"""Opening and creating projects, and where the default project lives."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from sqlalchemy.engine import Engine
from sqlmodel import Session

from coder.domain.model import CodeSpec
from coder.storage import db

PROJECT_SUFFIX = ".coder"
ENVIRONMENT_VARIABLE = "CODER_PROJECT"


class Project:
    """An open project file. Every change runs inside :meth:`transaction`."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self._engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with db.transaction(self._engine) as session:
            yield session

    @property
    def name(self) -> str:
        return self.path.stem

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def create_project(path: Path, codebook: Sequence[CodeSpec] | None = None) -> Project:
    """Create a new project file, with ``codebook`` loaded; on any failure no file is left."""
    project = Project(path, db.create(path))
    if codebook:
        from coder.services.codebook import load_specs

        try:
            load_specs(project, codebook)
        except BaseException:
            project.close()
            path.unlink(missing_ok=True)
            raise
    return project


def study_codebook() -> list[CodeSpec]:
    """The codebook of the first study, shipped inside the package."""
    from coder.codebook_yaml import bundled_codebook_text, load_codebook

    return load_codebook(bundled_codebook_text(), "codebook.yaml")


def open_project(path: Path) -> Project:
    return Project(path, db.open_existing(path))


def default_project_path() -> Path:
    return Path(platformdirs.user_data_dir("coder", appauthor=False)) / f"default{PROJECT_SUFFIX}"


def resolve_project_path(explicit: str | None) -> tuple[Path, bool]:
    """The project to use and whether it is the default one (created on first use)."""
    if explicit:
        return Path(explicit).expanduser(), False
    from_env = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_env:
        return Path(from_env).expanduser(), False
    return default_project_path(), True


def open_or_create(path: Path, is_default: bool) -> Project:
    """Open ``path``; the default project is created, with the study codebook, on first use."""
    if is_default and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        return create_project(path, study_codebook())
    return open_project(path)
