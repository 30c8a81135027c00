"""The Analysis menu: attributes, coding queries and the overviews (frequencies, co-occurrence, matrix).

:func:`install_analysis_menu` adds the menu to the main window; each entry opens one window per main
window (brought back when already open). Windows are imported when first opened, and matplotlib
only when a chart is drawn.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

ENTRIES = (
    ("attributes", "Attributes…", "Ctrl+Shift+T"),
    ("query", "Coding query…", "Ctrl+Shift+Q"),
    ("frequencies", "Code frequencies…", ""),
    ("cooccurrence", "Code co-occurrence…", ""),
    ("matrix", "Code matrix…", ""),
)


def install_analysis_menu(main: QMainWindow) -> dict[str, QAction]:
    """Add the Analysis menu (before Help when there is one); returns its actions by key."""
    menu_bar = main.menuBar()
    help_action = next((a for a in menu_bar.actions() if a.text().replace("&", "") == "Help"), None)
    menu = menu_bar.addMenu("&Analysis")
    if help_action is not None:
        menu_bar.insertMenu(help_action, menu)
    actions: dict[str, QAction] = {}
    for key, label, shortcut in ENTRIES:
        action = QAction(label, main)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False, key=key: open_analysis_window(main, key))
        menu.addAction(action)
        if key == "query":
            menu.addSeparator()
        actions[key] = action
    return actions


def open_analysis_window(main: Any, key: str) -> QWidget:
    """Show the window ``key`` of ``main`` (one each), creating it when needed."""
    windows: dict[str, QWidget] = main.__dict__.setdefault("_analysis_windows", {})
    window = windows.get(key)
    if window is None or window.session is not main.session:  # type: ignore[attr-defined]
        window = _make(main, key)
        windows[key] = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window


def _make(main: Any, key: str) -> QWidget:
    if key == "attributes":
        from coder.ui.analysis.attributes_window import AttributesWindow

        return AttributesWindow(main.session, main)
    if key == "query":
        from coder.ui.analysis.query_window import QueryWindow

        window: Any = QueryWindow(main.session, main)
    else:
        from coder.ui.analysis.overview_window import OverviewWindow

        window = OverviewWindow(main.session, key, main)
    window.sig_segment_activated.connect(lambda segment: show_passage(main, segment))
    return window


def show_passage(main: Any, segment: Any) -> None:
    """Open the segment's source in the main window and select its passage."""
    source_id = segment.source_id
    if main.document.source is None or main.document.source.id != source_id:
        main.sources.choose(source_id)
        main.open_source(source_id)
    main.document.select_span(segment.start, segment.end)
    main.raise_()
    main.activateWindow()
    main.document.setFocus()
