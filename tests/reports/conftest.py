"""The hand-counted project of small_project.py as a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from small_project import build_small_project


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    return build_small_project(tmp_path / "small.coder")
