"""The hand-counted project of small_project.py as a fixture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from small_project import build_small_project


@pytest.fixture(params=["file", "server"])
def small_project(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The small project as a file, and the same project copied to a server database (its URL)."""
    path = build_small_project(tmp_path / "small.coder")
    if request.param == "file":
        return path
    from coder.services.copy import copy_project

    url = str(request.getfixturevalue("server_url"))
    copy_project(path, url)
    return url


@pytest.fixture
def cli_project(tmp_path: Path) -> Callable[[str], Path]:
    """``cli_project(code_name)``: a project with one source coded once with a code of that name."""

    def make(code_name: str) -> Path:
        from coder.domain.model import ImportedText
        from coder.services import codebook, coders, codings, sources
        from coder.services.project import create_project

        path = tmp_path / "named.coder"
        with create_project(path) as project:
            (source,) = sources.store(project, [ImportedText("a.txt", "txt", "some text here")])
            code = codebook.add_code(project, code_name)
            coder = coders.ensure_coder(project, "ann")
            codings.add_coding(project, source.id, code.id, coder.id, 0, 4)
        return path

    return make
