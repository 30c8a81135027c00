"""The page view: a PDF's pages, selected with the mouse and coded every way the text view allows."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu
from workspace_support import Demo, FakeDialogs, drop, store_sources

from coder.cli.main import main as cli_main
from coder.domain.model import ImportedText
from coder.domain.progress import NULL_PROGRESS
from coder.services import codings, sources
from coder.ui.models.codebook_tree_model import SPAN_MIME
from pdf_samples import two_column_article


@pytest.fixture
def article(window: Any, tmp_path: Path) -> Any:
    """The two-column article imported into the demo project and open in the text view."""
    two_column_article(tmp_path / "article.pdf")
    [stored] = store_sources(
        window.session, window.session.read_files([tmp_path / "article.pdf"], NULL_PROGRESS)
    )
    window.sources.choose(stored.id)
    return stored


def open_pages(qtbot: Any, window: Any) -> Any:
    window.area.toggle_action.trigger()
    pages = window.area.pages
    qtbot.waitUntil(lambda: pages.ready, timeout=10_000)
    pages.set_zoom(2.0)  # characters wide enough to aim at with whole pixels
    return pages


def ends_of(pages: Any, start: int, end: int) -> tuple[QPoint, QPoint]:
    """Viewport points on the left half of the first character and the right half of the last."""
    places, geometry = pages.pages.positions, pages.geometry_
    offset = QPointF(pages.horizontalScrollBar().value(), pages.verticalScrollBar().value())
    first = geometry.box_to_view(places.page_of(start), places.box(start)).translated(-offset)
    last = geometry.box_to_view(places.page_of(end - 1), places.box(end - 1)).translated(-offset)
    return (
        QPoint(int(first.left() + 1), int(first.center().y())),
        QPoint(int(last.right() - 1), int(last.center().y())),
    )


def drag_select(qtbot: Any, pages: Any, text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    end = start + len(phrase)
    pages.scroll_to_offset(start)
    press, release = ends_of(pages, start, end)
    viewport = pages.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=press)
    qtbot.mouseMove(viewport, pos=(press + release) / 2)
    qtbot.mouseMove(viewport, pos=release)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=release)
    return start, end


def test_a_mouse_selection_on_the_page_coded_with_a_key_stores_the_same_span(
    qtbot: Any, window: Any, demo: Demo, article: Any
) -> None:
    text = window.session.text(article.id)
    pages = open_pages(qtbot, window)
    start, end = drag_select(qtbot, pages, text, "rehearsed anti-submarine warfare")
    assert pages.selected_span() == (start, end)
    qtbot.keyClick(pages, Qt.Key.Key_1)  # Alpha is the first code in tree order
    [coding] = codings.list_codings(demo.project, article.id)
    assert (coding.start, coding.end, coding.code_id) == (start, end, demo.codes["Alpha"])
    assert text[coding.start : coding.end] == "rehearsed anti-submarine warfare"
    assert pages.selected_span() is None  # coded: the selection goes, the highlight shows


def test_a_selection_from_one_column_into_the_next_follows_the_text(
    qtbot: Any, window: Any, demo: Demo, article: Any, fake_dialogs: FakeDialogs
) -> None:
    text = window.session.text(article.id)
    pages = open_pages(qtbot, window)
    start, end = drag_select(qtbot, pages, text, "in private the two navies rehearsed")
    fake_dialogs.code = demo.codes["Gamma"]
    qtbot.keyClick(pages, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    [coding] = codings.list_codings(demo.project, article.id)
    assert text[coding.start : coding.end] == "in private the two navies rehearsed"
    assert coding.code_id == demo.codes["Gamma"]


def test_a_coding_made_on_the_page_has_the_same_text_in_export_spans(
    qtbot: Any, window: Any, demo: Demo, article: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = window.session.text(article.id)
    pages = open_pages(qtbot, window)
    # the footnote stands at the foot of page 1 and at the end of page 1's text
    drag_select(qtbot, pages, text, "A note written for the test")
    qtbot.keyClick(pages, Qt.Key.Key_2)  # keys go to codes without sub-codes: 2 is "Beta child"
    out = tmp_path / "spans.csv"
    assert cli_main(["--project", str(demo.project.path), "export", "spans", str(out)]) == 0
    with out.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["source"] == "article.pdf"]
    assert [(row["text"], row["code"], row["coder"]) for row in rows] == [
        ("A note written for the test", "Beta child", "Alice")
    ]


def test_dragging_the_page_selection_onto_a_code(qtbot: Any, window: Any, demo: Demo, article: Any) -> None:
    text = window.session.text(article.id)
    pages = open_pages(qtbot, window)
    start, end = drag_select(qtbot, pages, text, "Observers disagreed")
    mime = pages.selection_mime()
    assert mime.hasFormat(SPAN_MIME) and mime.text() == "Observers disagreed"
    tree = window.codebook.tree
    target = tree.visualRect(window.codebook.model.index_of(demo.codes["Beta child"])).center()
    drop(tree.viewport(), target, mime, Qt.DropAction.CopyAction)
    [coding] = codings.list_codings(demo.project, article.id)
    assert (coding.start, coding.end, coding.code_id) == (start, end, demo.codes["Beta child"])


def test_the_page_context_menu_offers_recent_codes(
    qtbot: Any, window: Any, demo: Demo, article: Any, fake_dialogs: FakeDialogs
) -> None:
    text = window.session.text(article.id)
    pages = open_pages(qtbot, window)
    drag_select(qtbot, pages, text, "Observers")
    fake_dialogs.code = demo.codes["Gamma"]
    qtbot.keyClick(pages, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    drag_select(qtbot, pages, text, "friendship")
    menu = QMenu()
    pages.sig_menu_requested.emit(menu)
    next(a for a in menu.actions() if a.text() == "Code with “Gamma”").trigger()
    assert sorted(text[c.start : c.end] for c in codings.list_codings(demo.project, article.id)) == [
        "Observers",
        "friendship",
    ]


def test_codings_show_as_highlights_and_stripes_and_a_stripe_click_chooses_one(
    qtbot: Any, window: Any, demo: Demo, article: Any
) -> None:
    text = window.session.text(article.id)
    start = text.index("A third paragraph")
    alice = window.session.coder.id
    codings.add_coding(demo.project, article.id, demo.codes["Gamma"], alice, start, start + 17)
    window.area.reload_codings(window.session.visible_codings(article.id))
    pages = open_pages(qtbot, window)
    pages.reload_codings(window.session.visible_codings(article.id))
    pages.scroll_to_offset(start)
    qtbot.waitUntil(
        lambda: pages.pixmaps.picture(0, pages.geometry_.scale * pages.devicePixelRatioF()) is not None
    )
    image = pages.viewport().grab().toImage()
    _press, _release = ends_of(pages, start, start + 1)
    box = pages.geometry_.box_to_view(0, pages.pages.positions.box(start + 2)).translated(
        -QPointF(pages.horizontalScrollBar().value(), pages.verticalScrollBar().value())
    )
    lightest = max(
        (
            image.pixelColor(x, y)
            for x in range(int(box.left()), int(box.right()))
            for y in range(int(box.top()) + 1, int(box.bottom()))
        ),
        key=lambda c: c.lightness(),
    )
    gamma = QColor("#f7d08a")
    assert abs(lightest.red() - gamma.red()) < 12 and abs(lightest.blue() - gamma.blue()) < 12
    [stripe] = pages._stripes()
    qtbot.mouseClick(pages.viewport(), Qt.MouseButton.LeftButton, pos=stripe.rect.center().toPoint())
    assert pages.chosen_coding() is not None and pages.selected_span() == (start, start + 17)
    qtbot.keyClick(pages, Qt.Key.Key_Delete)
    assert codings.list_codings(demo.project, article.id) == []


def test_switching_views_keeps_the_place_and_the_selection(qtbot: Any, window: Any, article: Any) -> None:
    text = window.session.text(article.id)
    start = text.index("The second page has one column")
    window.document.select_span(start, start + 15)
    pages = open_pages(qtbot, window)
    assert window.area.active is pages
    assert pages.selected_span() == (start, start + 15)
    top = pages.top_offset()
    assert pages.pages.positions.page_of(top) == 1  # page 2 is at the top
    other = text.index("Observers")
    pages.select_span(other, other + 9)
    window.area.toggle_action.trigger()
    assert window.area.active is window.document
    assert window.document.selected_span() == (other, other + 9)


def test_the_page_view_is_for_pdf_sources_only(qtbot: Any, window: Any, demo: Demo, article: Any) -> None:
    open_pages(qtbot, window)
    window.sources.choose(demo.first)
    assert window.area.active is window.document
    assert not window.area.toggle_action.isEnabled()
    assert not window.pdf_export.export_pdf.isEnabled()


def test_pages_whose_text_does_not_match_are_shown_read_only(
    qtbot: Any, window: Any, demo: Demo, tmp_path: Path
) -> None:
    data = two_column_article(tmp_path / "article.pdf")
    odd = ImportedText(
        name="odd.pdf", format="pdf", text="Another text.\n", page_starts=(0, 7), original=data
    )
    [stored] = store_sources(window.session, [odd])
    window.sources.choose(stored.id)
    window.area.toggle_action.trigger()
    pages = window.area.pages
    qtbot.waitUntil(lambda: pages.banner.isVisible(), timeout=10_000)
    assert pages.banner.text().startswith("The pages of odd.pdf are shown read-only: ")
    assert pages.banner.textFormat() == Qt.TextFormat.PlainText
    assert not pages.ready
    qtbot.mouseClick(pages.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    assert pages.selected_span() is None and pages.geometry_ is not None  # the pages are still shown


def test_export_coded_pdf_from_the_file_menu(
    qtbot: Any, window: Any, demo: Demo, article: Any, tmp_path: Path, fake_dialogs: FakeDialogs
) -> None:
    import pymupdf

    text = window.session.text(article.id)
    start = text.index("A third paragraph")
    codings.add_coding(
        demo.project, article.id, demo.codes["Gamma"], window.session.coder.id, start, start + 17
    )
    fake_dialogs.path = tmp_path / "coded.pdf"
    window.pdf_export.export_pdf.trigger()
    assert fake_dialogs.errors == []
    with pymupdf.open(tmp_path / "coded.pdf") as document:
        [annotation] = list(document[0].annots())
        assert annotation.info["subject"] == "Gamma" and annotation.info["title"] == "Alice"
    assert sources.find_source(demo.project, "article.pdf").id == article.id


def test_pages_stay_drawn_when_the_second_extraction_tried_is_the_one(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    from pdf_samples import lines_pdf

    # one paragraph per page: no empty line tells that it is a reading text, so the line-for-line
    # extraction is tried first, fails, and the pages' file is opened again for the reading text
    lines = [("First page, line one.", "helv"), ("First page, line two.", "helv")]
    path = lines_pdf(tmp_path / "short.pdf", [lines, [("Second page.", "helv")]])
    [stored] = store_sources(window.session, window.session.read_files([path], NULL_PROGRESS))
    assert "\n\n" not in window.session.text(stored.id)
    window.sources.choose(stored.id)
    pages = open_pages(qtbot, window)
    scale = pages.geometry_.scale * pages.devicePixelRatioF()
    qtbot.waitUntil(lambda: pages.pixmaps.picture(0, scale) is not None)
    assert pages.pages.pages.extraction == "pdf-reading-1" and not pages.banner.isVisible()
    picture = pages.pixmaps.picture(0, scale).toImage()
    assert picture.pixelColor(picture.width() // 2, 10).name() == "#ffffff"
