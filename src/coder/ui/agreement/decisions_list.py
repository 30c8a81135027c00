"""Every decision of a consensus, oldest first, with a way to take any one back.

Ctrl+Z takes back the decisions of this session in reverse order; this list reaches every decision,
also those taken earlier or on the command line. Project text is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coder.domain.codebook import Codebook
from coder.domain.consensus import Decision

COLUMNS = ("Code", "Source", "Characters", "Decision", "Decided by", "When", "Note")


@dataclass(frozen=True, slots=True)
class DecisionRow:
    decision_id: str
    cells: tuple[str, ...]


def decision_rows(
    decisions: Sequence[Decision], book: Codebook, sources: dict[str, str]
) -> list[DecisionRow]:
    rows = []
    for d in decisions:
        what = {
            "coders": f"accepted from {', '.join(d.coders)}",
            "none": "left uncoded",
            "manual": "span drawn by hand",
        }.get(d.choice, d.choice)
        path = book.path_text(d.code_id) if d.code_id in book.by_id else "?"
        when = d.decided_at.astimezone().strftime("%Y-%m-%d %H:%M")
        cells = (path, sources.get(d.source_id, "?"), f"{d.start}–{d.end}", what, d.decided_by, when, d.note)
        rows.append(DecisionRow(d.id, cells))
    return rows


class DecisionsList(QWidget):
    sig_take_back = Signal(str)  # a decision id
    sig_back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.take_back_button = QPushButton("Take back the selected decision")
        self.take_back_button.setToolTip(
            "The disagreement it settled opens again; the consensus is as before it"
        )
        self.back_button = QPushButton("Back")
        self.take_back_button.clicked.connect(self._take_back)
        self.back_button.clicked.connect(self.sig_back)
        self.table.itemSelectionChanged.connect(self._update)
        buttons = QHBoxLayout()
        buttons.addWidget(self.take_back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.ids: list[str] = []
        self._update()

    def show_rows(self, rows: Sequence[DecisionRow], name: str) -> None:
        self.title.setText(f"Decisions of the consensus '{name}', oldest first ({len(rows)}):")
        self.ids = [row.decision_id for row in rows]
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        for number, row in enumerate(rows):
            for column, text in enumerate(row.cells):
                self.table.setItem(number, column, QTableWidgetItem(text))
        self._update()

    def select(self, row: int) -> None:
        self.table.selectRow(row)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.ids[rows[0].row()] if rows else None

    def _update(self) -> None:
        self.take_back_button.setEnabled(self.selected_id() is not None)

    def _take_back(self) -> None:
        chosen = self.selected_id()
        if chosen is not None:
            self.sig_take_back.emit(chosen)
