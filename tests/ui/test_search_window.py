"""Search all sources: options, hits in context, jumping to a hit, coding every hit as one undo step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from workspace_support import EMOJI_TEXT, OTHER_TEXT, Demo, FakeDialogs

from coder.domain.memos import SOURCE
from coder.services import coders, codings, memos
from coder.ui.search.hits_model import ContextRole


def open_search(qtbot: Any, window: Any, pattern: str, **options: bool) -> Any:
    window.search_all_action.trigger()
    search = window.open_search()
    qtbot.waitExposed(search)
    search.pattern.setText(pattern)
    search.regex.setChecked(options.get("regex", False))
    search.whole_word.setChecked(options.get("whole_word", False))
    search.case.setChecked(options.get("case", False))
    search.search_button.click()
    return search


def double_click_row(qtbot: Any, table: Any, row: int) -> None:
    """A real double-click (QTest's alone omits the first click, which item views need)."""
    point = table.visualRect(table.model().index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_hits_across_sources_with_context_and_jump(qtbot: Any, window: Any, demo: Demo) -> None:
    search = open_search(qtbot, window, "the")
    hits = [(hit.source, hit.start, hit.end) for hit in search.source_hits.hits()]
    expected = [
        ("a-first.txt", i, i + 3) for i in range(len(EMOJI_TEXT)) if EMOJI_TEXT[i : i + 3].lower() == "the"
    ]
    expected += [
        ("b-second.txt", i, i + 3) for i in range(len(OTHER_TEXT)) if OTHER_TEXT[i : i + 3].lower() == "the"
    ]
    assert hits == expected
    assert search.sources_title.text() == "In sources: 4 hits in 2 of 2 sources"
    window.sources.choose(demo.second)
    # The hit after the emoji: the document selects exactly its code points.
    row = next(r for r, hit in enumerate(search.source_hits.hits()) if hit.start > EMOJI_TEXT.index("🚢"))
    hit = search.source_hits.hit_at(row)
    double_click_row(qtbot, search.source_table, row)
    assert window.document.source.id == demo.first
    assert window.document.selected_span() == (hit.start, hit.end)
    assert window.document.textCursor().selectedText().lower() == "the"
    search.source_table.grab()  # the delegate paints the emphasised hit without error
    before, text, after = search.source_hits.index(row, 2).data(ContextRole)
    assert text.lower() == "the" and (before + text + after).replace("…", "") in " ".join(EMOJI_TEXT.split())


def test_options_and_an_invalid_expression(qtbot: Any, window: Any, fake_dialogs: FakeDialogs) -> None:
    search = open_search(qtbot, window, "the", whole_word=True, case=True)
    assert [h.text for h in search.source_hits.hits()] == ["the", "the", "the"]
    search = open_search(qtbot, window, r"\d{4}", regex=True)
    assert [h.text for h in search.source_hits.hits()] == ["2019"]
    open_search(qtbot, window, "drills(", regex=True)
    assert fake_dialogs.errors[-1].startswith("'drills(' is not a valid regular expression")
    assert [h.text for h in search.source_hits.hits()] == ["2019"]  # the last result stays


def test_code_all_hits_is_one_undo_step(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    stack = window.session.undo_stack
    alice = coders.find_coder(demo.project, "Alice").id
    first = EMOJI_TEXT.index("the")
    codings.add_coding(demo.project, demo.first, demo.codes["Gamma"], alice, first, first + 3)
    search = open_search(qtbot, window, "the", whole_word=True)
    assert len(search.source_hits.hits()) == 4
    fake_dialogs.code = demo.codes["Gamma"]
    steps, shown = stack.count(), len(window.document.index)
    search.code_all_button.click()
    assert fake_dialogs.code_titles[-1] == "Code all 4 hits with…"
    stored = {(c.source_id, c.start, c.end) for c in codings.list_codings(demo.project)}
    assert stored == {(h.source_id, h.start, h.end) for h in search.source_hits.hits()}
    assert len(codings.list_codings(demo.project)) == 4  # the one coded before is not coded twice
    assert stack.count() == steps + 1
    assert "Coded 3 hits with “Gamma” (1 already carried it)" in search.status.text()
    assert len(window.document.index) == shown + 2  # the open source shows its new codings at once
    stack.undo()
    assert [(c.start, c.end) for c in codings.list_codings(demo.project)] == [(first, first + 3)]
    stack.redo()
    assert len(codings.list_codings(demo.project)) == 4


def test_memos_are_a_separate_group_and_open_where_they_are(qtbot: Any, window: Any, demo: Demo) -> None:
    alice = coders.find_coder(demo.project, "Alice").id
    memos.set_memo(demo.project, SOURCE, demo.second, alice, "Sanctions hit the banks.", 0)
    entry = memos.add_journal_entry(demo.project, alice, "On banks", "Banks appear twice.")
    search = open_search(qtbot, window, "banks")
    assert [h.source for h in search.source_hits.hits()] == ["b-second.txt"]
    found = [(h.kind, h.field, h.text) for h in search.memo_hits.hits()]
    assert found == [("source", "text", "banks"), ("journal", "title", "banks"), ("journal", "text", "Banks")]
    assert search.memos_title.text() == "In memos and the journal: 3 hits"
    double_click_row(qtbot, search.memo_table, 0)
    assert window.document.source.id == demo.second
    assert window.below_document.currentWidget() is window.source_memo
    assert window.source_memo.editor.textCursor().selectedText() == "banks"
    double_click_row(qtbot, search.memo_table, 2)
    journal = window.open_journal()
    assert journal.entry.id == entry.id
    assert journal.text.textCursor().selectedText() == "Banks"
