"""Markdown sources show their stored text with the markup dimmed, offsets unchanged (issue 8, item 16)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from workspace_support import Demo, select_span, store_sources

from coder.domain.model import ImportedText
from coder.ui.views.markdown_markup import MARKUP_COLOUR

TEXT = (
    "# The enduring partnership\n"
    "\n"
    "Some *emphasis* and **strong** text, a note<sup>12</sup> and [a link](https://example.org).\n"
    "| file | what 🚢 |\n"
    "| --- | --- |\n"
    "- a list item with `code`\n"
)


def dimmed(view: Any) -> str:
    """The characters painted in the markup colour, in document order (Qt's formats per block)."""
    found = []
    block = view.document().firstBlock()
    while block.isValid():
        for fmt in block.layout().formats():
            if fmt.format.foreground().color() == QColor(MARKUP_COLOUR):
                found.append(block.text()[fmt.start : fmt.start + fmt.length])
        block = block.next()
    return " ".join(found)


def test_markup_is_dimmed_and_the_text_is_the_stored_text(qtbot: Any, window: Any, demo: Demo) -> None:
    [source] = store_sources(window.session, [ImportedText(name="c-article.md", format="md", text=TEXT)])
    window.sources.choose(source.id)
    view = window.document
    assert view.toPlainText() == TEXT  # nothing hidden, nothing replaced
    qtbot.waitUntil(lambda: dimmed(view) != "")
    shown = dimmed(view).split()
    for markup in ("#", "*", "**", "<sup>", "</sup>", "[", "](https://example.org)", "`", "|", "-"):
        assert markup in shown, markup
    for words in ("The", "enduring", "emphasis", "strong", "12", "link", "file", "code"):
        assert words not in shown, words
    # Offsets stay those of the stored text: select "emphasis" by its code points, code it.
    start = TEXT.index("emphasis")
    select_span(qtbot, view, start, start + len("emphasis"))
    assert view.textCursor().selectedText() == "emphasis"
    assert view.selected_span() == (start, start + len("emphasis"))


def test_other_formats_are_not_dimmed(window: Any, demo: Demo) -> None:
    [source] = store_sources(window.session, [ImportedText(name="c-plain.txt", format="txt", text=TEXT)])
    window.sources.choose(source.id)
    assert dimmed(window.document) == ""
