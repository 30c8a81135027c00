"""The File menu's work: new, open and recent projects, importing files, exporting spans."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from coder.domain.model import SourceInfo
from coder.domain.progress import Progress
from coder.services.project import create_project, open_project, save_copy, study_codebook
from coder.services.sources import Skipped
from coder.ui import dialogs, errors, tasks
from coder.ui.plain import menu_text
from coder.ui.session import Session
from coder.ui.settings import AppSettings


class FileActions(QObject):
    sig_status_changed = Signal(str)
    sig_sources_imported = Signal(list)  # the stored SourceInfo values

    def __init__(self, session: Session, settings: AppSettings, window: QWidget) -> None:
        super().__init__(window)
        self.session, self.settings, self.window = session, settings, window
        self.task: tasks.BackgroundTask | None = None
        # Whether other work is storing into the open project off the UI thread (the window sets it).
        self.busy_elsewhere: Callable[[], bool] = lambda: False
        self.new_project = self._action("New project…", self.ask_new_project, QKeySequence.StandardKey.New)
        self.open_project = self._action(
            "Open project…", self.ask_open_project, QKeySequence.StandardKey.Open
        )
        self.save_copy = self._action("Save a copy…", self.ask_save_copy, "Ctrl+Shift+S")
        self.import_files = self._action("Import files…", self.ask_import_files, "Ctrl+I")
        self.export_spans = self._action("Export coded spans…", self.ask_export_spans, "Ctrl+E")
        self.recent_menu = QMenu("Open recent")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)

    def _action(self, text: str, slot: object, key: object) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))  # type: ignore[arg-type]
        action.triggered.connect(lambda _=False: slot())  # type: ignore[operator]
        return action

    # ------------------------------------------------------------------ projects

    def ask_new_project(self) -> None:
        path = dialogs.ask_new_project(self.window)
        if path is not None:
            self.switch_to(path, create=True)

    def ask_open_project(self) -> None:
        path = dialogs.ask_open_project(self.window)
        if path is not None:
            self.switch_to(path)

    def switch_to(self, path: Path, create: bool = False) -> bool:
        """Open (or create, with the study codebook) a project and show it."""
        if tasks.running(self.task) or self.busy_elsewhere():  # storing into it
            self.sig_status_changed.emit("An import or merge is still running; wait for it, or cancel it.")
            return False
        with errors.reporting(self.window):
            project = create_project(path, study_codebook()) if create else open_project(path)
            self.session.open_project(project)
            self.settings.remember_project(path)
            self.sig_status_changed.emit(f"Opened {path.name}.")
            return True
        return False

    def ask_save_copy(self) -> None:
        """A consistent copy of the open project, everything saved so far in it (SQLite's backup)."""
        project = self.session.project
        if project.is_server:
            self.sig_status_changed.emit("A server project is copied with 'coder copy'; see the README.")
            return
        path = dialogs.ask_copy_path(self.window, project.name)
        if path is not None:
            self.copy_to(path)

    def copy_to(self, path: Path) -> bool:
        with errors.reporting(self.window):
            save_copy(self.session.project, path)
            self.sig_status_changed.emit(f"Saved a copy of the project as {path.name}.")
            return True
        return False

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            action = self.recent_menu.addAction(menu_text(str(path)), lambda p=path: self.switch_to(p))
            action.setEnabled(path.exists())
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    # ------------------------------------------------------------------ import and export

    def ask_import_files(self) -> None:
        paths = dialogs.ask_import_files(self.window)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: Sequence[Path]) -> tasks.BackgroundTask | None:
        """Read and store the files on a worker thread with a progress dialog; Cancel works until
        the storing begins (one transaction: all the new files or none)."""
        if tasks.running(self.task):
            self.sig_status_changed.emit("An import is already running.")
            return None
        files = [Path(p) for p in paths]
        project = self.session.project

        def work(progress: Progress) -> tuple[list[SourceInfo], list[Skipped]]:
            imported = Session.read_files(files, progress)
            tasks.settle(progress)
            progress.update(len(files), len(files), f"storing {len(imported)} files")
            return Session.store_new(project, imported)

        self.task = tasks.run_with_progress(
            self.window,
            "Importing files",
            work,
            self._on_task_finished,
            self._on_task_failed,
            self._on_task_cancelled,
        )
        return self.task

    def _on_task_finished(self, result: tuple[list[SourceInfo], list[Skipped]]) -> None:
        """Report what was stored; files the project already had were skipped, and are named."""
        stored, skipped = result
        if stored:
            self.session.sources_added()
        with errors.reporting(self.window):
            message = f"Imported {len(stored)} file{'s' * (len(stored) != 1)}."
            if skipped:
                count = len(skipped)
                message += f" Skipped {count} already in the project: {', '.join(s.name for s in skipped)}."
                details = "\n".join(f"{s.name}: {s.reason}." for s in skipped)
                dialogs.show_info(
                    self.window,
                    "Some files were not imported",
                    f"{len(stored)} file{'s were' if len(stored) != 1 else ' was'} imported; "
                    f"{count} {'were' if count != 1 else 'was'} skipped:\n\n{details}",
                )
            self.sig_status_changed.emit(message)
            if stored:
                self.sig_sources_imported.emit(stored)

    def _on_task_failed(self, error: BaseException) -> None:
        errors.report(error, self.window)

    def _on_task_cancelled(self) -> None:
        self.sig_status_changed.emit("Import cancelled; nothing was imported.")

    def ask_export_spans(self) -> None:
        """Export the codings of the coders the researcher ticks (all, unless they untick some)."""
        coders = self.session.coders
        chosen: list[str] | None = None
        if len(coders) > 1:
            chosen = dialogs.ask_export_coders(self.window, coders)
            if chosen is None:
                return
            if not chosen:
                self.sig_status_changed.emit("Nothing exported: tick at least one coder.")
                return
        path = dialogs.ask_export_path(self.window)
        if path is None:
            return
        with errors.reporting(self.window):
            count = self.session.export_spans(path, chosen)
            every = chosen is None or len(chosen) == len(coders)
            who = "all coders" if every else ", ".join(self.session.coder_name(i) for i in chosen or [])
            spans = f"{count} coded span{'s' * (count != 1)}"
            self.sig_status_changed.emit(f"Exported {spans} of {who} to {path.name}.")
