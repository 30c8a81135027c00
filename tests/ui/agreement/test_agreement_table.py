"""The per-code and per-source tables show exactly the service's figures."""

from __future__ import annotations

from collections.abc import Callable

from agreement_ui_helpers import (  # noqa: F401 - the fixtures, found by pytest by name
    PARTY,
    Study,
    compute_fixture,
    errors_shown_fixture,
    names,
    study_fixture,
    table,
    three,
    window_fixture,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from coder.services.agreement import run_agreement
from coder.ui.agreement import AgreementWindow
from coder.ui.agreement.agreement_table_model import (
    BAND_COLOURS,
    COL_ALPHA,
    COL_COHEN,
    COL_FLEISS,
    COL_JACCARD,
    COL_NAME,
    COL_PERCENT,
    COL_SEGMENT,
    COL_UNITS,
    SORT_ROLE,
    AgreementSortProxy,
    AgreementTableModel,
    TableRow,
)

Compute = Callable[[AgreementWindow], None]


def test_worked_example_and_every_figure_as_the_service_computes_it(
    window: AgreementWindow, study: Study, compute: Compute, qtbot: QtBot
) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    window.choices.set_checked("sources", ["example.txt"])
    window.choices.set_checked("codes", ["Other", "Theme/Entrapment"])
    compute(window)

    shown = table(window.results.code_proxy)
    other = shown["Other"]
    assert other[COL_UNITS] == "20"
    assert other[COL_PERCENT] == "0.700"
    assert other[COL_COHEN] == "0.400"
    assert other[COL_ALPHA] == "0.409"
    assert other[COL_FLEISS] == "0.394"
    assert other[COL_JACCARD] == "0.571"
    assert other[COL_SEGMENT] == "0.000"  # θ = 0.9: no segment matches
    # Entrapment is coded identically by both: kappa and alpha are 1, and all defined.
    assert shown["Theme/Entrapment"][COL_PERCENT] == "1.000"

    expected = run_agreement(study.project, ["A", "B"], ["Other", "Theme/Entrapment"], ["example.txt"], 0.9)
    for code in expected.result.codes:
        row = shown[code.code.path]
        stats = code.pooled
        figures = (stats.percent_agreement, stats.cohen_kappa, stats.krippendorff_alpha)
        figures += (stats.fleiss_kappa, stats.jaccard, code.segment_agreement(), stats.u_alpha_binary)
        assert row[COL_PERCENT:] == [three(value) for value in figures]
    overall = expected.result.overall
    assert shown["Mean over codes"][COL_ALPHA] == three(overall.krippendorff_alpha)
    assert shown["Mean over codes"][COL_PERCENT] == three(overall.percent_agreement)
    assert shown["Pooled κ (De Vries)"][COL_COHEN] == three(overall.pooled_kappa)
    assert overall.pooled_kappa is not None

    window.choices.overlap.setValue(0.5)
    compute(window)
    assert table(window.results.code_proxy)["Other"][COL_SEGMENT] == "1.000"  # the spec's θ = 0.5 case


def test_alpha_cells_are_tinted_by_the_reading_aid(window: AgreementWindow, compute: Compute) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    window.choices.set_checked("sources", ["example.txt"])
    compute(window)
    proxy = window.results.code_proxy
    rows = {proxy.index(r, COL_NAME).data(): r for r in range(proxy.rowCount())}

    def tint(name: str) -> QColor | None:
        brush = proxy.index(rows[name], COL_ALPHA).data(Qt.ItemDataRole.BackgroundRole)
        return None if brush is None else brush.color()

    assert tint("Other") == QColor(BAND_COLOURS["unreliable"])  # α = 0.409
    assert tint("Theme/Entrapment") == QColor(BAND_COLOURS["reliable"])  # α = 1
    assert "unreliable" in proxy.index(rows["Other"], COL_ALPHA).data(Qt.ItemDataRole.ToolTipRole)
    assert "0.667" in window.results.legend.text() and "0.800" in window.results.legend.text()


def test_drill_down_lists_each_source_and_warns_about_idle_coders(
    window: AgreementWindow, compute: Compute, study: Study
) -> None:
    compute(window)  # defaults: A, B and C; C coded nothing in example.txt
    assert window.run is not None and window.run.data.coders == ("A", "B", "C")
    assert window.results.warnings.isVisibleTo(window)
    assert "Coder 'C' made no coding at all in source 'example.txt'." in window.results.warnings.text()
    window.results.select_code(study.codes["Theme/Entrapment"])
    per_source = table(window.results.source_proxy)
    assert set(per_source) == {"⚠ example.txt", "party.txt"}
    code = next(c for c in window.run.result.codes if c.code.path == "Theme/Entrapment")
    party = next(e for e in code.by_source if e.source == "party.txt")
    assert per_source["party.txt"][COL_UNITS] == str(len(PARTY))
    assert per_source["party.txt"][COL_ALPHA] == three(party.stats.krippendorff_alpha)
    assert per_source["party.txt"][COL_COHEN] == "—"  # three coders: Cohen's kappa is undefined
    assert per_source["party.txt"][COL_SEGMENT] == three(code.segment_agreement("party.txt"))
    # The first source with disagreements is chosen: C did not code A's and B's passage in example.txt.
    assert window.results.selected_source() == "example.txt"


def test_sorting_is_numeric_with_undefined_and_summary_rows_last(qtbot: QtBot) -> None:
    model = AgreementTableModel()
    model.set_rows(
        [
            TableRow("b", "b", 10, (0.5, None, 0.9, 0.1, 0.2, None)),
            TableRow("a", "a", 10, (0.25, None, None, 0.1, 0.2, None)),
            TableRow("c", "c", 10, (0.75, None, 0.1, 0.1, 0.2, None)),
            TableRow("Mean over codes", None, None, (0.5, None, 0.5, 0.1, 0.2, None), summary=1),
            TableRow("Pooled κ (De Vries)", None, None, (None, 0.3, None, None, None, None), summary=2),
        ]
    )
    proxy = AgreementSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(COL_ALPHA, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == ["c", "b", "a", "Mean over codes", "Pooled κ (De Vries)"]
    proxy.sort(COL_ALPHA, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["b", "c", "a", "Mean over codes", "Pooled κ (De Vries)"]
    proxy.sort(COL_PERCENT, Qt.SortOrder.DescendingOrder)
    assert names(proxy) == ["c", "b", "a", "Mean over codes", "Pooled κ (De Vries)"]
    assert proxy.index(0, COL_PERCENT).data(SORT_ROLE) == 0.75
    assert proxy.index(2, COL_ALPHA).data() == "—"


def test_clicking_a_header_sorts(window: AgreementWindow, compute: Compute, qtbot: QtBot) -> None:
    window.choices.set_checked("coders", ["A", "B"])
    compute(window)
    header = window.results.code_view.horizontalHeader()
    middle = header.sectionViewportPosition(COL_ALPHA) + header.sectionSize(COL_ALPHA) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(middle, header.height() // 2))
    assert header.sortIndicatorSection() == COL_ALPHA
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    proxy = window.results.code_proxy
    alphas = [proxy.index(row, COL_ALPHA).data(SORT_ROLE) for row in range(2)]
    assert alphas == sorted(alphas, reverse=descending) and alphas[0] != alphas[1]
    assert names(proxy)[-2:] == ["Mean over codes", "Pooled κ (De Vries)"]


def test_item_models_pass_the_model_tester(
    window: AgreementWindow, compute: Compute, qtmodeltester: ModelTester, study: Study
) -> None:
    compute(window)
    window.results.select_code(study.codes["Theme/Entrapment"])
    for model in (
        window.results.code_model,
        window.results.code_proxy,
        window.results.source_model,
        window.results.source_proxy,
        window.choices.coder_list.model(),
        window.choices.code_tree.model(),
        window.choices.source_list.model(),
    ):
        qtmodeltester.check(model)
