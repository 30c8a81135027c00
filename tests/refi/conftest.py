"""Fixtures for the REFI-QDA tests: the shared samples and schemas, fresh projects, a CLI runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from refi_helpers import Run

from coder.cli.main import main
from coder.services.project import Project, create_project

REFI = Path(__file__).resolve().parents[2].parent / "shared" / "refi"
SAMPLES = REFI / "samples"


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path.name} is not here: the shared REFI-QDA material (../shared/refi) is absent")
    return path


@pytest.fixture
def samples() -> Path:
    return _require(SAMPLES)


@pytest.fixture
def project_schema() -> object:
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(_require(REFI / "Project.xsd")))


@pytest.fixture
def codebook_schema() -> object:
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(_require(REFI / "Codebook.xsd")))


@pytest.fixture
def new_project(tmp_path: Path) -> Iterator[Callable[[str], Project]]:
    """``new_project(name)``: a fresh, empty project in tmp_path; closed after the test."""
    opened: list[Project] = []

    def make(name: str = "study") -> Project:
        project = create_project(tmp_path / f"{name}.coder")
        opened.append(project)
        return project

    yield make
    for project in opened:
        project.close()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run the command line in-process and capture what it prints."""

    def run(*args: str | Path) -> Run:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run
