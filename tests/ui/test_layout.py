"""The window on a small screen (1366×768, or at 150 % scaling): nothing cut off, no overflow (item 15)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtWidgets import QToolBar, QToolButton
from workspace_support import Demo

from coder.ui.app import build_window
from coder.ui.settings import AppSettings

# A 1366×768 screen at 150 % offers 910×512 logical pixels; a window manager takes a title bar.
SMALL = (910, 480)


def fresh_window(qtbot: Any, demo: Demo, settings: AppSettings) -> Any:
    window = build_window(demo.project, settings, "Alice")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_first_window_fits_the_screen_and_could_fit_a_small_one(
    qtbot: Any, demo: Demo, settings: AppSettings
) -> None:
    window = fresh_window(qtbot, demo, settings)
    room = window.screen().availableGeometry()
    assert room.contains(window.frameGeometry()) or room.contains(window.geometry())
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1]
    extension = window.findChild(QToolBar, "main_toolbar").findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible()


def test_a_window_saved_on_a_larger_screen_is_brought_within_this_one(
    qtbot: Any, demo: Demo, tmp_path: Any
) -> None:
    store = QSettings(str(tmp_path / "big.ini"), QSettings.Format.IniFormat)
    first = build_window(demo.project, AppSettings(store), "Alice")
    qtbot.addWidget(first)
    first.setGeometry(QRect(1500, 900, 2400, 1500))  # as it was on a large second screen
    AppSettings(store).save_window(first, first.splitters)
    assert isinstance(store.value("window/geometry"), QByteArray | bytes)
    window = fresh_window(qtbot, demo, AppSettings(store))
    room = window.screen().availableGeometry()
    assert window.width() <= room.width() and window.height() <= room.height()
    assert room.contains(window.frameGeometry().topLeft())


def test_every_codebook_button_stays_visible_in_a_narrow_panel(qtbot: Any, window: Any) -> None:
    sizes = window.splitters["main"].sizes()
    window.splitters["main"].setSizes([sizes[0], sizes[1] + sizes[2] - 240, 240])
    qtbot.wait(1)
    panel = window.codebook
    buttons = [
        b for b in panel.findChildren(QToolButton) if b.text() and b.objectName() != "qt_toolbar_ext_button"
    ]
    assert {b.text() for b in buttons} >= {"+ Code", "+ Sub-code", "Rename", "Colour", "Merge…", "Delete…"}
    for button in buttons:
        assert button.isVisible(), button.text()
        corner = button.mapTo(panel, button.rect().bottomRight())
        assert panel.rect().contains(corner), button.text()  # wrapped onto a second row, not cut off


def test_a_narrower_window_keeps_room_for_the_document(qtbot: Any, demo: Demo, settings: AppSettings) -> None:
    window = fresh_window(qtbot, demo, settings)
    window.resize(1400, 800)
    qtbot.wait(1)
    main = window.splitters["main"]
    wide = main.sizes()
    assert wide[1] > 0.45 * sum(wide)
    window.resize(800, 700)  # half a 1600-pixel screen
    qtbot.waitUntil(lambda: sum(main.sizes()) < sum(wide))
    narrow = main.sizes()
    assert narrow[1] >= 0.4 * sum(narrow)  # the document keeps its share, not the side panels
    text_room = window.document.viewport().width()
    assert text_room > 8 * window.document.fontMetrics().averageCharWidth() * 3  # lines of words
    # A division the researcher made is kept through resizing.
    main.setSizes([300, 300, 200])
    main.splitterMoved.emit(300, 1)
    window.resize(1200, 700)
    qtbot.waitUntil(lambda: sum(main.sizes()) > sum(narrow))
    again = main.sizes()
    assert abs(again[0] / sum(again) - 300 / 800) < 0.03
