"""Importing files off the UI thread, with a progress dialog that can cancel; dropping files."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtWidgets import QProgressDialog, QPushButton
from workspace_support import OTHER_TEXT, Demo, FakeDialogs, drop

from coder.domain.progress import Progress
from coder.services import sources
from coder.ui.session import Session


def write_files(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"note-{number:02}.txt"
        path.write_text(f"Field note {number}: the convoy passed the strait.\n", encoding="utf-8")
        paths.append(path)
    return paths


def names(demo: Demo) -> list[str]:
    return [s.name for s in sources.list_sources(demo.project)]


def test_import_runs_in_the_background_and_lists_the_sources(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    fake_dialogs.paths = write_files(tmp_path, 12)
    seen_threads: list[bool] = []
    real = Session.read_files

    def spy(paths: Any, progress: Progress) -> Any:
        seen_threads.append(threading.current_thread() is threading.main_thread())
        return real(paths, progress)

    stored_on_main: list[bool] = []
    real_store = sources.store

    def store_spy(project: Any, imported: Any) -> Any:
        stored_on_main.append(threading.current_thread() is threading.main_thread())
        return real_store(project, imported)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Session, "read_files", staticmethod(spy))
        patch.setattr(sources, "store", store_spy)
        window.files.import_files.trigger()
        task = window.files.task
        qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert seen_threads == [False]  # read on a worker thread
    assert stored_on_main == [False]  # and stored there: the window is not frozen by a large import
    assert len(names(demo)) == 14 and "note-11.txt" in names(demo)
    assert window.sources.model.rowCount() == 14
    assert window.document.source.name == "note-00.txt"  # the first imported source opens
    assert "Imported 12 files." in window._status.text()
    assert fake_dialogs.errors == []


def test_cancelling_the_progress_dialog_imports_nothing(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()
    release = threading.Event()

    def slow(paths: Any, progress: Progress) -> Any:
        progress.update(0, len(paths), paths[0].name)
        started.set()
        release.wait(10)  # the worker waits for the test's cancel
        return sources.read_files(paths, progress)

    monkeypatch.setattr(Session, "read_files", staticmethod(slow))
    task = window.files.import_paths(write_files(tmp_path, 3))
    qtbot.waitUntil(started.is_set)
    dialog = task.dialog
    assert isinstance(dialog, QProgressDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.maximum() == 3)
    assert "note-00.txt" in dialog.labelText()
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert names(demo) == ["a-first.txt", "b-second.txt"]
    assert "cancelled" in window._status.text()


def test_a_bad_file_is_reported_in_one_sentence(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    bad = tmp_path / "table.xyz"
    bad.write_text("x", encoding="utf-8")
    task = window.files.import_paths([*write_files(tmp_path, 1), bad])
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert len(fake_dialogs.errors) == 1 and "table.xyz cannot be imported" in fake_dialogs.errors[0]
    assert names(demo) == ["a-first.txt", "b-second.txt"]  # all or nothing


def test_files_already_in_the_project_are_skipped_and_named(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    """Issue 8, item 13: a file already present no longer rejects the whole batch unnamed."""
    again = tmp_path / "a-first.txt"
    again.write_text("other text", encoding="utf-8")
    copy = tmp_path / "copy-of-second.txt"
    copy.write_text(OTHER_TEXT, encoding="utf-8")  # the same text under another name
    [fresh] = write_files(tmp_path, 1)
    task = window.files.import_paths([again, copy, fresh])
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert names(demo) == ["a-first.txt", "b-second.txt", "note-00.txt"]  # the new file is in
    assert fake_dialogs.errors == []
    [told] = fake_dialogs.infos
    assert "a-first.txt: a source of that name is already in the project." in told
    assert "copy-of-second.txt: the same text is already in the project as 'b-second.txt'." in told
    status = window._status.text()
    assert "Imported 1 file." in status and "Skipped 2" in status and "copy-of-second.txt" in status


def test_dropping_files_on_the_window_imports_them(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in write_files(tmp_path, 2)])
    assert drop(window.sources.list.viewport(), QPoint(20, 60), mime, Qt.DropAction.CopyAction)
    qtbot.waitUntil(lambda: not window.files.task.running, timeout=10_000)
    assert "note-01.txt" in names(demo)


def test_once_the_files_are_being_stored_cancel_is_gone_and_the_import_completes(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storing = threading.Event()
    release = threading.Event()
    real_store = sources.store

    def slow_store(project: Any, imported: Any) -> Any:
        storing.set()
        release.wait(10)  # the worker stores while the test looks at the dialog
        return real_store(project, imported)

    monkeypatch.setattr(sources, "store", slow_store)
    task = window.files.import_paths(write_files(tmp_path, 3))
    qtbot.waitUntil(storing.is_set)
    dialog = task.dialog
    qtbot.waitUntil(lambda: not [b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel"])
    assert "storing 3 files" in dialog.labelText()
    task.cancel()  # too late: as if Escape reached the dialog now
    assert window.files.switch_to(tmp_path / "other.coder", create=True) is False  # not while importing
    assert "still running" in window._status.text()
    release.set()
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert names(demo) == ["a-first.txt", "b-second.txt", "note-00.txt", "note-01.txt", "note-02.txt"]
    assert window.sources.model.rowCount() == 5
    assert "Imported 3 files." in window._status.text()
    assert not (tmp_path / "other.coder").exists()
