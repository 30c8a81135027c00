"""No traceback reaches a user: every failure becomes one sentence in a message box."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QWidget

from coder.domain.errors import Cancelled, CoderError
from coder.ui import dialogs

log = logging.getLogger(__name__)


def message_for(error: BaseException) -> str:
    if isinstance(error, CoderError):
        return sentence(str(error).strip() or "That could not be done.")
    if isinstance(error, Cancelled):
        return "Cancelled; nothing was changed."
    if isinstance(error, OSError) and error.strerror:
        return f"The file could not be used: {error.strerror.lower()}."
    return f"Something unexpected went wrong ({type(error).__name__}); nothing shown as done was lost."


def sentence(text: str) -> str:
    """Start with a capital, unless the first word is a file name or path ("notes.txt cannot…")."""
    first = text.split(" ", 1)[0]
    if not first or any(mark in first for mark in "./\\'\""):
        return text
    return text[0].upper() + text[1:]


def report(error: BaseException, parent: QWidget | None = None) -> None:
    """Show ``error`` as one sentence; unexpected errors are also logged with their traceback."""
    if not isinstance(error, CoderError | Cancelled):
        log.error("unexpected error", exc_info=error)
    dialogs.show_error(parent or QApplication.activeWindow(), message_for(error))


@contextmanager
def reporting(parent: QWidget | None = None) -> Iterator[None]:
    """Run a block; any failure is shown to the user and goes no further."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - every failure is shown, none propagates
        report(error, parent)
