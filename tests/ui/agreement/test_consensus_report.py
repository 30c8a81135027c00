"""The table of each coder's agreement with the consensus prints figures as the reports do."""

from __future__ import annotations

from typing import Any

from coder.ui.agreement.consensus_report import CoderFigures, ConsensusReport


def test_a_figure_that_rounds_to_zero_is_never_minus_zero(qtbot: Any) -> None:
    table = ConsensusReport()
    qtbot.addWidget(table)
    figures = {"Agreement %": 0.5, "Cohen's κ": -0.0002, "Krippendorff's α": None, "Jaccard": 0.25}
    table.show_figures([CoderFigures("Ana & <b>Ben</b>", figures)])
    assert table.cell_text(0, "Cohen's κ") == "0.000"
    assert table.cell_text(0, "Krippendorff's α") == "—"
    assert table.cell_text(0, "Agreement %") == "50.0 %"
    assert table.cell_text(0, "Jaccard") == "0.250"
    assert table.item(0, 0).text() == "Ana & <b>Ben</b>"
