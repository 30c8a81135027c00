"""Every item model of the workspace passes Qt's model tester, with real data in it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel
from workspace_support import Demo

from coder.services import codebook
from coder.ui.models.code_list_model import CodeIdRole, CodeListModel
from coder.ui.models.codebook_tree_model import CodebookTreeModel
from coder.ui.models.segment_table_model import RetrievedSegment, SegmentTableModel
from coder.ui.models.source_list_model import SourceListModel
from coder.ui.views.quick_code_palette import QuickCodePalette, tree_order


def test_codebook_tree_model(qtmodeltester: Any, qapp: Any, demo: Demo) -> None:
    model = CodebookTreeModel()
    model.set_codebook(codebook.get_codebook(demo.project), {demo.codes["Beta child"]: 3})
    model.set_shortcuts(codebook.get_shortcuts(demo.project))
    qtmodeltester.check(model)
    child = model.index_of(demo.codes["Beta child"])
    assert model.parent(child) == model.index_of(demo.codes["Beta"])
    assert model.data(model.index_of(demo.codes["Beta child"], 2)) == "3"
    # The project's keys; by default the first codes that are not groups (Beta is one).
    assert [model.data(model.index(r, 1)) for r in range(3)] == ["1", "", "3"]
    assert model.data(model.index_of(demo.codes["Beta child"], 1)) == "2"
    model.set_counts({demo.codes["Alpha"]: 5})
    qtmodeltester.check(model)
    assert model.data(model.index_of(demo.codes["Alpha"], 2)) == "5"


def test_source_list_model(qtmodeltester: Any, demo: Demo, window: Any) -> None:
    model = SourceListModel()
    model.set_sources(window.session.sources, {demo.first: 2})
    qtmodeltester.check(model)
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["a-first.txt", "b-second.txt"]
    assert model.data(model.index(0, 2)) == "2" and model.data(model.index(1, 1)) == "TXT"
    second = window.session.sources[1].id
    assert (model.row_of(demo.first), model.row_of(second), model.row_of("no such id")) == (0, 1, -1)

    reported: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda top, bottom, _roles: reported.append((top.row(), top.column())))
    model.set_counts({demo.first: 2, second: 0})  # a zero where there was none: nothing shown changes
    assert reported == []
    model.set_counts({demo.first: 3, second: 0})
    assert reported == [(0, 2)] and model.data(model.index(0, 2)) == "3"
    model.set_counts({second: 4})  # the first source's codings all gone, the second has some
    assert reported == [(0, 2), (0, 2), (1, 2)]
    assert [model.data(model.index(r, 2)) for r in range(2)] == ["0", "4"]
    qtmodeltester.check(model)


def test_segment_table_model(qtmodeltester: Any, window: Any, demo: Demo) -> None:
    coding = window.session.add_coding(demo.first, demo.codes["Alpha"], 0, 7, coding_id="s-1")
    model = SegmentTableModel()
    segment = RetrievedSegment(coding, "a-first.txt", "Alpha", "Alice", "", "Opening", " line…")
    model.set_segments([segment, segment])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "Opening line…"


def test_code_list_model_and_the_palette_filter(qtmodeltester: Any, qtbot: Any, demo: Demo) -> None:
    book = codebook.get_codebook(demo.project)
    model = CodeListModel(book, tree_order(book))
    qtmodeltester.check(model)
    assert model.data(model.index(2)) == "Beta › Beta child"
    palette = QuickCodePalette(book)
    qtbot.addWidget(palette)
    assert isinstance(palette.proxy, QSortFilterProxyModel)
    qtbot.keyClicks(palette.field, "child")
    qtmodeltester.check(palette.proxy)
    assert palette.proxy.rowCount() == 1
    qtbot.keyClick(palette.field, "\r")
    assert palette.chosen == demo.codes["Beta child"] == palette.proxy.sourceModel().index(2).data(CodeIdRole)


def test_palette_moves_with_the_arrow_keys_and_leaves_out_excluded_codes(qtbot: Any, demo: Demo) -> None:
    from PySide6.QtCore import Qt

    book = codebook.get_codebook(demo.project)
    palette = QuickCodePalette(book, exclude=[demo.codes["Alpha"]])
    qtbot.addWidget(palette)
    assert palette.proxy.rowCount() == 3
    qtbot.keyClick(palette.field, Qt.Key.Key_Down)
    qtbot.keyClick(palette.field, Qt.Key.Key_Return)
    assert palette.chosen == demo.codes["Beta child"]
