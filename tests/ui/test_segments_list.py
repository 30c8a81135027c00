"""The coded segments list shows each passage first and whole, wrapped, its context below (item 7)."""

from __future__ import annotations

from typing import Any

from workspace_support import Demo, store_sources

from coder.domain.model import Coding, ImportedText
from coder.services import codings
from coder.ui.models.segment_table_model import COL_TEXT, SegmentRole
from coder.ui.views.segments_panel import segment_layout

LONG_PASSAGE = " ".join(f"word{n}" for n in range(120))  # far more than three lines of a narrow column
TEXT = "Some context before the passage. " + LONG_PASSAGE + " And some context after it, on the same line."


def test_a_long_passage_is_shown_first_and_whole(qtbot: Any, window: Any, demo: Demo) -> None:
    [source] = store_sources(window.session, [ImportedText(name="c-long.txt", format="txt", text=TEXT)])
    start = TEXT.index(LONG_PASSAGE)
    window.session.add_coding(source.id, demo.codes["Alpha"], start, start + len(LONG_PASSAGE), coding_id="l")
    window.session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="s")
    window.codebook.choose(demo.codes["Alpha"])
    panel = window.segments
    table, model = panel.table, panel.model
    rows = {model.segment_at(r).coding.id: r for r in range(model.rowCount())}

    long_row = rows["l"]
    assert table.columnWidth(COL_TEXT) > table.viewport().width() * 0.4  # the passage has room
    segment = model.index(long_row, COL_TEXT).data(SegmentRole)
    width = table.columnWidth(COL_TEXT)
    layout = segment_layout(segment, table.font(), width)
    # The passage comes first, whole and wrapped; the context follows below it.
    assert layout.passage.text() == LONG_PASSAGE
    assert layout.passage.lineCount() > 3
    lines = [layout.passage.lineAt(n) for n in range(layout.passage.lineCount())]
    assert sum(line.textLength() for line in lines) == len(LONG_PASSAGE)  # nothing elided
    assert layout.context is not None and layout.context.text().startswith("Some context before")
    assert "And some context after" in layout.context.text()
    # The row is as tall as the whole passage and its context, so nothing is cut off.
    qtbot.waitUntil(lambda: table.rowHeight(long_row) >= layout.height)
    assert table.rowHeight(long_row) > table.rowHeight(rows["s"])
    # A narrower column makes the wrapped passage, and its row, taller.
    before = table.rowHeight(long_row)
    sizes = window.splitters["main"].sizes()
    window.splitters["main"].setSizes([sizes[0] + sizes[1] // 3, sizes[1] - sizes[1] // 3, sizes[2]])
    qtbot.waitUntil(lambda: table.columnWidth(COL_TEXT) < width)
    qtbot.waitUntil(lambda: table.rowHeight(long_row) > before)


def test_many_segments_are_described_only_when_shown_and_patched_in_place(
    qtbot: Any, window: Any, demo: Demo, monkeypatch: Any
) -> None:
    text = "".join(f"Line {n:04d} of a long source.\n" for n in range(600))
    [source] = store_sources(window.session, [ImportedText(name="c-many.txt", format="txt", text=text)])
    window.session.restore_codings(
        [
            Coding(f"m{n:04d}", source.id, demo.codes["Alpha"], window.session.coder.id, n * 28, n * 28 + 9)
            for n in range(600)
        ]
    )
    window.codebook.choose(demo.codes["Alpha"])
    model = window.segments.model
    assert model.rowCount() == 600
    qtbot.waitUntil(lambda: len(model._made) > 0)  # the rows on screen are described...
    assert len(model._made) < 100  # ...and only those
    assert model.segment_at(599).text == "Line 0599"

    def no_reload(*_args: Any) -> Any:
        raise AssertionError("the whole list was read again")

    monkeypatch.setattr(window.session, "codings_of_codes", no_reload)
    window.sources.choose(source.id)
    window.document.select_span(15 * 28, 15 * 28 + 4)
    added = window.coding.apply(demo.codes["Alpha"])
    assert model.rowCount() == 601
    ids = [c.id for c in model.codings()]
    assert ids.index(added.id) == ids.index("m0015") - 1  # in its place: same start, ends sooner
    assert ids == [c.id for c in codings.list_codings(demo.project, code_ids=[demo.codes["Alpha"]])]
    assert f"{601} segments" in window.segments.title.text()
    window.undo_action.trigger()
    assert model.rowCount() == 600 and added.id not in {c.id for c in model.codings()}
    window.session.update_coding("m0003", memo="a second look")
    assert model.segment_at(3).coding.memo == "a second look"
    window.session.update_coding("m0004", code_id=demo.codes["Gamma"])
    assert model.rowCount() == 599 and "m0004" not in {c.id for c in model.codings()}
