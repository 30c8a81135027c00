"""The Analysis menu: attribute editor with undo, overviews whose numbers equal the CSV and HTML, queries."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from workspace_support import EMOJI_TEXT, Demo, FakeDialogs, store_sources

from coder.services import attributes as attribute_service
from coder.services import coders, codings
from coder.ui.analysis import attributes_window, overview_window, query_window

pytestmark = pytest.mark.ui


def _code(demo: Demo) -> None:
    alice = coders.ensure_coder(demo.project, "Alice").id
    for source, code, start, end in (
        (demo.first, "Alpha", 0, 10),
        (demo.first, "Beta", 5, 15),
        (demo.first, "Alpha", 40, 50),
        (demo.second, "Alpha", 0, 5),
    ):
        codings.add_coding(demo.project, source, demo.codes[code], alice, start, end)


def _computed(qtbot: Any, window: Any, key: str, by: str) -> Any:
    overview = window.analysis_actions[key].trigger() or window._analysis_windows[key]
    overview.by.setCurrentIndex(overview.by.findData(by))
    overview.compute_button.click()
    qtbot.waitUntil(lambda: overview.run is not None and overview.compute_button.isEnabled(), timeout=10_000)
    return overview


def test_frequencies_window_shows_the_numbers_of_the_csv_and_html(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    _code(demo)
    shown = _computed(qtbot, window, "frequencies", "source")
    model = shown.model
    rows = {
        model.headerData(r, Qt.Orientation.Vertical): [
            model.index(r, c).data() for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    }
    # columns: a-first codings, characters, b-second codings, characters
    assert rows == {"Alpha": ["2", "20", "1", "5"], "Beta": ["1", "10", "0", "0"]}
    answers = iter(
        [tmp_path / "f.csv", tmp_path / "f.html", tmp_path / "f.png", tmp_path / "f.svg", tmp_path / "f.xlsx"]
    )
    monkeypatch.setattr(overview_window, "ask_save_path", lambda _p, _k, _s: next(answers))
    for kind in ("csv", "html", "png", "svg", "xlsx"):
        shown.export_buttons[kind].click()
    table = list(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text(encoding="utf-8"))))
    from_csv = {}
    for row in table:
        from_csv.setdefault(row["code"], []).extend([row["codings"], row["characters"]])
    assert from_csv == {k: [v.replace(",", "") for v in values] for k, values in rows.items()}
    html = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert '<td class="n" style="background:hsl(214,60%,42%);color:#fff">20</td>' in html
    assert "<svg" in html
    assert (tmp_path / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in (tmp_path / "f.svg").read_bytes()
    assert (tmp_path / "f.xlsx").read_bytes()[:2] == b"PK"


def test_a_cell_lists_its_segments_and_a_segment_opens_its_passage(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    _code(demo)
    shown = _computed(qtbot, window, "matrix", "source")
    shown.table.clicked.emit(shown.model.index(0, 0))  # Alpha in a-first.txt
    segments = shown.segments_model.segments
    assert [(s.start, s.end, s.text) for s in segments] == [
        (0, 10, EMOJI_TEXT[0:10]),
        (40, 50, EMOJI_TEXT[40:50]),
    ]
    shown.segments.doubleClicked.emit(shown.segments_model.index(1, 0))
    assert window.document.source.id == demo.first
    assert window.document.textCursor().selectedText() == EMOJI_TEXT[40:50].replace("\n", "\u2029")


def test_cooccurrence_window_counts_pairs_and_draws_a_network(qtbot: Any, window: Any, demo: Demo) -> None:
    _code(demo)
    shown = _computed(qtbot, window, "cooccurrence", "")
    assert shown.model.index(0, 1).data() == "1"  # Alpha [0,10) overlaps Beta [5,15)
    shown.chart_kind.setCurrentIndex(shown.chart_kind.findData("network"))
    assert shown.canvas is not None and shown.figure.axes[0].get_title().startswith("Code co-occurrence")
    shown.use_within.setChecked(True)
    shown.within.setValue(30)
    shown.compute_button.click()
    qtbot.waitUntil(lambda: shown.run.overview.within == 30, timeout=10_000)
    assert shown.model.index(0, 1).data() == "2"  # and Alpha [40,50) lies 25 characters after Beta


def test_attribute_editor_sets_values_with_undo(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attributes_window, "ask_new_attribute", lambda _p: ("year", "number", []))
    editor = window.analysis_actions["attributes"].trigger() or window._analysis_windows["attributes"]
    editor.buttons["add"].click()
    assert [a.name for a in attribute_service.list_attributes(demo.project)] == ["year"]
    model = editor.model
    assert model.setData(model.index(0, 0), "2023")
    assert attribute_service.values_by_source(demo.project)[demo.first] == {model.attribute(0).id: "2023"}
    model.setData(model.index(0, 0), "soon")
    assert fake_dialogs.errors and "is not a number" in fake_dialogs.errors[-1]
    assert model.index(0, 0).data() == "2023"
    window.session.undo_stack.undo()
    assert model.index(0, 0).data() == ""
    window.session.undo_stack.undo()
    assert attribute_service.list_attributes(demo.project) == []
    window.session.undo_stack.redo()
    window.session.undo_stack.redo()
    assert editor.model.index(0, 0).data() == "2023"


def test_query_window_finds_and_exports_segments(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _code(demo)
    query = window.analysis_actions["query"].trigger() or window._analysis_windows["query"]
    query.choose("overlap", "Alpha", "Beta")
    query.run_button.click()
    qtbot.waitUntil(lambda: query.result is not None, timeout=10_000)
    assert [(s.start, s.end, s.text) for s in query.model.segments] == [(5, 10, EMOJI_TEXT[5:10])]
    monkeypatch.setattr(query_window, "ask_save_path", lambda _p, _s: tmp_path / "q.csv")
    query.export_button.click()
    lines = (tmp_path / "q.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "source,start,end,text,codes,coders"
    assert lines[1] == f"a-first.txt,5,10,{EMOJI_TEXT[5:10]},Alpha; Beta,Alice"


def test_a_chart_in_a_narrow_pane_keeps_its_size_and_scrolls(qtbot: Any, window: Any, demo: Demo) -> None:
    """In a pane narrower than the chart, the chart was cut off (its legend and right side out of
    reach) and squeezed in height; it keeps most of its size instead, and the pane scrolls to all of it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from coder.domain.model import ImportedText
    from coder.exporters.charts import SMALLEST_SHOWN, frequency_figure

    _code(demo)
    long_names = [f"{stem}-sino-russian-military-cooperation.txt" for stem in ("you-wu-2024", "wapo-2022")]
    store_sources(window.session, [ImportedText(name, "txt", f"Text of {name}.") for name in long_names])
    shown = _computed(qtbot, window, "frequencies", "source")
    shown.resize(900, 600)
    pane = shown.chart_box
    qtbot.waitUntil(lambda: pane.width() < 500)
    width, height = frequency_figure(shown.run.overview).get_size_inches() * 100  # pixels at 100 dpi
    canvas = shown.canvas
    qtbot.waitUntil(
        lambda: canvas.width() >= width * SMALLEST_SHOWN and canvas.height() >= height * SMALLEST_SHOWN
    )
    across, down = pane.horizontalScrollBar(), pane.verticalScrollBar()
    qtbot.waitUntil(lambda: across.maximum() + pane.viewport().width() >= canvas.width())
    assert down.maximum() + pane.viewport().height() >= canvas.height()
    # Drawn at the size it is shown, the legend lies within the chart.
    figure = shown.figure
    figure.set_size_inches(canvas.width() / 100, canvas.height() / 100)
    drawn = FigureCanvasAgg(figure)
    drawn.draw()
    [legend] = figure.legends
    box = legend.get_window_extent(drawn.get_renderer())
    assert 0 <= box.x0 and box.x1 <= figure.bbox.width
