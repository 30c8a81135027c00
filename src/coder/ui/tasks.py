"""Long work off the UI thread, with a progress dialog whose Cancel button really stops it.

The work is a plain function taking a Qt-free :class:`~coder.domain.progress.Progress`; it runs
on the global thread pool. It may read the project; a work that ends by storing what it made (an
import, a merge) calls :func:`settle` first, after which Cancel no longer applies. It never
signals the session: its result comes back on the UI thread through a queued signal, and views
refresh there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from coder.domain.errors import Cancelled
from coder.domain.progress import Progress, check


class FlagProgress(QObject):
    """A :class:`Progress` for worker threads: updates become signals, cancel is a thread-safe flag."""

    sig_progress_updated = Signal(int, int, str)
    sig_progress_settled = Signal()  # the work is finishing: a cancel comes too late

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._cancelled = self._settled = False

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.sig_progress_updated.emit(done, total or 0, message)

    def cancelled(self) -> bool:
        with self._lock:
            return self._cancelled

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = self._cancelled or not self._settled

    def settle(self) -> bool:
        """From now on the work finishes; False if it was cancelled first (then it must stop)."""
        with self._lock:
            self._settled = not self._cancelled
            settled = self._settled
        if settled:
            self.sig_progress_settled.emit()
        return settled


def settle(progress: Progress) -> None:
    """Past this point the work completes whatever the user presses (it is storing its result);
    raises :class:`Cancelled` if Cancel was pressed before. Any other progress needs nothing."""
    if not isinstance(progress, FlagProgress):
        check(progress)
    elif not progress.settle():
        raise Cancelled()


class BackgroundTask(QObject):
    """One piece of work; exactly one of the three outcome signals is emitted, on the UI thread."""

    sig_task_finished = Signal(object)  # the work's result
    sig_task_failed = Signal(object)  # the exception
    sig_task_cancelled = Signal()

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.progress = FlagProgress()
        self.running = False

    def start(self) -> None:
        self.running = True
        self.sig_task_finished.connect(self._on_task_ended)
        self.sig_task_failed.connect(self._on_task_ended)
        self.sig_task_cancelled.connect(self._on_task_ended)
        QThreadPool.globalInstance().start(_Runner(self))

    def cancel(self) -> None:
        self.progress.cancel()

    def _on_task_ended(self, *_args: object) -> None:
        self.running = False

    def run_here(self) -> None:
        """The body run on the worker thread."""
        try:
            result = self.work(self.progress)
        except Cancelled:
            self.sig_task_cancelled.emit()
        except Exception as error:  # noqa: BLE001 - handed to the UI thread to show
            self.sig_task_failed.emit(error)
        else:
            if self.progress.cancelled():
                self.sig_task_cancelled.emit()
            else:
                self.sig_task_finished.emit(result)


def running(task: BackgroundTask | None) -> bool:
    """Whether ``task`` was started and has not ended yet."""
    return task is not None and task.running


class _Runner(QRunnable):
    def __init__(self, task: BackgroundTask) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task.run_here()


def run_with_progress(
    parent: QWidget,
    title: str,
    work: Callable[[Progress], Any],
    on_finished: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
    on_cancelled: Callable[[], None],
) -> BackgroundTask:
    """Start ``work`` with a modal progress dialog; exactly one of the callbacks runs afterwards.

    The callbacks are connected before the work starts, so a quick job cannot finish unheard.
    """
    task = BackgroundTask(work, parent)
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    for label in dialog.findChildren(QLabel):  # it will name the files being read
        label.setTextFormat(Qt.TextFormat.PlainText)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    task.dialog = dialog  # type: ignore[attr-defined]

    def on_update(done: int, total: int, message: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        if message:
            dialog.setLabelText(f"{title}: {message}")

    task.progress.sig_progress_updated.connect(on_update)
    task.progress.sig_progress_settled.connect(lambda: dialog.setCancelButton(None))
    dialog.canceled.connect(task.cancel)
    for signal in (task.sig_task_finished, task.sig_task_failed, task.sig_task_cancelled):
        signal.connect(dialog.close)
        signal.connect(dialog.deleteLater)
    task.sig_task_finished.connect(on_finished)
    task.sig_task_failed.connect(on_failed)
    task.sig_task_cancelled.connect(on_cancelled)
    dialog.show()
    task.start()
    return task
