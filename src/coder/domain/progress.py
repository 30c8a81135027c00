"""A Qt-free way for long work to report progress and notice cancellation."""

from __future__ import annotations

from typing import Protocol

from coder.domain.errors import Cancelled


class Progress(Protocol):
    def update(self, done: int, total: int | None = None, message: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    """Progress that reports nowhere and is never cancelled."""

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        return None

    def cancelled(self) -> bool:
        return False


NULL_PROGRESS = NullProgress()


def check(progress: Progress) -> None:
    """Raise :class:`Cancelled` when the user asked to stop."""
    if progress.cancelled():
        raise Cancelled()
