"""Shared pieces of the agreement window tests: a small study, fixtures and table readers.

The fixtures live here rather than in a ``conftest.py``: the UI tests one folder up import their
own ``conftest`` by name, which a second ``conftest`` module in this folder would shadow. Each test
module imports the fixtures it uses from here (``<name>_fixture`` provides the fixture ``<name>``).

``example.txt`` holds the worked example of specs/agreement.md for the code "Other" (coders A and
B); both code "Theme/Entrapment" there identically. ``party.txt`` has emoji (astral characters)
before every coded passage; A, B and C code "Theme/Entrapment" there differently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot

from coder.services import codebook, coders, codings, sources
from coder.services.project import Project, open_project
from coder.ui import dialogs
from coder.ui.agreement import AgreementWindow, open_agreement_window
from coder.ui.session import Session

WORKED = "abcdefghijklmnopqrst"
PARTY = "🎉 Party night 😀 We argued loudly, then 🙂 we made up.\nThe end 🌍."
MEMO_A = "Arguing keeps her from leaving."
MEMO_B = "A quarrel, not entrapment."


@dataclass
class Study:
    path: Path
    project: Project
    session: Session
    codes: dict[str, str]  # path -> id
    sources: dict[str, str]  # name -> id
    coders: dict[str, str]  # name -> id


def table(model: QAbstractItemModel) -> dict[str, list[str]]:
    """The displayed cells of a table model, by the text of the first column."""
    return {
        model.index(row, 0).data(): [model.index(row, c).data() for c in range(model.columnCount())]
        for row in range(model.rowCount())
    }


def names(model: QAbstractItemModel) -> list[str]:
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def three(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def utf16(text: str, offset: int) -> int:
    """A code-point offset as a UTF-16 position, computed independently of the app."""
    return len(text[:offset].encode("utf-16-le")) // 2


@pytest.fixture(name="study")
def study_fixture(project_path: Path, tmp_path: Path, qtbot: QtBot) -> Iterator[Study]:
    project = open_project(project_path)
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "example.txt").write_text(WORKED, encoding="utf-8")
    (folder / "party.txt").write_text(PARTY, encoding="utf-8")
    stored = sources.import_files(project, [folder / "example.txt", folder / "party.txt"])
    source_ids = {info.name: info.id for info in stored}
    theme = codebook.add_code(project, "Theme")
    entrapment = codebook.add_code(project, "Entrapment", theme.id)
    other = codebook.add_code(project, "Other")
    coder_ids = {name: coders.ensure_coder(project, name).id for name in ("A", "B", "C")}

    def code(coder: str, code_id: str, source: str, start: int, end: int, memo: str = "") -> None:
        codings.add_coding(project, source_ids[source], code_id, coder_ids[coder], start, end, memo=memo)

    for coder, start, end in (("A", 2, 10), ("A", 14, 18), ("B", 4, 12), ("B", 15, 17)):
        code(coder, other.id, "example.txt", start, end)
    code("A", entrapment.id, "example.txt", 0, 5)
    code("B", entrapment.id, "example.txt", 0, 5)
    code("A", entrapment.id, "party.txt", 16, 32, MEMO_A)  # "We argued loudly"
    code("A", entrapment.id, "party.txt", 41, 51)  # "we made up"
    code("B", entrapment.id, "party.txt", 19, 38, MEMO_B)  # "argued loudly, then"
    code("C", entrapment.id, "party.txt", 26, 51)  # "loudly, then 🙂 we made up"
    session = Session(project, "A")
    codes = {"Theme": theme.id, "Theme/Entrapment": entrapment.id, "Other": other.id}
    yield Study(project_path, project, session, codes, source_ids, coder_ids)
    project.close()


@pytest.fixture(name="errors_shown")
def errors_shown_fixture(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every message the app shows in an error box (the box itself is not opened)."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, message: shown.append(message))
    return shown


@pytest.fixture(name="window")
def window_fixture(study: Study, qtbot: QtBot, errors_shown: list[str]) -> AgreementWindow:
    opened = open_agreement_window(study.session, None)
    qtbot.addWidget(opened)
    return opened


@pytest.fixture(name="compute")
def compute_fixture(qtbot: QtBot) -> Callable[[AgreementWindow], None]:
    """Press Compute and wait until the new figures are shown."""

    def press(window: AgreementWindow) -> None:
        before = window.run
        qtbot.mouseClick(window.choices.compute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.run is not None and window.run is not before, timeout=10_000)

    return press
