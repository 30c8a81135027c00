"""The coding query window: segments by code combinations, as ``coder query`` finds them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.domain.errors import InvalidInput
from coder.domain.progress import Progress
from coder.services import queries as queries_service
from coder.services.queries import QueryResult
from coder.ui import errors
from coder.ui.analysis.models import SegmentsModel
from coder.ui.analysis.options import ChoiceBoxes
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.tasks import BackgroundTask, run_with_progress, running

OPERATORS = (
    ("coded", "A: every coding of A"),
    ("overlap", "A and B: the stretches coded with both"),
    ("within", "A within B: A codings inside a B coding"),
    ("not", "A not B: the stretches coded A but not B"),
    ("followed", "A followed by B within N characters"),
)


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to save the segments (tests replace this function on the module)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, "Save the segments", suggested, "Workbook (*.xlsx);;CSV (*.csv)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".xlsx")


class QueryWindow(QMainWindow):
    sig_segment_activated = Signal(object)  # a Segment

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.result: QueryResult | None = None
        self.task: BackgroundTask | None = None
        self.setWindowTitle(f"Coding query — {session.project.name}")
        self.operator = QComboBox()
        for key, label in OPERATORS:
            self.operator.addItem(label, key)
        self.code_a = QComboBox()
        self.code_b = QComboBox()
        self.children = QCheckBox("A and B include their sub-codes")
        self.distance = QSpinBox()
        self.distance.setRange(0, 1_000_000)
        self.distance.setValue(200)
        self.distance.setSuffix(" characters")
        self.pooled = QCheckBox("Combine the chosen coders' codings as one")
        self.choices = ChoiceBoxes(session, with_codes=False)
        self.run_button = QPushButton("Run query")
        self.run_button.setDefault(True)
        form = QFormLayout()
        form.addRow("Query:", self.operator)
        form.addRow("Code A:", self.code_a)
        form.addRow("Code B:", self.code_b)
        form.addRow("Distance N:", self.distance)
        form.addRow(self.children)
        form.addRow(self.pooled)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addWidget(self.choices, 1)
        left_layout.addWidget(self.run_button)
        self.model = SegmentsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.status = QLabel(
            "Choose a query and its codes, then press Run query. Double-click a segment to read it."
        )
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export CSV/XLSX…")
        self.export_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(top)
        right_layout.addWidget(self.table, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(right)
        main.setSizes([340, 1000])
        self.setCentralWidget(main)
        self.resize(1340, 800)
        self.fill_codes()
        self._operator_changed()
        self.operator.currentIndexChanged.connect(self._operator_changed)
        self.run_button.clicked.connect(self.run_query)
        self.export_button.clicked.connect(self.export)
        self.table.doubleClicked.connect(self._on_double_clicked)
        session.sig_data_changed.connect(self._on_data_changed)

    def fill_codes(self) -> None:
        book = self.session.codebook
        for combo in (self.code_a, self.code_b):
            current = combo.currentData()
            combo.clear()
            for code in book.in_tree_order():
                depth = len(book.path(code.id)) - 1
                combo.addItem("    " * depth + code.name, book.path_text(code.id))
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))

    def choose(self, operator: str, a: str, b: str | None = None) -> None:
        """Set the query by its key and code paths (for scripts and tests)."""
        self.operator.setCurrentIndex(self.operator.findData(operator))
        self.code_a.setCurrentIndex(self.code_a.findData(a))
        if b is not None:
            self.code_b.setCurrentIndex(self.code_b.findData(b))

    def _operator_changed(self) -> None:
        operator = self.operator.currentData()
        self.code_b.setEnabled(operator != "coded")
        self.distance.setEnabled(operator == "followed")

    def run_query(self) -> None:
        if running(self.task):
            return
        coders = self.choices.coders()
        if not coders:
            errors.report(InvalidInput("tick at least one coder"), self)
            return
        operator = self.operator.currentData()
        a = [self.code_a.currentData()] if self.code_a.currentData() else []
        b = [self.code_b.currentData()] if operator != "coded" and self.code_b.currentData() else []
        project, children = self.session.project, self.children.isChecked()
        options = {
            "distance": self.distance.value(),
            "coders": coders,
            "where": self.choices.filters(),
            "pooled": self.pooled.isChecked(),
        }

        def work(progress: Progress) -> QueryResult:
            first = queries_service.expand_children(project, a) if children else a
            second = queries_service.expand_children(project, b) if children else b
            return queries_service.coding_query(
                project, operator, first, second, progress=progress, **options
            )

        self.run_button.setEnabled(False)
        self.task = run_with_progress(
            self, "Running the query", work, self.show_result, self._on_failed, self._on_cancelled
        )

    def show_result(self, result: QueryResult) -> None:
        self.run_button.setEnabled(True)
        self.result = result
        self.model.show(result.segments)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status.setText(
            f"{len(result.segments)} segment(s): {result.description}. " + "; ".join(result.scope) + "."
        )
        self.export_button.setEnabled(bool(result.segments))

    def _on_failed(self, error: BaseException) -> None:
        self.run_button.setEnabled(True)
        errors.report(error, self)

    def _on_cancelled(self) -> None:
        self.run_button.setEnabled(True)

    def export(self) -> None:
        if self.result is None:
            return
        module = __import__(__name__, fromlist=["ask_save_path"])
        path = module.ask_save_path(self, f"{self.session.project.name}-query.xlsx")
        if path is None:
            return
        with errors.reporting(self):
            count = queries_service.export_segments(self.result.segments, path)
            self.statusBar().showMessage(f"Saved {count} segment(s) to {path}", 8000)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.sig_segment_activated.emit(self.model.segments[index.row()])

    def _on_data_changed(self, changed: Changed) -> None:
        with errors.reporting(self):
            if changed.codebook or changed.project:
                self.fill_codes()
            self.choices.refresh()
        if changed.project:
            self.result = None
            self.model.show([])
            self.setWindowTitle(f"Coding query — {self.session.project.name}")
