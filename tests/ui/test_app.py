"""Starting the app, projects from the File menu, exports, remembered window state, errors."""

from __future__ import annotations

import csv
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from workspace_support import Demo, FakeDialogs

from coder.services import codebook, codings
from coder.services.project import create_project, default_project_path, open_project
from coder.ui import app as app_module
from coder.ui.app import build_window, run_app
from coder.ui.main_window import MainWindow
from coder.ui.settings import AppSettings


@pytest.fixture
def user_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """QSettings("coder", "coder") writes under this folder for the test, not the user's."""
    folder = tmp_path / "config"
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    return folder


def run_once(qapp: Any, project_option: str | None, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Run the app; its event loop only lets the window show, then closes it.

    (The real ``exec`` would leave the shared test QApplication in its quitting state.)
    """
    seen: dict[str, Any] = {}

    def exec_once() -> int:
        QApplication.processEvents()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["title"] = widget.windowTitle()
                seen["coder"] = widget.session.coder.name
                seen["path"] = widget.session.project.path
                seen["codes"] = len(widget.session.codebook.codes)
                widget.close()
        return 0

    monkeypatch.setattr(qapp, "exec", exec_once, raising=False)
    seen["code"] = run_app(project_option)
    return seen


def test_first_start_creates_the_default_project_and_asks_the_name(
    qapp: Any, user_settings: Path, fake_dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dialogs.texts = ["Dana"]
    seen = run_once(qapp, None, monkeypatch)
    assert seen["code"] == 0
    assert seen["path"] == default_project_path() and seen["path"].exists()
    assert seen["coder"] == "Dana" and seen["title"] == "default — coder"
    assert seen["codes"] > 10  # the study codebook came with it
    settings = AppSettings()
    assert settings.coder_name == "Dana"
    assert settings.last_project == default_project_path().resolve()
    # Second start: no question, the last project again.
    again = run_once(qapp, None, monkeypatch)
    assert again["coder"] == "Dana" and again["path"] == default_project_path().resolve()
    assert fake_dialogs.text_prompts == ["Your name, as it will stand on every coding you make:"]


def test_a_project_named_on_the_command_line_wins(
    qapp: Any, user_settings: Path, tmp_path: Path, fake_dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.coder"
    create_project(other).close()
    AppSettings().coder_name = "Eve"
    seen = run_once(qapp, str(other), monkeypatch)
    assert seen["path"] == other and seen["coder"] == "Eve"
    missing = run_once(qapp, str(tmp_path / "missing.coder"), monkeypatch)
    assert missing["path"] == default_project_path()  # told why, then the default one
    assert len(fake_dialogs.errors) == 1 and "The default project opens instead." in fake_dialogs.errors[0]


def test_open_and_new_project_from_the_file_menu(
    window: Any, tmp_path: Path, fake_dialogs: FakeDialogs, settings: AppSettings
) -> None:
    fake_dialogs.path = tmp_path / "fresh.coder"
    window.files.new_project.trigger()
    assert window.session.project.path == tmp_path / "fresh.coder"
    assert len(window.session.codebook.codes) > 10 and window.sources.model.rowCount() == 0
    assert window.windowTitle() == "fresh — coder"
    assert window.document.source is None
    fake_dialogs.path = tmp_path / "demo.coder"
    window.files.open_project.trigger()
    assert window.session.project.path == tmp_path / "demo.coder"
    assert window.document.source is not None  # the first source opens
    assert settings.recent_projects()[:2] == [
        (tmp_path / "demo.coder").resolve(),
        (tmp_path / "fresh.coder").resolve(),
    ]
    window.files.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.files.recent_menu.actions()][:1] == [
        str((tmp_path / "demo.coder").resolve())
    ]
    junk = tmp_path / "notes.txt"
    junk.write_text("not a project", encoding="utf-8")
    fake_dialogs.path = junk
    window.files.open_project.trigger()
    assert fake_dialogs.errors and "not a coder project" in fake_dialogs.errors[0]
    assert window.session.project.path == tmp_path / "demo.coder"


def test_save_a_copy_holds_everything_coded_so_far(
    window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    window.session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="kept")
    copy = tmp_path / "elsewhere" / "demo copy.coder"
    copy.parent.mkdir()
    fake_dialogs.path = copy
    window.files.save_copy.trigger()
    assert "Saved a copy of the project as demo copy.coder" in window._status.text()
    assert window.session.project.path == tmp_path / "demo.coder"  # the open project stays open
    copied = open_project(copy)
    try:
        assert [c.id for c in codings.list_codings(copied)] == ["kept"]
    finally:
        copied.close()
    before = copy.read_bytes()
    window.session.add_coding(demo.first, demo.codes["Beta"], 0, 7, coding_id="later")
    window.files.save_copy.trigger()  # never over an existing file
    assert fake_dialogs.errors and "already exists" in fake_dialogs.errors[-1]
    assert copy.read_bytes() == before


def test_export_spans_of_the_shown_coder(
    window: Any, demo: Demo, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    window.session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="e-1")
    fake_dialogs.path = tmp_path / "spans.csv"
    window.files.export_spans.trigger()
    with (tmp_path / "spans.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["code"], r["text"], r["coder"]) for r in rows] == [("Alpha", "Opening", "Alice")]
    assert "Exported 1 coded span" in window._status.text()


def test_window_state_is_remembered(qtbot: Any, window: Any, demo: Demo, settings: AppSettings) -> None:
    window.resize(780, 700)  # within the offscreen screen, so restoring need not shrink it
    qtbot.waitUntil(lambda: window.width() == 780)
    window.splitters["main"].setSizes([200, 380, 200])
    sizes = window.splitters["main"].sizes()
    window.close()
    again = build_window(demo.project, settings, "Alice")
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.splitters["main"].sizes() == sizes
    assert again.size() == window.size()


def test_unexpected_errors_become_one_sentence(window: Any, fake_dialogs: FakeDialogs) -> None:
    try:
        raise KeyError("internal detail")
    except KeyError as error:
        app_module._on_unexpected(KeyError, error, error.__traceback__)
    assert fake_dialogs.errors == [
        "Something unexpected went wrong (KeyError); nothing shown as done was lost."
    ]


def test_a_code_shows_its_definition_on_hover_and_in_the_details(window: Any, demo: Demo) -> None:
    gamma = codebook.get_codebook(demo.project).by_id[demo.codes["Gamma"]]
    window.session.update_code(replace(gamma, definition="Radiation of <high> energy.", example="Rays."))
    window.codebook.choose(demo.codes["Gamma"])
    model = window.codebook.model
    tooltip = model.data(model.index_of(gamma.id), Qt.ItemDataRole.ToolTipRole)
    assert "Radiation of &lt;high&gt; energy." in tooltip
    assert window.details.fields["definition"].toPlainText() == "Radiation of <high> energy."
    assert window.details.fields["example"].toPlainText() == "Rays."
    assert window.segments.code_id == gamma.id


def test_a_missing_x11_library_is_named_from_the_loaders_message() -> None:
    from coder.ui.app import missing_library

    message = "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
    assert missing_library(message) == "libxcb-icccm.so.4"
    assert missing_library("some other loader failure") is None


def test_without_a_screen_the_app_says_so_in_one_sentence(monkeypatch: Any) -> None:
    from coder.domain.errors import CoderError

    if not sys.platform.startswith("linux"):
        pytest.skip("the check for a graphical session is made on Linux only")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CoderError, match="graphical session"):
        run_app(None)
