"""A window for one overview (frequencies, co-occurrence or a matrix): options, table, chart, segments.

The numbers come from :func:`coder.services.reports.run_report`, the same as ``coder report`` writes;
the chart is the same matplotlib figure the HTML report embeds. Computing runs off the UI thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coder.domain.errors import InvalidInput
from coder.domain.overview import Segment
from coder.domain.progress import Progress
from coder.exporters.charts import SMALLEST_SHOWN
from coder.services import reports as reports_service
from coder.services.reports import ReportRun
from coder.ui import errors
from coder.ui.analysis.models import OverviewModel, SegmentsModel
from coder.ui.analysis.options import ChoiceBoxes, fill_groupings
from coder.ui.changes import Changed
from coder.ui.session import Session
from coder.ui.tasks import BackgroundTask, run_with_progress, running

TITLES = {"frequencies": "Code frequencies", "cooccurrence": "Code co-occurrence", "matrix": "Code matrix"}
EXPORTS = {
    "csv": "CSV, long form (*.csv)",
    "xlsx": "Workbook (*.xlsx)",
    "html": "HTML report (*.html)",
    "png": "PNG image (*.png)",
    "svg": "SVG image (*.svg)",
}


def ask_save_path(parent: QWidget | None, kind: str, suggested: str) -> Path | None:
    """Where to save; ``None`` when cancelled (tests replace this function on the module)."""
    name, _ = QFileDialog.getSaveFileName(parent, f"Save as {kind.upper()}", suggested, EXPORTS[kind])
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(f".{kind}")


class OverviewWindow(QMainWindow):
    sig_segment_activated = Signal(object)  # a Segment: show its passage in the main window

    def __init__(self, session: Session, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.kind = session, kind
        self.run: ReportRun | None = None
        self.task: BackgroundTask | None = None
        self.figure: Any = None
        self.canvas: Any = None
        self.setWindowTitle(f"{TITLES[kind]} — {session.project.name}")
        self.choices = ChoiceBoxes(session)
        self.by = QComboBox()
        fill_groupings(self.by, session, with_none=kind == "cooccurrence")
        self.use_within = QCheckBox("Near, not only overlapping:")
        self.within = QSpinBox()
        self.within.setRange(0, 100_000)
        self.within.setValue(100)
        self.within.setSuffix(" characters")
        self.measure = QComboBox()
        for measure in ("codings", "characters", "sources"):
            self.measure.addItem(measure, measure)
        self.chart_kind = QComboBox()
        self.chart_kind.addItem("Heat map", "heatmap")
        self.chart_kind.addItem("Network", "network")
        self.group = QComboBox()
        self.compute_button = QPushButton("Compute")
        self.compute_button.setDefault(True)
        form = QFormLayout()
        form.addRow("Compare by:" if kind != "cooccurrence" else "Separately for each:", self.by)
        if kind == "cooccurrence":
            form.addRow(self.use_within, self.within)
        if kind == "matrix":
            form.addRow("Cells show:", self.measure)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.choices, 1)
        left_layout.addLayout(form)
        left_layout.addWidget(self.compute_button)

        self.model = OverviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.segments_model = SegmentsModel(self)
        self.segments = QTableView()
        self.segments.setModel(self.segments_model)
        self.segments.horizontalHeader().setStretchLastSection(True)
        self.segments.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.segments_title = QLabel(
            "Click a number to list its segments; double-click one to read it in its source."
        )
        self.segments_title.setTextFormat(Qt.TextFormat.PlainText)
        # The chart fills its pane, but never shrinks below most of its size (its labels would
        # overlap and its legend be cut off): a smaller pane scrolls.
        self.chart_box = QScrollArea(widgetResizable=True)
        self.chart_box.setFrameShape(QScrollArea.Shape.NoFrame)
        self.chart_holder = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_holder)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_box.setWidget(self.chart_holder)
        self.status = QLabel("Choose what to count, then press Compute.")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        buttons = QHBoxLayout()
        if kind == "cooccurrence":
            buttons.addWidget(QLabel("Chart:"))
            buttons.addWidget(self.chart_kind)
            buttons.addWidget(QLabel("Group:"))
            buttons.addWidget(self.group)
        self.export_buttons: dict[str, QPushButton] = {}
        buttons.addStretch(1)
        buttons.addWidget(QLabel("Save:"))
        for kind_name, label in (
            ("png", "Chart PNG…"),
            ("svg", "Chart SVG…"),
            ("csv", "CSV…"),
            ("xlsx", "XLSX…"),
            ("html", "HTML…"),
        ):
            button = QPushButton(label)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, k=kind_name: self.export(k))
            self.export_buttons[kind_name] = button
            buttons.addWidget(button)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.segments_title)
        lower_layout.addWidget(self.segments)
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.addWidget(self.table)
        middle.addWidget(self.chart_box)
        middle.setSizes([520, 680])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(middle)
        right.addWidget(lower)
        right.setSizes([600, 260])
        right_box = QWidget()
        right_layout = QVBoxLayout(right_box)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addLayout(buttons)
        right_layout.addWidget(right, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(left)
        main.addWidget(right_box)
        main.setSizes([280, 1220])
        self.setCentralWidget(main)
        self.resize(1500, 920)

        self.compute_button.clicked.connect(self.compute)
        self.table.clicked.connect(self._on_cell_clicked)
        self.segments.doubleClicked.connect(self._on_segment_double_clicked)
        self.measure.currentIndexChanged.connect(self._redraw)
        self.chart_kind.currentIndexChanged.connect(self._redraw)
        self.group.currentIndexChanged.connect(self._redraw)
        session.sig_data_changed.connect(self._on_data_changed)

    # ------------------------------------------------------------------ computing

    def request(self) -> dict[str, Any]:
        coders = self.choices.coders()
        if not coders:
            raise InvalidInput("tick at least one coder")
        codes = self.choices.codes()
        if not codes:
            raise InvalidInput("tick at least one code")
        within = self.within.value() if self.kind == "cooccurrence" and self.use_within.isChecked() else None
        return {
            "kind": self.kind,
            "by": self.by.currentData() or None,
            "coders": coders,
            "codes": codes,
            "where": self.choices.filters(),
            "within": within,
            "measure": self.measure.currentData() or "codings",
        }

    def compute(self) -> None:
        if running(self.task):
            return
        try:
            request = self.request()
        except InvalidInput as error:
            errors.report(error, self)
            return
        project = self.session.project

        def work(progress: Progress) -> ReportRun:
            return reports_service.run_report(project, progress=progress, **request)

        self.compute_button.setEnabled(False)
        self.task = run_with_progress(
            self,
            f"Computing {TITLES[self.kind].lower()}",
            work,
            self.show_run,
            self._on_failed,
            self._on_cancelled,
        )

    def show_run(self, run: ReportRun) -> None:
        self.compute_button.setEnabled(True)
        self.run = run
        overview = run.overview
        self.group.blockSignals(True)
        self.group.clear()
        for group in overview.groups:
            self.group.addItem(group or "all sources", group)
        self.group.blockSignals(False)
        self.segments_model.show([])
        self.status.setText(f"{overview.title}. " + "; ".join(overview.scope) + ".")
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self._redraw()

    def _on_failed(self, error: BaseException) -> None:
        self.compute_button.setEnabled(True)
        errors.report(error, self)

    def _on_cancelled(self) -> None:
        self.compute_button.setEnabled(True)
        self.status.setText("Cancelled; the figures shown are unchanged.")

    # ------------------------------------------------------------------ showing

    def current_group(self) -> str:
        return self.group.currentData() or ""

    def _redraw(self) -> None:
        if self.run is None:
            return
        overview = self.run.overview
        measure = self.measure.currentData() or "codings"
        if overview.kind == "matrix" and overview.measure != measure:
            from dataclasses import replace

            overview = replace(overview, measure=measure)
            self.run = ReportRun(overview, self.run.material, self.run.group_of, self.run.code_ids)
        self.model.show(overview, self.current_group(), measure)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 150))
        self._draw_chart()

    def make_figure(self) -> Any:
        from coder.exporters import charts

        overview = self.run.overview if self.run is not None else None
        if overview is None or not overview.codes:
            return None
        if overview.kind == "frequencies":
            return charts.frequency_figure(overview)
        if overview.kind == "matrix":
            return charts.heatmap_figure(overview)
        if self.chart_kind.currentData() == "network":
            return charts.network_figure(overview, self.current_group())
        return charts.cooccurrence_heatmap(overview, self.current_group())

    def _draw_chart(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        if self.canvas is not None:
            self.chart_layout.removeWidget(self.canvas)
            self.canvas.deleteLater()
            self.canvas = None
        self.figure = self.make_figure()
        if self.figure is None:
            return
        width, height = self.figure.get_size_inches() * self.figure.dpi * SMALLEST_SHOWN
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.canvas.setMinimumSize(max(300, int(width)), max(240, int(height)))
        self.chart_layout.addWidget(self.canvas)

    def _on_cell_clicked(self, index: QModelIndex) -> None:
        key = self.model.cell_key(index)
        if key is None or self.run is None:
            return
        code, group, code_b = key
        with errors.reporting(self):
            segments = reports_service.cell_segments(self.session.project, self.run, code, group, code_b)
            self.segments_model.show(segments)
            self.segments.resizeColumnsToContents()
            self.segments_title.setText(
                reports_service.describe_cell(self.run.overview, code, group, code_b)
                + f" — {len(segments)} segment(s)"
            )

    def _on_segment_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            segment: Segment = self.segments_model.segments[index.row()]
            self.sig_segment_activated.emit(segment)

    # ------------------------------------------------------------------ saving

    def export(self, kind: str) -> None:
        if self.run is None:
            return
        module = __import__(__name__, fromlist=["ask_save_path"])
        path = module.ask_save_path(self, kind, f"{self.session.project.name}-{self.kind}.{kind}")
        if path is None:
            return
        with errors.reporting(self):
            save_overview(self.run, path, kind, self.figure)
            self.statusBar().showMessage(f"Saved {path}", 8000)

    # ------------------------------------------------------------------ keeping up

    def _on_data_changed(self, changed: Changed) -> None:
        if changed.project:
            self.setWindowTitle(f"{TITLES[self.kind]} — {self.session.project.name}")
            self.run = None
            self.model.show(None)
            self.segments_model.show([])
        with errors.reporting(self):
            self.choices.refresh()
            fill_groupings(self.by, self.session, with_none=self.kind == "cooccurrence")
        if self.run is not None and (changed.codings or changed.codebook or changed.sources):
            self.status.setText(
                "The project has changed since these figures were computed; press Compute again."
            )


def save_overview(run: ReportRun, path: Path, kind: str, figure: Any = None) -> None:
    """Write the overview (CSV, XLSX, HTML) or its chart (PNG, SVG): the files ``coder report`` writes."""
    from coder.exporters import charts, overview_files
    from coder.services.exchange import write_atomically

    overview = run.overview
    if kind in ("png", "svg"):
        charts.save_figure(
            figure if figure is not None else charts.figures_for(overview)[0],
            path.with_suffix(f".{kind}") if path.suffix.lower() != f".{kind}" else path,
        )
        return
    if kind == "xlsx":
        write_atomically(path, lambda handle: overview_files.write_xlsx(handle, overview))  # type: ignore[arg-type]
        return
    if kind == "csv":
        content = overview_files.to_csv(overview)
    else:
        content = overview_files.render_html(
            overview, [charts.inline_svg(f) for f in charts.figures_for(overview)]
        )
    data = content.encode("utf-8")
    write_atomically(path, lambda handle: handle.write(data))
