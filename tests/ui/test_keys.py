"""Keys 1–9 apply the codes researchers give them, stored in the project (issue 8, item 6)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from workspace_support import EMOJI_TEXT, Demo, select_span

from coder.services import codebook, codings
from coder.services.project import open_project
from coder.ui.models.codebook_tree_model import COL_KEY


def coded_with(demo: Demo) -> list[str]:
    book = codebook.get_codebook(demo.project)
    return [book.by_id[c.code_id].name for c in codings.list_codings(demo.project)]


def key_column(window: Any, demo: Demo) -> dict[str, str]:
    model = window.codebook.model
    return {name: model.data(model.index_of(code_id, COL_KEY)) for name, code_id in demo.codes.items()}


def press(qtbot: Any, view: Any, word: str, key: Qt.Key) -> None:
    start = EMOJI_TEXT.index(word)
    select_span(qtbot, view, start, start + len(word))
    qtbot.keyClick(view, key)


def test_default_keys_skip_group_codes(qtbot: Any, window: Any, demo: Demo) -> None:
    assert key_column(window, demo) == {"Alpha": "1", "Beta": "", "Beta child": "2", "Gamma": "3"}
    press(qtbot, window.document, "Opening", Qt.Key.Key_2)
    assert coded_with(demo) == ["Beta child"]  # not the group "Beta"
    press(qtbot, window.document, "line", Qt.Key.Key_4)  # no code has key 4: nothing is coded
    assert coded_with(demo) == ["Beta child"] and "No code has key 4" in window._status.text()


def test_assigning_a_key_from_the_codebook(qtbot: Any, window: Any, demo: Demo, tmp_path: Any) -> None:
    window.codebook.choose(demo.codes["Gamma"])
    menu = QMenu()
    window.codebook.fill_key_menu(menu)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels[:3] == ["1  (now: Alpha)", "2  (now: Beta child)", "3"] and labels[-1] == "No key"
    next(a for a in menu.actions() if a.text() == "1  (now: Alpha)").trigger()
    assert key_column(window, demo) == {"Alpha": "", "Beta": "", "Beta child": "2", "Gamma": "1"}
    press(qtbot, window.document, "Opening", Qt.Key.Key_1)
    assert coded_with(demo) == ["Gamma"]
    # Stored in the project: another opening of the file sees the same keys.
    again = open_project(demo.project.path)
    try:
        assert codebook.get_shortcuts(again) == {demo.codes["Gamma"]: 1, demo.codes["Beta child"]: 2}
    finally:
        again.close()
    window.undo_action.trigger()  # the coding
    window.undo_action.trigger()  # the key
    assert key_column(window, demo)["Alpha"] == "1" and key_column(window, demo)["Gamma"] == "3"


def test_keys_stay_with_their_codes_when_the_tree_changes(qtbot: Any, window: Any, demo: Demo) -> None:
    window.codebook.move_code(demo.codes["Gamma"], None, 0)  # Gamma becomes the first code
    window.codebook.choose(demo.codes["Alpha"])
    window.session.add_code("Alpha detail", demo.codes["Alpha"], code_id="detail")  # Alpha becomes a group
    assert key_column(window, demo) == {"Alpha": "1", "Beta": "", "Beta child": "2", "Gamma": "3"}
    press(qtbot, window.document, "Opening", Qt.Key.Key_1)
    assert coded_with(demo) == ["Alpha"]
