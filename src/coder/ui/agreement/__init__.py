"""The inter-coder agreement window of the desktop app (see specs/agreement.md for the figures)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from coder.ui.agreement.agreement_window import AgreementWindow
from coder.ui.session import Session

__all__ = ["AgreementWindow", "open_agreement_window"]


def open_agreement_window(session: Session, parent: QWidget | None) -> AgreementWindow:
    """Show the agreement window of ``parent`` (one per parent and session), creating it when needed."""
    window = None
    if parent is not None:
        window = next((w for w in parent.findChildren(AgreementWindow) if w.session is session), None)
    if window is None:
        window = AgreementWindow(session, parent)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
