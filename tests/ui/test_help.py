"""Help: how to code, the keyboard shortcuts, About; the agreement window closes with Esc (item 14)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from workspace_support import FakeDialogs

import coder


def help_entry(window: Any, text: str) -> Any:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return next(a for a in menu.actions() if a.text() == text)


def test_about_names_version_licence_and_the_project_file(window: Any, fake_dialogs: FakeDialogs) -> None:
    help_entry(window, "About coder").trigger()
    [about] = fake_dialogs.infos
    assert f"coder {coder.__version__}" in about
    assert "AGPL-3.0-or-later" in about
    assert str(window.session.project_path) in about


def test_the_shortcuts_list_comes_from_the_menus(window: Any, fake_dialogs: FakeDialogs) -> None:
    help_entry(window, "Keyboard shortcuts").trigger()
    [listed] = fake_dialogs.infos
    lines = listed.splitlines()
    assert any(line.startswith("Ctrl+F\t") and "Find" in line for line in lines)
    assert any(line.startswith("Ctrl+K") and "Code selection with" in line for line in lines)
    assert any(line.startswith("Ctrl+Shift+A\t") and "agreement" in line for line in lines)
    assert any(line.startswith("1 … 9\t") for line in lines)
    help_entry(window, "How to code").trigger()
    assert "Ctrl+K" in fake_dialogs.infos[-1]


def test_the_agreement_window_closes_with_escape(qtbot: Any, window: Any) -> None:
    agreement = window.open_agreement()
    qtbot.waitExposed(agreement)
    for widget in (agreement.choices.coder_list, agreement.choices.compute_button):
        agreement = window.open_agreement()
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_Escape)  # wherever the focus is in the window
        assert not agreement.isVisible()
    assert window.open_agreement() is agreement  # it comes back as it was
