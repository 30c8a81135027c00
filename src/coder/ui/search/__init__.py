"""Search across all sources and memos, in the desktop app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coder.ui.search.search_window import SearchWindow

if TYPE_CHECKING:
    from coder.ui.main_window import MainWindow

__all__ = ["SearchWindow", "open_search_window"]


def open_search_window(window: MainWindow) -> SearchWindow:
    """Show the main window's search window (created when needed), with the selected words to find."""
    found = next((w for w in window.findChildren(SearchWindow) if w.session is window.session), None)
    search = found or SearchWindow(window)
    selected = window.document.textCursor().selectedText()
    if selected and "\u2029" not in selected and len(selected) < 100:
        search.pattern.setText(selected)
    search.show()
    search.raise_()
    search.activateWindow()
    search.pattern.setFocus()
    search.pattern.selectAll()
    return search
