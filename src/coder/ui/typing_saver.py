"""Save as you type: a short pause in typing saves the text, so a crash or a kill loses at most that pause."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

SAVE_AFTER_MS = 400  # the pause after the last key stroke; well under a second


class TypingSaver(QObject):
    """Calls ``save`` once typing pauses for :data:`SAVE_AFTER_MS`, or at once on :meth:`flush`."""

    def __init__(self, save: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self.timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def typed(self) -> None:
        """A key stroke: (re)start the pause."""
        self.timer.start()

    @property
    def pending(self) -> bool:
        return self.timer.isActive()

    def flush(self) -> None:
        """Save now what is waiting for the pause (leaving the field, closing, switching)."""
        if self.timer.isActive():
            self.timer.stop()
            self._save()

    def cancel(self) -> None:
        self.timer.stop()

    def _on_timer_timeout(self) -> None:
        self._save()
