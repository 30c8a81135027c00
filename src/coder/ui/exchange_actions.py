"""REFI-QDA projects, merging a coder's copy, and codebook files, from the File menu.

Reading a file (which may be large) runs on a worker thread with a progress dialog; only the
result is written to the project, as one transaction on the UI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from coder.domain.bundle import ProjectBundle
from coder.domain.errors import InvalidInput
from coder.domain.progress import Progress
from coder.services.codebook_files import read_codebook_report
from coder.services.exchange import ExchangeSummary, read_coder_file, read_exchange_file, summary_lines
from coder.ui import dialogs, errors, tasks
from coder.ui.session import Session

EXCHANGE_FILTER = "REFI-QDA projects (*.qdpx *.qde)"
MERGE_FILTER = "Coder projects and REFI-QDA projects (*.coder *.qdpx *.qde)"
CODEBOOK_FILTER = "Codebooks (*.yaml *.yml *.qdc)"
CODEBOOK_EXPORT_FILTER = "YAML codebook (*.yaml);;REFI-QDA codebook (*.qdc);;Markdown (*.md);;HTML (*.html)"


def read_other(path: Path) -> ProjectBundle:
    """A REFI-QDA project or another coder's project file, read without touching this project."""
    if path.suffix.lower() in (".qdpx", ".qde"):
        return read_exchange_file(path)
    return read_coder_file(path)


class ExchangeActions(QObject):
    sig_status_changed = Signal(str)

    def __init__(self, session: Session, window: QWidget) -> None:
        super().__init__(window)
        self.session, self.window = session, window
        self.task: tasks.BackgroundTask | None = None
        self.import_project = self._action("Import REFI-QDA project…", self.ask_import_project)
        self.merge_copy = self._action("Merge a coder's copy…", self.ask_merge)
        self.export_project = self._action("Export REFI-QDA project…", self.ask_export_project)
        self.load_codebook = self._action("Load codebook…", self.ask_load_codebook)
        self.export_codebook = self._action("Export codebook…", self.ask_export_codebook)

    def _action(self, text: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    # ------------------------------------------------------------------ bringing work in

    def ask_import_project(self) -> None:
        path = dialogs.ask_open_file(self.window, "Import a REFI-QDA project", EXCHANGE_FILTER)
        if path is not None:
            self.bring_in(path, "Importing project")

    def ask_merge(self) -> None:
        path = dialogs.ask_open_file(self.window, "Merge a coder's copy", MERGE_FILTER)
        if path is not None:
            self.bring_in(path, "Merging")

    def bring_in(self, path: Path, title: str) -> tasks.BackgroundTask | None:
        """Read ``path`` off the UI thread, then add what it holds to the project."""
        if path.resolve() == self.session.project_path.resolve():
            errors.report(
                InvalidInput(f"{path.name} is this project itself; merge another coder's copy"), self.window
            )
            return None
        if tasks.running(self.task):
            self.sig_status_changed.emit("Another file is still being read.")
            return None

        project = self.session.project

        def work(progress: Progress) -> ExchangeSummary:
            progress.update(0, 0, path.name)
            bundle = read_other(path)
            tasks.settle(progress)
            progress.update(0, 0, f"adding {path.name} to the project")
            return Session.apply_bundle(project, bundle)

        self.task = tasks.run_with_progress(
            self.window,
            title,
            work,
            lambda summary: self._on_task_finished(path, summary),
            lambda error: errors.report(error, self.window),
            lambda: self.sig_status_changed.emit(f"{title} cancelled; nothing was changed."),
        )
        return self.task

    def _on_task_finished(self, path: Path, summary: ExchangeSummary) -> None:
        self.session.bundle_applied()
        with errors.reporting(self.window):
            added = f"{summary.codings_added} codings and {len(summary.sources_added)} sources added"
            self.sig_status_changed.emit(f"{path.name}: {added}.")
            dialogs.show_info(self.window, f"Brought in {path.name}", "\n".join(summary_lines(summary)))

    # ------------------------------------------------------------------ sending work out

    def ask_export_project(self) -> None:
        suggested = f"{self.session.project_path.stem}.qdpx"
        path = dialogs.ask_save_file(self.window, "Export a REFI-QDA project", suggested, EXCHANGE_FILTER)
        if path is None:
            return
        with errors.reporting(self.window):
            summary = self.session.export_qdpx(path)
            self.sig_status_changed.emit(
                f"Wrote {path.name}: {summary.sources} sources, {summary.codes} codes, "
                f"{summary.coders} coders, {summary.codings} codings."
            )

    def ask_load_codebook(self) -> None:
        path = dialogs.ask_open_file(self.window, "Load a codebook", CODEBOOK_FILTER)
        if path is None:
            return
        with errors.reporting(self.window):
            specs, notes = read_codebook_report(path)
            summary = self.session.load_codebook(specs)
            message = f"{summary.added} codes added, {summary.updated} updated."
            dialogs.show_info(self.window, f"Loaded {path.name}", "\n".join([*notes, message]))
            self.sig_status_changed.emit(f"Codebook {path.name} loaded: {message}")

    def ask_export_codebook(self) -> None:
        suggested = f"{self.session.project_path.stem}-codebook.yaml"
        path = dialogs.ask_save_file(self.window, "Export the codebook", suggested, CODEBOOK_EXPORT_FILTER)
        if path is None:
            return
        with errors.reporting(self.window):
            count = self.session.export_codebook(path)
            self.sig_status_changed.emit(f"Wrote {count} codes to {path.name}.")
