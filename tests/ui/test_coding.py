"""Coding a passage every way a researcher can, and working with the coding afterwards."""

from __future__ import annotations

from collections import Counter
from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QToolTip
from workspace_support import EMOJI_TEXT, Demo, FakeDialogs, drop, point_of, select_span, store_sources

from coder.domain.model import ImportedText
from coder.services import codebook, codings
from coder.ui.models.codebook_tree_model import SPAN_MIME


def stored(demo: Demo) -> list[Any]:
    return codings.list_codings(demo.project)


def code_point(name: str, text: str = EMOJI_TEXT) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def background_of(view: Any, qt_position: int) -> str:
    """The colour most of a character's cell shows on screen (the glyph covers only part of it)."""
    image = view.viewport().grab().toImage()
    ratio = image.width() / view.viewport().width()
    cursor = QTextCursor(view.document())
    cursor.setPosition(qt_position)
    one = view.cursorRect(cursor)
    cursor.setPosition(qt_position + 1)
    other = view.cursorRect(cursor)
    left, right = sorted((one.left(), other.left()))  # right-to-left text runs the other way
    seen = Counter(
        image.pixelColor(int(x * ratio), int(y * ratio)).name()
        for x in range(left + 1, right)
        for y in range(one.top() + 1, one.bottom())
    )
    return seen.most_common(1)[0][0]


def tree_point(window: Any, code_id: str) -> QPoint:
    tree = window.codebook.tree
    return tree.visualRect(window.codebook.model.index_of(code_id)).center()


def test_keyboard_selection_after_an_emoji_and_a_number_key_store_code_points(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    view = window.document
    start, end = code_point("drills")  # after 🚢 and 𝄞: Qt positions are 2 further on
    select_span(qtbot, view, start, end)
    assert view.textCursor().selectedText() == "drills"
    qtbot.keyClick(view, Qt.Key.Key_1)  # Alpha is the first code in tree order
    [coding] = stored(demo)
    assert (coding.start, coding.end, coding.code_id) == (start, end, demo.codes["Alpha"])
    assert EMOJI_TEXT[coding.start : coding.end] == "drills"
    # The highlight covers the same characters on screen, in Qt's units.
    assert view.highlights() == [(start, end, "#f4a6a6")]
    # Painted under exactly those characters: the middle of "drills" in Alpha's colour, the
    # word before it not.
    assert background_of(view, start + 2 + 3) == "#f4a6a6"  # inside "drills"
    assert background_of(view, start + 2 - 4) != "#f4a6a6"  # inside "and", before it


def test_right_to_left_text_is_highlighted_under_its_characters(window: Any, demo: Demo) -> None:
    text = "Opening line.\nהשותפות בין המדינות אינה ברית צבאית מלאה.\nClosing line.\n"
    [source] = store_sources(window.session, [ImportedText(name="c-rtl.txt", format="txt", text=text)])
    window.sources.choose(source.id)
    start = text.index("אינה ברית")
    window.session.add_coding(source.id, demo.codes["Alpha"], start, start + len("אינה ברית"), coding_id="r")
    view = window.document
    QApplication.processEvents()
    assert view.highlights() == [(start, start + len("אינה ברית"), "#f4a6a6")]
    assert background_of(view, start + 1) == "#f4a6a6"  # inside the coded words
    assert background_of(view, start + len("אינה ברית") + 3) != "#f4a6a6"  # the word after them
    assert background_of(view, text.index("המדינות") + 2) != "#f4a6a6"  # the word before them


def test_mouse_selection_and_double_click_on_a_code(qtbot: Any, window: Any, demo: Demo) -> None:
    view = window.document
    start, end = code_point("began in 2019")
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_of(view, start + 1))
    qtbot.mouseMove(viewport, point_of(view, end + 1))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_of(view, end + 1))
    assert view.selected_span() == (start, end)
    tree = window.codebook.tree
    double_click(qtbot, tree.viewport(), tree_point(window, demo.codes["Gamma"]))
    [coding] = stored(demo)
    assert (coding.start, coding.end, coding.code_id) == (start, end, demo.codes["Gamma"])
    assert view.textCursor().hasSelection() is False  # the colour shows at once, not hidden by the selection


def double_click(qtbot: Any, widget: Any, point: QPoint) -> None:
    """A real double-click: the first click, then the second press that Qt reports as a double-click.

    ``QTest.mouseDClick`` alone omits the first click, so item views never see it as a double-click.
    """
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=point)


def test_enter_on_a_code_applies_it_and_nothing_happens_without_a_selection(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    window.codebook.choose(demo.codes["Beta"])
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_Return)
    assert stored(demo) == []
    assert "Select a passage" in window._status.text()
    select_span(qtbot, window.document, *code_point("Officials"))
    window.codebook.tree.setFocus()
    qtbot.keyClick(window.codebook.tree, Qt.Key.Key_Return)
    assert [c.code_id for c in stored(demo)] == [demo.codes["Beta"]]


def test_dragging_the_selection_onto_a_code(qtbot: Any, window: Any, demo: Demo) -> None:
    view = window.document
    start, end = code_point("partnership")
    select_span(qtbot, view, start, end)
    mime = view.createMimeDataFromSelection()
    assert mime.hasFormat(SPAN_MIME) and mime.text() == "partnership"
    target = tree_point(window, demo.codes["Beta child"])
    window.codebook.tree.setFocus()
    drop(window.codebook.tree.viewport(), target, mime, Qt.DropAction.CopyAction)
    [coding] = stored(demo)
    assert (coding.start, coding.end, coding.code_id) == (start, end, demo.codes["Beta child"])


def test_quick_code_palette_and_the_context_menu(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    view = window.document
    select_span(qtbot, view, *code_point("Opening"))
    fake_dialogs.code = demo.codes["Gamma"]
    qtbot.keyClick(view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert [c.code_id for c in stored(demo)] == [demo.codes["Gamma"]]
    # Gamma is now a recent code: the document's context menu offers it directly.
    select_span(qtbot, view, *code_point("alliance"))
    menu = QMenu()
    view.sig_menu_requested.emit(menu)
    texts = [a.text() for a in menu.actions()]
    assert "Code with “Gamma”" in texts and "Code selection with…" in texts
    next(a for a in menu.actions() if a.text() == "Code with “Gamma”").trigger()
    assert sorted(EMOJI_TEXT[c.start : c.end] for c in stored(demo)) == ["Opening", "alliance"]


def test_new_code_from_selection(qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs) -> None:
    view = window.document
    select_span(qtbot, view, *code_point("no alliance"))
    fake_dialogs.texts = ["<default>"]  # accept the suggested name
    window.coding.in_vivo.trigger()
    book = codebook.get_codebook(demo.project)
    new = book.resolve("no alliance")
    [coding] = stored(demo)
    assert coding.code_id == new.id and EMOJI_TEXT[coding.start : coding.end] == "no alliance"
    window.session.undo_stack.undo()  # one step takes back both the code and the coding
    assert stored(demo) == [] and codebook.get_codebook(demo.project).by_path(("no alliance",)) is None


def test_the_margin_shows_a_stripe_and_clicking_it_chooses_the_coding(
    qtbot: Any, window: Any, demo: Demo, fake_dialogs: FakeDialogs
) -> None:
    view = window.document
    select_span(qtbot, view, *code_point("Patrols"))
    qtbot.keyClick(view, Qt.Key.Key_1)
    select_span(qtbot, view, *code_point("Patrols 🚢 began"))
    qtbot.keyClick(view, Qt.Key.Key_2)  # Beta child (default keys skip the group Beta)
    stripes = view.margin.stripes()
    assert sorted(s.label for s in stripes) == ["Alpha", "Beta child"]
    assert {s.lane for s in stripes} == {0, 1}  # overlapping codings sit side by side
    inner = next(s for s in stripes if s.label == "Alpha")
    assert view.margin.stripe_at(inner.rect.center().toPoint()).coding.id == inner.coding.id
    qtbot.mouseClick(view.margin, Qt.MouseButton.LeftButton, pos=inner.rect.center().toPoint())
    assert view.chosen_coding_id == inner.coding.id
    assert view.selected_span() == (inner.coding.start, inner.coding.end)
    tip = view.describe([inner.coding])
    assert "Alpha" in tip and "Alice" in tip
    # Change its code, write a memo, then remove it with the Delete key.
    fake_dialogs.code = demo.codes["Gamma"]
    window.coding.change_code.trigger()
    fake_dialogs.memo = "first mention of patrols"
    window.coding.edit_memo.trigger()
    changed = next(c for c in stored(demo) if c.id == inner.coding.id)
    assert (changed.code_id, changed.memo) == (demo.codes["Gamma"], "first mention of patrols")
    assert "first mention of patrols" in view.describe([view.chosen_coding()])
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [c.code_id for c in stored(demo)] == [demo.codes["Beta child"]]
    assert [s.label for s in view.margin.stripes()] == ["Beta child"]


def test_right_clicking_a_stripe_offers_the_coding_edits(qtbot: Any, window: Any, demo: Demo) -> None:
    view = window.document
    select_span(qtbot, view, *code_point("Opening line"))
    qtbot.keyClick(view, Qt.Key.Key_2)
    [stripe] = view.margin.stripes()
    offered: list[list[str]] = []
    view.margin.sig_menu_requested.connect(
        lambda menu, _id: offered.append([a.text() for a in menu.actions()])
    )
    qtbot.mouseClick(view.margin, Qt.MouseButton.RightButton, pos=stripe.rect.center().toPoint())
    assert offered == [["Remove coding", "Change code of coding…", "Edit memo of coding…"]]
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.isVisible():
            widget.close()


def test_codings_of_the_open_source_only_and_selection_keys_do_not_leak(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    view = window.document
    qtbot.keyClick(view, Qt.Key.Key_1)  # nothing selected: nothing coded
    assert stored(demo) == []
    cursor = QTextCursor(view.document())
    cursor.setPosition(0)
    view.setTextCursor(cursor)
    window.sources.choose(demo.second)
    assert view.source.id == demo.second and "sanctions" in view.toPlainText()


def test_hovering_a_passage_or_a_stripe_shows_code_coder_and_memo(
    qtbot: Any, window: Any, demo: Demo
) -> None:
    view = window.document
    start, end = code_point("Officials")
    window.session.add_coding(demo.first, demo.codes["Gamma"], start, end, coding_id="hover")
    window.session.update_coding("hover", memo="said twice")
    hover = point_of(view, view.positions.to_qt(start) + 2)
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, hover, view.viewport().mapToGlobal(hover))
    )
    assert all(part in QToolTip.text() for part in ("Gamma", "Alice", "said twice"))
    QToolTip.hideText()
    [stripe] = view.margin.stripes()
    point = stripe.rect.center().toPoint()
    QApplication.sendEvent(
        view.margin, QHelpEvent(QEvent.Type.ToolTip, point, view.margin.mapToGlobal(point))
    )
    assert "Gamma" in QToolTip.text() and "said twice" in QToolTip.text()
    QToolTip.hideText()
