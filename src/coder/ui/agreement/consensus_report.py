"""Each compared coder's agreement with the consensus, as 'coder agreement --coders A,consensus' gives it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from coder.analysis.agreement_model import combined_segment_agreement
from coder.analysis.figures import UNDEFINED, three_decimals
from coder.services.agreement import run_agreement
from coder.services.project import Project

# (attribute of the overall figures, column title); a statistic the engine does not compute is left out
COLUMNS = (
    ("percent_agreement", "Agreement %"),
    ("cohen_kappa", "Cohen's κ"),
    ("krippendorff_alpha", "Krippendorff's α"),
    ("u_alpha_binary", "Unitized α"),
    ("jaccard", "Jaccard"),
    ("pooled_kappa", "Pooled κ"),
)
SEGMENTS = "Segment agreement"


@dataclass(frozen=True, slots=True)
class CoderFigures:
    coder: str
    figures: dict[str, float | None]  # by column title


def coder_figures(project: Project, coders: Sequence[str], consensus: str) -> list[CoderFigures]:
    """Each coder compared with the consensus over every code either used (means across codes)."""
    found = []
    for coder in coders:
        result = run_agreement(project, [coder, consensus]).result
        figures: dict[str, float | None] = {}
        for attribute, title in COLUMNS:
            if hasattr(result.overall, attribute):
                figures[title] = getattr(result.overall, attribute)
        figures[SEGMENTS] = combined_segment_agreement(s for code in result.codes for s in code.segments)
        found.append(CoderFigures(coder, figures))
    return found


def _cell(value: float | None, percent: bool) -> str:
    if value is None:
        return UNDEFINED
    return f"{100 * value:.1f} %" if percent else three_decimals(value)


class ConsensusReport(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)

    def show_figures(self, rows: Sequence[CoderFigures]) -> None:
        titles = list(rows[0].figures) if rows else []
        self.clear()
        self.setColumnCount(len(titles) + 1)
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(["Coder", *titles])
        for number, row in enumerate(rows):
            self.setItem(number, 0, QTableWidgetItem(row.coder))
            for column, title in enumerate(titles, start=1):
                item = QTableWidgetItem(_cell(row.figures[title], title == "Agreement %"))
                self.setItem(number, column, item)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def cell_text(self, row: int, title: str) -> str:
        for column in range(self.columnCount()):
            if self.horizontalHeaderItem(column).text() == title:
                return self.item(row, column).text()
        raise KeyError(title)
