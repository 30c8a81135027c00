"""``coder`` and ``coder gui`` open the desktop app through the launcher, never by importing Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from coder.cli.main import main


def test_no_command_and_gui_both_open_the_app_on_the_project(tmp_path: Path) -> None:
    opened: list[str | None] = []

    def opener(project: str | None) -> int:
        opened.append(project)
        return 0

    project = str(tmp_path / "p.coder")
    assert main(["--project", project], open_gui=opener) == 0
    assert main(["--project", project, "gui"], open_gui=opener) == 0
    assert main(["gui"], open_gui=opener) == 0
    assert opened == [project, project, None]


def test_without_the_desktop_app_gui_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gui"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("coder: error: ") and "desktop app" in err


def test_the_launcher_routes_gui_to_the_desktop_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from coder import launcher
    from coder.ui import app

    calls: list[str | None] = []
    monkeypatch.setattr(app, "run_app", lambda project: calls.append(project) or 5)
    assert launcher.main(["--project", str(tmp_path / "x.coder"), "gui"]) == 5
    assert calls == [str(tmp_path / "x.coder")]
