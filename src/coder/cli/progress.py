"""A progress line on a terminal for long commands: one line, rewritten in place, gone when done."""

from __future__ import annotations

import time
from typing import TextIO

from coder.domain.terminal import one_line


class TerminalProgress:
    """A :class:`coder.domain.progress.Progress` that shows ``what: done/total name`` on ``stream``.

    Nothing is shown when ``stream`` is not a terminal (a log file or a pipe gets no carriage
    returns), nor for work that ends within ``delay`` seconds; the line is updated at most ten times a
    second and erased by :meth:`finish`.
    """

    def __init__(self, stream: TextIO, what: str, delay: float = 0.5) -> None:
        self.stream, self.what = stream, what
        self.shown = False
        self.active = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.next_at = self.started + delay

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        if not self.active:
            return
        moment = time.monotonic()
        if moment < self.next_at and not (self.shown and total and done >= total):
            return
        self.next_at = moment + 0.1
        count = f"{done:,}/{total:,}" if total else f"{done:,}"
        line = f"{self.what}: {count} {one_line(message)}"[:79]
        self.stream.write("\r" + line.ljust(79))
        self.stream.flush()
        self.shown = True

    def cancelled(self) -> bool:
        return False

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()
            self.shown = False
