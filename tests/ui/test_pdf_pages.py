"""PDF sources show page breaks and page numbers without any change to their text."""

from __future__ import annotations

from typing import Any

from workspace_support import Demo, store_sources

from coder.domain.model import ImportedText
from coder.services import sources

PAGES = ["First page text about drills.\n", "Second page 🚢 about patrols.\n", "Third page.\n"]


def test_page_starts_are_marked_and_the_text_is_untouched(qtbot: Any, window: Any, demo: Demo) -> None:
    text = "".join(PAGES)
    starts = (0, len(PAGES[0]), len(PAGES[0]) + len(PAGES[1]))
    imported = ImportedText(name="c-report.pdf", format="pdf", text=text, page_starts=starts)
    [pdf] = store_sources(window.session, [imported])
    assert [s.name for s in sources.list_sources(demo.project)][-1] == "c-report.pdf"
    window.sources.choose(pdf.id)
    view = window.document
    assert view.source.id == pdf.id
    assert view.toPlainText() == text  # nothing inserted
    pages = view.visible_page_starts()
    assert [number for number, _y in pages] == [1, 2, 3]
    ys = [y for _n, y in pages]
    assert ys == sorted(ys) and ys[1] > ys[0]
    assert ys[1] == int(view.line_top(starts[1]))  # the mark sits at the line where page 2 begins
    assert view.margin.page_label_width() > 0
    assert "3 pages" in window.document_title.text()
    window.sources.choose(demo.first)
    assert view.visible_page_starts() == [] and view.margin.page_label_width() == 0
