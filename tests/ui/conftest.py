"""Fixtures for the coding workspace: a small project, a main window, and dialogs that answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from workspace_support import EMOJI_TEXT, OTHER_TEXT, Demo, FakeDialogs

from coder.domain.model import ImportedText
from coder.services import codebook, coders, sources
from coder.services.project import create_project
from coder.ui.settings import AppSettings


@pytest.fixture(autouse=True)
def fake_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> FakeDialogs | None:
    """In this folder's tests no real modal dialog can open (it would wait for a click forever)."""
    if Path(str(request.path)).parent.name != "ui":
        return None
    fake = FakeDialogs()
    fake.install(monkeypatch)
    return fake


@pytest.fixture
def settings(tmp_path: Path) -> AppSettings:
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    """A project with two sources (one with emoji) and a small codebook: Alpha, Beta › Beta child, Gamma."""
    project = create_project(tmp_path / "demo.coder")
    stored = sources.store(
        project,
        [
            ImportedText(name="a-first.txt", format="txt", text=EMOJI_TEXT),
            ImportedText(name="b-second.txt", format="txt", text=OTHER_TEXT),
        ],
    )
    alpha = codebook.add_code(project, "Alpha", colour="#f4a6a6")
    beta = codebook.add_code(project, "Beta", colour="#a6d8f4")
    child = codebook.add_code(project, "Beta child", parent_id=beta.id, colour="#b8e6a0")
    gamma = codebook.add_code(project, "Gamma", colour="#f7d08a")
    coders.ensure_coder(project, "Alice")
    codes = {"Alpha": alpha.id, "Beta": beta.id, "Beta child": child.id, "Gamma": gamma.id}
    yield Demo(project, stored[0].id, stored[1].id, codes)
    project.close()


@pytest.fixture
def window(qtbot: Any, demo: Demo, settings: AppSettings) -> Any:
    from coder.ui.app import build_window

    main = build_window(demo.project, settings, "Alice")
    qtbot.addWidget(main)
    main.resize(1200, 800)
    main.show()
    qtbot.waitExposed(main)
    main.sources.choose(demo.first)
    return main
