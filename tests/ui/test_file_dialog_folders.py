"""File dialogs start in the folder last used for that kind of file, else the home folder (item 11)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from workspace_support import REAL_DIALOGS

from coder.ui import dialogs
from coder.ui.settings import AppSettings


def answer(seen: list[Path], chosen: Path | None) -> None:
    """When the file dialog shows, note the folder it starts in, then choose ``chosen`` (or cancel)."""

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        seen.append(Path(dialog.directory().absolutePath()))
        if chosen is None:
            dialog.reject()
        else:
            dialog.selectFile(str(chosen))
            dialog.accept()

    QTimer.singleShot(0, respond)


def test_the_import_dialog_starts_at_home_then_where_files_were_last_taken(
    window: Any, tmp_path: Path, settings: AppSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "ask_import_files", REAL_DIALOGS["ask_import_files"])
    monkeypatch.setattr(dialogs, "ask_export_path", REAL_DIALOGS["ask_export_path"])
    folder = tmp_path / "interviews"
    folder.mkdir()
    (folder / "one.txt").write_text("One.", encoding="utf-8")
    seen: list[Path] = []
    answer(seen, folder / "one.txt")
    assert dialogs.ask_import_files(window) == [folder / "one.txt"]
    assert seen == [Path.home()]  # not the folder the app was started from
    answer(seen, None)
    assert dialogs.ask_import_files(window) == []
    assert seen[1] == folder  # the folder of the last import
    assert settings.last_folder("import") == folder  # kept for the next session too

    # Saving has its own memory: exports do not start among the sources.
    out = tmp_path / "results"
    out.mkdir()
    answer(seen, out / "coded.csv")
    assert dialogs.ask_export_path(window) == out / "coded.csv"
    assert seen[2] == Path.home()
    answer(seen, None)
    dialogs.ask_export_path(window)
    assert seen[3] == out
