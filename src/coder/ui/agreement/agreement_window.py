"""The inter-coder agreement window: choose, compute off the UI thread, read, compare, export."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QSplitter, QVBoxLayout, QWidget

from coder.analysis.agreement import source_disagreements
from coder.domain.errors import CoderError, NotFound
from coder.domain.progress import Progress
from coder.domain.spans import union
from coder.services import agreement as agreement_service
from coder.services import codings as codings_service
from coder.services.agreement import AgreementRun
from coder.services.project import Project
from coder.ui import dialogs, errors
from coder.ui.agreement import adjudication_panel, export_actions
from coder.ui.agreement.choice_panel import Choice, ChoicePanel
from coder.ui.agreement.comparison_view import ComparisonView, MemoNote
from coder.ui.agreement.results_panel import ResultsPanel
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.tasks import BackgroundTask, run_with_progress, running

TITLE = "Inter-coder agreement"


class AgreementWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.task: BackgroundTask | None = None
        self._changes = 0  # counts project changes, to notice one during a computation
        self._choices_outdated = False  # the project changed while the window was closed
        self.setWindowTitle(f"{TITLE} — {session.project.name}")
        self.choices = ChoicePanel(session)
        self.results = ResultsPanel()
        self.comparison = ComparisonView()
        self.export_buttons = {kind: QPushButton(f"{kind.upper()}…") for kind in export_actions.KINDS}
        exports = QHBoxLayout()
        exports.addWidget(QLabel("Save the report:"))
        for kind, button in self.export_buttons.items():
            button.setToolTip(f"The same content as 'coder agreement --{kind} FILE'")
            button.clicked.connect(lambda _=False, kind=kind: self.export(kind))
            exports.addWidget(button)
        exports.addStretch(1)

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.results)
        right.addWidget(self.comparison)
        right.setStretchFactor(0, 4)
        right.setStretchFactor(1, 5)
        right_box = QWidget()
        right_layout = QVBoxLayout(right_box)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(exports)
        right_layout.addWidget(right, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.choices)
        main.addWidget(right_box)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 4)
        main.setSizes([280, 1120])
        self.setCentralWidget(main)
        self.resize(1400, 960)

        self.choices.compute_button.clicked.connect(self.compute)
        self.results.sig_source_chosen.connect(self._show_comparison)
        session.sig_data_changed.connect(self._on_data_changed)
        self.adjudication = adjudication_panel.attach(self)  # settling disagreements into a consensus
        self._update_exports()

    @property
    def run(self) -> AgreementRun | None:
        return self.results.run

    # ------------------------------------------------------------------ computing

    def compute(self) -> None:
        """Compute with the current choice on a worker thread; the progress dialog can cancel it."""
        if running(self.task):
            return
        try:
            choice = self.choices.choice()
        except CoderError as error:
            errors.report(error, self)
            return
        project, changes = self.session.project, self._changes

        def work(progress: Progress) -> AgreementRun:
            return _compute(project, choice, progress)

        self.choices.compute_button.setEnabled(False)
        self.statusBar().showMessage("Computing…")
        self.task = run_with_progress(
            self,
            "Computing inter-coder agreement",
            work,
            lambda run: self._on_finished(run, project, changes),
            self._on_failed,
            self._on_cancelled,
        )

    def _on_finished(self, run: AgreementRun, project: Project, changes: int) -> None:
        self.choices.compute_button.setEnabled(True)
        if project is not self.session.project:
            self.statusBar().showMessage("Another project was opened; those figures were set aside.", 8000)
            return
        self.comparison.clear()
        self.results.show_run(run)
        if changes != self._changes:
            self.results.mark_stale()
        self.statusBar().showMessage("Computed.", 5000)
        self._update_exports()

    def _on_failed(self, error: BaseException) -> None:
        self.choices.compute_button.setEnabled(True)
        self.statusBar().clearMessage()
        errors.report(error, self)

    def _on_cancelled(self) -> None:
        self.choices.compute_button.setEnabled(True)
        self.statusBar().showMessage("Computation cancelled; the figures shown are unchanged.", 8000)

    # ------------------------------------------------------------------ comparing

    def _show_comparison(self, key: str | None, source_name: str | None) -> None:
        run = self.run
        if run is None or key is None or source_name is None:
            self.comparison.clear()
            return
        with errors.reporting(self):
            self._compare(run, key, source_name)

    def _compare(self, run: AgreementRun, key: str, source_name: str) -> None:
        data = next(s for s in run.data.sources if s.name == source_name)
        info = next((s for s in self.session.sources if s.name == source_name), None)
        if info is None:
            self.comparison.clear(f"The source '{source_name}' is no longer in the project.")
            return
        text = self.session.text(info.id)
        if len(text) != data.characters:
            raise NotFound(f"the source '{source_name}' has changed; press Compute again")
        coders = run.data.coders
        spans = {
            name: union((c.start, c.end) for c in data.codings if c.code == key and c.coder == name)
            for name in coders
        }
        passages = source_disagreements(data, key, coders)
        names = {c.id: c.name for c in self.session.coders}
        notes = []
        for coding in codings_service.list_codings(self.session.project, source_id=info.id, code_ids=[key]):
            name = names.get(coding.coder_id) or self.session.coder_name(coding.coder_id)
            if name in coders and coding.memo.strip():
                notes.append(MemoNote(name, coding.start, coding.end, coding.memo))
        path = next(c.code.path for c in run.result.codes if c.code.key == key)
        self.comparison.show_comparison(f"{path}  —  {source_name}", text, coders, spans, passages, notes)

    # ------------------------------------------------------------------ exporting

    def export(self, kind: str) -> None:
        run = self.run
        if run is None:
            return
        if self.results.is_stale and not dialogs.confirm(
            self,
            "Figures out of date",
            "The project has changed since these figures were computed. Save them anyway?",
            "Save",
        ):
            return
        path = export_actions.ask_save_path(self, kind, run.project)
        if path is None:
            return
        with errors.reporting(self):
            if kind == "json":
                content = export_actions.json_content(run)
            elif kind == "csv":
                content = export_actions.csv_content(run)
            else:
                names = [source.name for source in run.data.sources]
                texts = agreement_service.source_texts(self.session.project, names)
                content = export_actions.html_content(run, texts)
            export_actions.write_atomically(path, content)
            self.statusBar().showMessage(f"Saved {path}", 8000)

    def _update_exports(self) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self.run is not None)

    # ------------------------------------------------------------------ keeping up with the project

    def _on_data_changed(self, changed: Changed) -> None:
        self._changes += 1
        self._choices_outdated = True
        if self.isVisible():
            self._refresh_choices()
        if changed.project:
            self.setWindowTitle(f"{TITLE} — {self.session.project.name}")
            self.results.clear("Another project is open: choose what to compare, then press Compute.")
            self.comparison.clear()
            self._update_exports()
        elif (
            changed.codebook
            or changed.sources
            or adjudication_panel.figures_affected(changed, self.run, self.session)
        ):
            self.results.mark_stale()

    def _refresh_choices(self) -> None:
        self._choices_outdated = False
        with errors.reporting(self):
            self.choices.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        if self._choices_outdated:  # changes made while the window was closed
            self._refresh_choices()
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Esc closes the window, as it closes a dialog (a key no widget inside used comes here)."""
        if event.key() == Qt.Key.Key_Escape and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if running(self.task):
            self.task.cancel()
        super().closeEvent(event)


def _compute(project: Project, choice: Choice, progress: Progress) -> AgreementRun:
    """The work done on the worker thread (reads the project; writes nothing)."""
    return agreement_service.run_agreement(
        project, choice.coders, choice.codes, choice.sources, choice.overlap, progress
    )
