"""The agreement window's pairwise table, its unitized-alpha column and figures that round to zero."""

from __future__ import annotations

from collections.abc import Callable

from agreement_ui_helpers import (  # noqa: F401 - the fixtures, found by pytest by name
    Study,
    compute_fixture,
    errors_shown_fixture,
    names,
    study_fixture,
    table,
    three,
    window_fixture,
)
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coder.analysis.agreement import AgreementInput, CodeRef, SourceSpans, compute_agreement
from coder.ui.agreement import AgreementWindow
from coder.ui.agreement.agreement_table_model import (
    COL_COHEN,
    COL_PERCENT,
    COL_SEGMENT,
    COL_UNITIZED,
    COL_UNITS,
    AgreementTableModel,
    code_rows,
)

Compute = Callable[[AgreementWindow], None]


def test_three_coders_show_each_pair_of_the_chosen_code(
    window: AgreementWindow, study: Study, compute: Compute, qtmodeltester: ModelTester
) -> None:
    compute(window)  # defaults: A, B and C
    results = window.results
    results.select_code(study.codes["Theme/Entrapment"])
    assert results.pair_view.isVisibleTo(window)
    assert "Theme/Entrapment" in results.pair_title.text()
    assert names(results.pair_proxy) == ["A & B", "A & C", "B & C"]
    assert window.run is not None
    code = next(c for c in window.run.result.codes if c.code.path == "Theme/Entrapment")
    shown = table(results.pair_proxy)
    segments = {entry.coders: entry.segment_agreement for entry in code.segments}
    for pair in code.pairwise:
        row = shown[" & ".join(pair.coders)]
        stats = pair.stats
        figures = (stats.percent_agreement, stats.cohen_kappa, stats.krippendorff_alpha, stats.fleiss_kappa)
        figures += (stats.jaccard, segments[pair.coders], stats.u_alpha_binary)
        assert row[COL_UNITS] == f"{stats.units:,}"
        assert row[COL_PERCENT:] == [three(value) for value in figures]
        assert row[COL_COHEN] != "—"  # a pair has its own Cohen's kappa, the three coders have none
    # The pairs differ: A and B code "argued loudly" alike, C does not.
    assert len({tuple(row) for row in shown.values()}) == 3
    qtmodeltester.check(results.pair_model)

    results.select_code(study.codes["Other"])
    assert "Other" in results.pair_title.text()
    assert names(results.pair_proxy) == ["A & B", "A & C", "B & C"]


def test_two_coders_have_no_pairwise_table(window: AgreementWindow, study: Study, compute: Compute) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    compute(window)
    window.results.select_code(study.codes["Theme/Entrapment"])
    assert not window.results.pair_view.isVisibleTo(window)
    assert window.results.pair_model.rowCount() == 0


def test_unitized_alpha_column_and_its_overall_figure(window: AgreementWindow, compute: Compute) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    window.choices.set_checked("sources", ["example.txt"])
    compute(window)
    assert window.run is not None
    shown = table(window.results.code_proxy)
    for code in window.run.result.codes:
        assert shown[code.code.path][COL_UNITIZED] == three(code.pooled.u_alpha_binary)
    assert shown["Mean over codes"][COL_UNITIZED] == three(window.run.result.overall.u_alpha_binary)
    assert window.run.result.overall.u_alpha_binary is not None
    assert shown["Mean over codes"][COL_SEGMENT] == ""
    header = window.results.code_model.headerData(COL_UNITIZED, Qt.Orientation.Horizontal)
    assert header == "Unitized α"


def test_a_figure_that_rounds_to_negative_zero_shows_as_zero(qtbot: QtBot) -> None:
    source = SourceSpans("long", 100_000, [("A", "k", 0, 20_000), ("B", "k", 18_001, 28_001)])
    result = compute_agreement(AgreementInput([source], ["A", "B"], [CodeRef("k", "K", "K")]))
    kappa = result.codes[0].pooled.cohen_kappa
    assert kappa is not None and f"{kappa:.3f}" == "-0.000"
    model = AgreementTableModel()
    model.set_rows(code_rows(result))
    shown = table(model)
    assert shown["K"][COL_COHEN] == "0.000"
    assert shown["Pooled κ (De Vries)"][COL_COHEN] == "0.000"
    assert not any(cell and cell.startswith("-0.000") for row in shown.values() for cell in row)
