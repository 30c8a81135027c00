"""Shared test set-up: headless Qt, and paths to the optional study material."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user data folder or CODER_PROJECT."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("CODER_PROJECT", raising=False)


def table_snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of a project file, for 'the project is unchanged' checks."""
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        return {
            name: sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr) for name in tables
        }
    finally:
        connection.close()


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A new, empty project file."""
    from coder.services.project import create_project

    path = tmp_path / "study.coder"
    create_project(path).close()
    return path


@pytest.fixture
def snapshot() -> Callable[[Path], dict[str, list[tuple[object, ...]]]]:
    """``snapshot(path)``: every row of a project file, to prove a failure changed nothing."""
    return table_snapshot
