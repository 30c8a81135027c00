"""The window around the figures: computing off the UI thread, cancelling, errors, exports, changes."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from agreement_ui_helpers import (  # noqa: F401 - the fixtures, found by pytest by name
    Study,
    compute_fixture,
    errors_shown_fixture,
    study_fixture,
    window_fixture,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from workspace_support import store_sources

from coder.analysis.report_html import render_html
from coder.cli.main import main as cli_main
from coder.domain.errors import Cancelled
from coder.domain.model import ImportedText
from coder.services import agreement as agreement_service
from coder.services import codebook
from coder.services.agreement import source_texts
from coder.ui import dialogs
from coder.ui.agreement import AgreementWindow, export_actions, open_agreement_window

Compute = Callable[[AgreementWindow], None]


def press_compute(qtbot: QtBot, window: AgreementWindow) -> None:
    qtbot.mouseClick(window.choices.compute_button, Qt.MouseButton.LeftButton)


def test_compute_runs_on_a_worker_thread(
    window: AgreementWindow, compute: Compute, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = agreement_service.run_agreement

    def recording(*args: Any, **kwargs: Any) -> agreement_service.AgreementRun:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(agreement_service, "run_agreement", recording)
    compute(window)
    assert threads and threads[0] is not threading.main_thread()


def test_cancelling_shows_nothing(
    window: AgreementWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, errors_shown: list[str]
) -> None:
    started = threading.Event()

    def slow(*_args: Any) -> agreement_service.AgreementRun:
        started.set()
        progress = _args[-1]
        waited = threading.Event()
        for _ in range(2000):  # at most ten seconds, then the test fails
            if progress.cancelled():
                raise Cancelled()
            waited.wait(0.005)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(agreement_service, "run_agreement", slow)
    press_compute(qtbot, window)
    qtbot.waitUntil(started.is_set)
    task = window.task
    assert task is not None
    cancel = task.dialog.findChild(QPushButton)  # type: ignore[attr-defined]
    with qtbot.waitSignal(task.sig_task_cancelled, timeout=10_000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert window.run is None
    assert window.results.code_model.rowCount() == 0
    assert window.comparison.text.toPlainText() == ""
    assert errors_shown == []
    assert "cancelled" in window.statusBar().currentMessage()
    assert window.choices.compute_button.isEnabled()


def test_a_choice_that_cannot_work_is_one_sentence(
    window: AgreementWindow, qtbot: QtBot, errors_shown: list[str]
) -> None:
    window.choices.set_checked("coders", ["A"])
    press_compute(qtbot, window)
    assert errors_shown == ["Tick at least two coders to compare"]
    assert window.task is None


def test_a_service_error_is_one_sentence_not_a_traceback(
    window: AgreementWindow, study: Study, qtbot: QtBot, errors_shown: list[str]
) -> None:
    # The code goes behind the window's back (no session signal), so its list still offers it.
    codebook.delete_code(study.project, study.codes["Other"])
    window.choices.set_checked("codes", ["Other"])
    press_compute(qtbot, window)
    qtbot.waitUntil(lambda: bool(errors_shown), timeout=10_000)
    assert errors_shown == ["No code 'Other' in the codebook"]
    assert window.run is None
    assert window.choices.compute_button.isEnabled()


def test_exports_write_what_the_cli_writes(
    window: AgreementWindow,
    study: Study,
    compute: Compute,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    compute(window)
    out = tmp_path / "gui"
    out.mkdir()
    asked: list[str] = []

    def ask(_parent: QWidget | None, kind: str, project: str) -> Path:
        asked.append(kind)
        return out / f"report.{kind}"

    monkeypatch.setattr(export_actions, "ask_save_path", ask)
    for kind in ("json", "csv", "html"):
        qtbot.mouseClick(window.export_buttons[kind], Qt.MouseButton.LeftButton)
    assert asked == ["json", "csv", "html"]
    # Nothing else is left in the folder (no temporary files).
    assert sorted(p.name for p in out.iterdir()) == ["report.csv", "report.html", "report.json"]

    cli = tmp_path / "cli"
    cli.mkdir()
    targets = ["--json", cli / "r.json", "--csv", cli / "r.csv", "--html", cli / "r.html"]
    assert cli_main(["--project", str(study.path), "agreement", "--coders", "A,B", *map(str, targets)]) == 0
    assert (out / "report.json").read_bytes() == (cli / "r.json").read_bytes()
    assert (out / "report.csv").read_bytes() == (cli / "r.csv").read_bytes()
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["coders"] == ["A", "B"]

    run = window.run
    assert run is not None
    html = (out / "report.html").read_text(encoding="utf-8")
    texts = source_texts(study.project, [s.name for s in run.data.sources])
    assert html == render_html(run.result, run.data, texts, project=run.project, generated=run.generated)
    stamp = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d( UTC)?")
    assert stamp.sub("DATE", html) == stamp.sub("DATE", (cli / "r.html").read_text(encoding="utf-8"))


def test_export_is_cancelled_with_the_dialog(
    window: AgreementWindow, compute: Compute, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compute(window)
    monkeypatch.setattr(export_actions, "ask_save_path", lambda *_args: None)
    qtbot.mouseClick(window.export_buttons["json"], Qt.MouseButton.LeftButton)
    assert list(tmp_path.glob("*.json")) == []


def test_changes_refresh_the_choices_and_mark_the_figures_stale(
    window: AgreementWindow, study: Study, compute: Compute, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    compute(window)
    assert not window.results.stale.isVisibleTo(window)
    session = study.session
    session.add_coding(study.sources["example.txt"], study.codes["Other"], 0, 3, "new-coding")
    assert window.results.stale.isVisibleTo(window)
    # The researcher's own ticks survive the refresh: C stays unticked.
    coders = window.choices.coder_list
    ticks = {coders.item(i).text(): coders.item(i).checkState() for i in range(coders.count())}
    assert ticks == {"A": Qt.CheckState.Checked, "B": Qt.CheckState.Checked, "C": Qt.CheckState.Unchecked}

    store_sources(session, [ImportedText("later.txt", "txt", "A text imported later.")])
    sources = window.choices.source_list
    listed = [sources.item(i).text() for i in range(sources.count())]
    assert listed == ["example.txt", "later.txt", "party.txt"]
    assert sources.item(1).checkState() == Qt.CheckState.Checked
    session.set_coder("D")  # a new coder without codings is listed, unticked
    assert coders.item(coders.count() - 1).text() == "D"
    assert coders.item(coders.count() - 1).checkState() == Qt.CheckState.Unchecked

    confirmations: list[str] = []

    def refuse(_parent: QWidget | None, title: str, _message: str, _action: str = "OK") -> bool:
        confirmations.append(title)
        return False

    monkeypatch.setattr(dialogs, "confirm", refuse)
    monkeypatch.setattr(export_actions, "ask_save_path", lambda *_a: pytest.fail("asked for a file"))
    qtbot.mouseClick(window.export_buttons["csv"], Qt.MouseButton.LeftButton)
    assert confirmations == ["Figures out of date"]

    compute(window)
    assert not window.results.stale.isVisibleTo(window)
    assert window.run is not None and [s.name for s in window.run.data.sources][1] == "later.txt"


def test_open_agreement_window_reuses_the_open_window(study: Study, qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    first = open_agreement_window(study.session, parent)
    assert first.isVisible() and first.isWindow()
    first.close()
    store_sources(
        study.session, [ImportedText("while-closed.txt", "txt", "Imported while the window was closed.")]
    )
    assert open_agreement_window(study.session, parent) is first
    assert first.isVisible()
    listed = first.choices.source_list
    assert "while-closed.txt" in [listed.item(i).text() for i in range(listed.count())]
