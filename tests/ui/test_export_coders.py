"""File ▸ Export coded spans asks whose codings to export, all by default, whatever the view shows."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QListWidget
from workspace_support import REAL_DIALOGS, Demo, FakeDialogs

from coder.services import coders
from coder.ui import dialogs
from coder.ui.session import CoderFilter


def exported(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return sorted((row["coder"], row["text"]) for row in csv.DictReader(handle))


def two_coders(window: Any, demo: Demo) -> str:
    """Alice codes "Opening"; Bob codes "line" and "first"; Alice is the coder again, in blind view."""
    session = window.session
    session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="a-1")
    session.set_coder("Bob")
    session.add_coding(demo.first, demo.codes["Beta"], 8, 12, coding_id="b-1")
    session.add_coding(demo.first, demo.codes["Gamma"], 20, 25, coding_id="b-2")
    session.set_coder("Alice")
    assert session.coder_filter is CoderFilter.MINE and len(window.document.index) == 1
    return coders.find_coder(demo.project, "Bob").id


def test_export_offers_every_coder_ticked_and_writes_them_all_in_blind_view(
    window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    two_coders(window, demo)
    monkeypatch.setattr(dialogs, "ask_export_coders", REAL_DIALOGS["ask_export_coders"])
    offered: list[tuple[str, bool]] = []

    def accept_as_offered() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        try:
            items = dialog.findChild(QListWidget)
            for row in range(items.count()):
                item = items.item(row)
                offered.append((item.text(), item.checkState() == Qt.CheckState.Checked))
        finally:
            dialog.accept()

    QTimer.singleShot(0, accept_as_offered)
    fake_dialogs.path = tmp_path / "spans.csv"
    window.files.export_spans.trigger()
    assert offered == [("Alice", True), ("Bob", True)]
    assert exported(tmp_path / "spans.csv") == [("Alice", "Opening"), ("Bob", "first"), ("Bob", "line")]
    assert "Exported 3 coded spans of all coders" in window._status.text()


def test_export_of_chosen_coders_only(
    window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    bob = two_coders(window, demo)
    fake_dialogs.export_coders = [bob]
    fake_dialogs.path = tmp_path / "bob.csv"
    window.files.export_spans.trigger()
    assert fake_dialogs.export_offered == [["Alice", "Bob"]]
    assert exported(tmp_path / "bob.csv") == [("Bob", "first"), ("Bob", "line")]
    assert "Exported 2 coded spans of Bob" in window._status.text()

    fake_dialogs.export_coders = []  # nobody ticked: nothing is written
    fake_dialogs.path = tmp_path / "nobody.csv"
    window.files.export_spans.trigger()
    assert not (tmp_path / "nobody.csv").exists()
    assert "tick at least one coder" in window._status.text()
