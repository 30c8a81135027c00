"""The figures of one run: what was compared, warnings, the per-code table, one code's sources and pairs."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from coder.analysis.agreement import source_disagreements
from coder.analysis.agreement_model import CodeAgreement
from coder.services.agreement import AgreementRun
from coder.ui.agreement.agreement_table_model import (
    BAND_COLOURS,
    COL_NAME,
    KEY_ROLE,
    AgreementSortProxy,
    AgreementTableModel,
    code_rows,
    pair_rows,
    source_rows,
)

STALE_TEXT = (
    "The project has changed since these figures were computed; press Compute to bring them up to date."
)


def _swatch(colour: str) -> str:
    return f'<span style="background-color:{colour}">&nbsp;&nbsp;&nbsp;&nbsp;</span>'


ALPHA_LEGEND = (
    "Krippendorff's α: "
    f"{_swatch(BAND_COLOURS['reliable'])} ≥ 0.800 reliable &nbsp; "
    f"{_swatch(BAND_COLOURS['tentative'])} 0.667 – 0.800 tentative &nbsp; "
    f"{_swatch(BAND_COLOURS['unreliable'])} &lt; 0.667 unreliable &nbsp; "
    "(Krippendorff 2004). — means undefined. Unit of analysis: the character."
)


def _table(model: AgreementTableModel) -> tuple[QTableView, AgreementSortProxy]:
    proxy = AgreementSortProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # keep codebook order until a header is clicked
    view.setSortingEnabled(True)
    header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
    for column in range(1, model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return view, proxy


class ResultsPanel(QWidget):
    sig_code_chosen = Signal(object)  # the code key, or None
    sig_source_chosen = Signal(object, object)  # the code key and the source name, or None and None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: AgreementRun | None = None
        self.summary = QLabel("Choose coders, codes and sources, then press Compute.")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stale = QLabel(STALE_TEXT)
        self.stale.setWordWrap(True)
        self.stale.setStyleSheet("QLabel { background: #fff3b0; color: #3d3000; padding: 4px; }")
        self.stale.hide()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("QLabel { color: #8a4b00; }")
        self.warnings.hide()
        self.code_model = AgreementTableModel("Code")
        self.code_view, self.code_proxy = _table(self.code_model)
        self.legend = QLabel(ALPHA_LEGEND)
        self.legend.setWordWrap(True)
        self.source_title = QLabel()
        self.source_model = AgreementTableModel("Source")
        self.source_view, self.source_proxy = _table(self.source_model)
        self.pair_title = QLabel()
        self.pair_model = AgreementTableModel("Pair of coders")
        self.pair_view, self.pair_proxy = _table(self.pair_model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.summary, self.stale, self.warnings):
            layout.addWidget(widget)
        layout.addWidget(self.code_view, 3)
        layout.addWidget(self.legend)
        layout.addWidget(self.source_title)
        layout.addWidget(self.source_view, 2)
        layout.addWidget(self.pair_title)
        layout.addWidget(self.pair_view, 2)
        self.code_view.selectionModel().selectionChanged.connect(self._on_code_selection)
        self.source_view.selectionModel().selectionChanged.connect(self._on_source_selection)
        self.clear()

    # ------------------------------------------------------------------ content

    def clear(self, message: str = "Choose coders, codes and sources, then press Compute.") -> None:
        self.run = None
        self.summary.setText(message)
        self.stale.hide()
        self.warnings.hide()
        self.code_model.set_rows([])
        self.source_model.set_rows([])
        self.source_title.setText("<b>Per source</b>: choose a code above")
        self._show_pairs(None)

    def show_run(self, run: AgreementRun) -> None:
        self.run = run
        result = run.result
        stamp = run.generated.astimezone().strftime("%Y-%m-%d %H:%M")
        sources = len(result.sources)
        self.summary.setText(
            f"<b>{len(result.coders)} coders:</b> {escape(', '.join(result.coders))} &nbsp;·&nbsp; "
            f"<b>{len(result.codes)} codes</b>, <b>{sources} source{'s' if sources != 1 else ''}</b> "
            f"({sum(s.characters for s in result.sources):,} characters) &nbsp;·&nbsp; "
            f"segment overlap θ = {result.overlap:.2f} &nbsp;·&nbsp; computed {stamp}"
        )
        self.stale.hide()
        self.warnings.setText("\n".join(f"⚠ {warning}" for warning in result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self.source_model.set_rows([])
        self._show_pairs(None)
        self.code_model.set_rows(code_rows(result))
        if result.codes:
            self.code_view.selectRow(self._first_code_row())

    def mark_stale(self) -> None:
        if self.run is not None:
            self.stale.show()

    @property
    def is_stale(self) -> bool:
        return self.run is not None and not self.stale.isHidden()

    def _first_code_row(self) -> int:
        for row in range(self.code_proxy.rowCount()):
            if self.code_proxy.index(row, 0).data(KEY_ROLE) is not None:
                return row
        return 0

    def code(self, key: str) -> CodeAgreement | None:
        if self.run is None:
            return None
        return next((c for c in self.run.result.codes if c.code.key == key), None)

    def flagged_sources(self) -> list[str]:
        if self.run is None:
            return []
        return [s.name for s in self.run.result.sources if any(n == 0 for n in s.codings.values())]

    # ------------------------------------------------------------------ choosing

    def selected_code(self) -> str | None:
        rows = self.code_view.selectionModel().selectedRows()
        return rows[0].data(KEY_ROLE) if rows else None

    def selected_source(self) -> str | None:
        rows = self.source_view.selectionModel().selectedRows()
        return rows[0].data(KEY_ROLE) if rows else None

    def select_code(self, key: str) -> None:
        self._select(self.code_view, key)

    def select_source(self, name: str) -> None:
        self._select(self.source_view, name)

    @staticmethod
    def _select(view: QTableView, key: str) -> None:
        model = view.model()
        for row in range(model.rowCount()):
            if model.index(row, 0).data(KEY_ROLE) == key:
                view.selectRow(row)
                view.scrollTo(model.index(row, 0))
                return

    def _on_code_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        key = self.selected_code()
        code = self.code(key) if key is not None else None
        self._show_pairs(code)
        if code is None:
            self.source_model.set_rows([])
            self.source_title.setText("<b>Per source</b>: choose a code above")
            self.sig_code_chosen.emit(None)
            self.sig_source_chosen.emit(None, None)
            return
        self.source_title.setText(f"<b>Per source</b>: {escape(code.code.path)}")
        self.source_model.set_rows(source_rows(code, self.flagged_sources()))
        self.sig_code_chosen.emit(code.code.key)
        self.select_source(self._default_source(code))

    def _show_pairs(self, code: CodeAgreement | None) -> None:
        """Each pair of coders' figures for the chosen code; shown when three or more coders are compared."""
        many = self.run is not None and len(self.run.result.coders) > 2
        self.pair_title.setVisible(many)
        self.pair_view.setVisible(many)
        if not many or code is None:
            self.pair_model.set_rows([])
            self.pair_title.setText("<b>Pairs of coders</b>: choose a code above")
            return
        self.pair_title.setText(f"<b>Pairs of coders</b>, over all sources: {escape(code.code.path)}")
        self.pair_model.set_rows(pair_rows(code))
        rows = min(self.pair_model.rowCount(), 4)  # up to four pairs in view without scrolling
        view = self.pair_view
        height = view.horizontalHeader().height() + rows * view.verticalHeader().defaultSectionSize()
        view.setMinimumHeight(height + 2 * view.frameWidth())

    def _default_source(self, code: CodeAgreement) -> str:
        """The first source where the coders disagree on this code, else the first source."""
        assert self.run is not None
        coders = self.run.data.coders
        for source in self.run.data.sources:
            if source_disagreements(source, code.code.key, coders):
                return source.name
        return code.by_source[0].source if code.by_source else ""

    def _on_source_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        key, source = self.selected_code(), self.selected_source()
        if key is None or source is None:
            self.sig_source_chosen.emit(None, None)
        else:
            self.sig_source_chosen.emit(key, source)
