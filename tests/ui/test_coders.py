"""Coders: the name asked on first start, switching coder, and whose codings are shown."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from workspace_support import Demo, FakeDialogs, select_span

from coder.services import coders, codings
from coder.ui.app import coder_name
from coder.ui.session import CoderFilter
from coder.ui.settings import AppSettings


def test_the_first_start_asks_for_the_name_once(settings: AppSettings, fake_dialogs: FakeDialogs) -> None:
    fake_dialogs.texts = ["  Dana  "]
    assert coder_name(settings) == "Dana"
    assert settings.coder_name == "Dana"
    assert coder_name(settings) == "Dana"
    assert len(fake_dialogs.text_prompts) == 1


def test_a_cancelled_question_falls_back_to_the_login_name(settings: AppSettings) -> None:
    name = coder_name(settings)
    assert name and settings.coder_name == name


def test_a_cancelled_question_says_which_name_is_used_and_how_to_change_it(
    settings: AppSettings, fake_dialogs: FakeDialogs
) -> None:
    fake_dialogs.texts = [None]  # the researcher cancels the question
    name = coder_name(settings)
    [told] = fake_dialogs.infos
    assert f"“{name}”" in told and "login name" in told and "Another coder…" in told
    fake_dialogs.texts = ["   "]  # an empty answer is no name either
    settings.coder_name = ""
    coder_name(settings)
    assert len(fake_dialogs.infos) == 2


def test_switching_coder_and_the_view_filter(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    view = window.document
    assert "Alice" in window._coder_status.text() and window.coder_bar.button.text().startswith("Alice")
    select_span(qtbot, view, 0, 7)
    qtbot.keyClick(view, Qt.Key.Key_1)
    window.coder_bar.switch_to("Bob")
    assert window.session.coder.name == "Bob" and window.settings.coder_name == "Bob"
    assert "Bob" in window._coder_status.text()
    # Blind coding is the default: Bob does not see Alice's coding.
    assert window.session.coder_filter is CoderFilter.MINE
    assert len(view.index) == 0 and view.highlights() == []
    select_span(qtbot, view, 8, 12)
    qtbot.keyClick(view, Qt.Key.Key_2)
    by_coder = {coders.find_coder(demo.project, n).id: n for n in ("Alice", "Bob")}
    assert sorted(by_coder[c.coder_id] for c in codings.list_codings(demo.project)) == ["Alice", "Bob"]
    assert [s.label for s in view.margin.stripes()] == ["Beta child"]

    window.coder_bar.filter.setCurrentIndex(1)
    window.coder_bar.filter.activated.emit(1)  # "All coders", as a user's choice in the box
    assert window.session.coder_filter is CoderFilter.ALL
    assert sorted(s.label for s in view.margin.stripes()) == ["Alpha", "Beta child"]
    assert sorted(s.coder for s in view.margin.stripes()) == ["Alice", "Bob"]
    counts = window.codebook.model
    assert counts.data(counts.index_of(demo.codes["Alpha"], 2)) == "1"

    fake_dialogs.coders = [coders.find_coder(demo.project, "Alice").id]
    window.coder_bar.filter.activated.emit(2)  # "Chosen coders…"
    assert window.session.coder_filter is CoderFilter.CHOSEN
    assert [s.label for s in view.margin.stripes()] == ["Alpha"]
    assert "Alice" in window.coder_bar.filter.currentText()
    assert window.settings.coder_filter == "chosen"

    fake_dialogs.coders = None  # cancelling the choice changes nothing
    window.coder_bar.filter.activated.emit(2)
    assert [s.label for s in view.margin.stripes()] == ["Alpha"]


def test_another_coder_from_the_menu(window: Any, fake_dialogs: FakeDialogs) -> None:
    fake_dialogs.texts = ["Chen"]
    window.coder_bar.ask_for_coder()
    assert window.session.coder.name == "Chen"
    window.coder_bar.menu.aboutToShow.emit()
    names = [a.text() for a in window.coder_bar.menu.actions() if a.text()]
    assert names == ["Alice", "Chen", "Another coder…"]
    next(a for a in window.coder_bar.menu.actions() if a.text() == "Alice").trigger()
    assert window.session.coder.name == "Alice"
