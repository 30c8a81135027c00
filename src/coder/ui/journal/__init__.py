"""The project journal window of the desktop app."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coder.ui.journal.journal_window import JournalWindow
from coder.ui.session import Session

__all__ = ["JournalWindow", "open_journal_window"]


def open_journal_window(session: Session, parent: QWidget | None) -> JournalWindow:
    """Show the journal window of ``parent`` (one per parent and session), creating it when needed."""
    window = None
    if parent is not None:
        window = next((w for w in parent.findChildren(JournalWindow) if w.session is session), None)
    if window is None:
        window = JournalWindow(session, parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
